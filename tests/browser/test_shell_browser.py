"""A real browser opens the served app, switches plan and indicator, and finds the goals,
the chart and the table on screen. Screenshots of each page go to screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import choose, go_to, login, screenshot

pytestmark = pytest.mark.browser


def test_served_app_shows_the_plans_goals(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    login(page, "læser", "læser")
    page.get_by_text("Tilliden til myndighederne stiger").first.wait_for()
    assert page.get_by_text("Demodata").count() >= 1
    choose(page, "Helhedsplan", "Vejleåparken 2021-25")
    page.get_by_text("fagligt løft af børn og unge", exact=False).first.wait_for()
    page.get_by_text("Flere bliver tilknyttet arbejdsmarkedet", exact=False).first.wait_for()


def test_dashboard_pages_in_a_browser(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    login(page, "læser", "læser")
    choose(page, "Helhedsplan", "Vejleåparken 2021-25")
    page.get_by_text("Andel 1-5-årige i dagtilbud").first.wait_for()
    page.get_by_text("88,4\u00a0% (2019)").first.wait_for()
    screenshot(page, "overblik")

    go_to(page, "Indikator")
    # The plan follows the user to the next page.
    page.get_by_text("Definition og kilde").first.wait_for()
    # (This indicator exists only in the 2021-25 plans: choosing it proves the plan followed.)
    choose(page, "Indikator", "Andel 18-64-årige, der er uden tilknytning")
    page.get_by_role(
        "heading", name="Andel 18-64-årige, der er uden tilknytning", exact=False
    ).wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 3
    screenshot(page, "indikator")

    go_to(page, "Sammenlign")
    choose(page, "Helhedsplan", "En Fælles Indsats")
    page.get_by_text("Boligområderne side om side").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, "sammenlign")

    go_to(page, "Mål og baselines")
    page.get_by_text("Mål og baselines", exact=False).first.wait_for()
    screenshot(page, "maal")
