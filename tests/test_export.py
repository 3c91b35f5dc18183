"""Downloads: standard CSV and Excel where user text never becomes a formula."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from monitor.export import safe_text, to_csv_bytes, to_xlsx_bytes


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
    frame = pd.DataFrame({"tekst": ["=HYPERLINK(\"x\")", "ok"], "value": [88.4, 2303.0]})
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
