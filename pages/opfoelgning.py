"""Opfølgning: every mål and delmål's yearly follow-up, written beside its figures."""

import pandas as pd
import streamlit as st

from monitor import dashboard, followup
from monitor import followup_view as view
from monitor.plan_overview import plan_frames, plan_overview
from monitor.web import connection, current_plan, followup_year, logged_in, query, url_selectbox

plan = current_plan()
user = logged_in()
conn = connection()
can_write = user.can("write_followup")

st.title(f"Opfølgning – {plan['name']}")
year = followup_year(plan, "Opfølgning for året", key="followup_year")

# Follow-ups change without an import, so they are read uncached on every rerun.
current = followup.current(conn, plan.name, int(year))
done, total = followup.coverage(current)
st.metric(
    "Opfølgningsgrad",
    followup.coverage_text(done, total),
    help="Mål og delmål med en indsendt (eller godkendt) opfølgning for året.",
)
states = view.state_table(current)
st.dataframe(
    states.drop(columns=["goal_id"]),
    hide_index=True,
    width="stretch",
    key="followup_states",
    column_config={"Mål": st.column_config.TextColumn(width="large")},
)
if current.empty:
    st.info("Planen har ingen mål.")
    st.stop()

titles = dict(zip(current["goal_id"], current["goal"], strict=True))
goal_id = url_selectbox(
    "Mål eller delmål",
    list(titles),
    key="followup_goal",
    param="maal",
    default=next(iter(titles)),
    format_func=titles.__getitem__,
)
newest = followup.latest(conn, plan.name, int(year), goal_id)
target = (plan.name, int(year), goal_id)

# The editor is loaded from the newest version when the choice changes or after a save;
# otherwise what the user typed stays, also when a save is refused.
if st.session_state.get("fu_loaded_for") != target or st.session_state.pop("fu_reload", False):
    st.session_state["fu_loaded_for"] = target
    st.session_state["fu_based_on"] = None if newest is None else newest.version_id
    st.session_state["fu_status"] = None if newest is None else newest.status
    st.session_state["fu_story"] = "" if newest is None else newest.story_md
    st.session_state["fu_next"] = "" if newest is None else newest.next_steps
    st.session_state["fu_reason"] = ""


def draw_chart(goal_id: str) -> None:
    """The chosen indicator's chart, the same figure as the Indikator page."""
    gis = query("plan_goal_indicators", plan_id=plan.name)
    gis = gis[(gis["goal_id"] == goal_id) & gis["indicator_code"].notna()]
    choices = {
        f"{r['indicator_code']}@{r['geo_code']}": f"{r['indicator_name']} ({r['geo_name']})"
        for r in gis.to_dict("records")
    }
    if not choices:
        return
    chosen = st.selectbox(
        "Graf", options=list(choices), format_func=choices.__getitem__, key="followup_chart"
    )
    if chosen not in choices:
        return
    row = gis[(gis["indicator_code"] + "@" + gis["geo_code"]) == chosen].iloc[0]
    meta = dashboard.IndicatorMeta(
        row["indicator_code"],
        row["indicator_name"],
        row["unit"],
        row["direction"],
        row["source_kind"],
        row["geo_code"],
    )
    chart = dashboard.chart_frame(
        query("plan_series", plan_id=plan.name),
        meta,
        query("plan_chart_periods", plan_id=plan.name),
    )
    if chart.empty:
        st.caption("Ingen tal endnu for denne indikator.")
        return
    figure = dashboard.indicator_chart(
        chart,
        meta,
        query("plan_baselines_detail", plan_id=plan.name),
        query("plan_targets", plan_id=plan.name),
        query("plans_in_kommune", kommune_code=plan["kommune_code"]),
        goal_id=goal_id,
    )
    # The figure's own type sizes (16 px), not Streamlit's chart theme.
    st.plotly_chart(figure, key="followup_figure", theme=None, config={"displaylogo": False})


figures, writing = st.columns([5, 4], gap="large")
with figures:
    st.subheader("Tallene")
    display = plan_overview(plan_frames(query, plan.name), plan, int(year), goal_id=goal_id)
    if display.empty:
        st.caption("Målet har ingen indikatorer.")
    else:
        st.caption(f"Som Overblikket viser dem, opgjort for {year}.")
        for card in view.figure_cards(display):
            with st.container(border=True):
                st.markdown(card)
        draw_chart(goal_id)

with writing:
    submitted = current.set_index("goal_id").loc[goal_id]
    approved = not pd.isna(submitted["last_approved_on"])
    if can_write:
        st.subheader("Skriv opfølgningen")
        if approved:
            st.warning(
                "Opfølgningen er godkendt af bestyrelsen "
                f"({view.date_text(submitted['last_approved_on'])}) og er låst. En rettelse "
                "gemmes som en ny version, markeret som rettet efter godkendelse, og skal "
                "godkendes igen.",
                icon=":material/lock:",
            )
        st.selectbox(
            "Vurdering",
            options=followup.STATUSES,
            index=None,
            placeholder="Vælg en vurdering",
            key="fu_status",
        )
        write_tab, preview_tab = st.tabs(["Skriv", "Forhåndsvisning"])
        with write_tab:
            st.text_area(
                "Historien bag tallene",
                height=260,
                help="Markdown: **fed**, *kursiv*, punktlister med -.",
                key="fu_story",
            )
            st.text_area("Næste skridt", height=120, key="fu_next")
        with preview_tab:
            # Streamlit's Markdown shows raw HTML as text; nothing the user writes runs.
            st.markdown(st.session_state.get("fu_story") or "*Ingen tekst endnu.*")
            if st.session_state.get("fu_next"):
                st.markdown("**Næste skridt**")
                st.markdown(st.session_state["fu_next"])
        correcting = not pd.isna(submitted["submitted_version_id"])
        if correcting:
            st.text_input(
                "Begrundelse for rettelsen",
                help="Kræves, når en indsendt opfølgning rettes: hvad er rettet og hvorfor?",
                key="fu_reason",
            )
        save_col, submit_col = st.columns(2)
        action = None
        if save_col.button("Gem kladde", key="fu_save", icon=":material/save:"):
            action = followup.save_draft
        if submit_col.button("Indsend", type="primary", key="fu_submit", icon=":material/send:"):
            action = followup.submit
        if action is not None:
            try:
                saved = action(
                    conn,
                    user,
                    plan_id=plan.name,
                    year=int(year),
                    goal_id=goal_id,
                    status=st.session_state.get("fu_status"),
                    story_md=st.session_state.get("fu_story") or "",
                    next_steps=st.session_state.get("fu_next") or "",
                    based_on=st.session_state.get("fu_based_on"),
                    reason=st.session_state.get("fu_reason") or None,
                )
            except followup.ConflictError as exc:
                st.error(str(exc), icon=":material/sync_problem:")
                st.caption("Din tekst, som ikke er gemt:")
                st.code(exc.refused.story_md or "", language="markdown", wrap_lines=True)
                if st.button("Hent den nyeste version", key="fu_load_newest"):
                    st.session_state["fu_reload"] = True
                    st.rerun()
            except followup.FollowupError as exc:
                st.error(str(exc))
            else:
                st.session_state["fu_reload"] = True
                st.session_state["fu_flash"] = (
                    f"Indsendt: version {saved.version_no}, tallene er fastfrosset."
                    if saved.frozen
                    else f"Kladde gemt: version {saved.version_no}."
                )
                st.rerun()
        if flash := st.session_state.pop("fu_flash", None):
            st.success(flash)
    else:
        st.subheader("Opfølgningen")
        shown = None
        if not pd.isna(submitted["submitted_version_id"]):
            shown = followup.get_version(conn, int(submitted["submitted_version_id"]))
        if shown is None:
            st.info("Der er endnu ikke indsendt en opfølgning for dette mål og år.")
        else:
            st.markdown(
                f"**Vurdering:** {shown.status} · version {shown.version_no} af {shown.author}, "
                f"{view.when_text(shown.created_at)}"
                + (f" · godkendt {view.date_text(shown.approved_on)}" if shown.approved_on else "")
            )
            st.markdown(shown.story_md)
            if shown.next_steps:
                st.markdown("**Næste skridt**")
                st.markdown(shown.next_steps)

st.subheader("Versioner")
versions = followup.versions(conn, plan.name, int(year), goal_id)
if versions.empty:
    st.caption("Ingen versioner endnu.")
else:
    st.dataframe(view.versions_table(versions), hide_index=True, width="stretch", key="fu_versions")
    numbers = [int(v) for v in versions["version_no"]]
    if len(numbers) > 1:
        left, right = st.columns(2)
        old_no = left.selectbox("Sammenlign version", numbers, index=len(numbers) - 2, key="fu_a")
        new_no = right.selectbox("med version", numbers, index=len(numbers) - 1, key="fu_b")
        by_no = dict(zip(numbers, versions["version_id"], strict=True))
        old = followup.get_version(conn, int(by_no[old_no]))
        new = followup.get_version(conn, int(by_no[new_no]))
        changes = followup.text_diff(old, new)
        if not changes:
            st.caption("Teksten er den samme i de to versioner.")
        for label, diff in changes:
            st.markdown(f"**{label}**")
            st.code(diff, language="diff", wrap_lines=True)
