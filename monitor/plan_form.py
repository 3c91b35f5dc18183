"""The Plan page's work, without Streamlit: the plan as the tables the page edits (the sheets of
the plan's XLSX file, so the page and the file validate alike), back into a plan, and baselines
offered from the imported figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from monitor.db import run_query
from monitor.fmt import fmt_date_da, fmt_value
from monitor.plan_versions import plan_sheets, sheets_to_content, validate_plan
from monitor.registry import Plan

SOURCE = "Plan-siden"

# The sheets the page edits as tables, in the order of its tabs, with their Danish names.
TABLES = {
    "Mål": "Mål og delmål",
    "Indikatorer": "Indikatorer",
    "Baselines": "Baselines",
    "Målsætninger": "Målsætninger",
    "Aktiviteter": "Aktiviteter",
    "Boligområder": "Boligområder",
    "Afdelinger": "Afdelinger",
    "Organisationer": "Organisationer",
    "Bestyrelse": "Bestyrelse",
}

# Column headers in Danish (the file keeps its own, machine-readable keys).
COLUMN_LABELS = {
    "code": "Kode",
    "name": "Navn",
    "organisation": "Organisation",
    "afdelinger": "Afdelinger (adskilt med ;)",
    "aliases": "Andre stavemåder (adskilt med ;)",
    "description": "Beskrivelse",
    "id": "Id",
    "kind": "Type",
    "indsatsomraade": "Indsatsområde",
    "title": "Titel",
    "goal": "Mål (id)",
    "indicator": "Indikator",
    "geo": "Geografi",
    "area": "Område (som på arket Indikatorer)",
    "role": "Rolle",
    "value": "Værdi",
    "count": "Antal",
    "year": "År",
    "source": "Kilde",
    "uncertain": "Usikker (ja/nej)",
    "note": "Note",
    "threshold": "Grænse",
    "per": "Pr.",
    "text": "Tekst",
    "supports": "Støtter delmål (id'er adskilt med ;)",
    "represents": "Repræsenterer",
}

KIND_WORDS = {"maal": "Mål (LBF)", "delmaal": "Delmål"}
ROLE_WORDS = {"omraade": "Boligområdet", "kommune": "Kommunen", "sammenligning": "Sammenligning"}
TARGET_WORDS = {
    "below": "under",
    "above": "over",
    "at_most": "højst",
    "at_least": "mindst",
    "direction": "retning",
}


def plan_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """The plan's editable tables (every sheet of its XLSX file but the head)."""
    sheets = plan_sheets(plan)
    return {name: sheets[name].copy() for name in TABLES}


def head_values(plan: Plan) -> dict[str, Any]:
    """The plan's head fields as the page's inputs hold them."""
    return {
        "id": plan.id,
        "name": plan.name,
        "kommune": plan.kommune,
        "period_start": plan.period.start,
        "period_end": plan.period.end,
        "source_document": plan.source_document or "",
        "parties": "; ".join(plan.parties),
        "predecessor": plan.predecessor or "",
        "meetings_per_year": None if plan.board is None else plan.board.meetings_per_year,
    }


def _head_sheet(head: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for key, value in head.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip() or None
        rows.append((key, value))
    return pd.DataFrame(rows, columns=["key", "value"], dtype=object)


def plan_from_page(
    conn: duckdb.DuckDBPyConnection, head: dict[str, Any], tables: dict[str, pd.DataFrame]
) -> Plan:
    """The plan the page's inputs describe, validated like an imported file (RegistryError
    naming every problem by sheet, row and field)."""
    book = {"Plan": _head_sheet(head), **{k: v.astype(object) for k, v in tables.items()}}
    return validate_plan(conn, sheets_to_content(book, SOURCE), SOURCE)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value == ""


def baseline_offers(
    conn: duckdb.DuckDBPyConnection,
    baselines: pd.DataFrame,
    units: dict[str, str],
    plan_start_year: int,
) -> pd.DataFrame:
    """For every baseline without a value: the imported figure for its geography in its year
    (a baseline without a year: the year before the plan starts, as the Overblik takes it), or
    the newest before it, and where it came from. One row per offer, `row` being the
    baseline's row in `baselines`."""
    offers = []
    for index, r in baselines.iterrows():
        if not _blank(r.get("value")) or _blank(r.get("geo")) or _blank(r.get("indicator")):
            continue
        year = plan_start_year - 1 if _blank(r.get("year")) else int(float(r["year"]))
        found = run_query(
            conn,
            "baseline_from_data",
            indicator_code=str(r["indicator"]),
            geo_code=str(r["geo"]),
            year=year,
        )
        if found.empty:
            continue
        f = found.iloc[0]
        imported = pd.Timestamp(f["imported_at"]).date() if not _blank(f["imported_at"]) else None
        where = f"{f['file_name']}" + (f", importeret {fmt_date_da(imported)}" if imported else "")
        if bool(f["incomplete"]):
            where += ", en eller flere afdelinger mangler"
        offers.append(
            {
                "row": index,
                "goal": r["goal"],
                "indicator": r["indicator"],
                "geo": r["geo"],
                "year": int(f["year"]),
                "value": float(f["value"]),
                "count": None if _blank(f["numerator"]) else int(f["numerator"]),
                "shown": fmt_value(float(f["value"]), units.get(str(r["indicator"]), "andel")),
                "source": f"fra data: {where}",
            }
        )
    return pd.DataFrame(
        offers,
        columns=["row", "goal", "indicator", "geo", "year", "value", "count", "shown", "source"],
    )


def apply_offers(baselines: pd.DataFrame, offers: pd.DataFrame) -> pd.DataFrame:
    """The baselines with the offered figures filled in (value, count, year, source)."""
    out = baselines.copy().astype(object)
    for o in offers.to_dict("records"):
        out.at[o["row"], "value"] = o["value"]
        if o["count"] is not None and _blank(out.at[o["row"], "count"]):
            out.at[o["row"], "count"] = o["count"]
        out.at[o["row"], "year"] = o["year"]
        out.at[o["row"], "source"] = o["source"]
    return out


def column_config(sheet: str, indicators: pd.DataFrame) -> dict[str, Any]:
    """The editor's columns for one sheet: Danish headers, choices where the file has codes."""
    import streamlit as st

    from monitor.registry import INDSATSOMRAADER

    cc = st.column_config
    names = dict(zip(indicators["code"], indicators["name"], strict=False))
    config: dict[str, Any] = {k: cc.TextColumn(v) for k, v in COLUMN_LABELS.items()}
    config |= {
        "value": cc.NumberColumn(COLUMN_LABELS["value"], format="%.1f"),
        "count": cc.NumberColumn(COLUMN_LABELS["count"], step=1, format="%d"),
        "year": cc.NumberColumn(COLUMN_LABELS["year"], min_value=1990, max_value=2100, step=1,
                                format="%d"),
        "threshold": cc.NumberColumn(COLUMN_LABELS["threshold"]),
        "kind": cc.SelectboxColumn(
            COLUMN_LABELS["kind"],
            options=list(TARGET_WORDS if sheet == "Målsætninger" else KIND_WORDS),
            format_func=(TARGET_WORDS if sheet == "Målsætninger" else KIND_WORDS).get,
        ),
        "indsatsomraade": cc.SelectboxColumn(
            COLUMN_LABELS["indsatsomraade"], options=list(INDSATSOMRAADER)
        ),
        "indicator": cc.SelectboxColumn(
            COLUMN_LABELS["indicator"], options=list(names), format_func=names.get, width="large"
        ),
        "role": cc.SelectboxColumn(
            COLUMN_LABELS["role"], options=list(ROLE_WORDS), format_func=ROLE_WORDS.get
        ),
        "uncertain": cc.SelectboxColumn(COLUMN_LABELS["uncertain"], options=["nej", "ja"]),
        "title": cc.TextColumn(COLUMN_LABELS["title"], width="large"),
    }  # fmt: skip
    return config


def add_delmaal(
    tables: dict[str, pd.DataFrame],
    *,
    indsatsomraade: str,
    title: str,
    indicator: str | None = None,
    geo: str | None = None,
    baseline: dict[str, Any] | None = None,
    comparator: dict[str, Any] | None = None,
    target: dict[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """The tables with one more delmål: its row on 'Mål', and, when it follows an indicator,
    the indicator for `geo` with the area's baseline (`baseline`: value, count, year, source),
    the comparator's (`comparator`: geo, role, value, year, source) and a target (`target`:
    kind, threshold, text). ValueError (Danish, naming the field) when something is missing."""
    from monitor.plan_template import plan_id_from_name

    problems = []
    if not title.strip():
        problems.append("Feltet 'Delmålets titel' skal udfyldes.")
    if indicator and not geo:
        problems.append("Vælg 'Område', som indikatoren følges for.")
    if target and target.get("kind") != "direction" and target.get("threshold") is None:
        problems.append("En målsætning med en grænse skal have feltet 'Grænse' udfyldt.")
    if problems:
        raise ValueError("\n".join(problems))
    out = {k: v.copy() for k, v in tables.items()}
    taken = set(out["Mål"]["id"].astype(str))
    base = plan_id_from_name(title)[:40].strip("-") or "delmaal"
    goal_id, n = base, 2
    while goal_id in taken:
        goal_id, n = f"{base}-{n}", n + 1

    def append(sheet: str, row: dict[str, Any]) -> None:
        frame = out[sheet]
        new = pd.DataFrame([{c: row.get(c) for c in frame.columns}], columns=frame.columns)
        out[sheet] = pd.concat([frame.astype(object), new.astype(object)], ignore_index=True)

    append(
        "Mål",
        {"id": goal_id, "kind": "delmaal", "indsatsomraade": indsatsomraade, "title": title},
    )
    if indicator:
        append("Indikatorer", {"goal": goal_id, "indicator": indicator, "geo": geo})
        key = {"goal": goal_id, "indicator": indicator, "area": geo}
        if baseline is not None:
            append(
                "Baselines",
                {**key, "geo": geo, "role": "omraade", "uncertain": "nej", **baseline},
            )
        if comparator is not None and comparator.get("geo"):
            append("Baselines", {**key, "uncertain": "nej", "role": "kommune", **comparator})
        if target:
            append("Målsætninger", {**key, **target})
    return out
