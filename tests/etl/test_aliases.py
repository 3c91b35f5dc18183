"""Map once: a spelling tied to a registry code is data in the database, with who, when and an
audit entry; the next import of the same spelling loads. CLI and backend, on real files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.aliases import AliasError, add_alias, add_geography, list_aliases
from etl.cli import main
from etl.load import import_bytes, preview_bytes
from monitor import audit
from monitor.auth import PermissionDenied, User, add_user
from monitor.db import connect
from tests.conftest import TEST_REDAKTOR

LONG_HEADER = "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"


@pytest.fixture
def cli_db(registry_db_file: Path, tmp_path: Path, monkeypatch) -> Path:
    db = tmp_path / "alias.duckdb"
    db.write_bytes(registry_db_file.read_bytes())
    with connect(db) as conn:
        add_user(conn, None, "anne", "administrator", "anne-adgang-1")
        add_user(conn, User("anne", "administrator"), "bo", "læser", "bo-adgang-123")
    monkeypatch.setenv("MONITOR_PASSWORD", "anne-adgang-1")
    monkeypatch.delenv("MONITOR_DEMO", raising=False)
    return db


def test_cli_alias_add_makes_the_next_load_succeed(cli_db, tmp_path, capsys) -> None:
    path = tmp_path / "lbf.csv"
    path.write_text(LONG_HEADER + "Børn 1-5 år i dagtilbud;Ishøj;;2019;90,2 %;;\n", "utf-8")
    db = ["--db", str(cli_db)]
    assert main([*db, "load", "--user", "anne", str(path)]) == 1
    assert "ukendt indikator" in capsys.readouterr().err
    args = [*db, "alias", "add", "--kind", "indikator", "Børn 1-5 år i dagtilbud", "dagtilbud_1_5"]
    assert main([*args, "--user", "anne"]) == 0
    assert "dagtilbud_1_5" in capsys.readouterr().out
    assert main([*db, "load", "--user", "anne", str(path)]) == 0
    assert "1 værdier indlæst" in capsys.readouterr().out
    assert main([*db, "alias", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1
    assert listed[0].split("\t")[:4] == [
        "indikator", "Børn 1-5 år i dagtilbud", "dagtilbud_1_5", "anne"
    ]  # fmt: skip
    with connect(cli_db) as conn:
        entry = audit.entries(conn, entity="name_alias").iloc[0]
        assert entry["actor"] == "anne" and entry["details"]["code"] == "dagtilbud_1_5"
        assert audit.verify(conn) == []


def test_cli_alias_add_refuses_a_reader_and_unknown_codes(cli_db, capsys, monkeypatch) -> None:
    db = ["--db", str(cli_db)]
    assert (
        main([*db, "alias", "add", "--kind", "geografi", "Vejle P", "nope", "--user", "anne"]) == 2
    )
    assert "ikke geografi i registret" in capsys.readouterr().err
    monkeypatch.setenv("MONITOR_PASSWORD", "bo-adgang-123")
    assert main([*db, "alias", "add", "--kind", "geografi", "Vejle P", "183", "--user", "bo"]) == 2
    assert "indlæse data" in capsys.readouterr().err
    with connect(cli_db) as conn:
        assert list_aliases(conn).empty


def test_backend_checks_role_registry_names_and_keeps_history(registry_db) -> None:
    with pytest.raises(PermissionDenied):
        add_alias(registry_db, User("bo", "læser"), "geografi", "Ishøj by", "183")
    with pytest.raises(AliasError, match="allerede registrets navn"):
        add_alias(registry_db, TEST_REDAKTOR, "geografi", "Slagelse", "183")
    with pytest.raises(AliasError, match="ukendt slags"):
        add_alias(registry_db, TEST_REDAKTOR, "plan", "x", "183")
    add_alias(registry_db, TEST_REDAKTOR, "geografi", "Ishøj by", "330")
    add_alias(registry_db, TEST_REDAKTOR, "geografi", "ishøj  BY", "183")  # corrected
    current = list_aliases(registry_db)
    assert current[["alias", "code"]].values.tolist() == [["ishøj BY", "183"]]
    assert registry_db.execute("select count(*) from name_alias").fetchone() == (2,)
    content = (LONG_HEADER + "Andel 1-5-årige i dagtilbud;Ishøj By;;2019;90 %;;\n").encode()
    report = import_bytes(registry_db, content, "by.csv", user=TEST_REDAKTOR)
    assert not report.errors
    geo = registry_db.execute("select geo_code from observation").fetchall()
    assert geo == [("183",)]


def test_an_answer_group_alias_finds_the_survey_indicator(registry_db, tmp_path) -> None:
    rows = [
        ["Undersøgelse", "År", "Geografi", "Spørgsmål", "Svarkategori", "Andel", "Antal svar"],
        ["LBF Tryghedsundersøgelse", "2023", "Ishøj", "Tilfreds med at bo i boligområdet",
         "Tilfreds", "68 %", "412"],
    ]  # fmt: skip
    path = tmp_path / "svar.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    report = preview_bytes(registry_db, path.read_bytes(), "svar.csv")
    assert report.errors
    unresolved = report.unresolved[0]
    assert (unresolved.kind, unresolved.text, unresolved.context) == (
        "svar", "Tilfreds", "Tilfreds med at bo i boligområdet"
    )  # fmt: skip
    assert [c.code for c in unresolved.candidates] == ["tilfreds_med_boligomraadet"]
    add_alias(registry_db, TEST_REDAKTOR, "svar", "Tilfreds", "tilfreds_med_boligomraadet")
    report = import_bytes(registry_db, path.read_bytes(), "svar.csv", user=TEST_REDAKTOR)
    assert not report.errors and report.values_loaded == 1


def test_a_new_afdeling_is_added_once_and_then_loads(registry_db) -> None:
    content = (LONG_HEADER + "Andel 1-5-årige i dagtilbud;Nyparken;AAB-77;2019;50 %;;\n").encode()
    report = preview_bytes(registry_db, content, "ny.csv")
    assert [(u.kind, u.text) for u in report.unresolved] == [("geografi", "AAB-77")]
    with pytest.raises(AliasError, match="ikke en afdelingskode"):
        add_geography(registry_db, TEST_REDAKTOR, "Nyparken")
    assert add_geography(registry_db, TEST_REDAKTOR, "aab 077", "Nyparken") == "AAB-77"
    with pytest.raises(AliasError, match="findes allerede"):
        add_geography(registry_db, TEST_REDAKTOR, "AAB-77")
    report = import_bytes(registry_db, content, "ny.csv", user=TEST_REDAKTOR)
    assert not report.errors and report.values_loaded == 1
    entry = audit.entries(registry_db, entity="geography_added").iloc[0]
    assert entry["details"] == {"code": "AAB-77", "name": "Nyparken", "level": "afdeling"}


def test_a_new_afdeling_and_its_figures_survive_the_next_init(cli_db, capsys) -> None:
    """Issue 11: an afdeling added as 'ny geografi' is the users' data; `etl init` (which
    reloads the registry's geographies) keeps it, its name and its figures."""
    content = (LONG_HEADER + "Andel 1-5-årige i dagtilbud;Nyparken;AAB-77;2019;50 %;;\n").encode()
    with connect(cli_db) as conn:
        assert add_geography(conn, TEST_REDAKTOR, "AAB-77", "Nyparken") == "AAB-77"
        report = import_bytes(conn, content, "ny.csv", user=TEST_REDAKTOR)
        assert not report.errors and report.values_loaded == 1
    assert main(["--db", str(cli_db), "init", "--user", "anne"]) == 0
    capsys.readouterr()
    with connect(cli_db) as conn:
        geo = conn.execute(
            "select code, name, level, organisation from geography where code = 'AAB-77'"
        ).fetchall()
        assert geo == [("AAB-77", "Nyparken", "afdeling", "AAB")]
        figures = conn.execute(
            "select period, value from observation_current where geo_code = 'AAB-77'"
        ).fetchall()
        assert figures == [("2019", 50.0)]
        # the next delivery naming it still loads, without asking for a new geography again
        again = preview_bytes(conn, content, "ny.csv")
        assert not again.unresolved
        assert audit.verify(conn) == []


def test_init_puts_a_lost_added_afdeling_back(cli_db, capsys) -> None:
    """A database whose geography table lost an added afdeling (an earlier `etl init`
    dropped it, issue 11) gets it back, with its name, from geography_added on the next init;
    the audit check then finds nothing missing."""
    with connect(cli_db) as conn:
        add_geography(conn, TEST_REDAKTOR, "AAB-77", "Nyparken")
        conn.execute("delete from geography where code = 'AAB-77'")
    assert main(["--db", str(cli_db), "init", "--user", "anne"]) == 0
    capsys.readouterr()
    with connect(cli_db) as conn:
        geo = conn.execute(
            "select code, name, level, organisation from geography where code = 'AAB-77'"
        ).fetchall()
        assert geo == [("AAB-77", "Nyparken", "afdeling", "AAB")]
        assert audit.verify(conn) == []
