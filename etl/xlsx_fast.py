"""A worksheet's rows as plain values, without openpyxl's per-cell objects.

openpyxl's read-only mode parses each `<c>` element into a dict, wraps it in a `ReadOnlyCell`
and decodes inline strings through its descriptor machinery (`Text.from_tree`); for a wide
LBF workbook of a million values that is most of the import's time, with the XML itself
parsed twice by defusedxml's pure-Python parser (once for the dimensions when the workbook
opens). `rows()` runs openpyxl's own parser code (same row and column numbering, same errors
for the parts of a sheet that are not cells), on the standard library's C parser where
`plain_xml` says that is as safe, and handles the common cells itself: numbers,
shared, inline and formula strings, with a coordinate or without. Anything less common (a
date format, a boolean, an error value, rich inline text, an odd coordinate or style) goes
through openpyxl's own `parse_cell`, so the values are those of `ws.iter_rows()` cell by
cell. Rows are laid out exactly as `ReadOnlyWorksheet._cells_by_row` lays them out with no
claimed dimensions: a missing row is an empty row, a row whose number goes back is skipped,
a row is as wide as its last cell's column.
"""

from __future__ import annotations

import io
import re
import types
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from typing import Any
from xml.parsers import expat

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.reader import excel
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet import _reader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import (
    INLINE_STRING,
    VALUE_TAG,
    WorkSheetParser,
    _cast_number,
)
from openpyxl.xml.constants import SHEET_MAIN_NS

TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_DIGITS = "0123456789"
_DECLARATION = re.compile(rb"<\?xml\b[^>]*>")
_ENCODING = re.compile(rb"\bencoding\s*=\s*[\"']\s*(?i:utf-8|utf8)\s*[\"']")

# openpyxl's WorkSheetParser.parse, unchanged, but with the standard library's C parser in
# place of defusedxml's pure-Python one (about half of the reading time). Used only for XML
# that `plain_xml` accepts: without a document type declaration no entity can be declared,
# which is all defusedxml guards against in a worksheet.
_c_parse = types.FunctionType(
    _reader.WorkSheetParser.parse.__code__,
    {**vars(_reader), "iterparse": ElementTree.iterparse},
    "parse",
)


_c_parse_dimensions = types.FunctionType(
    _reader.WorkSheetParser.parse_dimensions.__code__,
    {**vars(_reader), "iterparse": ElementTree.iterparse},
    "parse_dimensions",
)


_DATA_END = _reader.DATA_TAG[1:]  # expat's name for it: 'namespace}sheetData'
_CHUNK = 16 * 1024  # what ElementTree.iterparse reads at a time


def _check_up_to_data_end(xml: bytes) -> None:
    """What `WorkSheetParser.parse_dimensions` does to a sheet without a `<dimension>`
    element, at C speed: parse it the way `iterparse` does (16 KiB at a time) until the chunk
    in which `<sheetData>` ends, raising the parser's error for broken XML on the way. Each
    element's end is recorded by a C method (`set.add`), so no Python code runs per element.
    As with `iterparse`, an error after the end of `<sheetData>` is no error here."""
    parser = expat.ParserCreate(None, "}")
    ended: set[str] = set()
    parser.EndElementHandler = ended.add
    try:
        for start in range(0, len(xml), _CHUNK):
            parser.Parse(xml[start : start + _CHUNK], False)
            if _DATA_END in ended:
                return
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        if _DATA_END in ended:  # iterparse hands out the events before an error first
            return
        raise ElementTree.ParseError(str(exc)) from exc


class _ReadOnlyWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, its dimensions read with the C parser when that is safe.

    Opening a workbook reads each sheet up to its `<dimension>` element, or, when it has none
    (files written by openpyxl and many tools), to the end of its data: a whole extra pass.
    The claimed dimensions are not used (`reset_dimensions`), but the pass stays, so that a
    sheet broken before its data ends fails while the workbook is opened, as it did."""

    def _get_size(self) -> None:
        xml = self.parent._archive.read(self._worksheet_path)
        if not plain_xml(xml):
            super()._get_size()
            return
        if b"dimension" not in xml:  # no <dimension> element: only a well-formedness pass
            _check_up_to_data_end(xml)
            return
        dimensions = _c_parse_dimensions(_reader.WorkSheetParser(io.BytesIO(xml), []))
        if dimensions is not None:
            self._min_column, self._min_row, self._max_column, self._max_row = dimensions


class _ExcelReader(excel.ExcelReader):
    read_worksheets = types.FunctionType(
        excel.ExcelReader.read_worksheets.__code__,
        {**vars(excel), "ReadOnlyWorksheet": _ReadOnlyWorksheet},
        "read_worksheets",
    )


def load_workbook(content: bytes) -> Any:
    """`openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=True)`, with the
    sheets' dimension pass through the C parser where `plain_xml` allows it."""
    reader = _ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    reader.read()
    return reader.wb


def plain_xml(xml: bytes) -> bool:
    """True when the C parser reads `xml` as defusedxml would: UTF-8 (ASCII-compatible, so
    the search below means something) and no DOCTYPE (so no entity declarations)."""
    head = xml[3:] if xml.startswith(b"\xef\xbb\xbf") else xml
    if not head.startswith(b"<") or head[1:2] in (b"", b"\x00"):
        return False
    declaration = _DECLARATION.match(head)
    if declaration is not None and b"encoding" in declaration.group(0):
        if not _ENCODING.search(declaration.group(0)):
            return False
    return b"<!DOCTYPE" not in xml


# A cell as the row parser leaves it: (column, value, style id).
RawCell = tuple[int, Any, Any]


class _FastParser(WorkSheetParser):
    """openpyxl's worksheet parser with a quick path for the common cells."""

    def __init__(self, *args: Any, c_parser: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns: dict[str, int] = {}  # column letters -> number, as openpyxl reads them
        self.c_parser = c_parser

    def parse(self) -> Iterator[tuple[int, list[RawCell]]]:
        if self.c_parser:
            return _c_parse(self)
        return super().parse()

    def parse_row(self, row: Any) -> tuple[int, list[RawCell]]:  # type: ignore[override]
        # The row number exactly as WorkSheetParser.parse_row reads it (its row dimensions are
        # of no use here).
        r = row.get("r")
        if r is not None:
            try:
                self.row_counter = int(r)
            except ValueError:
                val = float(r)
                if val.is_integer():
                    self.row_counter = int(val)
                else:
                    raise ValueError(f"{r} is not a valid row number") from None
        else:
            self.row_counter += 1
        self.col_counter = 0
        cells: list[RawCell] = []
        append = cells.append
        columns = self.columns
        date_formats = self.date_formats
        shared = self.shared_strings
        slow = self._slow
        last = 0  # columns strictly increasing so far (no cell written twice)
        ordered = True
        for el in row:
            data_type = el.get("t", "n")
            coordinate = el.get("r")
            style_id = el.get("s", 0)
            if style_id:
                style_id = int(style_id)
            if coordinate is not None:
                letters = coordinate.rstrip(_DIGITS)
                column = columns.get(letters) if len(letters) < len(coordinate) else None
                if column is None:
                    if _COORDINATE.fullmatch(coordinate) is None:
                        cell = slow(el)
                        append(cell)
                        ordered = ordered and cell[0] > last
                        last = cell[0]
                        continue
                    column = columns[letters] = coordinate_to_tuple(coordinate)[1]
                self.col_counter = column
            else:
                self.col_counter += 1
                column = self.col_counter
            if column <= last:
                ordered = False
            last = column
            if data_type == "n":
                value = el.findtext(VALUE_TAG, None) or None
                if value is not None:
                    if style_id in date_formats:
                        append(slow(el))
                        continue
                    value = _cast_number(value)
            elif data_type == "inlineStr":
                child = el.find(INLINE_STRING)
                if child is None:
                    value = None
                elif (
                    len(child) == 1
                    and not child.attrib
                    and child[0].tag == TEXT_TAG
                    and (not len(child[0]))
                ):
                    value = child[0].text or ""
                else:
                    append(slow(el))
                    continue
            elif data_type == "s":
                value = el.findtext(VALUE_TAG, None) or None
                if value is not None:
                    value = shared[int(value)]
            elif data_type == "str":
                value = el.findtext(VALUE_TAG, None) or None
            else:
                append(slow(el))
                continue
            append((column, value, style_id))
        return self.row_counter, cells, ordered  # type: ignore[return-value]

    def _slow(self, el: Any) -> RawCell:
        if el.get("r") is None:
            self.col_counter -= 1  # parse_cell counts the cell itself
        cell = WorkSheetParser.parse_cell(self, el)
        return cell["column"], cell["value"], cell["style_id"]


def number_formats(ws: Any) -> dict[Any, str]:
    """Style id -> number format, filled on first use (as `ReadOnlyCell.number_format`)."""

    class Formats(dict):
        def __missing__(self, style_id: Any) -> str:
            fmt = ReadOnlyCell(ws, 0, 0, None, "n", style_id).number_format
            self[style_id] = fmt
            return fmt

    return Formats()


def rows(
    ws: Any,
    convert: Callable[[Any, Any, dict[Any, str]], Any],
    count: Callable[[int], None],
    *,
    c_parser: bool = False,
) -> Iterator[list[Any]]:
    """Each row from row 1 on as a list of cell values (None for an empty cell), laid out as
    openpyxl's `iter_rows()` lays out a sheet whose dimensions were reset.

    `count(width)` is called with each row's width before its cells are converted by
    `convert(value, style id, number formats)`, which is called only for cells with a value
    that end up in the row (when a column is written twice, the last cell wins, as in
    openpyxl). `c_parser`: the sheet's XML passed `plain_xml`."""
    book = ws.parent
    formats = number_formats(ws)
    with ws._get_source() as src:
        parser = _FastParser(
            src,
            ws._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
            c_parser=c_parser,
        )
        if not parser.data_only:  # formulas as text: not what the importer asks for
            raise ValueError("xlsx_fast reads cached values only (data_only=True)")
        counter = 1
        for idx, cells, ordered in parser.parse():
            while counter < idx:
                counter += 1
                count(0)
                yield []
            if counter > idx:
                continue  # a row numbered below the one before: openpyxl skips it
            counter += 1
            if not cells:
                count(0)
                yield []
                continue
            width = cells[-1][0]
            count(width)
            out: list[Any] = [None] * width
            if ordered:  # every cell once, in column order: the common case
                for column, value, style_id in cells:
                    if value is not None:
                        out[column - 1] = convert(value, style_id, formats)
                yield out
                continue
            placed: list[Any] = [None] * width
            for column, value, style_id in cells:
                if column <= width:
                    placed[column - 1] = (value, style_id)
            for i, cell in enumerate(placed):
                if cell is not None and cell[0] is not None:
                    out[i] = convert(cell[0], cell[1], formats)
            yield out
