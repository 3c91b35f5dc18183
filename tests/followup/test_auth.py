"""Roles, the users store outside the git tree, demo users, CLI user management."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from monitor import auth, config
from monitor.auth import PermissionDenied, User
from tests.followup.conftest import ADMIN, LAESER, PASSWORDS, REDAKTOR, REVISOR


def test_roles_allow_what_the_issue_says() -> None:
    assert LAESER.can("read") and not LAESER.can("write_followup")
    assert not any(LAESER.can(p) for p in ("write_note", "record_meeting", "import_data"))
    assert REDAKTOR.can("write_followup") and REDAKTOR.can("record_meeting")
    assert REDAKTOR.can("import_data") and not REDAKTOR.can("read_audit")
    assert REVISOR.can("read_audit") and REVISOR.can("export")
    assert not REVISOR.can("write_followup")
    assert ADMIN.can("manage_users") and not ADMIN.can("write_followup")
    with pytest.raises(PermissionDenied, match="bo er læser og må ikke skrive opfølgninger"):
        auth.require(LAESER, "write_followup")
    with pytest.raises(PermissionDenied, match="logget ind"):
        auth.require(None, "read")


def test_users_store_is_outside_the_git_tree_by_default(monkeypatch) -> None:
    monkeypatch.delenv("MONITOR_USERS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/data")
    assert config.users_path() == Path("/srv/data/boligsocial-monitor/users.json")
    assert config.PROJECT_ROOT not in config.users_path().parents


def test_no_user_and_no_default_password_before_the_first_admin(clean_env: Path) -> None:
    for name, password in [("admin", "admin"), ("administrator", ""), ("læser", "læser")]:
        assert auth.authenticate(None, name, password) is None
    with pytest.raises(auth.AuthError, match="første bruger skal være administrator"):
        auth.add_user(None, "mette", "redaktør", "mette-adgang-1", path=clean_env)
    auth.add_user(None, "anne", "administrator", "anne-adgang-1", path=clean_env)
    assert auth.login(None, "anne", "anne-adgang-1") == User("anne", "administrator")


def test_only_an_administrator_adds_users(users_file: Path) -> None:
    with pytest.raises(PermissionDenied):
        auth.add_user(None, "x", "læser", "x-adgang-123", path=users_file)
    with pytest.raises(PermissionDenied):
        auth.add_user(REDAKTOR, "x", "læser", "x-adgang-123", path=users_file)
    auth.add_user(ADMIN, "x", "læser", "x-adgang-123", path=users_file)
    assert auth.stored_users(users_file)["x"].role == "læser"
    assert auth.stored_users(users_file)["x"].created_by == "anne"


def test_passwords_are_stored_only_as_argon2_hashes(users_file: Path) -> None:
    text = users_file.read_text(encoding="utf-8")
    for password in PASSWORDS.values():
        assert password not in text
    hashes = [e["details"]["password_hash"] for e in json.loads(text)["log"]]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert oct(users_file.stat().st_mode & 0o777) == "0o600"


def test_login_remove_passwd_role(users_file: Path) -> None:
    assert auth.authenticate(None, "bo", PASSWORDS["bo"]) == LAESER
    assert auth.authenticate(None, "bo", "forkert-kode") is None
    assert auth.authenticate(None, "ukendt", PASSWORDS["bo"]) is None
    auth.set_password(LAESER, "bo", "bo-ny-adgang-1", path=users_file)  # own password
    with pytest.raises(PermissionDenied):
        auth.set_password(LAESER, "mette", "mette-ny-adgang", path=users_file)
    assert auth.authenticate(None, "bo", "bo-ny-adgang-1") == LAESER
    auth.set_role(ADMIN, "bo", "redaktør", path=users_file)
    assert auth.authenticate(None, "bo", "bo-ny-adgang-1").role == "redaktør"
    auth.remove_user(ADMIN, "bo", path=users_file)
    assert auth.authenticate(None, "bo", "bo-ny-adgang-1") is None
    with pytest.raises(auth.AuthError, match="sidste administrator"):
        auth.remove_user(ADMIN, "anne", path=users_file)
    with pytest.raises(auth.AuthError, match="mindst"):
        auth.add_user(ADMIN, "kort", "læser", "kort", path=users_file)
    actions = [e["action"] for e in auth.store_log(users_file)]
    assert actions[-3:] == ["user_passwd", "user_role", "user_remove"]
    assert all("password_hash" not in e["details"] for e in auth.store_log(users_file))


def test_an_edited_users_store_refuses_every_login(users_file: Path) -> None:
    data = json.loads(users_file.read_text(encoding="utf-8"))
    data["log"][2]["details"]["role"] = "administrator"  # bo makes himself administrator
    users_file.write_text(json.dumps(data), encoding="utf-8")
    assert any("Post 3" in f for f in auth.store_faults(users_file))
    with pytest.raises(auth.UsersStoreError, match="ændret uden om programmet"):
        auth.authenticate(None, "bo", PASSWORDS["bo"])


def _demo_db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    from monitor.db import connect

    conn = connect(tmp_path / "demo.duckdb")
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
    assert "Demotilstand" in text and "læser/læser" in text and "admin/admin" in text
    conn.close()


def test_demo_users_cannot_change_the_users_store(tmp_path: Path, users_file: Path) -> None:
    demo_admin = User("admin", "administrator", demo=True)
    with pytest.raises(PermissionDenied, match="Demobrugere"):
        auth.add_user(demo_admin, "x", "læser", "x-adgang-123", path=users_file)


def test_cli_users(clean_env: Path, cli) -> None:
    code, _, err = cli("users", "add", "mette", "--role", "redaktør", new_password="mette-adgang-1")
    assert code != 0 and "administrator" in err
    code, out, _ = cli(
        "users", "add", "anne", "--role", "administrator", new_password="anne-adgang-1"
    )
    assert code == 0 and "første administrator" in out
    code, _, err = cli("users", "add", "bo", "--role", "læser", new_password="bo-adgang-12")
    assert code != 0 and "--user" in err
    code, out, _ = cli(
        "users", "add", "bo", "--role", "læser", "--user", "anne",
        password="anne-adgang-1", new_password="bo-adgang-12",
    )  # fmt: skip
    assert code == 0
    code, _, err = cli(
        "users", "add", "eve", "--role", "administrator", "--user", "bo",
        password="bo-adgang-12", new_password="eve-adgang-12",
    )  # fmt: skip
    assert code != 0 and "må ikke administrere brugere" in err
    code, _, err = cli("users", "list", "--user", "bo", password="bo-adgang-12")
    assert code != 0
    code, out, _ = cli("users", "list", "--user", "anne", password="anne-adgang-1")
    assert code == 0 and "bo\tlæser" in out and "anne\tadministrator" in out
    code, _, _ = cli(
        "users", "passwd", "bo", "--user", "bo", password="bo-adgang-12", new_password="bo-ny-12345"
    )
    assert code == 0 and auth.authenticate(None, "bo", "bo-ny-12345") is not None
    code, _, _ = cli("users", "remove", "bo", "--user", "anne", password="anne-adgang-1")
    assert code == 0 and "bo" not in auth.stored_users()
    code, out, _ = cli("users", "verify")
    assert code == 0 and "intakt" in out
