"""The read path of issue 11: the dashboard's queries for one plan and the import's comparison
read only the observations they need (migration 017's macros), and give exactly what the
whole-table definitions of 002/003/016/019 give."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from monitor.db import MIGRATIONS_DIR, connect, query_sql, run_query

OLD_VIEWS = (
    "observation_current",
    "observation_yearly_rollup",
    "observation_area_aggregate",
    "observation_series",
    "observation_chart_period",
    "geography_leaf",
)


def _old(sql: str) -> str:
    """The SQL with every view name renamed to old_<name>."""
    for name in OLD_VIEWS:
        sql = re.sub(rf"\b{name}\b", f"old_{name}", sql)
    return sql


# The whole-table definitions of the rules, migration by migration: 002, 003 and 016 wrote them
# first; 019 made geography_leaf and the area aggregate year-aware (members by period).
WHOLE_TABLE_DEFINITIONS = (
    ("002_views.sql", None),
    ("003_aggregates.sql", None),
    ("016_chart_periods.sql", None),
    ("019_plan_versions.sql", ("geography_leaf", "observation_area_aggregate")),
)


def create_old_views(conn: duckdb.DuckDBPyConnection) -> None:
    """The views as the migrations defined them over the whole table (before migration 017's
    macros), as temporary views named old_*."""
    for migration, only in WHOLE_TABLE_DEFINITIONS:
        text = (MIGRATIONS_DIR / migration).read_text(encoding="utf-8")
        code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("--"))
        for statement in code.split(";"):
            body = statement.strip()
            found = re.match(r"create (?:or replace )?view (\w+)", body)
            if not found or (only is not None and found[1] not in only):
                continue
            body = re.sub(r"^create (or replace )?view", "create or replace temp view", body)
            conn.execute(_old(body))


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order, whatever order the query gave (lists and NaN compared as text)."""
    key = frame.apply(lambda row: "\x1f".join(map(str, row)), axis=1)
    return frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)


@pytest.fixture
def demo(demo_db_copy: Path):
    conn = connect(demo_db_copy)
    create_old_views(conn)
    yield conn
    conn.close()


@pytest.mark.parametrize("view", OLD_VIEWS[:-1])
def test_the_views_give_what_they_gave(demo, view: str) -> None:
    new = demo.execute(f"select * from {view}").df()  # noqa: S608 - a name of ours
    old = demo.execute(f"select * from old_{view}").df()  # noqa: S608
    assert len(new) > 0
    pd.testing.assert_frame_equal(ordered(new), ordered(old), check_dtype=False)


def _plans(conn) -> list[str]:
    return run_query(conn, "plans")["plan_id"].tolist()


def test_plan_series_reads_only_its_rows_and_gives_the_same_figures(demo) -> None:
    sql = query_sql("plan_series")
    # (three joins: the plan's keys, and a boligområde the plan defines otherwise both as
    # delivered and summed over the plan's own geography of it, migration 022)
    assert sql.count("inner join series as s on") == 3
    whole_table = _old(
        sql.replace("inner join series as s on", "inner join observation_series as s on")
    )
    for plan_id in _plans(demo):
        new = run_query(demo, "plan_series", plan_id=plan_id)
        old = demo.execute(whole_table, {"plan_id": plan_id}).df()
        assert len(new) > 0, plan_id
        pd.testing.assert_frame_equal(new, old, check_dtype=False)


def test_plan_chart_periods_give_the_same_for_every_figure_drawn(demo) -> None:
    old_sql = """
        select p.indicator_code, p.geo_code, p.year, p.covered_type, p.covered, p.survey,
            p.afdelinger
        from old_observation_chart_period as p
        semi join (select distinct indicator_code, geo_code from ({series}))
            using (indicator_code, geo_code)
        where p.indicator_code in (
            select gi.indicator_code from goal_indicator as gi where gi.plan_id = $plan_id
        )
        order by p.indicator_code, p.geo_code, p.year
    """.format(series=query_sql("plan_series"))  # noqa: S608 - our own query text
    for plan_id in _plans(demo):
        new = run_query(demo, "plan_chart_periods", plan_id=plan_id)
        old = demo.execute(old_sql, {"plan_id": plan_id}).df()
        assert len(new) > 0, plan_id
        pd.testing.assert_frame_equal(ordered(new), ordered(old), check_dtype=False)


def test_import_compare_reads_only_the_files_keys(demo) -> None:
    """The comparison of a small file against the database gives what the whole-table
    window gave: one figure new, one unchanged, one revised."""
    current = demo.execute(
        "select * from observation_current where period_type = 'year'"
        " order by observation_id limit 2"
    ).df()
    incoming = current[
        ["indicator_code", "geo_code", "period", "value", "numerator", "denominator",
         "suppressed", "suppressed_below", "uncertain"]
    ].copy()  # fmt: skip
    incoming.loc[1, "value"] = (incoming.loc[1, "value"] or 0) + 1.5
    extra = incoming.iloc[[0]].copy()
    extra["period"] = "1901"
    incoming = pd.concat([incoming, extra], ignore_index=True)
    demo.register("incoming", incoming)
    new = run_query(demo, "import_compare")
    sql = query_sql("import_compare")
    assert "from observation_current_of(known) as c" in sql
    # The comparison against every current figure (the whole-table window).
    old = demo.execute(sql.replace("observation_current_of(known)", "old_observation_current")).df()
    demo.unregister("incoming")
    assert sorted(new["change"]) == ["new", "revised", "unchanged"]
    pd.testing.assert_frame_equal(ordered(new), ordered(old), check_dtype=False)


def test_followup_snapshot_batches_read_only_their_keys(demo) -> None:
    sql = query_sql("followup_snapshot_batches")
    assert "from observation_current_of(known) as c" in sql
    whole_table = sql.replace("observation_current_of(known)", "old_observation_current")
    whole_table = whole_table.replace(
        "from old_observation_current as c",
        "from old_observation_current as c where list_contains($indicator_codes, c.indicator_code)"
        " and c.geo_code in (select g.geo_code from geos as g)",
    )
    for plan_id in _plans(demo):
        keys = run_query(demo, "plan_goal_indicators", plan_id=plan_id).dropna(
            subset=["indicator_code"]
        )
        params = {
            "indicator_codes": sorted(set(keys["indicator_code"])),
            "geo_codes": sorted(set(keys["geo_code"])),
        }
        new = run_query(demo, "followup_snapshot_batches", **params)
        old = demo.execute(whole_table, params).df()
        assert len(new) > 0, plan_id
        pd.testing.assert_frame_equal(new, old, check_dtype=False)


def test_area_sums_only_the_areas_asked_for_and_as_the_whole_table(demo) -> None:
    """A plan's query sums only the areas it draws (migration 021): asked for one boligområde
    whose afdelinger also make up other areas (the plan's whole area), the macro gives that
    boligområde's figures alone, each as the whole-table view of 019 gives it."""
    shared = demo.execute(
        """
        select l.parent_code as geo_code
        from old_geography_leaf as l
        inner join geography as g on g.code = l.parent_code
        where g.level = 'boligomraade'
            and l.child_code in (
                select child_code from old_geography_leaf where parent_code like 'plan:%'
            )
            and l.parent_code in (select geo_code from old_observation_area_aggregate)
        order by 1
        limit 1
        """
    ).fetchone()
    assert shared is not None
    area = shared[0]
    demo.execute("create temp table asked as select ? as geo_code", [area])
    new = demo.execute(
        "select * from observation_area_aggregate_for(observation_current, asked)"
    ).df()
    old = demo.execute(
        "select * from old_observation_area_aggregate where geo_code = ?", [area]
    ).df()
    others = demo.execute(
        "select count(distinct geo_code) from old_observation_area_aggregate"
        " where geo_code like 'plan:%'"
    ).fetchone()[0]
    assert others > 0
    assert set(new["geo_code"]) == {area}
    assert len(new) > 0
    pd.testing.assert_frame_equal(ordered(new), ordered(old), check_dtype=False)
