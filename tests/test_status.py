"""Status rules: direction, uncertainty, gap to the comparator, targets and aggregation."""

from __future__ import annotations

import pandas as pd
import pytest

from monitor.status import (
    GAP_OF_STATUS,
    METHOD_COUNT,
    METHOD_GAP,
    METHOD_NONE,
    METHOD_SHARE,
    Figure,
    Gap,
    Status,
    TargetStatus,
    aggregate_count,
    aggregate_share,
    change,
    gap,
    gap_change,
    judge_change,
    judge_gap,
    judge_target,
    target_met,
)

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
NEUTRAL_GREY = "#595959"  # 'ingen indikator': nothing to judge, so no colour of its own


@pytest.mark.parametrize(
    ("status", "label", "symbol"),
    [
        (Status.BEDRE, "bedre", "▲"),
        (Status.UAENDRET, "uændret", "●"),
        (Status.DAARLIGERE, "dårligere", "▼"),
        (Status.USIKKERHED_UKENDT, "usikkerhed ukendt", "◇"),
        (Status.FOR_FAA_DATA, "for få data", "?"),
        (Status.INGEN_INDIKATOR, "ingen indikator", "–"),
    ],
)
def test_status_words_and_symbols(status: Status, label: str, symbol: str) -> None:
    assert status.label == label
    assert status.symbol == symbol
    assert status.colour in OKABE_ITO | {NEUTRAL_GREY}


def test_the_status_words_are_the_issues() -> None:
    assert [s.label for s in Status] == [
        "bedre", "uændret", "dårligere", "usikkerhed ukendt", "for få data", "ingen indikator"
    ]  # fmt: skip


def test_status_is_never_told_by_colour_alone() -> None:
    assert len({s.symbol for s in Status}) == len(Status)
    assert len({s.label for s in Status}) == len(Status)
    assert len({s.colour for s in Status}) == len(Status)


@pytest.mark.parametrize(
    ("base", "latest", "expected"),
    [
        (88.4, 92.0, 3.6),
        (4.6, 3.0, -1.6),
        (3, 3, 0.0),
        (None, 3.0, None),
        (3.0, float("nan"), None),
    ],
)
def test_change(base: float | None, latest: float | None, expected: float | None) -> None:
    got = change(base, latest)
    assert got == (None if expected is None else pytest.approx(expected))


# ---- the status of a change: a test of the change itself ----------------------------------
#
# Expected intervals are computed independently of monitor.stats (and of statsmodels): Wilson
# limits by hand with z = 1,959964 and Newcombe's hybrid formula for shares; the binomial
# tail by hand and Clopper-Pearson limits from scipy's beta distribution for counts. See
# tests/test_stats.py for the derivations; here they are literals.

SHARE = METHOD_SHARE
COUNT = METHOD_COUNT

CHANGE_CASES = [
    # (unit, direction, base, latest, status, method, change, low, high, p)
    # The issue: uden tilknytning 24,8 % (686/2.766) -> 27,9 % (772/2.767): a real rise, and
    # lower is better. Both 95 % intervals overlap (23,2-26,4 and 26,2-29,6), so the old
    # rule called it uændret.
    ("andel", "lower", Figure(24.8, 686, 2766), Figure(27.9, 772, 2767),
     Status.DAARLIGERE, SHARE, 3.1, 0.7775, 5.4163, None),
    # The issue: dagtilbud 88,4 % (266/301) -> 82,5 % (278/337 children): a real fall.
    ("andel", "higher", Figure(88.4, 266, 301), Figure(82.5, 278, 337),
     Status.DAARLIGERE, SHARE, -5.9, -11.3033, -0.3562, None),
    # The same figures in the good direction (a lower-is-better share falling).
    ("andel", "lower", Figure(88.4, 266, 301), Figure(82.5, 278, 337),
     Status.BEDRE, SHARE, -5.9, -11.3033, -0.3562, None),
    # Newcombe's example (a): 48/80 -> 56/70 is a clear rise.
    ("andel", "higher", Figure(60.0, 48, 80), Figure(80.0, 56, 70),
     Status.BEDRE, SHARE, 20.0, 5.24, 33.39, None),
    # A register share with its denominator only: numerator = round(88,4 % of 301) = 266.
    ("andel", "higher", Figure(88.4, None, 301), Figure(82.5, 278, 337),
     Status.DAARLIGERE, SHARE, -5.9, -11.3033, -0.3562, None),
    # A survey share with its respondents (80 % of 400 -> 84 % of 380): noise.
    ("andel", "higher", Figure(80.0, None, 400, survey=True),
     Figure(84.0, None, 380, survey=True), Status.UAENDRET, SHARE, 4.0, -1.4165, 9.3657, None),
    # No change at all: uændret, also through float noise.
    ("andel", "lower", Figure(0.3, 3, 1000), Figure(0.1 + 0.2, 3, 1000),
     Status.UAENDRET, SHARE, 0.0, None, None, None),
    # The issue: 7 -> 2 evictions, p = 0,18: noise.
    ("antal", "lower", Figure(7), Figure(2), Status.UAENDRET, COUNT, -5.0, -8.4934, 1.8017,
     0.1797),
    ("antal", "lower", Figure(3), Figure(5), Status.UAENDRET, COUNT, 2.0, None, None, 0.7266),
    ("antal", "lower", Figure(3), Figure(3), Status.UAENDRET, COUNT, 0.0, -4.5826, 4.5826, 1.0),
    # 3 -> 15 is a real rise (the old overlap rule called it noise); 0 -> 6 just so.
    ("antal", "lower", Figure(3), Figure(15), Status.DAARLIGERE, COUNT, 12.0, 3.0896, 16.7117,
     0.0075),
    ("antal", "lower", Figure(0), Figure(6), Status.DAARLIGERE, COUNT, 6.0, 0.4889, 6.0, 0.0313),
    ("antal", "higher", Figure(0), Figure(6), Status.BEDRE, COUNT, 6.0, 0.4889, 6.0, 0.0313),
    # The issue: a grade average with no n falls 0,1: no verdict from the number alone.
    ("gennemsnit", "higher", Figure(5.8), Figure(5.7),
     Status.USIKKERHED_UKENDT, METHOD_NONE, -0.1, None, None, None),
    ("gennemsnit", "higher", Figure(5.8), Figure(5.8),
     Status.USIKKERHED_UKENDT, METHOD_NONE, 0.0, None, None, None),
    # A share with no count or respondents, and one side without them.
    ("andel", "higher", Figure(80.0), Figure(90.0),
     Status.USIKKERHED_UKENDT, METHOD_NONE, 10.0, None, None, None),
    ("andel", "higher", Figure(80.0, None, 400, survey=True), Figure(90.0),
     Status.USIKKERHED_UKENDT, METHOD_NONE, 10.0, None, None, None),
    ("andel", "higher", Figure(80.0, None, float("nan")), Figure(90.0, 90, 100),
     Status.USIKKERHED_UKENDT, METHOD_NONE, 10.0, None, None, None),
    # A rate or an amount without counts; a count that is not whole.
    ("pr. 1000", "lower", Figure(8.0), Figure(2.0),
     Status.USIKKERHED_UKENDT, METHOD_NONE, -6.0, None, None, None),
    ("antal", "lower", Figure(2.5), Figure(3.0),
     Status.USIKKERHED_UKENDT, METHOD_NONE, 0.5, None, None, None),
    # A figure missing: for få data.
    ("andel", "higher", Figure(None), Figure(5.0, 5, 100),
     Status.FOR_FAA_DATA, None, None, None, None, None),
    ("andel", "higher", Figure(5.0, 5, 100), Figure(None),
     Status.FOR_FAA_DATA, None, None, None, None, None),
    ("antal", "lower", Figure(5.0), Figure(float("nan")),
     Status.FOR_FAA_DATA, None, None, None, None, None),
    ("antal", "lower", Figure(pd.NA), Figure(5.0),  # type: ignore[arg-type]
     Status.FOR_FAA_DATA, None, None, None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "direction", "base", "latest", "status", "method", "moved", "low", "high", "p"),
    CHANGE_CASES,
)
def test_judge_change(unit, direction, base, latest, status, method, moved, low, high, p) -> None:
    got = judge_change(unit, direction, base, latest)
    assert got.status is status
    assert got.method == method
    assert got.change == (None if moved is None else pytest.approx(moved, abs=1e-9))
    if low is not None:
        assert (got.low, got.high) == (pytest.approx(low, abs=0.01), pytest.approx(high, abs=0.01))
    if status in (Status.USIKKERHED_UKENDT, Status.FOR_FAA_DATA):
        assert got.low is None and got.high is None and got.tested is None
    assert got.p_value == (None if p is None else pytest.approx(p, abs=0.0001))


def test_judge_change_says_why_there_is_no_verdict() -> None:
    assert judge_change("gennemsnit", "higher", Figure(5.8), Figure(5.7)).reason == "no_size"
    assert judge_change("andel", "higher", Figure(None), Figure(5.0)).reason == "missing"
    assert judge_change("andel", "higher", Figure(5.0, 5, 100), Figure(6.0, 6, 100)).reason is None


def test_a_verdict_never_contradicts_its_interval() -> None:
    for base, latest in [(Figure(7), Figure(2)), (Figure(0), Figure(6)), (Figure(9), Figure(1))]:
        got = judge_change("antal", "lower", base, latest)
        clear = got.low > 0 or got.high < 0  # type: ignore[operator]
        assert (got.status is not Status.UAENDRET) is clear
        assert clear is (got.p_value < 0.05)  # type: ignore[operator]


def test_judge_refuses_an_unknown_direction() -> None:
    with pytest.raises(ValueError):
        judge_change("andel", "up", Figure(1.0), Figure(2.0))


def test_gap_is_area_minus_comparator() -> None:
    assert gap(24.8, 16.3) == pytest.approx(8.5)
    assert gap(None, 16.3) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((24.8, 16.3, 22.0, 16.0), -2.5),  # gap 8,5 -> 6,0
        ((88.4, 90.2, 96.0, 91.0), 6.8),  # gap -1,8 -> 5,0
        ((10.0, 10.0, 11.0, 11.0), 0.0),
        ((None, 10.0, 11.0, 11.0), None),
        ((10.0, 10.0, 11.0, None), None),
    ],
)
def test_gap_change(values: tuple, expected: float | None) -> None:
    got = gap_change(*values)
    assert got == (None if expected is None else pytest.approx(expected))


def _judged(unit: str, direction: str, base: Figure, latest: Figure):
    return judge_change(unit, direction, base, latest)


# The gap (area - comparator) judged like a change, by MOVER from the two changes' intervals.
# Expected intervals by hand from the changes' own intervals (tests/test_stats.py): with area
# (d1, l1, u1) and kommune (d2, l2, u2), low = d1 - d2 - sqrt((d1 - l1)^2 + (u2 - d2)^2) and
# high = d1 - d2 + sqrt((u1 - d1)^2 + (d2 - l2)^2).
AREA_UP = Figure(24.8, 686, 2766), Figure(27.9, 772, 2767)  # +3,10 (0,78 to 5,42)
KOMMUNE_FLAT = Figure(16.3, 2303, 14129), Figure(16.6, 2349, 14151)  # about +0,3


@pytest.mark.parametrize(
    ("area", "kommune", "unit", "direction", "status", "gap"),
    [
        # Unemployment rose clearly more than in the kommune: the gap widened (lower is better).
        (AREA_UP, KOMMUNE_FLAT, "andel", "lower", Status.DAARLIGERE, Gap.WIDENING),
        # The same figures for a higher-is-better share: the area drew ahead.
        (AREA_UP, KOMMUNE_FLAT, "andel", "higher", Status.BEDRE, Gap.CLOSING),
        # Both moved alike: the gap's move lies within its uncertainty.
        (AREA_UP, AREA_UP, "andel", "lower", Status.UAENDRET, Gap.UNCHANGED),
        # Small numbers: 7 -> 2 evictions against a flat comparator is noise.
        ((Figure(7), Figure(2)), (Figure(7), Figure(7)), "antal", "lower", Status.UAENDRET,
         Gap.UNCHANGED),
        # A comparator without a size (a grade, a share without counts): unknown.
        (AREA_UP, (Figure(16.3), Figure(16.6)), "andel", "lower", Status.USIKKERHED_UKENDT,
         Gap.UNKNOWN),
        ((Figure(5.8), Figure(5.7)), (Figure(6.2), Figure(7.3)), "gennemsnit", "higher",
         Status.USIKKERHED_UKENDT, Gap.UNKNOWN),
        # A comparator figure missing: for få data.
        (AREA_UP, (Figure(16.3, 2303, 14129), Figure(None)), "andel", "lower",
         Status.FOR_FAA_DATA, None),
    ],
)  # fmt: skip
def test_judge_gap(area, kommune, unit: str, direction: str, status: Status, gap) -> None:
    a, k = _judged(unit, direction, *area), _judged(unit, direction, *kommune)
    got = judge_gap(a, k, direction)
    assert got.status is status
    assert GAP_OF_STATUS.get(got.status) is gap
    if a.change is not None and k.change is not None:
        assert got.change == pytest.approx(a.change - k.change)  # shown as the figures move
    if got.low is not None:
        d1, l1, u1 = a.tested.change, a.tested.low, a.tested.high  # type: ignore[union-attr]
        d2, l2, u2 = k.tested.change, k.tested.low, k.tested.high  # type: ignore[union-attr]
        assert got.low == pytest.approx(d1 - d2 - ((d1 - l1) ** 2 + (u2 - d2) ** 2) ** 0.5)
        assert got.high == pytest.approx(d1 - d2 + ((u1 - d1) ** 2 + (d2 - l2) ** 2) ** 0.5)


def test_gap_of_the_issues_case_by_hand() -> None:
    # Area +3,10 (0,7775 to 5,4163) against the kommune: 16,30 % of 14.129 -> 16,60 % of
    # 14.151, whose Newcombe interval by hand is (-0,5645; 1,1639) around +0,2997: the gap
    # moved 2,80 (0,3221 to 5,2725), clearly.
    got = judge_gap(_judged("andel", "lower", *AREA_UP), _judged("andel", "lower", *KOMMUNE_FLAT),
                    "lower")  # fmt: skip
    assert got.change == pytest.approx(3.1 - 0.3)
    assert got.low == pytest.approx(0.3221, abs=0.0001)
    assert got.high == pytest.approx(5.2725, abs=0.0001)
    assert got.method == METHOD_GAP


@pytest.mark.parametrize(
    ("value", "kind", "threshold", "expected"),
    [
        (3, "below", 6, True),  # "under 6 udsættelser årligt"
        (6, "below", 6, False),
        (7, "below", 6.0, False),
        (6, "at_most", 6, True),
        (70, "at_least", 70, True),
        (69.9, "at_least", 70, False),
        (7, "above", 6, True),
        (5, "above", 6, False),
        (5, "direction", None, None),
        (5, "below", None, None),
        (5, "below", float("nan"), None),
        (None, "below", 6, None),
    ],
)
def test_target_met(value, kind: str, threshold, expected: bool | None) -> None:
    assert target_met(value, kind, threshold) is expected


def test_target_met_gives_a_plain_bool_for_numpy_values() -> None:
    frame = pd.DataFrame({"threshold": [6.0]})
    assert target_met(3.0, "below", frame["threshold"].iloc[0]) is True


MET, NOT_MET, NOT_YET = TargetStatus.MET, TargetStatus.NOT_MET, TargetStatus.NOT_YET


@pytest.mark.parametrize(
    ("kind", "threshold", "figure", "extra", "expected"),
    [
        # "under 6 udsættelser årligt", judged on the latest full year's figure
        ("below", 6, (2024, 3), {}, MET),
        ("below", 6, (2025, 6), {}, NOT_MET),
        ("at_least", 70, (2025, 70.0), {"unit": "andel"}, MET),
        # no full-year figure yet (a partial year never is one)
        ("below", 6, (None, None), {}, NOT_YET),
        ("below", 6, (2025, float("nan")), {}, NOT_YET),
        # a direction target ("stiger") is met by a clear change the right way
        ("direction", None, (2025, 80.0), {"change_status": Status.BEDRE}, MET),
        ("direction", None, (2025, 70.0), {"change_status": Status.DAARLIGERE}, NOT_MET),
        ("direction", None, (2025, 75.0), {"change_status": Status.UAENDRET}, NOT_YET),
        ("direction", None, (2025, 75.0), {"change_status": Status.USIKKERHED_UKENDT}, NOT_YET),
        # an area count that lacks afdelinger is a lower bound: 7 already fails "under 6",
        # 3 may not hold; a share without all its parts cannot be judged
        ("below", 6, (2025, 7), {"unit": "antal", "incomplete": True}, NOT_MET),
        ("below", 6, (2025, 3), {"unit": "antal", "incomplete": True}, NOT_YET),
        ("at_least", 50, (2025, 55.0), {"unit": "andel", "incomplete": True}, NOT_YET),
    ],
)
def test_judge_target(kind: str, threshold, figure, extra: dict, expected) -> None:
    year, value = figure
    got = judge_target(kind, threshold, year=year, value=value, **extra)
    assert got.status is expected
    if expected is not NOT_YET:
        assert (got.year, got.value) == (year, value)


def test_judge_target_carries_the_sources_doubt() -> None:
    got = judge_target("below", 6, year=2024, value=3, unit="antal", uncertain=True)
    assert got.status is MET and got.uncertain
    assert [t.label for t in TargetStatus] == ["nået", "ikke nået", "kan endnu ikke vurderes"]


@pytest.mark.parametrize(
    ("numerators", "denominators", "expected", "complete"),
    [
        ([10, 30], [40, 60], 40.0, True),  # not 37,5, the average of 25 % and 50 %
        ([266], [301], 266 / 301 * 100, True),
        ([1, 2, 3], [10, 10, 10], 20.0, True),
        ([10, None], [40, 60], 25.0, False),  # the known part only, flagged
        ([10, 30], [40, float("nan")], 25.0, False),
        ([None, None], [40, 60], None, False),
        ([0, 0], [0, 0], None, True),
        ([], [], None, False),
    ],
)
def test_aggregate_share(numerators, denominators, expected, complete: bool) -> None:
    value, is_complete = aggregate_share(numerators, denominators)
    assert value == (None if expected is None else pytest.approx(expected))
    assert is_complete is complete


def test_aggregate_share_needs_pairs() -> None:
    with pytest.raises(ValueError):
        aggregate_share([1, 2], [10])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7, 2, 3], (12.0, True)),
        ([1, None], (1.0, False)),
        ([3, float("nan")], (3.0, False)),
        ([None], (None, False)),
        ([], (None, False)),
        ([0, 0], (0.0, True)),
    ],
)
def test_aggregate_count(values, expected: tuple[float | None, bool]) -> None:
    assert aggregate_count(values) == expected
