"""Stored plan reads (migration 023, monitor/stored_reads.py): computed by the writer that
changes a plan's inputs, read back only while they match the database's present state, and then
the very rows the live query gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.aliases import add_geography
from etl.load import import_bytes
from monitor import stored_reads
from monitor.db import connect, execute, run_query
from monitor.plan_versions import plan_content_of, save_plan
from tests.conftest import TEST_REDAKTOR

HEADER = "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"


@pytest.fixture
def demo(demo_db_copy: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = connect(demo_db_copy)
    yield conn
    conn.close()


@pytest.fixture
def live_calls(monkeypatch) -> list[tuple[str, dict]]:
    """Every time a stored read falls back to the live query."""
    calls: list[tuple[str, dict]] = []
    real = stored_reads.run_query

    def spy(conn, name, **params):
        if name in stored_reads.STORED_QUERIES:
            calls.append((name, params))
        return real(conn, name, **params)

    monkeypatch.setattr(stored_reads, "run_query", spy)
    return calls


def _plans(conn) -> list[str]:
    return run_query(conn, "plans")["plan_id"].tolist()


def _assert_stored_equal_live(conn, live_calls) -> None:
    for plan_id in _plans(conn):
        for name in stored_reads.STORED_QUERIES:
            before = len(live_calls)
            got = stored_reads.read(conn, name, plan_id=plan_id)
            assert len(live_calls) == before, f"{plan_id}/{name} was not read from storage"
            pd.testing.assert_frame_equal(got, run_query(conn, name, plan_id=plan_id))


def _built(conn) -> dict[tuple[str, str], object]:
    sql = "select plan_id, query_name, epoch_us(built_at) from plan_read_stored"
    rows = execute(conn, sql).fetchall()
    return {(p, q): b for p, q, b in rows}


def test_the_demo_database_reads_every_plan_from_storage(demo, live_calls) -> None:
    assert len(_built(demo)) == len(_plans(demo)) * len(stored_reads.STORED_QUERIES)
    _assert_stored_equal_live(demo, live_calls)


def test_an_import_for_a_plans_area_recomputes_its_reads(demo, live_calls) -> None:
    before = _built(demo)
    content = (HEADER + "Andel 1-5-årige i dagtilbud;Vejleåparken;;2009;61,7 %;185;300\n").encode()
    report = import_bytes(demo, content, "dagtilbud-2009.csv", user=TEST_REDAKTOR)
    assert report.batch_id is not None and not report.errors
    after = _built(demo)
    assert (
        after[("vejleaaparken-2021-25", "plan_series")]
        > before[("vejleaaparken-2021-25", "plan_series")]
    )
    _assert_stored_equal_live(demo, live_calls)
    series = stored_reads.read(demo, "plan_series", plan_id="vejleaaparken-2021-25")
    new = series[(series["geo_code"] == "Vejleåparken") & (series["year"] == 2009)]
    assert new["value"].round(1).tolist() == [61.7]


def test_an_import_no_plan_reads_keeps_the_stored_reads(demo, live_calls) -> None:
    code = add_geography(demo, TEST_REDAKTOR, "AAB-77", "AAB afd. 77")
    before = _built(demo)
    content = (
        HEADER + f"Andel 1-5-årige i dagtilbud;AAB afd. 77;{code};2020;50,0 %;5;10\n"
    ).encode()
    report = import_bytes(demo, content, "ny-afdeling.csv", user=TEST_REDAKTOR)
    assert report.batch_id is not None and not report.errors
    assert _built(demo) == before  # not recomputed: still valid, for the new state
    _assert_stored_equal_live(demo, live_calls)


def test_a_write_that_does_not_refresh_makes_the_reads_live(demo, live_calls) -> None:
    execute(demo, "insert into registry_load (sha256, loaded_by) values ('x', 'test')")
    plan_id = "slagelse-2021-25"
    got = stored_reads.read(demo, "plan_series", plan_id=plan_id)
    assert live_calls == [("plan_series", {"plan_id": plan_id})]
    pd.testing.assert_frame_equal(got, run_query(demo, "plan_series", plan_id=plan_id))


def test_a_new_plan_version_recomputes_every_plans_reads(demo, live_calls) -> None:
    before = _built(demo)
    plan = plan_content_of(demo, "ishoej-2025-29", 1)
    renamed = plan.model_copy(update={"name": plan.name + " (revideret)"})
    assert save_plan(demo, TEST_REDAKTOR, renamed, reason="Nyt navn") is not None
    after = _built(demo)
    assert all(after[k] > before[k] for k in before)
    _assert_stored_equal_live(demo, live_calls)


def test_a_write_between_an_import_and_its_refresh_leaves_the_other_reads_live(
    demo, live_calls, monkeypatch
) -> None:
    # Another process's write lands after the import commits and before its reads are
    # stored; that write's own refresh may never have run, so the import marks nothing valid.
    code = add_geography(demo, TEST_REDAKTOR, "AAB-77", "AAB afd. 77")
    real = stored_reads.refresh_after_import

    def with_a_write_between(conn, *args):
        execute(conn, "insert into registry_load (sha256, loaded_by) values ('y', 'andet')")
        real(conn, *args)

    monkeypatch.setattr(stored_reads, "refresh_after_import", with_a_write_between)
    row = f"Andel 1-5-årige i dagtilbud;AAB afd. 77;{code};2020;50,0 %;5;10\n"
    report = import_bytes(demo, (HEADER + row).encode(), "ny.csv", user=TEST_REDAKTOR)
    assert report.batch_id is not None
    plan_id = "slagelse-2021-25"
    got = stored_reads.read(demo, "plan_series", plan_id=plan_id)
    assert live_calls == [("plan_series", {"plan_id": plan_id})]
    pd.testing.assert_frame_equal(got, run_query(demo, "plan_series", plan_id=plan_id))
