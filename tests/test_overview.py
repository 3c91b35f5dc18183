"""The Overblik from small literal frames in the shapes of the plan_* queries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monitor import stats
from monitor.overview import Reading, overview, usable
from monitor.status import Gap, Status

AREA, KOMMUNE, OTHER_AREA, HHP = "VEJ", "183", "VBG", "HHP"
NAMES = {AREA: "Vejleåparken", KOMMUNE: "Ishøj", OTHER_AREA: "Vildtbanegård", HHP: "Øvrige HHP"}

INDICATORS = {
    # code: (name, unit, direction, source_kind)
    "dagtilbud": ("Andel 1-5-årige i dagtilbud", "andel", "higher", "lbf"),
    "sigtet": ("Andel 15-29-årige sigtet", "andel", "lower", "lbf"),
    "uden_tilknytning": ("Andel 18-64-årige uden tilknytning", "andel", "lower", "lbf"),
    "karakter": ("Karaktergennemsnit 9. klasse", "gennemsnit", "higher", "lbf"),
    "tryg": ("Andel grundlæggende trygge", "andel", "higher", "tryghed"),
    "udsaettelser": ("Udsættelser", "antal", "lower", "lokal"),
}


def goal(indicator: str | None, geo: str = AREA, goal_id: str | None = None) -> dict:
    """A plan_goal_indicators row."""
    name, unit, direction, source_kind = INDICATORS.get(indicator, (None,) * 4)  # type: ignore[arg-type]
    return {
        "goal_id": goal_id or f"maal-{indicator}",
        "kind": "maal",
        "indsatsomraade": "Uddannelse og livschancer",
        "title": f"Mål for {indicator}",
        "indicator_code": indicator,
        "indicator_name": name,
        "unit": unit,
        "direction": direction,
        "source_kind": source_kind,
        "source": "LBF",
        "geo_code": geo if indicator else None,
        "geo_name": NAMES.get(geo) if indicator else None,
    }


def baseline(
    indicator: str,
    value: float | None,
    year: int | None,
    *,
    role: str = "omraade",
    geo: str = AREA,
    area: str = AREA,
    count: float | None = None,
    uncertain: bool = False,
) -> dict:
    """A plan_baselines_detail row."""
    return {
        "goal_id": f"maal-{indicator}",
        "indicator_code": indicator,
        "area_code": area,
        "geo_code": geo,
        "geo_name": NAMES[geo],
        "geo_level": "kommune" if geo == KOMMUNE else "omraade",
        "role": role,
        "value": value,
        "count": count,
        "year": year,
        "source": "seed",
        "uncertain": uncertain,
        "note": None,
        "unit": INDICATORS[indicator][1],
    }


def obs(
    indicator: str,
    year: int,
    value: float | None,
    *,
    geo: str = AREA,
    numerator: float | None = None,
    denominator: float | None = None,
    suppressed: bool = False,
    uncertain: object = False,
    partial: bool = False,
) -> dict:
    """A plan_series row."""
    return {
        "indicator_code": indicator,
        "geo_code": geo,
        "geo_name": NAMES[geo],
        "role": "omraade" if geo in (AREA, OTHER_AREA) else "kommune",
        "period": str(year),
        "year": year,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "suppressed": suppressed,
        "suppressed_below": 5 if suppressed else None,
        "uncertain": uncertain,
        "partial": partial,
        "incomplete": False,
        "survey": None,
        "note": None,
        "batch_id": 1,
    }


def target(indicator: str, kind: str, threshold: float | None, text: str, geo: str = AREA) -> dict:
    """A plan_targets row."""
    return {
        "goal_id": f"maal-{indicator}",
        "indicator_code": indicator,
        "geo_code": geo,
        "kind": kind,
        "threshold": threshold,
        "per": "år",
        "text": text,
    }


BASELINE_COLUMNS = list(baseline("dagtilbud", 1.0, 2019))
TARGET_COLUMNS = list(target("udsaettelser", "below", 6, ""))
SERIES_COLUMNS = list(obs("dagtilbud", 2019, 1.0))


def run(
    goals: list[dict],
    baselines: list[dict],
    series: list[dict],
    targets: list[dict] | None = None,
    year: int = 2024,
    plan_start_year: int = 2021,
) -> pd.DataFrame:
    table = overview(
        pd.DataFrame(goals),
        pd.DataFrame(baselines, columns=BASELINE_COLUMNS),
        pd.DataFrame(targets or [], columns=TARGET_COLUMNS),
        pd.DataFrame(series, columns=SERIES_COLUMNS),
        year,
        plan_start_year=plan_start_year,
        kommune_code=KOMMUNE,
    )
    return table.set_index("goal_id", drop=False)


def one(table: pd.DataFrame, indicator: str) -> pd.Series:
    return table.loc[f"maal-{indicator}"]


# Vejleåparken's seed baselines with later figures: dagtilbud rose clearly, sigtelser moved
# within the noise of ~1.130 young people, unemployment fell clearly (lower is better).
GOALS = [goal("dagtilbud"), goal("sigtet"), goal("uden_tilknytning")]
BASELINES = [
    baseline("dagtilbud", 88.4, 2019, count=266),
    baseline("dagtilbud", 90.2, 2019, role="kommune", geo=KOMMUNE, count=1337),
    baseline("sigtet", 4.6, 2019, count=52),
    baseline("sigtet", 3.5, 2019, role="kommune", geo=KOMMUNE, count=158),
    baseline("uden_tilknytning", 24.8, 2019, count=686),
    baseline("uden_tilknytning", 16.3, 2019, role="kommune", geo=KOMMUNE, count=2303),
]
SERIES = [
    obs("dagtilbud", 2019, 88.4, numerator=266, denominator=301),
    obs("dagtilbud", 2023, 96.0, numerator=289, denominator=301),
    obs("dagtilbud", 2019, 90.2, geo=KOMMUNE, numerator=1337, denominator=1482),
    obs("dagtilbud", 2023, 91.0, geo=KOMMUNE, numerator=1350, denominator=1484),
    obs("sigtet", 2023, 4.0, numerator=45, denominator=1130),
    obs("sigtet", 2023, 3.4, geo=KOMMUNE, numerator=150, denominator=4400),
    obs("uden_tilknytning", 2019, 24.8, numerator=686, denominator=2766),
    obs("uden_tilknytning", 2023, 19.0, numerator=526, denominator=2766),
    obs("uden_tilknytning", 2023, 15.8, geo=KOMMUNE, numerator=2250, denominator=14240),
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return run(GOALS, BASELINES, SERIES)


# ---- baseline, latest, comparator, change, status per case ---------------------------------

# indicator, baseline, latest (year, value), comparator base, comparator latest, change, status
CASES = [
    ("dagtilbud", 88.4, (2023, 96.0), 90.2, 91.0, 7.6, Status.BEDRE),
    ("sigtet", 4.6, (2023, 4.0), 3.5, 3.4, -0.6, Status.UAENDRET),
    ("uden_tilknytning", 24.8, (2023, 19.0), 16.3, 15.8, -5.8, Status.BEDRE),
]


@pytest.mark.parametrize(
    ("indicator", "base", "latest", "comp_base", "comp_latest", "moved", "expected"), CASES
)
def test_overview_figures_and_status(
    table: pd.DataFrame, indicator, base, latest, comp_base, comp_latest, moved, expected
) -> None:
    row = one(table, indicator)
    assert row["baseline"].year == 2019
    assert row["baseline"].value == pytest.approx(base)
    assert (row["latest"].year, row["latest"].value) == (latest[0], pytest.approx(latest[1]))
    assert row["comparator_name"] == "Ishøj"
    assert row["comparator_baseline"].value == pytest.approx(comp_base)
    assert row["comparator_latest"].year == latest[0]  # compared in the same year as the area
    assert row["comparator_latest"].value == pytest.approx(comp_latest)
    assert row["change"] == pytest.approx(moved)
    assert row["status"] is expected


@pytest.mark.parametrize(
    ("indicator", "gap_moved", "gap"),
    [
        ("dagtilbud", 6.8, Gap.CLOSING),  # -1,8 -> +5,0
        ("sigtet", -0.5, Gap.CLOSING),  # 1,1 -> 0,6
        ("uden_tilknytning", -5.3, Gap.CLOSING),  # 8,5 -> 3,2
    ],
)
def test_overview_gap_to_the_kommune(table: pd.DataFrame, indicator, gap_moved, gap) -> None:
    row = one(table, indicator)
    assert row["gap_change"] == pytest.approx(gap_moved)
    assert row["gap_assessment"] is gap


def test_register_intervals_use_numerator_and_denominator(table: pd.DataFrame) -> None:
    row = one(table, "dagtilbud")
    assert row["latest"].interval == pytest.approx(stats.binomial_interval(289, 301))
    # The plan's baseline, sized by the observed denominator of its year: 88,4 % of 301.
    assert row["baseline"].interval == pytest.approx(stats.binomial_interval(266, 301))


def test_baseline_without_observation_is_sized_from_its_count(table: pd.DataFrame) -> None:
    # "4,6 % (52)": 52 is the numerator, so the base is 52 / 0,046 = 1.130 young people.
    row = one(table, "sigtet")
    assert row["baseline"].interval == pytest.approx(stats.binomial_interval(52, 1130))
    low, high = row["baseline"].interval
    assert low < row["latest"].value < high  # why the drop from 4,6 to 4,0 is uændret


def test_clear_worsening_of_a_lower_is_better_indicator() -> None:
    series = [*SERIES, obs("sigtet", 2024, 9.0, numerator=102, denominator=1130)]
    row = one(run(GOALS, BASELINES, series), "sigtet")
    assert row["latest"].year == 2024
    assert row["change"] == pytest.approx(4.4)
    assert row["status"] is Status.DAARLIGERE
    assert row["comparator_latest"].value is None  # no kommune figure for 2024 yet
    assert row["gap_assessment"] is None


def test_no_data_after_the_baseline_is_too_little_data() -> None:
    series = [
        obs("dagtilbud", 2019, 88.4, numerator=266, denominator=301),
        obs("dagtilbud", 2022, None, suppressed=True),  # suppressed: not a figure
        obs("dagtilbud", 2023, 95.0, numerator=286, denominator=301, partial=True),
    ]
    row = one(run([goal("dagtilbud")], BASELINES, series), "dagtilbud")
    assert row["baseline"].value == pytest.approx(88.4)
    assert row["latest"].year == 2019
    assert row["status"] is Status.FOR_FAA_DATA
    assert row["change"] is None and row["gap_change"] is None and row["gap_assessment"] is None


def test_no_data_at_all_is_too_little_data() -> None:
    row = one(run([goal("karakter")], [], []), "karakter")
    assert row["baseline"] == Reading(2020, None)  # the year before the plan started
    assert row["latest"] == Reading(None, None)
    assert row["status"] is Status.FOR_FAA_DATA
    assert row["change"] is None
    assert row["sparkline"] == []


def test_year_chosen_limits_the_latest_figure(table: pd.DataFrame) -> None:
    row = one(run(GOALS, BASELINES, SERIES, year=2022), "dagtilbud")
    assert row["latest"].year == 2019
    assert row["status"] is Status.FOR_FAA_DATA
    assert one(table, "dagtilbud")["sparkline"] == [88.4, 96.0]


def test_empty_plan_baseline_is_taken_from_the_data() -> None:
    # Slagelse: goals defined before the baselines were known.
    series = [
        obs("karakter", 2020, 5.8),
        obs("karakter", 2023, 6.4),
        obs("karakter", 2020, 6.2, geo=KOMMUNE),
        obs("karakter", 2023, 6.3, geo=KOMMUNE),
    ]
    baselines = [baseline("karakter", None, None)]
    row = one(run([goal("karakter")], baselines, series), "karakter")
    assert row["baseline"] == Reading(2020, 5.8, None, False, from_data=True)
    assert row["comparator_name"] == "Ishøj"  # an LBF indicator is held against the kommune
    assert row["comparator_baseline"].value == pytest.approx(6.2)
    assert row["change"] == pytest.approx(0.6)
    assert row["status"] is Status.BEDRE  # an average has no interval
    assert row["gap_assessment"] is Gap.CLOSING  # -0,4 -> +0,1


def test_survey_share_uses_respondents_and_the_plans_comparator() -> None:
    baselines = [
        baseline("tryg", 80.0, 2018),
        baseline("tryg", 73.0, 2018, role="sammenligning", geo=HHP),
    ]
    series = [
        obs("tryg", 2018, 80.0, denominator=400),  # the denominator of a survey: respondents
        obs("tryg", 2023, 84.0, denominator=380),
        obs("tryg", 2023, 74.0, geo=HHP),
    ]
    row = one(run([goal("tryg")], baselines, series), "tryg")
    assert row["comparator_name"] == "Øvrige HHP"
    assert row["baseline"].interval == pytest.approx(stats.wilson_interval(320, 400))
    assert row["latest"].interval == pytest.approx(stats.wilson_interval(0.84 * 380, 380))
    assert row["status"] is Status.UAENDRET  # 80 -> 84 % of a few hundred respondents
    assert row["comparator_latest"].value == pytest.approx(74.0)


# ---- evictions: a small count against a target -------------------------------------------


EVICTION_BASELINE = [baseline("udsaettelser", 3, 2024, uncertain=True)]
EVICTION_TARGET = [target("udsaettelser", "below", 6, "Under 6 udsættelser årligt i AAB55")]


@pytest.mark.parametrize(
    ("latest", "expected_status", "met"),
    [
        (5, Status.UAENDRET, True),  # 3 -> 5 evictions: noise, and still under 6
        (6, Status.UAENDRET, False),  # 6 is not under 6
        (2, Status.UAENDRET, True),
        (15, Status.UAENDRET, False),  # intervals (0,6-8,8) and (8,4-24,7) still overlap
        (20, Status.DAARLIGERE, False),
    ],
)
def test_evictions_against_the_target(latest: int, expected_status: Status, met: bool) -> None:
    series = [obs("udsaettelser", 2024, 3, uncertain=True), obs("udsaettelser", 2025, latest)]
    table = run([goal("udsaettelser")], EVICTION_BASELINE, series, EVICTION_TARGET, year=2025)
    row = one(table, "udsaettelser")
    assert row["baseline"].uncertain is True  # the source's own doubt travels with the figure
    assert row["baseline"].interval == pytest.approx(stats.poisson_interval(3))
    assert row["latest"].value == latest
    assert row["status"] is expected_status
    assert row["target_text"] == "Under 6 udsættelser årligt i AAB55"
    assert row["target_met"] == met and isinstance(row["target_met"], (bool, np.bool_))
    assert row["comparator_name"] is None  # a local count has no kommune figure
    assert row["gap_change"] is None


def test_target_of_another_area_is_not_applied() -> None:
    series = [obs("udsaettelser", 2024, 3), obs("udsaettelser", 2025, 7)]
    targets = [target("udsaettelser", "below", 6, "Under 6 i Vildtbanegård", geo=OTHER_AREA)]
    row = one(run([goal("udsaettelser")], EVICTION_BASELINE, series, targets, 2025), "udsaettelser")
    assert row["target_text"] is None and row["target_met"] is None


def test_a_threshold_target_wins_over_a_bare_direction() -> None:
    series = [obs("udsaettelser", 2024, 3), obs("udsaettelser", 2025, 4)]
    targets = [
        target("udsaettelser", "direction", None, "Færre udsættelser"),
        *EVICTION_TARGET,
    ]
    row = one(run([goal("udsaettelser")], EVICTION_BASELINE, series, targets, 2025), "udsaettelser")
    assert row["target_met"] == True  # noqa: E712 - numpy bool from the frame


# ---- robustness -----------------------------------------------------------------------------


def test_goal_without_indicator() -> None:
    row = one(run([goal(None, goal_id="maal-None")], [], []), "None")
    assert not row["has_indicator"]
    assert row["status"] is Status.FOR_FAA_DATA


def test_missing_flags_are_false_not_true() -> None:
    # bool(nan) is True: a missing 'uncertain' must not mark every figure uncertain.
    series = [
        obs("karakter", 2020, 5.8, uncertain=float("nan")),
        obs("karakter", 2023, 6.4, uncertain=None),
    ]
    row = one(run([goal("karakter")], [], series), "karakter")
    assert row["baseline"].uncertain is False
    assert row["latest"].uncertain is False


def test_usable_drops_suppressed_partial_and_missing_rows() -> None:
    frame = pd.DataFrame(
        [
            obs("dagtilbud", 2019, 88.4),
            obs("dagtilbud", 2020, None, suppressed=True),
            obs("dagtilbud", 2021, 90.0, partial=True),
            obs("dagtilbud", 2022, None),
            obs("dagtilbud", 2023, 91.0, suppressed=None),  # type: ignore[arg-type]
        ]
    )
    assert usable(frame)["year"].tolist() == [2019, 2023]


def test_several_areas_are_judged_each_on_their_own() -> None:
    goals = [goal("dagtilbud"), goal("dagtilbud", geo=OTHER_AREA, goal_id="maal-dagtilbud-vbg")]
    series = [
        *SERIES,
        obs("dagtilbud", 2020, 80.0, geo=OTHER_AREA, numerator=80, denominator=100),
        obs("dagtilbud", 2023, 60.0, geo=OTHER_AREA, numerator=60, denominator=100),
        obs("dagtilbud", 2020, 90.5, geo=KOMMUNE),  # the kommune in the other area's base year
    ]
    table = run(goals, BASELINES, series)
    own, other = one(table, "dagtilbud"), table.loc["maal-dagtilbud-vbg"]
    assert own["status"] is Status.BEDRE
    assert other["baseline"].value == pytest.approx(80.0)  # from data: the plan gave none
    assert other["baseline"].from_data
    assert other["latest"].value == pytest.approx(60.0)
    assert other["comparator_name"] == "Ishøj"
    assert other["comparator_baseline"] == Reading(2020, 90.5, None, False, from_data=True)
    assert other["gap_change"] == pytest.approx(-20.5)  # -10,5 -> -31,0
    assert other["gap_assessment"] is Gap.WIDENING
    assert other["status"] is Status.DAARLIGERE
