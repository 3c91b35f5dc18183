"""The Plan page in a real browser: the redaktør adds a delmål with an indicator and a baseline,
saves the plan as a new version adopted by the board, and finds the delmål on the Overblik.
Screenshots at 1400×1000 and 1280×720 go to screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, go_to, login, screenshot, settle

pytestmark = pytest.mark.browser

PLAN = "Vejleåparken 2021-25"
TITLE = "Flere unge i fritidsjob"


def _both_sizes(page, name: str) -> None:
    screenshot(page, f"{name}-1400x1000")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(400)
    screenshot(page, f"{name}-1280x720")
    page.set_viewport_size({"width": 1400, "height": 1000})


def _pick(scope, page, label: str, option: str) -> None:
    scope.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=False).first.click()


def test_a_delmaal_filled_in_on_the_plan_page_shows_on_the_overblik(
    serve, page, demo_db_file: Path
) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    login(page, "redaktør", "redaktør")
    page.get_by_role("heading", name="Overblik", exact=False).first.wait_for()
    settle(page)
    go_to(page, "Plan")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_role("heading", name=f"Plan – {PLAN}").wait_for()
    page.get_by_role("tab", name="Baselines").wait_for()
    _both_sizes(page, "plan")

    page.get_by_text("Tilføj et delmål").click()
    form = page.get_by_test_id("stForm").filter(has_text="Tilføj delmålet")
    _pick(form, page, "Indsatsområde", "Beskæftigelse")
    form.get_by_label("Delmålets titel").fill(TITLE)
    _pick(form, page, "Indikator", "Andel 15-29-årige")
    inputs = form.get_by_test_id("stNumberInput")
    inputs.nth(0).locator("input").fill("18.0")
    inputs.nth(1).locator("input").fill("213")
    inputs.nth(2).locator("input").fill("2019")
    form.get_by_label("Kilde").first.fill("LBF Boligsociale data")
    _both_sizes(page, "plan-tilfoej-delmaal")
    form.get_by_role("button", name="Tilføj delmålet").click()
    settle(page)
    page.get_by_text("er tilføjet tabellerne, men ikke gemt endnu", exact=False).wait_for()

    page.get_by_label("Begrundelse for ændringen").fill("Delmål vedtaget af bestyrelsen")
    page.get_by_text("Vedtaget af bestyrelsen", exact=True).click()
    settle(page)
    choose(page, "Vedtaget på mødet", "Bestyrelsesmødet 15.03.2024")
    page.get_by_role("button", name="Gem ny version").click()
    settle(page)
    refused = page.get_by_test_id("stAlert").filter(has_text="Planen er ikke gemt")
    saved = page.get_by_text("gemt af redaktør", exact=False)
    saved.or_(refused).first.wait_for()
    assert refused.count() == 0, refused.first.inner_text()
    settle(page)
    expect(page.get_by_text("ikke gemt endnu", exact=False)).to_have_count(0)

    go_to(page, "Overblik")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_text(f"Delmål: {TITLE}").first.wait_for()
    table = page.locator("table.ovw").filter(has_text=f"Delmål: {TITLE}")
    assert "Andel 15-29-årige" in table.inner_text()
    screenshot(page, "plan-delmaal-paa-overblikket-1400x1000")
