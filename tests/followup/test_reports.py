"""Meeting pack and revision documentation, read back: PDF with pypdf, XLSX with openpyxl."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader

from monitor import audit, followup, meetings, notes, reports
from monitor.auth import PermissionDenied
from monitor.db import connect
from tests.followup.conftest import ADMIN, GOAL, LAESER, PASSWORDS, PLAN, REDAKTOR, REVISOR

STORY = '=HYPERLINK("http://x";"klik") Børn i dagtilbud: **færre** <script>alert(1)</script>'
NEXT = "@SUM(A1) og -1+2"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _followed_up(conn: duckdb.DuckDBPyConnection) -> tuple[followup.FollowupVersion, ...]:
    first = followup.submit(
        conn, REDAKTOR, plan_id=PLAN, year=2024, goal_id=GOAL, status="delvist",
        story_md=STORY, next_steps=NEXT, based_on=None,
    )  # fmt: skip
    meeting = meetings.record_meeting(
        conn, REDAKTOR, plan_id=PLAN, meeting_date="2025-03-12",
        participants=["Formand Ærø", "Leder Mette"], presented=[first.version_id],
        decisions=["+ Opfølgningen tages til efterretning"],
    )  # fmt: skip
    correction = followup.submit(
        conn, REDAKTOR, plan_id=PLAN, year=2024, goal_id=GOAL, status="ikke på rette spor",
        story_md="Rettet vurdering.", next_steps="Nyt forløb.", based_on=first.version_id,
    )  # fmt: skip
    notes.add_note(
        conn, REDAKTOR, indicator_code="dagtilbud_1_5", geo_code="Vejleåparken", period="2020",
        text="Rådgivningen var ikke personlig under corona",
    )  # fmt: skip
    return first, correction, meeting


def test_meeting_pack_pdf(demo_conn: duckdb.DuckDBPyConnection) -> None:
    first, _, _ = _followed_up(demo_conn)
    data = reports.meeting_pack_pdf(demo_conn, LAESER, PLAN, "2025-03-12")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = _pdf_text(data)
    assert "Mødemateriale – bestyrelsesmøde 12.03.2025" in text
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
    with pytest.raises(PermissionDenied):
        reports.meeting_pack_pdf(demo_conn, ADMIN, PLAN, "2025-03-12")
    with pytest.raises(reports.ReportError, match="Ukendt plan"):
        reports.meeting_pack_pdf(demo_conn, LAESER, "nej", "2025-03-12")
    assert first.version_id


def test_revision_export_pdf_and_xlsx(demo_conn: duckdb.DuckDBPyConnection) -> None:
    first, correction, meeting = _followed_up(demo_conn)
    export = reports.export_revision(demo_conn, REVISOR, PLAN, 2024)
    digest = export.fingerprint
    assert digest == hashlib.sha256(export.canonical.encode("utf-8")).hexdigest()
    assert digest == reports.fingerprint(reports.revision_content(demo_conn, PLAN, 2024))

    text = _pdf_text(export.pdf)
    assert digest in text
    assert "Dokumentation af opfølgning 2024" in text and "Revisionssporet er intakt" in text
    assert "mette" in text and "Rettet vurdering." in text and "Børn i dagtilbud" in text
    assert "Formand Ærø" in text and "12.03.2025" in text
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
    data = reports.export_revision(demo_conn, REDAKTOR, PLAN, 2024).xlsx
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
    for user in (LAESER, ADMIN, None):
        with pytest.raises(PermissionDenied):
            reports.export_revision(demo_conn, user, PLAN, 2024)


def test_fingerprint_changes_when_the_documented_data_changes(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    first, correction, _ = _followed_up(demo_conn)
    before = reports.export_revision(demo_conn, REVISOR, PLAN, 2024).fingerprint
    assert reports.export_revision(demo_conn, REVISOR, PLAN, 2024).fingerprint == before
    followup.save_draft(
        demo_conn, REDAKTOR, plan_id=PLAN, year=2024, goal_id=GOAL, status=None,
        story_md="ny kladde", next_steps="", based_on=correction.version_id,
    )  # fmt: skip
    assert reports.export_revision(demo_conn, REVISOR, PLAN, 2024).fingerprint != before
    assert first


def test_cli_revision_and_meeting_pack(
    demo_db_copy: Path, users_file: Path, tmp_path: Path, cli
) -> None:
    with connect(demo_db_copy) as conn:
        _followed_up(conn)
    db = ["--db", str(demo_db_copy)]
    out_dir = tmp_path / "rev"
    code, _, err = cli(
        *db, "revision", "--plan", PLAN, "--year", "2024", "--out", str(out_dir),
        "--user", "bo", password=PASSWORDS["bo"],
    )  # fmt: skip
    assert code != 0 and "må ikke eksportere" in err and not out_dir.exists()
    code, out, _ = cli(
        *db, "revision", "--plan", PLAN, "--year", "2024", "--out", str(out_dir),
        "--user", "rita", password=PASSWORDS["rita"],
    )  # fmt: skip
    assert code == 0
    digest = out.strip().splitlines()[-1].split()[-1]
    stem = f"revision-{PLAN}-2024"
    assert hashlib.sha256((out_dir / f"{stem}.json").read_bytes()).hexdigest() == digest
    assert digest in _pdf_text((out_dir / f"{stem}.pdf").read_bytes())
    book = openpyxl.load_workbook(out_dir / f"{stem}.xlsx")
    assert digest in [c.value for r in book["Dokumentation"].iter_rows() for c in r]

    pack = tmp_path / "pack.pdf"
    code, _, err = cli(
        *db, "meeting-pack", "--plan", PLAN, "--date", "2025-03-12", "--out", str(pack),
        "--user", "anne", password=PASSWORDS["anne"],
    )  # fmt: skip
    assert code != 0 and "mødemateriale" in err
    code, out, _ = cli(
        *db, "meeting-pack", "--plan", PLAN, "--date", "2025-03-12", "--out", str(pack),
        "--user", "bo", password=PASSWORDS["bo"],
    )  # fmt: skip
    assert code == 0 and "Vejleåparken" in _pdf_text(pack.read_bytes())

    code, out, _ = cli(
        *db, "followup", "list", "--plan", PLAN, "--user", "bo", password=PASSWORDS["bo"]
    )
    assert code == 0 and len(out.strip().splitlines()) == 2 and "\tmette\t" in out
    code, _, err = cli(*db, "followup", "list", "--plan", PLAN, "--user", "bo", password="galt")
    assert code != 0 and "Forkert" in err
    with connect(demo_db_copy) as conn:
        assert audit.verify(conn) == []


def test_cli_writes_need_a_role_that_may_write(
    demo_db_copy: Path, users_file: Path, tmp_path: Path, cli
) -> None:
    story = tmp_path / "story.md"
    story.write_text("Historien bag tallene: **stabilt**.", encoding="utf-8")
    db = ["--db", str(demo_db_copy)]
    args = [
        *db, "followup", "submit", "--plan", PLAN, "--year", "2024", "--goal", GOAL,
        "--status", "delvist", "--story-file", str(story),
    ]  # fmt: skip
    code, _, err = cli(*args, "--user", "bo", password=PASSWORDS["bo"])
    assert code != 0 and "må ikke skrive opfølgninger" in err
    code, _, err = cli(*args, "--user", "rita", password=PASSWORDS["rita"])
    assert code != 0 and "må ikke skrive opfølgninger" in err
    code, out, _ = cli(*args, "--user", "mette", password=PASSWORDS["mette"])
    assert code == 0 and "Indsendt: version 1" in out and "af mette" in out
    code, _, err = cli(*args, "--based-on", "999", "--user", "mette", password=PASSWORDS["mette"])
    assert code != 0 and "bevaret" in err
    note = [
        *db, "note", "add", "--indicator", "dagtilbud_1_5", "--geo", "Vejleåparken",
        "--period", "2020", "--text", "corona",
    ]  # fmt: skip
    code, _, err = cli(*note, "--user", "bo", password=PASSWORDS["bo"])
    assert code != 0 and "må ikke skrive noter" in err
    code, _, _ = cli(*note, "--user", "mette", password=PASSWORDS["mette"])
    assert code == 0
    with connect(demo_db_copy) as conn:
        assert set(audit.entries(conn, actor="mette")["action"]) == {"followup_submit", "note_add"}
        assert audit.entries(conn, actor="bo").empty
