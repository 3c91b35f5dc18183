"""Danish formatting, uncertainty intervals and status: pure functions, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor import fmt, stats
from monitor.status import (
    Gap,
    Status,
    aggregate_count,
    aggregate_share,
    assess,
    gap_assessment,
    gap_change,
    target_met,
)

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


@pytest.mark.parametrize(
    ("base", "latest", "direction", "bi", "li", "expected"),
    [
        (88.4, 92.0, "higher", None, None, Status.BEDRE),
        (88.4, 85.0, "higher", None, None, Status.DAARLIGERE),
        (4.6, 3.0, "lower", None, None, Status.BEDRE),
        (4.6, 6.0, "lower", None, None, Status.DAARLIGERE),
        (3.0, 5.0, "lower", None, (1.6, 11.7), Status.UAENDRET),  # evictions: noise
        (50.0, 55.0, "higher", (45.0, 55.0), (50.0, 60.0), Status.UAENDRET),
        (50.0, 65.0, "higher", (45.0, 55.0), (60.0, 70.0), Status.BEDRE),
        (5.0, 5.0, "higher", None, None, Status.UAENDRET),
        (None, 5.0, "higher", None, None, Status.FOR_FAA_DATA),
        (5.0, None, "higher", None, None, Status.FOR_FAA_DATA),
    ],
)
def test_assess(base, latest, direction, bi, li, expected) -> None:
    assert assess(base, latest, direction, bi, li) is expected


def test_every_status_has_word_and_symbol() -> None:
    for s in Status:
        assert s.label and s.symbol and s.colour.startswith("#")


@pytest.mark.parametrize(
    ("values", "direction", "expected"),
    [
        ((24.8, 16.3, 22.0, 16.0), "lower", Gap.CLOSING),  # gap 8,5 -> 6,0
        ((24.8, 16.3, 26.0, 16.0), "lower", Gap.WIDENING),
        ((88.4, 90.2, 90.0, 90.5), "higher", Gap.CLOSING),
        ((10.0, 10.0, 11.0, 11.0), "higher", Gap.UNCHANGED),
        ((None, 10.0, 11.0, 11.0), "higher", None),
    ],
)
def test_gap(values, direction, expected) -> None:
    assert gap_assessment(*values, direction) is expected


def test_gap_change_value() -> None:
    assert gap_change(24.8, 16.3, 22.0, 16.0) == pytest.approx(-2.5)


@pytest.mark.parametrize(
    ("value", "kind", "threshold", "expected"),
    [
        (3, "below", 6, True),
        (6, "below", 6, False),
        (6, "at_most", 6, True),
        (70, "at_least", 70, True),
        (5, "above", 6, False),
        (5, "direction", None, None),
    ],
)
def test_target_met(value, kind, threshold, expected) -> None:
    assert target_met(value, kind, threshold) is expected


def test_aggregate_share_sums_numerators_never_averages() -> None:
    value, complete = aggregate_share([10, 30], [40, 60])
    assert value == pytest.approx(40.0)  # the average of 25 % and 50 % would be 37,5 %
    assert complete
    value, complete = aggregate_share([10, None], [40, 60])
    assert not complete


def test_aggregate_count() -> None:
    assert aggregate_count([1, 2, 3]) == (6.0, True)
    assert aggregate_count([1, None]) == (1.0, False)
