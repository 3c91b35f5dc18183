"""Status of an indicator against its baseline, gap to the comparator, targets, aggregation.

A status judges the change itself at the 95 % level (monitor.stats): a share by Newcombe's
interval for the difference of two proportions, a count by the exact conditional test for two
Poisson counts. A figure without a known size (a grade average, a share without its count) gets
no bedre/dårligere from the number alone: its status says the uncertainty is unknown.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass

from monitor import stats

DIRECTIONS = ("higher", "lower")
_EPSILON = 1e-9  # float noise: 88.4 - 88.4 computed via sums must still count as no change


class Status(enum.Enum):
    """Never shown by colour alone: every status has a word and a symbol too.

    Colours are from the Okabe-Ito palette, which stays distinguishable for colour-blind
    readers (bluish green, blue, vermillion, reddish purple, black), and a neutral grey for a
    delmål that has nothing to judge yet.
    """

    BEDRE = ("bedre", "▲", "#009E73")
    UAENDRET = ("uændret", "●", "#0072B2")
    DAARLIGERE = ("dårligere", "▼", "#D55E00")
    USIKKERHED_UKENDT = ("usikkerhed ukendt", "◇", "#CC79A7")
    FOR_FAA_DATA = ("for få data", "?", "#000000")
    INGEN_INDIKATOR = ("ingen indikator", "–", "#595959")

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
        """Hex colour."""
        return self.value[2]


class Gap(enum.Enum):
    """How the area developed relative to its comparator (LBF judges an area's development
    against its kommune's), judged like a change: CLOSING when the gap moved clearly in the
    good direction (caught up, or drew further ahead), WIDENING when clearly in the bad one,
    UNCHANGED when the move lies within its uncertainty, UNKNOWN when that uncertainty is
    unknown."""

    CLOSING = "closing"
    WIDENING = "widening"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"


# Method names as the explanation prints them (Danish).
METHOD_SHARE = "forskel mellem to andele med Newcombes interval"
METHOD_COUNT = "eksakt test af to tællinger (betinget binomial)"
METHOD_GAP = "ændring i afstanden med MOVER-interval (Newcombe/Zou-Donner)"
METHOD_NONE = "ingen test: usikkerheden er ukendt"

# Why a judgement has no verdict (the explanation words them with the figures' years).
REASON_MISSING = "missing"  # a figure is missing
REASON_STALE = "stale"  # no figure after the baseline year yet
REASON_NO_SIZE = "no_size"  # no count or respondents behind a figure (or a unit without one)
REASON_SOURCE_BREAK = "source_break"  # the two figures come from different surveys or sources
REASON_PARTS_BREAK = "parts_break"  # an area figure lacks one or more of its afdelinger
REASON_NO_INDICATOR = "no_indicator"  # a delmål with no indicator yet


@dataclass(frozen=True)
class Figure:
    """What a test needs of one figure: its value and the size behind it.

    For a share, `numerator` and `denominator` are persons (register data) or, with
    `survey=True`, `denominator` is the respondents (the numerator is then value x respondents).
    """

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    survey: bool = False


@dataclass(frozen=True)
class Judgement:
    """A status with how it was reached: the method (Danish), the change and its 95 %
    interval, the p-value where the method has one, and the reason when there is no verdict."""

    status: Status
    method: str | None = None
    change: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    reason: str | None = None
    tested: stats.ChangeInterval | None = None  # the test's own result, for the gap's MOVER


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


def change(baseline: float | None, latest: float | None) -> float | None:
    """latest - baseline, or None when either is missing."""
    if _missing(baseline) or _missing(latest):
        return None
    return float(latest) - float(baseline)  # type: ignore[arg-type]


def _share_size(figure: Figure) -> tuple[float, float] | None:
    """(successes, n) behind a share, or None when its size is unknown."""
    n = figure.denominator
    if _missing(n) or float(n) <= 0:  # type: ignore[arg-type]
        return None
    n = float(n)  # type: ignore[arg-type]
    value = min(max(float(figure.value), 0.0), 100.0)  # type: ignore[arg-type]
    if figure.survey:
        return (value / 100 * n, n)  # respondents: a published share, rarely a whole count
    n = float(round(n))
    if _missing(figure.numerator):
        return (float(round(value / 100 * n)), n)
    return (min(max(float(round(float(figure.numerator))), 0.0), n), n)  # type: ignore[arg-type]


def _whole_count(x: float | None) -> int | None:
    if _missing(x) or float(x) < 0:  # type: ignore[arg-type]
        return None
    value = float(x)  # type: ignore[arg-type]
    return int(round(value)) if abs(value - round(value)) < 1e-6 else None


def change_interval(
    unit: str, base: Figure, latest: Figure
) -> tuple[str, stats.ChangeInterval] | None:
    """The method and the 95 % interval of latest - base, or None when the size of either
    figure is unknown: shares need their denominator (or respondents), counts are their own
    size, averages, amounts and rates without counts have none."""
    if unit == "andel":
        sizes = _share_size(base), _share_size(latest)
        if sizes[0] is None or sizes[1] is None:
            return None
        (kb, nb), (kl, nl) = sizes
        return METHOD_SHARE, stats.share_change(kb, nb, kl, nl)
    if unit == "antal":
        counts = _whole_count(base.value), _whole_count(latest.value)
        if counts[0] is None or counts[1] is None:
            return None
        return METHOD_COUNT, stats.count_change(counts[0], counts[1])
    return None


def verdict(moved: stats.ChangeInterval, direction: str) -> Status:
    """Bedre or dårligere when the interval of the change leaves out 0, in the indicator's
    direction; uændret when the change lies within its uncertainty."""
    _check_direction(direction)
    if not moved.clear:
        return Status.UAENDRET
    up = moved.low > 0
    return Status.BEDRE if up == (direction == "higher") else Status.DAARLIGERE


def judge_change(unit: str, direction: str, base: Figure, latest: Figure) -> Judgement:
    """Judge latest against base in the indicator's direction ('higher' or 'lower' is better).

    - either value missing: for få data;
    - a share with both sizes known: Newcombe's interval for the difference;
    - a count: the exact conditional test (the interval agrees with it);
    - bedre/dårligere when that interval leaves out 0, else uændret;
    - a figure whose size is unknown: usikkerhed ukendt, with the change shown.
    """
    _check_direction(direction)
    moved = change(base.value, latest.value)
    if moved is None:
        return Judgement(Status.FOR_FAA_DATA, reason=REASON_MISSING)
    tested = change_interval(unit, base, latest)
    if tested is None:
        return Judgement(Status.USIKKERHED_UKENDT, METHOD_NONE, moved, reason=REASON_NO_SIZE)
    method, interval = tested
    # `moved` is the change of the figures as shown (a plan's 88,4 % rather than 266/301); the
    # interval and the verdict are the test's, from the counts.
    return Judgement(
        verdict(interval, direction),
        method,
        moved,
        interval.low,
        interval.high,
        interval.p_value,
        tested=interval,
    )


def judge_gap(area: Judgement, comparator: Judgement, direction: str) -> Judgement:
    """Judge the change of the gap (area - comparator) like a change: its MOVER interval from
    the two changes' own intervals. For 'higher' a growing gap is bedre, for 'lower' a
    shrinking one. A missing change gives for få data; an area or comparator change without a
    known uncertainty (or across a break) gives usikkerhed ukendt with the move shown."""
    _check_direction(direction)
    if area.change is None or comparator.change is None:
        return Judgement(Status.FOR_FAA_DATA, reason=REASON_MISSING)
    moved = area.change - comparator.change
    if (
        area.tested is None
        or comparator.tested is None
        or Status.USIKKERHED_UKENDT in (area.status, comparator.status)
    ):
        reason = next((j.reason for j in (area, comparator) if j.reason), REASON_NO_SIZE)
        return Judgement(Status.USIKKERHED_UKENDT, METHOD_NONE, moved, reason=reason)
    interval = stats.change_of_difference(area.tested, comparator.tested)
    return Judgement(
        verdict(interval, direction),
        METHOD_GAP,
        moved,
        interval.low,
        interval.high,
        tested=interval,
    )


GAP_OF_STATUS = {
    Status.BEDRE: Gap.CLOSING,
    Status.DAARLIGERE: Gap.WIDENING,
    Status.UAENDRET: Gap.UNCHANGED,
    Status.USIKKERHED_UKENDT: Gap.UNKNOWN,
}


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


class TargetStatus(enum.Enum):
    """A plan's target judged on the latest full year's figure."""

    MET = "nået"
    NOT_MET = "ikke nået"
    NOT_YET = "kan endnu ikke vurderes"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True)
class TargetJudgement:
    """Met, not met or not yet, with the figure it was judged on (year and value) and whether
    that figure is uncertain by its own source or lacks some of its afdelinger."""

    status: TargetStatus
    year: int | None = None
    value: float | None = None
    uncertain: bool = False
    incomplete: bool = False


def judge_target(
    kind: str,
    threshold: float | None,
    *,
    year: int | None,
    value: float | None,
    unit: str = "",
    uncertain: bool = False,
    incomplete: bool = False,
    change_status: Status | None = None,
) -> TargetJudgement:
    """A target on the latest full year's figure (`year`, `value`; a partial year is never
    one): 'below', 'above', 'at_most', 'at_least' against the threshold; 'direction' ("stiger",
    "falder") by the status of the change, met when bedre, not met when dårligere.

    Cannot be judged yet: no full-year figure, a direction target whose change is not clear,
    or an area figure that lacks some afdelinger, unless it already fails: a count that lacks
    parts is a lower bound, so "under 6" with 7 counted is not met whatever the rest holds.
    """
    not_yet = TargetJudgement(TargetStatus.NOT_YET, year, value, uncertain, incomplete)
    if _missing(value) or year is None:
        return TargetJudgement(TargetStatus.NOT_YET)
    if kind == "direction":
        if change_status is Status.BEDRE:
            return TargetJudgement(TargetStatus.MET, year, value, uncertain, incomplete)
        if change_status is Status.DAARLIGERE:
            return TargetJudgement(TargetStatus.NOT_MET, year, value, uncertain, incomplete)
        return not_yet
    met = target_met(value, kind, threshold)
    if met is None:
        return not_yet
    if incomplete:
        lower_bound_fails = unit == "antal" and kind in ("below", "at_most") and not met
        if not lower_bound_fails:
            return not_yet
    status = TargetStatus.MET if met else TargetStatus.NOT_MET
    return TargetJudgement(status, year, value, uncertain, incomplete)


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
