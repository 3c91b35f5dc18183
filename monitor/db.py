"""The one door to the database: open, migrate, execute, run named queries."""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from monitor import config
from monitor.config import QUERIES_DIR

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | Mapping[str, Any] | None

# What a process waiting for another's lock on the file is told (the app shows it, the command
# line prints it), while it tries again.
BUSY_MESSAGE = "databasen er optaget af en anden import – prøver igen"

# Writers in one process take turns: every session of the app (its own thread) and every
# command shares one DuckDB instance per file, and DuckDB's optimistic transactions would
# otherwise let two imports read the same newest audit entry and collide on its sequence
# number at commit. Across processes DuckDB's file lock already keeps writers apart.
_WRITE_LOCK = threading.RLock()


class DatabaseError(Exception):
    """A database problem worded for the user (Danish)."""


def migrations() -> list[tuple[int, str, str]]:
    """All migrations as (version, file name, sql), in order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    return found


def schema_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied, 0 for an empty database."""
    exists = conn.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_migration'"
    ).fetchone()[0]
    if not exists:
        return 0
    return conn.execute("select coalesce(max(version), 0) from schema_migration").fetchone()[0]


def migrate(conn: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; returns the names applied."""
    conn.execute(
        "create table if not exists schema_migration ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamptz not null default current_timestamp)"
    )
    # Apply by set difference, not "above the highest": a branch's migration numbered below
    # one already applied elsewhere is still applied.
    done = {row[0] for row in conn.execute("select version from schema_migration").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done or (up_to is not None and version > up_to):
            continue
        with _WRITE_LOCK:
            conn.execute("begin transaction")
            try:
                conn.execute(sql)
                conn.execute(
                    "insert into schema_migration (version, name) values (?, ?)",
                    [version, name],
                )
                conn.execute("commit")
            except duckdb.Error as exc:
                conn.execute("rollback")
                raise DatabaseError(f"Migrering {name} kunne ikke gennemføres: {exc}") from exc
        applied.append(name)
    return applied


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    """Another process holds the file (DuckDB lets one process write it, and a reader in
    another process conflicts with that writer too)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _say_busy(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _open_waiting(
    path: Path, read_only: bool, on_busy: Callable[[str], None] | None
) -> duckdb.DuckDBPyConnection:
    """Open the file; while another process holds its lock, say so once and try again, up to
    config.db_wait_seconds(); then a Danish error (nothing has been changed)."""
    limit = config.db_wait_seconds()
    deadline = time.monotonic() + limit
    told = False
    pause = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise DatabaseError(f"Databasen {path} kunne ikke åbnes: {exc}") from exc
            if time.monotonic() >= deadline:
                raise DatabaseError(
                    f"Databasen {path} er optaget af en anden import eller proces og blev ikke "
                    f"ledig inden for {fmt_seconds(limit)} sekunder. Intet er ændret; prøv igen "
                    "om lidt (ventetiden sættes med MONITOR_DB_WAIT)."
                ) from None
            if not told:
                (on_busy or _say_busy)(BUSY_MESSAGE)
                told = True
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 0.5)


def fmt_seconds(seconds: float) -> str:
    """Seconds as Danish text: 60, 2,5."""
    return f"{seconds:g}".replace(".", ",")


def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    migrate_schema: bool = True,
    on_busy: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open (and, unless read-only, create or upgrade) the database file at `path`.

    Close it as soon as the work is done (`with connect(...) as conn:`): while it is open no
    other process can use the file. When another process holds it, this waits (telling
    `on_busy`, by default standard error, once) up to config.db_wait_seconds()."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(
            f"Databasen {path} findes ikke. Kør først: python -m etl --db {path} init"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = _open_waiting(path, read_only, on_busy)
    if migrate_schema and not read_only:
        try:
            migrate(conn)
        except BaseException:
            conn.close()
            raise
    return conn


def execute(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Params = None
) -> duckdb.DuckDBPyConnection:
    """Run one parameterised statement; every statement goes through here."""
    return conn.execute(sql, params) if params is not None else conn.execute(sql)


def fetch_df(conn: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pd.DataFrame:
    """Run one parameterised query and return a frame."""
    return execute(conn, sql, params).df()


def fetch_arrow(conn: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pa.Table:
    """Run one parameterised query and return its rows as Arrow (through a relation: an
    execute() result would be copied once more on the way)."""
    return conn.sql(sql, params=params).to_arrow_table()


def arrow_batches(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Params = None, batch_size: int = 100_000
) -> Iterator[Any]:
    """Run one parameterised query and stream its rows as Arrow record batches (no pandas,
    and no copy of the whole result: a million rows are read a batch at a time)."""
    if hasattr(duckdb.DuckDBPyRelation, "to_arrow_reader"):
        found = conn.sql(sql, params=params)  # DuckDB 2: no extra copy of a DB-API result
        return iter(found.to_arrow_reader(batch_size)) if found is not None else iter(())
    return iter(execute(conn, sql, params).fetch_record_batch(rows_per_batch=batch_size))


@cache
def query_sql(name: str) -> str:
    """The text of queries/<name>.sql."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def run_query(conn: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run the named query from queries/ with named parameters ($name in the SQL)."""
    sql = query_sql(name)
    used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", sql))
    missing = used - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    return fetch_df(conn, sql, {k: v for k, v in params.items() if k in used})


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends, roll back on any exception.

    Writers of one process take turns (see _WRITE_LOCK), so two sessions' imports never
    allocate the same audit sequence number or batch id."""
    with _WRITE_LOCK:
        conn.execute("begin transaction")
        try:
            yield conn
        except BaseException:
            conn.execute("rollback")
            raise
        conn.execute("commit")


def database_kind(conn: duckdb.DuckDBPyConnection) -> str:
    """'demo' or 'production' as marked when the first content was written; 'new' for a
    database nothing has been written to yet. An unmarked database with content is production:
    nothing may treat real data as disposable by mistake."""
    row = run_query(conn, "database_kind").iloc[0]
    if isinstance(row["kind"], str):
        return row["kind"]
    return "production" if bool(row["has_content"]) else "new"


def mark_database(conn: duckdb.DuckDBPyConnection, kind: str) -> str:
    """Record what kind of database this is, once; returns the kind it has (an existing mark is
    never changed)."""
    if kind not in ("demo", "production"):
        raise ValueError(f"unknown database kind {kind!r}")
    current = database_kind(conn)
    if current == "new":
        run_query(conn, "database_mark", kind=kind)
        return kind
    if current == "production" and run_query(conn, "database_kind")["kind"].isna().iloc[0]:
        run_query(conn, "database_mark", kind="production")
    return current
