"""The login gate of the pages (Streamlit AppTest): store users, demo users, wrong passwords."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitor import auth
from monitor.db import connect
from tests.followup.conftest import PASSWORDS


def _app() -> None:
    import os

    import streamlit as st

    from monitor import session
    from monitor.db import connect

    conn = connect(os.environ["MONITOR_DB"])
    user = session.login_gate(conn)
    if user is None:
        st.stop()
    st.markdown(f"INDE: {user.username} {user.role} demo={user.demo}")
    session.logout_button()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "app.duckdb"
    with connect(path) as conn:
        auth.create_demo_users(conn)
    monkeypatch.setenv("MONITOR_DB", str(path))
    return path


def _login(name: str, password: str) -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30).run()
    at.text_input(key="login_user").input(name)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    return at.run()


def _shown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_store_user_logs_in_and_demo_users_do_not(db: Path, users_file: Path) -> None:
    at = _login("mette", PASSWORDS["mette"])
    assert "INDE: mette redaktør demo=False" in _shown(at)
    at = _login("læser", "læser")  # a demo user, but not demo mode
    assert "INDE" not in _shown(at)
    assert any("Forkert brugernavn eller adgangskode" in e.value for e in at.error)


def test_no_users_yet_says_how_to_create_the_first(db: Path) -> None:
    at = AppTest.from_function(_app, default_timeout=30).run()
    assert any("users add" in w.value for w in at.warning)
    at = _login("admin", "admin")
    assert "INDE" not in _shown(at)


def test_demo_mode_lists_demo_users_and_logs_them_in(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DEMO", "1")
    at = AppTest.from_function(_app, default_timeout=30).run()
    assert any("Demotilstand" in i.value and "redaktør/redaktør" in i.value for i in at.info)
    at = _login("redaktør", "redaktør")
    assert "INDE: redaktør redaktør demo=True" in _shown(at)
    at.button(key="logout_button").click().run()
    assert "INDE" not in _shown(at)
