"""Login for the Streamlit pages: the login form, the logged-in user, logout.

Roles are enforced by the backend functions (monitor.auth.require); this only establishes who is
logged in for this browser session, and checks on every rerun that the user still may be.
"""

from __future__ import annotations

import duckdb
import streamlit as st

from monitor import auth, config

SESSION_KEY = "auth_user"


def current_user(conn: duckdb.DuckDBPyConnection | None = None) -> auth.User | None:
    """The user logged in in this browser session, or None. With a connection, the user is
    read again from the database, so a closed account or a changed role counts at once."""
    user = st.session_state.get(SESSION_KEY)
    if not isinstance(user, auth.User) or user.demo != config.demo_mode():
        return None
    if conn is None:
        return user
    fresh = auth.refresh(conn, user)
    if fresh is None:
        st.session_state.pop(SESSION_KEY, None)
    elif fresh != user:
        st.session_state[SESSION_KEY] = fresh
    return fresh


def login_form(conn: duckdb.DuckDBPyConnection) -> auth.User | None:
    """The login form; returns the user once name and password match."""
    _left, middle, _right = st.columns([1, 2, 1])
    with middle:
        st.title("Boligsocial Monitor")
        st.subheader("Log ind")
        if config.demo_mode():
            st.info(auth.demo_banner_text(conn), icon=":material/info:")
        elif not auth.users(conn, demo=False):
            st.warning(
                "Der findes ingen brugere endnu. En administrator opretter den første bruger med: "
                "`python -m etl users add NAVN --role administrator`."
            )
        with st.form("login_form", enter_to_submit=True, border=True):
            name = st.text_input("Brugernavn", key="login_user", autocomplete="username")
            password = st.text_input(
                "Adgangskode",
                type="password",
                key="login_password",
                autocomplete="current-password",
            )
            submitted = st.form_submit_button("Log ind", type="primary", key="login_submit")
    if submitted:
        user = auth.authenticate(conn, name, password)
        if user is None:
            # One message whether the name exists or not.
            middle.error("Forkert brugernavn eller adgangskode.")
            return None
        st.session_state[SESSION_KEY] = user
        st.session_state.pop("login_password", None)
        return user
    return None


def user_caption(user: auth.User) -> str:
    """'Logget ind som mette (redaktør)', with a demo note in demo mode."""
    text = f"Logget ind som **{user.username}** ({user.role})"
    return text + " – demobruger" if user.demo else text


def logout() -> None:
    """End the browser session's login."""
    st.session_state.pop(SESSION_KEY, None)
