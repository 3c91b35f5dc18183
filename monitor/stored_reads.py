"""A plan's dashboard reads, computed when their inputs change and read back in milliseconds.

`plan_series` and `plan_chart_periods` derive a plan's figures from the observations of its
geographies and of every afdeling below them: a chain of windows and aggregates that costs tens
of milliseconds to plan and run, however few rows it returns. Data change a few times a year
(an import, a plan version, a registry load) and are read at every page view, so the writer that
changes them computes them once for every plan they touch and stores the result with the data
state it was computed for (`read_source_key`). A read takes the stored result only while that
key is the database's own; any other write (one that does not refresh, another process, a new
migration) makes the reads live again. They can be slower, never stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from monitor.db import execute, fetch_arrow, query_sql, run_query

# The reads stored per plan; each is queries/<name>.sql with the single parameter $plan_id.
STORED_QUERIES = ("plan_series", "plan_chart_periods")


def source_key(conn: duckdb.DuckDBPyConnection) -> str:
    """The database's data state as one text (queries/read_source_key.sql)."""
    # (fetchall: DuckDB keeps a result it has not read to the end open on the connection)
    return str(execute(conn, query_sql("read_source_key")).fetchall()[0][0])


def read(conn: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """The named query's rows: for a stored plan read computed for the present data, the stored
    result; otherwise (and for every other query) the query itself."""
    if name in STORED_QUERIES and set(params) == {"plan_id"}:
        stored = execute(
            conn,
            query_sql("plan_read_stored"),
            {"plan_id": params["plan_id"], "query_name": name},
        ).fetchall()
        if stored:
            table = pa.ipc.open_stream(stored[0][0]).read_all()
            # Through DuckDB, so the frame has the types a live run gives (DuckDB's own
            # conversion to pandas).
            return conn.from_arrow(table).df()
    return run_query(conn, name, **params)


def _payload(conn: duckdb.DuckDBPyConnection, name: str, plan_id: str) -> bytes:
    table = fetch_arrow(conn, query_sql(name), {"plan_id": plan_id})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _plan_ids(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return run_query(conn, "plans")["plan_id"].tolist()


def refresh(conn: duckdb.DuckDBPyConnection, plan_ids: Iterable[str] | None = None) -> None:
    """Compute and store the reads of `plan_ids` (every plan when None) for the present data.
    Called by a writer inside its transaction, after its write."""
    key = source_key(conn)
    plans = _plan_ids(conn) if plan_ids is None else list(plan_ids)
    for plan_id in plans:
        for name in STORED_QUERIES:
            run_query(
                conn,
                "plan_read_store",
                plan_id=plan_id,
                query_name=name,
                source_key=key,
                payload=_payload(conn, name, plan_id),
            )


def refresh_after_import(
    conn: duckdb.DuckDBPyConnection, batch_id: int, key_before: str, key_after: str
) -> None:
    """After an import (in a transaction of its own, after the import's): recompute the plans
    whose figures the batch feeds. The others' stored reads, valid before the import
    (`key_before`), are marked valid for the state it left (`key_after`), but only if no
    other write came between: that write's plans may not have been recomputed (its process
    may have stopped), and a read stored for an older state is never marked valid."""
    touched = [
        plan_id
        for plan_id in _plan_ids(conn)
        if bool(run_query(conn, "plan_reads_batch", plan_id=plan_id, batch_id=batch_id).iloc[0, 0])
    ]
    nothing_between = source_key(conn) == key_after
    refresh(conn, touched)
    if nothing_between:
        restamp(conn, key_before)


def restamp(conn: duckdb.DuckDBPyConnection, key_before: str) -> None:
    """After a write that changed no plan's inputs (inside its transaction): the reads valid
    before it (`key_before`) are valid after it."""
    run_query(conn, "plan_read_restamp", key_after=source_key(conn), key_before=key_before)
