"""Overblik: every mål and delmål of the plan against its baselines, as of a chosen year."""

import streamlit as st

from monitor import dashboard
from monitor.export import danish_table, to_excel_csv_bytes
from monitor.plan_overview import (
    overview_years,
    plan_frames,
    plan_overview,
    version_in_force,
    version_note,
)
from monitor.web import current_plan, query, url_selectbox

# One row of choices and a tighter top, so the first mål's rows fit on a projector's first
# screen (1280×720).
st.markdown(
    "<style>@media (max-width: 1360px) {.block-container {padding: 1.5rem 2rem 2rem 2rem;} "
    "h1 {font-size: 2rem !important; padding-bottom: 0.3rem !important;} "
    "h3 {font-size: 1.4rem !important; padding: 0.4rem 0 0.2rem 0 !important;}}</style>",
    unsafe_allow_html=True,
)
choose_plan, left, middle, right = st.columns([3, 1, 2, 2])
plan = current_plan(where=choose_plan)

frames = plan_frames(query, plan.name)
goal_indicators = frames["plan_goal_indicators"]
areas = query("plan_areas", plan_id=plan.name)
years, newest = overview_years(frames, plan)

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

# A past year is judged against the goals and baselines in force then (issue 9).
versions = query("plan_versions", plan_id=plan.name)
in_force = version_in_force(versions, int(year))
if in_force is not None and int(in_force["version_no"]) != int(versions["version_no"].max()):
    frames = plan_frames(query, plan.name, int(in_force["version_no"]))

st.title(f"Overblik – {plan['name']}")
changed = version_note(versions, int(year))
if changed:
    st.caption(changed)
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
    f"Tal til og med {year}: "
    + " · ".join(f"**{n}** {dashboard.status_text(s)}" for s, n in counts.items() if n),
    help="Status tester ændringen fra baseline til seneste tal på 95 %-niveau i indikatorens "
    "retning; en ændring inden for usikkerheden er uændret. Sammenligning er kommunen eller den "
    "sammenligningsgruppe, planen angiver; afstanden viser, om området udvikler sig bedre eller "
    "dårligere end den. Klik 'Sådan er status beregnet' ved en status for tallene bag.",
)
st.markdown(dashboard.OVERVIEW_CSS, unsafe_allow_html=True)
for name in dashboard.INDSATSOMRAADER:
    if name in set(display["indsatsomraade"]):
        st.subheader(name)
        st.markdown(dashboard.overview_html(display, name), unsafe_allow_html=True)

export = display.drop(columns=[*dashboard.DISPLAY_ONLY, "goal_id", "kind", "indicator_code"])
st.download_button(
    "Hent overblikket som CSV",
    data=to_excel_csv_bytes(danish_table(export)),
    file_name=f"overblik-{plan.name}-{year}.csv",
    mime="text/csv",
    key="overview_csv",
)
