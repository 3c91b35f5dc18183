"""Login for the Streamlit pages: the login form, the logged-in user, logout, the demo banner.

The only module of the core that imports Streamlit. Roles are enforced by the backend functions
(monitor.auth.require); this only establishes who is logged in for this browser session.
"""

from __future__ import annotations

import duckdb
import streamlit as st

from monitor import auth, config

SESSION_KEY = "auth_user"


def current_user() -> auth.User | None:
    """The user logged in in this browser session, or None."""
    user = st.session_state.get(SESSION_KEY)
    if isinstance(user, auth.User) and user.demo == config.demo_mode():
        return user
    return None


def demo_banner(conn: duckdb.DuckDBPyConnection) -> str:
    """The demo banner text listing the demo users and their passwords ('' outside demo)."""
    return auth.demo_banner_text(conn) if config.demo_mode() else ""


def login_gate(conn: duckdb.DuckDBPyConnection) -> auth.User | None:
    """The logged-in user; otherwise draw the login form and return None (the page stops)."""
    user = current_user()
    if user is not None:
        return user
    st.subheader("Log ind")
    if config.demo_mode():
        st.info(demo_banner(conn))
    else:
        try:
            if not auth.stored_users():
                st.warning(
                    "Der findes ingen brugere endnu. En administrator opretter den første "
                    "bruger med: `python -m etl users add NAVN --role administrator`."
                )
        except auth.UsersStoreError as exc:
            st.error(str(exc))
            return None
    name = st.text_input("Brugernavn", key="login_user")
    password = st.text_input("Adgangskode", type="password", key="login_password")
    if st.button("Log ind", key="login_submit", type="primary"):
        try:
            user = auth.authenticate(conn, name, password)
        except auth.UsersStoreError as exc:
            st.error(str(exc))
            return None
        if user is None:
            st.error("Forkert brugernavn eller adgangskode.")
            return None
        st.session_state[SESSION_KEY] = user
        return user
    return None


def require_login(conn: duckdb.DuckDBPyConnection) -> auth.User:
    """login_gate(), stopping the page until someone is logged in."""
    user = login_gate(conn)
    if user is None:
        st.stop()
    return user  # type: ignore[return-value]


def user_caption(user: auth.User) -> str:
    """'Logget ind som mette (redaktør)', with a demo note in demo mode."""
    text = f"Logget ind som {user.username} ({user.role})"
    return text + " – demobruger" if user.demo else text


def logout_button(where: object | None = None) -> None:
    """A 'Log ud' button (in the sidebar unless `where` is given) that ends the session."""
    user = current_user()
    if user is None:
        return
    area = where if where is not None else st.sidebar
    area.caption(user_caption(user))  # type: ignore[attr-defined]
    if area.button("Log ud", key="logout_button"):  # type: ignore[attr-defined]
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()
