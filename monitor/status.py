"""Status of an indicator against its baseline, gap to the comparator, targets, aggregation."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable

DIRECTIONS = ("higher", "lower")
_EPSILON = 1e-9  # float noise: 88.4 - 88.4 computed via sums must still count as no change


class Status(enum.Enum):
    """Never shown by colour alone: every status has a word and a symbol too.

    Colours are from the Okabe-Ito palette, which stays distinguishable for colour-blind
    readers: bluish green, blue, vermillion and black.
    """

    BEDRE = ("bedre", "▲", "#009E73")
    UAENDRET = ("uændret", "●", "#0072B2")
    DAARLIGERE = ("dårligere", "▼", "#D55E00")
    FOR_FAA_DATA = ("for få data", "?", "#000000")

    @property
    def label(self) -> str:
        """The Danish word shown next to the symbol."""
        return self.value[0]

    @property
    def symbol(self) -> str:
        """A shape that tells the status without colour."""
        return self.value[1]

    @property
    def colour(self) -> str:
        """Hex colour (Okabe-Ito)."""
        return self.value[2]


class Gap(enum.Enum):
    """How the area developed relative to its comparator (LBF judges an area's development
    against its kommune's): CLOSING when the area gained on the comparator in the good
    direction (caught up, or drew further ahead), WIDENING when it fell behind."""

    CLOSING = "closing"
    WIDENING = "widening"
    UNCHANGED = "unchanged"


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        number = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # pd.NA and other non-numbers
        return True
    return math.isnan(number)


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"ukendt retning {direction!r}; brug 'higher' eller 'lower'")


def _usable_interval(interval: tuple[float, float] | None) -> bool:
    return interval is not None and len(interval) == 2 and not any(map(_missing, interval))


def _contains(interval: tuple[float, float], x: float) -> bool:
    return float(interval[0]) <= x <= float(interval[1])


def change(baseline: float | None, latest: float | None) -> float | None:
    """latest - baseline, or None when either is missing."""
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
    """Bedre/uændret/dårligere in the indicator's direction ('higher' or 'lower' is better).

    - either value missing: for få data;
    - no change: uændret;
    - the change is inside the uncertainty: uændret. With both intervals, that is when they
      overlap; with one interval, when it holds the other value (the latest interval holding
      the baseline, or the baseline interval holding the latest value);
    - otherwise bedre or dårligere by the sign of the change and the direction.
    """
    _check_direction(direction)
    diff = change(baseline, latest)
    if diff is None:
        return Status.FOR_FAA_DATA
    if abs(diff) < _EPSILON:
        return Status.UAENDRET
    has_base, has_latest = _usable_interval(baseline_interval), _usable_interval(latest_interval)
    if has_base and has_latest:
        b, la = baseline_interval, latest_interval
        if float(b[0]) <= float(la[1]) and float(la[0]) <= float(b[1]):  # type: ignore[index]
            return Status.UAENDRET
    elif has_latest and _contains(latest_interval, float(baseline)):  # type: ignore[arg-type]
        return Status.UAENDRET
    elif has_base and _contains(baseline_interval, float(latest)):  # type: ignore[arg-type]
        return Status.UAENDRET
    good = diff > 0 if direction == "higher" else diff < 0
    return Status.BEDRE if good else Status.DAARLIGERE


def gap(area: float | None, comparator: float | None) -> float | None:
    """area - comparator, or None."""
    return change(comparator, area)


def gap_change(
    area_base: float | None,
    comp_base: float | None,
    area_latest: float | None,
    comp_latest: float | None,
) -> float | None:
    """How much the gap (area - comparator) moved since the baseline; None if any is missing."""
    return change(gap(area_base, comp_base), gap(area_latest, comp_latest))


def gap_assessment(
    area_base: float | None,
    comp_base: float | None,
    area_latest: float | None,
    comp_latest: float | None,
    direction: str,
) -> Gap | None:
    """CLOSING when the area's development beat its comparator's in the good direction (for
    'higher': area - comparator grew; for 'lower': it shrank), WIDENING when it fell behind,
    UNCHANGED when the gap did not move; None when a figure is missing."""
    _check_direction(direction)
    moved = gap_change(area_base, comp_base, area_latest, comp_latest)
    if moved is None:
        return None
    if abs(moved) < _EPSILON:
        return Gap.UNCHANGED
    better = moved > 0 if direction == "higher" else moved < 0
    return Gap.CLOSING if better else Gap.WIDENING


def target_met(value: float | None, kind: str, threshold: float | None) -> bool | None:
    """Whether a value meets a target: 'below' (<), 'above' (>), 'at_most' (<=),
    'at_least' (>=); None for 'direction' targets or a missing value or threshold."""
    if _missing(value) or _missing(threshold):
        return None
    v, t = float(value), float(threshold)  # type: ignore[arg-type]
    if kind == "below":
        return v < t
    if kind == "above":
        return v > t
    if kind == "at_most":
        return v <= t
    if kind == "at_least":
        return v >= t
    return None


def aggregate_share(
    numerators: Iterable[float | None], denominators: Iterable[float | None]
) -> tuple[float | None, bool]:
    """Share in percent of summed numerators over summed denominators (never an average of
    shares), and whether every part was there.

    A part with a missing (or suppressed) numerator or denominator is left out of both sums,
    so the share is that of the parts known, flagged incomplete. No parts, or a zero summed
    denominator, gives None.
    """
    nums, dens = list(numerators), list(denominators)
    if len(nums) != len(dens):
        raise ValueError("lige mange tællere og nævnere kræves")
    pairs = [(float(n), float(d)) for n, d in zip(nums, dens, strict=True)
             if not _missing(n) and not _missing(d)]  # fmt: skip
    complete = bool(nums) and len(pairs) == len(nums)
    den = sum(d for _, d in pairs)
    if not pairs or den <= 0:
        return (None, complete)
    return (sum(n for n, _ in pairs) / den * 100, complete)


def aggregate_count(values: Iterable[float | None]) -> tuple[float | None, bool]:
    """Sum of counts, and whether every part was there (a missing or suppressed part makes
    the sum a lower bound). No known parts gives None."""
    vals = list(values)
    present = [float(v) for v in vals if not _missing(v)]
    return (sum(present) if present else None, bool(vals) and len(present) == len(vals))
