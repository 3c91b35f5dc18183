"""Intervals for small numbers, checked against published values.

Wilson and Clopper-Pearson values are Newcombe (1998), "Two-sided confidence intervals for the
single proportion", table I (methods 3 and 5); Garwood values are the standard exact Poisson
limits (chi-square / 2).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from monitor import stats


def _close(got: tuple[float, float], want: tuple[float, float], tol: float) -> None:
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(w, abs=tol)


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    [
        (50, 100, (40.38, 59.62)),
        (81, 263, (25.53, 36.62)),
        (15, 148, (6.24, 16.05)),
        (0, 20, (0.0, 16.11)),
        (1, 29, (0.61, 17.18)),
        (0, 10, (0.0, 27.75)),
        (10, 10, (72.25, 100.0)),
    ],
)
def test_wilson_interval(successes: float, n: float, expected: tuple[float, float]) -> None:
    _close(stats.wilson_interval(successes, n), expected, 0.01)


def test_wilson_takes_fractional_successes() -> None:
    # A published survey share times its respondents is rarely a whole number.
    low, high = stats.wilson_interval(0.68 * 412, 412)
    assert low < 68.0 < high
    assert high - low == pytest.approx(8.9, abs=0.1)


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    [
        (81, 263, (25.27, 36.76)),
        (15, 148, (5.78, 16.17)),
        (0, 20, (0.0, 16.84)),
        (1, 29, (0.09, 17.76)),
        (0, 10, (0.0, 30.85)),  # 1 - 0,025^(1/10)
        (10, 10, (69.15, 100.0)),
        (266, 301, (84.20, 91.77)),  # Vejleåparken dagtilbud 2019: 88,4 % of 301 children
    ],
)
def test_binomial_interval(successes: int, n: int, expected: tuple[float, float]) -> None:
    _close(stats.binomial_interval(successes, n), expected, 0.01)


@pytest.mark.parametrize(
    ("count", "confidence", "expected"),
    [
        (0, 0.95, (0.0, 3.689)),  # -ln(0,025)
        (0, 0.90, (0.0, 2.996)),  # -ln(0,05)
        (1, 0.95, (0.0253, 5.572)),
        (3, 0.95, (0.619, 8.767)),  # AAB55 evictions 2019 and 2024
        (6, 0.95, (2.202, 13.059)),
        (10, 0.95, (4.795, 18.390)),
    ],
)
def test_poisson_interval(count: float, confidence: float, expected: tuple[float, float]) -> None:
    _close(stats.poisson_interval(count, confidence), expected, 0.001)


def test_small_counts_overlap_so_a_change_of_a_few_is_noise() -> None:
    low3, high3 = stats.poisson_interval(3)
    low6, high6 = stats.poisson_interval(6)
    assert low6 < high3 and low3 < high6


@pytest.mark.parametrize("bad_n", [0, -5])
def test_share_intervals_refuse_an_empty_base(bad_n: int) -> None:
    with pytest.raises(ValueError):
        stats.wilson_interval(0, bad_n)
    with pytest.raises(ValueError):
        stats.binomial_interval(0, bad_n)


WILSON_68_412 = stats.wilson_interval(0.68 * 412, 412)
BINOM_266_301 = stats.binomial_interval(266, 301)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # survey share with its respondents -> Wilson
        (("andel", 68.0, None, None, 412, "tryghed"), WILSON_68_412),
        # register share with numerator and denominator -> Clopper-Pearson
        (("andel", 88.4, 266, 301, None, "lbf"), BINOM_266_301),
        # register share with the denominator only: numerator = round(88,4 % of 301) = 266
        (("andel", 88.4, None, 301, None, "lbf"), BINOM_266_301),
        (("andel", 88.4, np.nan, np.float64(301), None, "lbf"), BINOM_266_301),
        (("andel", 88.4, pd.NA, 301, None, "lbf"), BINOM_266_301),
        # respondents win over a denominator when both are there
        (("andel", 68.0, None, 999, 412, "tryghed"), WILSON_68_412),
        # counts -> Garwood, also for zero
        (("antal", 3.0, None, None, None, "lokal"), stats.poisson_interval(3)),
        (("antal", 0.0, None, None, None, "lokal"), (0.0, stats.poisson_interval(0)[1])),
        # no size, or a size of zero: no interval
        (("andel", 80.0, None, None, None, "tryghed"), None),
        (("andel", 80.0, 10, None, None, "lbf"), None),
        (("andel", 80.0, None, 0, None, "lbf"), None),
        (("andel", 80.0, None, None, 0, "tryghed"), None),
        (("andel", 80.0, None, float("nan"), float("nan"), "lbf"), None),
        # missing value
        (("andel", None, None, None, 400, "tryghed"), None),
        (("andel", float("nan"), 1, 10, None, "lbf"), None),
        (("antal", None, None, None, None, "lokal"), None),
        (("antal", -1.0, None, None, None, "lokal"), None),
        # averages, amounts, rates: no interval here
        (("gennemsnit", 5.8, None, None, None, "lbf"), None),
        (("beløb", 12345.0, None, None, None, "lokal"), None),
        (("pr. 1000", 4.2, None, 1000, None, "lbf"), None),
    ],
)
def test_interval_for(args: tuple, expected: tuple[float, float] | None) -> None:
    got = stats.interval_for(*args)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        _close(got, expected, 1e-9)


def test_interval_for_clamps_impossible_shares() -> None:
    # A numerator above its denominator (a bad file) must not crash the page.
    low, high = stats.interval_for("andel", 100.0, 310, 301, None, "lbf")  # type: ignore[misc]
    assert high == 100.0 and 0 < low < 100
    low, high = stats.interval_for("andel", 101.0, None, None, 50, "tryghed")  # type: ignore[misc]
    assert high == pytest.approx(100.0) and not math.isnan(low)


# --- tests of a change -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "base", "expected"),
    [
        # Newcombe (1998), "Interval estimation for the difference between independent
        # proportions", table II, method 10 (hybrid score), as proportions.
        ((56, 70), (48, 80), (0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.1705, 0.8090)),
        ((6, 7), (2, 7), (0.0582, 0.8062)),
        ((5, 56), (0, 29), (-0.0381, 0.1926)),
        ((0, 10), (0, 20), (-0.1611, 0.2775)),
        ((0, 10), (0, 10), (-0.2775, 0.2775)),
        ((10, 10), (0, 20), (0.6791, 1.0)),
        ((10, 10), (0, 10), (0.6075, 1.0)),
    ],
)
def test_share_change_matches_newcombes_published_values(latest, base, expected) -> None:
    got = stats.share_change(base[0], base[1], latest[0], latest[1])
    assert got.change == pytest.approx((latest[0] / latest[1] - base[0] / base[1]) * 100)
    _close((got.low / 100, got.high / 100), expected, 0.00006)
    assert got.p_value is None


# The issue's cases, computed by hand from Newcombe's formula: with Wilson limits (l, u) of
# each share and z = 1,959964, low = d - sqrt((p2 - l2)^2 + (u1 - p1)^2) and
# high = d + sqrt((u2 - p2)^2 + (p1 - l1)^2), d = p2 - p1 (1 = baseline, 2 = latest).
@pytest.mark.parametrize(
    ("base", "latest", "expected", "clear"),
    [
        # Uden tilknytning: 24,8 % of 2.766 -> 27,9 % of 2.767, a real rise.
        ((686, 2766), (772, 2767), (3.0991, 0.7775, 5.4163), True),
        # Dagtilbud: 88,4 % of 301 -> 82,5 % of 337 children, a real fall.
        ((266, 301), (278, 337), (-5.8795, -11.3033, -0.3562), True),
        # 80 % of 400 -> 84 % of 380 survey respondents (fractional successes): noise.
        ((320, 400), (0.84 * 380, 380), (4.0, -1.4165, 9.3657), False),
    ],
)
def test_share_change_of_the_issue(base, latest, expected, clear: bool) -> None:
    got = stats.share_change(*base, *latest)
    _close((got.change, got.low, got.high), expected, 0.0001)
    assert got.clear is clear


@pytest.mark.parametrize(
    ("base", "latest", "expected", "p_value"),
    [
        # 7 -> 2 evictions: of the 9, the latest year's binomial(9, 1/2) share; p = 2 x
        # P(X <= 2) = 2 x (1 + 9 + 36) / 512. Clopper-Pearson for 2 of 9 is (0,028145;
        # 0,600094) (scipy beta.ppf(0,025; 2; 8), beta.ppf(0,975; 3; 7)): 9(2p - 1).
        (7, 2, (-5.0, -8.4934, 1.8017), 92 / 512),
        # 0 -> 6: p = 2 / 2^6; the lower limit for 6 of 6 is 0,025^(1/6) = 0,54074.
        (0, 6, (6.0, 0.4889, 6.0), 2 / 64),
        # 3 -> 15: p = 2 x (816 + 153 + 18 + 1) / 2^18, a real rise (two overlapping
        # single-year intervals, 0,6-8,8 and 8,4-24,7, used to call it noise).
        (3, 15, (12.0, 3.0896, 16.7117), 1976 / 2**18),
        (3, 3, (0.0, -4.5826, 4.5826), 1.0),
        # Two zero years: no information, +-3,69 (the exact upper limit of a zero count).
        (0, 0, (0.0, -3.6889, 3.6889), 1.0),
    ],
)
def test_count_change_is_the_exact_conditional_test(base, latest, expected, p_value) -> None:
    got = stats.count_change(base, latest)
    _close((got.change, got.low, got.high), expected, 0.0001)
    assert got.p_value == pytest.approx(p_value, abs=1e-9)


def test_count_change_interval_and_test_always_agree() -> None:
    # With a year against a year the conditional binomial is symmetric, so the interval leaves
    # out 0 exactly when p < 0,05: the explanation never contradicts itself.
    for base in range(0, 50):
        for latest in range(0, 50):
            got = stats.count_change(base, latest)
            assert got.clear is (got.p_value < 0.05), (base, latest, got)


def test_count_change_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        stats.count_change(-1, 3)
    with pytest.raises(ValueError):
        stats.share_change(1, 0, 1, 10)


def test_change_of_difference_is_mover() -> None:
    # By hand: d = 3 - 0,5 = 2,5; low = 2,5 - sqrt(2^2 + 0,5^2); high = 2,5 + sqrt(2^2 + 0,5^2).
    area = stats.ChangeInterval(3.0, 1.0, 5.0)
    kommune = stats.ChangeInterval(0.5, 0.0, 1.0)
    got = stats.change_of_difference(area, kommune)
    _close((got.change, got.low, got.high), (2.5, 0.4384, 4.5616), 0.0001)
    assert got.clear
    # Asymmetric parts keep their asymmetry: low uses the area's lower and the comparator's
    # upper arm.
    got = stats.change_of_difference(
        stats.ChangeInterval(1.0, -1.0, 4.0), stats.ChangeInterval(0.0, -0.5, 2.0)
    )
    _close((got.low, got.high), (1.0 - math.hypot(2.0, 2.0), 1.0 + math.hypot(3.0, 0.5)), 1e-9)
    assert not got.clear
