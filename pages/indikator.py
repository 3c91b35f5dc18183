"""Indikator: one indicator's time series with comparators, baseline, target and uncertainty."""

import streamlit as st

from monitor import dashboard, notes
from monitor import followup_view as view
from monitor.export import danish_table, to_excel_csv_bytes, to_xlsx_bytes
from monitor.plan_overview import overview_years, plan_frames, plan_overview, with_breakdown
from monitor.web import connection, current_plan, logged_in, query, url_selectbox

plan = current_plan()
user = logged_in()
# A goal followed for the whole plan also offers each boligområde (its breakdown).
goal_indicators = with_breakdown(
    query("plan_goal_indicators", plan_id=plan.name),
    query("plan_areas", plan_id=plan.name),
    plan.name,
)
choices = dashboard.indicator_choices(goal_indicators)
if not choices:
    st.info("Planen har ingen indikatorer.")
    st.stop()
key = url_selectbox(
    "Indikator",
    list(choices),
    key="indicator",
    param="indikator",
    default=next(iter(choices)),
    format_func=choices.__getitem__,
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
# The status as the Overblik judges it for the newest full year, and why.
frames = plan_frames(query, plan.name)
_years, newest = overview_years(frames, plan)
judged = plan_overview(frames, plan, newest, goal_id=row["goal_id"])
if not judged.empty:
    judged = judged[(judged["indicator_code"] == code) & (judged["Geografi"] == row["geo_name"])]
if not judged.empty:
    status_row = judged.iloc[0]
    st.markdown(f"**Status {newest}:** {status_row['Status']} · ændring {status_row['Ændring']}")
    with st.expander("Sådan er status beregnet", icon=":material/help:"):
        st.markdown(status_row["Forklaring"])

chart = dashboard.chart_frame(
    query("plan_series", plan_id=plan.name),
    meta,
    query("plan_chart_periods", plan_id=plan.name),
)
baselines = query("plan_baselines_detail", plan_id=plan.name)
targets = query("plan_targets", plan_id=plan.name)
# Notes change without an import: read uncached.
point_notes = notes.notes(connection(), code, geo, plan.name)
markers = dashboard.note_points(chart, meta, point_notes) if not chart.empty else None

if chart.empty:
    st.info("Der er endnu ingen tal for denne indikator. Indlæs data på siden Import.")
else:
    # The same figure the meeting pack prints (monitor.reports.meeting_pack_pdf).
    # The plan this one continues (its baseline for the same area), and when the afdelinger
    # behind the area changed (a new plan's wider geography, say).
    # (A boligområde the plan defines otherwise than the shared area has its own geography.)
    own_geo = query("plan_area_geography", plan_id=plan.name).set_index("area_code")["geo_code"]
    changes = dashboard.geography_changes(
        query("geography_changes", geo_code=own_geo.get(geo, geo)), row["geo_name"]
    )
    earlier = []
    predecessor = plan.get("predecessor")
    if isinstance(predecessor, str) and predecessor:
        plans = query("plans").set_index("plan_id")
        if predecessor in plans.index:
            earlier = dashboard.earlier_baselines(
                query("plan_baselines_detail", plan_id=predecessor),
                meta,
                plans.loc[predecessor, "name"],
            )
    figure = dashboard.indicator_chart(
        chart,
        meta,
        baselines,
        targets,
        query("plans_in_kommune", kommune_code=plan["kommune_code"]),
        notes=markers,
        earlier_baselines=earlier,
        geography_changes=changes,
    )
    # theme=None: Streamlit's chart theme would shrink the figure's 16 px text; no plotly
    # toolbar over the labels above the plot (Streamlit's own toolbar has full screen)
    st.plotly_chart(figure, key="indicator_chart", theme=None, config={"displayModeBar": False})
    for remark in dashboard.chart_remarks(chart, meta.unit):
        st.caption(remark)
    for _year, change in changes:
        st.caption(f"Ny geografi: {change}; tallene før og efter bygger på forskellige afdelinger.")
    if meta.source_kind == "tryghed" and chart["denominator"].isna().any():
        st.caption("For nogle tal mangler antal svar, så deres usikkerhed er ukendt.")

st.subheader("Noter til tallene")
if markers is None or markers.empty:
    st.caption("Ingen noter til denne indikator.")
else:
    for line in markers["text"]:
        st.markdown(f"- {line}")
if user.can("write_note"):
    with st.expander("Skriv en note til et datapunkt", icon=":material/sticky_note_2:"):
        with st.form("note_form", clear_on_submit=True, border=False):
            years = sorted({int(y) for y in chart["year"]}) if not chart.empty else []
            period = st.selectbox(
                "År",
                options=[str(y) for y in reversed(years)],
                key="note_period",
                accept_new_options=True,
                help="Et år (2020), et kvartal (2020-K2) eller en måned (2020-04).",
            )
            text = st.text_area(
                "Note",
                placeholder="fx Rådgivningen var ikke personlig under corona",
                key="note_text",
            )
            saved = st.form_submit_button("Gem noten", type="primary", key="note_save")
        if saved:
            try:
                notes.add_note(
                    connection(),
                    user,
                    indicator_code=code,
                    geo_code=geo,
                    period=str(period or ""),
                    text=text or "",
                    plan_id=plan.name,
                )
            except notes.NoteError as exc:
                st.error(str(exc))
            else:
                st.session_state["note_flash"] = f"Noten til {period} er gemt."
                st.rerun()
if flash := st.session_state.pop("note_flash", None):
    st.success(flash)
if not point_notes.empty:
    st.caption(
        "Noterne kommer med i mødematerialet og revisionsdokumentationen. "
        + " · ".join(
            f"{n['period']}: {n['author']}, {view.when_text(n['created_at'])}"
            for n in point_notes.to_dict("records")
        )
    )

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
    data=to_excel_csv_bytes(danish_table(export, {"role": dashboard.ROLE_LABELS})),
    file_name=f"{code}-{geo}.csv",
    mime="text/csv",
    key="indicator_csv",
)
right.download_button(
    "Hent som Excel",
    data=to_xlsx_bytes({"Tal": danish_table(export, {"role": dashboard.ROLE_LABELS})}),
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
    facts.append(f"**Spørgsmål:** {detail['question']}")
if detail["answer_group"]:
    facts.append(f"**Svargruppe:** {detail['answer_group']}")
st.markdown("  \n".join(facts))
