"""Plan: the helhedsplan as the users' data. Everyone reads it and its versions; a redaktør or
administrator creates a plan from LBF's fixed frame and saves changes as new versions, each with
a reason (validated like an imported plan file)."""

import datetime as dt

import streamlit as st

from monitor import plan_form, plan_template
from monitor.auth import PermissionDenied
from monitor.meetings import meetings
from monitor.plan_versions import (
    PlanError,
    current_plans,
    export_xlsx,
    export_yaml,
    history,
    import_plan_file,
    plan_content_of,
    save_plan,
    validate_plan,
    version_label,
)
from monitor.registry import INDSATSOMRAADER, RegistryError
from monitor.web import connection, current_plan, page_user, query

user = page_user("read")
conn = connection()
may_edit = user.can("write_plan")


def show_problems(exc: Exception) -> None:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    st.error(
        "Planen er ikke gemt. Ret dette først:\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/error:",
    )


def new_plan_form() -> None:
    """Create a plan from LBF's fixed frame (redaktør, administrator)."""
    with st.expander("Ny plan ud fra LBF's faste rammer", icon=":material/add:"):
        st.caption(
            "Planen får LBF's fire indsatsområder med de faste overordnede mål og indikatorer "
            "(regler for 2019-26); baselines udfyldes bagefter, og delmål tilføjes på fanen "
            "'Mål og delmål'."
        )
        kommuner = query("kommuner")
        with st.form("new_plan", border=False):
            name = st.text_input("Planens navn", key="new_plan_name")
            kommune = st.selectbox(
                "Kommune",
                list(kommuner["geo_code"]),
                format_func=dict(zip(kommuner["geo_code"], kommuner["geo_name"], strict=True)).get,
                key="new_plan_kommune",
            )
            start_col, end_col = st.columns(2)
            start = start_col.date_input(
                "Periodens start", value=dt.date(dt.date.today().year, 1, 1),
                format="DD.MM.YYYY", key="new_plan_start",
            )  # fmt: skip
            end = end_col.date_input(
                "Periodens slut", value=dt.date(dt.date.today().year + 3, 12, 31),
                format="DD.MM.YYYY", key="new_plan_end",
            )  # fmt: skip
            area = st.text_input("Boligområdets navn", key="new_plan_area")
            afdelinger = st.text_area(
                "Afdelinger (én pr. linje: kode; navn; boligorganisation)",
                key="new_plan_afdelinger",
                placeholder="AAB-55; AAB afd. 55 Vejleåparken; AAB",
            )
            reason = st.text_input("Begrundelse", value="Ny plan oprettet", key="new_plan_reason")
            create = st.form_submit_button("Opret planen", key="new_plan_create")
        if create:
            try:
                content = plan_template.new_plan_from_form(
                    name=name, kommune=kommune, start=start, end=end, area=area,
                    afdelinger=afdelinger,
                    organisation_names={
                        o.code: o.name for p in current_plans(conn) for o in p.organisations
                    },
                )  # fmt: skip
                plan = validate_plan(conn, content, plan_form.SOURCE)
                save_plan(conn, user, plan, reason=reason)
            except (RegistryError, PlanError, ValueError) as exc:
                show_problems(exc)
            except PermissionDenied as exc:
                st.error(str(exc))
            else:
                st.cache_data.clear()
                st.query_params["plan"] = plan.id
                st.session_state.pop("plan", None)
                st.success(f"Planen {plan.name} er oprettet som version 1.")
                st.rerun()


if query("plans").empty:
    st.title("Plan")
    st.info("Databasen har ingen planer endnu.")
    if may_edit:
        new_plan_form()
    st.stop()

plan_row = current_plan()
versions = history(conn, plan_row.name)
if not versions:
    st.info("Planen har ingen gemte versioner endnu.")
    st.stop()
newest = versions[-1]
plan = plan_content_of(conn, plan_row.name, newest.version_no)

st.title(f"Plan – {plan.name}")
st.caption(
    f"Gældende: {version_label(newest)} · gemt af {newest.saved_by} "
    f"{newest.saved_at:%d.%m.%Y %H:%M} · {newest.reason}"
)
download_yaml, download_xlsx, _ = st.columns([1, 1, 3])
download_yaml.download_button(
    "Hent som YAML", export_yaml(plan), file_name=f"{plan.id}.yaml", key="plan_yaml",
    mime="application/x-yaml", icon=":material/download:",
)  # fmt: skip
download_xlsx.download_button(
    "Hent som Excel", export_xlsx(plan), file_name=f"{plan.id}.xlsx", key="plan_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)  # fmt: skip

with st.expander(f"Versioner ({len(versions)})", icon=":material/history:"):
    st.dataframe(
        [
            {
                "Version": v.version_no,
                "Gældende fra": f"{v.in_force_from:%d.%m.%Y}",
                "Gemt af": v.saved_by,
                "Gemt": f"{v.saved_at:%d.%m.%Y %H:%M}",
                "Begrundelse": v.reason,
                "Vedtaget": "" if v.adopted_on is None else f"{v.adopted_on:%d.%m.%Y}",
            }
            for v in reversed(versions)
        ],
        hide_index=True,
        key="plan_versions",
    )

# The tables edited in this session, kept across reruns until saved (or another plan is chosen).
state_key = f"plan_tables:{plan.id}:{newest.version_no}"
if state_key not in st.session_state:
    st.session_state[state_key] = {"tables": plan_form.plan_tables(plan), "generation": 0}
edit = st.session_state[state_key]

head = plan_form.head_values(plan)
# Widgets that show the plan's own values are keyed by plan and version: a widget keeps what
# the session last held under its key, which would carry one plan's name into another.
version_key = f"{plan.id}_{newest.version_no}"
if may_edit:
    st.subheader("Planens oplysninger")
    left, right = st.columns(2)
    head["name"] = left.text_input("Navn", value=head["name"], key=f"plan_name_{version_key}")
    head["source_document"] = right.text_input(
        "Kildedokument", value=head["source_document"], key=f"plan_source_{version_key}"
    )
    head["period_start"] = left.date_input(
        "Periodens start",
        value=head["period_start"],
        format="DD.MM.YYYY",
        key=f"plan_start_{version_key}",
    )
    head["period_end"] = right.date_input(
        "Periodens slut",
        value=head["period_end"],
        format="DD.MM.YYYY",
        key=f"plan_end_{version_key}",
    )
    head["parties"] = left.text_input(
        "Parter (adskilt med ;)", value=head["parties"], key=f"plan_parties_{version_key}"
    )
    head["meetings_per_year"] = right.number_input(
        "Bestyrelsesmøder om året", min_value=1, max_value=52,
        value=head["meetings_per_year"] or plan_template.MEETINGS_PER_YEAR,
        key=f"plan_meetings_{version_key}",
    )  # fmt: skip

indicators = query("plan_indicators")
units = dict(zip(indicators["code"], indicators["unit"], strict=False))
edited = {}
for sheet, tab in zip(plan_form.TABLES, st.tabs(list(plan_form.TABLES.values())), strict=True):
    with tab:
        frame = edit["tables"][sheet]
        config = plan_form.column_config(sheet, indicators)
        if may_edit:
            edited[sheet] = st.data_editor(
                frame,
                num_rows="dynamic",
                hide_index=True,
                column_config=config,
                key=f"plan_edit_{sheet}_{edit['generation']}",
                width="stretch",
            )
        else:
            st.dataframe(frame, hide_index=True, column_config=config, width="stretch")

if not may_edit:
    st.stop()

with st.expander("Tilføj et delmål", icon=":material/playlist_add:"):
    st.caption(
        "Delmålet lægges i tabellerne ovenfor (mål, indikator, baselines og målsætning) og "
        "gemmes med planens næste version."
    )
    # the plan as a whole (its goals followed for all its boligområder), or one boligområde
    areas = [f"plan:{plan.id}", *(str(c) for c in edited["Boligområder"]["code"].dropna())]
    names = dict(zip(indicators["code"], indicators["name"], strict=False))
    with st.form("add_delmaal", border=False):
        left, right = st.columns(2)
        add_indsats = left.selectbox("Indsatsområde", INDSATSOMRAADER, key="add_indsats")
        add_title = right.text_input("Delmålets titel", key="add_title")
        add_indicator = left.selectbox(
            "Indikator", [None, *names], format_func=lambda c: names.get(c, "(ingen endnu)"),
            key="add_indicator",
        )  # fmt: skip
        add_geo = right.selectbox(
            "Område", areas, key="add_geo",
            format_func=lambda c: "Hele planen" if c.startswith("plan:") else c,
        )  # fmt: skip
        st.markdown("**Baseline for området**")
        a, b, c, d = st.columns([1, 1, 1, 2])
        base_value = a.number_input("Værdi", value=None, format="%.1f", key="add_base_value")
        base_count = b.number_input("Antal", value=None, step=1, key="add_base_count")
        base_year = c.number_input(
            "År", value=None, min_value=1990, max_value=2100, step=1, key="add_base_year"
        )
        base_source = d.text_input("Kilde", key="add_base_source")
        st.markdown("**Baseline for kommunen** (kan stå tom)")
        a, b, c, d = st.columns([1, 1, 1, 2])
        comp_value = a.number_input("Værdi", value=None, format="%.1f", key="add_comp_value")
        comp_count = b.number_input("Antal", value=None, step=1, key="add_comp_count")
        comp_year = c.number_input(
            "År", value=None, min_value=1990, max_value=2100, step=1, key="add_comp_year"
        )
        comp_source = d.text_input("Kilde", key="add_comp_source")
        st.markdown("**Målsætning** (kan stå tom)")
        a, b, c = st.columns([1, 1, 3])
        target_kind = a.selectbox(
            "Type", [None, *plan_form.TARGET_WORDS],
            format_func=lambda k: plan_form.TARGET_WORDS.get(k, "(ingen)"), key="add_target_kind",
        )  # fmt: skip
        target_threshold = b.number_input("Grænse", value=None, key="add_target_threshold")
        target_text = c.text_input("Tekst, som planen skriver den", key="add_target_text")
        add = st.form_submit_button("Tilføj delmålet", key="add_submit", icon=":material/add:")
    if add:

        def given(**values):  # noqa: ANN202 - the fields a user filled in
            return {k: v for k, v in values.items() if v not in (None, "")}

        try:
            edit["tables"] = plan_form.add_delmaal(
                edited,
                indsatsomraade=add_indsats,
                title=add_title,
                indicator=add_indicator,
                geo=add_geo,
                baseline=given(value=base_value, count=base_count, year=base_year,
                               source=base_source),
                comparator=given(geo=head["kommune"], value=comp_value, count=comp_count,
                                 year=comp_year, source=comp_source),
                target=given(kind=target_kind, threshold=target_threshold,
                             text=target_text or add_title) if target_kind else None,
            )  # fmt: skip
        except ValueError as exc:
            show_problems(exc)
        else:
            edit["generation"] += 1
            edit["added"] = add_title
            st.rerun()
if edit.get("added"):
    st.info(
        f"Delmålet '{edit['added']}' er tilføjet tabellerne, men ikke gemt endnu: skriv en "
        "begrundelse og gem en ny version.",
        icon=":material/info:",
    )

offers = plan_form.baseline_offers(conn, edited["Baselines"], units, head["period_start"].year)
if not offers.empty:
    st.subheader("Baselines fra data")
    st.caption(
        "Baselines uden værdi, som de importerede tal kan udfylde (tallet for baselineåret, "
        "eller det seneste før, og filen det kom fra). Gennemse dem, og gem derefter planen."
    )
    st.dataframe(
        offers.rename(columns=plan_form.COLUMN_LABELS | {"shown": "Tal fra data"}).drop(
            columns=["row", "Værdi"]
        ),
        hide_index=True,
        key="plan_offers",
    )
    if st.button("Brug tallene fra data", key="plan_use_offers", icon=":material/input:"):
        edit["tables"] = {
            **edited,
            "Baselines": plan_form.apply_offers(edited["Baselines"], offers),
        }
        edit["generation"] += 1
        st.rerun()

st.subheader("Gem en ny version")
reason = st.text_input("Begrundelse for ændringen", key="plan_reason")
adopted = st.checkbox("Vedtaget af bestyrelsen", key="plan_adopted")
adopted_on = adopted_note = adopted_meeting = None
if adopted:
    held = {m.meeting_id: m for m in meetings(conn, plan.id)}
    adopted_meeting = st.selectbox(
        "Vedtaget på mødet",
        [*held, None],
        format_func=lambda m: (
            "et andet møde (dato og note)"
            if m is None
            else f"Bestyrelsesmødet {held[m].meeting_date:%d.%m.%Y}"
        ),
        key="plan_adopted_meeting",
    )
    if adopted_meeting is None:
        left, right = st.columns(2)
        adopted_on = left.date_input("Vedtaget den", format="DD.MM.YYYY", key="plan_adopted_on")
        adopted_note = right.text_input("Møde eller note", key="plan_adopted_note")
if st.button("Gem ny version", key="plan_save", type="primary", icon=":material/save:"):
    try:
        changed = plan_form.plan_from_page(conn, head, edited)
        version = save_plan(
            conn, user, changed, reason=reason, adopted_on=adopted_on,
            adopted_note=adopted_note or None, adopted_meeting_id=adopted_meeting,
        )  # fmt: skip
    except (RegistryError, PlanError) as exc:
        show_problems(exc)
    except PermissionDenied as exc:
        st.error(str(exc))
    else:
        if version is None:
            st.info("Intet er ændret; der er ikke gemt en ny version.")
        else:
            st.cache_data.clear()
            del st.session_state[state_key]
            for key in (
                "plan_reason", "plan_adopted", "plan_adopted_meeting", "plan_adopted_on",
                "plan_adopted_note",
            ):  # fmt: skip
                st.session_state.pop(key, None)
            st.toast(f"Gemt som version {version.version_no}.", icon=":material/check:")
            st.rerun()

with st.expander("Indlæs en planfil som ny version", icon=":material/upload_file:"):
    st.caption(
        "En plan hentet som Excel (eller YAML), udfyldt og indlæst igen: filen kontrolleres som "
        "siden, og alt eller intet gemmes."
    )
    uploaded = st.file_uploader(
        "Planfil (.xlsx eller .yaml)", type=["xlsx", "yaml", "yml"], key="plan_upload"
    )
    upload_reason = st.text_input("Begrundelse", key="plan_upload_reason")
    if uploaded is not None and st.button("Gem filen som ny version", key="plan_upload_save"):
        try:
            imported, version = import_plan_file(
                conn, user, uploaded.name, uploaded.getvalue(), reason=upload_reason
            )
        except (RegistryError, PlanError) as exc:
            show_problems(exc)
        except PermissionDenied as exc:
            st.error(str(exc))
        else:
            st.cache_data.clear()
            if version is None:
                st.info("Filen er som planens gældende version; der er ikke gemt en ny version.")
            else:
                st.session_state.pop(state_key, None)
                st.success(f"{imported.name}: gemt som version {version.version_no}.")

st.divider()
new_plan_form()
