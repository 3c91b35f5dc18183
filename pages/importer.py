"""Import: upload files, preview what will load and every problem, map names the registry does
not know, confirm, see the log."""

import pandas as pd
import streamlit as st

from etl.aliases import AliasError
from etl.import_view import (
    mapping_key,
    mapping_label,
    mapping_options,
    problems_frame,
    save_mapping,
)
from etl.load import import_bytes, preview_bytes
from monitor.fmt import fmt_datetime_da, fmt_number
from monitor.originals import original_file
from monitor.web import connection, demo_banner, page_user, query

KINDS = {
    "auto": "Find selv ud af det",
    "lbf": "LBF beboerdata",
    "tryghed": "Tryghedsundersøgelse",
    "lokal": "Lokale optællinger",
    "dst": "Danmarks Statistik",
}
LAYOUTS = {
    "lbf-bred": "LBF, bred (et år pr. kolonne)",
    "lbf-lang": "LBF, lang (en værdi pr. række)",
    "tryghed": "tryghedsundersøgelse",
    "lokal": "lokale optællinger",
    "dst": "Statistikbanken",
}

# Redaktør and administrator only; import_bytes checks the role again when it writes.
user = page_user("import_data")
demo_banner()
st.title("Import af data")

files = st.file_uploader(
    "Vælg en eller flere filer (CSV eller Excel)",
    type=["csv", "txt", "xlsx"],
    accept_multiple_files=True,
    key="import_files",
)
left, middle, right = st.columns(3)
kind = left.selectbox(
    "Datatype", options=list(KINDS), format_func=KINDS.__getitem__, key="import_kind"
)
sheet = middle.text_input("Kun dette ark (Excel)", key="import_sheet").strip() or None
indicator = None
if kind == "dst":
    indicators = query("indicator_choices")
    names = dict(zip(indicators["code"], indicators["name"], strict=True))
    indicator = right.selectbox(
        "Tabellen fodrer indikatoren",
        options=list(names),
        format_func=names.__getitem__,
        key="import_indicator",
    )


options = {"kind": None if kind == "auto" else kind, "sheet": sheet, "indicator": indicator}
MAX_NAMES_SHOWN = 20
ready = []
older = []
for upload in files or []:
    content = upload.getvalue()
    report = preview_bytes(connection(), content, upload.name, **options)
    with st.container(border=True):
        st.markdown(f"**{upload.name}**")
        if report.duplicate_of_batch is not None:
            st.info(
                f"Filen er allerede indlæst (import nr. {report.duplicate_of_batch}); "
                "den indlæses ikke igen."
            )
            continue
        detected = " (fundet ud fra overskrifterne)" if report.kind_detected else ""
        st.markdown(
            f"Datatype: **{KINDS.get(report.kind, report.kind)}**{detected} · "
            f"layout: {LAYOUTS.get(report.layout, report.layout)} · "
            f"{fmt_number(report.rows_read)} rækker · "
            f"{fmt_number(report.values_loaded)} værdier at indlæse, "
            f"{fmt_number(report.values_unchanged)} uændrede, "
            f"{fmt_number(report.values_revised)} reviderede"
        )
        for note in report.notes:
            st.caption(note)
        if report.errors:
            st.error(
                f"{len(report.errors)} fejl: filen indlæses ikke, før de er rettet. "
                "Intet fra filen bliver gemt."
            )
        if report.errors or report.warnings:
            st.dataframe(
                problems_frame([*report.errors, *report.warnings]),
                hide_index=True,
                width="stretch",
                key=f"import_problems_{upload.name}",
            )
        if report.unresolved:
            st.markdown(
                "**Navne, registret ikke kender.** Vælg, hvad filen mener; valget gemmes "
                "(med dit navn), så næste levering med samme stavemåde indlæses uden videre."
            )
            for name in report.unresolved[:MAX_NAMES_SHOWN]:
                key = mapping_key(upload.name, name)
                choices = mapping_options(name)
                pick, save = st.columns([4, 1], vertical_alignment="bottom")
                choice = pick.selectbox(
                    mapping_label(name),
                    options=list(choices),
                    format_func=choices.__getitem__,
                    key=f"import_map_{key}",
                )
                if save.button("Gem valget", key=f"import_map_save_{key}", disabled=not choice):
                    try:
                        st.session_state["import_mapped"] = save_mapping(
                            connection(), user, name, choice
                        )
                    except AliasError as exc:
                        st.error(str(exc))
                    else:
                        st.rerun()
            if len(report.unresolved) > MAX_NAMES_SHOWN:
                st.caption(
                    f"og {len(report.unresolved) - MAX_NAMES_SHOWN} navne mere; de vises, når "
                    "de første er tilknyttet"
                )
        if not report.errors:
            ready.append((upload.name, content, report.needs_confirmation))
            if report.needs_confirmation:
                older.append(upload.name)

mapped = st.session_state.pop("import_mapped", None)
if mapped:
    st.success(mapped)
accept_older = False
if older:
    accept_older = st.checkbox(
        "Ja, indlæs de ældre tal i " + ", ".join(older) + ": de skal erstatte de nyere",
        key="import_accept_older",
        help="Filen ligner en ældre levering: den sætter tal tilbage til værdier, som en "
        "senere import har erstattet, eller dens serie slutter før de nyeste tal i databasen. "
        "Det er kun rigtigt, hvis den ældre levering er den gældende.",
    )
    if not accept_older:
        st.warning(
            "En eller flere filer ligner en ældre levering og ville erstatte nyere tal; de "
            "indlæses kun, hvis du bekræfter det ovenfor."
        )
loadable = [(n, c) for n, c, needs in ready if accept_older or not needs]
if loadable:
    if st.button(f"Indlæs {len(loadable)} fil(er)", type="primary", key="import_confirm"):
        for name, content in loadable:
            report = import_bytes(
                connection(), content, name, user=user, accept_older=accept_older, **options
            )
            if report.errors:
                st.error(f"{name}: {len(report.errors)} fejl, intet indlæst.")
            elif report.older_refused:
                st.warning(f"{name}: {report.summary()}")
            else:
                st.success(f"{name}: {report.summary()}")

st.header("Importlog")
log = query("import_log")
if log.empty:
    st.caption("Der er endnu ikke importeret noget.")
else:
    shown = pd.DataFrame(
        {
            "Nr.": log["batch_id"],
            "Fil": log["file_name"],
            "Type": log["kind"].map(lambda k: KINDS.get(k, k)),
            "Importeret": [fmt_datetime_da(t) for t in log["imported_at"]],
            "Af": log["imported_by"],
            "Rækker": log["rows_read"],
            "Indlæst": log["values_loaded"],
            "Uændret": log["values_unchanged"],
            "Revideret": log["values_revised"],
            "SHA-256": log["sha256"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="import_log_table")
    labels = {int(b): f"{b}: {f}" for b, f in zip(log["batch_id"], log["file_name"], strict=True)}
    batch = st.selectbox(
        "Hent en original fil igen",
        options=list(labels),
        format_func=labels.__getitem__,
        key="import_log_batch",
    )
    file_name, content = original_file(connection(), batch)
    st.download_button(
        "Hent originalfilen", data=content, file_name=file_name, key="import_download"
    )
