"""Records of a clean plain long LBF CSV straight from its dictionary codes (issue 11).

`etl.fast_csv` reads a plain file as one code per row and column into the column's distinct
texts. The shared path (`etl.parse`) would spread those into a frame of some 40 object columns
of a million rows and work through it with pandas; most of an import's time and memory went
there. Here every name, period, flag and cell is resolved or parsed once per distinct value
(or distinct combination: a geography's name and code, an indicator's unit with the cells a row
fills) with the shared functions, and only the observation columns are built at the end: as
Arrow for the load (`Records.table`, equal to the Arrow conversion of the shared path's frame),
and as the shared `etl.parse.observation_frame` only when `ParsedFile.records` is asked for.

Only a *clean* file is finished here: every name known, every period a year in range, every
cell readable, no figure out of range or disagreeing, no key twice, nothing unused. Anything
the shared path would report (an error, a warning, a name to map) returns None before anything
is recorded, and the caller runs the shared path on the frame, which reports it. A note the
shared path would add ('1.234' read with a decimal point) is added the same way here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.cells import Cells, parse_cells
from etl.resolve import parse_period, resolve_geography
from etl.sources import BY_LAYOUT
from etl.sources.lbf_long import LONG_VALUE_SLOTS, OTHER_VALUE_SLOTS
from monitor.text import normalise

if TYPE_CHECKING:
    from etl.fast_csv import Coded
    from etl.parse import Parser

VALUE_SLOTS = ("andel", "vaerdi", "antal")


class NotClean(Exception):
    """The file has something to report: the shared path takes it."""


def _used(codes: np.ndarray, texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes renumbered over the texts the rows use (a text only blank rows had is dropped)."""
    used = np.bincount(codes, minlength=len(texts)) > 0
    if used.all():
        return codes, texts
    renumber = np.cumsum(used) - 1
    return renumber[codes], [t for t, u in zip(texts, used, strict=True) if u]


def _per_value(codes: np.ndarray, values: list[object]) -> np.ndarray:
    """Each row's value, from one value per distinct code (an object array)."""
    table = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        table[i] = v
    return table[codes]


def coded_records(parser: Parser, coded: Coded) -> Records | None:
    """The file's observation records, or None when the shared path must judge the file."""
    try:
        return _records(parser, coded)
    except NotClean:
        return None


def _records(parser: Parser, coded: Coded) -> Records:
    from etl import parse  # the shared path's rules (parse imports this module)

    if coded.layout != "lbf-lang" or BY_LAYOUT[coded.layout].finish is not None:
        raise NotClean  # (Records.frame has no layout's last touch to give)
    header = coded.header
    lk = parser.lookup
    n = len(coded)
    keys = coded.key_columns()

    def key_text(name: str) -> tuple[np.ndarray, list[str]]:
        """A key column's codes and stripped distinct texts ('' for a missing column)."""
        if name not in keys:
            return np.zeros(n, dtype=np.int64), [""]
        codes, texts = _used(*coded.columns[keys[name]])
        return codes, [t.strip() for t in texts]

    # Indicators (every name known), with their units.
    ind_codes, ind_texts = key_text("indicator_text")
    indicators = [parser.indicator_for(t) for t in ind_texts]
    if any(c is None for c in indicators):
        raise NotClean
    units = [lk.indicator_units.get(c, "") for c in indicators]

    # Geographies: each (name, code) pair once.
    geo_codes, geo_texts = key_text("geo_text")
    gc_codes, gc_texts = key_text("geo_code_text")
    if any("\x1f" in t for t in (*geo_texts, *gc_texts)):
        raise NotClean  # the shared path joins the pair with \x1f
    pair_codes, pairs = pd.factorize(geo_codes.astype(np.int64) * len(gc_texts) + gc_codes)
    geographies = [
        resolve_geography(geo_texts[p // len(gc_texts)], gc_texts[p % len(gc_texts)], lk)
        for p in pairs.tolist()
    ]
    if any(g is None for g in geographies):
        raise NotClean

    # Periods: years in range only (lbf-lang takes years).
    period_codes, period_texts = key_text("period_text")
    periods = [parse_period(t) for t in period_texts]
    last_year = dt.date.today().year + 1
    for p in periods:
        if p is None or p[1] != "year" or not parse.FIRST_YEAR <= p[2] <= last_year:
            raise NotClean

    # Usikker: 'ja' or empty.
    unc_codes, unc_texts = key_text("uncertain_text")
    flags = [normalise(t) for t in unc_texts]
    if any(f not in parse.YES | parse.NO for f in flags):
        raise NotClean
    uncertain_flag = np.array([f in parse.YES for f in flags], dtype=bool)[unc_codes]

    # Which column holds each row's value, numerator and denominator (lbf_long's rules), per
    # distinct indicator and set of filled cells.
    present = [s for s in VALUE_SLOTS if s in header.index]
    slot_columns = [s for s in ("andel", "vaerdi", "antal", "grundlag") if s in header.index]
    filled: dict[str, np.ndarray] = {}
    for s in slot_columns:
        codes, texts = coded.columns[header.index[s]]
        filled[s] = np.array([t != "" for t in texts], dtype=bool)[codes]
    combo = ind_codes.astype(np.int64) * 8
    for bit, s in enumerate(VALUE_SLOTS):
        if s in filled:
            combo += filled[s].astype(np.int64) << bit
    combo_codes, combos = pd.factorize(combo)
    slot_names = [None, *slot_columns]  # slot ids: 0 no column
    role_slot = {r: np.zeros(len(combos), dtype=np.int64) for r in parse.ROLES}
    combo_share = np.zeros(len(combos), dtype=bool)
    for k, c in enumerate(combos.tolist()):
        unit = units[c // 8]
        has = {s: bool(c >> bit & 1) for bit, s in enumerate(VALUE_SLOTS) if s in filled}
        prefs = [s for s in LONG_VALUE_SLOTS.get(unit, OTHER_VALUE_SLOTS) if s in present] or [
            s for s in OTHER_VALUE_SLOTS if s in present
        ]
        value = next((s for s in prefs if has[s]), prefs[0]) if prefs else None
        numerator = "antal" if "antal" in present and value != "antal" else None
        denominator = "grundlag" if "grundlag" in slot_columns else None
        if any(has[s] and s not in (value, numerator) for s in present):
            raise NotClean  # a figure in a column its indicator does not use
        for role, slot in zip(parse.ROLES, (value, numerator, denominator), strict=True):
            role_slot[role][k] = slot_names.index(slot)
        combo_share[k] = unit in ("andel", "")

    # Cells: each role's distinct (column, text, share) parsed once by the shared rules.
    offsets = [0]  # texts of all slot columns one after another; id 0: no column
    texts_all: list[str] = [""]
    groups_all: list[str] = ["\x1f"]
    for s in slot_columns:
        offsets.append(len(texts_all))
        texts = coded.columns[header.index[s]][1]
        texts_all.extend(texts)
        groups_all.extend(["\x1f" + header.shown(s)] * len(texts))
    text_arr = np.array(texts_all, dtype=object)
    group_arr = np.array(groups_all, dtype=object)
    notes: list[str] = []
    cells: dict[str, _Role] = {}
    for role in parse.ROLES:
        slot = role_slot[role][combo_codes]
        key = np.zeros(n, dtype=np.int64)
        for sid, s in enumerate(slot_names[1:], start=1):
            rows = slot == sid
            if rows.any():
                key[rows] = offsets[sid] + coded.columns[header.index[s]][0][rows]
        share = combo_share[combo_codes] if role == "value" else np.zeros(n, dtype=bool)
        cell_codes, distinct = pd.factorize(key * 2 + share)
        del key, share, slot
        text_ids = distinct // 2
        got = parse_cells(
            pd.Series(text_arr[text_ids], dtype="object"),
            share=(distinct % 2).astype(bool),
            number=np.full(len(distinct), np.nan),
            percent_format=np.zeros(len(distinct), dtype=bool),
            group=group_arr[text_ids],
        )
        if (got.error[text_ids != 0] != None).any():  # noqa: E711 - numpy mask
            raise NotClean
        for g in got.decimal_groups:
            sheet, col = str(g).split("\x1f", 1)
            where = f" på arket '{sheet}'" if sheet else ""
            notes.append(
                f"Tal som '1.234' i kolonnen '{col}'{where} er læst med punktum som decimaltegn "
                "(12,34 %), fordi kolonnens andre andele bruger decimalpunktum."
            )
        got.empty = got.empty | (text_ids == 0)
        cells[role] = _Role(cell_codes.astype(np.int32), got)
    value_decimals = np.array(
        [parse._decimals(t) for t in cells["value"].cells.raw], dtype="float64"
    )[cells["value"].codes]

    # The same indicator, geography and period twice: the shared path reports it.
    ind_ids, ind_unique = pd.factorize(np.array(indicators, dtype=object))
    geo_ids, geo_unique = pd.factorize(np.array(geographies, dtype=object))
    per_ids, per_unique = pd.factorize(np.array([p[0] for p in periods], dtype=object))
    record_key = (
        ind_ids[ind_codes].astype(np.int64) * len(geo_unique) + geo_ids[pair_codes]
    ) * len(per_unique) + per_ids[period_codes]
    if not pd.Index(record_key).is_unique:
        raise NotClean

    # The ranges and the share against numerator/denominator (finish's checks).
    unit_of = np.array(units, dtype=object)[ind_codes]
    v, num, den = (cells[r].get("value") for r in parse.ROLES)
    low, high = parse.GRADE_RANGE
    with np.errstate(invalid="ignore", divide="ignore"):
        over = (num > den) & (num >= 0) & (den >= 0)
        computed = num / np.where(den > 0, den, np.nan) * 100
        tolerance = 0.5 * 10 ** (-value_decimals) + 0.05
        flagged = (
            ((unit_of == "andel") & ((v < 0) | (v > 100)))
            | ((unit_of == "gennemsnit") & ((v < low) | (v > high)))
            | ((unit_of == "pr. 1000") & ((v < 0) | (v > 1000)))
            | ((unit_of == "antal") & (v < 0))
            | (num < 0)
            | (den < 0)
            | over
            | (
                (unit_of == "andel")
                & ~np.isnan(v)
                & ~np.isnan(computed)
                & (np.abs(v - computed) > tolerance)
            )
        )
    if flagged.any():
        raise NotClean

    period_parts = list(zip(*periods, strict=True))
    return Records(
        n,
        notes,
        cells,
        uncertain_flag,
        {name: key_text(name) for name in ("note_text", "survey_text", "source_text")},
        {
            "indicator_code": (ind_codes, indicators),
            "geo_code": (pair_codes, geographies),
            "period": (period_codes, list(period_parts[0])),
            "period_type": (period_codes, list(period_parts[1])),
        },
        np.array(period_parts[2], dtype=np.int64)[period_codes],
        coded.rows,
    )


class _Role:
    """A role's cells: each row's code into the distinct cells, parsed."""

    def __init__(self, codes: np.ndarray, cells: Cells) -> None:
        self.codes = codes
        self.cells = cells

    def get(self, name: str) -> np.ndarray:
        return getattr(self.cells, name)[self.codes]


class Records:
    """A clean file's records, kept as codes: `table` for the load (Arrow, no Python object
    per row), `frame` for anyone who asks for `ParsedFile.records` (the shared path's frame).
    It holds no parser: the ParsedFile that keeps `frame` is freed as soon as it is let go."""

    def __init__(
        self,
        n: int,
        notes: list[str],
        cells: dict[str, _Role],
        uncertain_flag: np.ndarray,
        texts: dict[str, tuple[np.ndarray, list[str]]],
        keys: dict[str, tuple[np.ndarray, list]],
        year: np.ndarray,
        rows: np.ndarray,
    ) -> None:
        self.n = n
        self.notes = notes
        self.cells = cells
        self.uncertain_flag = uncertain_flag
        self.texts = texts
        self.keys = keys
        self.year = year
        self.rows = rows

    def _flags(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """suppressed, suppressed_below (float, NaN for none) and uncertain, as assembled by
        `etl.parse.observation_frame`."""
        v, num, den = (self.cells[r] for r in ("value", "numerator", "denominator"))
        value_empty = v.get("empty")
        suppressed = v.get("suppressed") | (value_empty & num.get("suppressed"))
        suppressed |= value_empty & num.get("empty")
        below = v.get("suppressed_below")
        below = np.where(np.isnan(below) & value_empty, num.get("suppressed_below"), below)
        below = np.where(suppressed, below, np.nan)
        uncertain = (
            self.uncertain_flag | v.get("uncertain") | num.get("uncertain") | den.get("uncertain")
        )
        return suppressed, below, uncertain

    def frame(self) -> pd.DataFrame:
        """The records as the shared path's frame (`etl.parse.observation_frame`)."""

        def texts_of(name: str) -> np.ndarray:
            codes, texts = self.texts[name]
            return np.array(texts, dtype=object)[codes]

        from etl import parse

        cells = self.cells
        frame = parse.observation_frame(
            {
                "value__empty": cells["value"].get("empty"),
                "numerator__empty": cells["numerator"].get("empty"),
                "value__suppressed": cells["value"].get("suppressed"),
                "numerator__suppressed": cells["numerator"].get("suppressed"),
                "value__below": cells["value"].get("suppressed_below"),
                "numerator__below": cells["numerator"].get("suppressed_below"),
                "uncertain_flag": self.uncertain_flag,
                **{f"{r}__uncertain": cells[r].get("uncertain") for r in cells},
                **{f"{r}__raw": cells[r].get("raw") for r in cells},
                **{name: texts_of(name) for name in self.texts},
                **{k: _per_value(codes, values) for k, (codes, values) in self.keys.items()},
                "year": self.year,
                **{f"{r}__value": cells[r].get("value") for r in cells},
                "source_row": self.rows,
                "source_sheet": np.full(self.n, None, dtype=object),
            }
        )
        return frame[parse.OBSERVATION_COLUMNS]

    def table(self) -> pa.Table:
        """The records as `pa.Table.from_pandas(self.frame())` gives them, built column-wise
        from the codes (the load's input)."""
        suppressed, below, uncertain = self._flags()
        cells = self.cells

        def strings(codes: np.ndarray, values: list) -> pa.Array:
            if all(v is None for v in values):
                return pa.nulls(len(codes))  # as from_pandas types a column of None only
            return pa.array(values, pa.string()).take(pa.array(codes))

        def text_or_null(values: list[str]) -> list[str | None]:
            return [t if t != "" else None for t in values]

        # The cell texts behind the figure, '88,4 % | 266 | 301', empty parts left out.
        raws = [strings(cells[r].codes, list(cells[r].cells.raw)) for r in cells]
        filled = [np.asarray(cells[r].cells.raw != "", dtype=bool)[cells[r].codes] for r in cells]
        bars = pa.array(["", " | "], pa.string())
        first_bar = bars.take(pa.array((filled[0] & filled[1]).astype(np.int8)))
        second_bar = bars.take(pa.array(((filled[0] | filled[1]) & filled[2]).astype(np.int8)))
        raw_text = pc.binary_join_element_wise(raws[0], first_bar, raws[1], second_bar, raws[2], "")
        # Survey, else Kilde (see etl.parse.observation_frame), per distinct pair.
        survey_codes, survey_texts = self.texts["survey_text"]
        source_codes, source_texts = self.texts["source_text"]
        pair_codes, pairs = pd.factorize(
            survey_codes.astype(np.int64) * len(source_texts) + source_codes
        )
        surveys = [
            survey_texts[p // len(source_texts)] or source_texts[p % len(source_texts)]
            for p in pairs.tolist()
        ]
        note_codes, note_texts = self.texts["note_text"]
        value = np.where(suppressed, np.nan, cells["value"].get("value"))
        columns = {
            **{k: strings(codes, values) for k, (codes, values) in self.keys.items()},
            "year": pa.array(self.year, pa.int64()),
            "value": pa.array(value, pa.float64(), from_pandas=True),
            "numerator": pa.array(cells["numerator"].get("value"), from_pandas=True),
            "denominator": pa.array(cells["denominator"].get("value"), from_pandas=True),
            "suppressed": pa.array(suppressed, pa.bool_()),
            "suppressed_below": pa.array(below, from_pandas=True).cast(pa.int64()),
            "uncertain": pa.array(uncertain, pa.bool_()),
            "survey": strings(pair_codes, text_or_null(surveys)),
            "note": strings(note_codes, text_or_null(note_texts)),
            "raw_text": raw_text,
            "source_row": pa.array(self.rows, pa.int64()),
            "source_sheet": pa.nulls(self.n),
        }
        return pa.table(columns)
