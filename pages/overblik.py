"""Overblik: every mål and delmål of the plan against its baselines, as of a chosen year."""

import streamlit as st

from monitor import dashboard
from monitor.export import to_csv_bytes
from monitor.plan_overview import overview_years, plan_frames, plan_overview
from monitor.web import current_plan, query, url_selectbox

plan = current_plan()
st.title(f"Overblik – {plan['name']}")

frames = plan_frames(query, plan.name)
goal_indicators = frames["plan_goal_indicators"]
areas = query("plan_areas", plan_id=plan.name)
years, newest = overview_years(frames, plan)

left, middle, right = st.columns(3)
year = url_selectbox("Opgjort for år", years, key="year", param="aar", default=newest, where=left)
present = [i for i in dashboard.INDSATSOMRAADER if i in set(goal_indicators["indsatsomraade"])]
indsatsomraade = url_selectbox(
    "Indsatsområde",
    ["Alle", *present],
    key="overview_indsatsomraade",
    param="indsats",
    default="Alle",
    where=middle,
)
area = None
if len(areas) > 1:
    names = dict(zip(areas["geo_code"], areas["geo_name"], strict=True))
    chosen = url_selectbox(
        "Boligområde",
        ["Alle", *names],
        key="overview_area",
        param="omraade",
        default="Alle",
        format_func=lambda c: names.get(c, c),
        where=right,
    )
    area = None if chosen == "Alle" else chosen

display = plan_overview(
    frames,
    plan,
    int(year),
    indsatsomraade=None if indsatsomraade == "Alle" else indsatsomraade,
    area=area,
)
if display.empty:
    st.info("Ingen mål at vise for dette valg.")
    st.stop()

counts = dashboard.status_counts(display)
st.markdown(
    " · ".join(f"**{n}** {dashboard.status_text(s)}" for s, n in counts.items() if n),
    help="Status sammenligner seneste tal med baseline i indikatorens retning. En ændring inden "
    "for usikkerheden (små tal) tæller som uændret.",
)
st.caption(
    f"Seneste tal til og med {year}. Sammenligning er kommunen eller den sammenligningsgruppe, "
    "planen angiver; afstanden viser, om området udvikler sig bedre eller dårligere end den."
)
st.markdown(dashboard.OVERVIEW_CSS, unsafe_allow_html=True)
for name in dashboard.INDSATSOMRAADER:
    if name in set(display["indsatsomraade"]):
        st.subheader(name)
        st.markdown(dashboard.overview_html(display, name), unsafe_allow_html=True)

export = display.drop(columns=["status", "sparkline", "goal_id", "kind", "indicator_code"])
st.download_button(
    "Hent overblikket som CSV",
    data=to_csv_bytes(export.rename(columns={"indsatsomraade": "Indsatsområde"})),
    file_name=f"overblik-{plan.name}-{year}.csv",
    mime="text/csv",
    key="overview_csv",
)
