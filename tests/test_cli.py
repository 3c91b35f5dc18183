"""`python -m etl` as a user runs it: a real process, a real database file."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from monitor import config

PLAN = "vejleaaparken-2021-25"
COLUMNS = [
    "plan_id",
    "goal",
    "indicator_code",
    "indicator_name",
    "area_code",
    "area_name",
    "geo_code",
    "geo_name",
    "role",
    "comparator",
    "value",
    "count",
    "year",
    "source",
    "uncertain",
    "note",
]


# The first administrator of every database these tests make; writing commands log in as her.
ADMIN, ADMIN_PASSWORD = "anne", "anne-adgang-1"
AS_ADMIN = ("--user", ADMIN)


def etl(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MONITOR_PASSWORD": ADMIN_PASSWORD,
        "MONITOR_NEW_PASSWORD": ADMIN_PASSWORD,
    }
    env.pop("MONITOR_DEMO", None)
    return subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def new_database(db: Path) -> Path:
    """A new database file with its first administrator, made as a new user would."""
    made = etl("users", "add", ADMIN, "--role", "administrator", db=db)
    assert made.returncode == 0, made.stderr
    return db


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "x.duckdb"
    result = etl("init", *AS_ADMIN, db=new_database(db))
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
        assert (row["area_code"], row["area_name"]) == ("Vejleåparken", "Vejleåparken")
        # The comparator column names the comparator; the role is its own column.
        own = geo == "Vejleåparken"
        assert row["role"] == ("omraade" if own else "kommune" if geo == "183" else "sammenligning")
        assert row["comparator"] == ("" if own else row["geo_name"])
        assert row["comparator"] in ("", "Ishøj Kommune", "Øvrige HHP")


def test_baselines_carry_the_uncertainty_note(initialised: Path) -> None:
    """Seed 001's footnotes on the 2024 eviction figure travel with the baseline."""
    (row,) = [
        r for r in baselines(initialised, "ishoej-2025-29") if r["indicator_code"] == "udsaettelser"
    ]
    assert (row["area_code"], row["geo_code"], row["role"], row["value"]) == (
        "AAB-55",
        "AAB-55",
        "omraade",
        "3.0",
    )
    assert row["uncertain"] == "True"
    assert row["note"].endswith("Tallet er behæftet med usikkerhed og kan være højere.")


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
            "--user",
            ADMIN,
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
    assert etl("init", *AS_ADMIN, db=initialised).returncode == 0
    assert len(baselines(initialised)) == len(SEED_000)


# The eviction history of AAB55 as seed 001 gives it (2024 marked uncertain by its source).
EVICTIONS = (
    "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
    "Udsættelser af beboere i AAB55;AAB-55;2017;7;Boligforeningen AAB;;\n"
    "Udsættelser af beboere i AAB55;AAB-55;2018;2;Boligforeningen AAB;;\n"
    "Udsættelser af beboere i AAB55;AAB-55;2019;3;Boligforeningen AAB;;\n"
    "Udsættelser af beboere i AAB55;AAB-55;2020;6;Boligforeningen AAB;;\n"
    "Udsættelser af beboere i AAB55;AAB-55;2024;3;Boligforeningen AAB;ja;"
    "Tallet er behæftet med usikkerhed og kan være højere\n"
)


SEED_FIGURES = 33
SEED_000_FILE = "seed-000-sammenligninger.csv"


def test_init_loads_the_seeds_own_figures_naming_the_seed(initialised: Path) -> None:
    """Issue 9: AAB 55's evictions (2024 uncertain), Vejleåparken's 34 in 2012 and seed 000's
    comparisons are data in every new database, loaded through the ETL from files named by
    the seed."""
    history = etl("history", "--indicator", "udsaettelser", "--geo", "AAB-55", db=initialised)
    assert [line.split("\t")[:2] for line in history.stdout.splitlines()] == [
        ["2017", "7"], ["2018", "2"], ["2019", "3"], ["2020", "6"], ["2024", "3"],
    ]  # fmt: skip
    with duckdb.connect(str(initialised), read_only=True) as conn:
        rows = conn.execute(
            "select o.indicator_code, o.geo_code, o.period, o.value, o.uncertain, b.file_name "
            "from observation as o join import_batch as b using (batch_id) "
            "where o.geo_code in ('Hele Vejleåparken', '000', 'almene-183', 'Strandgårdsskolen') "
            "or (o.geo_code = 'AAB-55' and o.period = '2024')"
        ).fetchall()
    assert sorted(rows) == sorted(
        [
            ("sigtede_personer", "000", "2019", 1.0, False, "seed-000-sammenligninger.csv"),
            ("sigtede_personer", "almene-183", "2019", 2.2, False, "seed-000-sammenligninger.csv"),
            ("sigtet_15_29", "000", "2019", 1.9, False, "seed-000-sammenligninger.csv"),
            ("sigtet_15_29", "almene-183", "2019", 3.7, False, "seed-000-sammenligninger.csv"),
            ("udsaettelser", "AAB-55", "2024", 3.0, True, "seed-001-udsaettelser.csv"),
            ("udsaettelser", "Hele Vejleåparken", "2012", 34.0, False, "seed-001-udsaettelser.csv"),
            ("uden_tilknytning_18_64", "000", "2019", 10.0, False, "seed-000-sammenligninger.csv"),
            ("grundskole_18_29", "000", "2020", 13.8, False, "seed-000-sammenligninger.csv"),
            # seed 000's other comparisons, each with its registry indicator (issue 9)
            ("grundskole_15_64", "000", "2019", 16.2, False, "seed-000-sammenligninger.csv"),
            ("doemte", "000", "2019", 0.8, False, "seed-000-sammenligninger.csv"),
            ("doemte", "almene-183", "2019", 1.8, False, "seed-000-sammenligninger.csv"),
            ("husstandsindkomst_pr_person", "000", "2018", 323214.0, False, SEED_000_FILE),
            ("husstandsindkomst", "000", "2018", 579142.0, False, SEED_000_FILE),
            ("arbejdsloese_18_64", "000", "2019", 24.3, False, SEED_000_FILE),
            ("karaktergennemsnit_skole", "000", "2019", 7.1, False, SEED_000_FILE),
            ("karaktergennemsnit_skole", "Strandgårdsskolen", "2019", 5.8, False, SEED_000_FILE),
        ]
    )
    with duckdb.connect(str(initialised), read_only=True) as conn:
        local = conn.execute(
            "select indicator_code, value from observation "
            "where geo_code = 'Vejleåparken' and period in ('2018', '2019') order by 1"
        ).fetchall()
    assert dict(local) == {
        "arbejdsloese_18_64": 37.6,
        "doemte": 1.9,
        "grundskole_15_64": 34.3,
        "husstandsindkomst": 445775.0,
        "husstandsindkomst_pr_person": 176008.0,
        "sigtede_personer": 2.6,
        "sigtet_15_29": 4.6,
        "uden_tilknytning_18_64": 24.8,
    }


def _observation_count(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("select count(*) from observation").fetchone()[0]


def test_reinit_after_observations_keeps_them_and_versions_the_plans(tmp_path: Path) -> None:
    """`init` runs again on a database with imported figures: a changed plan file becomes the
    plan's next version, a plan whose file is gone stays (plans are the users' data, issue 9),
    and the observations, which refer to registry codes, stay."""
    db = tmp_path / "x.duckdb"
    assert etl("init", *AS_ADMIN, db=new_database(db)).returncode == 0
    # init loads the seeds' own figures (data/seed_figures/): 27 comparisons, 6 evictions.
    assert _observation_count(db) == SEED_FIGURES
    evictions = tmp_path / "udsaettelser.csv"
    evictions.write_text(EVICTIONS, encoding="utf-8")
    loaded = etl("load", str(evictions), *AS_ADMIN, db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert _observation_count(db) == SEED_FIGURES  # the same figures: nothing new

    for _ in range(2):
        again = etl("init", *AS_ADMIN, db=db)
        assert again.returncode == 0, again.stderr
        assert "Database klar" in again.stdout
        assert "allerede indlæst" in again.stdout  # the seed figure files, once only
    assert _observation_count(db) == SEED_FIGURES
    assert len(baselines(db)) == len(SEED_000)
    history = etl("history", "--indicator", "udsaettelser", "--geo", "AAB-55", db=db)
    assert history.returncode == 0, history.stderr
    assert [line.split("\t")[:2] for line in history.stdout.splitlines()] == [
        ["2017", "7"],
        ["2018", "2"],
        ["2019", "3"],
        ["2020", "6"],
        ["2024", "3"],
    ]

    # A changed registry (a goal retitled, a plan's file dropped): the retitled plan gets a new
    # version, the dropped one keeps its versions.
    registry = tmp_path / "data"
    shutil.copytree(
        config.REGISTRY_DIR, registry, ignore=shutil.ignore_patterns("*.duckdb*", "demo")
    )
    (registry / "plans" / "slagelse-2021-25.yaml").unlink()
    plan_file = registry / "plans" / f"{PLAN}.yaml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    plan["goals"][0]["title"] = "Ny titel"
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    changed = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "--db",
            str(db),
            "--registry",
            str(registry),
            "init",
            *AS_ADMIN,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "MONITOR_PASSWORD": ADMIN_PASSWORD},
    )
    assert changed.returncode == 0, changed.stderr
    ids = [line.split("\t")[0] for line in etl("plans", db=db).stdout.splitlines()]
    assert sorted(ids) == ["ishoej-2025-29", "slagelse-2021-25", PLAN]
    assert {r["goal"] for r in baselines(db)} >= {"Ny titel"}
    with duckdb.connect(str(db), read_only=True) as conn:
        versions = conn.execute(
            "select plan_id, max(version_no) from plan_version group by plan_id order by 1"
        ).fetchall()
    assert versions == [("ishoej-2025-29", 1), ("slagelse-2021-25", 1), (PLAN, 2)]
    assert _observation_count(db) == SEED_FIGURES
