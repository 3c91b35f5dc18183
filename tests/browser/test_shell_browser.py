"""A real browser opens the served app and finds the plan's goals on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_served_app_shows_the_plans_goals(serve, page, registry_db_file: Path, tmp_path) -> None:
    app = serve(registry_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    page.get_by_text("Sammenhængskraft og medborgerskab").first.wait_for()
    page.get_by_text("Tilliden til myndighederne stiger").first.wait_for()
    assert page.get_by_text("Demodata").count() >= 1
    # Switch plan in the sidebar selectbox and find Vejleåparken's LBF goals.
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Vejleåparken", exact=False).first.click()
    page.get_by_text("fagligt løft af børn og unge", exact=False).first.wait_for()
    page.get_by_text("Flere bliver tilknyttet arbejdsmarkedet", exact=False).first.wait_for()
    screenshot(page, "maal-vejleaaparken")
