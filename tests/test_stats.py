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
