"""Indikator: one indicator's time series with comparators, baseline, target and uncertainty."""

import pandas as pd
import streamlit as st

from monitor import dashboard
from monitor.charts import ChartBaseline, ChartTarget, indicator_figure
from monitor.export import to_csv_bytes, to_xlsx_bytes
from monitor.fmt import fmt_value
from monitor.web import current_plan, query

plan = current_plan()
goal_indicators = query("plan_goal_indicators", plan_id=plan.name)
choices = dashboard.indicator_choices(goal_indicators)
if not choices:
    st.info("Planen har ingen indikatorer.")
    st.stop()
if st.session_state.get("indicator") not in choices:
    st.session_state["indicator"] = next(iter(choices))
key = st.selectbox(
    "Indikator", options=list(choices), format_func=choices.__getitem__, key="indicator"
)
code, geo = key.split("@", 1)
row = goal_indicators[
    (goal_indicators["indicator_code"] == code) & (goal_indicators["geo_code"] == geo)
].iloc[0]
detail = query("indicator_detail", indicator_code=code).iloc[0]
meta = dashboard.IndicatorMeta(
    code, row["indicator_name"], row["unit"], row["direction"], row["source_kind"], geo
)
st.title(row["indicator_name"])
st.caption(
    f"{row['geo_name']} · {dashboard.DIRECTION_LABELS[row['direction']]} · "
    f"{'Mål' if row['kind'] == 'maal' else 'Delmål'}: {row['title']}"
)

chart = dashboard.chart_frame(query("plan_series", plan_id=plan.name), meta)
baselines = query("plan_baselines_detail", plan_id=plan.name)
own_baseline = baselines[
    (baselines["indicator_code"] == code)
    & (baselines["area_code"] == geo)
    & (baselines["geo_code"] == geo)
    & (baselines["role"] == "omraade")
    & baselines["value"].notna()
]
baseline = None
if not own_baseline.empty and pd.notna(own_baseline["year"].iloc[0]):
    b = own_baseline.iloc[0]
    baseline = ChartBaseline(int(b["year"]), float(b["value"]), fmt_value(b["value"], meta.unit))
targets = query("plan_targets", plan_id=plan.name)
own_target = targets[(targets["indicator_code"] == code) & (targets["geo_code"] == geo)]
target = None
if not own_target.empty and pd.notna(own_target["threshold"].iloc[0]):
    t = own_target.iloc[0]
    target = ChartTarget(t["kind"], float(t["threshold"]), t["text"])

if chart.empty:
    st.info("Der er endnu ingen tal for denne indikator. Indlæs data på siden Import.")
else:
    figure = indicator_figure(
        chart,
        meta.unit,
        baseline=baseline,
        target=target,
        periods=dashboard.plan_periods(
            query("plans_in_kommune", kommune_code=plan["kommune_code"])
        ),
    )
    st.plotly_chart(figure, key="indicator_chart", config={"displaylogo": False})
    if meta.source_kind == "tryghed" and chart["denominator"].isna().any():
        st.caption("For nogle tal mangler antal svar, så deres usikkerhed er ukendt.")

batches = query("batch_lineage")
st.subheader("Tal")
st.dataframe(
    dashboard.figures_table(chart, batches, meta.unit, detail["source"]),
    hide_index=True,
    width="stretch",
    key="indicator_table",
)
export = dashboard.figures_export(chart, batches, meta)
left, right = st.columns(2)
left.download_button(
    "Hent som CSV",
    data=to_csv_bytes(export),
    file_name=f"{code}-{geo}.csv",
    mime="text/csv",
    key="indicator_csv",
)
right.download_button(
    "Hent som Excel",
    data=to_xlsx_bytes({"Tal": export}),
    file_name=f"{code}-{geo}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="indicator_xlsx",
)

st.subheader("Definition og kilde")
st.markdown(detail["definition"] or "Ingen definition angivet.")
facts = [f"**Kilde:** {detail['source'] or 'ikke angivet'}"]
if detail["survey"]:
    facts.append(f"**Undersøgelse:** {detail['survey']}")
if detail["question"]:
    facts.append(f"**Spørgsmål:** {detail['question']} — **svargruppe:** {detail['answer_group']}")
st.markdown("  \n".join(facts))
