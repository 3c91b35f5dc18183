"""Boligsocial Monitor: the Streamlit entry point (log-in, navigation by role, the user)."""

import streamlit as st

from monitor import lang, session
from monitor.web import connection, database_for_run, login_pages, nav_pages

st.set_page_config(
    page_title="Boligsocial Monitor", page_icon=lang.FAVICON, layout="wide"
)
lang.set_danish()  # <html lang="da"> (Streamlit hard-codes "en")

# The database file is open only while this run uses it (the command line can use it between
# reruns); the cached queries keep the figures until the data changes.
with database_for_run():
    conn = connection()
    user = session.current_user(conn)
    if user is None:
        # Nothing of the board's figures or texts is shown before log-in: every path routes to the
        # log-in form, so a deep link (/opfoelgning, say) opens its page after log-in.
        st.navigation(login_pages(conn), position="hidden").run()
        st.stop()

    navigation = st.navigation(nav_pages(user), expanded=True)
    with st.sidebar:
        st.markdown(session.user_caption(user))
        if st.button("Log ud", key="logout_button", icon=":material/logout:"):
            session.logout()
            st.rerun()
    navigation.run()
