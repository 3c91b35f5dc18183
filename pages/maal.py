"""Mål og baselines: the chosen plan's indsatsområder, goals, indicators and baselines."""

import streamlit as st

from monitor.plan_view import KIND_LABELS, goals_by_indsatsomraade, unlinked_activities
from monitor.text import escape_markdown
from monitor.web import current_plan, query

plan = current_plan()
plan_id = plan.name
st.title(plan["name"])
st.caption(f"Periode {plan['period_start']:%d.%m.%Y} – {plan['period_end']:%d.%m.%Y}")
activities = query("plan_activities", plan_id=plan_id)
grouped = goals_by_indsatsomraade(
    query("plan_goal_indicators", plan_id=plan_id),
    query("plan_baselines_detail", plan_id=plan_id),
    query("plan_targets", plan_id=plan_id),
    activities,
    # A baseline the plan leaves empty is taken from the data, as on the Overblik.
    series=query("plan_series", plan_id=plan_id),
    plan_start_year=plan["period_start"].year,
    kommune_code=plan["kommune_code"],
)
for indsatsomraade, goals in grouped.items():
    st.header(indsatsomraade)
    for goal in goals:
        st.subheader(f"{KIND_LABELS[goal.kind]}: {goal.title}")
        for target in goal.targets:
            st.markdown(f"**Mål:** {target}")
        if goal.baselines.empty:
            st.caption("Ingen indikatorer fastsat for dette delmål.")
        else:
            # A static table wraps its text: on a projector (1280 px) every column shows, where
            # a scrolling grid hid the baselines at the right edge.
            st.table(goal.baselines.map(escape_markdown), hide_index=True, border="horizontal")
        if goal.activities:
            st.caption("Aktiviteter: " + ", ".join(map(escape_markdown, goal.activities)))
    # Activities the plan lists under the indsatsområde without naming the delmål they support
    # (seed 002): shown as the plan gives them, until the leder sets the links.
    unlinked = unlinked_activities(activities, indsatsomraade)
    if unlinked:
        st.caption(
            "Aktiviteter under indsatsområdet (planen knytter dem ikke til et bestemt delmål): "
            + ", ".join(map(escape_markdown, unlinked))
        )
