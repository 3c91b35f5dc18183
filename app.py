"""Boligsocial Monitor: the Streamlit entry point (log-in, navigation by role, the user)."""

from urllib.parse import urlparse

import streamlit as st

from monitor import session
from monitor.web import connection, nav_pages

st.set_page_config(
    page_title="Boligsocial Monitor", page_icon=":material/apartment:", layout="wide"
)

conn = connection()
user = session.current_user(conn)
if user is None:
    # Nothing of the board's figures or texts is shown before log-in. The page the URL asked
    # for (a deep link to /opfoelgning, say) is remembered and opened after log-in.
    asked = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    st.session_state.setdefault("asked_for_page", asked)
    if session.login_form(conn) is None:
        st.stop()
    st.rerun()

pages = nav_pages(user)
navigation = st.navigation(pages, expanded=True)
asked = st.session_state.pop("asked_for_page", "")
if asked and asked != navigation.url_path:
    wanted = [p for section in pages.values() for p in section if p.url_path == asked]
    if wanted:
        st.switch_page(wanted[0])
with st.sidebar:
    st.markdown(session.user_caption(user))
    if st.button("Log ud", key="logout_button", icon=":material/logout:"):
        session.logout()
        st.rerun()
navigation.run()
