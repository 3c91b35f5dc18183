"""A real browser opens the served app, switches plan and indicator, and finds the goals,
the charts and the tables on screen; the charts are measured as Chromium draws them (text at
least 16 px, a partial year hollow, labelled and above the value axis).

Screenshots of each page at 1400×1000 and at 1280×720 (a projector) go to screenshots/: the
top of the page, and each chart scrolled into view.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import choose, go_to, login, screenshot, settle

pytestmark = pytest.mark.browser

SIZES = ((1400, 1000), (1280, 720))

# Every text of a plotly chart by kind: its computed font size and its drawn height (px), and
# the scale the SVG is drawn at (1: one SVG pixel is one CSS pixel).
MEASURE_TEXT = """(gd) => {
  const kinds = {
    xtick: '.xtick text', ytick: '.ytick text', y2tick: '.y2tick text',
    legend: '.legendtext', ytitle: '.g-ytitle text', annotation: '.annotation-text',
    label: '.textpoint text',
  };
  const out = {};
  for (const [kind, selector] of Object.entries(kinds)) {
    out[kind] = [...gd.querySelectorAll(selector)].map((t) => {
      const ctm = t.getScreenCTM();
      return {
        text: t.textContent,
        size: parseFloat(getComputedStyle(t).fontSize),
        height: t.getBoundingClientRect().height,
        scale: Math.hypot(ctm.a, ctm.b),
      };
    });
  }
  return out;
}"""

# The strip above the plot (subplot xy2): its row labels, its markers and their labels, and
# where the main value axis's tick labels are on screen.
MEASURE_STRIP = """(gd) => {
  const centre = (el) => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; };
  const strip = gd.querySelector('.cartesianlayer .subplot.xy2');
  const points = strip ? [...strip.querySelectorAll('.scatterlayer .trace path.point')] : [];
  return {
    rows: [...gd.querySelectorAll('.y2tick text')].map((t) => [t.textContent, centre(t)]),
    labels: strip ? [...strip.querySelectorAll('.textpoint text')].map((t) => t.textContent) : [],
    markers: points.map((p) => ({
      fill: getComputedStyle(p).fill,
      stroke: getComputedStyle(p).stroke,
      y: centre(p),
    })),
    ticks: [...gd.querySelectorAll('.ytick text')].map((t) => [t.textContent, centre(t)]),
  };
}"""


# Where the Overblik's first mål ends and how wide its table is, as drawn.
MEASURE_OVERVIEW = """() => {
  const table = document.querySelector('table.ovw');
  const rows = [...table.querySelectorAll('tbody tr')];
  let last = null;
  for (const r of rows.slice(1)) { if (r.classList.contains('goal')) break; last = r; }
  const names = [...table.querySelectorAll('tr.ind td')].map((td) => {
    const lh = parseFloat(getComputedStyle(td).lineHeight);
    return td.getBoundingClientRect().height / lh;
  });
  const box = table.getBoundingClientRect();
  return {firstGoalBottom: last.getBoundingClientRect().bottom, tableRight: box.right,
          parentWidth: table.parentElement.clientWidth, tableWidth: table.scrollWidth,
          viewport: window.innerWidth, nameLines: Math.max(...names),
          figureRows: rows.filter((r) => r.classList.contains('fig')).length};
}"""


MEASURE_TABLES = """() => {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    const tables = [...document.querySelectorAll('[data-testid="stTable"] table')];
    return {
        tables: tables.length,
        grids: document.querySelectorAll('[data-testid="stDataFrame"]').length,
        main: main.getBoundingClientRect().width,
        widest: Math.max(...tables.map(t => t.scrollWidth)),
        right: Math.max(...tables.map(t => t.getBoundingClientRect().right)),
    };
}"""


def _assert_overview_fits(page, width: int, height: int) -> None:
    """The first mål's rows show without scrolling, nothing is cut at the right edge and no
    indicator name wraps past two lines."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)
    page.get_by_test_id("stSelectbox").first.scroll_into_view_if_needed()
    fit = page.evaluate(MEASURE_OVERVIEW)
    assert fit["figureRows"] >= 3, fit
    assert fit["firstGoalBottom"] <= height, fit
    assert fit["tableWidth"] <= fit["parentWidth"] and fit["tableRight"] <= width, fit
    assert fit["nameLines"] < 2.6, fit


def _text_sizes(chart) -> dict[str, list[dict]]:
    return chart.evaluate(MEASURE_TEXT)


def _assert_legible(chart, where: str) -> dict[str, float]:
    """Every axis, legend and label text of the chart is at least 16 px as drawn; returns the
    smallest size per kind."""
    sizes = _text_sizes(chart)
    smallest = {}
    for kind, texts in sizes.items():
        for t in texts:
            assert t["size"] * (t["scale"] or 1) >= 16, f"{where}: {kind} {t}"
            if kind != "ytitle":  # a rotated text's box height is its width
                assert t["height"] >= 16, f"{where}: {kind} {t}"
        if texts:
            smallest[kind] = min(t["size"] * (t["scale"] or 1) for t in texts)
    assert {"xtick", "ytick", "legend"} <= set(smallest), f"{where}: {sorted(smallest)}"
    print(f"{where}: smallest text (px) {smallest}")
    return smallest


def _at_both_sizes(page, name: str, views: dict[str, object] | None = None) -> None:
    """Screenshots of the top of the page and of each view (a locator scrolled into view) at
    1400×1000 and 1280×720."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)  # plotly redraws for the new width
        page.get_by_test_id("stSelectbox").first.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{width}x{height}")
        for view, locator in (views or {}).items():
            locator.scroll_into_view_if_needed()
            page.wait_for_timeout(200)
            screenshot(page, f"{name}-{view}-{width}x{height}")
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


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
    page.get_by_text("88,4\u00a0%").first.wait_for()
    for width, height in SIZES:
        _assert_overview_fits(page, width, height)
    _at_both_sizes(page, "overblik")

    go_to(page, "Indikator")
    page.get_by_text("Definition og kilde").first.wait_for()
    # (Chosen again: whether the plan follows the user between pages is not this test's.)
    choose(page, "Helhedsplan", "Vejleåparken 2021-25")
    # This indicator exists only in the 2021-25 plans.
    choose(page, "Indikator", "Andel 18-64-årige, der er uden tilknytning")
    page.get_by_role(
        "heading", name="Andel 18-64-årige, der er uden tilknytning", exact=False
    ).wait_for()
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 3
    # the uncertainty bands are filled areas without markers at their corners
    assert (
        chart.evaluate(
            "(gd) => gd.data.filter((t) => t.fill === 'toself' && t.mode !== 'lines').length"
        )
        == 0
    )
    _assert_legible(chart, "Indikator")
    _at_both_sizes(page, "indikator", {"graf": chart})

    go_to(page, "Sammenlign")
    choose(page, "Helhedsplan", "En Fælles Indsats")
    page.get_by_text("Boligområderne side om side").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_text("Hver indikator mod sin sammenligning").first.wait_for()
    charts = page.locator(".js-plotly-plot")
    charts.nth(1).wait_for()
    assert charts.count() >= 3  # the areas side by side, and one small chart per indicator
    _assert_legible(charts.first, "Sammenlign, områderne")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(500)
    _assert_legible(charts.nth(1), "Sammenlign, lille graf ved 1280 px")
    page.set_viewport_size({"width": 1400, "height": 1000})
    _at_both_sizes(
        page,
        "sammenlign",
        {
            "omraader": charts.first,
            "smaa-grafer": page.get_by_text("Hver indikator mod sin sammenligning").first,
            "smaa-grafer-2": charts.nth(3),
        },
    )

    go_to(page, "Mål og baselines")
    page.get_by_text("Mål og baselines", exact=False).first.wait_for()
    settle(page)
    for width, height in SIZES:
        # On a projector every column of the baseline tables shows (no grid scrolled sideways).
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        fit = page.evaluate(MEASURE_TABLES)
        assert fit["tables"] >= 4 and fit["grids"] == 0, fit
        assert fit["widest"] <= fit["main"] + 1 and fit["right"] <= width, fit
    _at_both_sizes(page, "maal")


def test_a_partial_year_is_hollow_labelled_and_above_the_axis(
    serve, page, demo_db_file: Path, tmp_path: Path
) -> None:
    """Udsættelser in AAB afd. 55: 2025 is reported for K1-K3 only (the demo's invented
    quarters; their sum is the label, read from a copy of the demo data)."""
    import shutil

    import duckdb

    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db_file, copy)
    with duckdb.connect(str(copy), read_only=True) as conn:
        (quarters,) = conn.execute(
            "select cast(sum(value) as integer) from observation_current "
            "where indicator_code = 'udsaettelser' and geo_code = 'AAB-55' "
            "and period like '2025-K%'"
        ).fetchone()
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    indicator = quote("udsaettelser@AAB-55")
    page.goto(f"{app.url}/indikator?plan=ishoej-2025-29&indikator={indicator}")
    login(page, "læser", "læser")
    page.get_by_role("heading", name="Udsættelser af beboere").wait_for()
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    settle(page)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        strip = chart.evaluate(MEASURE_STRIP)
        assert [row for row, _ in strip["rows"]] == ["Delvist år"]
        assert strip["labels"] == [f"K1–K3: {quarters}"]
        (marker,) = strip["markers"]
        assert marker["fill"] == "none" and marker["stroke"] == "rgb(0, 114, 178)"  # hollow
        # in the strip's row, above every tick of the value axis: not drawn at 0
        assert abs(marker["y"] - strip["rows"][0][1]) < 3
        assert all(marker["y"] < y - 20 for _, y in strip["ticks"]), strip
        zero = dict(strip["ticks"])["0"]
        assert zero - marker["y"] > 150
        _assert_legible(chart, f"Indikator, delvist år ved {width} px")
    page.get_by_text("kun opgjort for K1–K3", exact=False).first.wait_for()
    assert page.get_by_text("Brud:", exact=False).count() == 0  # no false break
    _at_both_sizes(page, "indikator-delvist-aar", {"graf": chart})


# The chart's "Brud: ..." labels as drawn, and the plot's box.
MEASURE_BREAK = """(gd) => {
  const box = gd.getBoundingClientRect();
  const labels = [...gd.querySelectorAll('.annotation-text')]
    .filter((t) => t.textContent.startsWith('Brud'))
    .map((t) => { const r = t.getBoundingClientRect();
                  return {text: t.textContent, left: r.left, right: r.right, top: r.top,
                          bottom: r.bottom}; });
  return {labels, left: box.left, right: box.right, top: box.top, bottom: box.bottom};
}"""


def test_the_new_geography_break_is_drawn_for_the_plan_that_has_it(
    serve, page, demo_db_file: Path
) -> None:
    """Issue 9, membership per plan: Ishøj 2025-29 adds Steenbjerggård to Vejleåparken from
    2025, so its chart marks the break, legible and inside the chart at 1400×1000 and 1280×720;
    Vejleåparken 2021-25's Vejleåparken stays AAB-55 alone, so its chart has no break."""
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    indicator = quote("tillid_politiet@Vejleåparken")
    page.goto(f"{app.url}/indikator?plan=ishoej-2025-29&indikator={indicator}")
    login(page, "læser", "læser")
    page.get_by_text("Ny geografi: Fra 2025", exact=False).first.wait_for()
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(800)  # plotly redraws for the new width
        settle(page)
        chart.scroll_into_view_if_needed()
        drawn = chart.evaluate(MEASURE_BREAK)
        # one label: the survey's other afdelinger (2023 → 2025) are the new geography
        assert [label["text"] for label in drawn["labels"]] == ["Brud: ny geografi"], drawn
        label = drawn["labels"][0]
        assert drawn["left"] <= label["left"] and label["right"] <= drawn["right"], drawn
        assert drawn["top"] <= label["top"] and label["bottom"] <= drawn["bottom"], drawn
        _assert_legible(chart, f"Indikator, Ishøj 2025-29, {width} px")
        screenshot(page, f"indikator-ny-geografi-{width}x{height}")
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})

    indicator = quote("dagtilbud_1_5@Vejleåparken")
    page.goto(f"{app.url}/indikator?plan=vejleaaparken-2021-25&indikator={indicator}")
    login(page, "læser", "læser")
    page.get_by_role("heading", name="Andel 1-5-årige i dagtilbud").wait_for()
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    settle(page)
    # (The demo delivers this indicator for the area itself, so its 2025 figure is the shared
    # area's, and the chart may say the afdelinger behind it differ; never a new geography.)
    labels = [label["text"] for label in chart.evaluate(MEASURE_BREAK)["labels"]]
    assert "Brud: ny geografi" not in labels
    assert page.get_by_text("Ny geografi:", exact=False).count() == 0
    screenshot(page, "indikator-uden-brud-1400x1000")
