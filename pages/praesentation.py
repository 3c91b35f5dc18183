"""Præsentation: the Overblik for the board's meeting on a projector, one indsatsområde per
screen in large type, with the app's chrome hidden; forward and back."""

import html

import streamlit as st

from monitor import config, dashboard
from monitor.plan_overview import overview_years, plan_frames, plan_overview
from monitor.web import current_plan, query, url_selectbox

# The chrome hidden and the type large: what the back row of a meeting room reads.
st.markdown(
    """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100%;}
.praes table.ovw {font-size: 1.2rem; table-layout: auto;}
.praes table.ovw .small {font-size: 0.95rem;}
/* the sparkline and the intervals give way to the figures on a projector */
.praes table.ovw .c-spark, .praes table.ovw .interval {display: none;}
.praes h2 {font-size: 2.2rem; margin: 0 0 0.5rem 0;}
</style>
""",
    unsafe_allow_html=True,
)

# The plan and year are chosen before the meeting: folded away, the screen is the figures'.
with st.expander("Plan og år", icon=":material/tune:"):
    plan = current_plan()
    frames = plan_frames(query, plan.name)
    years, newest = overview_years(frames, plan)
    year = url_selectbox("År", years, key="praes_year", param="aar", default=newest)
display = plan_overview(frames, plan, int(year))
screens = [n for n in dashboard.INDSATSOMRAADER if n in set(display.get("indsatsomraade", []))]
if not screens:
    st.info("Planen har ingen mål at vise.")
    st.stop()

# Which screen: in the URL (?side=2), so a reload or a shared link opens the same screen.
try:
    at = int(st.query_params.get("side", "1"))
except ValueError:
    at = 1
at = min(max(at, 1), len(screens))
st.query_params["side"] = str(at)
name = screens[at - 1]
demo = " · demodata" if config.demo_mode() else ""
st.markdown(f"**{plan['name']}** · tal til og med {year} · side {at} af {len(screens)}{demo}")

st.markdown(dashboard.OVERVIEW_CSS, unsafe_allow_html=True)
st.markdown(
    f'<div class="praes"><h2>{html.escape(name)}</h2>'
    f"{dashboard.overview_html(display, name)}</div>",
    unsafe_allow_html=True,
)

back, page_links, forward = st.columns([1, 2, 1])
if back.button(
    "Forrige", key="praes_back", icon=":material/arrow_back:", disabled=at == 1, width="stretch"
):
    st.query_params["side"] = str(at - 1)
    st.rerun()
if forward.button(
    "Næste",
    key="praes_next",
    icon=":material/arrow_forward:",
    disabled=at == len(screens),
    width="stretch",
):
    st.query_params["side"] = str(at + 1)
    st.rerun()
page_links.page_link("pages/overblik.py", label="Afslut præsentationen", icon=":material/close:")
