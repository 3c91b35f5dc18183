"""`python -m etl overview`: the Overblik as standard CSV, on real databases."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from monitor.db import connect, run_query
from monitor.overview import export_frame, overview
from tests.test_cli import AS_ADMIN, etl, initialised  # noqa: F401 - the fixture is used below

REQUIRED = [
    "plan_id", "goal", "indicator_code", "geo_code", "baseline_year", "baseline", "latest_year",
    "latest", "change", "change_low", "change_high", "status", "comparator_code", "gap_change",
    "gap_status", "target_status", "method",
]  # fmt: skip
STATUSES = {"bedre", "uændret", "dårligere", "usikkerhed ukendt", "for få data", "ingen indikator"}


def overview_csv(db: Path, plan: str, *extra: str) -> list[dict[str, str]]:
    result = etl("overview", "--plan", plan, *extra, "--format", "csv", db=db)
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert set(REQUIRED) <= set(reader.fieldnames or [])
    rows = list(reader)
    assert {r["status"] for r in rows} <= STATUSES
    return rows


def by_code(rows: list[dict[str, str]], code: str, geo: str | None = None) -> dict[str, str]:
    found = [
        r for r in rows if r["indicator_code"] == code and (geo is None or r["geo_code"] == geo)
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def demo_db(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database of our own: the command runs in another process, and the
    app tests may hold the shared file open."""
    path = tmp_path_factory.mktemp("overview") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    return path


@pytest.fixture(scope="module")
def vejleaaparken(demo_db: Path) -> list[dict[str, str]]:
    return overview_csv(demo_db, "vejleaaparken-2021-25", "--year", "2025")


def test_one_row_per_goal_indicator_and_area(demo_db: Path, vejleaaparken) -> None:
    with connect(demo_db) as conn:
        goals = run_query(conn, "plan_goal_indicators", plan_id="vejleaaparken-2021-25")
    assert len(vejleaaparken) == len(goals)
    assert {r["plan_id"] for r in vejleaaparken} == {"vejleaaparken-2021-25"}


def test_standard_csv_with_decimal_points(vejleaaparken) -> None:
    row = by_code(vejleaaparken, "dagtilbud_1_5")
    assert row["baseline"] == "88.4" and row["baseline_year"] == "2019"
    assert row["comparator_code"] == "183"
    assert float(row["change_low"]) < float(row["change"]) < float(row["change_high"])
    assert "," not in row["change"]


def test_the_demo_overblik_no_longer_contradicts_itself(vejleaaparken) -> None:
    # The three rows: real changes are no longer 'uændret', and a grade average with
    # no n gets no verdict from its number alone.
    assert by_code(vejleaaparken, "uden_tilknytning_18_64")["status"] == "dårligere"
    dagtilbud = by_code(vejleaaparken, "dagtilbud_1_5")
    assert dagtilbud["status"] == "dårligere"
    assert float(dagtilbud["change_high"]) < 0
    assert "Newcombe" in dagtilbud["method"]
    karakter = by_code(vejleaaparken, "karakter_dansk_matematik_9")
    assert karakter["status"] == "usikkerhed ukendt"
    assert karakter["change_low"] == "" and karakter["change"] != ""
    assert karakter["gap_status"] == "usikkerhed ukendt"


def test_the_command_prints_what_the_function_computes(demo_db: Path, vejleaaparken) -> None:
    plan_id = "vejleaaparken-2021-25"
    with connect(demo_db) as conn:
        plan = run_query(conn, "plans").set_index("plan_id").loc[plan_id]
        frames = [
            run_query(conn, name, plan_id=plan_id)
            for name in (
                "plan_goal_indicators",
                "plan_baselines_detail",
                "plan_targets",
                "plan_series",
            )
        ]
    table = overview(
        *frames,
        2025,
        plan_start_year=pd.Timestamp(plan["period_start"]).year,
        kommune_code=plan["kommune_code"],
    )
    expected = export_frame(table, plan_id)
    assert [r["status"] for r in vejleaaparken] == expected["status"].tolist()
    assert [r["explanation"] for r in vejleaaparken] == expected["explanation"].tolist()


def test_ishoej_has_delmaal_without_indicators_and_a_target(demo_db: Path) -> None:
    rows = overview_csv(demo_db, "ishoej-2025-29", "--year", "2025")
    assert any(r["status"] == "ingen indikator" and r["indicator_code"] == "" for r in rows)
    evictions = by_code(rows, "udsaettelser")
    # 2025 is reported for three quarters only: the latest full year is 2024.
    assert evictions["latest_year"] == "2024" and evictions["status"] == "for få data"
    assert evictions["target_status"] == "nået" and evictions["target_year"] == "2024"
    assert "2025 er kun delvist opgjort" in evictions["explanation"]
    ssp = by_code(rows, "ssp_haendelser_0_17", "Vejleåparken")
    assert float(ssp["baseline"]) == 10 and ssp["baseline_from_data"] == "True"


def test_slagelse_takes_its_empty_baselines_from_the_data(demo_db: Path) -> None:
    rows = overview_csv(demo_db, "slagelse-2021-25")
    # (The plan-wide rows; the "(delområde)" rows follow them, see below.)
    rows = [r for r in rows if r["geo_code"] == "plan:slagelse-2021-25"]
    too_little = [r for r in rows if r["status"] == "for få data"]
    # Only the grade average, which the demo has for the kommune alone, lacks area figures.
    assert {r["indicator_code"] for r in too_little} == {"karakter_dansk_matematik_9"}
    assert all(r["baseline_from_data"] == "True" for r in rows if r["baseline"])
    # Elections and surveys: the latest figure at or before the baseline year 2020. Each is
    # followed for the plan's whole area (issue 9: seed 004 has one area cell per indicator).
    whole = by_code(rows, "valgdeltagelse_folketingsvalg", "plan:slagelse-2021-25")
    assert whole["baseline_year"] == "2019"


def test_an_empty_database_gives_rows_and_no_verdicts(initialised: Path) -> None:  # noqa: F811
    rows = overview_csv(initialised, "vejleaaparken-2021-25", "--year", "2024")
    assert rows and {r["status"] for r in rows} <= {"for få data", "ingen indikator"}


def test_unknown_plan_is_an_error(initialised: Path) -> None:  # noqa: F811
    result = etl("overview", "--plan", "nope", db=initialised)
    assert result.returncode == 2
    assert "Ukendt plan 'nope'" in result.stderr and "vejleaaparken-2021-25" in result.stderr


def test_overview_writes_a_file(initialised: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "overblik.csv"
    result = etl("overview", "--plan", "ishoej-2025-29", "--out", str(out), db=initialised)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("plan_id,") and "ingen indikator" in text
    assert AS_ADMIN  # the read command needs no --user


def test_slagelse_overview_has_the_breakdown_rows(demo_db: Path) -> None:
    """Issue 9: the CSV has the Overblik's "(delområde)" rows for a goal followed for the
    whole plan, one per boligområde (plan_overview.goal_indicators)."""
    rows = overview_csv(demo_db, "slagelse-2021-25")
    with connect(demo_db) as conn:
        goals = run_query(conn, "plan_goal_indicators", plan_id="slagelse-2021-25")
    whole = goals[goals["geo_code"] == "plan:slagelse-2021-25"]
    assert len(rows) == len(goals) + 3 * len(whole)
    for area in ("Motalavej", "Ringparken", "Sydbyen"):
        row = by_code(rows, "valgdeltagelse_folketingsvalg", area)
        assert row["geo_name"] == f"{area} (delområde)"
