"""Uncertainty of small numbers: intervals of one figure and tests of a change, in the units
the UI shows.

52 persons sigtet or 3 evictions move by one or two from pure chance; these intervals let the
status rules tell such noise from a real change. Shares are returned in percent (0-100) and
their changes in percentage points, counts in the count's own unit. The tests of a change use
statsmodels' implementations (well tested against published values) rather than our own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as _st
from statsmodels.stats import proportion as _sm_proportion
from statsmodels.stats import rates as _sm_rates


def _bad(*values: object) -> bool:
    """Missing for any reason: None, NaN of any float type, pd.NA, or not a number at all."""
    for v in values:
        if v is None:
            return True
        try:
            number = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return True
        if math.isnan(number) or math.isinf(number):
            return True
    return False


def _z(confidence: float) -> float:
    return float(_st.norm.ppf(1 - (1 - confidence) / 2))


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a survey share (successes of n respondents), in percent.

    `successes` may be fractional (a published share times the respondents)."""
    if n <= 0:
        raise ValueError("n skal være positiv")
    z = _z(confidence)
    p = min(max(successes / n, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half) * 100, min(1.0, centre + half) * 100)


def binomial_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a register share with its denominator, in percent."""
    if n <= 0:
        raise ValueError("n skal være positiv")
    k = min(max(successes, 0), n)
    alpha = 1 - confidence
    low = 0.0 if k <= 0 else float(_st.beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k >= n else float(_st.beta.ppf(1 - alpha / 2, k + 1, n - k))
    return (low * 100, high * 100)


def poisson_interval(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a count such as evictions in a year; 0 gives (0, 3,69)."""
    count = max(float(count), 0.0)
    alpha = 1 - confidence
    low = 0.0 if count <= 0 else float(_st.chi2.ppf(alpha / 2, 2 * count)) / 2
    high = float(_st.chi2.ppf(1 - alpha / 2, 2 * (count + 1))) / 2
    return (low, high)


def interval_for(
    unit: str,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    respondents: float | None,
    source_kind: str,
) -> tuple[float, float] | None:
    """The 95 % interval that fits the figure, or None when its size is unknown.

    Survey shares: Wilson with the respondents; register shares: exact binomial with the
    denominator (and the numerator when given, else value/100 of it); counts: exact Poisson.
    Averages, amounts and rates carry no interval here. `source_kind` is accepted so callers
    need not know which inputs matter; the inputs given decide the method.
    """
    if _bad(value):
        return None
    share = float(value)  # type: ignore[arg-type]
    if unit == "andel":
        if not _bad(respondents) and float(respondents) > 0:  # type: ignore[arg-type]
            n = float(respondents)  # type: ignore[arg-type]
            return wilson_interval(min(max(share, 0.0), 100.0) / 100 * n, n)
        if not _bad(denominator) and round(float(denominator)) > 0:  # type: ignore[arg-type]
            n = int(round(float(denominator)))  # type: ignore[arg-type]
            if _bad(numerator):
                k = int(round(share / 100 * n))
            else:
                k = int(round(float(numerator)))  # type: ignore[arg-type]
            return binomial_interval(min(max(k, 0), n), n)
        return None
    if unit == "antal":
        if share < 0:  # a count cannot be negative; no interval rather than a wrong one
            return None
        return poisson_interval(share)
    return None


# --- Tests of a change ------------------------------------------------------------------------
#
# A status judges the change itself: one interval for (latest - baseline), not two intervals
# for the two figures. "The two 95 % intervals overlap" is a much weaker test than 95 % (two
# figures can each lie inside the other's interval and still differ clearly: 24,8 % -> 27,9 %
# of ~2.770 persons), so it called real changes noise.


@dataclass(frozen=True)
class ChangeInterval:
    """latest - baseline with its 95 % interval, in the figure's unit (percentage points for a
    share), and the p-value where the method has one."""

    change: float
    low: float
    high: float
    p_value: float | None = None

    @property
    def clear(self) -> bool:
        """The interval leaves out 0: the change is larger than chance would make it."""
        return self.low > 0 or self.high < 0


def share_change(
    k_base: float, n_base: float, k_latest: float, n_latest: float, confidence: float = 0.95
) -> ChangeInterval:
    """Change of a share (k of n, base and latest) in percentage points, with Newcombe's hybrid
    score interval for the difference of two independent proportions.

    Why Newcombe (1998, method 10): it combines the two Wilson score intervals, so it keeps
    close to its nominal 95 % even for small n and shares near 0 or 100 % (where the textbook
    Wald interval fails), never leaves [-100, 100], needs no iteration, and is the method
    recommended for this case in the literature (Newcombe 1998; Fagerland, Lydersen & Laake
    2015). `k` may be fractional (a survey share times its respondents), which the Wilson parts
    accept. The two years are treated as independent samples; a register population that is
    largely the same people in both years makes the true interval narrower, so this errs on
    the side of "uændret".
    """
    if n_base <= 0 or n_latest <= 0:
        raise ValueError("n skal være positiv")
    k_base = min(max(float(k_base), 0.0), float(n_base))
    k_latest = min(max(float(k_latest), 0.0), float(n_latest))
    low, high = _sm_proportion.confint_proportions_2indep(
        k_latest,
        n_latest,
        k_base,
        n_base,
        method="newcomb",
        compare="diff",
        alpha=1 - confidence,
    )
    diff = k_latest / n_latest - k_base / n_base
    return ChangeInterval(diff * 100, float(low) * 100, float(high) * 100)


def count_change(base: int, latest: int, confidence: float = 0.95) -> ChangeInterval:
    """Change of a count over one year each (evictions, SSP incidents), judged by the exact
    conditional test for two Poisson counts.

    Given the two years' total n = base + latest, the latest year's share of it is binomial
    (n, 1/2) when nothing changed: statsmodels' `test_poisson_2indep(method="exact-cond")` gives
    the two-sided p-value. The interval of the change comes from the same conditional binomial:
    the Clopper-Pearson interval (pL, pU) of latest/n gives latest - base = n(2p - 1) between
    n(2pL - 1) and n(2pU - 1). With equal exposures the binomial is symmetric, so this interval
    leaves out 0 exactly when p < 0,05: the interval and the test never disagree (score or Wald
    intervals for a Poisson difference do, for about one pair in thirty under 40). 7 -> 2 gives
    p = 0,18 and -8,5 to +1,8: noise. Two zero years carry no information on a change; their
    interval is +-3,69, the exact 95 % upper limit of a zero count.
    """
    if base < 0 or latest < 0:
        raise ValueError("et antal kan ikke være negativt")
    base, latest = int(base), int(latest)
    n = base + latest
    if n == 0:
        upper = poisson_interval(0, confidence)[1]
        return ChangeInterval(0.0, -upper, upper, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero base year: ratio inf, fine
        result = _sm_rates.test_poisson_2indep(latest, 1, base, 1, method="exact-cond")
    p_low, p_high = _sm_proportion.proportion_confint(
        latest, n, alpha=1 - confidence, method="beta"
    )
    p_low = 0.0 if latest == 0 else float(p_low)  # exact ends for all-or-nothing splits
    p_high = 1.0 if latest == n else float(p_high)
    return ChangeInterval(
        float(latest - base), n * (2 * p_low - 1), n * (2 * p_high - 1), float(result.pvalue)
    )


def change_of_difference(area: ChangeInterval, comparator: ChangeInterval) -> ChangeInterval:
    """How the gap (area - comparator) moved: area.change - comparator.change, with the MOVER
    interval (method of variance estimates recovery; Newcombe 1998, Zou & Donner 2008).

    MOVER builds the interval of a difference from the two intervals themselves, so each part
    keeps its own method (Newcombe for shares, exact for counts) and its own asymmetry. The
    area is part of its kommune, so the two changes are slightly positively correlated, which
    makes the true interval narrower: this errs on the side of "uændret".
    """
    d = area.change - comparator.change
    low = d - math.hypot(area.change - area.low, comparator.high - comparator.change)
    high = d + math.hypot(area.high - area.change, comparator.change - comparator.low)
    return ChangeInterval(d, low, high)
