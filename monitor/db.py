"""The one door to the database: open, migrate, execute, run named queries."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from monitor.config import QUERIES_DIR

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | Mapping[str, Any] | None


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
        conn.execute("begin transaction")
        try:
            conn.execute(sql)
            conn.execute(
                "insert into schema_migration (version, name) values (?, ?)", [version, name]
            )
            conn.execute("commit")
        except duckdb.Error as exc:
            conn.execute("rollback")
            raise DatabaseError(f"Migrering {name} kunne ikke gennemføres: {exc}") from exc
        applied.append(name)
    return applied


def connect(
    path: str | Path, *, read_only: bool = False, migrate_schema: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open (and, unless read-only, create or upgrade) the database file at `path`."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(
            f"Databasen {path} findes ikke. Kør først: python -m etl --db {path} init"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise DatabaseError(f"Databasen {path} kunne ikke åbnes: {exc}") from exc
    if migrate_schema and not read_only:
        migrate(conn)
    return conn


def execute(
    conn: duckdb.DuckDBPyConnection, sql: str, params: Params = None
) -> duckdb.DuckDBPyConnection:
    """Run one parameterised statement; every statement goes through here."""
    return conn.execute(sql, params) if params is not None else conn.execute(sql)


def fetch_df(conn: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> pd.DataFrame:
    """Run one parameterised query and return a frame."""
    return execute(conn, sql, params).df()


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
    """All or nothing: commit when the block ends, roll back on any exception."""
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
