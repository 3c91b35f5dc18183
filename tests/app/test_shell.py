"""The app shell: navigation, plan selector and the plan's goals and baselines."""

from __future__ import annotations

from pathlib import Path

from monitor.auth import User

BO = User("bo", "læser")


def texts(at) -> str:
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


def test_shell_lists_the_plans_goals_and_baselines(make_app, users_db_file: Path) -> None:
    at = make_app(users_db_file, user=BO).run()
    assert not at.exception
    plan = at.selectbox(key="plan")
    assert plan.value == "ishoej-2025-29"  # newest plan first
    at = plan.set_value("vejleaaparken-2021-25").run()
    assert not at.exception
    at.switch_page("pages/maal.py").run()
    assert not at.exception
    shown = texts(at)
    assert "Boligsocial helhedsplan" in at.title[0].value or "Vejleåparken" in at.title[0].value
    for heading in (
        "Uddannelse og livschancer",
        "Beskæftigelse",
        "Kriminalitetsforebyggelse",
        "Sammenhængskraft og medborgerskab",
    ):
        assert heading in shown
    assert "fagligt løft af børn og unge" in shown
    tables = [t.value for t in at.table]
    cells = "\n".join(t.to_csv(sep="|") for t in tables)
    assert "88,4\u00a0% (266)" in cells
    assert "90,2\u00a0% (1.337)" in cells
    assert "16,3\u00a0% (2.303)" in cells


def test_target_and_uncertain_baseline_are_shown(make_app, users_db_file: Path) -> None:
    at = make_app(users_db_file, user=BO).run()
    at.switch_page("pages/maal.py").run()
    shown = texts(at)
    assert "under 6 udsættelser" in shown
    cells = "\n".join(t.value.to_csv(sep="|") for t in at.table)
    assert "(usikker)" in cells


def test_demo_mode_says_so(make_app, demo_db_file: Path, users_db_file: Path) -> None:
    at = make_app(demo_db_file, demo=True, user=User("læser", "læser", demo=True)).run()
    assert any("Demodata" in m.value for m in at.markdown)
    at = make_app(users_db_file, demo=False, user=BO).run()
    assert not at.exception and at.title[0].value.startswith("Overblik")
    assert not any("Demodata" in m.value for m in at.markdown)


def test_missing_database_is_a_danish_message(make_app, tmp_path: Path) -> None:
    at = make_app(tmp_path / "missing.duckdb").run()
    assert not at.exception
    assert any("findes ikke" in e.value for e in at.error)
