"""Downloads: CSV and Excel for people, with user text that can never become a formula.

The app's downloads are for a Danish Excel: `danish_table` gives the columns Danish headers,
`to_excel_csv_bytes` writes CSV as Danish Excel opens it (UTF-8 with BOM, ';', decimal comma)
and `to_xlsx_bytes` writes numbers as numbers with a number format. The raw machine CSV
(comma, decimal point, code names) stays with the CLI (`python -m etl dump`, etl.commands).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A cell starting with one of these is a formula (or DDE payload) in Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """Text that starts like a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def protect_text_cell(cell: Any) -> None:
    """Store an openpyxl cell's text as text: never a formula, not even once edited."""
    if isinstance(cell.value, str):
        # openpyxl treats any string starting with "=" as a formula unless the type is forced.
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_PREFIXES):
            # quotePrefix keeps Excel from reading it as a formula when the cell is edited.
            cell.quotePrefix = True


# The machine names of the export frames' columns (monitor.dashboard's figures_export and the
# Overblik's frame) with the headers a person reads; other columns keep their names.
DANISH_HEADERS = {
    "indsatsomraade": "Indsatsområde",
    "indicator_code": "Indikatorkode",
    "geo_code": "Geografikode",
    "geo_name": "Geografi",
    "role": "Rolle",
    "period": "Periode",
    "value": "Værdi",
    "numerator": "Tæller",
    "denominator": "Nævner",
    "low": "Usikkerhed (95 %), nedre",
    "high": "Usikkerhed (95 %), øvre",
    "suppressed": "Diskretioneret",
    "uncertain": "Usikker",
    "partial": "Delvist år",
    "covers": "Delvist år dækker",
    "survey": "Undersøgelse",
    "file_name": "Importfil",
    "batch_sha256": "Importfilens SHA-256",
    "direction": "Retning",
    "usikkerhed": "Usikkerhed (95 %)",
}
YES_NO = ("ja", "nej")
# How many decimals an Excel number format shows at most (the figures have one or two).
MAX_DECIMALS = 4


def danish_table(
    frame: pd.DataFrame, values: Mapping[str, Mapping[Any, str]] | None = None
) -> pd.DataFrame:
    """The frame with Danish headers (DANISH_HEADERS); `values` maps a column's codes to words
    first, e.g. {"role": {"omraade": "Boligområde"}} (codes without a word are kept)."""
    out = frame.copy()
    for column, words in (values or {}).items():
        if column in out.columns:
            out[column] = out[column].map(lambda v, w=words: w.get(v, v))
    return out.rename(columns=DANISH_HEADERS)


def to_excel_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as a Danish Excel opens it with a double-click: UTF-8 with a byte-order mark (else
    Excel reads æøå as Latin-1), ';' between fields and a decimal comma (the Danish list
    separator and decimal sign), yes/no as ja/nej, formula-looking text escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        writer.writerow([_danish_cell(v) for v in record])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _danish_cell(value: Any) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return _plain_number(value).replace(".", ",")
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(safe_text(value)) if isinstance(value, str) else str(value)


def _plain_number(value: float) -> str:
    """88.4 -> '88.4', 0.1 + 0.2 -> '0.3', 1e-05 -> '0.00001', 2303.0 -> '2303': 15 significant
    digits (no float noise), positional (no exponent Excel might misread)."""
    return np.format_float_positional(float(f"{float(value):.15g}"), trim="-")


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Standard CSV: comma separator, decimal point, UTF-8, formula-looking text escaped."""
    escaped = frame.map(safe_text) if not frame.empty else frame
    return escaped.to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame; every string cell is stored as text, never a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in frame.itertuples(index=False):
            sheet.append([_excel_value(v) for v in record])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                protect_text_cell(cell)
        for index, column in enumerate(frame.columns, start=1):
            number_format = _number_format(frame[column])
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                        cell.number_format = number_format
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number_format(column: pd.Series) -> str | None:
    """A number column's Excel format: thousands separator and as many decimals as its figures
    have (at most MAX_DECIMALS). Excel shows it in the reader's locale: 2.303,5 in Danish."""
    if pd.api.types.is_bool_dtype(column):
        return None
    numbers = [
        float(v)
        for v in column
        if isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool | np.bool_)
        and not _is_missing(v)
    ]
    if not numbers:
        return None
    decimals = min(max(len(_plain_number(n).partition(".")[2]) for n in numbers), MAX_DECIMALS)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _excel_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars
    if isinstance(value, str):
        return value  # stored with data_type 's' by the caller: no formula, no apostrophe needed
    if isinstance(value, list | tuple | dict):
        return str(value)
    return value
