"""The Plan page in a real browser: the redaktør adds a delmål with an indicator and a
baseline, saves it as a new version, and finds it on the Overblik."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, go_to, login, screenshot, settle

pytestmark = pytest.mark.browser

PLAN = "Den boligsociale helhedsplan i Ishøj 2025-29"
DELMAAL = "Flere børn i Vejleåparken går i dagtilbud"


def test_add_a_delmaal_on_the_plan_page_and_find_it_on_the_overblik(
    serve, page, demo_db_copy: Path
) -> None:
    app = serve(demo_db_copy, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    login(page, "redaktør", "redaktør")
    go_to(page, "Plan")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_role("heading", name=f"Plan – {PLAN}").wait_for()

    page.get_by_role("textbox", name="Delmål", exact=True).fill(DELMAAL)
    choose(page, "Indsatsområde", "Uddannelse og livschancer")
    choose(page, "Indikator", "Andel 1-5-årige i dagtilbud")
    # Near the window's bottom edge the option list may open out of view: scroll the box up,
    # then pick the option by typing it (the first match is the boligområde itself).
    area = page.get_by_test_id("stSelectbox").filter(has_text="Geografi (hele planen").first
    area.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    area.click()
    page.keyboard.type("Vejleåparken")
    page.keyboard.press("Enter")
    expect(area.get_by_role("combobox")).to_have_value("Vejleåparken")
    page.get_by_label("Baseline", exact=True).fill("87.5")
    page.get_by_label("Baseline år", exact=True).fill("2024")
    page.get_by_label("Baselinens kilde").fill("LBF beboerdata")
    page.get_by_label("Begrundelse for ændringen").fill("Vedtaget på bestyrelsesmødet")
    # The date field is three spin buttons (day, month, year): type into each.
    for part, text in (("day", "01"), ("month", "11"), ("year", "2025")):
        page.get_by_role("spinbutton", name=f"{part}, Gælder fra").click()
        page.keyboard.type(text)
    page.get_by_role("button", name="Gem delmål som ny version").click()
    settle(page)
    page.get_by_text("Gemt som version 2, gældende fra 1. november 2025", exact=False).wait_for()
    screenshot(page, "plan-delmaal-gemt")

    go_to(page, "Overblik")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_text(DELMAAL, exact=False).first.wait_for()
    page.get_by_text("87,5\u00a0% (2024)", exact=False).first.wait_for()
    screenshot(page, "plan-delmaal-overblik")
