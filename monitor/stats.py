"""Uncertainty of small numbers: exact and score intervals, in the units the UI shows.

52 persons sigtet or 3 evictions move by one or two from pure chance; these intervals let the
status rules tell such noise from a real change. Shares are returned in percent (0-100), counts
in the count's own unit.
"""

from __future__ import annotations

import math

from scipy import stats as _st


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
