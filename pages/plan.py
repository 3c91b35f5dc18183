"""Plan: the plan's versions, a new plan from LBF's frame, a delmål added, files in and out.

Everyone reads; redaktør and administrator edit. Every save is a new version with a reason
(monitor.plan_edit / monitor.plan_versions do the work and check the role).
"""

import datetime as dt

import pandas as pd
import streamlit as st

from monitor import plan_edit, plan_versions
from monitor.export import safe_text
from monitor.plan_edit import NewDelmaal, NewPlan
from monitor.plan_versions import PlanError
from monitor.registry import INDSATSOMRAADER, RegistryError
from monitor.web import connection, current_plan, logged_in, query

plan = current_plan()
user = logged_in()
conn = connection()
st.title(f"Plan – {plan['name']}")

versions = plan_versions.history(conn, plan.name)
st.subheader("Versioner")
st.dataframe(
    pd.DataFrame(
        [
            {
                "Version": v.version_no,
                "Gælder fra": v.in_force_from.strftime("%d.%m.%Y"),
                "Gemt af": v.saved_by,
                "Gemt": pd.Timestamp(v.saved_at).strftime("%d.%m.%Y %H.%M"),
                "Begrundelse": safe_text(v.reason),
                "Vedtaget": plan_versions.version_label(v)
                if v.adopted_on or v.adopted_note
                else "",
            }
            for v in versions
        ]
    ),
    hide_index=True,
    width="stretch",
    key="plan_versions_table",
)
current = plan_versions.plan_content_of(conn, plan.name, versions[-1].version_no)
if current.predecessor:
    st.caption(f"Planen fortsætter planen {current.predecessor}.")
left, right = st.columns(2)
left.download_button(
    "Hent planen som Excel (udfyld og indlæs igen)",
    data=plan_versions.export_xlsx(current),
    file_name=f"{plan.name}.xlsx",
    key="plan_export_xlsx",
)
right.download_button(
    "Hent planen som YAML",
    data=plan_versions.export_yaml(current),
    file_name=f"{plan.name}.yaml",
    key="plan_export_yaml",
)

if not user.can("write_plan"):
    st.caption("Kun redaktører og administratorer kan ændre planer.")
    st.stop()


def show_problems(exc: Exception) -> None:
    for line in str(exc).splitlines():
        st.error(line)


st.subheader("Nyt delmål")
indicators = query("indicator_choices")
names = dict(zip(indicators["code"], indicators["name"], strict=True))
areas = plan_edit.geography_choices(conn, plan.name)
with st.form("plan_delmaal_form"):
    title = st.text_input("Delmål", key="plan_goal_title")
    indsats = st.selectbox("Indsatsområde", INDSATSOMRAADER, key="plan_goal_indsats")
    indicator = st.selectbox(
        "Indikator", list(names), format_func=names.__getitem__, key="plan_goal_indicator"
    )
    area = st.selectbox(
        "Geografi (hele planen, et boligområde eller en afdeling)",
        list(areas),
        format_func=areas.__getitem__,
        key="plan_goal_area",
    )
    c1, c2, c3 = st.columns(3)
    value = c1.number_input("Baseline", value=None, key="plan_goal_baseline", format="%.1f")
    year = c2.number_input("Baseline år", value=None, step=1, key="plan_goal_year")
    source = c3.text_input("Baselinens kilde", key="plan_goal_source")
    uncertain = st.checkbox("Baselinen er usikker", key="plan_goal_uncertain")
    note = st.text_input("Note (fx hvorfor tallet er usikkert)", key="plan_goal_note")
    t1, t2, t3 = st.columns(3)
    kind = t1.selectbox(
        "Målsætning",
        ["", *plan_edit.TARGET_KINDS],
        format_func=lambda k: plan_edit.TARGET_KINDS.get(k, "ingen"),
        key="plan_goal_target_kind",
    )
    threshold = t2.number_input("Tærskel", value=None, key="plan_goal_threshold")
    target_text = t3.text_input("Målsætningens tekst", key="plan_goal_target_text")
    g1, g2 = st.columns(2)
    reason = g1.text_input("Begrundelse for ændringen", key="plan_goal_reason")
    in_force = g2.date_input(
        "Gælder fra (fx datoen bestyrelsen vedtog det)",
        value=dt.date.today(),
        key="plan_goal_in_force",
        format="DD.MM.YYYY",
    )
    saved = st.form_submit_button("Gem delmål som ny version", key="plan_goal_save")
if year:
    offer = plan_edit.offered_baseline(conn, indicator, area, int(year))
    st.caption(
        f"Importeret tal: {offer[1]}"
        if offer
        else f"Databasen har intet tal for {names[indicator]} i {int(year)} for dette område."
    )
if saved:
    try:
        version = plan_edit.add_delmaal(
            conn,
            user,
            plan.name,
            NewDelmaal(
                title=title,
                indsatsomraade=indsats,
                indicator=indicator,
                area=area,
                baseline_value=value,
                baseline_year=None if year is None else int(year),
                baseline_source=source,
                baseline_uncertain=uncertain,
                baseline_note=note,
                target_kind=kind,
                target_threshold=threshold,
                target_text=target_text,
            ),
            reason,
            in_force_from=in_force if isinstance(in_force, dt.date) else None,
        )
    except PlanError as exc:
        show_problems(exc)
    else:
        st.cache_data.clear()
        st.success(f"Gemt som {plan_versions.version_label(version)}.")

st.subheader("Indlæs en planfil (ny version)")
uploaded = st.file_uploader(
    "Planfil (.xlsx eller .yaml)", type=["xlsx", "yaml", "yml"], key="plan_upload"
)
upload_reason = st.text_input("Begrundelse", key="plan_upload_reason")
if uploaded is not None and st.button("Gem filen som ny version", key="plan_upload_save"):
    try:
        imported, version = plan_versions.import_plan_file(
            conn, user, uploaded.name, uploaded.getvalue(), reason=upload_reason
        )
    except (PlanError, RegistryError) as exc:
        show_problems(exc)
    else:
        st.cache_data.clear()
        st.success(
            "Uændret: ingen ny version."
            if version is None
            else f"Gemt som {plan_versions.version_label(version)}."
        )

st.subheader("Ny plan fra LBF's skabelon")
st.caption(
    "En ny plan starter med LBF's fire indsatsområder, de faste overordnede mål og "
    "indikatorer (reglerne for 2019-26) for hele planens område; tilføj derefter delmål."
)
kommuner = query("kommuner")
kommune_names = dict(zip(kommuner["code"], kommuner["name"], strict=True))
with st.form("plan_new_form"):
    new_id = st.text_input("Plan-id (fx ishoej-2030-33)", key="plan_new_id")
    new_name = st.text_input("Navn", key="plan_new_name")
    new_kommune = st.selectbox(
        "Kommune",
        list(kommune_names),
        format_func=kommune_names.__getitem__,
        key="plan_new_kommune",
    )
    p1, p2 = st.columns(2)
    new_start = p1.date_input("Periode fra", value=None, key="plan_new_start", format="DD.MM.YYYY")
    new_end = p2.date_input("Periode til", value=None, key="plan_new_end", format="DD.MM.YYYY")
    new_area = st.text_input("Boligområde", key="plan_new_area")
    new_afdelinger = st.text_input(
        "Afdelinger (koder, kommasepareret, fx AAB-55)", key="plan_new_afdelinger"
    )
    new_org = st.text_input(
        "Boligorganisation (kode og navn, fx AAB Boligforeningen AAB)", key="plan_new_org"
    )
    new_reason = st.text_input("Begrundelse", value="Ny plan", key="plan_new_reason")
    created = st.form_submit_button("Opret plan", key="plan_new_save")
if created:
    try:
        version = plan_edit.create_plan(
            conn,
            user,
            NewPlan(
                plan_id=new_id,
                name=new_name,
                kommune=new_kommune,
                start=new_start if isinstance(new_start, dt.date) else None,
                end=new_end if isinstance(new_end, dt.date) else None,
                area=new_area,
                afdelinger=new_afdelinger,
                organisation=new_org,
            ),
            new_reason,
        )
    except PlanError as exc:
        show_problems(exc)
    else:
        st.cache_data.clear()
        st.session_state["plan_id"] = new_id.strip()
        st.success(f"Planen {new_name} er oprettet ({plan_versions.version_label(version)}).")
