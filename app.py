"""Boligsocial Monitor: the Streamlit entry point (navigation, plan selector, demo banner)."""

import streamlit as st

from monitor.web import demo_banner, plan_selector

st.set_page_config(page_title="Boligsocial Monitor", page_icon="🏘️", layout="wide")

pages = [
    st.Page("pages/maal.py", title="Mål og baselines", icon="🎯", url_path="maal", default=True),
]
navigation = st.navigation(pages)
st.sidebar.title("Boligsocial Monitor")
plan_selector()
demo_banner()
navigation.run()
