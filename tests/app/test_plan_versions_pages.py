"""The Overblik of a past year follows the plan version in force then, and says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from monitor import plan_versions
from monitor.db import connect
from monitor.plan_overview import version_in_force, version_note
from monitor.registry import GoalIndicator
from tests.app.conftest import DEMO
from tests.app.test_pages import NB, html_of, text_of
from tests.conftest import TEST_REDAKTOR

PLAN = "vejleaaparken-2021-25"


def _versions(*rows: tuple[int, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"version_no": n, "in_force_from": pd.Timestamp(d), "reason": r} for n, d, r in rows]
    )


TWO = _versions((1, "2021-11-01", "Indlæst"), (2, "2024-01-01", "LBF rettede tallet"))


@pytest.mark.parametrize(
    ("versions", "year", "expected"),
    [
        (TWO, 2020, 1),  # before the plan: its first version
        (TWO, 2023, 1),
        (TWO, 2024, 2),
        (TWO, 2029, 2),
        (
            _versions((1, "2021-11-01", "a"), (2, "2023-06-01", "b"), (3, "2022-01-01", "c")),
            2022,
            3,
        ),
        (
            _versions((1, "2021-11-01", "a"), (2, "2023-06-01", "b"), (3, "2022-01-01", "c")),
            2021,
            1,
        ),
    ],
)
def test_version_in_force(versions: pd.DataFrame, year: int, expected: int) -> None:
    assert int(version_in_force(versions, year)["version_no"]) == expected


def test_version_note_names_the_version_and_the_changes() -> None:
    assert version_note(TWO.head(1), 2023) is None
    assert version_note(TWO, 2023) == (
        "Mål og baselines som planen havde dem i 2023: version 1, gældende fra "
        "1. november 2021. Planen er ændret 1. januar 2024 (version 2: LBF rettede tallet)."
    )


def test_overblik_of_a_past_year_uses_the_version_in_force_then(
    make_app, demo_db_copy: Path
) -> None:
    with connect(demo_db_copy) as conn:
        seed = plan_versions.plan_content_of(conn, PLAN, 1)
        content = plan_versions.plan_content(seed)
        content["goals"][0]["indicators"][0]["baselines"][0]["value"] = 87.9
        plan_versions.save_plan(
            conn,
            TEST_REDAKTOR,
            plan_versions.validate_plan(conn, content, "rettet.yaml"),
            reason="LBF rettede tallet",
            in_force_from=dt.date(2024, 1, 1),
        )
    at = make_app(demo_db_copy, demo=True, user=DEMO["redaktør"]).run()
    at = at.selectbox(key="plan").set_value(PLAN).run()
    at = at.selectbox(key="year").set_value(2023).run()
    assert not at.exception, at.exception
    shown = text_of(at)
    assert f"88,4{NB}% 2019" in shown and f"87,9{NB}% 2019" not in shown
    captions = " ".join(c.value for c in at.caption)
    assert "version 1, gældende fra 1. november 2021" in captions
    assert "Planen er ændret 1. januar 2024 (version 2: LBF rettede tallet)" in captions
    at = at.selectbox(key="year").set_value(2025).run()
    shown = text_of(at)
    assert f"87,9{NB}% 2019" in shown and f"88,4{NB}% 2019" not in shown


def test_slagelse_goals_are_for_the_plan_with_the_boligomraader_as_breakdown(
    make_app, demo_db_file: Path
) -> None:
    """Seed 004 has one area cell per indicator: the goal follows the plan's whole area, and
    the three boligområder show as its breakdown (filtering to one shows only its rows)."""
    at = make_app(demo_db_file, demo=True, user=DEMO["læser"]).run()
    at = at.selectbox(key="plan").set_value("slagelse-2021-25").run()
    assert not at.exception, at.exception
    shown = html_of(at)
    assert "En Fælles Indsats, Slagelse 2021-25" in shown
    for area in ("Motalavej", "Ringparken", "Sydbyen"):
        assert f"{area} (delområde)" in shown
    at = at.selectbox(key="overview_area").set_value("Ringparken").run()
    shown = html_of(at)
    assert "Ringparken (delområde)" in shown and "Motalavej" not in shown


def test_slagelse_follows_each_indicator_once_for_the_whole_plan() -> None:
    from monitor import config
    from monitor.registry import load_registry

    plan = load_registry(config.REGISTRY_DIR).plan("slagelse-2021-25")
    pairs = [(gi.indicator, gi.geo) for g in plan.goals for gi in g.indicators]
    assert len(pairs) == len({i for i, _ in pairs})
    assert {geo for _, geo in pairs} == {"plan:slagelse-2021-25"}
    for g in plan.goals:
        for gi in g.indicators:
            assert [(b.geo, b.role, b.value) for b in gi.baselines] == [
                ("plan:slagelse-2021-25", "omraade", None),
                ("330", "kommune", None),
            ]


def test_the_indikator_chart_marks_the_new_plans_wider_geography(
    make_app, demo_db_file: Path
) -> None:
    """Ishøj 2025-29 continues Vejleåparken 2021-25 and adds Steenbjerggård to Vejleåparken
    from 2025: the chart draws the break and the page says what changed."""
    at = make_app(demo_db_file, demo=True, user=DEMO["læser"]).run()
    at = at.selectbox(key="plan").set_value("ishoej-2025-29").run()
    at.switch_page("pages/indikator.py").run()
    at.selectbox(key="indicator").set_value("tillid_politiet@Vejleåparken").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Ny geografi: Fra 2025 hører Steenbjerggård") for c in captions), (
        captions
    )
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = [a.get("text") for a in spec["layout"].get("annotations", [])]
    assert "Brud: ny geografi" in labels


def test_the_earlier_plan_sees_its_own_vejleaaparken_without_steenbjerggaard(
    make_app, demo_db_file: Path
) -> None:
    """Membership per plan (issue 9): Vejleåparken 2021-25 defines Vejleåparken as AAB-55, so
    its chart marks no new geography in 2025 and its 2025 figure is AAB-55's, complete."""
    at = make_app(demo_db_file, demo=True, user=DEMO["læser"]).run()
    at = at.selectbox(key="plan").set_value("vejleaaparken-2021-25").run()
    at.switch_page("pages/indikator.py").run()
    at.selectbox(key="indicator").set_value("dagtilbud_1_5@Vejleåparken").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert not any(c.startswith("Ny geografi") for c in captions), captions
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = [a.get("text") for a in spec["layout"].get("annotations", [])]
    assert "Brud: ny geografi" not in labels
    table = next(d.value for d in at.dataframe if "Markering" in d.value.columns)
    own = table[(table["Geografi"] == "Vejleåparken") & (table["Periode"] == "2025")]
    assert len(own) == 1, table
    assert "ufuldstændig" not in own.iloc[0]["Markering"], own


def test_a_plan_that_continues_another_shows_its_baseline_on_the_chart(
    make_app, demo_db_copy: Path
) -> None:
    """Plans continue (issue 9): when Ishøj 2025-29 follows an indicator Vejleåparken 2021-25
    gave a baseline for the same area, the Indikator chart draws the earlier plan's baseline
    beside its own series. (No seed has such an indicator in both plans, so the leder adds one
    here, as on the Plan page.)"""
    with connect(demo_db_copy) as conn:
        newest = plan_versions.history(conn, "ishoej-2025-29")[-1].version_no
        plan = plan_versions.plan_content_of(conn, "ishoej-2025-29", newest)
        goal = plan.goals[0]
        followed = goal.indicators + [
            GoalIndicator(indicator="dagtilbud_1_5", geo="Vejleåparken")
        ]
        goals = [goal.model_copy(update={"indicators": followed}), *plan.goals[1:]]
        saved = plan_versions.save_plan(
            conn,
            TEST_REDAKTOR,
            plan.model_copy(update={"goals": goals}),
            reason="Følger også dagtilbud",
        )
        assert saved is not None
    at = make_app(demo_db_copy, demo=True, user=DEMO["læser"]).run()
    at = at.selectbox(key="plan").set_value("ishoej-2025-29").run()
    at.switch_page("pages/indikator.py").run()
    at.selectbox(key="indicator").set_value("dagtilbud_1_5@Vejleåparken").run()
    assert not at.exception, at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [t.get("name") or "" for t in spec["data"]]
    assert "Baseline i Vejleåparken 2021-25 (2019): 88,4\u00a0%" in names, names
    # the earlier period's figures are on the same axis as the new plan's
    years = {x for t in spec["data"] if t.get("name") == "Vejleåparken" for x in t.get("x", [])}
    assert {2019, 2025} <= years, years
