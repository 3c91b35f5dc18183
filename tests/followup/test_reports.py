"""Meeting pack and revision documentation, read back: PDF with pypdf, XLSX with openpyxl."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import duckdb
import kaleido
import openpyxl
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from monitor import audit, dashboard, followup, meetings, notes, reports
from monitor.auth import PermissionDenied
from monitor.db import connect, run_query
from tests.followup.conftest import ADMIN, GOAL, LAESER, PLAN, REDAKTOR, REVISOR

STORY = '=HYPERLINK("http://x";"klik") Børn i dagtilbud: **færre** <script>alert(1)</script>'
NEXT = "@SUM(A1) og -1+2"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _followed_up(conn: duckdb.DuckDBPyConnection) -> tuple[followup.FollowupVersion, ...]:
    first = followup.submit(
        conn, REDAKTOR, plan_id=PLAN, year=2021, goal_id=GOAL, status="delvist",
        story_md=STORY, next_steps=NEXT, based_on=None,
    )  # fmt: skip
    meeting = meetings.record_meeting(
        conn, REDAKTOR, plan_id=PLAN, meeting_date="2021-11-12",
        participants=["Formand Ærø", "Leder Mette"], presented=[first.version_id],
        decisions=["+ Opfølgningen tages til efterretning"],
    )  # fmt: skip
    correction = followup.submit(
        conn, REDAKTOR, plan_id=PLAN, year=2021, goal_id=GOAL, status="ikke på rette spor",
        story_md="Rettet vurdering.", next_steps="Nyt forløb.", based_on=first.version_id,
        reason="Tallene for 2021 blev rettet.",
    )  # fmt: skip
    notes.add_note(
        conn, REDAKTOR, indicator_code="dagtilbud_1_5", geo_code="Vejleåparken", period="2020",
        text="Rådgivningen var ikke personlig under corona",
    )  # fmt: skip
    return first, correction, meeting


def test_meeting_pack_pdf(demo_conn: duckdb.DuckDBPyConnection) -> None:
    first, _, _ = _followed_up(demo_conn)
    data = reports.meeting_pack_pdf(demo_conn, LAESER, PLAN, "2021-11-12")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = _pdf_text(data)
    assert "Mødemateriale – bestyrelsesmøde 12.11.2021" in text
    assert "Vejleåparken 2021-25" in text and "Overblik" in text
    assert "Andel 1-5-årige i dagtilbud" in text and "88,4 %" in text  # baseline, Danish
    assert "Ishøj Kommune" in text
    assert "Rådgivningen var ikke personlig under corona" in text  # the note under the chart
    assert "Formand Ærø" in text
    # the follow-up presented at the meeting on that date (the first version, not the correction)
    assert "Børn i dagtilbud" in text and "<script>alert(1)</script>" in text
    assert "Rettet vurdering." not in text
    images = sum(len(page.images) for page in reader.pages)
    n_indicators = demo_conn.execute(
        "select count(*) from goal_indicator where plan_id = ?", [PLAN]
    ).fetchone()[0]
    assert images == n_indicators
    # every chart is a kaleido (Chromium) export at the pack's size, not a matplotlib drawing
    sizes = {image.image.size for page in reader.pages for image in page.images}
    chart_px = (
        int(reports.CHART_WIDTH * reports.CHART_SCALE),
        int(reports.CHART_HEIGHT * reports.CHART_SCALE),
    )
    assert sizes == {chart_px}
    assert not hasattr(reports, "chart_png")
    assert "pyplot" not in Path(reports.__file__).read_text(encoding="utf-8")
    with pytest.raises(PermissionDenied):
        reports.meeting_pack_pdf(demo_conn, None, PLAN, "2021-11-12")
    with pytest.raises(reports.ReportError, match="Ukendt plan"):
        reports.meeting_pack_pdf(demo_conn, LAESER, "nej", "2021-11-12")
    assert first.version_id


def test_meeting_pack_charts_are_the_indikator_page_figures(
    demo_conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    _followed_up(demo_conn)
    drawn: list[go.Figure] = []
    export = reports.figures_png

    def spy(figures: list[go.Figure], **kwargs: object) -> list[bytes]:
        drawn.extend(figures)
        pngs = export(figures, **kwargs)
        assert all(png.startswith(b"\x89PNG") for png in pngs)
        return pngs

    def no_download(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the meeting pack must never download a browser")

    monkeypatch.setattr(reports, "figures_png", spy)
    for name in ("get_chrome", "get_chrome_sync"):
        monkeypatch.setattr(kaleido, name, no_download)
    reports.meeting_pack_pdf(demo_conn, LAESER, PLAN, "2021-11-12")

    gis = run_query(demo_conn, "plan_goal_indicators", plan_id=PLAN)
    gis = gis[gis["indicator_code"].notna()].reset_index(drop=True)
    assert len(drawn) == len(gis)
    # the dagtilbud chart, built the way pages/indikator.py builds it (figures up to the
    # meeting year), is the pack's figure without the numbered note markers
    row = gis[gis["indicator_code"] == "dagtilbud_1_5"].iloc[0]
    meta = dashboard.IndicatorMeta(
        row["indicator_code"], row["indicator_name"], row["unit"], row["direction"],
        row["source_kind"], row["geo_code"],
    )  # fmt: skip
    series = run_query(demo_conn, "plan_series", plan_id=PLAN)
    kommune = run_query(demo_conn, "plans").set_index("plan_id").loc[PLAN, "kommune_code"]
    page = dashboard.indicator_chart(
        dashboard.chart_frame(series[series["year"] <= 2021], meta),
        meta,
        run_query(demo_conn, "plan_baselines_detail", plan_id=PLAN),
        run_query(demo_conn, "plan_targets", plan_id=PLAN),
        run_query(demo_conn, "plans_in_kommune", kommune_code=kommune),
    )
    pack = drawn[int(gis.index[gis["indicator_code"] == "dagtilbud_1_5"][0])]

    def without_notes(figure: go.Figure) -> dict:
        return go.Figure([t for t in figure.data if t.name != "Noter"], figure.layout).to_dict()

    assert without_notes(pack) == without_notes(page)
    assert [t.name for t in page.data if t.name == "Noter"] == []
    (marker,) = [t for t in pack.data if t.name == "Noter"]
    assert list(marker.text) == ["1"] and list(marker.x) == [2020]
    assert "Rådgivningen var ikke personlig under corona" in marker.hovertext[0]


def test_chart_export_without_a_browser_is_a_danish_error(
    demo_conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    message = "Mødematerialet kræver Chromium til graferne: installér Debian-pakken chromium"
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(reports, "CHROMIUM", tmp_path / "chromium")
    assert reports.figures_png([]) == []  # nothing to draw needs no browser
    with pytest.raises(reports.ReportError, match=message):
        reports.figures_png([go.Figure()])
    with pytest.raises(reports.ReportError, match=message):
        reports.meeting_pack_pdf(demo_conn, LAESER, PLAN, "2021-11-12")
    # a browser set in $BROWSER_PATH is used as given, never swapped for another one
    monkeypatch.setattr(reports, "CHROMIUM", Path("/usr/bin/chromium"))
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "chrome"))
    with pytest.raises(reports.ReportError, match=f"{message} \\(BROWSER_PATH="):
        reports.figures_png([go.Figure()])


def test_revision_export_pdf_and_xlsx(demo_conn: duckdb.DuckDBPyConnection) -> None:
    first, correction, meeting = _followed_up(demo_conn)
    export = reports.export_revision(demo_conn, REVISOR, PLAN, 2021)
    digest = export.fingerprint
    assert digest == hashlib.sha256(export.canonical.encode("utf-8")).hexdigest()
    assert digest == reports.fingerprint(reports.revision_content(demo_conn, PLAN, 2021))

    text = _pdf_text(export.pdf)
    assert digest in text
    assert "Dokumentation af opfølgning 2021" in text and "Revisionssporet er intakt" in text
    assert "mette" in text and "Rettet vurdering." in text and "Børn i dagtilbud" in text
    assert "Formand Ærø" in text and "12.11.2021" in text
    snap = followup.snapshot(demo_conn, first.version_id)
    flat = "".join(text.split())  # table cells wrap long names
    for batch in snap["batches"]:
        assert batch["file_name"] in flat and batch["sha256"] in flat

    book = openpyxl.load_workbook(io.BytesIO(export.xlsx))
    info = {row[0].value: row[1].value for row in book["Dokumentation"].iter_rows()}
    assert info["Fingeraftryk (SHA-256)"] == digest
    versions = list(book["Opfølgninger"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[4], r[6]) for r in versions] == [
        (first.version_id, "indsendt", "mette"),
        (correction.version_id, "indsendt", "mette"),
    ]
    figures = [
        r for r in book["Tal"].iter_rows(min_row=2, values_only=True)
        if r[1] == first.version_id and r[2] == "dagtilbud_1_5" and r[4] == "Vejleåparken"
    ]  # fmt: skip
    expected = {
        (r["period"], r["value"])
        for r in snap["series"]
        if r["indicator_code"] == "dagtilbud_1_5" and r["geo_code"] == "Vejleåparken"
    }
    assert {(r[7], r[8]) for r in figures} == expected and expected
    overview = {(r[1], r[2]): r for r in book["Overblik"].iter_rows(min_row=2, values_only=True)}
    assert overview[(first.version_id, "dagtilbud_1_5")][6] == 88.4
    meetings_rows = list(book["Møder"].iter_rows(min_row=2, values_only=True))
    assert meetings_rows[0][0] == meeting.meeting_id and "Formand Ærø" in meetings_rows[0][4]
    imports = {r[2] for r in book["Importer"].iter_rows(min_row=2, values_only=True)}
    assert imports == {b["sha256"] for b in snap["batches"]}


def test_formula_looking_text_stays_text_in_xlsx(demo_conn: duckdb.DuckDBPyConnection) -> None:
    _followed_up(demo_conn)
    data = reports.export_revision(demo_conn, REVISOR, PLAN, 2021).xlsx
    assert not reports.xlsx_has_formulas(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = {
        c.value: c
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    for text in (STORY, NEXT, "+ Opfølgningen tages til efterretning"):
        cell = cells[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix
    # and read back with formulas evaluated-as-stored: still the same text
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    story = [c.value for r in values["Opfølgninger"].iter_rows() for c in r if c.value == STORY]
    assert story == [STORY]


def test_revision_needs_the_export_role(demo_conn: duckdb.DuckDBPyConnection) -> None:
    for user in (LAESER, REDAKTOR, None):  # the leder documents nothing about herself
        with pytest.raises(PermissionDenied):
            reports.export_revision(demo_conn, user, PLAN, 2021)
    assert reports.export_revision(demo_conn, ADMIN, PLAN, 2021).fingerprint


def test_fingerprint_changes_when_the_documented_data_changes(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    first, correction, _ = _followed_up(demo_conn)
    before = reports.export_revision(demo_conn, REVISOR, PLAN, 2021).fingerprint
    assert reports.export_revision(demo_conn, REVISOR, PLAN, 2021).fingerprint == before
    followup.save_draft(
        demo_conn, REDAKTOR, plan_id=PLAN, year=2021, goal_id=GOAL, status=None,
        story_md="ny kladde", next_steps="", based_on=correction.version_id,
    )  # fmt: skip
    assert reports.export_revision(demo_conn, REVISOR, PLAN, 2021).fingerprint != before
    assert first


def test_cli_revision_and_meeting_pack(
    demo_db_copy: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DEMO", "1")  # the demo database's users log in
    with connect(demo_db_copy) as conn:
        _followed_up(conn)
    db = ["--db", str(demo_db_copy)]
    out_dir = tmp_path / "rev"
    code, _, err = cli(
        *db, "revision", "--plan", PLAN, "--year", "2021", "--out", str(out_dir),
        "--user", "læser", password="læser",
    )  # fmt: skip
    assert code != 0 and "må ikke eksportere" in err and not out_dir.exists()
    code, out, _ = cli(
        *db, "revision", "--plan", PLAN, "--year", "2021", "--out", str(out_dir),
        "--user", "revisor", password="revisor",
    )  # fmt: skip
    assert code == 0
    digest = out.strip().splitlines()[-1].split()[-1]
    stem = f"revision-{PLAN}-2021"
    assert hashlib.sha256((out_dir / f"{stem}.json").read_bytes()).hexdigest() == digest
    assert digest in _pdf_text((out_dir / f"{stem}.pdf").read_bytes())
    book = openpyxl.load_workbook(out_dir / f"{stem}.xlsx")
    assert digest in [c.value for r in book["Dokumentation"].iter_rows() for c in r]

    pack = tmp_path / "pack.pdf"
    code, _, err = cli(
        *db, "meeting-pack", "--plan", PLAN, "--date", "2021-11-12", "--out", str(pack),
        "--user", "admin", password="admin",
    )  # fmt: skip
    assert code == 0  # the administrator may make the meeting pack too
    code, out, _ = cli(
        *db, "meeting-pack", "--plan", PLAN, "--date", "2021-11-12", "--out", str(pack),
        "--user", "læser", password="læser",
    )  # fmt: skip
    assert code == 0 and "Vejleåparken" in _pdf_text(pack.read_bytes())

    code, out, _ = cli(
        *db,
        "followup",
        "list",
        "--plan",
        PLAN,
        "--year",
        "2021",
        "--user",
        "læser",
        password="læser",
    )
    assert code == 0 and len(out.strip().splitlines()) == 2 and "\tmette\t" in out
    code, _, err = cli(*db, "followup", "list", "--plan", PLAN, "--user", "læser", password="galt")
    assert code != 0 and "Forkert" in err
    with connect(demo_db_copy) as conn:
        assert audit.verify(conn) == []


def test_cli_writes_need_a_role_that_may_write(
    demo_db_copy: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DEMO", "1")  # the demo database's users log in
    with connect(demo_db_copy) as conn:
        first_seq = audit.head(conn)[0]  # the demo's own entries come before
    story = tmp_path / "story.md"
    story.write_text("Historien bag tallene: **stabilt**.", encoding="utf-8")
    db = ["--db", str(demo_db_copy)]
    args = [
        *db, "followup", "submit", "--plan", PLAN, "--year", "2021", "--goal", GOAL,
        "--status", "delvist", "--story-file", str(story),
    ]  # fmt: skip
    code, _, err = cli(*args, "--user", "læser", password="læser")
    assert code != 0 and "må ikke skrive opfølgninger" in err
    code, _, err = cli(*args, "--user", "revisor", password="revisor")
    assert code != 0 and "må ikke skrive opfølgninger" in err
    code, out, _ = cli(*args, "--user", "redaktør", password="redaktør")
    assert code == 0 and "Indsendt: version 1" in out and "af redaktør" in out
    code, _, err = cli(*args, "--based-on", "999", "--user", "redaktør", password="redaktør")
    assert code != 0 and "bevaret" in err
    note = [
        *db, "note", "add", "--indicator", "dagtilbud_1_5", "--geo", "Vejleåparken",
        "--period", "2020", "--text", "corona",
    ]  # fmt: skip
    code, _, err = cli(*note, "--user", "læser", password="læser")
    assert code != 0 and "må ikke skrive noter" in err
    code, _, _ = cli(*note, "--user", "redaktør", password="redaktør")
    assert code == 0
    with connect(demo_db_copy) as conn:
        mine = audit.entries(conn, actor="redaktør")
        mine = mine[mine["seq"] > first_seq]
        assert set(mine["action"]) == {"followup_submit", "note_add"}
        assert audit.entries(conn, actor="læser").empty
