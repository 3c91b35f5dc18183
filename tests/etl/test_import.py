"""The import path on real files and real DuckDB files: every cell rule and layout of
formats.md, all or nothing, idempotence, revisions, lineage and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from etl.cli import main
from etl.load import import_bytes, import_file
from monitor.auth import User, add_user
from monitor.db import connect, run_query
from monitor.originals import original_file
from tests.conftest import TEST_REDAKTOR

LONG_HEADER = "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"


def current(conn, indicator: str, geo: str) -> dict[str, tuple]:
    rows = conn.execute(
        "select period, value, numerator, denominator, suppressed, suppressed_below, uncertain,"
        " raw_text from observation_current where indicator_code = ? and geo_code = ?",
        [indicator, geo],
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def counts(conn) -> tuple[int, int]:
    return (
        conn.execute("select count(*) from import_batch").fetchone()[0],
        conn.execute("select count(*) from observation").fetchone()[0],
    )


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8-sig", ";"), ("utf-8", ";"), ("cp1252", ";"), ("utf-8", ",")],
)
def test_long_csv_in_every_encoding_and_separator(registry_db, tmp_path, encoding, sep) -> None:
    rows = [
        ["Indikator", "Geografi", "Geografikode", "År", "Andel", "Antal", "Grundlag"],
        ["Andel 1-5 årige i dagtilbud", "Vejleåparken", "", "2019", "88,4 %", "266", "301"],
        ["Andel af 1-5-årige i dagtilbud", "Ishøj", "0183", "2019", "90,2%", "1.337", "1 482"],
        ["Andel 1-5-årige i dagtilbud", "Hele landet", "", "2019", "<5", "", ""],
        ["Andel 1-5-årige i dagtilbud", "Almene boliger i kommunen", "183", "2019", "..", "", ""],
    ]
    path = tmp_path / "lbf.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=sep).writerows(rows)
    report = import_file(registry_db, path, user=TEST_REDAKTOR)
    assert not report.errors, report.errors
    assert (report.kind, report.layout, report.kind_detected) == ("lbf", "lbf-lang", True)
    assert current(registry_db, "dagtilbud_1_5", "Vejleåparken")["2019"][:4] == (
        88.4,
        266.0,
        301.0,
        False,
    )
    kommune = current(registry_db, "dagtilbud_1_5", "183")["2019"]
    assert kommune[:3] == (90.2, 1337.0, 1482.0)
    assert "1.337" in kommune[6]  # the raw text is kept
    landsplan = current(registry_db, "dagtilbud_1_5", "000")["2019"]
    assert landsplan[0] is None and landsplan[3] is True and landsplan[4] == 5
    assert current(registry_db, "dagtilbud_1_5", "almene-183")["2019"][3] is True
    # The original bytes are kept exactly (read into the batch as Arrow over the same memory).
    assert original_file(registry_db, report.batch_id) == ("lbf.csv", path.read_bytes())
    stored = run_query(registry_db, "import_batch_content", batch_id=report.batch_id)
    assert stored["content_codec"].iloc[0] == "zstd"


def test_quoted_separators_and_line_breaks(registry_db, tmp_path) -> None:
    text = (
        "Indikator,Geografi,Periode,Antal,Kilde,Usikker,Note\n"
        'Udsættelser af beboere,AAB-55,2024,3,"AAB, inkasso",ja,"Kan være\nhøjere"\n'
        "Udsættelser af beboere,AAB-55,2025-K1,1,AAB,,\n"
        "Udsættelser af beboere,AAB-55,2025Q2,2,AAB,,\n"
        "Udsættelser af beboere,AAB-55,2025-K3,0?,AAB,,\n"
    )
    path = tmp_path / "lokal.csv"
    path.write_text(text, encoding="utf-8")
    report = import_file(registry_db, path, user=TEST_REDAKTOR)
    assert not report.errors, report.errors
    assert report.kind == "lokal"
    figures = current(registry_db, "udsaettelser", "AAB-55")
    assert figures["2024"][0] == 3 and figures["2024"][5] is True
    assert set(figures) == {"2024", "2025-K1", "2025-K2", "2025-K3"}
    assert figures["2025-K3"][5] is True  # trailing '?'
    note = registry_db.execute(
        "select note, source_row from observation where period = '2024'"
    ).fetchone()
    assert note == ("Kan være\nhøjere", 2)
    year = registry_db.execute(
        "select value, partial from observation_series"
        " where indicator_code = 'udsaettelser' and period = '2025'"
    ).fetchone()
    assert year == (3.0, True)  # three quarters reported: a partial year


def test_wide_xlsx_with_title_block_merged_header_and_percent_cells(registry_db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Beboerdata"
    sheet["A1"] = "LBF boligsociale data"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Udtræk 2021"
    header = ["Indikator", "Geografi", "Geografikode", "Enhed", 2018, 2019]
    for col, text in enumerate(header, start=1):
        sheet.cell(row=4, column=col, value=text)
    name = "Andel 18-64-årige uden tilknytning til arbejdsmarked og uddannelse"
    sheet.append([name, "Vejleåparken", "", "andel", 0.251, 0.248])
    sheet.append([name, "Vejleåparken", "", "antal", 690, 686])
    sheet.append([name, "Ishøj Kommune", "183", "andel", "16,6 %", "16,3 %"])
    sheet.append([name, "Ishøj Kommune", "183", "antal", "2.290", "2.303"])
    for row in sheet.iter_rows(min_row=5, max_row=5, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "0.0%"
    sheet.merge_cells("A5:A6")  # the indicator name merged over its andel and antal rows
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_bytes(registry_db, buffer.getvalue(), "bred.xlsx", user=TEST_REDAKTOR)
    assert not report.errors, [str(p) for p in report.errors]
    assert report.layout == "lbf-bred"
    area = current(registry_db, "uden_tilknytning_18_64", "Vejleåparken")
    assert area["2019"][:2] == (pytest.approx(24.8), 686.0)
    assert current(registry_db, "uden_tilknytning_18_64", "183")["2019"][:2] == (16.3, 2303.0)


def test_every_error_is_reported_and_nothing_loads(registry_db, tmp_path) -> None:
    path = tmp_path / "fejl.csv"
    path.write_text(
        LONG_HEADER
        + "Andel 1-5-årige i dagtilbud;Vejleåparken;;2019;88,4 %;266;301\n"
        + "Andel 1-5-årige i dagtilbu;Vejleåparken;;2019;88,4 %;266;301\n"
        + "Andel 1-5-årige i dagtilbud;Atlantis;;2019;88,4 %;266;301\n"
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2019;188,4 %;266;301\n"
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2020;12x;;\n"
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2021;50 %;400;300\n",
        encoding="utf-8",
    )
    before = counts(registry_db)
    report = import_file(registry_db, path, user=TEST_REDAKTOR)
    found = {(p.row, p.column): p.message for p in report.errors}
    assert "ukendt indikator" in found[(3, "Indikator")]
    assert "Andel 1-5-årige i dagtilbud" in found[(3, "Indikator")]  # closest known name
    assert "ukendt geografi" in found[(4, "Geografi")]
    assert "mellem 0 og 100" in found[(5, "Andel")]
    assert found[(6, "Andel")] == "ikke et tal"
    assert "større end nævneren" in found[(7, "Antal")]
    assert all(p.file == "fejl.csv" for p in report.errors)
    assert counts(registry_db) == before


def test_share_disagreeing_with_counts_is_a_warning(registry_db, tmp_path) -> None:
    path = tmp_path / "advarsel.csv"
    path.write_text(
        LONG_HEADER + "Andel 1-5-årige i dagtilbud;Ishøj;;2019;70 %;266;301\n", encoding="utf-8"
    )
    report = import_file(registry_db, path, user=TEST_REDAKTOR)
    assert not report.errors and len(report.warnings) == 1
    assert "passer ikke" in report.warnings[0].message


def test_same_bytes_twice_load_nothing_and_revisions_keep_history(registry_db, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(
        LONG_HEADER
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2019;90,2 %;1337;1482\n"
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2020;90,0 %;1340;1489\n",
        encoding="utf-8",
    )
    assert import_file(registry_db, first, user=User("anna", "redaktør")).values_loaded == 2
    seen_at = dt.datetime.now(dt.UTC)
    again = import_file(registry_db, first, user=User("anna", "redaktør"))
    assert again.duplicate_of_batch is not None and "allerede indlæst" in again.summary()
    time.sleep(0.05)
    second = tmp_path / "b.csv"
    second.write_text(
        LONG_HEADER
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2019;90,2 %;1337;1482\n"
        + "Andel 1-5-årige i dagtilbud;Ishøj;;2020;91,0 %;1355;1489\n",
        encoding="utf-8",
    )
    report = import_file(registry_db, second, user=User("bo", "redaktør"))
    assert (report.values_loaded, report.values_unchanged, report.values_revised) == (1, 1, 1)
    history = run_query(
        registry_db, "observation_history", indicator_code="dagtilbud_1_5", geo_code="183"
    )
    rows_2020 = history[history["period"] == "2020"]
    assert rows_2020["value"].tolist() == [90.0, 91.0]
    assert rows_2020["is_current"].tolist() == [False, True]
    assert rows_2020["imported_by"].tolist() == ["anna", "bo"]
    then = run_query(
        registry_db, "observations_as_of", as_of=seen_at, indicator_code=None, geo_code=None
    )
    assert then[then["period"] == "2020"]["value"].tolist() == [90.0]
    # One series asked for: only its figures, as they stood then.
    one = run_query(
        registry_db,
        "observations_as_of",
        as_of=seen_at,
        indicator_code="dagtilbud_1_5",
        geo_code="183",
    )
    assert set(zip(one["indicator_code"], one["geo_code"], strict=True)) == {
        ("dagtilbud_1_5", "183")
    }
    assert one[one["period"] == "2020"]["value"].tolist() == [90.0]
    assert (
        run_query(
            registry_db, "observations_as_of", as_of=seen_at, indicator_code=None, geo_code="183"
        )["geo_code"]
        .eq("183")
        .all()
    )


def test_area_aggregate_sums_numerators_and_flags_missing_parts(registry_db, tmp_path):
    path = tmp_path / "afd.csv"
    path.write_text(
        LONG_HEADER
        + "Andel 1-5-årige i dagtilbud;FOB-23;;2019;25 %;10;40\n"
        + "Andel 1-5-årige i dagtilbud;FOB-24;;2019;50 %;30;60\n"
        + "Andel 1-5-årige i dagtilbud;FOB-26;;2019;40 %;20;50\n"
        + "Andel 1-5-årige i dagtilbud;FOB-32;;2019;60 %;30;50\n"
        + "Andel 1-5-årige i dagtilbud;FOB-23;;2020;25 %;10;40\n"
        + "Andel 1-5-årige i dagtilbud;FOB-24;;2020;(d);;\n",
        encoding="utf-8",
    )
    assert not import_file(registry_db, path, user=TEST_REDAKTOR).errors
    rows = registry_db.execute(
        "select period, value, numerator, denominator, incomplete from observation_series"
        " where geo_code = 'Ringparken' order by period"
    ).fetchall()
    assert rows[0] == ("2019", pytest.approx(90 / 200 * 100), 90.0, 200.0, False)
    assert rows[1][0] == "2020" and rows[1][4] is True  # suppressed and missing afdelinger


def test_cli_load_dump_and_history(tmp_path, capsys, monkeypatch) -> None:
    db = tmp_path / "cli.duckdb"
    monkeypatch.delenv("MONITOR_DEMO", raising=False)
    monkeypatch.setenv("MONITOR_NEW_PASSWORD", "anne-adgang-1")
    monkeypatch.setenv("MONITOR_PASSWORD", "anne-adgang-1")
    assert main(["--db", str(db), "users", "add", "anne", "--role", "administrator"]) == 0
    assert main(["--db", str(db), "load", "--user", "anne", "x.csv"]) == 2  # no registry yet
    assert main(["--db", str(db), "init", "--user", "anne"]) == 0
    path = tmp_path / "lbf.csv"
    path.write_text(
        LONG_HEADER + "Andel 1-5-årige i dagtilbud;Vejleåparken;;2019;88,4 %;266;301\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["--db", str(db), "load", "--user", "anne", str(path)]) == 0
    out = capsys.readouterr().out
    assert "genkendt som lbf" in out and "1 værdier indlæst" in out
    assert main(["--db", str(db), "load", "--user", "anne", str(path)]) == 0
    assert "allerede indlæst" in capsys.readouterr().out
    assert main(["--db", str(db), "dump", "--plan", "vejleaaparken-2021-25"]) == 0
    dumped = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    row = next(
        r
        for r in dumped
        if r["geo_code"] == "Vejleåparken" and r["indicator_code"] == "dagtilbud_1_5"
    )
    assert (row["value"], row["numerator"], row["period"]) == ("88.4", "266.0", "2019")
    assert len(row["batch_sha256"]) == 64
    assert (
        main(["--db", str(db), "history", "--indicator", "dagtilbud_1_5", "--geo", "Vejleåparken"])
        == 0
    )
    assert "gældende" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(LONG_HEADER + "Ukendt;Vejleåparken;;2019;1;;\n", encoding="utf-8")
    assert main(["--db", str(db), "load", "--user", "anne", str(bad)]) == 1
    assert "ukendt indikator" in capsys.readouterr().err


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: (LONG_HEADER + t).encode()))
def test_malformed_files_never_crash_or_load_part(registry_db, content: bytes) -> None:
    before = counts(registry_db)
    report = import_bytes(registry_db, content, "x.csv", user=TEST_REDAKTOR)
    if report.errors or report.duplicate_of_batch is not None:
        assert counts(registry_db) == before
    else:
        batches, observations = counts(registry_db)
        assert batches == before[0] + 1
        assert observations - before[1] == report.values_loaded


def test_killed_import_leaves_the_database_as_it_was(registry_db_file, tmp_path) -> None:
    """kill -9 of a real import of a large valid file while its write transaction is open
    (the loader's test hook holds it there, after the figures and the audit entry are inserted
    and the transaction sees them): the database opens, nothing of the import is in it, the audit
    chain verifies, and the same load then succeeds."""
    from bench.data import bench_registry, write_long_csv
    from monitor.registry import write_registry
    from tests.conftest import TEST_ADMIN

    db = tmp_path / "kill.duckdb"
    db.write_bytes(registry_db_file.read_bytes())
    registry = bench_registry(2_000)
    with connect(db) as conn:
        add_user(conn, None, "anne", "administrator", "anne-adgang-1")
        write_registry(conn, registry, TEST_ADMIN)
        before = counts(conn)
        audit_before = conn.execute("select count(*) from audit_log").fetchone()[0]
    big = tmp_path / "lbf-stor.csv"
    rows = write_long_csv(big, 2_000, registry)
    assert rows == 240_000
    env = {**os.environ, "MONITOR_PASSWORD": "anne-adgang-1"}
    load = [sys.executable, "-m", "etl", "--db", str(db), "load", "--user", "anne", str(big)]

    marker = tmp_path / "inside-transaction"
    proc = subprocess.Popen(
        load,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**env, "MONITOR_TEST_HOLD_IMPORT": str(marker)},
    )
    deadline = time.monotonic() + 300
    while not (marker.exists() and marker.read_text()):
        assert proc.poll() is None, "the import ended before its transaction was held"
        assert time.monotonic() < deadline, "the import never reached its transaction"
        time.sleep(0.1)
    # Inside the open transaction every figure of the file is inserted; nothing is committed.
    assert int(marker.read_text()) == before[1] + rows
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL

    with connect(db) as conn:
        assert counts(conn) == before
        assert conn.execute("select count(*) from audit_log").fetchone()[0] == audit_before
    verify = [sys.executable, "-m", "etl", "--db", str(db), "audit", "verify"]
    checked = subprocess.run(verify, capture_output=True, text=True, env=env, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "er intakt" in checked.stdout

    again = subprocess.run(load, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "240.000 værdier indlæst" in again.stdout, again.stdout
    with connect(db) as conn:
        assert counts(conn) == (before[0] + 1, before[1] + rows)
    checked = subprocess.run(verify, capture_output=True, text=True, env=env, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
