"""Users, roles and passwords, kept in the database they act on.

Roles: læser (the board: sees all, writes nothing), redaktør (the leader: follow-ups, meetings,
notes, imports), revisor (sees all including the audit log, exports) and administrator (users,
registries, the audit log). Every backend write calls `require(user, permission)`, so pages and
CLI enforce the same rules, and a forged request from a page is refused by the function it calls.

Why in the database and not in a file of its own: a users store beside the database could be
swapped for one of the caller's own making (make yourself administrator, write in another
person's name) while the audit chain still verified. In the database, every user change is a
version row (append-only, like follow-ups) and an entry in the same audit chain as the writes
the user makes, so both are checked together. Passwords are kept only as argon2id hashes.

Demo databases (built by `python -m etl demo`) have demo users whose passwords are shown on the
login page; they log in only in demo mode (MONITOR_DEMO=1), and in demo mode only they do. Outside
demo mode no user exists until the first administrator is created with
`python -m etl users add NAME --role administrator`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from monitor import audit, config
from monitor.db import database_kind, run_query, transaction

ROLES = ("læser", "redaktør", "revisor", "administrator")
ROLE_DESCRIPTIONS = {
    "læser": "bestyrelsen: ser alt, skriver intet",
    "redaktør": "leder: skriver opfølgninger, registrerer møder og noter, indlæser data",
    "revisor": "ser alt inklusive revisionssporet, eksporterer revisionsdokumentation",
    "administrator": "administrerer brugere og registre, ser revisionssporet",
}
PERMISSIONS: dict[str, frozenset[str]] = {
    "læser": frozenset({"read", "meeting_pack"}),
    "redaktør": frozenset(
        {
            "read",
            "write_followup",
            "write_note",
            "record_meeting",
            "import_data",
            "load_registry",
            "meeting_pack",
        }
    ),
    "revisor": frozenset({"read", "read_audit", "meeting_pack", "export"}),
    "administrator": frozenset(
        {
            "read",
            "read_audit",
            "export",
            "manage_users",
            "import_data",
            "load_registry",
            "meeting_pack",
        }
    ),
}
PERMISSION_TEXT = {
    "read": "se data",
    "write_followup": "skrive opfølgninger",
    "write_note": "skrive noter til datapunkter",
    "record_meeting": "registrere bestyrelsesmøder og godkendelser",
    "import_data": "indlæse data",
    "load_registry": "indlæse planer og registre",
    "meeting_pack": "danne mødemateriale",
    "export": "eksportere revisionsdokumentation",
    "read_audit": "se revisionssporet",
    "manage_users": "administrere brugere",
}
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    # (username, password, role): documented on the demo login screen on purpose.
    ("læser", "læser", "læser"),
    ("redaktør", "redaktør", "redaktør"),
    ("revisor", "revisor", "revisor"),
    ("admin", "admin", "administrator"),
)
MIN_PASSWORD_LENGTH = 10
# Failed log-ins per user name before each further attempt waits, and the longest wait.
FREE_FAILURES = 3
MAX_DELAY_SECONDS = 30.0

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name takes as long as a wrong
# password and does not reveal which names exist. Made on first need: hashing costs a quarter
# of a second that every command line start (and a correct log-in) would otherwise pay.
_dummy: list[str] = []


def _dummy_hash() -> str:
    if not _dummy:
        _dummy.append(_hasher.hash("ingen bruger har denne adgangskode"))
    return _dummy[0]


class AuthError(Exception):
    """Login or user-management failure worded for the user (Danish)."""


class PermissionDenied(AuthError):
    """The logged-in user's role does not allow this."""


@dataclass(frozen=True)
class User:
    """A logged-in user. `demo` is true for a demo database's users."""

    username: str
    role: str
    demo: bool = False

    def can(self, permission: str) -> bool:
        """Whether the role allows `permission`."""
        return permission in PERMISSIONS.get(self.role, frozenset())

    @property
    def label(self) -> str:
        """'mette (redaktør)'."""
        return f"{self.username} ({self.role})"


def require(user: User | None, permission: str) -> User:
    """The user, when logged in with a role that allows `permission`; else PermissionDenied."""
    what = PERMISSION_TEXT.get(permission, permission)
    if user is None:
        raise PermissionDenied(f"Du skal være logget ind for at {what}.")
    if permission not in PERMISSION_TEXT:
        raise PermissionDenied(f"Ukendt rettighed: {permission}")
    if not user.can(permission):
        allowed = [r for r in ROLES if permission in PERMISSIONS[r]]
        raise PermissionDenied(
            f"{user.username} er {user.role} og må ikke {what}. "
            f"Det kræver rollen {' eller '.join(allowed)}."
        )
    return user


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches the hash (constant work also when the hash is missing)."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_new_password(password: str, username: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if password.strip().lower() == username.strip().lower():
        raise AuthError("Adgangskoden må ikke være det samme som brugernavnet.")


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > 64 or any(c.isspace() or not c.isprintable() for c in name):
        raise AuthError("Brugernavnet skal være 1-64 tegn uden mellemrum.")
    return name


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AuthError(f"Ukendt rolle {role!r}. Roller: {', '.join(ROLES)}")


# --- the users, as stored ------------------------------------------------------------------


@dataclass(frozen=True)
class StoredUser:
    """A user as the newest version row says, with when created and by whom."""

    username: str
    role: str
    active: bool
    demo: bool
    password_hash: str
    version_no: int
    created_at: pd.Timestamp
    created_by: str
    changed_at: pd.Timestamp
    changed_by: str
    demo_password: str | None = None


def _stored(row: dict) -> StoredUser:
    return StoredUser(
        username=str(row["username"]),
        role=str(row["role"]),
        active=bool(row["active"]),
        demo=bool(row["demo"]),
        password_hash=str(row["password_hash"]),
        version_no=int(row["version_no"]),
        created_at=pd.Timestamp(row["first_created_at"]),
        created_by=str(row["first_author"]),
        changed_at=pd.Timestamp(row["created_at"]),
        changed_by=str(row["author"]),
        demo_password=None if pd.isna(row["demo_password"]) else str(row["demo_password"]),
    )


def users(conn: duckdb.DuckDBPyConnection, *, demo: bool | None = None) -> dict[str, StoredUser]:
    """Every user as it is now (active or not), by name; only demo or non-demo users if asked."""
    frame = run_query(conn, "user_current")
    found = {r["username"]: _stored(r) for r in frame.to_dict("records")}
    if demo is None:
        return found
    return {k: u for k, u in found.items() if u.demo == demo}


def user_list(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The users as a frame for the Brugere page: name, role, active, created, last changed."""
    frame = run_query(conn, "user_current")
    return frame.drop(columns=["password_hash", "demo_password"])


def user_history(conn: duckdb.DuckDBPyConnection, username: str | None = None) -> pd.DataFrame:
    """Every version of the users (or of one), oldest first, without password hashes."""
    return run_query(conn, "user_versions", username=username)


def _users_are_demo(conn: duckdb.DuckDBPyConnection) -> bool:
    """Users created in a demo database are demo users (they log in only in demo mode)."""
    return database_kind(conn) == "demo"


def _write_version(
    conn: duckdb.DuckDBPyConnection,
    *,
    actor: str,
    username: str,
    role: str,
    active: bool,
    password_hash: str,
    demo: bool,
    demo_password: str | None,
    change: str,
    previous: StoredUser | None,
) -> None:
    """Append one user version and its audit entry (caller holds the transaction)."""
    version_no = 1 if previous is None else previous.version_no + 1
    now = audit.now()
    version_id = int(
        run_query(
            conn,
            "user_insert",
            username=username,
            version_no=version_no,
            role=role,
            active=active,
            password_hash=password_hash,
            demo=demo,
            demo_password=demo_password,
            change=change,
            author=actor,
            created_at=now,
        )["version_id"].iloc[0]
    )
    audit.append(
        conn,
        actor=actor,
        action=f"user_{change}",
        entity="app_user_version",
        entity_id=str(version_id),
        details=user_audit_details(username, version_no, role, active, demo, change, password_hash),
    )


def user_audit_details(
    username: str,
    version_no: int,
    role: str,
    active: bool,
    demo: bool,
    change: str,
    password_hash: str,
) -> dict:
    """What an audit entry of a user change records: never the password hash itself, only its
    SHA-256, so the audit check can tell a swapped hash from the one the change wrote."""
    return {
        "username": username,
        "version_no": int(version_no),
        "role": role,
        "active": bool(active),
        "demo": bool(demo),
        "change": change,
        "password_hash_sha256": audit.sha256_text(password_hash),
    }


def _change_user(
    conn: duckdb.DuckDBPyConnection,
    actor: User | None,
    username: str,
    change: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password_hash: str | None = None,
) -> StoredUser:
    with transaction(conn):
        found = users(conn)
        if username not in found:
            raise AuthError(f"Brugeren {username} findes ikke.")
        old = found[username]
        new_role = old.role if role is None else role
        new_active = old.active if active is None else active
        admins = [
            u
            for u in found.values()
            if u.role == "administrator" and u.active and u.demo == old.demo
        ]
        losing_admin = old.role == "administrator" and old.active
        if losing_admin and (new_role != "administrator" or not new_active) and len(admins) == 1:
            raise AuthError("Den sidste aktive administrator kan ikke miste rollen eller lukkes.")
        assert actor is not None
        _write_version(
            conn,
            actor=actor.username,
            username=username,
            role=new_role,
            active=new_active,
            password_hash=old.password_hash if password_hash is None else password_hash,
            demo=old.demo,
            # A demo password shown on the login page stays true until the password changes.
            demo_password=None if password_hash is not None else old.demo_password,
            change=change,
            previous=old,
        )
    return users(conn)[username]


def add_user(
    conn: duckdb.DuckDBPyConnection,
    actor: User | None,
    username: str,
    role: str,
    password: str,
) -> StoredUser:
    """Create a user. With no user in the database yet, this creates the first administrator
    (no actor needed, role must be administrator); afterwards an administrator must act."""
    username = _check_username(username)
    _check_role(role)
    _check_new_password(password, username)
    demo = _users_are_demo(conn)
    with transaction(conn):
        found = users(conn, demo=demo)
        if found:
            require(actor, "manage_users")
        elif role != "administrator":
            raise AuthError(
                "Der findes ingen brugere endnu: den første bruger skal være administrator "
                "(--role administrator)."
            )
        if username in users(conn):
            raise AuthError(f"Brugeren {username} findes allerede.")
        _write_version(
            conn,
            actor=actor.username if (found and actor) else username,
            username=username,
            role=role,
            active=True,
            password_hash=hash_password(password),
            demo=demo,
            demo_password=None,
            change="add",
            previous=None,
        )
    return users(conn)[username]


def deactivate_user(conn: duckdb.DuckDBPyConnection, actor: User | None, username: str) -> None:
    """Close a user's access (an administrator acts). The user's history stays."""
    require(actor, "manage_users")
    if actor is not None and actor.username == username:
        raise AuthError("Du kan ikke lukke din egen adgang.")
    _change_user(conn, actor, username, "deactivate", active=False)


def activate_user(conn: duckdb.DuckDBPyConnection, actor: User | None, username: str) -> None:
    """Open a closed user's access again (an administrator acts)."""
    require(actor, "manage_users")
    _change_user(conn, actor, username, "activate", active=True)


def set_password(
    conn: duckdb.DuckDBPyConnection, actor: User | None, username: str, password: str
) -> None:
    """Change a password: an administrator for anyone, any user for themself."""
    if actor is None or actor.username != username:
        require(actor, "manage_users")
    _check_new_password(password, username)
    _change_user(conn, actor, username, "password", password_hash=hash_password(password))


def set_role(conn: duckdb.DuckDBPyConnection, actor: User | None, username: str, role: str) -> None:
    """Change a user's role (an administrator acts; keeps at least one administrator)."""
    require(actor, "manage_users")
    _check_role(role)
    _change_user(conn, actor, username, "role", role=role)


def create_demo_users(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """Add the demo users (see DEMO_USERS) to a demo database; returns (name, password, role).

    Called by the demo build only, on a database marked as a demo database.
    """
    if database_kind(conn) != "demo":
        raise AuthError("Demobrugere kan kun oprettes i en demodatabase.")
    with transaction(conn):
        existing = users(conn)
        for username, password, role in DEMO_USERS:
            if username in existing:
                continue
            _write_version(
                conn,
                actor="demo",
                username=username,
                role=role,
                active=True,
                password_hash=hash_password(password),
                demo=True,
                demo_password=password,
                change="add",
                previous=None,
            )
    return list(DEMO_USERS)


def demo_users(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """The demo database's own demo users as (name, password, role), for the login banner."""
    found = users(conn, demo=True).values()
    return [(u.username, u.demo_password, u.role) for u in found if u.active and u.demo_password]


def demo_banner_text(conn: duckdb.DuckDBPyConnection) -> str:
    """Danish text for the demo login screen, listing the demo users and passwords."""
    found = demo_users(conn)
    if not found:
        return (
            "Demotilstand: denne database har ingen demobrugere. "
            "Byg demodatabasen forfra med `make run` (slet data/demo.duckdb først)."
        )
    listed = ", ".join(f"**{name}** / {password} ({role})" for name, password, role in found)
    return (
        "Demotilstand: dataene er opdigtede, og brugerne findes kun i demodatabasen. "
        f"Log ind som {listed}."
    )


# --- login ---------------------------------------------------------------------------------


class _Throttle:
    """Failed log-ins per user name in this process: after FREE_FAILURES, each attempt waits
    1, 2, 4 ... seconds (at most MAX_DELAY_SECONDS) before the password is even checked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}

    def delay(self, username: str) -> float:
        with self._lock:
            n = self._failures.get(username.casefold(), 0)
        if n < FREE_FAILURES:
            return 0.0
        return min(MAX_DELAY_SECONDS, float(2 ** (n - FREE_FAILURES)))

    def failed(self, username: str) -> None:
        with self._lock:
            key = username.casefold()
            self._failures[key] = self._failures.get(key, 0) + 1

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username.casefold(), None)


throttle = _Throttle()
sleep: Callable[[float], None] = time.sleep


def authenticate(
    conn: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    *,
    demo: bool | None = None,
) -> User | None:
    """The user when name and password match and the user is active, else None.

    In demo mode only a demo database's demo users exist; outside it only real users do.
    Repeated failures for a name are slowed down (see _Throttle).
    """
    demo = config.demo_mode() if demo is None else demo
    username = (username or "").strip()
    wait = throttle.delay(username)
    if wait:
        sleep(wait)
    if not username or not password:
        check_password(None, password or "x")
        throttle.failed(username)
        return None
    stored = users(conn).get(username)
    usable = (
        stored is not None
        and stored.active
        and stored.demo == demo
        and (not demo or database_kind(conn) == "demo")
    )
    if check_password(stored.password_hash if stored else None, password) and usable:
        throttle.succeeded(username)
        assert stored is not None
        return User(stored.username, stored.role, demo=stored.demo)
    throttle.failed(username)
    return None


def login(
    conn: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    *,
    demo: bool | None = None,
) -> User:
    """authenticate(), raising AuthError with a Danish message when it fails."""
    user = authenticate(conn, username, password, demo=demo)
    if user is None:
        raise AuthError("Forkert brugernavn eller adgangskode.")
    return user


def refresh(conn: duckdb.DuckDBPyConnection, user: User | None) -> User | None:
    """The user as the database says now: None when closed or removed, with a changed role."""
    if user is None:
        return None
    stored = users(conn).get(user.username)
    if stored is None or not stored.active or stored.demo != user.demo:
        return None
    return User(stored.username, stored.role, demo=stored.demo)
