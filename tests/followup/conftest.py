"""Fixtures for follow-up, meetings, notes, users, audit and exports: real DuckDB files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from monitor import auth
from monitor.auth import User
from monitor.db import connect

PLAN = "vejleaaparken-2021-25"
GOAL = "fagligt-loeft"
REDAKTOR = User("mette", "redaktør")
LAESER = User("bo", "læser")
REVISOR = User("rita", "revisor")
ADMIN = User("anne", "administrator")
PASSWORDS = {
    "anne": "anne-adgang-1",
    "mette": "mette-adgang-1",
    "bo": "bo-adgang-12",
    "rita": "rita-adgang-1",
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No demo mode, no passwords or audit key in the environment, no login throttling."""
    for name in (
        "MONITOR_DEMO",
        "MONITOR_PASSWORD",
        "MONITOR_NEW_PASSWORD",
        "MONITOR_DB",
        "MONITOR_AUDIT_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(auth, "throttle", auth._Throttle())
    monkeypatch.setattr(auth, "sleep", lambda _seconds: None)


def add_users(conn: duckdb.DuckDBPyConnection) -> None:
    """One user of each role (see PASSWORDS), the first administrator first."""
    auth.add_user(conn, None, "anne", "administrator", PASSWORDS["anne"])
    for user in (REDAKTOR, LAESER, REVISOR):
        auth.add_user(conn, ADMIN, user.username, user.role, PASSWORDS[user.username])


@pytest.fixture
def users_db(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A new production database with one user of each role and no registries."""
    conn = connect(tmp_path / "users.duckdb")
    add_users(conn)
    yield conn
    conn.close()


@pytest.fixture
def demo_conn(demo_db_copy: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open private copy of the demo database (figures loaded through the real ETL)."""
    conn = connect(demo_db_copy)
    yield conn
    conn.close()


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """Run the admin commands in-process: cli(*argv, password=..., new_password=...)."""
    from etl.admin_commands import main

    def run(
        *argv: str, password: str | None = None, new_password: str | None = None
    ) -> tuple[int, str, str]:
        if password is None:
            monkeypatch.delenv("MONITOR_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("MONITOR_PASSWORD", password)
        if new_password is None:
            monkeypatch.delenv("MONITOR_NEW_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("MONITOR_NEW_PASSWORD", new_password)
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
