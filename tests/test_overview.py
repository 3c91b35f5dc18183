"""The Overblik from small literal frames in the shapes of the plan_* queries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monitor import stats
from monitor.overview import Reading, export_frame, overview, status_explanation, usable
from monitor.status import METHOD_COUNT, METHOD_NONE, METHOD_SHARE, Gap, Status, TargetStatus

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
    "valg": ("Valgdeltagelse ved kommunalvalg", "andel", "higher", "lbf"),
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
    incomplete: bool = False,
    survey: str | None = None,
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
        "incomplete": incomplete,
        "survey": survey,
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
        # 1,1 -> 0,6: the gap moved the right way, but within the noise of ~1.130 young
        # people (judged by the sign alone this used to be CLOSING)
        ("sigtet", -0.5, Gap.UNCHANGED),
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
    assert (row["baseline"].numerator, row["baseline"].denominator) == (52, 1130)
    # Why the drop from 4,6 to 4,0 is uændret: the change's interval, 52/1.130 -> 45/1.130,
    # holds 0.
    expected = stats.share_change(52, 1130, 45, 1130)
    assert (row["change_low"], row["change_high"]) == pytest.approx((expected.low, expected.high))
    assert row["change_low"] < 0 < row["change_high"]
    assert row["status"] is Status.UAENDRET


def test_clear_worsening_of_a_lower_is_better_indicator() -> None:
    series = [*SERIES, obs("sigtet", 2024, 9.0, numerator=102, denominator=1130)]
    row = one(run(GOALS, BASELINES, series), "sigtet")
    assert row["latest"].year == 2024
    assert row["change"] == pytest.approx(4.4)
    assert row["status"] is Status.DAARLIGERE
    assert row["comparator_latest"].value is None  # no kommune figure for 2024 yet
    assert row["gap_assessment"] is None and pd.isna(row["gap_change"])
    assert row["gap_status"] is Status.FOR_FAA_DATA


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
    # A grade average with no n: no bedre/dårligere from the number alone; the change shows.
    assert row["status"] is Status.USIKKERHED_UKENDT
    assert row["change_low"] is None and row["method"] == METHOD_NONE
    assert row["gap_change"] == pytest.approx(0.5)  # -0,4 -> +0,1, shown but not judged
    assert row["gap_assessment"] is Gap.UNKNOWN


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
        # The single-year intervals (0,6-8,8) and (8,4-24,7) overlap, but the exact test of
        # 3 -> 15 gives p = 0,008: a real rise (the overlap rule called it uændret).
        (15, Status.DAARLIGERE, False),
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
    assert row["status"] is Status.INGEN_INDIKATOR  # not 'for få data': there is nothing to get
    assert "ingen indikator" in row["explanation"]


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
        # the kommune in the other area's base year
        obs("dagtilbud", 2020, 90.5, geo=KOMMUNE, numerator=1358, denominator=1500),
    ]
    table = run(goals, BASELINES, series)
    own, other = one(table, "dagtilbud"), table.loc["maal-dagtilbud-vbg"]
    assert own["status"] is Status.BEDRE
    assert other["baseline"].value == pytest.approx(80.0)  # from data: the plan gave none
    assert other["baseline"].from_data
    assert other["latest"].value == pytest.approx(60.0)
    assert other["comparator_name"] == "Ishøj"
    comp = other["comparator_baseline"]
    assert (comp.year, comp.value, comp.from_data) == (2020, 90.5, True)
    assert other["gap_change"] == pytest.approx(-20.5)  # -10,5 -> -31,0
    assert other["gap_assessment"] is Gap.WIDENING  # 80/100 -> 60/100 against a steady kommune
    assert other["status"] is Status.DAARLIGERE
    # Without a size for the kommune's base figure, the gap's uncertainty is unknown.
    series[-1] = obs("dagtilbud", 2020, 90.5, geo=KOMMUNE)
    other = run(goals, BASELINES, series).loc["maal-dagtilbud-vbg"]
    assert other["comparator_baseline"] == Reading(2020, 90.5, None, False, from_data=True)
    assert other["gap_assessment"] is Gap.UNKNOWN


# ---- the issue's cases through the whole Overblik ------------------------------------------


def test_the_issues_three_contradictions_are_gone() -> None:
    goals = [goal("uden_tilknytning"), goal("dagtilbud"), goal("karakter")]
    baselines = [
        baseline("uden_tilknytning", 24.8, 2019, count=686),
        baseline("dagtilbud", 88.4, 2019, count=266),
        baseline("karakter", 5.8, 2019),
    ]
    series = [
        obs("uden_tilknytning", 2019, 24.8, numerator=686, denominator=2766),
        obs("uden_tilknytning", 2025, 27.9, numerator=772, denominator=2767),
        obs("dagtilbud", 2019, 88.4, numerator=266, denominator=301),
        obs("dagtilbud", 2025, 82.5, numerator=278, denominator=337),
        obs("karakter", 2019, 5.8),
        obs("karakter", 2025, 5.7),
    ]
    table = run(goals, baselines, series, year=2025)
    # 24,8 % -> 27,9 % of ~2.770 persons: a real rise of a lower-is-better share.
    row = one(table, "uden_tilknytning")
    assert row["status"] is Status.DAARLIGERE and row["method"] == METHOD_SHARE
    assert (row["change_low"], row["change_high"]) == pytest.approx((0.7775, 5.4163), abs=1e-4)
    text = row["explanation"]
    assert "24,8\u00a0% i 2019 (686 af 2.766)" in text
    assert "27,9\u00a0% i 2025 (772 af 2.767)" in text
    assert "Newcombe" in text and "+0,8 til +5,4\u00a0pct.-point" in text
    assert text.endswith("dårligere.")
    # 88,4 % -> 82,5 % of ~300 children: a real fall.
    row = one(table, "dagtilbud")
    assert row["status"] is Status.DAARLIGERE
    assert (row["change_low"], row["change_high"]) == pytest.approx((-11.3033, -0.3562), abs=1e-4)
    assert "266 af 301" in row["explanation"] and "278 af 337" in row["explanation"]
    # A grade average falling 0,1 with no n: its uncertainty is unknown, the change shows.
    row = one(table, "karakter")
    assert row["status"] is Status.USIKKERHED_UKENDT
    assert row["change"] == pytest.approx(-0.1)
    assert "ingen kendt usikkerhed" in row["explanation"]
    assert "\u22120,1" in row["explanation"]


def test_seven_to_two_evictions_is_noise() -> None:
    series = [obs("udsaettelser", 2017, 7), obs("udsaettelser", 2018, 2)]
    baselines = [baseline("udsaettelser", 7, 2017)]
    row = one(run([goal("udsaettelser")], baselines, series, year=2018), "udsaettelser")
    assert row["status"] is Status.UAENDRET and row["method"] == METHOD_COUNT
    assert row["p_value"] == pytest.approx(92 / 512)
    assert (row["change_low"], row["change_high"]) == pytest.approx((-8.4934, 1.8017), abs=1e-4)
    text = row["explanation"]
    assert "fra 7 i 2017 til 2 i 2018" in text and "p = 0,18" in text
    assert "betinget binomial" in text and "uændret" in text


# ---- partial years -------------------------------------------------------------------------


def test_a_partial_year_is_never_the_latest_figure() -> None:
    series = [
        obs("udsaettelser", 2023, 4),
        obs("udsaettelser", 2024, 3),
        obs("udsaettelser", 2025, 0, partial=True),  # K1-K3 only: not "0 evictions in 2025"
    ]
    baselines = [baseline("udsaettelser", 4, 2023)]
    table = run([goal("udsaettelser")], baselines, series, EVICTION_TARGET, year=2025)
    row = one(table, "udsaettelser")
    assert row["latest"].year == 2024 and row["latest"].value == 3
    assert row["partial_year"] == 2025
    assert row["status"] is Status.UAENDRET
    # The target is judged on the latest full year, and says which.
    assert row["target_status"] is TargetStatus.MET and row["target"].year == 2024
    assert "2025 er kun delvist opgjort" in row["explanation"]
    assert "er nået i 2024 (3)" in row["explanation"]
    assert row["sparkline"] == [4.0, 3.0]


def test_a_partial_year_after_the_baseline_leaves_too_little_data() -> None:
    # Ishøj 2025-29: baseline year 2024 (from data), 2025 reported for three quarters only.
    series = [obs("udsaettelser", 2024, 3), obs("udsaettelser", 2025, 0, partial=True)]
    row = one(run([goal("udsaettelser")], [], series, year=2025, plan_start_year=2025),
              "udsaettelser")  # fmt: skip
    assert row["baseline"] == Reading(2024, 3.0, stats.poisson_interval(3), from_data=True)
    assert row["status"] is Status.FOR_FAA_DATA
    assert pd.isna(row["change"])
    assert "intet tal for et helt år efter 2024" in row["explanation"]
    assert "2025 er kun delvist opgjort" in row["explanation"]


def test_a_partial_year_gives_no_target_judgement() -> None:
    series = [obs("udsaettelser", 2025, 2, partial=True)]
    row = one(run([goal("udsaettelser")], [], series, EVICTION_TARGET, year=2025), "udsaettelser")
    assert row["target_status"] is TargetStatus.NOT_YET
    assert row["target_met"] is None
    assert "kan endnu ikke vurderes" in row["explanation"]


# ---- breaks in a series --------------------------------------------------------------------


def test_another_survey_is_a_break_not_a_change() -> None:
    baselines = [baseline("tryg", 80.0, 2018)]
    series = [
        obs("tryg", 2018, 80.0, denominator=400, survey="VIVE tryghedsmåling"),
        obs("tryg", 2023, 60.0, denominator=380, survey="LBF Tryghedsundersøgelse"),
    ]
    row = one(run([goal("tryg")], baselines, series), "tryg")
    assert row["status"] is Status.USIKKERHED_UKENDT  # -20 points, but not measured alike
    assert row["judgement"].reason == "source_break"
    assert row["change"] == pytest.approx(-20.0)  # shown
    assert "VIVE tryghedsmåling og LBF Tryghedsundersøgelse" in row["explanation"]
    # The same survey both times is judged as usual.
    series[1] = obs("tryg", 2023, 60.0, denominator=380, survey="VIVE tryghedsmåling")
    row = one(run([goal("tryg")], baselines, series), "tryg")
    assert row["status"] is Status.DAARLIGERE


def test_a_change_of_local_source_is_a_break() -> None:
    series = [
        obs("udsaettelser", 2022, 3, survey="Boligforeningen AAB"),
        obs("udsaettelser", 2023, 12, survey="Kommunens fogedopgørelse"),
    ]
    baselines = [baseline("udsaettelser", 3, 2022)]
    row = one(run([goal("udsaettelser")], baselines, series, year=2023), "udsaettelser")
    assert row["status"] is Status.USIKKERHED_UKENDT
    assert row["judgement"].reason == "source_break"


def test_an_area_figure_without_all_afdelinger_is_shown_and_not_judged() -> None:
    # Slagelse: the plan gives no baseline; Sydbyen's 2020 figure lacks FOB-34.
    baselines = [baseline("dagtilbud", None, None)]
    series = [
        obs("dagtilbud", 2020, 47.6, numerator=547, denominator=1150, incomplete=True),
        obs("dagtilbud", 2025, 52.4, numerator=1309, denominator=2498),
    ]
    row = one(run([goal("dagtilbud")], baselines, series, year=2025), "dagtilbud")
    assert row["baseline"].value == pytest.approx(47.6)  # shown, not dropped
    assert row["baseline"].incomplete and row["baseline"].from_data
    assert row["status"] is Status.USIKKERHED_UKENDT
    assert row["judgement"].reason == "parts_break"
    assert row["change"] == pytest.approx(4.8)
    assert "mangler en eller flere afdelinger" in row["explanation"]
    assert "mangler afdelinger" in row["explanation"]  # the figure's own mark


def test_an_incomplete_latest_count_is_a_lower_bound_for_a_target() -> None:
    series = [obs("udsaettelser", 2024, 3), obs("udsaettelser", 2025, 7, incomplete=True)]
    targets = EVICTION_TARGET
    row = one(run([goal("udsaettelser")], EVICTION_BASELINE, series, targets, 2025), "udsaettelser")
    assert row["status"] is Status.USIKKERHED_UKENDT
    assert row["target_status"] is TargetStatus.NOT_MET  # 7 counted already fails "under 6"
    series[1] = obs("udsaettelser", 2025, 4, incomplete=True)
    row = one(run([goal("udsaettelser")], EVICTION_BASELINE, series, targets, 2025), "udsaettelser")
    assert row["target_status"] is TargetStatus.NOT_YET


# ---- baselines from the data ---------------------------------------------------------------


def test_an_irregular_series_takes_the_latest_figure_at_or_before_the_baseline_year() -> None:
    # Slagelse (plan from 2021, baseline year 2020): the kommunalvalg of 2017 and 2021.
    series = [
        obs("valg", 2013, 55.0, numerator=550, denominator=1000),
        obs("valg", 2017, 57.0, numerator=570, denominator=1000),
        obs("valg", 2021, 62.0, numerator=620, denominator=1000),
        obs("valg", 2017, 70.0, geo=KOMMUNE, numerator=7000, denominator=10000),
        obs("valg", 2021, 70.5, geo=KOMMUNE, numerator=7050, denominator=10000),
    ]
    row = one(run([goal("valg")], [baseline("valg", None, None)], series, year=2021), "valg")
    assert (row["baseline"].year, row["baseline"].value) == (2017, 57.0)
    assert row["baseline"].from_data
    # The comparator is taken in the same year as the area's baseline.
    assert (row["comparator_baseline"].year, row["comparator_baseline"].value) == (2017, 70.0)
    assert row["status"] is Status.BEDRE  # 57 % -> 62 % of 1.000 voters
    assert row["gap_assessment"] is Gap.CLOSING  # +5 against +0,5 in the kommune


def test_a_yearly_series_needs_its_baseline_year() -> None:
    series = [
        obs("dagtilbud", 2019, 88.0, numerator=264, denominator=300),
        obs("dagtilbud", 2020, None, suppressed=True),
        obs("dagtilbud", 2021, 89.0, numerator=267, denominator=300),
        obs("dagtilbud", 2022, 90.0, numerator=270, denominator=300),
    ]
    row = one(run([goal("dagtilbud")], [], series, year=2022), "dagtilbud")
    assert row["baseline"] == Reading(2020, None)  # 2020 suppressed; 2019 is not 2020
    assert row["status"] is Status.FOR_FAA_DATA
    assert "intet tal for det år (2020)" in row["explanation"]


# ---- targets ---------------------------------------------------------------------------------


def test_a_direction_target_follows_the_status() -> None:
    targets = [target("dagtilbud", "direction", None, "Flere børn i dagtilbud")]
    row = one(run([goal("dagtilbud")], BASELINES, SERIES, targets), "dagtilbud")
    assert row["status"] is Status.BEDRE
    assert row["target_status"] is TargetStatus.MET and bool(row["target_met"]) is True


# ---- the explanation and the CSV -----------------------------------------------------------


def test_status_explanation_names_the_comparator_and_the_gap(table: pd.DataFrame) -> None:
    text = status_explanation(one(table, "dagtilbud"))
    assert text.startswith("Andelen gik fra 88,4\u00a0% i 2019 (266 af 301) til 96,0\u00a0% i 2023")
    assert "Afstanden til Ishøj flyttede sig +6,8\u00a0pct.-point (95 %:" in text
    assert "området udvikler sig bedre end Ishøj" in text


EXPORT_REQUIRED = [
    "plan_id", "goal", "indicator_code", "geo_code", "baseline_year", "baseline", "latest_year",
    "latest", "change", "change_low", "change_high", "status", "comparator_code", "gap_change",
    "gap_status", "target_status", "method",
]  # fmt: skip


def test_export_frame_is_plain_data(table: pd.DataFrame) -> None:
    goals = [*GOALS, goal(None, goal_id="maal-None")]
    frame = export_frame(run(goals, BASELINES, SERIES), "vejleaaparken-2021-25")
    assert set(EXPORT_REQUIRED) <= set(frame.columns)
    assert set(frame["status"]) <= {
        "bedre", "uændret", "dårligere", "usikkerhed ukendt", "for få data", "ingen indikator"
    }  # fmt: skip
    dagtilbud = frame[frame["indicator_code"] == "dagtilbud"].iloc[0]
    assert dagtilbud["baseline_year"] == 2019 and dagtilbud["baseline"] == pytest.approx(88.4)
    assert dagtilbud["latest"] == pytest.approx(96.0) and dagtilbud["status"] == "bedre"
    assert dagtilbud["comparator_code"] == KOMMUNE
    assert dagtilbud["change_low"] < dagtilbud["change"] < dagtilbud["change_high"]
    assert frame.iloc[-1]["status"] == "ingen indikator"
    assert pd.isna(frame.iloc[-1]["indicator_code"])


# ---- Mål og baselines reads the same baseline as the Overblik -------------------------------


def test_plan_view_shows_the_baseline_from_data_like_the_overview() -> None:
    from monitor.plan_view import goals_by_indsatsomraade

    # Ishøj's SSP delmål: no baseline in the plan; Slagelse's: empty cells for area and kommune.
    goals = [goal("udsaettelser"), goal("dagtilbud")]
    baselines = [
        baseline("dagtilbud", None, None),
        baseline("dagtilbud", None, None, role="kommune", geo=KOMMUNE),
    ]
    series = [
        obs("udsaettelser", 2020, 10),
        obs("dagtilbud", 2020, 47.6, numerator=547, denominator=1150, incomplete=True),
        obs("dagtilbud", 2020, 53.8, geo=KOMMUNE, numerator=7126, denominator=13246),
    ]
    frames = (
        pd.DataFrame(goals).assign(goal_id=["maal-udsaettelser", "maal-dagtilbud"]),
        pd.DataFrame(baselines, columns=BASELINE_COLUMNS),
        pd.DataFrame([], columns=TARGET_COLUMNS),
        pd.DataFrame({"name": [], "goal_ids": []}),
    )
    plain = goals_by_indsatsomraade(*frames)["Uddannelse og livschancer"]
    assert plain[0].baselines["Baseline"].tolist() == ["ikke angivet"]
    grouped = goals_by_indsatsomraade(
        *frames,
        series=pd.DataFrame(series, columns=SERIES_COLUMNS),
        plan_start_year=2021,
        kommune_code=KOMMUNE,
    )["Uddannelse og livschancer"]
    ssp, dagtilbud = grouped[0].baselines, grouped[1].baselines
    assert ssp[["Baseline", "År"]].values.tolist() == [["10 (fra data)", "2020"]]
    assert dagtilbud[["Rolle", "Baseline", "År"]].values.tolist() == [
        ["Område", "47,6\u00a0% (547) (fra data, mangler afdelinger)", "2020"],
        ["Kommune", "53,8\u00a0% (7.126) (fra data)", "2020"],
    ]
    # The Overblik of the same frames shows the same figures and years.
    table = run(goals, baselines, series, year=2020)
    assert (
        one(table, "udsaettelser")["baseline"].year,
        one(table, "udsaettelser")["baseline"].value,
    ) == (2020, 10.0)
    assert one(table, "dagtilbud")["comparator_baseline"].value == pytest.approx(53.8)
