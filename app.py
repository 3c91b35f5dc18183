"""Boligsocial Monitor: the Streamlit entry point (navigation, plan selector, demo banner)."""

import streamlit as st

st.set_page_config(page_title="Boligsocial Monitor", page_icon="🏘️", layout="wide")

pages = {
    "Mål": [
        st.Page(
            "pages/overblik.py", title="Overblik", icon="📊", url_path="overblik", default=True
        ),
        st.Page("pages/indikator.py", title="Indikator", icon="📈", url_path="indikator"),
        st.Page("pages/sammenlign.py", title="Sammenlign", icon="⚖️", url_path="sammenlign"),
        st.Page("pages/maal.py", title="Mål og baselines", icon="🎯", url_path="maal"),
    ],
    "Data": [
        st.Page("pages/importer.py", title="Import", icon="📥", url_path="import"),
    ],
}
navigation = st.navigation(pages)
st.sidebar.title("Boligsocial Monitor")
navigation.run()
