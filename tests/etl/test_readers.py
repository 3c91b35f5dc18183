"""Bytes to rows: encodings, separators, quoting, line numbers, workbooks."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from etl.readers import PercentNumber, ReadError, decode, detect_separator, read_sheets

ROWS = [
    ["Indikator", "Geografi", "År", "Andel"],
    ["Andel 1-5-årige i dagtilbud", "Ishøj", "2019", "90,2 %"],
    ["Andel 1-5-årige i dagtilbud", "Vejleåparken", "2019", "88,4 %"],
]


@pytest.mark.parametrize(
    ("encoding", "sep", "used"),
    [
        ("utf-8-sig", ";", "UTF-8 med BOM"),
        ("utf-8", ";", "UTF-8"),
        ("cp1252", ";", "Windows-1252"),
        ("utf-8", ",", "UTF-8"),
        ("cp1252", ",", "Windows-1252"),
    ],
)
def test_csv_encodings_and_separators(write_csv, encoding: str, sep: str, used: str) -> None:
    path = write_csv(ROWS, sep=sep, encoding=encoding)
    (sheet,) = read_sheets(path.read_bytes(), path.name)
    assert sheet.name is None and sheet.all_text
    assert sheet.rows == ROWS  # æ/ø/å decoded, and '90,2 %' kept whole in a comma file
    assert sheet.row_numbers == [1, 2, 3]
    assert used in sheet.notes[0]


def test_bom_is_not_part_of_the_first_column() -> None:
    text, encoding = decode("\ufeffOMRÅDE;TID".encode())
    assert text == "OMRÅDE;TID" and encoding == "UTF-8 med BOM"


def test_semicolon_wins_over_decimal_commas() -> None:
    assert detect_separator("A;B;C\n1,5;2,5;3,5\n") == ";"
    assert detect_separator('A,B,C\n"1,5",2,3\n') == ","


def test_quoted_separators_and_line_breaks_keep_physical_line_numbers(write_csv) -> None:
    rows = [
        ["Indikator", "Geografi", "Periode", "Antal", "Note"],
        ["Udsættelser af beboere", "AAB-55", "2024", "3", "To linjer;\nmed semikolon"],
        ["Udsættelser af beboere", "AAB-55", "2025", "1", "tre\nlinjer\nher"],
        ["Udsættelser af beboere", "AAB-55", "2026", "2", ""],
    ]
    path = write_csv(rows)
    (sheet,) = read_sheets(path.read_bytes(), path.name)
    assert sheet.rows[1][4] == "To linjer;\nmed semikolon"
    assert sheet.row_numbers == [1, 2, 4, 7]


def test_blank_lines_are_skipped_but_counted(tmp_path) -> None:
    content = b"A;B\n\n1;2\n;;\n\r\n3;4\n"
    (sheet,) = read_sheets(content, "x.csv")
    assert sheet.rows == [["A", "B"], ["1", "2"], ["3", "4"]]
    assert sheet.row_numbers == [1, 3, 6]


def test_crlf_files_count_lines_like_an_editor() -> None:
    content = b'A;B\r\n1;"x\r\ny"\r\n2;z\r\n'
    (sheet,) = read_sheets(content, "x.csv")
    assert sheet.row_numbers == [1, 2, 4]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "x.csv", "tom"),
        (b"   \n\n", "x.csv", "tom"),
        (b"\x00\x01\x02binary\x00" * 50, "x.csv", "ikke ud til at være en CSV"),
        (b"PK\x03\x04broken zip", "x.xlsx", "Excel"),
        (b"not a zip at all", "x.xlsx", "Excel"),
        (b"\xd0\xcf\x11\xe0old", "x.xls", ".xls"),
    ],
)
def test_unreadable_files_raise_read_error(content: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_sheets(content, name)


def _book(setup) -> bytes:
    book = Workbook()
    setup(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_merged_cells_are_filled_and_percent_format_is_kept() -> None:
    def setup(book: Workbook) -> None:
        ws = book.active
        ws.title = "Data"
        ws["A1"] = "LBF boligsociale data"
        ws.merge_cells("A1:D1")
        ws.append([])
        ws.append(["Indikator", "Geografi", "Enhed", 2019])
        ws.append(["Andel", "Ishøj", "andel", 0.163])
        ws.append([None, None, "antal", 2303])
        ws.merge_cells("A4:A5")
        ws.merge_cells("B4:B5")
        ws["D4"].number_format = "0.0%"

    (sheet,) = read_sheets(_book(setup), "a.xlsx")
    assert sheet.name == "Data" and not sheet.all_text
    assert sheet.row_numbers == [1, 3, 4, 5]  # the blank row 2 is dropped, numbers kept
    assert sheet.rows[0][:4] == ["LBF boligsociale data"] * 4
    assert sheet.rows[2][:3] == ["Andel", "Ishøj", "andel"]
    assert isinstance(sheet.rows[2][3], PercentNumber) and sheet.rows[2][3] == 0.163
    assert sheet.rows[3][:4] == ["Andel", "Ishøj", "antal", 2303.0]


def test_xlsx_every_sheet_or_the_named_one() -> None:
    def setup(book: Workbook) -> None:
        book.active.title = "Første"
        book.active.append(["a", "b"])
        book.create_sheet("Anden").append(["c", "d"])

    content = _book(setup)
    assert [s.name for s in read_sheets(content, "a.xlsx")] == ["Første", "Anden"]
    (only,) = read_sheets(content, "a.xlsx", sheet="anden")  # case-insensitive
    assert only.name == "Anden" and only.rows == [["c", "d"]]
    with pytest.raises(ReadError, match="arket 'Tredje' findes ikke; arkene er: Første, Anden"):
        read_sheets(content, "a.xlsx", sheet="Tredje")


def test_progress_is_reported_for_big_csv() -> None:
    content = ("A;B\n" + "1;2\n" * 25_000).encode()
    calls: list[tuple[int, int | None]] = []
    read_sheets(content, "x.csv", progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2 and calls[-1][0] == 25_001
    assert all(total == 25_002 for _, total in calls)
