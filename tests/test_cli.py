"""`python -m etl` as a user runs it: a real process, a real database file."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

PLAN = "vejleaaparken-2021-25"
COLUMNS = [
    "plan_id",
    "goal",
    "indicator_code",
    "indicator_name",
    "geo_code",
    "geo_name",
    "comparator",
    "value",
    "count",
    "year",
    "source",
    "uncertain",
]


def etl(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "x.duckdb"
    result = etl("init", db=db)
    assert result.returncode == 0, result.stderr
    assert "Database klar" in result.stdout
    return db


def baselines(db: Path, plan: str = PLAN) -> list[dict[str, str]]:
    result = etl("baselines", "--plan", plan, "--format", "csv", db=db)
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_plans_lists_ids_and_names(initialised: Path) -> None:
    result = etl("plans", db=initialised)
    assert result.returncode == 0
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert sorted(ids) == ["ishoej-2025-29", "slagelse-2021-25", "vejleaaparken-2021-25"]


# Every baseline of seed 000: (indicator name fragment, geo, value, count, year).
SEED_000 = [
    ("dagtilbud", "Vejleåparken", "88.4", "266", "2019"),
    ("dagtilbud", "183", "90.2", "1337", "2019"),
    ("Karaktergennemsnit", "Vejleåparken", "5.8", "", "2019"),
    ("Karaktergennemsnit", "183", "6.2", "", "2019"),
    ("grundskole", "Vejleåparken", "26.1", "258", "2020"),
    ("grundskole", "183", "22.0", "813", "2020"),
    ("restgruppe", "Vejleåparken", "18.0", "213", "2019"),
    ("restgruppe", "183", "17.4", "799", "2019"),
    ("uden tilknytning", "Vejleåparken", "24.8", "686", "2019"),
    ("uden tilknytning", "183", "16.3", "2303", "2019"),
    ("sigtet", "Vejleåparken", "4.6", "52", "2019"),
    ("sigtet", "183", "3.5", "158", "2019"),
    ("trygge", "Vejleåparken", "80.0", "", "2018"),
    ("trygge", "Øvrige HHP", "73.0", "", "2018"),
    ("frivillig", "Vejleåparken", "13.0", "", "2018"),
    ("frivillig", "Øvrige HHP", "12.0", "", "2018"),
    ("kommunalvalg", "Vejleåparken", "46.6", "", "2017"),
    ("kommunalvalg", "183", "70.8", "", "2017"),
    ("folketingsvalg", "Vejleåparken", "68.5", "", "2019"),
    ("folketingsvalg", "183", "84.6", "", "2019"),
]


def test_baselines_of_seed_000_are_exact(initialised: Path) -> None:
    rows = baselines(initialised)
    assert len(rows) == len(SEED_000)
    for fragment, geo, value, count, year in SEED_000:
        match = [
            r
            for r in rows
            if fragment.lower() in r["indicator_name"].lower() and r["geo_code"] == geo
        ]
        assert len(match) == 1, (fragment, geo, match)
        row = match[0]
        assert (float(row["value"]), row["count"], row["year"]) == (float(value), count, year)
        assert row["plan_id"] == PLAN
        assert row["uncertain"] == "False"


def test_baselines_use_standard_csv_number_format(initialised: Path) -> None:
    raw = etl("baselines", "--plan", PLAN, "--format", "csv", db=initialised).stdout
    assert "88.4" in raw and "88,4" not in raw
    assert ",2303," in raw  # no thousands separator


def test_ishoej_eviction_baseline_is_marked_uncertain(initialised: Path) -> None:
    rows = [
        r for r in baselines(initialised, "ishoej-2025-29") if "dsættelser" in r["indicator_name"]
    ]
    assert [(r["geo_code"], float(r["value"]), r["year"], r["uncertain"]) for r in rows] == [
        ("AAB-55", 3.0, "2024", "True")
    ]


def test_slagelse_baselines_are_empty_as_in_the_seed(initialised: Path) -> None:
    rows = baselines(initialised, "slagelse-2021-25")
    assert rows, "Slagelse's goals should list their baseline cells"
    assert all(r["value"] == "" for r in rows)


def test_unknown_plan_is_a_clear_error_not_a_traceback(initialised: Path) -> None:
    result = etl("baselines", "--plan", "nope", db=initialised)
    assert result.returncode != 0
    assert "Ukendt plan 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_uninitialised_database_says_what_to_do(tmp_path: Path) -> None:
    result = etl("plans", db=tmp_path / "empty.duckdb")
    assert result.returncode != 0
    assert "python -m etl init" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_registry_exits_non_zero_naming_the_file(tmp_path: Path) -> None:
    registry = tmp_path / "data"
    (registry / "plans").mkdir(parents=True)
    (registry / "indicators.yaml").write_text("- code: Bad Code\n", encoding="utf-8")
    (registry / "geographies.yaml").write_text("kommuner: []\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "--db",
            str(tmp_path / "x.duckdb"),
            "--registry",
            str(registry),
            "init",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "indicators.yaml" in result.stderr and "code" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_twice_upgrades_nothing_and_keeps_working(initialised: Path) -> None:
    assert etl("init", db=initialised).returncode == 0
    assert len(baselines(initialised)) == len(SEED_000)
