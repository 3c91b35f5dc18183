"""Sammenlign: the plan's boligområder side by side, and one area's indicators each against its
comparator (small multiples: one small chart per indicator, each with its own axis)."""

import pandas as pd
import streamlit as st

from monitor import dashboard
from monitor.charts import break_summary, compare_figure, gap_panel_figure
from monitor.fmt import fmt_value
from monitor.plan_overview import with_breakdown
from monitor.web import current_plan, query

# theme=None on every chart: Streamlit's chart theme would shrink the figures' 16 px text.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}

plan = current_plan()
st.title(f"Sammenlign – {plan['name']}")
series = query("plan_series", plan_id=plan.name)
periods = query("plan_chart_periods", plan_id=plan.name)
areas = query("plan_areas", plan_id=plan.name)
# A goal followed for the whole plan is compared area by area (its breakdown).
goal_indicators = with_breakdown(query("plan_goal_indicators", plan_id=plan.name), areas, plan.name)

st.header("Boligområderne side om side")
if len(areas) < 2:
    st.info("Planen dækker ét boligområde; der er ikke andre områder at stille op ved siden af.")
else:
    lbf = goal_indicators.dropna(subset=["indicator_code"])
    names = dict(zip(lbf["indicator_code"], lbf["indicator_name"], strict=False))
    code = st.selectbox(
        "Indikator", options=list(names), format_func=names.__getitem__, key="compare_indicator"
    )
    unit, source_kind = lbf.loc[lbf["indicator_code"] == code, ["unit", "source_kind"]].iloc[0]
    side = dashboard.areas_side_by_side(series, code, areas, periods)
    if side.empty:
        st.info("Ingen tal for denne indikator i planens områder.")
    else:
        st.plotly_chart(
            compare_figure(side, unit, source_kind=source_kind),
            key="compare_chart",
            theme=None,
            config=CHART_CONFIG,
        )
        breaks = break_summary(side, source_kind)
        if breaks:
            st.caption(
                "Brud i serien (linjen er afbrudt; tallene før og efter dækker ikke det samme): "
                + "; ".join(breaks)
                + "."
            )
        full = side[~side["partial"].fillna(False).astype(bool) & side["value"].notna()]
        latest = full.sort_values("year").groupby("geo_name", sort=False).tail(1)
        st.dataframe(
            latest.assign(
                Værdi=[fmt_value(v, unit) for v in latest["value"]],
                År=latest["year"].astype(str),
            )[["geo_name", "År", "Værdi"]].rename(columns={"geo_name": "Geografi"}),
            hide_index=True,
            key="compare_table",
        )

st.header("Hver indikator mod sin sammenligning")
geo_names = dict(
    zip(goal_indicators["geo_code"].dropna(), goal_indicators["geo_name"].dropna(), strict=False)
)
area = st.selectbox(
    "Område", options=list(geo_names), format_func=geo_names.__getitem__, key="compare_area"
)
baselines = query("plan_baselines_detail", plan_id=plan.name)
year = dashboard.default_year(series, pd.Timestamp(plan["period_end"]).year)
panels, without = dashboard.gap_panels(
    goal_indicators,
    baselines,
    query("plan_targets", plan_id=plan.name),
    series,
    area,
    year=year,
    plan_start_year=pd.Timestamp(plan["period_start"]).year,
    kommune_code=plan["kommune_code"],
)
if not panels:
    st.info("Ingen indikatorer med tal for både området og en sammenligning.")
else:
    st.caption(
        f"Én graf pr. indikator, hver med sin egen akse: området (blå, fuldt optrukket) mod "
        f"sammenligningen (orange, stiplet). De grå bjælker er afstanden mellem dem i "
        f"baselineåret og i det seneste år, som i Overblikket (opgjort for {year})."
    )
    for start in range(0, len(panels), 2):
        row = panels[start : start + 2]
        for column, panel in zip(st.columns(2, gap="large")[: len(row)], row, strict=True):
            with column:
                st.markdown(f"**{panel.indicator_name}**")
                st.caption(dashboard.gap_caption(panel))
                st.plotly_chart(
                    gap_panel_figure(
                        panel.area,
                        panel.comparator,
                        panel.unit,
                        area_name=panel.area_name,
                        comparator_name=panel.comparator_name,
                        gaps=panel.gaps,
                    ),
                    key=f"gap_chart_{panel.indicator_code}",
                    theme=None,
                    config=CHART_CONFIG,
                )
if without:
    st.caption(
        "Uden tal for både området og en sammenligning (se dem på siden Indikator): "
        + " · ".join(dict.fromkeys(without))
    )
