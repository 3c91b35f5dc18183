"""The follow-up cycle in a real browser: the redaktør writes and submits a follow-up, the
læser reads it, the redaktør records the meeting that approves it, and the revisor downloads
the documentation and finds the text and the figures in the PDF and the XLSX.

Screenshots of every new page at 1400×1000 and at 1280×720 (a projector) go to screenshots/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.browser.conftest import choose, go_to, login, logout, screenshot, settle

pytestmark = pytest.mark.browser

PLAN = "Vejleåparken 2021-25"
GOAL = "Flere bliver tilknyttet arbejdsmarkedet"
STORY = "Beskæftigelsen stiger i Vejleåparken: jobcafeen har fået 40 nye besøgende i 2025."
NEXT = "Jobcafeen udvider åbningstiden."


def _both_sizes(page, name: str) -> None:
    screenshot(page, f"{name}-1400x1000")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(400)
    screenshot(page, f"{name}-1280x720")
    page.set_viewport_size({"width": 1400, "height": 1000})


def _open_goal(page) -> None:
    go_to(page, "Opfølgning")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_role("heading", name=f"Opfølgning – {PLAN}").wait_for()
    choose(page, "Opfølgning for året", "2025")
    choose(page, "Mål eller delmål", GOAL)


def test_followup_cycle_in_a_browser(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    page.get_by_text("findes kun i demodatabasen", exact=False).first.wait_for()
    _both_sizes(page, "login")

    # The redaktør writes beside the figures and submits.
    login(page, "redaktør", "redaktør")
    _open_goal(page)
    page.get_by_text("Som Overblikket viser dem", exact=False).first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    choose(page, "Vurdering", "delvist")
    page.get_by_role("textbox", name="Historien bag tallene").fill(STORY)
    page.get_by_role("textbox", name="Næste skridt").fill(NEXT)
    settle(page)
    page.get_by_role("button", name="Indsend").click()
    page.get_by_text("Indsendt: version 1", exact=False).first.wait_for()
    _both_sizes(page, "opfoelgning-redaktoer")
    logout(page)

    # The læser sees it, with no editor.
    login(page, "læser", "læser")
    _open_goal(page)
    page.get_by_text(STORY).first.wait_for()
    assert page.get_by_role("textbox", name="Historien bag tallene").count() == 0
    assert page.get_by_role("button", name="Indsend").count() == 0
    _both_sizes(page, "opfoelgning-laeser")
    logout(page)

    # The redaktør records the meeting that presents and approves it.
    login(page, "redaktør", "redaktør")
    go_to(page, "Bestyrelsesmøder")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_role("heading", name=f"Bestyrelsesmøder – {PLAN}").wait_for()
    page.get_by_label("Deltagere (én pr. linje)").fill("Lise Holm\nKarim Aziz")
    for label in ("Fremlagte opfølgninger", "Godkendt af bestyrelsen"):
        box = page.get_by_test_id("stMultiSelect").filter(has_text=label).first
        box.locator("input").click()
        page.keyboard.type("2025 · Flere bliver")
        page.get_by_role("option", name="2025 · Flere bliver", exact=False).first.click()
        page.keyboard.press("Escape")
    page.get_by_label("Beslutninger (én pr. linje)").fill("Opfølgningen for 2025 godkendes.")
    page.get_by_role("button", name="Gem mødet").click()
    page.get_by_text("1 opfølgning(er) godkendt", exact=False).first.wait_for()
    _both_sizes(page, "moeder")
    logout(page)

    # The revisor checks and downloads the documentation.
    login(page, "revisor", "revisor")
    go_to(page, "Revision")
    choose(page, "Helhedsplan", PLAN)
    page.get_by_role("heading", name=f"Revision – {PLAN}").wait_for()
    choose(page, "Opfølgningsår", "2025")
    page.get_by_role("button", name="Verificér").click()
    page.get_by_text("Revisionssporet er intakt", exact=False).first.wait_for()
    page.get_by_role("button", name="Dan dokumentationen").click()
    page.get_by_text("Fingeraftryk (SHA-256)", exact=False).first.wait_for()
    _both_sizes(page, "revision")
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Hent PDF").click()
    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Hent Excel").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    xlsx = Path(xlsx_download.value.path()).read_bytes()

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "jobcafeen har fået 40 nye besøgende" in flat
    assert "redaktør" in flat
    # The figures the follow-up was written on: seed 000's baseline for the goal's indicator.
    assert "16,3" in flat or "24,8" in flat

    book = load_workbook(io.BytesIO(xlsx))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any(STORY in c for c in cells)
    assert any(c.startswith("16.3") or c.startswith("24.8") or c in ("16,3", "24,8") for c in cells)


def test_laeser_cannot_open_the_write_pages_by_url(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    login(page, "læser", "læser")
    nav = page.get_by_test_id("stSidebarNav")
    for hidden in ("Import", "Brugere", "Revision"):
        assert nav.get_by_text(hidden, exact=True).count() == 0
    page.goto(f"{app.url}/revision")
    # A new URL is a new session: the login form first, then the page asked for, which
    # refuses the role in Danish (not a silent redirect).
    login(page, "læser", "læser")
    page.get_by_text("må ikke se revisionssporet", exact=False).first.wait_for()
    assert page.get_by_role("button", name="Verificér").count() == 0

    # A deep link survives the log-in: /opfoelgning opens Opfølgning after it.
    page.goto(f"{app.url}/opfoelgning")
    login(page, "læser", "læser")
    page.get_by_text("Opfølgningsgrad").first.wait_for()


def test_administrator_pages_in_a_browser(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(f"{app.url}/brugere")
    login(page, "admin", "admin")
    page.get_by_role("heading", name="Brugere").wait_for()
    page.get_by_role("textbox", name="Brugernavn").fill("karin")
    page.get_by_role("textbox", name="Første adgangskode").fill("karin-adgang-1")
    page.get_by_role("button", name="Opret").click()
    page.get_by_text("karin er oprettet som læser", exact=False).first.wait_for()
    _both_sizes(page, "brugere")
    logout(page)
    # The new user logs in at once.
    login(page, "karin", "karin-adgang-1")
    assert page.get_by_test_id("stSidebarNav").get_by_role("link", name="Brugere").count() == 0
    logout(page)
    login(page, "admin", "admin")
    go_to(page, "Import")
    page.get_by_role("heading", name="Import af data").wait_for()
    page.get_by_text("Importlog").first.wait_for()
    _both_sizes(page, "import")
