"""Status of an indicator against its baseline, gap to the comparator, targets, aggregation."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable


class Status(enum.Enum):
    """Never shown by colour alone: every status has a word and a symbol too."""

    BEDRE = ("bedre", "▲", "#009E73")
    UAENDRET = ("uændret", "●", "#555555")
    DAARLIGERE = ("dårligere", "▼", "#D55E00")
    FOR_FAA_DATA = ("for få data", "?", "#777777")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def symbol(self) -> str:
        return self.value[1]

    @property
    def colour(self) -> str:
        return self.value[2]


class Gap(enum.Enum):
    """How the distance to the comparator moved (LBF judges the area against its kommune)."""

    CLOSING = "closing"
    WIDENING = "widening"
    UNCHANGED = "unchanged"


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def change(baseline: float | None, latest: float | None) -> float | None:
    """latest - baseline, or None."""
    if _missing(baseline) or _missing(latest):
        return None
    return float(latest) - float(baseline)  # type: ignore[arg-type]


def assess(
    baseline: float | None,
    latest: float | None,
    direction: str,
    baseline_interval: tuple[float, float] | None = None,
    latest_interval: tuple[float, float] | None = None,
) -> Status:
    """Bedre/uændret/dårligere in the indicator's direction; a change inside the uncertainty
    (overlapping intervals, or the baseline inside the latest interval) is uændret."""
    diff = change(baseline, latest)
    if diff is None:
        return Status.FOR_FAA_DATA
    if diff == 0:
        return Status.UAENDRET
    if baseline_interval and latest_interval:
        if (
            baseline_interval[0] <= latest_interval[1]
            and latest_interval[0] <= baseline_interval[1]
        ):
            return Status.UAENDRET
    elif latest_interval and latest_interval[0] <= float(baseline) <= latest_interval[1]:  # type: ignore[arg-type]
        return Status.UAENDRET
    elif baseline_interval and baseline_interval[0] <= float(latest) <= baseline_interval[1]:  # type: ignore[arg-type]
        return Status.UAENDRET
    good = diff > 0 if direction == "higher" else diff < 0
    return Status.BEDRE if good else Status.DAARLIGERE


def gap(area: float | None, comparator: float | None) -> float | None:
    """area - comparator."""
    return change(comparator, area)


def gap_change(
    area_base: float | None,
    comp_base: float | None,
    area_latest: float | None,
    comp_latest: float | None,
) -> float | None:
    """How much the gap to the comparator moved since the baseline."""
    return change(gap(area_base, comp_base), gap(area_latest, comp_latest))


def gap_assessment(
    area_base: float | None,
    comp_base: float | None,
    area_latest: float | None,
    comp_latest: float | None,
    direction: str,
) -> Gap | None:
    """Closing when the area moved towards (or beyond, in the good direction) its comparator."""
    before, after = gap(area_base, comp_base), gap(area_latest, comp_latest)
    if before is None or after is None:
        return None
    moved = after - before
    if abs(moved) < 1e-9:
        return Gap.UNCHANGED
    better = moved > 0 if direction == "higher" else moved < 0
    return Gap.CLOSING if better else Gap.WIDENING


def target_met(value: float, kind: str, threshold: float | None) -> bool | None:
    """Whether a value meets a target ('below', 'above', 'at_most', 'at_least')."""
    if _missing(value) or threshold is None or _missing(threshold):
        return None
    if kind == "below":
        return value < threshold
    if kind == "above":
        return value > threshold
    if kind == "at_most":
        return value <= threshold
    if kind == "at_least":
        return value >= threshold
    return None


def aggregate_share(
    numerators: Iterable[float | None], denominators: Iterable[float | None]
) -> tuple[float | None, bool]:
    """Share of summed numerators over summed denominators (never an average of shares);
    incomplete when any part is missing or suppressed."""
    nums, dens = list(numerators), list(denominators)
    complete = all(not _missing(n) for n in nums) and all(not _missing(d) for d in dens)
    num = sum(float(n) for n in nums if not _missing(n))
    den = sum(float(d) for d in dens if not _missing(d))
    return (num / den * 100 if den else None, complete)


def aggregate_count(values: Iterable[float | None]) -> tuple[float | None, bool]:
    """Sum of counts; incomplete when any part is missing or suppressed."""
    vals = list(values)
    present = [float(v) for v in vals if not _missing(v)]
    return (sum(present) if present else None, len(present) == len(vals))
