"""Bytes to sheets of rows: CSV (encoding and separator detected) and xlsx (every sheet or the
named one, merged cells filled in). Row numbers are those the user sees: the physical line where
a CSV record starts, the Excel row number in a workbook. Blank rows are dropped here; finding
the header row is the caller's business (it knows the column names).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 10_000
# Bounds on what one file may make us do, whatever it claims about itself.
MAX_FILE_BYTES = 1_000_000_000
MAX_XLSX_UNPACKED = 2_000_000_000  # bytes of XML inside the zip
MAX_XLSX_CELLS = 40_000_000  # cells (empty ones between filled ones included) per sheet
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
    separator: str | None = None  # CSV: the separator detected
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
    if len(content) > MAX_FILE_BYTES:
        raise ReadError(
            f"filen fylder {len(content) // 1_000_000} MB; grænsen er "
            f"{MAX_FILE_BYTES // 1_000_000} MB: del den i flere filer"
        )
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


# decode()'s names of the encodings -> Python codecs ('utf-8-sig' drops the BOM).
CODECS = {
    "UTF-8 med BOM": "utf-8-sig",
    "UTF-16": "utf-16",
    "UTF-8": "utf-8",
    "Windows-1252": "cp1252",
}


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
    del text  # records are decoded as they are read: a whole-file StringIO costs 4 bytes a char
    stream = io.TextIOWrapper(
        io.BytesIO(content), encoding=CODECS[encoding], errors="replace", newline=""
    )
    reader = csv.reader(stream, delimiter=sep)
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
        raise ReadError(
            f"CSV-filen kan ikke læses fra linje {line}: et felt i anførselstegn slutter ikke "
            "eller er for langt"
        ) from exc
    names = {";": "semikolon", ",": "komma", "\t": "tabulator"}
    sheet = Sheet(None, rows, starts, separator=sep)
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


def _fast_value(value: object, style_id: object, formats: dict) -> object:
    """`_excel_value` of a cell with a value from `etl.xlsx_fast.rows`; its number format is
    looked up (and a broken style id fails) for text too, as openpyxl does."""
    number_format = formats[style_id]
    kind = type(value)
    if kind is str:
        return value if value.strip() else None  # type: ignore[union-attr]
    if kind is float or kind is int:
        if number_format and "%" in number_format:
            return PercentNumber(value)  # type: ignore[arg-type]
        return float(value)  # type: ignore[arg-type]
    return _excel_value(value, number_format)


_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\""
)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is[\s>]")  # a saved, non-empty result


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_part(archive: zipfile.ZipFile, path: str) -> bytes:
    """A worksheet's XML, read within the size limit checked when the workbook was opened."""
    return archive.read(path.lstrip("/"))


def _merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range the sheet declares."""
    out = []
    for m in _MERGE.finditer(xml):
        c1, r1 = _column_number(m.group(1)), int(m.group(2))
        c2 = _column_number(m.group(3)) if m.group(3) else c1
        r2 = int(m.group(4)) if m.group(4) else r1
        out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return out


def _formulas_without_value(xml: bytes) -> list[str]:
    """Cells holding a formula whose result was never saved ('B7'): with no cached value the
    cell would read as empty, that is as a figure not published."""
    if not _FORMULA.search(xml):
        return []
    out = []
    for m in _CELL.finditer(xml):
        body = m.group(2) or b""
        if _FORMULA.search(body) and not _VALUE.search(body):
            ref = _REF.search(m.group(1))
            out.append(ref.group(1).decode() + ref.group(2).decode() if ref else "?")
    return out


def _check_archive(content: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(
            "filen kan ikke læses som Excel-fil (.xlsx): den er beskadiget eller ikke en "
            "Excel-fil; åbn den i Excel, og gem den igen som .xlsx"
        ) from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise ReadError(
            f"Excel-filen fylder {unpacked // 1_000_000} MB udpakket; grænsen er "
            f"{MAX_XLSX_UNPACKED // 1_000_000} MB: del den i flere filer"
        )
    return archive


def read_xlsx(
    content: bytes,
    sheet: str | None = None,
    progress: Progress | None = None,
    *,
    fast: bool = True,
) -> list[Sheet]:
    """Every worksheet (or the named one) with merged ranges filled from their top-left cell.

    The work is bounded by the cells the file really holds: the workbook is streamed
    (openpyxl read-only mode) with the used range it claims ignored, merged ranges are filled
    only where the sheet has data, and a sheet above MAX_XLSX_CELLS cells is refused.

    `fast`: read the cells' values without openpyxl's cell objects (`etl.xlsx_fast`, same
    rows and values); False reads them through `ws.iter_rows()` (the equivalence tests compare
    the two)."""
    from openpyxl import load_workbook

    archive = _check_archive(content)
    try:
        if fast:
            from etl.xlsx_fast import load_workbook as fast_load_workbook

            book = fast_load_workbook(content)
        else:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ReadError(
            "filen kan ikke læses som Excel-fil (.xlsx): den er beskadiget eller ikke en "
            "Excel-fil; åbn den i Excel, og gem den igen som .xlsx"
        ) from exc
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
        for name in names:
            ws = book[name]
            if not hasattr(ws, "iter_rows") or not hasattr(ws, "_worksheet_path"):
                continue  # a chart sheet
            sheets.append(_read_worksheet(ws, archive, name, progress, fast))
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError("Excel-filen er for stor til at blive læst: del den i flere filer") from exc
    except Exception as exc:  # a broken sheet part inside a valid zip
        raise ReadError(
            "Excel-filen kan ikke læses: et regneark i den er beskadiget; åbn den i Excel, og "
            "gem den igen som .xlsx"
        ) from exc
    finally:
        book.close()
        archive.close()
    if not sheets:
        raise ReadError("Excel-filen har ingen regneark")
    return sheets


def _read_worksheet(ws: object, archive: zipfile.ZipFile, name: str, progress: Progress | None,
                    fast: bool = True) -> Sheet:  # fmt: skip
    xml = _sheet_part(archive, ws._worksheet_path)  # type: ignore[attr-defined]
    missing = _formulas_without_value(xml)
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" og {len(missing) - 5} flere" if len(missing) > 5 else ""
        )
        raise ReadError(
            f"arket '{name}': {len(missing)} celle(r) med en formel uden gemt resultat ({shown}); "
            "åbn filen i Excel, lad den regne, og gem den igen (eller indsæt cellerne som værdier)"
        )
    merges = _merged_ranges(xml)
    if fast:
        from etl.xlsx_fast import plain_xml

        c_parser = plain_xml(xml)
    del xml
    ws.reset_dimensions()  # type: ignore[attr-defined]  # the claimed used range is not trusted
    rows: list[list[object]] = []
    numbers: list[int] = []
    cells_seen = 0
    last_row = 0

    def count(width: int) -> None:
        nonlocal cells_seen
        cells_seen += width
        if cells_seen > MAX_XLSX_CELLS:
            raise ReadError(
                f"arket '{name}' har mere end {MAX_XLSX_CELLS:,} celler; del filen i flere "
                "filer".replace(",", ".")
            )

    if fast:
        from etl.xlsx_fast import rows as fast_rows

        source = fast_rows(ws, _fast_value, count, c_parser=c_parser)
    else:
        source = ws.iter_rows()  # type: ignore[attr-defined]
    for r_index, row in enumerate(source, start=1):
        if fast:
            cells = row
        else:
            count(len(row))
            cells = [_excel_value(cell.value, cell.number_format) if cell.value is not None
                     else None for cell in row]  # fmt: skip
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            rows.append(cells)
            numbers.append(r_index)
            last_row = r_index
        if progress is not None and r_index % PROGRESS_EVERY == 0:
            progress(r_index, None)
    if merges and rows:
        rows, numbers = _fill_merged(rows, numbers, merges, last_row)
    return Sheet(name, rows, numbers, all_text=False)


def _fill_merged(
    rows: list[list[object]],
    numbers: list[int],
    merges: list[tuple[int, int, int, int]],
    last_row: int,
) -> tuple[list[list[object]], list[int]]:
    """Merged ranges filled from their top-left cell, clipped to the rows and columns that hold
    data: a range claiming the whole sheet costs what the data costs."""
    width = max(map(len, rows))
    by_number = dict(zip(numbers, rows, strict=True))
    for r1, c1, r2, c2 in merges:
        top = by_number.get(r1)
        if top is None or c1 > len(top) or top[c1 - 1] is None:
            continue
        value = top[c1 - 1]
        for r in range(r1, min(r2, last_row) + 1):
            cells = by_number.get(r)
            if cells is None:
                cells = by_number[r] = []
            hi = min(c2, width)
            if len(cells) < hi:
                cells.extend([None] * (hi - len(cells)))
            for c in range(c1, hi + 1):
                cells[c - 1] = value
    ordered = sorted(by_number)
    return [by_number[r] for r in ordered], ordered
