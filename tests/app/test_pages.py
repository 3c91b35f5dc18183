"""Every dashboard page on the demo database, as the board sees it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.app.conftest import DEMO

NB = "\u00a0"


def html_of(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def text_of(at) -> str:
    """The Markdown as the reader sees it: tags gone, each cell's lines joined by one space."""
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html_of(at)))


@pytest.fixture
def demo_app(make_app, demo_db_file: Path):
    def open_page(page: str | None = None, plan: str = "vejleaaparken-2021-25", role="redaktør"):
        at = make_app(demo_db_file, demo=True, user=DEMO[role]).run()
        assert not at.exception
        at = at.selectbox(key="plan").set_value(plan).run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return open_page


def test_overblik_shows_baselines_comparators_and_status(demo_app) -> None:
    at = demo_app()
    assert at.selectbox(key="year").value == 2025
    shown = html_of(at)
    text = text_of(at)
    # Seed 000: dagtilbud 88,4 % (2019) against Ishøj Kommune 90,2 % (the same year, said once).
    assert f"88,4{NB}% 2019" in text
    assert f"Ishøj Kommune 90,2{NB}% →" in text
    assert f"16,3{NB}% →" in text  # uden tilknytning, kommune
    assert "Ishøj Kommune" in shown and "Øvrige HHP" in shown
    assert any(word in shown for word in ("▲ bedre", "● uændret", "▼ dårligere"))
    assert "<svg" in shown  # sparklines
    assert any("Demodata" in m.value for m in at.markdown)


def test_overblik_year_and_filter(demo_app) -> None:
    at = demo_app()
    at.selectbox(key="year").set_value(2019).run()
    shown = html_of(at)
    assert "for få data" in shown  # nothing after the baseline year yet
    at.selectbox(key="overview_indsatsomraade").set_value("Beskæftigelse").run()
    assert [s.value for s in at.subheader] == ["Beskæftigelse"]


def test_overblik_eviction_target_and_uncertain_baseline(demo_app) -> None:
    at = demo_app(plan="ishoej-2025-29")
    at.selectbox(key="year").set_value(2024).run()
    shown = html_of(at)
    assert "3 2024, usikker" in text_of(at)
    assert "under 6 udsættelser årligt i AAB55 – nået" in shown


def test_overblik_area_filter_for_a_plan_with_several_areas(demo_app) -> None:
    at = demo_app(plan="slagelse-2021-25")
    area = at.selectbox(key="overview_area")
    assert set(area.options) >= {"Alle", "Motalavej", "Ringparken", "Sydbyen"}
    at = area.set_value("Ringparken").run()
    shown = html_of(at)
    assert "Ringparken" in shown and "Motalavej" not in shown


def test_indikator_page_chart_table_and_lineage(demo_app) -> None:
    at = demo_app("pages/indikator.py")
    at = at.selectbox(key="indicator").set_value("dagtilbud_1_5@Vejleåparken").run()
    assert not at.exception
    assert at.title[0].value == "Andel 1-5-årige i dagtilbud"
    assert len(at.get("plotly_chart")) == 1
    table = at.dataframe[0].value
    baseline = table[(table["Geografi"] == "Vejleåparken") & (table["Periode"] == "2019")]
    assert baseline["Værdi"].tolist() == [f"88,4{NB}%"]
    assert baseline["Tæller"].tolist() == ["266"]
    assert baseline["Importfil"].tolist() == ["vejleaaparken-2021-25-lbf-omraader.csv"]
    kommune = table[(table["Geografi"] == "Ishøj Kommune") & (table["Periode"] == "2019")]
    assert kommune["Værdi"].tolist() == [f"90,2{NB}%"]
    assert {"Almene boliger i Ishøj Kommune", "Landsplan"} <= set(table["Geografi"])
    assert "Definition og kilde" in [s.value for s in at.subheader]


def test_indikator_downloads_hold_the_figures(demo_app, monkeypatch) -> None:
    # The bytes the page hands to st.download_button, captured on their way to the browser.
    from streamlit.delta_generator import DeltaGenerator

    captured: dict[str, bytes] = {}
    original = DeltaGenerator.download_button

    def capture(self, label, data, *args, **kwargs):
        captured[kwargs.get("key", label)] = data
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", capture)
    at = demo_app("pages/indikator.py")
    at = at.selectbox(key="indicator").set_value("dagtilbud_1_5@Vejleåparken").run()
    assert len(at.get("download_button")) == 2
    data = captured["indicator_csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # a Danish Excel opens it as UTF-8
    frame = pd.read_csv(
        io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Periode": str}
    )
    row = frame[(frame["Geografikode"] == "Vejleåparken") & (frame["Periode"] == "2019")]
    assert row["Værdi"].tolist() == [88.4] and row["Tæller"].tolist() == [266]
    assert len(row["Importfilens SHA-256"].iloc[0]) == 64
    sheet = load_workbook(io.BytesIO(captured["indicator_xlsx"]))["Tal"]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    assert any(
        r["Geografikode"] == "183" and r["Periode"] == "2019" and r["Værdi"] == 90.2 for r in rows
    )


def plotly_specs(at) -> list[dict]:
    """The plotly figures the page sent to the browser, as JSON."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_indikator_draws_a_partial_year_hollow_labelled_and_off_the_axis(
    demo_app, demo_db_file: Path, tmp_path: Path
) -> None:
    # Udsættelser in AAB afd. 55: 2017-2024 by year, 2025 only K1-K3 (the demo's invented
    # quarters; their sum is the label).
    import shutil

    import duckdb

    copy = tmp_path / "copy.duckdb"  # the app's process holds the file open
    shutil.copy(demo_db_file, copy)
    with duckdb.connect(str(copy), read_only=True) as conn:
        (quarters,) = conn.execute(
            "select cast(sum(value) as integer) from observation_current "
            "where indicator_code = 'udsaettelser' and geo_code = 'AAB-55' "
            "and period like '2025-K%'"
        ).fetchone()
    at = demo_app("pages/indikator.py", plan="ishoej-2025-29")
    at = at.selectbox(key="indicator").set_value("udsaettelser@AAB-55").run()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    assert chart.proto.theme == ""  # Streamlit's theme would shrink the 16 px text
    spec = json.loads(chart.proto.spec)
    (partial,) = [t for t in spec["data"] if t.get("yaxis") == "y2"]
    assert partial["x"] == [2025]
    assert partial["marker"]["symbol"].endswith("-open")
    assert partial["text"] == [f"K1–K3: {quarters}"]
    layout = spec["layout"]
    assert layout["yaxis2"]["ticktext"] == ["Delvist år"]
    assert layout["yaxis2"]["domain"][0] > layout["yaxis"]["domain"][1]
    # nothing for 2025 on the value axis: not a full-year value, not a point at 0
    for trace in spec["data"]:
        if trace.get("yaxis", "y") == "y" and trace.get("x"):
            assert 2025 not in trace["x"], trace["name"]
    # the local count's source does not change: no "Brud" label at all
    assert not [a for a in layout.get("annotations", []) if a["text"].startswith("Brud")]
    assert layout["yaxis"]["title"]["text"].startswith("Antal · akse 0–")
    assert any("kun opgjort for K1–K3" in c.value for c in at.caption)
    table = at.dataframe[0].value
    row = table[(table["Periode"] == "2025") & (table["Geografi"] == "AAB afd. 55 Vejleåparken")]
    assert row["Markering"].tolist() == ["delvist år (K1–K3)"]


def test_indikator_labels_breaks_in_the_afdelinger_behind_an_area(demo_app) -> None:
    # Slagelse's areas are summed from afdelinger; LBF leaves out a small one in some years
    at = demo_app("pages/indikator.py", plan="slagelse-2021-25")
    at = at.selectbox(key="indicator").set_value("dagtilbud_1_5@Ringparken").run()
    assert not at.exception
    (spec,) = plotly_specs(at)
    labels = [a["text"] for a in spec["layout"]["annotations"] if a["text"].startswith("Brud")]
    assert labels and set(labels) == {"Brud: andre afdelinger"}
    assert any("Brud i serien før" in c.value and "uden FOB-" in c.value for c in at.caption)
    assert (
        all(a["font"]["size"] >= 16 for a in spec["layout"]["annotations"])
        and spec["layout"]["font"]["size"] >= 16
    )


def test_sammenlign_areas_side_by_side_and_small_multiples(demo_app) -> None:
    at = demo_app("pages/sammenlign.py", plan="slagelse-2021-25")
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Geografi"]) >= {"Motalavej", "Ringparken", "Sydbyen"}
    specs = plotly_specs(at)
    side, panels = specs[0], specs[1:]
    lines = [t for t in side["data"] if t.get("mode") == "lines+markers"]
    styles = {t["name"]: (t["line"]["color"], t["line"]["dash"]) for t in lines}
    assert len(set(styles.values())) == len(styles) >= 5  # three areas, kommune, landsplan
    # a series broken by a change of afdelinger keeps its one style across the break
    assert all(styles[t["name"]] == (t["line"]["color"], t["line"]["dash"]) for t in lines)
    assert sum(t.get("showlegend", True) for t in lines) == len(styles)
    (caption,) = [c.value for c in at.caption if c.value.startswith("Brud i serien")]
    assert "(andre afdelinger)" in caption  # the demo's areas miss an afdeling some years
    assert panels  # one small chart per indicator of the chosen area
    for spec in panels:
        names = [t["name"] for t in spec["data"]]
        assert names[-2:] != names[:2] and "Afstand" in names
        # area and comparator in the same two styles in every panel
        lines = [t for t in spec["data"] if t.get("mode") == "lines+markers"]
        assert [t["line"]["dash"] for t in lines] == ["solid", "dash"]
        assert spec["layout"]["font"]["size"] >= 16
        assert "akse" in spec["layout"]["yaxis"]["title"]["text"]
    captions = "\n".join(c.value for c in at.caption)
    assert " · mod Slagelse Kommune · afstand " in captions

    at = demo_app("pages/sammenlign.py")
    assert any("ét boligområde" in i.value for i in at.info)
    specs = plotly_specs(at)
    # Vejleåparken 2021-25: one panel per indicator (no index chart that divides by the
    # kommune and spikes when its figure is small)
    assert len(specs) == 10
    assert all(max(abs(y) for t in s["data"] for y in t["y"] if y is not None) < 101 for s in specs)
    assert "Indeks" not in json.dumps(specs)


def test_maal_page_lists_the_activities(demo_app) -> None:
    at = demo_app("pages/maal.py", plan="ishoej-2025-29")
    captions = "\n".join(c.value for c in at.caption)
    assert "Beboerrådgivning" in captions and "Sundhedstjek" in captions
    # Seed 002 lists these under their indsatsområde only: no invented delmål links.
    assert (
        "Aktiviteter under indsatsområdet (planen knytter dem ikke til et bestemt delmål): "
        "Brobygning til fritidslivet, CykelVærestedet, Netværk for fælles forebyggelse"
    ) in captions
    assert "Aktiviteter: Fritidsjobforløb" not in captions


def test_import_page_lists_the_log_with_original_files(demo_app) -> None:
    at = demo_app("pages/importer.py")
    log = at.dataframe[0].value
    assert "vejleaaparken-2021-25-lbf-omraader.csv" in set(log["Fil"])
    assert set(log["Af"]) == {"redaktør"}  # the demo's imports are its redaktør's
    assert len(at.get("download_button")) == 1
