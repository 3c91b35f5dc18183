"""Bestyrelsesmøder: the year's meetings, what was presented and approved, the meeting pack."""

import datetime as dt

import pandas as pd
import streamlit as st

from monitor import followup, meetings, plan_versions, reports
from monitor import followup_view as view
from monitor.web import connection, current_plan, logged_in, url_selectbox

plan = current_plan()
user = logged_in()
conn = connection()

st.title(f"Bestyrelsesmøder – {plan['name']}")
today = dt.date.today()
all_meetings = meetings.meetings(conn, plan.name)
years = sorted({m.meeting_date.year for m in all_meetings} | {today.year})
year = url_selectbox("År", years, key="meeting_year", param="aar", default=today.year)
# The bestyrelse's members and rhythm are part of the plan (issue 9).
board = plan_versions.board(conn, plan.name)
per_year = None if board is None else board.meetings_per_year
rhythm = view.rhythm(all_meetings, int(year), today, per_year)
st.markdown(rhythm.text(int(year)))
missed = rhythm.warning(int(year))
if missed:
    st.warning(missed, icon=":material/event_busy:")
if board is not None and board.members:
    st.caption("Bestyrelsen ifølge planen: " + "; ".join(m.name for m in board.members))

labels = view.version_labels(conn, plan.name)
shown = [m for m in all_meetings if m.meeting_date.year == int(year)]
if shown:
    st.dataframe(
        view.meetings_table(shown, labels),
        hide_index=True,
        width="stretch",
        key="meeting_table",
        column_config={
            "Dato": st.column_config.TextColumn(width="small"),
            "Deltagere": st.column_config.TextColumn(width="medium"),
            "Fremlagt": st.column_config.TextColumn(width="medium"),
            "Godkendt": st.column_config.TextColumn(width="medium"),
            "Beslutninger": st.column_config.TextColumn(width="large"),
        },
    )
else:
    st.caption(f"Ingen møder registreret i {year}.")

st.subheader("Mødemateriale")
pack_dates = sorted({m.meeting_date for m in all_meetings} | {today}, reverse=True)
pack_date = st.selectbox(
    "Møde",
    options=pack_dates,
    format_func=lambda d: view.date_text(d) + (" (i dag)" if d == today else ""),
    key="pack_date",
)
if user.can("meeting_pack"):
    if st.button("Dan mødemateriale (PDF)", key="pack_build", icon=":material/picture_as_pdf:"):
        try:
            with st.spinner("Danner mødematerialet med grafer ..."):
                st.session_state["pack_pdf"] = (
                    plan.name,
                    pack_date,
                    reports.meeting_pack_pdf(conn, user, plan.name, pack_date),
                )
        except reports.ReportError as exc:
            st.error(str(exc))
    built = st.session_state.get("pack_pdf")
    if built and built[:2] == (plan.name, pack_date):
        st.download_button(
            "Hent mødematerialet",
            data=built[2],
            file_name=f"moedemateriale-{plan.name}-{pack_date:%Y-%m-%d}.pdf",
            mime="application/pdf",
            key="pack_download",
            icon=":material/download:",
        )

if user.can("record_meeting"):
    st.subheader("Registrér et møde")
    choices = view.submitted_choices(conn, plan.name)
    options = [int(v) for v in choices["version_id"]] if not choices.empty else []
    label_of = dict(zip(options, choices["label"], strict=True)) if options else {}
    with st.form("meeting_form", clear_on_submit=False, border=True):
        date = st.date_input("Mødedato", value=today, format="DD.MM.YYYY", key="meeting_date")
        participants = st.text_area(
            "Deltagere (én pr. linje)", key="meeting_participants", height=120
        )
        presented = st.multiselect(
            "Fremlagte opfølgninger",
            options=options,
            format_func=label_of.__getitem__,
            key="meeting_presented",
            placeholder="Vælg de opfølgninger, der blev fremlagt",
        )
        approved = st.multiselect(
            "Godkendt af bestyrelsen",
            options=options,
            format_func=label_of.__getitem__,
            key="meeting_approved",
            placeholder="Vælg de fremlagte opfølgninger, bestyrelsen godkendte",
        )
        decisions = st.text_area("Beslutninger (én pr. linje)", key="meeting_decisions", height=120)
        submitted = st.form_submit_button("Gem mødet", type="primary", key="meeting_save")
    if submitted:
        try:
            saved = meetings.record_meeting(
                conn,
                user,
                plan_id=plan.name,
                meeting_date=date,
                participants=(participants or "").splitlines(),
                presented=list(presented),
                approved=list(approved),
                decisions=(decisions or "").splitlines(),
            )
        except meetings.MeetingError as exc:
            st.error(str(exc))
        else:
            st.session_state["meeting_flash"] = (
                f"Mødet {view.date_text(saved.meeting_date)} er gemt"
                + (f"; {len(saved.approved)} opfølgning(er) godkendt." if saved.approved else ".")
            )
            st.rerun()
    if flash := st.session_state.pop("meeting_flash", None):
        st.success(flash)

st.subheader("Godkendelser og rettelser")
versions = followup.versions(conn, plan.name)
submitted_versions = versions[versions["state"] == "submitted"] if not versions.empty else versions
if submitted_versions.empty:
    st.caption("Ingen indsendte opfølgninger endnu.")
else:
    table = pd.DataFrame(
        {
            "År": submitted_versions["year"],
            "Mål": submitted_versions["goal"],
            "Version": submitted_versions["version_no"],
            "Indsendt af": submitted_versions["author"],
            "Indsendt": [view.when_text(t) for t in submitted_versions["created_at"]],
            "Rettet efter godkendelse": [
                "ja" if a else "" for a in submitted_versions["after_approval"]
            ],
            "Begrundelse": submitted_versions["reason"].fillna(""),
            "Godkendt": [view.date_text(d) for d in submitted_versions["approved_on"]],
        }
    ).sort_values(["År", "Mål", "Version"], ascending=[False, True, True])
    st.dataframe(table, hide_index=True, width="stretch", key="approval_table")
