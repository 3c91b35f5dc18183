"""The cell rules of formats.md, cell by cell, and how a problem reads."""

from __future__ import annotations

import math

import numpy as np
import pytest

from etl.cells import (
    AMBIGUOUS_MESSAGE,
    NOT_A_NUMBER,
    PERCENT_NOT_SHARE,
    TOO_LARGE,
    parse_cell,
    parse_cells,
)
from etl.problems import Problem


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("88,4", 88.4),
        ("88.4", 88.4),
        ("2.303", 2303.0),
        ("2 303", 2303.0),
        ("2\u00a0303", 2303.0),
        ("1.234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1,234.5", 1234.5),
        ("\u22125", -5.0),
        ("-5,5", -5.5),
        ("0", 0.0),
        (" 266 ", 266.0),
    ],
)
def test_count_cells(text: str, value: float) -> None:
    cell = parse_cell(text)
    assert cell.value[0] == pytest.approx(value)
    assert cell.error[0] is None and not cell.suppressed[0]
    assert cell.raw[0] == text  # the raw text is kept as written


@pytest.mark.parametrize(
    ("text", "value"), [("88,4 %", 88.4), ("88,4%", 88.4), ("88.4 %", 88.4), ("7", 7.0)]
)
def test_share_cells_in_percent_points(text: str, value: float) -> None:
    cell = parse_cell(text, share=True)
    assert cell.value[0] == pytest.approx(value) and cell.error[0] is None
    assert cell.percent[0] == text.endswith("%")


@pytest.mark.parametrize("text", ["", "-", "..", "*", "x", "X", "(d)", "(D)"])
def test_suppressed_and_missing_markers(text: str) -> None:
    cell = parse_cell(text)
    assert math.isnan(cell.value[0]) and cell.error[0] is None
    assert cell.empty[0] == (text == "")
    assert cell.suppressed[0] == (text != "")  # markers suppress; empty is just empty
    assert math.isnan(cell.suppressed_below[0])


@pytest.mark.parametrize(("text", "below"), [("<5", 5), ("< 5", 5), ("<3", 3), ("<10 %", 10)])
def test_below_n_is_kept(text: str, below: int) -> None:
    cell = parse_cell(text, share=True)
    assert cell.suppressed[0] and cell.suppressed_below[0] == below
    assert math.isnan(cell.value[0])


def test_trailing_question_mark_is_uncertain() -> None:
    cells = parse_cells(["3?", "3 ?", "88,4 %?", "3"], share=np.array([False, False, True, False]))
    assert cells.uncertain.tolist() == [True, True, True, False]
    assert cells.value.tolist() == [3.0, 3.0, 88.4, 3.0]


@pytest.mark.parametrize("text", ["12,3x", "abc", "1,2,3", "12-3", "#DIV/0!", "1..2"])
def test_not_a_number(text: str) -> None:
    cell = parse_cell(text)
    assert cell.error[0] == NOT_A_NUMBER and math.isnan(cell.value[0])


def test_thousands_dot_in_a_share_column_is_an_error_without_evidence() -> None:
    cells = parse_cells(["1.234", "88,4", "12"], share=True)
    assert cells.error[0] == AMBIGUOUS_MESSAGE and math.isnan(cells.value[0])
    assert cells.error[1] is None and cells.decimal_groups == []


def test_thousands_dot_in_a_share_column_reads_as_decimal_when_the_column_shows_it() -> None:
    cells = parse_cells(
        ["1.234", "88.4", "5.500", "12,5"],
        share=True,
        group=np.array(["Andel", "Andel", "Andel", "Anden"], dtype=object),
    )
    assert cells.value[:3].tolist() == [pytest.approx(1.234), 88.4, 5.5]
    assert cells.decimal_groups == ["Andel"]


def test_evidence_counts_only_in_its_own_column() -> None:
    cells = parse_cells(["1.234", "88.4"], share=True, group=np.array(["A", "B"], dtype=object))
    assert cells.error[0] == AMBIGUOUS_MESSAGE


def test_percent_sign_outside_a_share_is_an_error() -> None:
    assert parse_cell("12 %", share=False).error[0] == PERCENT_NOT_SHARE


def test_excel_numbers_need_no_locale_rule_and_percent_format_is_scaled() -> None:
    cells = parse_cells(
        ["0.884 [%-format]", "1234.5", "88,4 %"],
        share=True,
        number=np.array([0.884, 1234.5, np.nan]),
        percent_format=np.array([True, False, False]),
    )
    assert cells.value.tolist() == [pytest.approx(88.4), 1234.5, 88.4]
    assert cells.percent.tolist() == [True, False, True]
    assert cells.error.tolist() == [None, None, None]


def test_a_million_cells_parse_quickly() -> None:
    import time

    texts = [f"{i % 1000},{i % 10} %" for i in range(1_000_000)]
    start = time.perf_counter()
    cells = parse_cells(texts, share=True)
    assert time.perf_counter() - start < 5
    assert cells.value[1234] == pytest.approx(234.4)


def test_problem_reads_like_a_location_in_excel() -> None:
    problem = Problem("lbf.xlsx", "Data", 7, "Andel", "12,3x", "ikke et tal")
    assert str(problem) == (
        "lbf.xlsx, ark 'Data', række 7, kolonne 'Andel' (tekst '12,3x'): ikke et tal"
    )
    warning = Problem("a.csv", None, 3, None, None, "passer ikke", "advarsel")
    assert str(warning) == "Advarsel: a.csv, række 3: passer ikke"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("9" * 400, float("nan")),  # a text of 400 digits
        ("", float("inf")),  # an Excel number cell holding infinity (a 400-digit number)
        ("", 1e20),
        ("1.000.000.000.000.000", float("nan")),
    ],
)
def test_numbers_beyond_any_figure_are_errors(text: str, number: float) -> None:
    cells = parse_cells([text], number=np.array([number]))
    assert cells.error.tolist() == [TOO_LARGE]
    assert np.isnan(cells.value[0])
