"""One database file shared by the app and the command line: a process meeting another's lock
waits with a Danish message and then gives a clear error; two imports at once both succeed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from etl.load import import_bytes
from monitor import audit
from monitor.db import BUSY_MESSAGE, DatabaseError, connect, run_query
from tests.conftest import TEST_REDAKTOR

HOLD = (
    "import sys, time, duckdb\n"
    "conn = duckdb.connect(sys.argv[1])\n"
    "print('holding', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "conn.close()\n"
)


def hold_file(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the database file for `seconds` (as a running app or import)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_process_meeting_the_lock_waits_and_then_opens(
    registry_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "shared.duckdb"
    shutil.copy(registry_db_file, db)
    monkeypatch.setenv("MONITOR_DB_WAIT", "30")
    told: list[str] = []
    holder = hold_file(db, 1.5)
    started = time.monotonic()
    with connect(db, on_busy=told.append) as conn:
        waited = time.monotonic() - started
        assert not run_query(conn, "plans").empty
    holder.wait()
    assert told == [BUSY_MESSAGE]  # said once, not once per try
    assert BUSY_MESSAGE == "databasen er optaget af en anden import – prøver igen"
    assert 0.5 < waited < 30


def test_a_process_meeting_the_lock_too_long_gets_a_danish_error(
    registry_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "shared.duckdb"
    shutil.copy(registry_db_file, db)
    monkeypatch.setenv("MONITOR_DB_WAIT", "0,5")
    holder = hold_file(db, 20)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseError) as caught:
            connect(db, on_busy=lambda _m: None)
        assert 0.4 < time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()
    message = str(caught.value)
    assert "er optaget af en anden import eller proces" in message
    assert "inden for 0,5 sekunder" in message and "Intet er ændret" in message
    # No DuckDB text, PID or interpreter path.
    assert "PID" not in message and "lock" not in message.lower() and sys.executable not in message


def test_the_command_line_waits_for_the_app_and_says_so_in_danish(
    registry_db_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "shared.duckdb"
    shutil.copy(registry_db_file, db)
    # Longer than the command takes to start on a loaded machine, so it meets the lock.
    holder = hold_file(db, 8)
    result = subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db), "plans"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert BUSY_MESSAGE in result.stderr
    assert "vejleaaparken" in result.stdout.lower() or result.stdout.strip()


def lbf_long(geo: str, year: int, share: str) -> bytes:
    return (
        "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
        f"Andel 1-5-årige i dagtilbud;{geo};;{year};{share} %;;\n"
    ).encode()


def test_two_imports_at_once_in_one_process_both_succeed(
    registry_db_file: Path, tmp_path: Path
) -> None:
    """Two app sessions importing at the same moment (two threads, two connections to one
    DuckDB instance): both load, the audit chain stays whole. Before, both took max(seq)+1
    and the second failed with a ConstraintException."""
    db = tmp_path / "two.duckdb"
    shutil.copy(registry_db_file, db)
    files = [
        (f"session-{n}.csv", lbf_long("Vejleåparken", 2000 + n, f"{40 + n},5")) for n in range(4)
    ]
    start = threading.Barrier(len(files))
    results: dict[str, object] = {}

    def session(name: str, content: bytes) -> None:
        with connect(db) as conn:
            start.wait()
            try:
                results[name] = import_bytes(conn, content, name, user=TEST_REDAKTOR)
            except Exception as exc:  # noqa: BLE001 - recorded and asserted below
                results[name] = exc

    threads = [threading.Thread(target=session, args=f) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for name, _content in files:
        report = results[name]
        assert not isinstance(report, Exception), f"{name}: {report!r}"
        assert not report.errors and report.values_loaded == 1, report  # type: ignore[union-attr]
    with connect(db) as conn:
        assert conn.execute("select count(*) from import_batch").fetchone()[0] == len(files)
        assert conn.execute(
            "select count(*) from observation where geo_code = 'Vejleåparken'"
        ).fetchone()[0] == len(files)
        result = audit.verify_summary(conn, key=None, expect_head=None)
        assert result.faults == []
        seqs = [r[0] for r in conn.execute("select seq from audit_log order by seq").fetchall()]
        assert seqs == list(range(1, len(seqs) + 1))
