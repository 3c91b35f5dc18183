"""Load parsed files into DuckDB: all or nothing, idempotent, with revisions kept as history."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.names import Unresolved
from etl.parse import Lookup, ParsedFile, parse_bytes, release_free_memory
from etl.problems import Problem
from monitor import audit, originals, stored_reads
from monitor.auth import User, require
from monitor.db import query_sql, run_query, transaction
from monitor.fmt import fmt_number


@dataclass
class ImportReport:
    """What an import did (or would do): counts, problems and the batch it made."""

    file_name: str
    sha256: str
    kind: str | None = None
    layout: str | None = None
    kind_detected: bool = False
    rows_read: int = 0
    values_loaded: int = 0
    values_unchanged: int = 0
    values_revised: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    duplicate_of_batch: int | None = None
    # Revised figures that go back to a figure an earlier import replaced (an older delivery
    # loaded again): never loaded without the user's confirmation (accept_older).
    values_reverted: int = 0
    older_refused: bool = False
    # Names the file uses that match no registry entry (or several), with candidates.
    unresolved: list[Unresolved] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        """The file would undo newer figures: the user must confirm before it loads."""
        return self.values_reverted > 0

    def summary(self) -> str:
        """One Danish line: rows read, values loaded, unchanged, revised, warnings."""
        if self.duplicate_of_batch is not None:
            return f"allerede indlæst (import nr. {self.duplicate_of_batch}); intet indlæst igen"
        if self.errors:
            return f"{len(self.errors)} fejl; intet indlæst"
        if self.older_refused:
            return (
                f"ikke indlæst: {fmt_number(self.values_reverted)} tal ligner en ældre "
                "levering (de ville erstatte nyere tal); bekræft, hvis det er meningen"
            )
        return (
            f"{fmt_number(self.rows_read)} rækker læst, "
            f"{fmt_number(self.values_loaded)} værdier indlæst, "
            f"{fmt_number(self.values_unchanged)} uændrede, "
            f"{fmt_number(self.values_revised)} reviderede, "
            f"{fmt_number(len(self.warnings))} advarsler"
        )


def _incoming(parsed: ParsedFile) -> pa.Table:
    """The file's records as Arrow, converted once (the compare runs twice, and the afdeling
    check once: three copies of a million records were a good part of an import's memory)."""
    if parsed.records_arrow is None:
        parsed.records_arrow = pa.Table.from_pandas(parsed.records, preserve_index=False)
    return parsed.records_arrow


def _compared(conn: duckdb.DuckDBPyConnection, parsed: ParsedFile):
    """Each figure against the current one (Arrow, not pandas: a million compared figures go
    back into DuckDB for the insert)."""
    conn.register("incoming", _incoming(parsed))
    try:
        return conn.sql(query_sql("import_compare")).to_arrow_table()
    finally:
        conn.unregister("incoming")


def _compare(conn: duckdb.DuckDBPyConnection, parsed: ParsedFile, report: ImportReport):
    """Each figure against the current one; older figures coming back and areas whose
    afdelinger changed since the last delivery become warnings in the report."""
    compared = _compared(conn, parsed)
    conn.register("incoming", _incoming(parsed))
    try:
        changed = run_query(conn, "import_member_change")
    finally:
        conn.unregister("incoming")
    for r in changed.itertuples():
        parts = []
        if r.added:
            parts.append(f"nye: {r.added}")
        if r.dropped:
            parts.append(f"mangler: {r.dropped}")
        report.warnings.append(
            Problem(
                report.file_name,
                None,
                None,
                None,
                None,
                f"brud i serien for {r.area_name} ({r.indicator_code}): filen har tal for "
                f"{r.afdelinger_now} afdelinger, forrige levering (import nr. "
                f"{r.previous_batch}) for {r.afdelinger_before} ({'; '.join(parts)}); "
                "områdets tal bygger på et andet sæt afdelinger",
                "advarsel",
            )  # fmt: skip
        )
    if pc.any(pc.equal(compared["change"], "revised")).as_py():
        conn.register("compared", compared)
        try:
            # Register extracts (LBF, Statistikbanken) deliver whole series, so one that
            # stops early is an old extract; a survey or a local count file may rightly
            # correct one year.
            whole_series = report.kind in WHOLE_SERIES_KINDS
            reverts = run_query(conn, "import_reverts", whole_series=whole_series)
        finally:
            conn.unregister("compared")
        if not reverts.empty:
            report.values_reverted = len(reverts)
            for reason, rows in reverts.groupby("reason", sort=True):
                message = _older_message(reason, rows)
                report.warnings.append(
                    Problem(report.file_name, None, None, None, None, message, "advarsel")
                )
    return compared


# Sources whose every delivery carries the whole series up to its newest year.
WHOLE_SERIES_KINDS = ("lbf", "dst")


def _older_message(reason: str, rows) -> str:
    """A Danish warning for the revised figures that look like an older delivery (by the
    sign import_reverts names)."""
    first = rows.iloc[0]
    example = f"fx {first.indicator_code} for {first.geo_code} {first.period}"
    batches = ", ".join(str(b) for b in sorted(set(rows["older_batch"]))[:5])
    if reason == "tilbage":
        said = (
            f"{fmt_number(len(rows))} tal går tilbage til værdier, som en senere import allerede "
            f"har erstattet ({example}; som i import nr. {batches})"
        )
    else:
        said = (
            f"{fmt_number(len(rows))} tal ændres af en fil, hvis serie slutter før det nyeste år, "
            f"databasen har for samme indikator og geografi ({example}; nyere tal fra import nr. "
            f"{batches})"
        )
    return f"{said}: er det en ældre levering? Filen indlæses kun, hvis du bekræfter det"


def _prepare(
    conn: duckdb.DuckDBPyConnection,
    content: bytes,
    file_name: str,
    options: dict,
) -> tuple[ImportReport, ParsedFile | None, object]:
    digest = hashlib.sha256(content).hexdigest()
    report = ImportReport(file_name=file_name, sha256=digest)
    known = run_query(conn, "known_batch", sha256=digest)
    if not known.empty:
        report.duplicate_of_batch = int(known["batch_id"].iloc[0])
        return report, None, None
    parsed = parse_bytes(content, file_name, Lookup.from_db(conn), **options)
    report.kind, report.layout = parsed.kind, parsed.layout
    report.kind_detected, report.rows_read = parsed.kind_detected, parsed.rows_read
    report.errors, report.notes = parsed.errors, parsed.notes
    report.warnings = list(parsed.warnings)
    report.unresolved = parsed.unresolved
    if parsed.errors:
        return report, parsed, None
    compared = _compare(conn, parsed, report)
    _count_changes(report, compared)
    return report, parsed, compared


def _count_changes(report: ImportReport, compared) -> None:
    counts = {
        str(item["values"]): int(item["counts"])
        for item in pc.value_counts(compared["change"]).to_pylist()
    }
    report.values_unchanged = counts.get("unchanged", 0)
    report.values_revised = counts.get("revised", 0)
    report.values_loaded = counts.get("new", 0) + report.values_revised


def _test_hold_transaction(conn: duckdb.DuckDBPyConnection) -> None:
    """Test hook (the kill test): with $MONITOR_TEST_HOLD_IMPORT set to a file path, write
    there the number of observations the open transaction sees once the figures and the audit
    entry are inserted, then wait, so the test can kill the process with the transaction
    open. Unset in real use."""
    marker = os.environ.get("MONITOR_TEST_HOLD_IMPORT")
    if marker:
        seen = conn.execute("select count(*) from observation").fetchone()[0]
        Path(marker).write_text(str(seen), encoding="utf-8")
        time.sleep(600)


def preview_bytes(
    conn: duckdb.DuckDBPyConnection, content: bytes, file_name: str, **options: object
) -> ImportReport:
    """What importing these bytes would do; nothing is written."""
    report, _, _ = _prepare(conn, content, file_name, options)
    return report


def import_bytes(
    conn: duckdb.DuckDBPyConnection,
    content: bytes,
    file_name: str,
    *,
    user: User | None,
    kind: str | None = None,
    sheet: str | None = None,
    indicator: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    accept_older: bool = False,
) -> ImportReport:
    """Import one file's bytes: all or nothing; the same bytes twice load nothing.

    `user` is the logged-in user; the role must allow importing (checked here, not only by the
    page or command that calls this). A file that would put back figures a later import
    replaced loads only with `accept_older` (the user confirmed an older delivery)."""
    user = require(user, "import_data")
    options = {"kind": kind, "sheet": sheet, "indicator": indicator, "progress": progress}
    report, parsed, compared = _prepare(conn, content, file_name, options)
    if parsed is None or report.errors:
        return report
    if report.needs_confirmation and not accept_older:
        report.older_refused = True
        return report
    warnings = json.dumps([str(w) for w in report.warnings], ensure_ascii=False)
    del compared  # compared again below: two million-row copies would be held at once
    with transaction(conn):
        stored_before = stored_reads.source_key(conn)
        # Compared again inside the transaction: another import (another session, or the
        # command line) may have committed since the preview, and its figures count.
        compared = _compared(conn, parsed)
        del parsed  # its Arrow records are in `compared` now
        _count_changes(report, compared)
        conn.register("import_content", _content_table(content))
        try:
            batch_id = _insert_batch(conn, report, file_name, user.username, warnings)
        finally:
            conn.unregister("import_content")
        conn.register("compared", compared)
        try:
            conn.execute(query_sql("observation_insert"), {"batch_id": int(batch_id)})
        finally:
            conn.unregister("compared")
        del compared
        release_free_memory()  # before the fingerprint and the commit need DuckDB's memory
        _audit(conn, user.username, int(batch_id), report)
        stored_after = stored_reads.source_key(conn)
        _test_hold_transaction(conn)
    report.batch_id = int(batch_id)
    # The plans' stored reads in a transaction of their own, once the import's memory is
    # given back: a write between the two (another process) only leaves them to be read live.
    release_free_memory()
    with transaction(conn):
        stored_reads.refresh_after_import(conn, int(batch_id), stored_before, stored_after)
    return report


def _content_table(content: bytes) -> pa.Table:
    """The file's bytes, compressed (monitor/originals.py), as a one-row Arrow table over the
    same memory (not copied)."""
    stored, codec, size = originals.pack(content)
    offsets = pa.py_buffer(np.array([0, len(stored)], dtype=np.int64))
    array = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(stored)])
    return pa.table({"content": array, "codec": [codec], "size": pa.array([size], pa.int64())})


def _insert_batch(
    conn: duckdb.DuckDBPyConnection,
    report: ImportReport,
    file_name: str,
    user: str,
    warnings: str,
) -> int:
    return int(
        run_query(
            conn,
            "import_batch_insert",
            sha256=report.sha256,
            file_name=file_name,
            kind=report.kind,
            layout=report.layout,
            imported_by=user,
            rows_read=report.rows_read,
            values_loaded=report.values_loaded,
            values_unchanged=report.values_unchanged,
            values_revised=report.values_revised,
            warnings=warnings,
        )["batch_id"].iloc[0]
    )


def _audit(conn: duckdb.DuckDBPyConnection, user: str, batch_id: int, report: ImportReport):
    audit.append(
        conn,
        actor=user,
        action="import",
        entity="import_batch",
        entity_id=str(batch_id),
        details={
            "file_name": report.file_name,
            "sha256": report.sha256,
            "kind": report.kind,
            "values_loaded": report.values_loaded,
            "values_revised": report.values_revised,
            # The figures just inserted (same transaction), so an edit in the file is caught.
            "observations_sha256": audit.observations_sha256(conn, batch_id),
        },
    )


def import_file(
    conn: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    user: User | None,
    file_name: str | None = None,
    **options: object,
) -> ImportReport:
    """Import the file at `path` (see import_bytes)."""
    path = Path(path)
    return import_bytes(conn, path.read_bytes(), file_name or path.name, user=user, **options)  # type: ignore[arg-type]
