"""Read → parse → resolve → validate: an import file to observation records and problems.

Nothing here writes to the database; `etl.load` does that, all or nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.cells import parse_column
from etl.problems import Problem
from etl.readers import ReadError, Table, read_csv, read_xlsx
from monitor.db import run_query
from monitor.text import loose_key, normalise

OBSERVATION_COLUMNS = [
    "indicator_code", "geo_code", "period", "period_type", "year", "value", "numerator",
    "denominator", "suppressed", "suppressed_below", "uncertain", "survey", "note", "raw_text",
    "source_row", "source_sheet",
]  # fmt: skip
KINDS = ("lbf", "tryghed", "lokal", "dst")
VALUE_UNITS = ("andel", "antal", "grundlag", "gennemsnit", "beløb", "pr. 1000")
YEAR_RANGE = (1990, 2100)
GRADE_RANGE = (-3.0, 12.0)
QUARTER = re.compile(r"^(\d{4})\s*-?\s*[KkQq]\s*([1-4])$")
MONTH = re.compile(r"^(\d{4})\s*(?:-|[Mm])\s*(\d{1,2})$")
YEAR = re.compile(r"^(\d{4})(?:\.0)?$")


@dataclass
class Lookup:
    """Registry names and codes, folded for matching."""

    indicators: dict[str, str]
    indicator_names: dict[str, str]
    indicator_units: dict[str, str]
    indicator_kinds: dict[str, str]
    survey_questions: dict[tuple[str, str], str]
    geographies: dict[str, str]
    geography_names: dict[str, str]

    @classmethod
    def from_db(cls, conn: duckdb.DuckDBPyConnection) -> Lookup:
        """The lookup as of the registries loaded in `conn`."""
        ind = run_query(conn, "indicator_lookup")
        geo = run_query(conn, "geography_lookup")
        questions = {
            (loose_key(q), loose_key(a)): c
            for c, q, a in ind[["code", "question", "answer_group"]]
            .drop_duplicates()
            .itertuples(index=False)
            if isinstance(q, str) and isinstance(a, str)
        }
        return cls(
            indicators=dict(zip(ind["alias_norm"], ind["code"], strict=True)),
            indicator_names=dict(zip(ind["code"], ind["name"], strict=True)),
            indicator_units=dict(zip(ind["code"], ind["unit"], strict=True)),
            indicator_kinds=dict(zip(ind["code"], ind["source_kind"], strict=True)),
            survey_questions=questions,
            geographies=dict(zip(geo["alias_norm"], geo["code"], strict=True)),
            geography_names=dict(zip(geo["code"], geo["name"], strict=True)),
        )


@dataclass
class ParsedFile:
    """What an import file holds, and every problem found in it."""

    file_name: str
    kind: str | None
    layout: str | None
    kind_detected: bool
    sheets: list[str]
    rows_read: int
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fejl"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "advarsel"]


def empty_records() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in OBSERVATION_COLUMNS})


def parse_file(path: str | Path, lookup: Lookup, **options: object) -> ParsedFile:
    """Parse the file at `path` (see parse_bytes)."""
    path = Path(path)
    return parse_bytes(
        path.read_bytes(), options.pop("file_name", None) or path.name, lookup, **options
    )  # type: ignore[arg-type]


def parse_bytes(
    content: bytes,
    file_name: str,
    lookup: Lookup,
    *,
    kind: str | None = None,
    sheet: str | None = None,
    indicator: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ParsedFile:
    """Parse and validate an import file. Never raises for bad content: every problem found
    becomes a Problem, and a file with any error must load nothing."""
    result = ParsedFile(file_name, kind, None, False, [], 0, empty_records())

    def fail(message: str, sheet_name: str | None = None) -> ParsedFile:
        result.problems.append(Problem(file_name, sheet_name, None, None, None, message))
        return result

    if kind is not None and kind not in KINDS:
        return fail(f"ukendt datatype '{kind}'; brug en af {', '.join(KINDS)}")
    tick = (lambda n: progress(n, None)) if progress else None
    try:
        is_xlsx = content[:2] == b"PK" or file_name.lower().endswith(".xlsx")
        if is_xlsx:
            tables = read_xlsx(content, sheet=sheet, progress=tick)
        else:
            if sheet:
                result.notes.append(f"--sheet '{sheet}' ignoreres: en CSV-fil har ingen ark")
            tables = read_csv(content, progress=tick)
    except ReadError as exc:
        return fail(str(exc))
    frames = []
    for table in tables:
        result.sheets.append(table.sheet or "")
        result.rows_read += len(table.rows)
        detected = detect_kind(table.header)
        table_kind = kind or detected
        if table_kind is None:
            fail(
                "kan ikke se, hvilken slags data arket indeholder, ud fra overskrifterne: "
                + ", ".join(h for h in table.header if h),
                table.sheet,
            )
            continue
        if kind is not None and detected is not None and detected != kind:
            fail(
                f"filen er angivet som '{kind}', men overskrifterne ligner '{detected}'",
                table.sheet,
            )
            continue
        if result.kind is not None and result.kind != table_kind:
            fail(
                f"arket indeholder '{table_kind}', men filen i øvrigt '{result.kind}'", table.sheet
            )
            continue
        result.kind = table_kind
        result.kind_detected = kind is None
        if not table.rows:
            continue
        try:
            frame = LAYOUTS[table_kind](table, file_name, lookup, result, indicator)
        except _LayoutError as exc:
            fail(str(exc), table.sheet)
            continue
        frames.append(frame)
    if frames:
        try:
            result.records = _finish(
                pd.concat(frames, ignore_index=True), file_name, lookup, result
            )
        except Exception as exc:  # noqa: BLE001 - a file must never end in a traceback
            fail(f"filen kunne ikke læses færdig ({type(exc).__name__}: {exc})")
    if result.rows_read == 0 and not result.errors:
        fail("filen indeholder ingen datarækker")
    if result.errors:
        result.records = empty_records()
    return result


class _LayoutError(Exception):
    pass


def detect_kind(header: list[str]) -> str | None:
    """The source kind a header row belongs to, or None."""
    names = {normalise(h) for h in header if h}
    if {"omraade", "tid", "indhold"} <= names:
        return "dst"
    if {"undersoegelse", "spoergsmaal"} <= names or {"spoergsmaal", "svarkategori"} <= names:
        return "tryghed"
    if {"indikator", "periode"} <= names and "antal" in names:
        return "lokal"
    if {"indikator", "geografi"} <= names:
        if "enhed" in names and any(YEAR.match(n) for n in names):
            return "lbf"
        if "aar" in names and names & {"andel", "antal", "grundlag", "vaerdi"}:
            return "lbf"
    return None


def _columns(table: Table, required: list[str], optional: list[str]) -> dict[str, int]:
    """Column positions by normalised name; a missing required column is a layout error."""
    index = {normalise(h): i for i, h in enumerate(table.header) if h}
    missing = [c for c in required if c not in index]
    if missing:
        raise _LayoutError(
            "mangler kolonnen "
            + ", ".join(f"'{_display(c)}'" for c in missing)
            + f" (fundet: {', '.join(h for h in table.header if h)})"
        )
    return {c: index[c] for c in required + optional if c in index}


def _display(norm: str) -> str:
    return {
        "aar": "År", "vaerdi": "Værdi", "undersoegelse": "Undersøgelse",
        "spoergsmaal": "Spørgsmål", "omraade": "OMRÅDE",
    }.get(norm, norm.capitalize())  # fmt: skip


def _cell(row: list[object], i: int | None) -> object:
    if i is None or i >= len(row):
        return None
    return row[i]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _frame(table: Table, cols: dict[str, int], names: dict[str, str]) -> pd.DataFrame:
    """Columns of the table as a frame: out name -> cells."""
    data: dict[str, list[object]] = {"source_row": [r for r, _ in table.rows]}
    for out, norm in names.items():
        i = cols.get(norm)
        data[out] = [_cell(cells, i) for _, cells in table.rows]
    frame = pd.DataFrame(data)
    frame["source_sheet"] = table.sheet
    return frame


def _lbf(table: Table, file_name: str, lookup: Lookup, result: ParsedFile, _: object):
    names = {normalise(h) for h in table.header if h}
    if "enhed" in names:
        result.layout = "lbf-bred"
        cols = _columns(table, ["indikator", "geografi", "enhed"], ["geografikode"])
        years = [(i, h) for i, h in enumerate(table.header) if YEAR.match(normalise(h or ""))]
        base = _frame(
            table,
            cols,
            {
                "indicator_text": "indikator",
                "geo_text": "geografi",
                "geo_code_text": "geografikode",
                "unit_text": "enhed",
            },
        )
        parts = []
        for i, header in years:
            part = base.copy()
            part["period_text"] = header
            part["cell"] = [_cell(cells, i) for _, cells in table.rows]
            part["cell_column"] = header
            parts.append(part)
        long = pd.concat(parts, ignore_index=True)
        long["unit_text"] = long["unit_text"].map(lambda u: normalise(_text(u)))
        return long
    result.layout = "lbf-lang"
    cols = _columns(
        table,
        ["indikator", "geografi", "aar"],
        ["geografikode", "andel", "antal", "grundlag", "vaerdi", "usikker", "note"],
    )
    base = _frame(
        table,
        cols,
        {
            "indicator_text": "indikator",
            "geo_text": "geografi",
            "geo_code_text": "geografikode",
            "period_text": "aar",
            "uncertain_text": "usikker",
            "note": "note",
        },
    )
    parts = []
    for norm, unit in (
        ("andel", "andel"),
        ("vaerdi", "value"),
        ("antal", "antal"),
        ("grundlag", "grundlag"),
    ):
        if norm in cols:
            part = base.copy()
            part["unit_text"] = unit
            part["cell"] = [_cell(cells, cols[norm]) for _, cells in table.rows]
            part["cell_column"] = _display(norm)
            parts.append(part)
    if not parts:
        raise _LayoutError("mangler en værdikolonne: 'Andel', 'Værdi', 'Antal' eller 'Grundlag'")
    return pd.concat(parts, ignore_index=True)


def _tryghed(table: Table, file_name: str, lookup: Lookup, result: ParsedFile, _: object):
    result.layout = "tryghed"
    cols = _columns(
        table,
        ["aar", "geografi", "spoergsmaal", "andel"],
        ["undersoegelse", "svarkategori", "antal svar", "indikator", "usikker", "note"],
    )
    base = _frame(
        table,
        cols,
        {
            "survey": "undersoegelse",
            "period_text": "aar",
            "geo_text": "geografi",
            "question": "spoergsmaal",
            "answer": "svarkategori",
            "indicator_text": "indikator",
            "uncertain_text": "usikker",
            "note": "note",
        },
    )
    base["geo_code_text"] = None
    value = base.assign(
        unit_text="andel",
        cell=[_cell(c, cols["andel"]) for _, c in table.rows],
        cell_column="Andel",
    )
    parts = [value]
    if "antal svar" in cols:
        parts.append(
            base.assign(
                unit_text="grundlag",
                cell=[_cell(c, cols["antal svar"]) for _, c in table.rows],
                cell_column="Antal svar",
            )
        )
    return pd.concat(parts, ignore_index=True)


def _lokal(table: Table, file_name: str, lookup: Lookup, result: ParsedFile, _: object):
    result.layout = "lokal"
    cols = _columns(
        table,
        ["indikator", "geografi", "periode", "antal"],
        ["kilde", "usikker", "note", "geografikode"],
    )
    base = _frame(
        table,
        cols,
        {
            "indicator_text": "indikator",
            "geo_text": "geografi",
            "geo_code_text": "geografikode",
            "period_text": "periode",
            "uncertain_text": "usikker",
            "note": "note",
            "source": "kilde",
        },
    )
    return base.assign(
        unit_text="value",
        cell=[_cell(c, cols["antal"]) for _, c in table.rows],
        cell_column="Antal",
    )


def _dst(table: Table, file_name: str, lookup: Lookup, result: ParsedFile, indicator: object):
    result.layout = "dst"
    if not indicator:
        raise _LayoutError(
            "en tabel fra Statistikbanken siger ikke, hvilken indikator den fodrer: angiv den "
            "med --indicator KODE"
        )
    if indicator not in lookup.indicator_names:
        raise _LayoutError(f"ukendt indikator '{indicator}'")
    cols = _columns(table, ["omraade", "tid", "indhold"], [])
    base = _frame(table, cols, {"geo_text": "omraade", "period_text": "tid"})
    base["indicator_text"] = None
    base["indicator_code"] = indicator
    base["geo_code_text"] = None
    return base.assign(
        unit_text="value",
        cell=[_cell(c, cols["indhold"]) for _, c in table.rows],
        cell_column="INDHOLD",
    )


LAYOUTS = {"lbf": _lbf, "tryghed": _tryghed, "lokal": _lokal, "dst": _dst}


def _closest(text: str, names: list[str]) -> str:
    found = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
    return f"; nærmeste kendte: {', '.join(repr(f) for f in found)}" if found else ""


def _resolve_indicators(long: pd.DataFrame, lookup: Lookup) -> pd.Series:
    if "indicator_code" in long and long["indicator_code"].notna().all():
        return long["indicator_code"]
    codes = pd.Series(None, index=long.index, dtype="object")
    if "question" in long:
        keys = [
            lookup.survey_questions.get((loose_key(_text(q)), loose_key(_text(a))))
            for q, a in zip(long["question"], long.get("answer", [None] * len(long)), strict=True)
        ]
        codes = pd.Series(keys, index=long.index, dtype="object")
        by_question = long["question"].map(lambda q: lookup.indicators.get(loose_key(_text(q))))
        codes = codes.fillna(by_question)
    if "indicator_text" in long:
        unique = {
            t: lookup.indicators.get(loose_key(_text(t)))
            for t in long["indicator_text"].dropna().unique()
        }
        by_name = long["indicator_text"].map(unique)
        codes = codes.fillna(by_name)
    return codes


def _resolve_geo(text: str, code_text: str, lookup: Lookup) -> str | None:
    code = normalise(code_text)
    name = normalise(text)
    if code:
        if code.isdigit() and len(code) == 4 and code.startswith("0"):
            code = code[1:]
        if name.startswith("almene boliger i"):
            return f"almene-{code}" if f"almene-{code}" in lookup.geography_names else None
        found = lookup.geographies.get(code)
        if found:
            return found
    if name.isdigit() and len(name) == 4 and name.startswith("0"):
        name = name[1:]
    return lookup.geographies.get(name)


def _period(text: str) -> tuple[str, str, int] | None:
    text = text.strip()
    if m := YEAR.match(text):
        return text[:4], "year", int(m.group(1))
    if m := QUARTER.match(text):
        return f"{m.group(1)}-K{m.group(2)}", "quarter", int(m.group(1))
    if (m := MONTH.match(text)) and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}", "month", int(m.group(1))
    return None


def _finish(long: pd.DataFrame, file_name: str, lookup: Lookup, result: ParsedFile):
    """Resolve names, parse cells, validate, and pivot to one record per observation."""
    problems = result.problems

    def problem(row: pd.Series, column: str, text: str, message: str, severity="fejl") -> None:
        problems.append(
            Problem(
                file_name,
                row["source_sheet"],
                int(row["source_row"]),
                column,
                text,
                message,
                severity,
            )
        )

    long = long.reset_index(drop=True)
    for col in ("geo_code_text", "uncertain_text", "note", "survey", "indicator_text"):
        if col not in long:
            long[col] = None
    long["indicator_code"] = _resolve_indicators(long, lookup)
    # Unknown indicators and geographies: one problem per source row, with suggestions.
    first_cells = ~long.duplicated(["source_sheet", "source_row"])
    known_names = sorted(set(lookup.indicator_names.values()))
    for _, row in long[long["indicator_code"].isna() & first_cells].iterrows():
        shown = _text(row.get("indicator_text")) or _text(row.get("question"))
        column = "Indikator" if _text(row.get("indicator_text")) else "Spørgsmål"
        problem(row, column, shown, "ukendt indikator" + _closest(shown, known_names))
    geo_cache: dict[tuple[str, str], str | None] = {}
    codes = []
    for text, code_text in zip(long["geo_text"], long["geo_code_text"], strict=True):
        key = (_text(text), _text(code_text))
        if key not in geo_cache:
            geo_cache[key] = _resolve_geo(key[0], key[1], lookup)
        codes.append(geo_cache[key])
    long["geo_code"] = codes
    geo_names = sorted(set(lookup.geography_names.values()))
    for _, row in long[long["geo_code"].isna() & first_cells].iterrows():
        shown = _text(row["geo_text"]) or _text(row["geo_code_text"])
        extra = f" / kode '{_text(row['geo_code_text'])}'" if _text(row["geo_code_text"]) else ""
        problem(row, "Geografi", shown, f"ukendt geografi{extra}" + _closest(shown, geo_names))
    # Periods.
    periods = {p: _period(_text(p)) for p in long["period_text"].unique()}
    parsed_period = long["period_text"].map(periods)
    for _, row in long[parsed_period.isna() & first_cells].iterrows():
        problem(
            row,
            "Periode" if result.kind in ("lokal",) else "År",
            _text(row["period_text"]),
            "ikke et år, kvartal (2024-K3) eller måned (2024-09)",
        )
    long["period"] = parsed_period.map(lambda p: p and p[0])
    long["period_type"] = parsed_period.map(lambda p: p and p[1])
    long["year"] = parsed_period.map(lambda p: p and p[2])
    bad_year = long["year"].notna() & ~long["year"].between(*YEAR_RANGE)
    for _, row in long[bad_year & first_cells].iterrows():
        problem(row, "År", _text(row["period_text"]), "året ligger uden for 1990-2100")
    # Units of the value rows (wide LBF names its unit per row).
    unit_of = long["indicator_code"].map(lookup.indicator_units)
    if result.layout == "lbf-bred":
        bad_unit = ~long["unit_text"].isin(VALUE_UNITS)
        for _, row in long[bad_unit & first_cells].iterrows():
            problem(
                row,
                "Enhed",
                _text(row["unit_text"]),
                f"ukendt enhed; brug en af {', '.join(VALUE_UNITS)}",
            )
        long = long[~bad_unit].copy()
        unit_of = unit_of[long.index]
        role = np.select(
            [long["unit_text"].eq("grundlag"), long["unit_text"].eq("antal") & unit_of.ne("antal")],
            ["denominator", "numerator"],
            "value",
        )
    else:
        role = np.select(
            [long["unit_text"].eq("grundlag"), long["unit_text"].eq("antal") & unit_of.ne("antal")],
            ["denominator", "numerator"],
            "value",
        )
    long["role"] = role
    # Cells: parsed per kind of column (shares have their own rule for '1.234').
    long["share_cell"] = long["role"].eq("value") & unit_of.reindex(long.index).eq("andel")
    parsed_parts = []
    for share, part in long.groupby("share_cell", sort=False):
        col = parse_column(part["cell"], share=bool(share))
        if col.assumed_decimal_point:
            result.notes.append(
                "Tal som '1.234' i en andelskolonne er læst med punktum som decimaltegn, "
                "fordi kolonnens andre tal bruger decimalpunktum."
            )
        parsed_parts.append(
            pd.DataFrame(
                {
                    "value": col.value.values,
                    "suppressed": col.suppressed.values,
                    "suppressed_below": col.suppressed_below.values,
                    "uncertain": col.uncertain.values,
                    "raw": col.raw.values,
                    "error": col.error.values,
                    "percent": col.percent_sign.values,
                },
                index=part.index,
            )
        )
    cells = pd.concat(parsed_parts).reindex(long.index)
    long = long.join(cells)
    for _, row in long[long["error"].notna()].iterrows():
        problem(row, row["cell_column"], row["raw"], row["error"])
    # Drop cells that hold nothing (an empty cell in a wide sheet is no observation).
    empty = long["raw"].str.strip().eq("") & long["value"].isna() & ~long["suppressed"]
    long = long[~empty]
    # A value cell drives the record; numerators and denominators join it.
    keys = ["source_sheet", "indicator_code", "geo_code", "period"]
    ok = long["indicator_code"].notna() & long["geo_code"].notna() & long["period"].notna()
    long = long[ok]
    values = long[long["role"] == "value"]
    dup = values.duplicated(keys[1:], keep=False)
    for _, row in values[dup].drop_duplicates(keys[1:], keep="last").iterrows():
        problem(
            row,
            row["cell_column"],
            row["raw"],
            f"samme indikator, geografi og periode ({row['period']}) står flere gange i filen",
        )
    values = values.drop_duplicates(keys[1:], keep="first")
    extra = {}
    for role_name in ("numerator", "denominator"):
        part = long[long["role"] == role_name].drop_duplicates(keys[1:], keep="first")
        extra[role_name] = part.set_index(keys[1:])
    records = values.set_index(keys[1:])
    numerator = extra["numerator"]["value"].reindex(records.index)
    denominator = extra["denominator"]["value"].reindex(records.index)
    # A suppressed count beside an empty share still means "suppressed".
    num_suppressed = extra["numerator"]["suppressed"].reindex(records.index).fillna(False)
    out = records.reset_index()
    out["numerator"] = numerator.values
    out["denominator"] = denominator.values
    out["suppressed"] = out["suppressed"].astype(bool) | num_suppressed.values.astype(bool)
    out["value"] = out["value"].where(~out["suppressed"])
    uncertain_flag = out["uncertain_text"].map(
        lambda u: normalise(_text(u)) in ("ja", "j", "x", "1")
    )
    out["uncertain"] = out["uncertain"].astype(bool) | uncertain_flag
    out["note"] = out["note"].map(lambda n: _text(n) or None)
    out["survey"] = out["survey"].map(lambda s: _text(s) or None)
    raw_num = extra["numerator"]["raw"].reindex(records.index).fillna("").values
    raw_den = extra["denominator"]["raw"].reindex(records.index).fillna("").values
    out["raw_text"] = [
        " | ".join(x for x in (v, n, d) if x)
        for v, n, d in zip(out["raw"], raw_num, raw_den, strict=True)
    ]
    _validate(out, lookup, file_name, problems)
    out["suppressed_below"] = out["suppressed_below"].astype("Int64")
    return out[OBSERVATION_COLUMNS].reset_index(drop=True)


def _validate(out: pd.DataFrame, lookup: Lookup, file_name: str, problems: list[Problem]) -> None:
    unit = out["indicator_code"].map(lookup.indicator_units)

    def add(mask: pd.Series, column: str, message: Callable[[pd.Series], str], severity="fejl"):
        for _, row in out[mask].iterrows():
            problems.append(
                Problem(
                    file_name,
                    row["source_sheet"],
                    int(row["source_row"]),
                    column,
                    row["raw"],
                    message(row),
                    severity,
                )
            )

    v, n, d = out["value"], out["numerator"], out["denominator"]
    add(
        (unit == "andel") & ((v > 100) | (v < 0)),
        "Andel",
        lambda r: f"en andel skal ligge mellem 0 og 100 % (læst som {r['value']:g})",
    )
    add((unit == "antal") & (v < 0), "Antal", lambda r: "et antal kan ikke være negativt")
    add((n < 0) | (d < 0), "Antal", lambda r: "et antal kan ikke være negativt")
    add(
        (unit == "gennemsnit")
        & ((v < GRADE_RANGE[0]) | (v > GRADE_RANGE[1]))
        & out["indicator_code"].str.contains("karakter", na=False),
        "Værdi",
        lambda r: "et karaktergennemsnit skal ligge mellem -3 og 12",
    )
    add(
        n > d,
        "Antal",
        lambda r: f"tælleren ({r['numerator']:g}) er større end nævneren ({r['denominator']:g})",
    )
    computed = n / d * 100
    decimals = (
        out["raw"]
        .str.extract(r"[.,](\d+)\s*%?\s*\??$", expand=False)
        .str.len()
        .fillna(0)
        .astype(float)
    )
    tolerance = 0.5 * 10 ** (-decimals) + 0.051
    disagree = (unit == "andel") & v.notna() & computed.notna() & ((v - computed).abs() > tolerance)
    add(
        disagree & ~(n > d),
        "Andel",
        lambda r: (
            f"andelen {r['value']:g} % passer ikke med antal/grundlag "
            f"({r['numerator']:g}/{r['denominator']:g} = "
            f"{r['numerator'] / r['denominator'] * 100:.1f} %)"
        ),
        "advarsel",
    )
