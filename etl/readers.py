"""Bytes to tables: CSV (encoding and separator detected) and xlsx (every sheet, title block,
merged cells). A table is a header row found by its column names and the rows below it."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from monitor.text import normalise

# Every column name any layout knows (normalised): the header row is the first row with
# at least two of them.
KNOWN_COLUMNS = {
    "indikator", "geografi", "geografikode", "enhed", "aar", "andel", "antal", "grundlag",
    "vaerdi", "undersoegelse", "spoergsmaal", "svarkategori", "antal svar", "periode", "kilde",
    "usikker", "note", "omraade", "tid", "indhold",
}  # fmt: skip


class ReadError(Exception):
    """The file cannot be read as a table at all (Danish message)."""


@dataclass
class Table:
    sheet: str | None
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (1-based row, cells)


def _is_header(cells: list[object]) -> bool:
    names = {normalise(str(c)) for c in cells if c is not None and str(c).strip()}
    hits = len(names & KNOWN_COLUMNS) + sum(1 for n in names if n.isdigit() and len(n) == 4)
    return hits >= 3 or len(names & KNOWN_COLUMNS) >= 2 and len(names) <= 3


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    """';' or ',' (or tab): the one that splits the header line into most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: len(next(csv.reader([first], delimiter=sep))) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: (counts[s], s == ";"))


def read_csv(content: bytes, progress: Callable[[int], None] | None = None) -> list[Table]:
    """A CSV file as one table; row numbers are the physical line where each record starts."""
    if b"\x00" in content[:4096]:
        raise ReadError("filen er ikke en tekstfil (CSV)")
    text = decode(content)
    if not text.strip():
        raise ReadError("filen er tom")
    sep = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    table: Table | None = None
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if table is None:
                if _is_header(record):
                    table = Table(None, [c.strip() for c in record], start)
                continue
            if not any(c.strip() for c in record):
                continue
            table.rows.append((start, record))
            if progress and len(table.rows) % 50_000 == 0:
                progress(len(table.rows))
    except csv.Error as exc:
        raise ReadError(f"CSV-filen kan ikke læses omkring linje {line}: {exc}") from exc
    if table is None:
        raise ReadError("ingen overskriftsrække med kendte kolonnenavne fundet")
    return [table]


def _cell_value(cell) -> object:  # noqa: ANN001 - an openpyxl cell
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        fmt = cell.number_format or ""
        if "%" in fmt:
            # A cell formatted as percent holds 0.884 for 88,4 %.
            return PercentCell(float(value) * 100)
        return float(value)
    if value is None:
        return None
    return str(value)


class PercentCell(float):
    """A number read from a percent-formatted Excel cell (already in percent points)."""


def read_xlsx(
    content: bytes, sheet: str | None = None, progress: Callable[[int], None] | None = None
) -> list[Table]:
    """Every sheet (or the named one) with a recognisable header row as a table."""
    from openpyxl import load_workbook

    try:
        # Merged cells need the full (not read-only) model; large files use the streaming
        # reader, where a merged header is rare and blank cells are left blank.
        big = len(content) > 3_000_000
        book = load_workbook(io.BytesIO(content), read_only=big, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(f"filen kan ikke læses som Excel (.xlsx): {exc}") from exc
    names = book.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise ReadError(f"arket '{sheet}' findes ikke; arkene er: {', '.join(names)}")
        names = [sheet]
    tables = []
    for name in names:
        ws = book[name]
        merged: dict[tuple[int, int], object] = {}
        if not big:
            for rng in ws.merged_cells.ranges:
                top = ws.cell(rng.min_row, rng.min_col)
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        merged[(r, c)] = _cell_value(top)
        table: Table | None = None
        for r_index, row in enumerate(ws.iter_rows(), start=1):
            cells = []
            for c_index, cell in enumerate(row, start=1):
                cells.append(
                    merged.get((r_index, c_index), None)
                    if (r_index, c_index) in merged
                    else _cell_value(cell)
                )
            if table is None:
                if _is_header(cells):
                    header = [("" if c is None else str(c).strip()) for c in cells]
                    header = [
                        h[:-2] if h.endswith(".0") and h[:-2].isdigit() else h for h in header
                    ]
                    table = Table(name, header, r_index)
                continue
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            table.rows.append((r_index, cells))
            if progress and len(table.rows) % 20_000 == 0:
                progress(len(table.rows))
        if table is not None:
            tables.append(table)
    book.close()
    if not tables:
        raise ReadError("ingen ark med en overskriftsrække med kendte kolonnenavne")
    return tables
