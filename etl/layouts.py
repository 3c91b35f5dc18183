"""The layouts of formats.md: their column names, how a header row is recognised, and how a
sheet's rows become a frame of text cells (one row per source row, or per row and year column).

Column names match case-insensitively, ignoring surrounding spaces, with æ/ø/å also written
ae/oe/aa (`monitor.text.normalise`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

from etl.readers import PercentNumber, Sheet
from etl.sources import LAYOUT_KIND, SOURCES
from monitor.text import normalise

HEADER_SCAN = 60  # rows looked at for the header: a title block is a few lines

# Canonical column -> the normalised spellings accepted for it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "indikator": ("indikator", "indikatornavn"),
    "geografi": ("geografi", "geografinavn", "omraadenavn"),
    "geografikode": ("geografikode", "geografi-kode", "geokode"),
    "enhed": ("enhed",),
    "aar": ("aar", "aarstal"),
    "andel": ("andel", "andel (%)", "andel %", "andel i %", "procent"),
    "antal": ("antal", "taeller"),
    "grundlag": ("grundlag", "naevner"),
    "vaerdi": ("vaerdi",),
    "undersoegelse": ("undersoegelse", "undersogelse"),
    "spoergsmaal": ("spoergsmaal", "sporgsmal", "spoergsmal"),
    "svarkategori": ("svarkategori", "svargruppe", "svar"),
    "antal svar": ("antal svar", "antal besvarelser", "respondenter", "antal respondenter"),
    "periode": ("periode",),
    "kilde": ("kilde",),
    "usikker": ("usikker", "usikkert"),
    "note": ("note", "noter", "bemaerkning", "kommentar"),
    "omraade": ("omraade",),
    "tid": ("tid",),
    "indhold": ("indhold",),
}
DISPLAY = {
    "indikator": "Indikator", "geografi": "Geografi", "geografikode": "Geografikode",
    "enhed": "Enhed", "aar": "År", "andel": "Andel", "antal": "Antal", "grundlag": "Grundlag",
    "vaerdi": "Værdi", "undersoegelse": "Undersøgelse", "spoergsmaal": "Spørgsmål",
    "svarkategori": "Svarkategori", "antal svar": "Antal svar", "periode": "Periode",
    "kilde": "Kilde", "usikker": "Usikker", "note": "Note", "omraade": "OMRÅDE", "tid": "TID",
    "indhold": "INDHOLD",
}  # fmt: skip
_CANONICAL = {spelling: canon for canon, spellings in SYNONYMS.items() for spelling in spellings}
_YEAR_HEADER = re.compile(r"^(19|20|21)\d{2}$")
# A header cell that is a number like a year but is not one (1800, 3000, 2020.5, 2020,5).
_NUMBER_HEADER = re.compile(r"^\d{3,5}(?:[.,]\d+)?$")
FIRST_YEAR = 1980

# Text columns a layout keeps (canonical name -> frame column).
KEYS = {
    "indikator": "indicator_text",
    "geografi": "geo_text",
    "geografikode": "geo_code_text",
    "aar": "period_text",
    "periode": "period_text",
    "tid": "period_text",
    "omraade": "geo_text",
    "undersoegelse": "survey_text",
    "spoergsmaal": "question_text",
    "svarkategori": "answer_text",
    "enhed": "unit_text",
    "usikker": "uncertain_text",
    "note": "note_text",
    "kilde": "source_text",
}
KEY_COLUMNS = sorted(set(KEYS.values()))


def canonical(name: object) -> str | None:
    """The canonical column a header cell names, or None."""
    if name is None:
        return None
    return _CANONICAL.get(normalise(str(name)))


@dataclass
class Header:
    """A header row: positions of the known columns and of year columns."""

    row: int  # as the user sees it
    names: list[str]  # cell texts as shown
    index: dict[str, int] = field(default_factory=dict)  # canonical -> first position
    years: list[tuple[int, str]] = field(default_factory=list)  # (position, 'YYYY')
    bad_years: list[tuple[int, str]] = field(default_factory=list)  # numbers that are no year
    repeated: list[tuple[str, int]] = field(default_factory=list)  # (canonical, position)

    def shown(self, canon: str) -> str:
        """The column's name as the file writes it."""
        i = self.index.get(canon)
        return self.names[i] if i is not None and self.names[i] else DISPLAY.get(canon, canon)


def header_text(cell: object) -> str:
    """A header cell as text; Excel writes year headers as numbers (2019.0)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell).strip()


def make_header(row: int, cells: list[object]) -> Header:
    """Read a candidate header row."""
    names = [header_text(c) for c in cells]
    header = Header(row, names)
    last_year = dt.date.today().year + 1
    for i, name in enumerate(names):
        canon = canonical(name)
        if canon is not None:
            if canon in header.index:
                header.repeated.append((canon, i))
            header.index.setdefault(canon, i)
        elif _YEAR_HEADER.match(name) and FIRST_YEAR <= int(name) <= last_year:
            header.years.append((i, name))
        elif _YEAR_HEADER.match(name) or _NUMBER_HEADER.match(name):
            header.bad_years.append((i, name))
    return header


def detect(header: Header) -> str | None:
    """The layout a header row belongs to, or None."""
    have = set(header.index)
    for source in SOURCES:
        if source.detect(have, header):
            return source.layout
    return None


def missing_columns(kind: str, header: Header) -> list[str]:
    """What the header lacks to be the closest layout of `kind` (display names)."""
    have = set(header.index)
    best: list[str] | None = None
    for source in SOURCES:
        if source.kind != kind:
            continue
        missing = [DISPLAY[c] for c in source.required if c not in have]
        if source.missing is not None:
            missing += source.missing(have, header)
        if best is None or len(missing) < len(best):
            best = missing
    return best or []


@dataclass
class HeaderSearch:
    """Outcome of looking for a header row in a sheet."""

    position: int | None = None  # index into sheet.rows
    header: Header | None = None
    layout: str | None = None
    other: tuple[Header, str] | None = None  # a header of another kind than the one asked for
    partial: Header | None = None  # the row with most known names, when none fits


def find_header(sheet: Sheet, kind: str | None) -> HeaderSearch:
    """The first row (within the first HEADER_SCAN) that is a header of `kind` (or of any
    kind). A two-row header (a merged group cell above the year columns) is read as one."""
    found = HeaderSearch()
    best_known = 1
    previous: list[object] | None = None
    for pos, cells in enumerate(sheet.rows[:HEADER_SCAN]):
        row = sheet.row_numbers[pos]
        candidates = [make_header(row, cells)]
        if previous is not None:
            # Blank cells filled from the row above: titles merged over several header rows.
            combined = [c if c not in (None, "") else p for c, p in zip_longest(cells, previous)]
            candidates.append(make_header(row, combined))
        for header in candidates:
            layout = detect(header)
            if layout is None:
                if len(header.index) > best_known:
                    best_known, found.partial = len(header.index), header
                continue
            if kind is None or LAYOUT_KIND[layout] == kind:
                found.position, found.header, found.layout = pos, header, layout
                return found
            if found.other is None:
                found.other = (header, layout)
        previous = cells
    return found


def zip_longest(a: list[object], b: list[object]) -> list[tuple[object, object]]:
    """Pairs of a and b, padded with None."""
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


@dataclass
class Column:
    """One column of cells: text as written, and Excel's native numbers (NaN for text)."""

    text: np.ndarray  # object array of str ('' for empty)
    number: np.ndarray | None  # float64, or None when every cell was text
    percent: np.ndarray | None  # bool: cell formatted as percent


def cell_text(cell: object) -> str:
    """A cell as the text kept as raw text."""
    if cell is None:
        return ""
    if isinstance(cell, PercentNumber):
        return f"{float(cell):g} [%-format]"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell)


def _cell_texts(cells: list[object]) -> list[str]:
    """`cell_text` of each cell, each distinct number's text made (and held) once: a column of
    a big workbook repeats few values. Only plain non-zero floats are memoised (0.0 and -0.0
    are equal keys; a percent cell's text differs from a plain one's)."""
    memo: dict[float, str] = {}
    out = []
    append = out.append
    for c in cells:
        kind = type(c)
        if kind is float and c:
            text = memo.get(c)  # type: ignore[call-overload]
            if text is None:
                text = memo[c] = cell_text(c)  # type: ignore[index]
            append(text)
        elif kind is str:
            append(c)
        else:
            append(cell_text(c))
    return out


def transpose(rows: list[list[object]], width: int, fill: object) -> list[list[object]]:
    """The first `width` columns of ragged rows (short rows padded with `fill`)."""
    if not rows:
        return [[] for _ in range(width)]
    if min(map(len, rows)) < width:
        pad = [fill] * width
        rows = [r if len(r) >= width else r + pad[: width - len(r)] for r in rows]
    return [list(map(itemgetter(i), rows)) for i in range(width)]


def column(sheet: Sheet, cells: list[object] | None, n: int) -> Column:
    """One column's cells (None: a column the file lacks, all empty)."""
    if cells is None:
        return Column(np.full(n, "", dtype=object), None, None)
    if sheet.all_text:
        return Column(np.array(cells, dtype=object), None, None)
    text = np.array(_cell_texts(cells), dtype=object)
    number = np.array(
        [float(c) if isinstance(c, float) else np.nan for c in cells], dtype="float64"
    )
    if np.isnan(number).all():
        return Column(text, None, None)
    percent = np.array([isinstance(c, PercentNumber) for c in cells], dtype=bool)
    return Column(text, number, percent)


def stripped(values: np.ndarray) -> np.ndarray:
    """Text cells stripped of surrounding space, each distinct text once."""
    codes, uniques = pd.factorize(values, sort=False)
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return cleaned[codes]  # code -1 (missing) picks the trailing ''


def obj(values: np.ndarray) -> pd.Series:
    """An object Series (pandas 3 would otherwise convert text to Arrow strings and back)."""
    return pd.Series(values, dtype="object")


def build_frame(
    sheet: Sheet,
    header: Header,
    slots: tuple[str, ...] | None,
    rows: list[list[object]],
    row_numbers: list[int],
) -> pd.DataFrame:
    """The sheet's data rows as a frame: key texts plus, per value slot, its cells.

    Slot columns: `<slot>__text`, `<slot>__number`, `<slot>__percent`, `<slot>__column` (the
    header as shown). Without slots (lbf-bred) the year columns are melted: one row per data row
    and year column, slot `cell`.
    """
    n = len(rows)
    width = len(header.names)
    cols = transpose(rows, width, "" if sheet.all_text else None)

    def cells(i: int | None) -> list[object] | None:
        return cols[i] if i is not None and i < len(cols) else None

    data: dict[str, object] = {
        "source_sheet": obj(np.full(n, sheet.name, dtype=object)),
        "source_row": pd.Series(np.asarray(row_numbers, dtype=np.int64)),
    }
    for canon, out in KEYS.items():
        if canon in header.index and out not in data:
            data[out] = obj(stripped(column(sheet, cells(header.index[canon]), n).text))
    for out in KEY_COLUMNS:
        data.setdefault(out, obj(np.full(n, "", dtype=object)))
    if slots is None:
        return _melt_years(data, header, [column(sheet, cells(i), n) for i, _ in header.years], n)
    for slot in slots:
        if slot in header.index:
            col = column(sheet, cells(header.index[slot]), n)
            _put_slot(data, slot, col, header.shown(slot), n)
    return pd.DataFrame(data)


def _melt_years(
    data: dict[str, object], header: Header, year_columns: list[Column], n: int
) -> pd.DataFrame:
    """One row per data row and year column, year by year: the key columns repeated, the
    year columns' cells one after the other. Built column by column in one frame (the frame
    of a million-value workbook; one frame per year and a concat cost twice its memory)."""
    if not header.years:
        return pd.DataFrame(data)
    k = len(header.years)
    out: dict[str, pd.Series] = {}
    for name, series in data.items():
        values = np.tile(series.to_numpy(), k)  # type: ignore[attr-defined]
        out[name] = obj(values) if values.dtype == object else pd.Series(values)
    out["period_text"] = obj(np.repeat(np.array([y for _, y in header.years], dtype=object), n))
    out["cell__text"] = obj(np.concatenate([c.text for c in year_columns]))
    out["cell__number"] = pd.Series(
        np.concatenate(
            [c.number if c.number is not None else np.full(n, np.nan) for c in year_columns]
        )
    )
    out["cell__percent"] = pd.Series(
        np.concatenate(
            [c.percent if c.percent is not None else np.zeros(n, dtype=bool) for c in year_columns]
        )
    )
    shown = np.array([header.names[i] or year for i, year in header.years], dtype=object)
    out["cell__column"] = obj(np.repeat(shown, n))
    return pd.DataFrame(out, copy=False)


def _put_slot(data: dict[str, object], slot: str, col: Column, shown: str, n: int) -> None:
    data[f"{slot}__text"] = obj(col.text)
    data[f"{slot}__number"] = pd.Series(
        col.number if col.number is not None else np.full(n, np.nan)
    )
    data[f"{slot}__percent"] = pd.Series(
        col.percent if col.percent is not None else np.zeros(n, dtype=bool)
    )
    data[f"{slot}__column"] = obj(np.full(n, shown, dtype=object))
