"""The Import page (AppTest, real database file): an unknown name shows its closest candidates,
a redaktør picks one, the choice is saved as an alias with an audit entry, and the preview runs
again; a new afdeling; an older delivery waits for the checkbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.import_view import NEW_GEOGRAPHY, mapping_key
from etl.load import preview_bytes
from monitor import audit
from monitor.auth import User

PLAN = "vejleaaparken-2021-25"
MIME = "text/csv"
LONG_HEADER = "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
UNKNOWN = (LONG_HEADER + "Børn 1-5 år i dagtilbud;Ishøj;;2019;90,2 %;;\n").encode()


@pytest.fixture
def db(users_db_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "import.duckdb"
    shutil.copy(users_db_file, path)
    return path


def open_import(make_app, db: Path) -> AppTest:
    at = make_app(db, user=User("mette", "redaktør")).run()
    assert not at.exception, at.exception
    at.selectbox(key="plan").set_value(PLAN).run()
    at.switch_page("pages/importer.py").run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="import_files").set_value([(n, c, MIME) for n, c in files]).run()
    assert not at.exception, at.exception
    return at


def key_of(db: Path, name: str, content: bytes, index: int = 0) -> str:
    conn = duckdb.connect(str(db))
    try:
        report = preview_bytes(conn, content, name)
    finally:
        conn.close()
    return mapping_key(name, report.unresolved[index])


def test_an_unknown_indicator_is_mapped_once_and_the_preview_runs_again(make_app, db) -> None:
    key = key_of(db, "lbf.csv", UNKNOWN)
    at = upload(open_import(make_app, db), ("lbf.csv", UNKNOWN))
    assert "1 fejl" in at.error[0].value
    assert not [b for b in at.button if b.key == "import_confirm"]
    choice = at.selectbox(key=f"import_map_{key}")
    assert choice.options[1] == "Andel 1-5-årige i dagtilbud (dagtilbud_1_5)"  # closest first
    choice.set_value("dagtilbud_1_5").run()
    at.button(key=f"import_map_save_{key}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("tilknyttet dagtilbud_1_5" in s.value for s in at.success)
    assert "1 værdier at indlæse" in "\n".join(m.value for m in at.markdown)
    at.button(key="import_confirm").click().run()
    assert any("1 værdier indlæst" in s.value for s in at.success)
    conn = duckdb.connect(str(db))
    try:
        alias = conn.execute("select alias, code, created_by from name_alias").fetchall()
        assert alias == [("Børn 1-5 år i dagtilbud", "dagtilbud_1_5", "mette")]
        entry = audit.entries(conn, entity="name_alias").iloc[0]
        assert entry["actor"] == "mette" and entry["action"] == "alias_add"
        assert audit.verify(conn) == []
    finally:
        conn.close()


def test_a_new_afdeling_is_added_from_the_page(make_app, db) -> None:
    content = (LONG_HEADER + "Andel 1-5-årige i dagtilbud;Nyparken;AAB-77;2019;50 %;;\n").encode()
    key = key_of(db, "ny.csv", content)
    at = upload(open_import(make_app, db), ("ny.csv", content))
    choice = at.selectbox(key=f"import_map_{key}")
    assert any(o.startswith("Ny geografi") for o in choice.options)
    choice.set_value(NEW_GEOGRAPHY).run()
    at.button(key=f"import_map_save_{key}").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("AAB-77 er tilføjet" in s.value for s in at.success)
    conn = duckdb.connect(str(db))
    try:
        assert conn.execute(
            "select name, level from geography where code = 'AAB-77'"
        ).fetchall() == [("Nyparken", "afdeling")]
    finally:
        conn.close()


def test_a_wrong_choice_is_refused_in_danish(make_app, db) -> None:
    content = (LONG_HEADER + "Andel 1-5-årige i dagtilbud;Gammelparken;;2019;50 %;;\n").encode()
    key = key_of(db, "gammel.csv", content)
    at = upload(open_import(make_app, db), ("gammel.csv", content))
    choice = at.selectbox(key=f"import_map_{key}")
    choice.set_value(NEW_GEOGRAPHY).run()  # a name is no afdeling code
    at.button(key=f"import_map_save_{key}").click().run()
    assert any("ikke en afdelingskode" in e.value for e in at.error)


def test_an_older_delivery_waits_for_the_checkbox(make_app, db) -> None:
    rows = "Andel 1-5-årige i dagtilbud;Ishøj;;2020;{};;\n"
    at = open_import(make_app, db)
    for name, value in (("jan.csv", "90,0 %"), ("jun.csv", "91,0 %")):
        upload(at, (name, (LONG_HEADER + rows.format(value)).encode()))
        at.button(key="import_confirm").click().run()
        assert any("indlæst" in s.value for s in at.success)
    old = (LONG_HEADER + rows.format("90,0 %") + "\n").encode()
    upload(at, ("jan-igen.csv", old))
    assert any("ældre" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "import_confirm"]
    at.checkbox(key="import_accept_older").check().run()
    at.button(key="import_confirm").click().run()
    assert any("1 reviderede" in s.value for s in at.success)
    conn = duckdb.connect(str(db))
    try:
        value = conn.execute(
            "select value from observation_current where geo_code = '183' and period = '2020'"
        ).fetchone()
    finally:
        conn.close()
    assert value == (90.0,)
