"""Bytes to sheets of rows: CSV (encoding and separator detected) and xlsx (every sheet or the
named one, merged cells filled in). Row numbers are those the user sees: the physical line where
a CSV record starts, the Excel row number in a workbook. Blank rows are dropped here; finding
the header row is the caller's business (it knows the column names).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 10_000
# Workbooks above this size are streamed (openpyxl read-only): the full model that knows merged
# cells needs several times the file's size in memory and is slow.
STREAM_XLSX_ABOVE = 8_000_000
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class ReadError(Exception):
    """The file cannot be read as a table at all (Danish message)."""


class PercentNumber(float):
    """A number from an Excel cell formatted as percent: holds the fraction (0.884 = 88,4 %)."""


@dataclass
class Sheet:
    """The non-blank rows of one CSV file or worksheet."""

    name: str | None  # None for CSV
    rows: list[list[object]]  # cells: str, float (Excel numbers) or PercentNumber
    row_numbers: list[int]  # 1-based, as the user sees them
    all_text: bool = True  # CSV: every cell is a str
    notes: list[str] = field(default_factory=list)


def is_xlsx(content: bytes, file_name: str) -> bool:
    """A zip container (xlsx) or a file named .xlsx/.xlsm."""
    return content[:4] == XLSX_MAGIC or file_name.lower().endswith((".xlsx", ".xlsm"))


def read_sheets(
    content: bytes,
    file_name: str,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> list[Sheet]:
    """Every sheet of the file (a CSV file is one sheet); raises ReadError in Danish."""
    if not content or not content.strip():
        raise ReadError("filen er tom")
    if content[:4] == OLE_MAGIC or file_name.lower().endswith(".xls"):
        raise ReadError(
            "filen er i det gamle Excel-format (.xls); åbn den i Excel og gem den som .xlsx"
        )
    if is_xlsx(content, file_name):
        return read_xlsx(content, sheet=sheet, progress=progress)
    sheets = [read_csv(content, progress=progress)]
    if sheet:
        sheets[0].notes.append(f"Arket '{sheet}' er ignoreret: en CSV-fil har ingen ark.")
    return sheets


def decode(content: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16 with BOM, else
    Windows-1252 (the encoding Danish Excel uses for 'CSV (semikolonsepareret)')."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "UTF-8 med BOM"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "Windows-1252"


def _looks_binary(text: str) -> bool:
    head = text[:4096]
    if "\x00" in head:
        return True
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t\x0c")
    return controls > max(8, len(head) // 50)


def _records(text: str, sep: str, limit: int | None = None) -> tuple[list[list[str]], list[int]]:
    """CSV records and the physical line where each starts (blank lines dropped)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[list[str]] = []
    starts: list[int] = []
    line = 1
    for record in reader:
        if record and any(record):
            rows.append(record)
            starts.append(line)
            if limit is not None and len(rows) >= limit:
                break
        line = reader.line_num + 1
    return rows, starts


def detect_separator(text: str) -> str:
    """';', ',' or tab: the one giving the most consistent, widest rows in the first lines.

    ';' wins ties (the Danish default): a ';' file's decimal commas would otherwise split
    every number into two fields.
    """
    head = "\n".join(text.splitlines()[:30])
    best, best_score = ";", -1.0
    for sep in (";", ",", "\t"):
        try:
            rows, _ = _records(head, sep, limit=20)
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        # The most common width, times how many rows have it: a table's rows agree, while a
        # wrong separator splits title lines and numbers into varying pieces.
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        if common < 2:
            continue
        score = common * widths.count(common)
        if score > best_score:
            best, best_score = sep, score
    return best


def _line_breaks(record: list[str]) -> int:
    """Line breaks inside a record's quoted fields (\r\n, \r and \n count once each)."""
    return sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in record)


def read_csv(content: bytes, progress: Progress | None = None) -> Sheet:
    """A CSV file as one sheet of text cells.

    Records are read in chunks at C speed; a record's line is its position among the
    physical lines, corrected only in chunks where quoted fields hold line breaks.
    """
    text, encoding = decode(content)
    if _looks_binary(text):
        raise ReadError("filen ser ikke ud til at være en CSV- eller Excel-fil (.csv/.xlsx)")
    if not text.strip():
        raise ReadError("filen er tom")
    sep = detect_separator(text)
    total = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[list[str]] = []
    starts: list[int] = []
    line = 1  # the physical line the next record starts on
    try:
        while True:
            chunk = list(islice(reader, PROGRESS_EVERY))
            if not chunk:
                break
            if reader.line_num - line + 1 == len(chunk):
                chunk_starts = range(line, line + len(chunk))
            else:
                chunk_starts = []
                at = line
                for record in chunk:
                    chunk_starts.append(at)
                    at += 1 + _line_breaks(record)
            # Blank lines (also ';;;' from Excel) are no rows.
            blank = [i for i, r in enumerate(chunk) if not r or not (r[0] or any(r))]
            if blank:
                skip = set(blank)
                chunk = [r for i, r in enumerate(chunk) if i not in skip]
                chunk_starts = [x for i, x in enumerate(chunk_starts) if i not in skip]
            rows.extend(chunk)
            starts.extend(chunk_starts)
            line = reader.line_num + 1
            if progress is not None:
                progress(line - 1, total)
    except csv.Error as exc:
        raise ReadError(f"CSV-filen kan ikke læses fra linje {line}: {exc}") from exc
    names = {";": "semikolon", ",": "komma", "\t": "tabulator"}
    sheet = Sheet(None, rows, starts)
    sheet.notes.append(f"CSV læst som {encoding} med {names[sep]} som skilletegn.")
    return sheet


def _excel_value(value: object, number_format: str | None) -> object:
    """An openpyxl cell value as str, float or PercentNumber (None when empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            return PercentNumber(value)
        return float(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_xlsx(
    content: bytes, sheet: str | None = None, progress: Progress | None = None
) -> list[Sheet]:
    """Every worksheet (or the named one) with merged ranges filled from their top-left cell."""
    from openpyxl import load_workbook

    stream = len(content) > STREAM_XLSX_ABOVE
    try:
        book = load_workbook(io.BytesIO(content), read_only=stream, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ReadError(f"filen kan ikke læses som Excel-fil (.xlsx): {exc}") from exc
    try:
        names = list(book.sheetnames)
        if sheet is not None:
            match = [n for n in names if n == sheet] or [
                n for n in names if n.strip().lower() == sheet.strip().lower()
            ]
            if not match:
                raise ReadError(f"arket '{sheet}' findes ikke; arkene er: {', '.join(names)}")
            names = match[:1]
        sheets = []
        done = 0
        for name in names:
            ws = book[name]
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                continue
            total = ws.max_row if isinstance(ws.max_row, int) else None
            merged: dict[tuple[int, int], object] = {}
            if not stream:
                for rng in ws.merged_cells.ranges:
                    top = ws.cell(rng.min_row, rng.min_col)
                    value = _excel_value(top.value, top.number_format)
                    for r in range(rng.min_row, rng.max_row + 1):
                        for c in range(rng.min_col, rng.max_col + 1):
                            merged[(r, c)] = value
            rows: list[list[object]] = []
            numbers: list[int] = []
            for r_index, row in enumerate(ws.iter_rows(), start=1):
                cells = [
                    _excel_value(getattr(cell, "value", None), getattr(cell, "number_format", None))
                    for cell in row
                ]
                if merged:
                    for c_index in range(len(cells)):
                        if (r_index, c_index + 1) in merged:
                            cells[c_index] = merged[(r_index, c_index + 1)]
                if any(c is not None for c in cells):
                    rows.append(cells)
                    numbers.append(r_index)
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)
            sheets.append(Sheet(name, rows, numbers, all_text=False))
    except ReadError:
        raise
    except Exception as exc:  # a broken sheet part inside a valid zip
        raise ReadError(f"Excel-filen kan ikke læses: {exc}") from exc
    finally:
        book.close()
    if not sheets:
        raise ReadError("Excel-filen har ingen regneark")
    return sheets
