"""Downloads: standard CSV and Excel, with user text that can never become a formula."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook
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
        for record in frame.itertuples(index=False):
            sheet.append([_excel_value(v) for v in record])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                protect_text_cell(cell)
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
