"""Danish formatting: decimal comma, thousands dot, non-breaking units, real minus signs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from monitor import fmt

NB = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (2303, None, "2.303"),
        (2303.0, None, "2.303"),
        (1337, None, "1.337"),
        (1234567, None, "1.234.567"),
        (1234.5, None, "1.234,5"),
        (88.4, None, "88,4"),
        (5.8, None, "5,8"),
        (2.96, None, "3"),  # whole once rounded: no stray ",0"
        (88.45, None, "88,5"),  # half up on the written decimal, not half-even on the float
        (2.25, 1, "2,3"),
        (0.05, 1, "0,1"),
        (-1.5, None, f"{MINUS}1,5"),
        (-0.04, 1, "0,0"),  # no sign on a figure that shows as zero
        (22, 1, "22,0"),
        (3.14159, 2, "3,14"),
        (0, None, "0"),
        (np.int64(2303), None, "2.303"),
        (np.float64(88.4), None, "88,4"),
        (None, None, "–"),
        (float("nan"), None, "–"),
        (np.float32("nan"), None, "–"),
        (pd.NA, None, "–"),
        (float("inf"), None, "–"),
    ],
)
def test_fmt_number(x: object, decimals: int | None, expected: str) -> None:
    assert fmt.fmt_number(x, decimals) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "expected"),
    [(2303, "2.303"), (2302.5, "2.303"), (3.0, "3"), (None, "–"), (float("nan"), "–")],
)
def test_fmt_int(x: object, expected: str) -> None:
    assert fmt.fmt_int(x) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (88.4, 1, f"88,4{NB}%"),
        (22, 1, f"22,0{NB}%"),
        (4.6, 1, f"4,6{NB}%"),
        (100, 0, f"100{NB}%"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
    ],
)
def test_fmt_share(x: object, decimals: int, expected: str) -> None:
    assert fmt.fmt_share(x, decimals) == expected  # type: ignore[arg-type]


def test_share_never_wraps_before_percent() -> None:
    assert " %" not in fmt.fmt_share(88.4)
    assert NB in fmt.fmt_share(88.4)


@pytest.mark.parametrize(
    ("x", "unit", "expected"),
    [
        (88.4, "andel", f"88,4{NB}%"),
        (3, "antal", "3"),
        (34.0, "antal", "34"),
        (2.5, "antal", "2,5"),
        (2303, "antal", "2.303"),
        (5.8, "gennemsnit", "5,8"),
        (6, "gennemsnit", "6,0"),
        (12345, "beløb", f"12.345{NB}kr."),
        (12345.6, "beløb", f"12.346{NB}kr."),
        (4.2, "pr. 1000", f"4,2{NB}pr.{NB}1.000"),
        (None, "andel", "–"),
        (float("nan"), "antal", "–"),
        (7, "ukendt", "7"),
    ],
)
def test_fmt_value(x: object, unit: str, expected: str) -> None:
    assert fmt.fmt_value(x, unit) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "unit", "expected"),
    [
        (2.06, "andel", f"+2,1{NB}pct.-point"),
        (-1.3, "andel", f"{MINUS}1,3{NB}pct.-point"),
        (0.0, "andel", f"±0{NB}pct.-point"),
        (0.04, "andel", f"±0{NB}pct.-point"),  # rounds to zero: no direction shown
        (-1.3, "gennemsnit", f"{MINUS}1,3"),
        (0.4, "gennemsnit", "+0,4"),
        (2, "antal", "+2"),
        (-4.0, "antal", f"{MINUS}4"),
        (0.5, "antal", "+0,5"),
        (0, "antal", "±0"),
        (500.4, "beløb", f"+500{NB}kr."),
        (-1.2, "pr. 1000", f"{MINUS}1,2"),
        (None, "andel", "–"),
        (float("nan"), "antal", "–"),
    ],
)
def test_fmt_change(x: object, unit: str, expected: str) -> None:
    assert fmt.fmt_change(x, unit) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("below", "expected"),
    [
        (5, "diskretioneret (<5)"),
        (10.0, "diskretioneret (<10)"),
        (None, "diskretioneret"),
        (float("nan"), "diskretioneret"),
        (0, "diskretioneret"),
    ],
)
def test_fmt_suppressed(below: object, expected: str) -> None:
    assert fmt.fmt_suppressed(below) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (dt.date(2026, 11, 23), "23. november 2026"),
        (dt.date(2021, 11, 1), "1. november 2021"),
        (dt.datetime(2025, 5, 3, 23, 59), "3. maj 2025"),
        (pd.Timestamp("2024-02-29"), "29. februar 2024"),
        ("2026-03-01", "1. marts 2026"),
        (None, "–"),
        (pd.NaT, "–"),
    ],
)
def test_fmt_date_da(d: object, expected: str) -> None:
    assert fmt.fmt_date_da(d) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (dt.datetime(2026, 11, 23, 14, 5), "23. november 2026 kl. 14.05"),
        (dt.datetime(2026, 1, 2, 9, 5), "2. januar 2026 kl. 09.05"),
        (pd.Timestamp("2026-06-15 08:30", tz="Europe/Copenhagen"), "15. juni 2026 kl. 08.30"),
        (dt.date(2026, 12, 24), "24. december 2026"),  # a date has no time to show
        (None, "–"),
        (pd.NaT, "–"),
    ],
)
def test_fmt_datetime_da(d: object, expected: str) -> None:
    assert fmt.fmt_datetime_da(d) == expected  # type: ignore[arg-type]


def test_every_month_has_a_danish_name() -> None:
    names = [fmt.fmt_date_da(dt.date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert names[0] == "januar" and names[4] == "maj" and names[9] == "oktober"
    assert len(set(names)) == 12
