"""Sammenlign: the plan's boligområder side by side, and one area's indicators indexed."""

import streamlit as st

from monitor import dashboard
from monitor.charts import compare_figure, index_figure
from monitor.fmt import fmt_value
from monitor.web import current_plan, query

plan = current_plan()
st.title(f"Sammenlign – {plan['name']}")
series = query("plan_series", plan_id=plan.name)
goal_indicators = query("plan_goal_indicators", plan_id=plan.name)
areas = query("plan_areas", plan_id=plan.name)

st.header("Boligområderne side om side")
if len(areas) < 2:
    st.info("Planen dækker ét boligområde; der er ikke andre områder at stille op ved siden af.")
else:
    lbf = goal_indicators.dropna(subset=["indicator_code"])
    names = dict(zip(lbf["indicator_code"], lbf["indicator_name"], strict=False))
    code = st.selectbox(
        "Indikator", options=list(names), format_func=names.__getitem__, key="compare_indicator"
    )
    unit = lbf.loc[lbf["indicator_code"] == code, "unit"].iloc[0]
    side = dashboard.areas_side_by_side(series, code, areas)
    if side.empty:
        st.info("Ingen tal for denne indikator i planens områder.")
    else:
        st.plotly_chart(compare_figure(side, unit), key="compare_chart")
        latest = side.sort_values("year").groupby("geo_name").tail(1)
        st.dataframe(
            latest.assign(
                Værdi=[fmt_value(v, unit) for v in latest["value"]],
                År=latest["year"].astype(str),
            )[["geo_name", "År", "Værdi"]].rename(columns={"geo_name": "Geografi"}),
            hide_index=True,
            key="compare_table",
        )

st.header("Ét område: alle indikatorer i forhold til kommunen")
geo_names = dict(
    zip(goal_indicators["geo_code"].dropna(), goal_indicators["geo_name"].dropna(), strict=False)
)
area = st.selectbox(
    "Område", options=list(geo_names), format_func=geo_names.__getitem__, key="compare_area"
)
baselines = query("plan_baselines_detail", plan_id=plan.name)
own = baselines[(baselines["geo_code"] == area) & baselines["year"].notna()]
indexed = dashboard.indexed_to_baseline(
    series,
    goal_indicators,
    area,
    plan["kommune_code"],
    {r["indicator_code"]: int(r["year"]) for r in own.to_dict("records")},
)
if indexed.empty:
    st.info("Ingen indikatorer med tal for både området og kommunen.")
else:
    st.caption(
        "Indeks 100 = forholdet mellem område og kommune i baselineåret. Over 100: området er "
        "steget i forhold til kommunen. Om det er godt, afhænger af indikatorens retning."
    )
    st.plotly_chart(index_figure(indexed), key="index_chart")
