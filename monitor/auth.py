"""Users, roles and passwords.

Roles: læser (the board: sees all, writes nothing), redaktør (the leader: follow-ups, meetings,
notes, imports), revisor (sees all including the audit log, exports) and administrator (users).
Every backend write calls `require(user, permission)`, so pages and CLI enforce the same rules.

Real users live in a users store outside the git tree (`config.users_path()`): one JSON file that
holds nothing but a hash-chained log of user changes (add, remove, password, role); the users
are what the log says after replaying it. Why a JSON log file and not a table in the database:
the users are not part of one database (the same people use a rebuilt or a second database), a
JSON file needs no DuckDB lock (the running app holds its database open, while an administrator
changes users from the CLI), and a log-only file is tamper-evident by itself: an edited or
deleted entry breaks the chain, and then nobody can log in until it is repaired. Passwords are
kept only as argon2id hashes.

Demo mode (MONITOR_DEMO=1) logs in with the demo users of the demo database (table demo_user,
filled by `create_demo_users`); outside demo mode that table is ignored, and no user exists
until the first administrator is created with `python -m etl users add`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from monitor import config
from monitor.audit import GENESIS, entry_hash, verify_rows
from monitor.db import run_query

ROLES = ("læser", "redaktør", "revisor", "administrator")
ROLE_DESCRIPTIONS = {
    "læser": "bestyrelsen: ser alt, skriver intet",
    "redaktør": "leder: skriver opfølgninger, registrerer møder og noter, indlæser data",
    "revisor": "ser alt inklusive revisionssporet, eksporterer",
    "administrator": "administrerer brugere",
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
            "meeting_pack",
            "export",
        }
    ),
    "revisor": frozenset({"read", "read_audit", "meeting_pack", "export"}),
    "administrator": frozenset({"read", "read_audit", "manage_users"}),
}
PERMISSION_TEXT = {
    "read": "se data",
    "write_followup": "skrive opfølgninger",
    "write_note": "skrive noter til datapunkter",
    "record_meeting": "registrere bestyrelsesmøder",
    "import_data": "indlæse data",
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
STORE_FORMAT = "boligsocial-monitor-users"

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name takes as long as a wrong
# password and does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("ingen bruger har denne adgangskode")


class AuthError(Exception):
    """Login or user-management failure worded for the user (Danish)."""


class PermissionDenied(AuthError):
    """The logged-in user's role does not allow this."""


class UsersStoreError(AuthError):
    """The users store is damaged or cannot be read."""


@dataclass(frozen=True)
class User:
    """A logged-in user. `demo` is true for the demo database's users."""

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
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_new_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if password.strip().lower() == username.strip().lower():
        raise AuthError("Adgangskoden må ikke være det samme som brugernavnet.")


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or any(c.isspace() or not c.isprintable() for c in name):
        raise AuthError("Brugernavnet skal være 1-64 tegn uden mellemrum.")
    return name


# --- the users store ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoredUser:
    """A user as the store's log says: name, role, when created and last changed, by whom."""

    username: str
    role: str
    password_hash: str
    created_at: str
    created_by: str
    changed_at: str


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The users store: an explicit path, else config.users_path()."""
    return Path(path) if path else config.users_path()


def _read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsersStoreError(f"Brugerfilen {path} kan ikke læses: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
        raise UsersStoreError(f"{path} er ikke en brugerfil for Boligsocial Monitor.")
    log = data.get("log")
    if not isinstance(log, list):
        raise UsersStoreError(f"Brugerfilen {path} mangler sin log.")
    return log


def store_faults(path: str | os.PathLike[str] | None = None) -> list[str]:
    """Every fault of the users store's chained log (Danish messages); [] when intact."""
    p = store_path(path)
    try:
        log = _read_log(p)
        return [str(f) for f in verify_rows(log)]
    except (KeyError, TypeError) as exc:
        return [f"Brugerfilen {p} har en ugyldig post: {exc}"]
    except UsersStoreError as exc:
        return [str(exc)]


def _replay(log: list[dict[str, Any]]) -> dict[str, StoredUser]:
    users: dict[str, StoredUser] = {}
    for e in log:
        name, d, at = e["entity_id"], e["details"], e["recorded_at"]
        if e["action"] == "user_add":
            users[name] = StoredUser(name, d["role"], d["password_hash"], at, e["actor"], at)
        elif e["action"] == "user_remove":
            users.pop(name, None)
        elif e["action"] == "user_passwd" and name in users:
            u = users[name]
            users[name] = StoredUser(
                name, u.role, d["password_hash"], u.created_at, u.created_by, at
            )
        elif e["action"] == "user_role" and name in users:
            u = users[name]
            users[name] = StoredUser(
                name, d["role"], u.password_hash, u.created_at, u.created_by, at
            )
    return users


def _load(path: Path) -> tuple[list[dict[str, Any]], dict[str, StoredUser]]:
    log = _read_log(path)
    try:
        faults = verify_rows(log)
    except (KeyError, TypeError) as exc:
        raise UsersStoreError(f"Brugerfilen {path} har en ugyldig post: {exc}") from exc
    if faults:
        raise UsersStoreError(
            f"Brugerfilen {path} er ændret uden om programmet, så ingen kan logge ind: "
            + " ".join(str(f) for f in faults)
        )
    return log, _replay(log)


def stored_users(path: str | os.PathLike[str] | None = None) -> dict[str, StoredUser]:
    """The users of the store (empty when the store does not exist yet)."""
    return _load(store_path(path))[1]


def store_log(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The store's log of user changes, oldest first, without password hashes."""
    log = _load(store_path(path))[0]
    return [
        {**e, "details": {k: v for k, v in e["details"].items() if k != "password_hash"}}
        for e in log
    ]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a+") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        yield


def _append(path: Path, *, actor: str, action: str, username: str, details: dict) -> None:
    """Append one chained entry and replace the file atomically (caller holds the lock)."""
    log = _read_log(path)
    seq = len(log) + 1
    prev = log[-1]["entry_hash"] if log else GENESIS
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    entry = {
        "seq": seq,
        "recorded_at": at,
        "actor": actor,
        "action": action,
        "entity": "user",
        "entity_id": username,
        "details": details,
        "prev_hash": prev,
    }
    entry["entry_hash"] = entry_hash(
        prev,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity="user",
        entity_id=username,
        details=details,
    )
    log.append(entry)
    text = json.dumps({"format": STORE_FORMAT, "log": log}, ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=".users-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def add_user(
    actor: User | None,
    username: str,
    role: str,
    password: str,
    *,
    path: str | os.PathLike[str] | None = None,
) -> StoredUser:
    """Create a user. With no user in the store yet, this creates the first administrator
    (no actor needed, role must be administrator); afterwards an administrator must act."""
    p = store_path(path)
    username = _check_username(username)
    if role not in ROLES:
        raise AuthError(f"Ukendt rolle {role!r}. Roller: {', '.join(ROLES)}")
    _check_new_password(password, username)
    with _locked(p):
        _, users = _load(p)
        if users:
            require(actor, "manage_users")
            if actor is not None and actor.demo:
                raise PermissionDenied("Demobrugere kan ikke ændre brugerfilen.")
        elif role != "administrator":
            raise AuthError(
                "Der findes ingen brugere endnu: den første bruger skal være administrator "
                "(--role administrator)."
            )
        if username in users:
            raise AuthError(f"Brugeren {username} findes allerede.")
        by = actor.username if (users and actor) else username
        _append(
            p,
            actor=by,
            action="user_add",
            username=username,
            details={"role": role, "password_hash": hash_password(password)},
        )
        return _load(p)[1][username]


def remove_user(
    actor: User | None, username: str, *, path: str | os.PathLike[str] | None = None
) -> None:
    """Remove a user (an administrator acts; the last administrator cannot be removed)."""
    p = store_path(path)
    require(actor, "manage_users")
    assert actor is not None
    with _locked(p):
        _, users = _load(p)
        if username not in users:
            raise AuthError(f"Brugeren {username} findes ikke.")
        admins = [u for u in users.values() if u.role == "administrator"]
        if users[username].role == "administrator" and len(admins) == 1:
            raise AuthError("Den sidste administrator kan ikke fjernes.")
        _append(p, actor=actor.username, action="user_remove", username=username, details={})


def set_password(
    actor: User | None,
    username: str,
    password: str,
    *,
    path: str | os.PathLike[str] | None = None,
) -> None:
    """Change a password: an administrator for anyone, any user for themself."""
    p = store_path(path)
    if actor is None or (actor.username != username or actor.demo):
        require(actor, "manage_users")
    assert actor is not None
    _check_new_password(password, username)
    with _locked(p):
        _, users = _load(p)
        if username not in users:
            raise AuthError(f"Brugeren {username} findes ikke.")
        _append(
            p,
            actor=actor.username,
            action="user_passwd",
            username=username,
            details={"password_hash": hash_password(password)},
        )


def set_role(
    actor: User | None,
    username: str,
    role: str,
    *,
    path: str | os.PathLike[str] | None = None,
) -> None:
    """Change a user's role (an administrator acts; keeps at least one administrator)."""
    p = store_path(path)
    require(actor, "manage_users")
    assert actor is not None
    if role not in ROLES:
        raise AuthError(f"Ukendt rolle {role!r}. Roller: {', '.join(ROLES)}")
    with _locked(p):
        _, users = _load(p)
        if username not in users:
            raise AuthError(f"Brugeren {username} findes ikke.")
        admins = [u for u in users.values() if u.role == "administrator"]
        if users[username].role == "administrator" and role != "administrator" and len(admins) == 1:
            raise AuthError("Den sidste administrator kan ikke miste rollen.")
        _append(
            p, actor=actor.username, action="user_role", username=username, details={"role": role}
        )


# --- login ---------------------------------------------------------------------------------


def _demo_lookup(conn: duckdb.DuckDBPyConnection | None, username: str) -> tuple[str, str] | None:
    if conn is None:
        return None
    try:
        row = run_query(conn, "demo_user_lookup", username=username)
    except duckdb.Error:
        return None
    if row.empty:
        return None
    return str(row["role"].iloc[0]), str(row["password_hash"].iloc[0])


def authenticate(
    conn: duckdb.DuckDBPyConnection | None,
    username: str,
    password: str,
    *,
    demo: bool | None = None,
    path: str | os.PathLike[str] | None = None,
) -> User | None:
    """The user when name and password match, else None.

    In demo mode only the demo database's demo users exist; outside it only the users store
    counts, and the database's demo users are ignored.
    """
    demo = config.demo_mode() if demo is None else demo
    username = (username or "").strip()
    if not username or not password:
        check_password(None, password or "x")
        return None
    if demo:
        found = _demo_lookup(conn, username)
        role, hashed = found if found else (None, None)
        if check_password(hashed, password) and role in ROLES:
            return User(username, role, demo=True)
        return None
    users = stored_users(path)
    stored = users.get(username)
    if check_password(stored.password_hash if stored else None, password) and stored:
        return User(stored.username, stored.role)
    return None


def login(
    conn: duckdb.DuckDBPyConnection | None,
    username: str,
    password: str,
    *,
    demo: bool | None = None,
    path: str | os.PathLike[str] | None = None,
) -> User:
    """authenticate(), raising AuthError with a Danish message when it fails."""
    user = authenticate(conn, username, password, demo=demo, path=path)
    if user is None:
        raise AuthError("Forkert brugernavn eller adgangskode.")
    return user


def create_demo_users(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """Add the demo users (see DEMO_USERS) to the demo database; returns (name, password, role).

    Called by the demo build only. Runs in the caller's transaction if one is open.
    """
    for username, password, role in DEMO_USERS:
        run_query(
            conn,
            "demo_user_insert",
            username=username,
            role=role,
            password_hash=hash_password(password),
            demo_password=password,
        )
    return list(DEMO_USERS)


def demo_users(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """The demo database's users as (name, password, role), for the demo login banner."""
    try:
        frame = run_query(conn, "demo_user_list")
    except duckdb.Error:
        return []
    return [(r.username, r.demo_password, r.role) for r in frame.itertuples(index=False)]


def demo_banner_text(conn: duckdb.DuckDBPyConnection) -> str:
    """Danish text for the demo login screen, listing the demo users and passwords."""
    users = demo_users(conn)
    if not users:
        return (
            "Demotilstand: denne database har ingen demobrugere. "
            "Byg demodatabasen forfra med `make run` (slet data/demo.duckdb først)."
        )
    listed = ", ".join(f"{name}/{password} ({role})" for name, password, role in users)
    return (
        "Demotilstand: dataene er opdigtede, og brugerne findes kun i demodatabasen. "
        f"Log ind som {listed}."
    )
