"""Every page, in a real browser, passes axe-core with no serious or critical violation, says
it is Danish (`<html lang="da">`), shows none of Streamlit's English developer tools and calls
no host but the app's own.

axe-core comes from npm (package-lock.json; `make test` runs `npm ci`): its axe.min.js is
injected into the page by Playwright, nothing is downloaded at run time. axe does not check
which language `lang` names (only that it is present and valid), so the test asserts "da".
Screenshots of each page go to screenshots/a11y-*.png.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from monitor import config
from monitor.export import DANISH_HEADERS
from monitor.web import PAGES
from tests.browser.conftest import go_to, login, logout, screenshot, settle

pytestmark = pytest.mark.browser

AXE = config.PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Violations that come from Streamlit's own widgets and cannot be fixed from the app: each is
# one rule on one selector, with the reason. Nothing is excluded wholesale.
EXCLUDED: list[tuple[str, str, str]] = [
    # Streamlit's sidebar navigation with sections (st.navigation with a dict) renders its
    # <ul data-testid="stSidebarNavItems"> with each section as a <div> holding a header and
    # that section's <li> items; the markup is Streamlit's and the app has no say in it. The
    # links themselves are named and reachable by keyboard.
    ("list", '[data-testid="stSidebarNavItems"]', "Streamlit's sectioned navigation"),
    ("listitem", '[data-testid="stSidebarNavItems"] li', "Streamlit's sectioned navigation"),
]

# Each page is audited as a user who may use it; the editors' pages also as the redaktør, whose
# forms (follow-up text, meeting, note, import) the administrator does not see.
AS_EDITOR = ("opfoelgning", "moeder", "indikator", "import")
# The demo's plans besides the one chosen first.
OTHER_PLANS = ("vejleaaparken-2021-25", "slagelse-2021-25")
USERS = {
    "admin": ("admin", "admin"),
    "redaktør": ("redaktør", "redaktør"),
}


def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"{AXE.relative_to(config.PROJECT_ROOT)} is missing: run `npm ci --no-audit "
            "--no-fund` in the project folder (make test does it from package-lock.json)"
        )
    return AXE.read_text(encoding="utf-8")


_RUN_AXE = """async (excluded) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  const kept = [];
  for (const v of result.violations) {
    const nodes = v.nodes.filter((n) => {
      const el = document.querySelector(n.target[0]);
      return !excluded.some(([rule, sel]) => rule === v.id && el && el.closest(sel));
    });
    if (nodes.length) {
      kept.push({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                 nodes: nodes.map((n) => ({impact: n.impact, target: n.target,
                                           html: n.html.slice(0, 200),
                                           summary: n.failureSummary}))});
    }
  }
  return kept;
}"""


def audit(page, source: str) -> list[dict]:
    """axe's violations on the page as it is now, less the listed Streamlit exceptions."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    return page.evaluate(_RUN_AXE, [[rule, sel] for rule, sel, _ in EXCLUDED])


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(where: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}  {node['html']}")
            lines.append(f"      {node['summary']}".replace("\n", "\n      "))
    return "\n".join(lines)


def _language(page) -> str:
    return page.evaluate("document.documentElement.lang")


def _wait_for_page(page, url_path: str) -> None:
    # The default page (Overblik) is at the root.
    wanted = {f"/{url_path}"} | ({"/"} if url_path == "overblik" else set())
    page.wait_for_url(lambda url: urlsplit(url).path in wanted)
    settle(page)
    page.get_by_test_id("stMain").wait_for()
    # Charts and tables draw after the script has finished.
    page.wait_for_timeout(600)
    settle(page)


def _check_page(page, source: str, where: str, found: dict[str, list[dict]]) -> None:
    assert _language(page) == "da", f"{where}: <html lang={_language(page)!r}>"
    assert page.get_by_test_id("stAppDeployButton").count() == 0, f"{where}: Deploy button"
    assert page.get_by_test_id("stMainMenu").count() == 0, f"{where}: Streamlit's menu"
    violations = audit(page, source)
    found[where] = violations
    screenshot(page, f"a11y-{where}")


def _open(page, base_url: str, url_path: str, name: str, password: str, query: str = "") -> None:
    """A deep link on a fresh session, logged in through the form: every page is reached this
    way, even one that hides the sidebar (Præsentation)."""
    # The default page (Overblik) is the root; Streamlit serves no /overblik path for it.
    page.goto((base_url if url_path == "overblik" else f"{base_url}/{url_path}") + query)
    page.get_by_role("button", name="Log ind").wait_for()
    page.get_by_label("Brugernavn", exact=True).fill(name)
    page.get_by_label("Adgangskode", exact=True).fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name="Log ind").wait_for(state="detached")
    _wait_for_page(page, url_path)


def test_every_page_is_accessible_and_danish(serve, page, demo_db_file: Path) -> None:
    source = _axe_source()
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    foreign: set[str] = set()
    page.on(
        "request",
        lambda request: (
            None
            if urlsplit(request.url).scheme in ("data", "blob")
            or urlsplit(request.url).hostname == "127.0.0.1"
            else foreign.add(request.url)
        ),
    )
    found: dict[str, list[dict]] = {}

    page.goto(app.url)
    page.get_by_role("button", name="Log ind").wait_for()
    settle(page)
    _check_page(page, source, "login", found)

    for role, (name, password) in USERS.items():
        for entries in PAGES.values():
            for _file, _title, _icon, url_path, _permission in entries:
                if role == "redaktør" and url_path not in AS_EDITOR:
                    continue
                _open(page, app.url, url_path, name, password)
                _check_page(page, source, f"{url_path}-{role}", found)
                if url_path == "overblik" and role == "admin":
                    # Each plan has other statuses, and each status its own colour.
                    for plan in OTHER_PLANS:
                        _open(page, app.url, url_path, name, password, f"?plan={plan}")
                        _check_page(page, source, f"overblik-{plan}", found)

    for where, violations in found.items():
        print(f"{where}: " + (", ".join(f"{v['id']} ({v['impact']})" for v in violations) or "ok"))
    failing = {where: blocking(v) for where, v in found.items() if blocking(v)}
    assert not failing, "axe found serious or critical violations:\n" + "\n".join(
        describe(where, v) for where, v in failing.items()
    )
    # Only the app itself: no telemetry, no fonts or scripts from elsewhere.
    assert not foreign, f"requests to other hosts: {sorted(foreign)}"


def test_language_stays_danish_across_pages_and_reruns(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(app.url)
    page.get_by_role("button", name="Log ind").wait_for()
    assert _language(page) == "da"
    # Streamlit's English input hint ("Press Enter to submit form") is not shown.
    page.get_by_label("Brugernavn", exact=True).type("læs")
    page.wait_for_timeout(300)
    assert not page.get_by_text("Press Enter", exact=False).is_visible()
    page.get_by_label("Brugernavn", exact=True).fill("")
    login(page, "læser", "læser")
    settle(page)
    assert _language(page) == "da"
    # Navigation in the sidebar keeps the document (no reload: the marker stays), so the
    # attribute set once has to hold through it.
    page.evaluate("window.sameDocument = true")
    for title, url_path in (("Indikator", "indikator"), ("Sammenlign", "sammenlign")):
        go_to(page, title)
        _wait_for_page(page, url_path)
        assert _language(page) == "da", title
    assert page.evaluate("window.sameDocument === true")
    # A choice reruns the script.
    box = page.get_by_test_id("stSelectbox").filter(has_text="Helhedsplan").first
    box.click()
    page.get_by_role("option", name="Vejleåparken 2021-25").first.click()
    page.wait_for_url(lambda url: "vejleaaparken" in url)
    settle(page)
    assert _language(page) == "da"
    # Even if something set it back, the guard restores it.
    page.evaluate("document.documentElement.lang = 'en'")
    page.wait_for_function("document.documentElement.lang === 'da'")
    logout(page)
    assert _language(page) == "da"
    page.reload()
    page.get_by_role("button", name="Log ind").wait_for()
    assert _language(page) == "da"


def _download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def _csv_header(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would read æøå as Latin-1"
    return next(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))


def test_downloads_open_in_a_danish_excel(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    _open(page, app.url, "overblik", "læser", "læser", "?plan=vejleaaparken-2021-25")
    header = _csv_header(_download(page, "Hent overblikket som CSV"))
    assert {"Indsatsområde", "Mål", "Indikator", "Status"} <= set(header)
    assert not set(header) & set(DANISH_HEADERS), f"machine names in the header: {header}"
    assert all(h[:1].isupper() for h in header), f"machine names in the header: {header}"

    _open(page, app.url, "indikator", "læser", "læser", "?plan=vejleaaparken-2021-25")
    data = _download(page, "Hent som CSV")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))
    header = _csv_header(data)
    assert {"Geografi", "Rolle", "Periode", "Værdi", "Tæller", "Nævner"} <= set(header)
    assert not set(header) & set(DANISH_HEADERS), f"machine names in the header: {header}"
    assert all(h[:1].isupper() for h in header), f"machine names in the header: {header}"
    values = [r[header.index("Værdi")] for r in rows[1:] if r[header.index("Værdi")]]
    assert values and all("." not in v for v in values)
    assert any("," in v for v in values)  # decimal comma
    assert {r[header.index("Rolle")] for r in rows[1:]} >= {"Boligområde", "Kommune"}

    book = load_workbook(io.BytesIO(_download(page, "Hent som Excel")))
    sheet = book["Tal"]
    header = [c.value for c in sheet[1]]
    column = header.index("Værdi") + 1
    cells = [r[0] for r in sheet.iter_rows(min_row=2, min_col=column, max_col=column)]
    numbers = [c for c in cells if c.value is not None]
    assert numbers and all(c.data_type == "n" for c in numbers)
    assert all(c.number_format.startswith("#,##0") for c in numbers)
