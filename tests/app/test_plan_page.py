"""The Plan page: create a plan from LBF's frame, add a delmål, see both on the Overblik."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from monitor import plan_edit
from monitor.auth import User
from monitor.plan_versions import PlanError
from tests.app.test_pages import html_of, text_of
from tests.conftest import TEST_REDAKTOR

NB = "\u00a0"


@pytest.fixture
def users_db(users_db_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.duckdb"
    shutil.copy(users_db_file, path)
    return path


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_create_a_plan_in_the_page_and_see_it_in_the_overblik(make_app, users_db: Path) -> None:
    at = make_app(users_db, user=User("mette", "redaktør")).run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception, at.exception
    at.text_input(key="plan_new_id").set_value("nyby-2030-33")
    at.text_input(key="plan_new_name").set_value("Nyby 2030-33")
    at.selectbox(key="plan_new_kommune").set_value("183")
    at.date_input(key="plan_new_start").set_value(dt.date(2030, 1, 1))
    at.date_input(key="plan_new_end").set_value(dt.date(2033, 12, 31))
    at.text_input(key="plan_new_area").set_value("Nyby")
    at.button(key="plan_new_save").click().run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    assert any("Planen Nyby 2030-33 er oprettet (version 1" in s.value for s in at.success)

    at.switch_page("pages/overblik.py").run()
    at = at.selectbox(key="plan").set_value("nyby-2030-33").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Overblik – Nyby 2030-33"]
    shown = html_of(at)
    # LBF's fixed frame: the four overordnede mål and their indicators.
    assert "Flere bliver tilknyttet arbejdsmarkedet" in shown
    assert "Andel 1-5-årige i dagtilbud" in shown


def test_the_page_names_every_wrong_field_in_danish(make_app, users_db: Path) -> None:
    at = make_app(users_db, user=User("mette", "redaktør")).run()
    at.switch_page("pages/plan.py").run()
    at.text_input(key="plan_new_id").set_value("Ny Plan!")
    at.button(key="plan_new_save").click().run()
    shown = errors(at)
    assert (
        "Feltet 'Plan-id' må kun have små bogstaver a-z, tal og bindestreg (fx ishoej-2030-33)."
        in shown
    )
    assert "Feltet 'Navn' skal udfyldes." in shown
    assert "Feltet 'Periode fra' skal udfyldes." in shown
    assert "Feltet 'Boligområde' skal udfyldes." in shown


def test_a_reader_sees_the_versions_but_no_edit_forms(make_app, users_db: Path) -> None:
    at = make_app(users_db, user=User("bo", "læser")).run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception, at.exception
    assert any("Kun redaktører og administratorer" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "plan_new_save"]


def test_add_a_delmaal_with_a_baseline_and_find_it_on_the_overblik(
    make_app, users_db: Path
) -> None:
    at = make_app(users_db, user=User("mette", "redaktør")).run()
    at = at.selectbox(key="plan").set_value("ishoej-2025-29").run()
    at.switch_page("pages/plan.py").run()
    at.text_input(key="plan_goal_title").set_value("Flere børn går i dagtilbud")
    at.selectbox(key="plan_goal_indsats").set_value("Uddannelse og livschancer")
    at.selectbox(key="plan_goal_indicator").set_value("dagtilbud_1_5")
    at.selectbox(key="plan_goal_area").set_value("Vejleåparken")
    at.number_input(key="plan_goal_baseline").set_value(87.5)
    at.number_input(key="plan_goal_year").set_value(2024)
    at.text_input(key="plan_goal_source").set_value("LBF beboerdata")
    at.text_input(key="plan_goal_reason").set_value("Nyt delmål vedtaget")
    # Adopted from the plan's start: the Overblik of every year of the plan shows it.
    at.date_input(key="plan_goal_in_force").set_value(dt.date(2025, 11, 1))
    at.button(key="plan_goal_save").click().run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    assert any("Gemt som version 2, gældende fra 1. november 2025" in s.value for s in at.success)
    at.switch_page("pages/overblik.py").run()
    shown = html_of(at)
    assert "Flere børn går i dagtilbud" in shown
    assert f"87,5{NB}% 2024" in text_of(at)


def test_offered_baseline_says_where_the_figure_came_from(registry_db) -> None:
    from etl.load import import_bytes

    lbf = (
        "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
        "Andel 1-5-årige i dagtilbud;Vejleåparken;AAB-55;2024;87,5 %;280;320\n"
    )
    report = import_bytes(registry_db, lbf.encode(), "lbf-2024.csv", user=TEST_REDAKTOR)
    assert not report.errors, report.errors
    value, text = plan_edit.offered_baseline(registry_db, "dagtilbud_1_5", "AAB-55", 2024)
    assert value == 87.5
    assert text == f"87,5{NB}% i 2024 (import nr. {report.batch_id}, filen lbf-2024.csv)"
    summed = plan_edit.offered_baseline(registry_db, "dagtilbud_1_5", "Vejleåparken", 2024)
    assert summed is not None and "summeret af afdelingernes tal" in summed[1]
    assert plan_edit.offered_baseline(registry_db, "dagtilbud_1_5", "AAB-55", 2023) is None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (plan_edit.NewDelmaal("", "Beskæftigelse", "dagtilbud_1_5", "AAB-55"), "'Delmål'"),
        (plan_edit.NewDelmaal("X", "Sport", "dagtilbud_1_5", "AAB-55"), "'Indsatsområde'"),
        (
            plan_edit.NewDelmaal("X", "Beskæftigelse", "dagtilbud_1_5", "AAB-55", 80.0),
            "'Baseline år'",
        ),
        (
            plan_edit.NewDelmaal(
                "X", "Beskæftigelse", "dagtilbud_1_5", "AAB-55", target_kind="below"
            ),
            "'Tærskel'",
        ),
    ],
)
def test_add_delmaal_refuses_with_the_field_named(registry_db, form, message) -> None:
    with pytest.raises(PlanError, match=message):
        plan_edit.add_delmaal(registry_db, TEST_REDAKTOR, "vejleaaparken-2021-25", form, "x")
