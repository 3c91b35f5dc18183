"""Uncertainty of small numbers: exact and score intervals, in the units the UI shows."""

from __future__ import annotations

import math

from scipy import stats as _st


def _bad(*values: object) -> bool:
    return any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a survey share, in percent (0-100)."""
    z = _st.norm.ppf(1 - (1 - confidence) / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half) * 100, min(1.0, centre + half) * 100)


def binomial_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a register share with its denominator, in percent."""
    alpha = 1 - confidence
    low = 0.0 if successes <= 0 else _st.beta.ppf(alpha / 2, successes, n - successes + 1)
    high = 1.0 if successes >= n else _st.beta.ppf(1 - alpha / 2, successes + 1, n - successes)
    return (float(low) * 100, float(high) * 100)


def poisson_interval(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a count such as evictions in a year."""
    alpha = 1 - confidence
    low = 0.0 if count <= 0 else _st.chi2.ppf(alpha / 2, 2 * count) / 2
    high = _st.chi2.ppf(1 - alpha / 2, 2 * (count + 1)) / 2
    return (float(low), float(high))


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
    denominator; counts: exact Poisson. Averages and amounts carry no interval here.
    """
    if _bad(value):
        return None
    if unit == "andel":
        if not _bad(respondents) and respondents and respondents > 0:
            n = float(respondents)
            return wilson_interval(float(value) / 100 * n, n)
        if not _bad(denominator) and denominator and denominator > 0:
            n = int(round(float(denominator)))
            k = int(round(float(numerator))) if not _bad(numerator) else round(value / 100 * n)
            return binomial_interval(min(max(k, 0), n), n)
        return None
    if unit == "antal":
        return poisson_interval(max(float(value), 0.0))
    return None
