"""Roles, users kept in the database, demo users, log-in throttling, CLI user management."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from monitor import audit, auth
from monitor.auth import PermissionDenied, User
from monitor.db import connect, database_kind, mark_database, run_query
from tests.followup.conftest import ADMIN, LAESER, PASSWORDS, REDAKTOR, REVISOR


def test_roles_allow_what_the_issue_says() -> None:
    assert LAESER.can("read") and not LAESER.can("write_followup")
    assert not any(LAESER.can(p) for p in ("write_note", "record_meeting", "import_data"))
    assert REDAKTOR.can("write_followup") and REDAKTOR.can("record_meeting")
    assert REDAKTOR.can("import_data") and not REDAKTOR.can("read_audit")
    assert REVISOR.can("read_audit") and REVISOR.can("export")
    assert not REVISOR.can("write_followup") and not REVISOR.can("import_data")
    assert ADMIN.can("manage_users") and ADMIN.can("import_data") and ADMIN.can("export")
    assert not ADMIN.can("write_followup")
    with pytest.raises(PermissionDenied, match="bo er læser og må ikke skrive opfølgninger"):
        auth.require(LAESER, "write_followup")
    with pytest.raises(PermissionDenied, match="logget ind"):
        auth.require(None, "read")


def test_no_user_and_no_default_password_before_the_first_admin(tmp_path: Path) -> None:
    conn = connect(tmp_path / "new.duckdb")
    for name, password in [("admin", "admin"), ("administrator", ""), ("læser", "læser")]:
        assert auth.authenticate(conn, name, password) is None
    with pytest.raises(auth.AuthError, match="første bruger skal være administrator"):
        auth.add_user(conn, None, "mette", "redaktør", "mette-adgang-1")
    auth.add_user(conn, None, "anne", "administrator", "anne-adgang-1")
    assert auth.login(conn, "anne", "anne-adgang-1") == User("anne", "administrator")
    assert database_kind(conn) == "production"
    conn.close()


def test_only_an_administrator_adds_users(users_db: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(PermissionDenied):
        auth.add_user(users_db, None, "x", "læser", "x-adgang-123")
    with pytest.raises(PermissionDenied):
        auth.add_user(users_db, REDAKTOR, "x", "læser", "x-adgang-123")
    auth.add_user(users_db, ADMIN, "x", "læser", "x-adgang-123")
    stored = auth.users(users_db)["x"]
    assert (stored.role, stored.created_by, stored.active) == ("læser", "anne", True)
    with pytest.raises(auth.AuthError, match="findes allerede"):
        auth.add_user(users_db, ADMIN, "x", "redaktør", "x-adgang-456")


def test_passwords_are_stored_only_as_argon2_hashes(users_db: duckdb.DuckDBPyConnection) -> None:
    rows = users_db.execute(
        "select username, role, password_hash, demo_password from app_user_version"
    ).fetchall()
    text = repr(rows) + repr(users_db.execute("select details from audit_log").fetchall())
    for password in PASSWORDS.values():
        assert password not in text
    hashes = [
        h for (h,) in users_db.execute("select password_hash from app_user_version").fetchall()
    ]  # noqa: E501
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    details = audit.entries(users_db, entity="app_user_version")["details"]
    assert all("password_hash" not in d and len(d["password_hash_sha256"]) == 64 for d in details)


def test_login_deactivate_passwd_role_are_versions_and_audit_entries(
    users_db: duckdb.DuckDBPyConnection,
) -> None:
    conn = users_db
    assert auth.authenticate(conn, "bo", PASSWORDS["bo"]) == LAESER
    assert auth.authenticate(conn, "bo", "forkert-kode") is None
    assert auth.authenticate(conn, "ukendt", PASSWORDS["bo"]) is None
    auth.set_password(conn, LAESER, "bo", "bo-ny-adgang-1")  # own password
    with pytest.raises(PermissionDenied):
        auth.set_password(conn, LAESER, "mette", "mette-ny-adgang")
    assert auth.authenticate(conn, "bo", "bo-ny-adgang-1") == LAESER
    auth.set_role(conn, ADMIN, "bo", "redaktør")
    assert auth.authenticate(conn, "bo", "bo-ny-adgang-1").role == "redaktør"
    auth.deactivate_user(conn, ADMIN, "bo")
    assert auth.authenticate(conn, "bo", "bo-ny-adgang-1") is None
    assert auth.refresh(conn, User("bo", "redaktør")) is None  # a logged-in session ends too
    auth.activate_user(conn, ADMIN, "bo")
    assert auth.refresh(conn, User("bo", "læser")) == User("bo", "redaktør")
    with pytest.raises(auth.AuthError, match="sidste aktive administrator"):
        auth.set_role(conn, ADMIN, "anne", "læser")
    with pytest.raises(auth.AuthError, match="egen adgang"):
        auth.deactivate_user(conn, ADMIN, "anne")
    with pytest.raises(auth.AuthError, match="mindst"):
        auth.add_user(conn, ADMIN, "kort", "læser", "kort")
    history = auth.user_history(conn, "bo")
    assert list(history["change"]) == ["add", "password", "role", "deactivate", "activate"]
    actions = list(audit.entries(conn, entity="app_user_version")["action"])[:4]
    assert actions == ["user_activate", "user_deactivate", "user_role", "user_password"]
    assert audit.entries(conn, action="user_role")["actor"].iloc[0] == "anne"


def test_a_role_edited_in_the_table_does_not_survive_verify(
    users_db: duckdb.DuckDBPyConnection,
) -> None:
    users_db.execute("update app_user_version set role = 'administrator' where username = 'bo'")
    assert auth.users(users_db)["bo"].role == "administrator"  # the edit is in the table ...
    faults = audit.verify(users_db)
    assert faults, "... and the audit check must name it"


def test_repeated_failures_are_slowed_down(
    users_db: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(auth, "sleep", waits.append)
    for _ in range(6):
        assert auth.authenticate(users_db, "bo", "forkert-kode") is None
    assert waits == [1.0, 2.0, 4.0]  # three free attempts, then 1, 2, 4 seconds
    # The same for a name that does not exist: the wait does not reveal which names exist.
    for _ in range(5):
        auth.authenticate(users_db, "findes-ikke", "forkert-kode")
    assert waits[3:] == [1.0, 2.0]
    assert auth.authenticate(users_db, "bo", PASSWORDS["bo"]) == LAESER
    assert waits[-1] == 8.0  # the right password also waited its turn
    waits.clear()
    auth.authenticate(users_db, "bo", "forkert-kode")
    assert waits == []  # a success resets the count


def _demo_db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    conn = connect(tmp_path / "demo.duckdb")
    mark_database(conn, "demo")
    created = auth.create_demo_users(conn)
    assert ("læser", "læser", "læser") in created
    return conn


def test_demo_users_work_only_in_demo_mode(tmp_path: Path, monkeypatch) -> None:
    conn = _demo_db(tmp_path)
    assert auth.authenticate(conn, "læser", "læser") is None  # not demo mode: ignored
    assert auth.authenticate(conn, "admin", "admin") is None
    monkeypatch.setenv("MONITOR_DEMO", "1")
    assert auth.authenticate(conn, "læser", "læser") == User("læser", "læser", demo=True)
    assert auth.authenticate(conn, "redaktør", "redaktør").role == "redaktør"
    assert auth.authenticate(conn, "læser", "forkert") is None
    text = auth.demo_banner_text(conn)
    assert "Demotilstand" in text and "**læser** / læser" in text and "**admin** / admin" in text
    # A demo password changed by the demo admin is no longer shown as if it still worked.
    auth.set_password(conn, User("admin", "administrator", demo=True), "læser", "ny-adgang-123")
    assert "**læser**" not in auth.demo_banner_text(conn)
    conn.close()


def test_demo_users_cannot_be_made_in_a_real_database(
    users_db: duckdb.DuckDBPyConnection,
) -> None:
    with pytest.raises(auth.AuthError, match="demodatabase"):
        auth.create_demo_users(users_db)
    assert run_query(users_db, "user_current")["demo"].sum() == 0


def test_demo_mode_on_a_real_database_lets_nobody_in(
    users_db: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DEMO", "1")
    assert auth.authenticate(users_db, "anne", PASSWORDS["anne"]) is None


def test_cli_users(tmp_path: Path, cli) -> None:
    db = str(tmp_path / "cli.duckdb")
    code, _, err = cli(
        "--db", db, "users", "add", "mette", "--role", "redaktør", new_password="mette-adgang-1"
    )
    assert code != 0 and "administrator" in err
    code, out, _ = cli(
        "--db", db, "users", "add", "anne", "--role", "administrator",
        new_password="anne-adgang-1",
    )  # fmt: skip
    assert code == 0 and "første administrator" in out
    code, _, err = cli(
        "--db", db, "users", "add", "bo", "--role", "læser", new_password="bo-adgang-12"
    )
    assert code != 0 and "--user" in err
    code, out, _ = cli(
        "--db", db, "users", "add", "bo", "--role", "læser", "--user", "anne",
        password="anne-adgang-1", new_password="bo-adgang-12",
    )  # fmt: skip
    assert code == 0
    code, _, err = cli(
        "--db", db, "users", "add", "eve", "--role", "administrator", "--user", "bo",
        password="bo-adgang-12", new_password="eve-adgang-12",
    )  # fmt: skip
    assert code != 0 and "må ikke administrere brugere" in err
    code, _, err = cli("--db", db, "users", "list", "--user", "bo", password="bo-adgang-12")
    assert code != 0
    code, out, _ = cli("--db", db, "users", "list", "--user", "anne", password="anne-adgang-1")
    assert code == 0 and "bo\tlæser\taktiv" in out and "anne\tadministrator" in out
    code, _, _ = cli(
        "--db", db, "users", "passwd", "bo", "--user", "bo",
        password="bo-adgang-12", new_password="bo-ny-12345",
    )  # fmt: skip
    assert code == 0
    code, _, _ = cli(
        "--db", db, "users", "deactivate", "bo", "--user", "anne", password="anne-adgang-1"
    )
    assert code == 0
    with connect(db) as conn:
        assert auth.authenticate(conn, "bo", "bo-ny-12345") is None
        assert not auth.users(conn)["bo"].active
    code, out, _ = cli("--db", db, "audit", "verify")
    assert code == 0 and "intakt" in out
