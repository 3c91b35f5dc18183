"""A shared link opens the same view on a freshly started server, after log-in; the
Præsentation page on a projector-sized screen."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import login, screenshot, settle

pytestmark = pytest.mark.browser
HEADING = "Andel 18-64-årige, der er uden tilknytning"


def test_deep_link_on_a_fresh_server_opens_its_view(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    indicator = quote("uden_tilknytning_18_64@Vejleåparken")
    page.goto(f"{app.url}/indikator?plan=vejleaaparken-2021-25&indikator={indicator}")
    login(page, "læser", "læser")
    page.get_by_role(
        "heading", name="Andel 18-64-årige, der er uden tilknytning", exact=False
    ).wait_for()
    settle(page)
    assert "plan=vejleaaparken-2021-25" in page.url and "indikator=" in page.url
    # Reloading the same address keeps the view (a new session: log in again).
    page.reload()
    login(page, "læser", "læser")
    page.get_by_role(
        "heading", name="Andel 18-64-årige, der er uden tilknytning", exact=False
    ).wait_for()


def test_presentation_on_a_projector(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app.url}/praesentation?plan=vejleaaparken-2021-25")
    login(page, "læser", "læser", sidebar=False)
    page.get_by_role("heading", name="Uddannelse og livschancer").wait_for()
    settle(page)
    assert not page.get_by_test_id("stSidebar").is_visible()
    screenshot(page, "praesentation-1280x720")
    page.get_by_role("button", name="Næste").click()
    page.get_by_role("heading", name="Beskæftigelse").wait_for()
    assert "side=2" in page.url
    settle(page)
    screenshot(page, "praesentation-2-1280x720")


def test_overblik_has_its_own_path_and_is_the_start(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(f"{app.url}/overblik?plan=vejleaaparken-2021-25")
    login(page, "læser", "læser")
    page.get_by_role("heading", name="Overblik – Vejleåparken 2021-25").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    page.goto(app.url)  # the start page opens the Overblik at /overblik
    login(page, "læser", "læser")
    page.wait_for_url("**/overblik*")
    page.get_by_role("heading", name="Overblik", exact=False).first.wait_for()
