"""Overblik: every mål and delmål of the plan against its baselines, as of a chosen year."""

import streamlit as st

from monitor import dashboard
from monitor.export import to_csv_bytes
from monitor.overview import overview
from monitor.web import current_plan, query

plan = current_plan()
st.title(f"Overblik – {plan['name']}")

series = query("plan_series", plan_id=plan.name)
goal_indicators = query("plan_goal_indicators", plan_id=plan.name)
areas = query("plan_areas", plan_id=plan.name)
baselines = query("plan_baselines_detail", plan_id=plan.name)
years = dashboard.plan_years(plan["period_start"], series, baselines["year"].dropna().tolist())
newest = dashboard.default_year(series, years[-1])

left, middle, right = st.columns(3)
year = left.selectbox(
    "Opgjort for år", options=years, index=years.index(newest) if newest in years else 0, key="year"
)
present = [i for i in dashboard.INDSATSOMRAADER if i in set(goal_indicators["indsatsomraade"])]
indsatsomraade = middle.selectbox(
    "Indsatsområde", options=["Alle", *present], key="overview_indsatsomraade"
)
area = None
if len(areas) > 1:
    names = dict(zip(areas["geo_code"], areas["geo_name"], strict=True))
    chosen = right.selectbox(
        "Boligområde",
        options=["Alle", *names],
        format_func=lambda c: names.get(c, c),
        key="overview_area",
    )
    area = None if chosen == "Alle" else chosen

shown = dashboard.filter_goal_indicators(
    goal_indicators,
    indsatsomraade=None if indsatsomraade == "Alle" else indsatsomraade,
    area=area,
    members=query("plan_area_members", plan_id=plan.name),
)
table = overview(
    shown,
    baselines,
    query("plan_targets", plan_id=plan.name),
    series,
    int(year),
    plan_start_year=plan["period_start"].year,
    kommune_code=plan["kommune_code"],
)
display = dashboard.overview_display(table)
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
