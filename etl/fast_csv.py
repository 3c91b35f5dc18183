"""The fast path for plain CSV files in the long LBF layout (issue 11: a million values).

The generic path (`etl.readers.read_csv` → `Parser.data_rows` → `etl.layouts.build_frame`)
turns every cell into a Python string in a list per row: for a 100 MB file that is most of
the time and memory of an import. A *plain* file is read here column by column with Arrow's
CSV reader instead, each distinct text becoming one Python string, and gives exactly the frame
the generic path would have built. Everything after the frame (names, periods, cells,
validation, problems) is the shared path.

A file is plain when splitting it is unambiguous, so that Arrow and Python's `csv` module
cannot read it differently: no quote character, no NUL, no line break but \\n or \\r\\n, valid
UTF-8, a header of a fast layout found in its first lines, and every line below the header a
common data row of exactly the header's width (no notes, no repeated header, no blank line,
no short or long row). Anything else returns None and the caller takes the generic path,
which knows how to report it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from etl.layouts import KEY_COLUMNS, KEYS, Header, find_header, obj
from etl.readers import (
    MAX_FILE_BYTES,
    OLE_MAGIC,
    ReadError,
    Sheet,
    decode,
    is_xlsx,
    read_csv,
)
from etl.sources import BY_LAYOUT

FAST_LAYOUTS = frozenset({"lbf-lang"})
HEAD_LINES = 200  # lines read the generic way to find the header (HEADER_SCAN rows and more)


def plain(content: bytes, file_name: str) -> bool:
    """Whether the bytes can be split without the csv module's quoting rules."""
    if not content or len(content) > MAX_FILE_BYTES:
        return False
    if is_xlsx(content, file_name) or content[:4] == OLE_MAGIC:
        return False
    if file_name.lower().endswith(".xls") or content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b'"' in content or b"\x00" in content:
        return False
    return b"\r" not in content or content.count(b"\r") == content.count(b"\r\n")


def _line_start(content: bytes, line: int) -> int | None:
    """Byte offset where physical line `line` (1-based) starts, or None past the end."""
    pos = 0
    for _ in range(line - 1):
        found = content.find(b"\n", pos)
        if found < 0:
            return None
        pos = found + 1
    return pos


def head(content: bytes) -> bytes:
    """The first HEAD_LINES lines."""
    end = _line_start(content, HEAD_LINES + 1)
    return content if end is None else content[:end]


def _texts(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """A dictionary column as codes and its distinct texts (each one Python string)."""
    encoded = column.combine_chunks()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return codes, encoded.dictionary.to_pylist()


def _data_columns(
    content: bytes, offset: int, sep: str, width: int
) -> list[tuple[np.ndarray, list[str]]] | None:
    names = [f"f{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(content).slice(offset)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=8 << 20),
            parse_options=pacsv.ParseOptions(
                delimiter=sep,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                # Read as codes into each block's distinct texts: the million texts of a
                # column are never made (a third of the memory of the read).
                column_types={n: pa.dictionary(pa.int32(), pa.string()) for n in names},
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # a row of another width, bytes that are no UTF-8: the generic path says
    if table.num_rows == 0:
        return None
    if any(pc.any(pc.is_null(c)).as_py() for c in table.columns):
        return None
    table = table.unify_dictionaries()
    return [_texts(c) for c in table.columns]


class FastCsv:
    """A plain CSV file read column-wise: the head as a generic Sheet (for the header search,
    its notes and problems) and the data rows below the header as a frame."""

    def __init__(self, sheet: Sheet, header: Header, layout: str, position: int) -> None:
        self.sheet = sheet
        self.header = header
        self.layout = layout
        self.position = position

    @classmethod
    def open(cls, content: bytes, file_name: str, kind: str | None) -> FastCsv | None:
        if not plain(content, file_name):
            return None
        try:
            sheet = read_csv(head(content))
        except ReadError:
            return None
        if not sheet.rows or decode(head(content))[1] not in ("UTF-8", "UTF-8 med BOM"):
            return None
        found = find_header(sheet, kind)
        if found.header is None or found.layout not in FAST_LAYOUTS or found.position is None:
            return None
        if found.header.repeated:
            return None  # a problem to report: the generic path does
        return cls(sheet, found.header, found.layout, found.position)

    def frame(self, content: bytes) -> pd.DataFrame | None:
        """The data rows as `build_frame` would make them, or None (take the generic path)."""
        coded = self.coded(content)
        return None if coded is None else coded.frame()

    def coded(self, content: bytes) -> Coded | None:
        """The data rows as dictionary codes per column, or None (take the generic path)."""
        header = self.header
        width = len(header.names)
        if width < 2 or self.sheet.separator is None:
            return None
        offset = _line_start(content, header.row + 1)
        if offset is None or offset >= len(content):
            return None
        blank_line = content.find(b"\n\n", offset) >= 0 or content.find(b"\n\r\n", offset) >= 0
        if blank_line or content.startswith((b"\n", b"\r\n"), offset):
            return None  # blank lines: Arrow skips them, and the row numbers would shift
        columns = _data_columns(content, offset, self.sheet.separator, width)
        if columns is None:
            return None
        n_lines = len(columns[0][0])
        # Blank rows (';;;' from Excel) are no rows; any other uncommon row (a note, the
        # header repeated, an empty first cell) is for the generic path to judge.
        blank = np.ones(n_lines, dtype=bool)
        for codes, texts in columns:
            empty = [i for i, t in enumerate(texts) if t == ""]
            blank &= np.isin(codes, empty)
        keep = ~blank
        first_name = header.names[0].lower()
        for i, (codes, texts) in enumerate(columns[:2]):
            bad = [
                j for j, t in enumerate(texts) if t == "" or (i == 0 and t.lower() == first_name)
            ]
            if np.isin(codes[keep], bad).any():
                return None
        if not keep.any():
            return None
        if not keep.all():
            columns = [(codes[keep], texts) for codes, texts in columns]
        rows = header.row + 1 + np.flatnonzero(keep)
        return Coded(self.header, self.layout, columns, rows.astype(np.int64))


class Coded:
    """The kept data rows of a plain file: per column, each row's code into the column's
    distinct texts (as written, not stripped), and the rows' line numbers."""

    def __init__(
        self,
        header: Header,
        layout: str,
        columns: list[tuple[np.ndarray, list[str]]],
        rows: np.ndarray,
    ) -> None:
        self.header = header
        self.layout = layout
        self.columns = columns
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def key_columns(self) -> dict[str, int]:
        """Frame column (`indicator_text`, ...) -> position in the file, as `frame` takes it."""
        out: dict[str, int] = {}
        for canon, name in KEYS.items():
            if canon in self.header.index and name not in out:
                out[name] = self.header.index[canon]
        return out

    def frame(self) -> pd.DataFrame:
        """The rows as the frame `build_frame` would make (the generic path's input)."""
        header = self.header
        n = len(self.rows)

        def text(i: int, strip: bool) -> np.ndarray:
            codes, texts = self.columns[i]
            values = np.array([t.strip() if strip else t for t in texts], dtype=object)
            return values[codes]

        data: dict[str, object] = {
            "source_sheet": obj(np.full(n, None, dtype=object)),
            "source_row": pd.Series(self.rows),
        }
        for out, i in self.key_columns().items():
            data[out] = obj(text(i, strip=True))
        for out in KEY_COLUMNS:
            data.setdefault(out, obj(np.full(n, "", dtype=object)))
        for slot in BY_LAYOUT[self.layout].slots or ():
            if slot in header.index:
                data[f"{slot}__text"] = obj(text(header.index[slot], strip=False))
                data[f"{slot}__number"] = pd.Series(np.full(n, np.nan))
                data[f"{slot}__percent"] = pd.Series(np.zeros(n, dtype=bool))
                data[f"{slot}__column"] = obj(np.full(n, header.shown(slot), dtype=object))
        return pd.DataFrame(data)
