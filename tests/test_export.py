"""Downloads: CSV and Excel for a Danish Excel, where user text never becomes a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from monitor.export import (
    DANISH_HEADERS,
    danish_table,
    safe_text,
    to_csv_bytes,
    to_excel_csv_bytes,
    to_xlsx_bytes,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12345678", "'+45 12345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Vejleåparken", "Vejleåparken"),
        ("", ""),
    ],
)
def test_safe_text(text: str, expected: str) -> None:
    assert safe_text(text) == expected


def test_numbers_pass_untouched() -> None:
    assert safe_text(-2.5) == -2.5


def test_csv_is_standard_and_escaped() -> None:
    frame = pd.DataFrame({"tekst": ['=HYPERLINK("x")', "ok"], "value": [88.4, 2303.0]})
    text = to_csv_bytes(frame).decode("utf-8")
    assert text.splitlines()[0] == "tekst,value"
    assert "'=HYPERLINK" in text
    assert "88.4" in text and "2303.0" in text


def test_xlsx_stores_formula_text_as_text() -> None:
    frame = pd.DataFrame({"tekst": ["=1+1", "@cmd", "almindelig"], "value": [1.5, None, 3]})
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"Tal": frame})))
    sheet = book["Tal"]
    assert [c.value for c in sheet[1]] == ["tekst", "value"]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].data_type == "s"
    assert sheet["B2"].value == 1.5
    assert sheet["B3"].value is None


# --- Downloads for a Danish Excel -----------------------------------------------------------


def _excel_csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not Latin-1
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_excel_csv_has_bom_semicolons_and_decimal_commas() -> None:
    frame = pd.DataFrame(
        {
            "Geografi": ["Vejleåparken", "Ishøj Kommune", "Ishøj; Syd"],
            "Værdi": [88.4, 2303.0, None],
            "Tæller": pd.array([266, 1200, None], dtype="Int64"),
            "Nævner": [301, 0.1 + 0.2, 1e-05],
            "Usikker": [True, False, None],
        }
    )
    rows = _excel_csv_rows(to_excel_csv_bytes(frame))
    assert rows[0] == ["Geografi", "Værdi", "Tæller", "Nævner", "Usikker"]
    assert rows[1] == ["Vejleåparken", "88,4", "266", "301", "ja"]
    # float noise dropped, never scientific notation; a ';' in text is quoted, not split
    assert rows[2] == ["Ishøj Kommune", "2303", "1200", "0,3", "nej"]
    assert rows[3] == ["Ishøj; Syd", "", "", "0,00001", ""]


def test_excel_csv_escapes_formula_text_but_not_negative_numbers() -> None:
    frame = pd.DataFrame({"tekst": ['=HYPERLINK("x")', "-2", "@cmd"], "Ændring": [-2.5, 0, 3]})
    rows = _excel_csv_rows(to_excel_csv_bytes(frame))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("x")', "'-2", "'@cmd"]
    assert [r[1] for r in rows[1:]] == ["-2,5", "0", "3"]


def test_excel_csv_writes_dates_as_iso() -> None:
    frame = pd.DataFrame(
        {"Importeret": [pd.Timestamp("2025-03-01 09:30")], "Dato": [dt.date(2025, 3, 1)]}
    )
    assert _excel_csv_rows(to_excel_csv_bytes(frame))[1] == ["2025-03-01 09:30:00", "2025-03-01"]


def test_danish_table_names_the_export_columns_in_danish() -> None:
    frame = pd.DataFrame(
        {
            "indicator_code": ["dagtilbud_1_5"],
            "geo_name": ["Vejleåparken"],
            "role": ["omraade"],
            "period": ["2019"],
            "value": [88.4],
            "low": [84.1],
            "high": [91.6],
            "suppressed": [False],
            "batch_sha256": ["ab" * 32],
            "Status": ["▲ bedre"],
        }
    )
    table = danish_table(frame, {"role": {"omraade": "Boligområde"}})
    assert list(table.columns) == [
        "Indikatorkode",
        "Geografi",
        "Rolle",
        "Periode",
        "Værdi",
        "Usikkerhed (95 %), nedre",
        "Usikkerhed (95 %), øvre",
        "Diskretioneret",
        "Importfilens SHA-256",
        "Status",  # already Danish: kept
    ]
    assert table.loc[0, "Rolle"] == "Boligområde"
    assert list(frame.columns)[0] == "indicator_code"  # the caller's frame is left alone
    # every column a machine name: the headers a person reads contain no underscore
    assert not [c for c in danish_table(frame).columns if "_" in c]


def test_danish_headers_cover_the_figures_export() -> None:
    from monitor.dashboard import IndicatorMeta, figures_export

    chart = pd.DataFrame(
        {
            "geo_code": ["Vejleåparken"],
            "geo_name": ["Vejleåparken"],
            "role": ["omraade"],
            "period": ["2019"],
            "value": [88.4],
            "numerator": [266],
            "denominator": [301],
            "low": [84.1],
            "high": [91.6],
            "suppressed": [False],
            "uncertain": [False],
            "partial": [None],
            "survey": [None],
            "batch_id": [1],
        }
    )
    batches = pd.DataFrame({"batch_id": [1], "file_name": ["lbf.csv"], "sha256": ["ab" * 32]})
    meta = IndicatorMeta("dagtilbud_1_5", "Andel", "andel", "higher", "lbf", "Vejleåparken")
    export = figures_export(chart, batches, meta)
    untranslated = [c for c in export.columns if c not in DANISH_HEADERS]
    assert not untranslated, f"figures_export has columns without a Danish header: {untranslated}"


def test_xlsx_numbers_are_numbers_with_a_number_format() -> None:
    frame = danish_table(
        pd.DataFrame(
            {
                "geo_name": ["Vejleåparken", "Ishøj Kommune"],
                "value": [88.4, 2303.25],
                "numerator": pd.array([266, None], dtype="Int64"),
                "suppressed": [False, True],
                "period": ["2019", "2020"],
            }
        )
    )
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes({"Tal": frame})))["Tal"]
    header = ["Geografi", "Værdi", "Tæller", "Diskretioneret", "Periode"]
    assert [c.value for c in sheet[1]] == header
    assert all(c.font.bold for c in sheet[1])
    value, count, flag, period = sheet["B3"], sheet["C2"], sheet["D3"], sheet["E2"]
    assert value.value == 2303.25 and value.data_type == "n"
    # thousands separator and the column's decimals; Excel shows 2.303,25 in Danish
    assert value.number_format == "#,##0.00" and sheet["B2"].number_format == "#,##0.00"
    assert count.value == 266 and count.number_format == "#,##0"
    assert sheet["C3"].value is None
    assert flag.value is True and flag.data_type == "b"  # Excel shows SAND/FALSK
    assert period.value == "2019" and period.data_type == "s"  # a period is text, not a number
