"""The Plan page: a redaktør creates a plan from LBF's frame, edits it into a new version, and
the Overblik follows; a læser reads it without any write control."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from monitor import config, plan_form
from monitor.db import connect
from monitor.plan_versions import PlanError, history, plan_content_of, save_plan
from monitor.registry import load_registry
from tests.app.conftest import DEMO


@pytest.fixture
def plan_db(demo_db_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo database this test may write to."""
    path = tmp_path / "plan.duckdb"
    shutil.copy(demo_db_file, path)
    return path


def open_plan_page(make_app, db: Path, role: str = "redaktør", plan: str | None = None):
    at = make_app(db, demo=True, user=DEMO[role]).run()
    assert not at.exception, at.exception
    if plan:
        at.selectbox(key="plan").set_value(plan).run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception, at.exception
    return at


def test_a_redaktor_creates_a_plan_and_sees_it_on_the_overblik(make_app, plan_db: Path) -> None:
    at = open_plan_page(make_app, plan_db)
    at.text_input(key="new_plan_name").input("Helhedsplan Testparken 2026-29")
    at.selectbox(key="new_plan_kommune").set_value("183")
    at.date_input(key="new_plan_start").set_value(dt.date(2026, 1, 1))
    at.date_input(key="new_plan_end").set_value(dt.date(2029, 12, 31))
    at.text_input(key="new_plan_area").input("Testparken")
    at.text_area(key="new_plan_afdelinger").input("TP-1; Testparken afd. 1; AAB")
    at.button(key="new_plan_create").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    with connect(plan_db) as conn:
        (version,) = history(conn, "helhedsplan-testparken-2026-29")
        plan = plan_content_of(conn, "helhedsplan-testparken-2026-29", 1)
    assert version.saved_by == DEMO["redaktør"].username
    assert [g.indsatsomraade for g in plan.goals] == [
        "Uddannelse og livschancer",
        "Beskæftigelse",
        "Kriminalitetsforebyggelse",
        "Sammenhængskraft og medborgerskab",
    ]
    assert sum(len(g.indicators) for g in plan.goals) == 10
    at.switch_page("pages/overblik.py").run()
    at.selectbox(key="plan").set_value("helhedsplan-testparken-2026-29").run()
    assert not at.exception, at.exception
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert "Flere bliver tilknyttet arbejdsmarkedet" in shown
    assert "Andel 1-5-årige i dagtilbud" in shown


def test_a_new_plan_form_names_every_missing_field(make_app, plan_db: Path) -> None:
    at = open_plan_page(make_app, plan_db)
    at.text_area(key="new_plan_afdelinger").input("TP-1 Testparken")
    at.button(key="new_plan_create").click().run()
    (error,) = [e.value for e in at.error]
    assert "'Planens navn'" in error and "'Boligområdets navn'" in error
    assert "'Afdelinger', linje 1" in error
    with connect(plan_db) as conn:
        assert history(conn, "testparken") == []


def test_a_changed_baseline_is_saved_as_a_new_version(plan_db: Path) -> None:
    """What the page's 'Gem ny version' does with its edited tables (AppTest cannot type into
    a data editor's cells)."""
    with connect(plan_db) as conn:
        before_versions = history(conn, "vejleaaparken-2021-25")
        plan = plan_content_of(conn, "vejleaaparken-2021-25", before_versions[-1].version_no)
        tables = plan_form.plan_tables(plan)
        tables["Baselines"].loc[0, "value"] = 90.0
        changed = plan_form.plan_from_page(conn, plan_form.head_values(plan), tables)
        version = save_plan(conn, DEMO["redaktør"], changed, reason="LBF rettede tallet")
        versions = history(conn, "vejleaaparken-2021-25")
        newest = plan_content_of(conn, "vejleaaparken-2021-25", versions[-1].version_no)
        before = plan_content_of(conn, "vejleaaparken-2021-25", versions[-2].version_no)
    assert version is not None and len(versions) == len(before_versions) + 1
    assert versions[-1].reason == "LBF rettede tallet"
    assert newest.goals[0].indicators[0].baselines[0].value == 90.0
    assert before.goals[0].indicators[0].baselines[0].value == 88.4  # nothing overwritten
    # unchanged tables give back the same plan: the page's round trip loses nothing
    with connect(plan_db) as conn:
        again = plan_form.plan_from_page(
            conn, plan_form.head_values(newest), plan_form.plan_tables(newest)
        )
    assert again == newest


def test_an_empty_baseline_is_offered_the_imported_figure(plan_db: Path) -> None:
    with connect(plan_db) as conn:
        versions = history(conn, "slagelse-2021-25")
        plan = plan_content_of(conn, "slagelse-2021-25", versions[-1].version_no)
        tables = plan_form.plan_tables(plan)
        assert tables["Baselines"]["value"].isna().any(), "Slagelse's seed leaves them empty"
        offers = plan_form.baseline_offers(conn, tables["Baselines"], {}, plan.period.start.year)
    assert not offers.empty
    first = offers.iloc[0]
    assert first["source"].startswith("fra data: ")
    assert ".csv" in first["source"] or ".xlsx" in first["source"]  # the file it came from
    assert first["year"] <= plan.period.start.year - 1
    filled = plan_form.apply_offers(tables["Baselines"], offers)
    assert filled.loc[first["row"], "value"] == first["value"]
    assert filled.loc[first["row"], "source"] == first["source"]


def test_saving_without_a_reason_is_refused(make_app, plan_db: Path) -> None:
    at = open_plan_page(make_app, plan_db, plan="vejleaaparken-2021-25")
    with connect(plan_db) as conn:
        count = len(history(conn, "vejleaaparken-2021-25"))
    at.button(key="plan_save").click().run()
    assert any("Begrundelse" in e.value for e in at.error)
    with connect(plan_db) as conn:
        assert len(history(conn, "vejleaaparken-2021-25")) == count


def test_a_laeser_reads_the_plan_without_write_controls(make_app, plan_db: Path) -> None:
    at = open_plan_page(make_app, plan_db, role="læser", plan="vejleaaparken-2021-25")
    assert any("Plan – Vejleåparken" in t.value for t in at.title)
    assert at.dataframe  # the tables, read-only
    assert not [d for d in at.dataframe if (d.key or "").startswith("plan_edit_")]
    keys = {b.key for b in at.button}
    assert "plan_save" not in keys and "new_plan_create" not in keys


def test_a_delmaal_added_in_the_page_is_saved_and_on_the_overblik(make_app, plan_db: Path) -> None:
    at = open_plan_page(make_app, plan_db, plan="vejleaaparken-2021-25")
    at.selectbox(key="add_indsats").set_value("Beskæftigelse")
    at.text_input(key="add_title").input("Flere unge i fritidsjob")
    at.selectbox(key="add_indicator").set_value("restgruppe_15_29")
    at.selectbox(key="add_geo").set_value("Vejleåparken")
    at.number_input(key="add_base_value").set_value(18.0)
    at.number_input(key="add_base_count").set_value(213)
    at.number_input(key="add_base_year").set_value(2019)
    at.text_input(key="add_base_source").input("LBF Boligsociale data")
    at.selectbox(key="add_target_kind").set_value("below")
    at.number_input(key="add_target_threshold").set_value(15.0)
    at.text_input(key="add_target_text").input("under 15 % i 2025")
    at.button(key="add_submit").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    goals = next(d for d in at.dataframe if (d.key or "").startswith("plan_edit_Mål_"))
    assert "Flere unge i fritidsjob" in set(goals.value["title"])
    assert any("ikke gemt endnu" in i.value for i in at.info)
    at.text_input(key="plan_reason").input("Delmål vedtaget i arbejdsgruppen")
    # adopted by the board in 2024: in force from then, so the Overblik of 2025 follows it
    at.checkbox(key="plan_adopted").check().run()
    at.selectbox(key="plan_adopted_meeting").set_value(9)  # the recorded meeting of 15.03.2024
    at.button(key="plan_save").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    with connect(plan_db) as conn:
        versions = history(conn, "vejleaaparken-2021-25")
        plan = plan_content_of(conn, "vejleaaparken-2021-25", versions[-1].version_no)
    assert versions[-1].in_force_from == dt.date(2024, 3, 15)
    assert versions[-1].adopted_meeting_id == 9 and versions[-1].adopted_on == dt.date(2024, 3, 15)
    (goal,) = [g for g in plan.goals if g.title == "Flere unge i fritidsjob"]
    assert goal.kind == "delmaal" and goal.indsatsomraade == "Beskæftigelse"
    (gi,) = goal.indicators
    area = next(b for b in gi.baselines if b.role == "omraade")
    assert (area.value, area.count, area.year) == (18.0, 213, 2019)
    assert gi.targets[0].threshold == 15.0 and gi.targets[0].text == "under 15 % i 2025"
    at.switch_page("pages/overblik.py").run()
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert "Delmål: Flere unge i fritidsjob" in shown
    assert "under 15 % i 2025" in shown


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " "}, "'Delmålets titel'"),
        ({"indicator": "dagtilbud_1_5", "geo": None}, "'Område'"),
        ({"target": {"kind": "below", "text": "under 5"}}, "'Grænse'"),
    ],
)
def test_a_delmaal_is_refused_with_the_field_named(fields: dict, message: str) -> None:
    tables = {"Mål": pd.DataFrame(columns=["id", "kind", "indsatsomraade", "title"])}
    arguments = {"indsatsomraade": "Beskæftigelse", "title": "Flere i job", **fields}
    with pytest.raises(ValueError, match=message):
        plan_form.add_delmaal(tables, **arguments)


def test_a_delmaal_gets_an_id_of_its_own() -> None:
    seed = load_registry(config.REGISTRY_DIR).plan("vejleaaparken-2021-25")
    tables = plan_form.plan_tables(seed)
    once = plan_form.add_delmaal(tables, indsatsomraade="Beskæftigelse", title="Flere i job")
    twice = plan_form.add_delmaal(once, indsatsomraade="Beskæftigelse", title="Flere i job")
    ids = list(twice["Mål"]["id"])
    assert ids[-2:] == ["flere-i-job", "flere-i-job-2"]
    assert len(ids) == len(seed.goals) + 2


def test_adoption_at_a_meeting_the_plan_never_held_is_refused(plan_db: Path) -> None:
    with connect(plan_db) as conn:
        versions = history(conn, "vejleaaparken-2021-25")
        plan = plan_content_of(conn, "vejleaaparken-2021-25", versions[-1].version_no)
        with pytest.raises(PlanError, match="ikke et registreret bestyrelsesmøde"):
            save_plan(conn, DEMO["redaktør"], plan, reason="x", adopted_meeting_id=999)
        assert len(history(conn, "vejleaaparken-2021-25")) == len(versions)
