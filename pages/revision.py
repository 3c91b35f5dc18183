"""Revision: did the follow-up happen? A checklist per goal, the documentation, the audit log."""

import streamlit as st

from monitor import audit, config, followup, meetings, reports
from monitor import followup_view as view
from monitor.web import connection, current_plan, followup_year, page_user, query

user = page_user("read_audit")
plan = current_plan()
conn = connection()

st.title(f"Revision – {plan['name']}")
year = followup_year(plan, "Opfølgningsår", key="revision_year")

goals = query("plan_goal_indicators", plan_id=plan.name).drop_duplicates("goal_id")
goals = goals.rename(columns={"title": "goal"})[["goal_id", "kind", "goal"]]
checklist = view.revision_checklist(
    followup.versions(conn, plan.name, int(year)), goals, meetings.meetings(conn, plan.name)
)
done = int((checklist["Fulgt op"] == "ja").sum()) if not checklist.empty else 0
st.metric("Opfølgningsgrad", followup.coverage_text(done, len(checklist)))
st.dataframe(
    checklist,
    hide_index=True,
    width="stretch",
    key="revision_checklist",
    column_config={"Mål": st.column_config.TextColumn(width="large")},
)

st.subheader("Revisionsdokumentation")
st.caption(
    "Dokumentationen viser hvert måls tal ved årets udgang, også hvor der ikke er skrevet en "
    "opfølgning, opfølgningernes versioner med forfatter og tidspunkt, møderne og importerne "
    "bag tallene. PDF, Excel og JSON har samme fingeraftryk (SHA-256)."
)
if user.can("export"):
    if st.button("Dan dokumentationen", key="revision_build", icon=":material/description:"):
        with st.spinner("Danner dokumentationen ..."):
            st.session_state["revision_export"] = reports.export_revision(
                conn, user, plan.name, int(year)
            )
    export = st.session_state.get("revision_export")
    if export is not None and (export.plan_id, export.year) == (plan.name, int(year)):
        st.markdown(f"Fingeraftryk (SHA-256): `{export.fingerprint}`")
        st.caption(reports.head_text(export.content))
        pdf_col, xlsx_col, json_col = st.columns(3)
        pdf_col.download_button(
            "Hent PDF",
            data=export.pdf,
            file_name=f"{export.stem}.pdf",
            mime="application/pdf",
            key="revision_pdf",
            icon=":material/picture_as_pdf:",
        )
        xlsx_col.download_button(
            "Hent Excel",
            data=export.xlsx,
            file_name=f"{export.stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="revision_xlsx",
            icon=":material/table:",
        )
        json_col.download_button(
            "Hent JSON",
            data=export.canonical.encode("utf-8"),
            file_name=f"{export.stem}.json",
            mime="application/json",
            key="revision_json",
            icon=":material/data_object:",
        )

st.subheader("Revisionsspor")
count, head = audit.head(conn)
st.caption(f"{count} poster · seneste hash `{head}`")
with st.form("audit_verify_form", border=False):
    filed_head = st.text_input(
        "Hoved fra en tidligere eksport (valgfrit)",
        placeholder="fx 51:00f31c71…",
        help="Hovedet (post:hash) står i hver PDF og hvert regneark. Med det opdages også, at "
        "de nyeste poster er slettet eller hele sporet skrevet om siden eksporten.",
        key="audit_head",
    )
    verify = st.form_submit_button(
        "Verificér", type="primary", key="audit_verify", icon=":material/verified_user:"
    )
if verify:
    try:
        expect = audit.parse_head(filed_head) if filed_head.strip() else None
    except audit.AuditError as exc:
        st.error(str(exc))
    else:
        result = audit.verify_summary(conn, key=config.audit_key(), expect_head=expect)
        how = "MAC'erne er kontrolleret med nøglen. " if result.mac_checked else ""
        if result.faults:
            first = (
                f"Første brudte post: nr. {result.first_broken_seq}."
                if result.first_broken_seq is not None
                else "Fejlen ligger i rækker uden post i sporet."
            )
            st.error(
                f"Revisionssporet er IKKE intakt: {len(result.faults)} fejl. {first}\n\n"
                + "\n".join(f"- {f}" for f in result.faults[:20]),
                icon=":material/gpp_bad:",
            )
        else:
            st.success(
                f"Revisionssporet er intakt: {result.entries} poster hænger sammen, og posterne "
                f"passer med de data, de beskriver. {how}Hoved: "
                f"{result.head[0]}:{result.head[1]}",
                icon=":material/verified_user:",
            )
        for note in result.notes:
            st.caption(note)

actors = view.audit_actors(conn)
actions = view.audit_actions(conn)
who_col, what_col, from_col, to_col = st.columns(4)
actor = who_col.selectbox("Bruger", ["Alle", *actors], key="audit_actor")
action = what_col.selectbox(
    "Handling",
    ["Alle", *actions],
    format_func=lambda a: a if a == "Alle" else view.ACTION_LABELS.get(a, a),
    key="audit_action",
)
date_from = from_col.date_input("Fra", value=None, format="DD.MM.YYYY", key="audit_from")
date_to = to_col.date_input("Til", value=None, format="DD.MM.YYYY", key="audit_to")
entries = audit.entries(
    conn,
    actor=None if actor == "Alle" else actor,
    action=None if action == "Alle" else action,
    date_from=date_from,
    date_to=date_to,
)
st.dataframe(view.audit_table(entries), hide_index=True, width="stretch", key="audit_table")
