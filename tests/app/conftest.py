"""AppTest fixtures: the real app.py against a real database file, logged in as a real user."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitor import auth, config
from monitor.auth import User
from monitor.db import connect

APP = str(config.PROJECT_ROOT / "app.py")
# Users of the non-demo test database: (name, role, password).
USERS = (
    ("anne", "administrator", "anne-adgang-1"),
    ("mette", "redaktør", "mette-adgang-1"),
    ("bo", "læser", "bo-adgang-123"),
    ("rita", "revisor", "rita-adgang-1"),
)
DEMO = {role: User(name, role, demo=True) for name, _pw, role in auth.DEMO_USERS}


@pytest.fixture(autouse=True)
def no_login_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "throttle", auth._Throttle())
    monkeypatch.setattr(auth, "sleep", lambda _s: None)


@pytest.fixture(scope="session")
def users_db_file(registry_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registry database with one real (non-demo) user of each role."""
    path = tmp_path_factory.mktemp("users") / "users.duckdb"
    shutil.copy(registry_db_file, path)
    with connect(path) as conn:
        admin = None
        for name, role, password in USERS:
            auth.add_user(conn, admin, name, role, password)
            admin = admin or User(name, role)
    return path


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Build an AppTest of app.py on the given database; demo mode and a logged-in user on
    request (as the login form leaves it: the user in the session)."""

    def make(db: Path, *, demo: bool = False, user: User | None = None) -> AppTest:
        monkeypatch.setenv("MONITOR_DB", str(db))
        if demo:
            monkeypatch.setenv("MONITOR_DEMO", "1")
        else:
            monkeypatch.delenv("MONITOR_DEMO", raising=False)
        at = AppTest.from_file(APP, default_timeout=60)
        if user is not None:
            at.session_state["auth_user"] = user
        return at

    return make
