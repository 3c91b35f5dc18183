"""Danish formatting and uncertainty intervals: pure functions, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor import fmt, stats
from monitor.status import Status

NB = "\u00a0"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.fmt_share(88.4), f"88,4{NB}%"),
        (lambda: fmt.fmt_share(22), f"22,0{NB}%"),
        (lambda: fmt.fmt_number(2303), "2.303"),
        (lambda: fmt.fmt_number(1234.5), "1.234,5"),
        (lambda: fmt.fmt_number(-1.5), "\u22121,5"),
        (lambda: fmt.fmt_number(None), "–"),
        (lambda: fmt.fmt_value(5.8, "gennemsnit"), "5,8"),
        (lambda: fmt.fmt_value(3, "antal"), "3"),
        (lambda: fmt.fmt_value(12345, "beløb"), f"12.345{NB}kr."),
        (lambda: fmt.fmt_value(float("nan"), "andel"), "–"),
        (lambda: fmt.fmt_change(2.06, "andel"), f"+2,1{NB}pct.-point"),
        (lambda: fmt.fmt_change(-1.3, "gennemsnit"), "\u22121,3"),
        (lambda: fmt.fmt_change(0.0, "antal"), "±0"),
        (lambda: fmt.fmt_suppressed(5), "diskretioneret (<5)"),
        (lambda: fmt.fmt_date_da(dt.date(2026, 11, 23)), "23. november 2026"),
        (lambda: fmt.fmt_datetime_da(dt.datetime(2026, 1, 2, 9, 5)), "2. januar 2026 kl. 09.05"),
    ],
)
def test_formatting(call, expected: str) -> None:
    assert call() == expected


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (stats.wilson_interval(50, 100), (40.4, 59.6)),
        (stats.poisson_interval(3), (0.619, 8.767)),
        (stats.poisson_interval(0), (0.0, 3.689)),
        (stats.binomial_interval(0, 10), (0.0, 30.85)),
        (stats.binomial_interval(266, 301), (84.24, 91.77)),
    ],
)
def test_intervals(interval: tuple[float, float], expected: tuple[float, float]) -> None:
    for got, want in zip(interval, expected, strict=True):
        assert got == pytest.approx(want, abs=0.06)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("andel", 68.0, None, None, 412, "tryghed"), "wilson"),
        (("andel", 88.4, 266, 301, None, "lbf"), "binomial"),
        (("antal", 3.0, None, None, None, "lokal"), "poisson"),
        (("andel", 80.0, None, None, None, "tryghed"), None),
        (("gennemsnit", 5.8, None, None, None, "lbf"), None),
        (("andel", None, None, None, 400, "tryghed"), None),
    ],
)
def test_interval_for_picks_the_method(args, expected) -> None:
    got = stats.interval_for(*args)
    reference = {
        "wilson": stats.wilson_interval(68.0 / 100 * 412, 412),
        "binomial": stats.binomial_interval(266, 301),
        "poisson": stats.poisson_interval(3),
        None: None,
    }[expected]
    assert got == reference


def test_every_status_has_word_and_symbol() -> None:
    for s in Status:
        assert s.label and s.symbol and s.colour.startswith("#")


# The status rules themselves (the test of a change, the gap, targets, aggregation) are
# table-driven in tests/test_status.py, on the hand-computed cases.
