"""Every dashboard page on the demo database, as the board sees it."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.app.conftest import DEMO

NB = "\u00a0"


def html_of(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


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
    # Seed 000: dagtilbud 88,4 % (2019) against Ishøj Kommune 90,2 %.
    assert f"88,4{NB}% (2019)" in shown
    assert f"90,2{NB}% (2019)" in shown
    assert f"16,3{NB}% (2019)" in shown  # uden tilknytning, kommune
    assert "Ishøj Kommune" in shown and "Øvrige HHP" in shown
    assert any(word in shown for word in ("▲ bedre", "● uændret", "▼ dårligere"))
    assert "<svg" in shown  # sparklines
    assert any("Demodata" in w.value for w in at.warning)


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
    assert "3 (2024, usikker)" in shown
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
    frame = pd.read_csv(io.BytesIO(captured["indicator_csv"]))
    row = frame[(frame["geo_code"] == "Vejleåparken") & (frame["period"] == 2019)]
    assert row["value"].tolist() == [88.4] and row["numerator"].tolist() == [266]
    assert len(row["batch_sha256"].iloc[0]) == 64
    sheet = load_workbook(io.BytesIO(captured["indicator_xlsx"]))["Tal"]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    assert any(
        r["geo_code"] == "183" and r["period"] == "2019" and r["value"] == 90.2 for r in rows
    )


def test_sammenlign_areas_side_by_side_and_indexed(demo_app) -> None:
    at = demo_app("pages/sammenlign.py", plan="slagelse-2021-25")
    assert len(at.get("plotly_chart")) == 2
    table = at.dataframe[0].value
    assert set(table["Geografi"]) >= {"Motalavej", "Ringparken", "Sydbyen"}
    at = demo_app("pages/sammenlign.py")
    assert any("kun ét boligområde" in i.value or "ét boligområde" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1


def test_maal_page_lists_the_activities(demo_app) -> None:
    at = demo_app("pages/maal.py", plan="ishoej-2025-29")
    captions = "\n".join(c.value for c in at.caption)
    assert "Beboerrådgivning" in captions and "Sundhedstjek" in captions


def test_import_page_lists_the_log_with_original_files(demo_app) -> None:
    at = demo_app("pages/importer.py")
    log = at.dataframe[0].value
    assert "vejleaaparken-2021-25-lbf-omraader.csv" in set(log["Fil"])
    assert set(log["Af"]) == {"redaktør"}  # the demo's imports are its redaktør's
    assert len(at.get("download_button")) == 1
