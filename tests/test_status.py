"""Status rules: direction, uncertainty, gap to the comparator, targets and aggregation."""

from __future__ import annotations

import pandas as pd
import pytest

from monitor import stats
from monitor.status import (
    Gap,
    Status,
    aggregate_count,
    aggregate_share,
    assess,
    change,
    gap,
    gap_assessment,
    gap_change,
    target_met,
)

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


@pytest.mark.parametrize(
    ("status", "label", "symbol"),
    [
        (Status.BEDRE, "bedre", "▲"),
        (Status.UAENDRET, "uændret", "●"),
        (Status.DAARLIGERE, "dårligere", "▼"),
        (Status.FOR_FAA_DATA, "for få data", "?"),
    ],
)
def test_status_words_and_symbols(status: Status, label: str, symbol: str) -> None:
    assert status.label == label
    assert status.symbol == symbol
    assert status.colour in OKABE_ITO


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


POISSON_3 = stats.poisson_interval(3)
POISSON_5 = stats.poisson_interval(5)


@pytest.mark.parametrize(
    ("base", "latest", "direction", "bi", "li", "expected"),
    [
        # no intervals: the sign and the direction decide
        (88.4, 92.0, "higher", None, None, Status.BEDRE),
        (88.4, 85.0, "higher", None, None, Status.DAARLIGERE),
        (4.6, 3.0, "lower", None, None, Status.BEDRE),
        (4.6, 6.0, "lower", None, None, Status.DAARLIGERE),
        # no change at all, also through float noise
        (5.0, 5.0, "higher", None, None, Status.UAENDRET),
        (0.3, 0.1 + 0.2, "lower", None, None, Status.UAENDRET),
        (3.0, 3.0, "lower", POISSON_3, POISSON_3, Status.UAENDRET),
        # both intervals: overlapping is noise, apart is a change
        (50.0, 55.0, "higher", (45.0, 55.0), (50.0, 60.0), Status.UAENDRET),
        (50.0, 60.0, "higher", (45.0, 55.0), (55.0, 65.0), Status.UAENDRET),  # touching
        (50.0, 65.0, "higher", (45.0, 55.0), (60.0, 70.0), Status.BEDRE),
        (50.0, 35.0, "higher", (45.0, 55.0), (30.0, 40.0), Status.DAARLIGERE),
        (3.0, 5.0, "lower", POISSON_3, POISSON_5, Status.UAENDRET),  # evictions 3 -> 5
        # latest interval only: noise when it holds the baseline
        (3.0, 5.0, "lower", None, POISSON_5, Status.UAENDRET),
        (3.0, 15.0, "lower", None, stats.poisson_interval(15), Status.DAARLIGERE),
        # baseline interval only: noise when it holds the latest value
        (80.0, 82.0, "higher", (75.0, 85.0), None, Status.UAENDRET),
        (80.0, 90.0, "higher", (75.0, 85.0), None, Status.BEDRE),
        # an interval with a missing bound is ignored
        (80.0, 90.0, "higher", (float("nan"), 85.0), None, Status.BEDRE),
        # missing values
        (None, 5.0, "higher", None, None, Status.FOR_FAA_DATA),
        (5.0, None, "higher", None, None, Status.FOR_FAA_DATA),
        (5.0, float("nan"), "lower", None, (1.0, 2.0), Status.FOR_FAA_DATA),
        (pd.NA, 5.0, "lower", None, None, Status.FOR_FAA_DATA),
    ],
)
def test_assess(base, latest, direction, bi, li, expected: Status) -> None:
    assert assess(base, latest, direction, bi, li) is expected


def test_assess_refuses_an_unknown_direction() -> None:
    with pytest.raises(ValueError):
        assess(1.0, 2.0, "up")


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


@pytest.mark.parametrize(
    ("values", "direction", "expected"),
    [
        ((24.8, 16.3, 22.0, 16.0), "lower", Gap.CLOSING),  # unemployment gap narrowed
        ((24.8, 16.3, 26.0, 16.0), "lower", Gap.WIDENING),
        ((88.4, 90.2, 90.0, 90.5), "higher", Gap.CLOSING),  # dagtilbud caught up
        ((88.4, 90.2, 88.0, 91.0), "higher", Gap.WIDENING),
        ((80.0, 73.0, 85.0, 73.0), "higher", Gap.CLOSING),  # ahead and drawing further ahead
        ((10.0, 10.0, 11.0, 11.0), "higher", Gap.UNCHANGED),  # moved with the kommune
        ((None, 10.0, 11.0, 11.0), "higher", None),
    ],
)
def test_gap_assessment(values: tuple, direction: str, expected: Gap | None) -> None:
    assert gap_assessment(*values, direction) is expected


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
