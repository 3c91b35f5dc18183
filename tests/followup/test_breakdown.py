"""Issue 9: a goal followed for a plan's whole area (Slagelse) shows its boligområder as
"(delområde)" rows on the Overblik; the meeting pack and the follow-up snapshots carry the same
rows (monitor.plan_overview.goal_indicators)."""

from __future__ import annotations

import io

import duckdb
from pypdf import PdfReader

from monitor import followup, plan_overview, reports
from monitor.db import run_query
from tests.followup.conftest import LAESER

SLAGELSE = "slagelse-2021-25"
AREAS = ("Motalavej", "Ringparken", "Sydbyen")


def _run(conn: duckdb.DuckDBPyConnection):
    return lambda name, **params: run_query(conn, name, **params)


def test_goal_indicators_add_one_row_per_boligomraade(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    plain = run_query(demo_conn, "plan_goal_indicators", plan_id=SLAGELSE)
    shown = plan_overview.goal_indicators(_run(demo_conn), SLAGELSE)
    whole = plain[plain["geo_code"] == f"plan:{SLAGELSE}"]
    assert len(whole) > 0
    assert len(shown) == len(plain) + len(whole) * len(AREAS)
    for area in AREAS:
        rows = shown[shown["geo_code"] == area]
        assert len(rows) == len(whole)
        assert set(rows["geo_name"]) == {f"{area} (delområde)"}
    # a plan with no goal for its whole area is unchanged
    vejle = plan_overview.goal_indicators(_run(demo_conn), "vejleaaparken-2021-25")
    plain_vejle = run_query(demo_conn, "plan_goal_indicators", plan_id="vejleaaparken-2021-25")
    assert len(vejle) == len(plain_vejle)


def test_the_meeting_pack_has_the_breakdown_rows_and_charts(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    data = reports.meeting_pack_pdf(demo_conn, LAESER, SLAGELSE, "2025-03-01")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for area in AREAS:
        assert f"{area} (delområde)" in text
    shown = plan_overview.goal_indicators(_run(demo_conn), SLAGELSE)
    # a chart (its heading "<indicator> – <area> (delområde)") for every breakdown row, as
    # for the plan-wide rows
    plain = run_query(demo_conn, "plan_goal_indicators", plan_id=SLAGELSE)
    breakdown = shown[shown["geo_code"].isin(AREAS)]
    flat = " ".join(text.split())
    assert flat.count("(delområde)") >= len(breakdown)
    for r in breakdown.head(3).to_dict("records"):
        assert f"{r['indicator_name']} – {r['geo_name']}" in flat
    images = sum(len(page.images) for page in reader.pages)
    assert images > len(plain)


def test_the_followup_snapshot_has_the_breakdown_rows(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    goal = run_query(demo_conn, "plan_goal_indicators", plan_id=SLAGELSE)["goal_id"].iloc[0]
    snap = followup.build_snapshot(demo_conn, SLAGELSE, goal, 2024)
    names = {i["geo_name"] for i in snap["indicators"]}
    assert {f"{area} (delområde)" for area in AREAS} <= names
    breakdown = [i for i in snap["indicators"] if i["geo_code"] == "Ringparken"]
    assert breakdown and all(i["overview"] for i in breakdown)
    assert {r["geo_code"] for r in snap["series"]} >= set(AREAS)
