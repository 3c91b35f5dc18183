"""Plans as versioned data (issue 9): round trips, versions as of a date, refusals, roles."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import openpyxl
import pytest
import yaml

from monitor import audit, config, plan_versions
from monitor.auth import AuthError, User
from monitor.db import run_query
from monitor.registry import RegistryError
from tests.conftest import TEST_ADMIN, TEST_REDAKTOR
from tests.test_cli import AS_ADMIN, etl, new_database

SEED_PLANS = sorted(p.stem for p in (config.REGISTRY_DIR / "plans").glob("*.yaml"))
PLAN = "vejleaaparken-2021-25"


def _versions(conn: duckdb.DuckDBPyConnection) -> int:
    return conn.execute("select count(*) from plan_version").fetchone()[0]


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
@pytest.mark.parametrize("plan_id", SEED_PLANS)
def test_export_import_round_trips_each_seed_plan(
    registry_db: duckdb.DuckDBPyConnection, plan_id: str, fmt: str
) -> None:
    """A seed plan exported and read back is the same plan; importing it saves no version."""
    seed = plan_versions.plan_content_of(registry_db, plan_id, 1)
    data = plan_versions.export_xlsx(seed) if fmt == "xlsx" else plan_versions.export_yaml(seed)
    name = f"{plan_id}.{fmt}"
    assert (
        plan_versions.validate_plan(registry_db, plan_versions.read_plan_file(name, data), name)
        == seed
    )
    before = _versions(registry_db)
    _, version = plan_versions.import_plan_file(
        registry_db, TEST_REDAKTOR, name, data, reason="uændret"
    )
    assert version is None
    assert _versions(registry_db) == before


def test_seed_plans_are_version_one_from_the_files(registry_db: duckdb.DuckDBPyConnection) -> None:
    """The seed files go through the same save: version 1, in force from the plan's start,
    content equal to the file read as a registry."""
    from monitor.registry import load_registry

    registry = load_registry(config.REGISTRY_DIR)
    for plan in registry.plans:
        (v1,) = plan_versions.history(registry_db, plan.id)
        assert (v1.version_no, v1.in_force_from) == (1, plan.period.start)
        assert v1.reason == f"Indlæst fra registerfilen plans/{plan.id}.yaml"
        assert plan_versions.plan_content_of(registry_db, plan.id, 1) == plan


def test_export_escapes_formula_text_and_keeps_it_as_text(
    registry_db: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """A title that looks like a formula is stored as text in the XLSX and comes back as is."""
    seed = plan_versions.plan_content_of(registry_db, PLAN, 1)
    content = plan_versions.plan_content(seed)
    content["goals"][0]["title"] = '=HYPERLINK("http://x")'
    plan = plan_versions.validate_plan(registry_db, content, "x.yaml")
    data = plan_versions.export_xlsx(plan)
    cell = openpyxl.load_workbook(io.BytesIO(data))["Mål"]["D2"]
    assert cell.data_type == "s" and cell.value == content["goals"][0]["title"]
    assert (
        plan_versions.validate_plan(
            registry_db, plan_versions.read_plan_file("x.xlsx", data), "x.xlsx"
        )
        == plan
    )


def test_a_changed_baseline_is_a_new_version_and_the_old_one_stays_as_of(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    seed = plan_versions.plan_content_of(registry_db, PLAN, 1)
    content = plan_versions.plan_content(seed)
    content["goals"][0]["indicators"][0]["baselines"][0]["value"] = 87.9
    changed = plan_versions.validate_plan(registry_db, content, "rettet.yaml")
    version = plan_versions.save_plan(
        registry_db,
        TEST_REDAKTOR,
        changed,
        reason="LBF rettede tallet",
        adopted_on=dt.date(2023, 3, 14),
        adopted_note="Bestyrelsesmøde 14. marts 2023, punkt 4",
    )
    assert version is not None
    assert (version.version_no, version.in_force_from) == (2, dt.date(2023, 3, 14))
    before = plan_versions.version_as_of(registry_db, PLAN, dt.date(2023, 3, 13))
    after = plan_versions.version_as_of(registry_db, PLAN, dt.date(2023, 3, 14))
    assert (before.version_no, after.version_no) == (1, 2)
    old = plan_versions.plan_content_of(registry_db, PLAN, 1)
    assert old.goals[0].indicators[0].baselines[0].value == 88.4
    # The pages' current tables show the newest version; the first is still queryable.
    current = run_query(registry_db, "plan_baselines_detail", plan_id=PLAN)
    assert current["value"].iloc[0] == 87.9
    first = run_query(registry_db, "plan_baselines_detail_at", plan_id=PLAN, version_no=1)
    assert first["value"].iloc[0] == 88.4
    assert plan_versions.version_for_year(registry_db, PLAN, 2022).version_no == 1
    assert plan_versions.version_for_year(registry_db, PLAN, 2023).version_no == 2
    entries = audit.entries(registry_db, entity="plan_version")
    assert entries.iloc[0]["actor"] == TEST_REDAKTOR.username
    assert entries.iloc[0]["details"]["reason"] == "LBF rettede tallet"
    assert audit.verify(registry_db) == []


def test_an_edited_plan_version_is_caught_by_the_audit_check(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    registry_db.execute(
        "update plan_version set content = replace(cast(content as varchar), '88.4', '99.4') "
        "where plan_id = ? and version_no = 1",
        [PLAN],
    )
    faults = [f.message for f in audit.verify(registry_db)]
    assert any("planens indhold er ændret" in f for f in faults), faults


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            "update pv_baseline set value = 99.9 where plan_id = 'vejleaaparken-2021-25' "
            "and indicator_code = 'dagtilbud_1_5' and role = 'omraade'",
            "version 1 af planen vejleaaparken-2021-25: tabellen pv_baseline, rækken "
            '(goal_id="fagligt-loeft", indicator_code="dagtilbud_1_5", '
            'area_code="Vejleåparken", geo_code="Vejleåparken"): value er 99,9 i databasen, '
            "men 88,4 i versionens indhold",
        ),
        (
            "delete from pv_goal where plan_id = 'vejleaaparken-2021-25' "
            "and goal_id = 'fagligt-loeft'",
            "version 1 af planen vejleaaparken-2021-25: tabellen pv_goal mangler rækken "
            '(goal_id="fagligt-loeft") fra versionens indhold',
        ),
        (
            "insert into pv_activity values "
            "('vejleaaparken-2021-25', 1, 'indsmuglet', 'Ny aktivitet', null)",
            "version 1 af planen vejleaaparken-2021-25: tabellen pv_activity har rækken "
            '(activity_id="indsmuglet"), som ikke står i versionens indhold',
        ),
    ],
)
def test_edited_version_rows_are_caught_by_the_audit_check(
    registry_db_file: Path, tmp_path: Path, edit: str, expected: str
) -> None:
    """The audit check rebuilds each version's pv_* rows from its content (the function a save
    writes them with) and compares: an edited baseline value, a removed goal or an added row
    is caught though the stored content is intact. Edited in the DB file, checked by the
    CLI."""
    from monitor.db import connect

    db = tmp_path / "edited.duckdb"
    db.write_bytes(registry_db_file.read_bytes())
    result = etl("audit", "verify", db=db)
    assert result.returncode == 0, result.stdout + result.stderr
    with connect(db) as conn:
        conn.execute(edit)
    result = etl("audit", "verify", db=db)
    assert result.returncode != 0
    assert expected in result.stdout, result.stdout
    assert "planens indhold er ændret" not in result.stdout


def test_only_redaktoer_and_administrator_write_plans(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    seed = plan_versions.plan_content_of(registry_db, PLAN, 1)
    before = _versions(registry_db)
    for role in ("læser", "revisor"):
        with pytest.raises(AuthError):
            plan_versions.save_plan(registry_db, User("x", role), seed, reason="forsøg")
    with pytest.raises(plan_versions.PlanError, match="begrundelse"):
        plan_versions.save_plan(registry_db, TEST_ADMIN, seed, reason="  ")
    assert _versions(registry_db) == before


BROKEN_PROBLEMS = (
    "nøgle goals[0](fagligt-loeft).indicators[0].baselines[0].role: skal være en af",
    "nøgle goals[1](arbejdsmarkedet).indsatsomraade: skal være en af",
    "nøgle period.start: skal være en dato",
)


def test_a_broken_plan_file_is_refused_with_every_problem_and_nothing_changes(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    seed = plan_versions.plan_content_of(registry_db, PLAN, 1)
    content = plan_versions.plan_content(seed)
    content["goals"][0]["indicators"][0]["baselines"][0]["role"] = "nabo"
    content["goals"][1]["indsatsomraade"] = "Boligsocialt"
    content["period"]["start"] = "første november"
    data = yaml.safe_dump(content, allow_unicode=True).encode()
    before = _versions(registry_db)
    with pytest.raises(RegistryError) as refused:
        plan_versions.import_plan_file(registry_db, TEST_ADMIN, "plan.yaml", data, reason="x")
    message = str(refused.value)
    for expected in BROKEN_PROBLEMS:
        assert f"plan.yaml: {expected}" in message
    assert _versions(registry_db) == before

    # Cross-references are named too: an unknown indicator, an activity's unknown delmål.
    content = plan_versions.plan_content(seed)
    content["goals"][0]["indicators"][0]["indicator"] = "findes_ikke"
    content["activities"] = [{"id": "lektiecafe", "name": "Lektiecafé", "supports": ["x"]}]
    data = yaml.safe_dump(content, allow_unicode=True).encode()
    with pytest.raises(RegistryError) as refused:
        plan_versions.import_plan_file(registry_db, TEST_ADMIN, "plan.yaml", data, reason="x")
    message = str(refused.value)
    assert "ukendt indikator 'findes_ikke'" in message
    assert "nøgle activities(lektiecafe).supports: ukendt mål 'x'" in message
    assert _versions(registry_db) == before


def test_a_broken_xlsx_names_sheet_row_and_column(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    seed = plan_versions.plan_content_of(registry_db, PLAN, 1)
    book = openpyxl.load_workbook(io.BytesIO(plan_versions.export_xlsx(seed)))
    book["Baselines"]["A3"] = "ukendt-maal"
    book["Baselines"]["J4"] = "måske"
    book["Indikatorer"]["A2"] = "andet-maal"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(RegistryError) as refused:
        plan_versions.import_plan_file(
            registry_db, TEST_ADMIN, "plan.xlsx", buffer.getvalue(), reason="x"
        )
    message = str(refused.value)
    assert "plan.xlsx: arket 'Indikatorer', række 2, kolonne goal: ukendt mål 'andet-maal'" in (
        message
    )
    assert "plan.xlsx: arket 'Baselines', række 3: mål/indikator/område ukendt-maal/" in message
    assert "plan.xlsx: arket 'Baselines', række 4, kolonne uncertain: skal være 'ja' eller" in (
        message
    )


def test_cli_export_import_history_show(tmp_path: Path) -> None:
    """The whole path as a leder runs it: export, change a baseline, import with a reason,
    see the history, and `show --as-of` before the change still gives the old figure."""
    db = new_database(tmp_path / "x.duckdb")
    assert etl("init", *AS_ADMIN, db=db).returncode == 0
    out = tmp_path / "plan.yaml"
    exported = etl("plan", "export", "--plan", PLAN, "--format", "yaml", "--out", str(out), db=db)
    assert exported.returncode == 0, exported.stderr
    content = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert content["goals"][0]["indicators"][0]["baselines"][0]["value"] == 88.4
    content["goals"][0]["indicators"][0]["baselines"][0]["value"] = 87.9
    out.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    imported = etl(
        "plan", "import", str(out), "--reason", "LBF rettede tallet",
        "--in-force-from", "2024-01-01", *AS_ADMIN, db=db,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "version 2, gældende fra 1. januar 2024" in imported.stdout

    history = etl("plan", "history", "--plan", PLAN, db=db)
    lines = [line.split("\t") for line in history.stdout.splitlines()]
    assert [(c[0], c[1], c[2], c[4]) for c in lines] == [
        ("v1", "gælder fra 2021-11-01", "anne", f"Indlæst fra registerfilen plans/{PLAN}.yaml"),
        ("v2", "gælder fra 2024-01-01", "anne", "LBF rettede tallet"),
    ]

    def first_value(as_of: str) -> float:
        shown = etl("plan", "show", "--plan", PLAN, "--as-of", as_of, db=db)
        assert shown.returncode == 0, shown.stderr
        return yaml.safe_load(shown.stdout)["goals"][0]["indicators"][0]["baselines"][0]["value"]

    assert first_value("2023-12-31") == 88.4
    assert first_value("2024-01-01") == 87.9
    refused = etl("plan", "show", "--plan", PLAN, "--as-of", "2020-01-01", db=db)
    assert refused.returncode == 2 and "første version gælder fra 2021-11-01" in refused.stderr

    xlsx = tmp_path / "plan.xlsx"
    assert (
        etl(
            "plan", "export", "--plan", PLAN, "--format", "xlsx", "--out", str(xlsx), db=db
        ).returncode
        == 0
    )
    again = etl("plan", "import", str(xlsx), *AS_ADMIN, db=db)
    assert again.returncode == 0 and "ingen ny version" in again.stdout, again.stderr

    broken = tmp_path / "broken.yaml"
    content["goals"][0]["kind"] = "hovedmaal"
    broken.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    refused = etl("plan", "import", str(broken), *AS_ADMIN, db=db)
    assert refused.returncode == 2
    assert "nøgle goals[0](fagligt-loeft).kind: skal være en af" in refused.stderr
    assert len(etl("plan", "history", "--plan", PLAN, db=db).stdout.splitlines()) == 2
    verified = etl("audit", "verify", db=db)
    assert verified.returncode == 0, verified.stdout


def test_follow_up_figures_and_revision_follow_the_version_in_force(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    """A follow-up and the revision documentation of 2023 use the baselines in force in 2023,
    and the revision says when the plan changed."""
    from monitor import followup, reports

    seed = plan_versions.plan_content_of(registry_db, PLAN, 1)
    content = plan_versions.plan_content(seed)
    content["goals"][0]["indicators"][0]["baselines"][0]["value"] = 87.9
    plan_versions.save_plan(
        registry_db,
        TEST_REDAKTOR,
        plan_versions.validate_plan(registry_db, content, "rettet.yaml"),
        reason="LBF rettede tallet",
        in_force_from=dt.date(2024, 1, 1),
    )

    def baseline(year: int) -> float:
        snap = followup.build_snapshot(registry_db, PLAN, "fagligt-loeft", year)
        return snap["indicators"][0]["baselines"][0]["value"]

    assert (baseline(2023), baseline(2024)) == (88.4, 87.9)
    revision = reports.revision_content(registry_db, PLAN, 2023)
    assert [(v["version_no"], v["followed_for_year"]) for v in revision["plan_versions"]] == [
        (1, True),
        (2, False),
    ]
    assert reports.plan_version_lines(revision["plan_versions"], 2023) == [
        "Mål og baselines for 2023 er planens version 1, gældende fra "
        f"{reports.date_text(dt.date(2021, 11, 1))}.",
        f"Planen er ændret {reports.date_text(dt.date(2024, 1, 1))} (version 2: LBF rettede "
        "tallet, gemt af test).",
    ]


def test_activity_links_only_where_a_seed_states_them(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    """Seed 001: Beboerrådgivning supports four delmål, Sundhedstjek one; seed 002's other
    activities stand under their indsatsområde with no link."""
    links = registry_db.execute(
        "select activity_id, goal_id from activity_goal where plan_id = 'ishoej-2025-29' "
        "order by 1, 2"
    ).fetchall()
    assert links == [
        ("beboerraadgivning", "sammenhaengskraft-og-tilfredshed"),
        ("beboerraadgivning", "tillid-til-myndighederne"),
        ("beboerraadgivning", "trivsel-paa-individniveau"),
        ("beboerraadgivning", "udsaettelser-under-6"),
        ("sundhedstjek", "trivsel-paa-individniveau"),
    ]
    activities = run_query(registry_db, "plan_activities", plan_id="ishoej-2025-29")
    from monitor.plan_view import unlinked_activities

    assert unlinked_activities(activities, "Kriminalitetsforebyggelse") == [
        "Brobygning til fritidslivet",
        "CykelVærestedet",
        "Netværk for fælles forebyggelse",
    ]


def test_the_board_and_its_rhythm_are_part_of_the_plan(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    """Seed 000, section 3: five members, four meetings a year; a missed quarter shows."""
    from monitor import followup_view, meetings

    board = plan_versions.board(registry_db, PLAN)
    assert board.meetings_per_year == 4
    assert [m.name for m in board.members] == [
        "Bestyrelsesformand, byggechef AAB",
        "Velfærdsdirektør, Ishøj kommune",
        "Centerchef for Børn og Forebyggelse, Ishøj Kommune",
        "Formand for afdelingsbestyrelsen, afdeling 55 AAB",
        "Chef for sociale indsatser, AAB",
    ]
    assert plan_versions.plan_content_of(registry_db, PLAN, 1).parties == [
        "Ishøj Kommune",
        "Boligforeningen AAB",
    ]
    # No seed states a board for the Ishøj 2025-29 plan: no rhythm is assumed.
    assert plan_versions.board(registry_db, "ishoej-2025-29") is None

    def meeting(day: dt.date) -> meetings.Meeting:
        return meetings.Meeting(
            version_id=1, meeting_id=1, version_no=1, plan_id=PLAN, meeting_date=day,
            participants=[], decisions=[], presented=[], replaces=None,
            author="x", created_at=dt.datetime(2024, 1, 1),
        )  # fmt: skip

    held = [meeting(dt.date(2024, 2, 1)), meeting(dt.date(2024, 8, 1))]
    today = dt.date(2025, 1, 10)
    kept = followup_view.rhythm(held, 2024, today, board.meetings_per_year)
    assert kept.text(2024).startswith("2 af 4 møder i 2024 · intet møde i 2., 4. kvartal")
    assert kept.warning(2024) == (
        "Planen lover 4 bestyrelsesmøder om året; der mangler møder i 2. kvartal, 4. kvartal 2024."
    )
    unstated = followup_view.rhythm(held, 2024, today, None)
    assert unstated.warning(2024) is None
    assert unstated.text(2024) == (
        "2 møder i 2024 · planen angiver ikke, hvor ofte bestyrelsen mødes"
    )


def test_demo_invents_no_value_a_seed_gives_and_marks_what_it_invents(
    demo_db_copy: Path,
) -> None:
    with duckdb.connect(str(demo_db_copy), read_only=True) as conn:
        rows = conn.execute(
            "select c.period, c.value, c.note, b.file_name from observation_current as c "
            "join import_batch as b using (batch_id) "
            "where c.indicator_code = 'udsaettelser' and c.geo_code = 'AAB-55' "
            "and c.period_type = 'year' order by c.period"
        ).fetchall()
    seeds = {p: v for p, v, _n, f in rows if f == "seed-001-udsaettelser.csv"}
    assert seeds == {"2017": 7, "2018": 2, "2019": 3, "2020": 6, "2024": 3}
    invented = [(p, n) for p, _v, n, f in rows if f != "seed-001-udsaettelser.csv"]
    assert invented and all(n == "Opdigtet demotal" for _p, n in invented)
    assert not {p for p, _n in invented} & set(seeds)


def test_membership_by_period_and_unknown_members_make_aggregates_incomplete(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    """Issue 9: Vejleåparken is AAB 55 until 2024; the 2025-29 plan adds Steenbjerggård, whose
    afdeling no seed names, and Vildtbanegård I and II with no afdeling named. A figure summed
    over an area with members still unknown is incomplete, never AAB-55's figure as complete."""
    from etl.load import import_bytes

    counts = (
        "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
        "Udsættelser af beboere;AAB-55;2024;3;Boligforeningen AAB;;\n"
        "Udsættelser af beboere;AAB-55;2025;4;Boligforeningen AAB;;\n"
    )
    report = import_bytes(registry_db, counts.encode(), "optaelling.csv", user=TEST_ADMIN)
    assert not report.errors, report.errors
    rows = registry_db.execute(
        "select geo_code, year, value, incomplete from observation_series "
        "where indicator_code = 'udsaettelser' and is_aggregate order by geo_code, year"
    ).fetchall()
    assert rows == [
        ("Vejleåparken", 2024, 3.0, False),
        ("Vejleåparken", 2025, 4.0, True),
        ("plan:ishoej-2025-29", 2024, 3.0, True),
        ("plan:ishoej-2025-29", 2025, 4.0, True),
        ("plan:vejleaaparken-2021-25", 2024, 3.0, False),
        # membership per plan: the 2021-25 plan's Vejleåparken is AAB-55 alone, also in 2025
        ("plan:vejleaaparken-2021-25", 2025, 4.0, False),
        ("plan:vejleaaparken-2021-25:Vejleåparken", 2024, 3.0, False),
        ("plan:vejleaaparken-2021-25:Vejleåparken", 2025, 4.0, False),
    ]
    # Each plan sees the area as it defines it: the 2021-25 plan's 2025 figure for
    # Vejleåparken is AAB-55's, complete; the 2025-29 plan's counts Steenbjerggård, which has
    # no figures yet, so it is incomplete.
    shares = (
        "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
        "Andel 1-5-årige i dagtilbud;AAB afd. 55 Vejleåparken;AAB-55;2024;80 %;80;100\n"
        "Andel 1-5-årige i dagtilbud;AAB afd. 55 Vejleåparken;AAB-55;2025;90 %;90;100\n"
        "Andel personer med mindst én sigtelse;AAB afd. 55 Vejleåparken;AAB-55;2024;8 %;8;100\n"
        "Andel personer med mindst én sigtelse;AAB afd. 55 Vejleåparken;AAB-55;2025;9 %;9;100\n"
    )
    report = import_bytes(registry_db, shares.encode(), "lbf.csv", user=TEST_ADMIN)
    assert not report.errors, report.errors
    for plan_id, flags in ((PLAN, [False, False]), ("ishoej-2025-29", None)):
        series = run_query(registry_db, "plan_series", plan_id=plan_id)
        own = series[
            (series["indicator_code"] == "dagtilbud_1_5") & (series["geo_code"] == "Vejleåparken")
        ]
        if flags is None:  # the 2025-29 plan does not follow it
            assert own.empty
            continue
        assert own["year"].tolist() == [2024, 2025]
        assert own["value"].tolist() == [80.0, 90.0]
        assert own["incomplete"].tolist() == flags
        assert set(own["geo_name"]) == {"Vejleåparken"}
        # the chart's afdelinger: AAB-55 alone, so no "ny geografi" break in 2025
        periods = run_query(registry_db, "plan_chart_periods", plan_id=plan_id)
        own_periods = periods[
            (periods["indicator_code"] == "dagtilbud_1_5") & (periods["geo_code"] == "Vejleåparken")
        ]
        assert own_periods["afdelinger"].tolist() == ["AAB-55", "AAB-55"]
    assert run_query(registry_db, "plan_area_geography", plan_id=PLAN).values.tolist() == [
        ["Vejleåparken", "plan:vejleaaparken-2021-25:Vejleåparken"]
    ]
    assert run_query(registry_db, "plan_area_geography", plan_id="ishoej-2025-29").empty
    members = registry_db.execute(
        "select child_code, valid_from from geography_member "
        "where parent_code = 'Vejleåparken' order by 1"
    ).fetchall()
    assert members == [
        ("AAB-55", None),
        ("ukendt:Vejleåparken:Steenbjerggård (Ishøj Boligselskab)", 2025),
    ]


def test_a_plan_names_its_predecessor(registry_db: duckdb.DuckDBPyConnection) -> None:
    ishoej = plan_versions.plan_content_of(registry_db, "ishoej-2025-29", 1)
    assert ishoej.predecessor == PLAN
    content = plan_versions.plan_content(ishoej)
    content["predecessor"] = "findes-ikke-2001-05"
    with pytest.raises(RegistryError, match="nøgle predecessor: planen 'findes-ikke-2001-05'"):
        plan_versions.validate_plan(registry_db, content, "ishoej.yaml")
