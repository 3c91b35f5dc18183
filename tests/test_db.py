"""The database door: migrations, upgrades in place, named queries."""

from pathlib import Path

import pytest

from monitor import db


def test_new_database_gets_every_migration(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "new.duckdb")
    assert db.schema_version(conn) == max(v for v, _, _ in db.migrations())
    conn.close()


def test_older_database_upgrades_in_place_with_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    old = db.connect(path, migrate_schema=False)
    db.migrate(old, up_to=1)  # a database made by the first released version
    db.execute(old, "insert into geography values ('183', 'Ishøj Kommune', 'kommune', '183', null)")
    db.execute(
        old,
        "insert into indicator values "
        "('x', 'X', 'antal', 'lower', 'lokal', 'def', null, null, null, null)",
    )
    old.close()

    upgraded = db.connect(path)
    assert db.schema_version(upgraded) == max(v for v, _, _ in db.migrations())
    assert db.fetch_df(upgraded, "select name from geography")["name"].tolist() == ["Ishøj Kommune"]
    # The views added by later migrations work on the old data.
    assert db.fetch_df(upgraded, "select count(*) as n from observation_current")["n"][0] == 0
    applied = db.fetch_df(upgraded, "select version from schema_migration order by version")
    assert applied["version"].tolist() == [v for v, _, _ in db.migrations()]
    upgraded.close()


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    db.connect(path).close()
    conn = db.connect(path, migrate_schema=False)
    assert db.migrate(conn) == []
    conn.close()


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "db.duckdb")
    with pytest.raises(RuntimeError), db.transaction(conn):
        db.execute(conn, "insert into organisation values (?, ?)", ["AAB", "AAB"])
        raise RuntimeError("boom")
    assert db.fetch_df(conn, "select * from organisation").empty
    conn.close()


def test_run_query_binds_parameters_and_refuses_missing_ones(registry_db) -> None:
    frame = db.run_query(registry_db, "plan_baselines", plan_id="vejleaaparken-2021-25")
    assert not frame.empty
    assert set(frame["plan_id"]) == {"vejleaaparken-2021-25"}
    with pytest.raises(TypeError, match="plan_id"):
        db.run_query(registry_db, "plan_baselines")


def test_read_only_open_of_missing_file_is_a_danish_error(tmp_path: Path) -> None:
    with pytest.raises(db.DatabaseError, match="findes ikke"):
        db.connect(tmp_path / "missing.duckdb", read_only=True)
