"""The hash-chained audit log: append inside the caller's transaction, verify, CLI."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from monitor import audit, followup
from monitor.db import connect, transaction
from tests.followup.conftest import GOAL, PASSWORDS, PLAN, REDAKTOR, add_users


def _three(path: Path) -> None:
    """Three entries, each with the row it describes (verify checks both): registry loads."""
    with connect(path) as conn, transaction(conn):
        for i in range(1, 4):
            digest = audit.sha256_text(f"register {i}")
            conn.execute(
                "insert into registry_load (sha256, loaded_by) values (?, ?)", [digest, "mette"]
            )
            audit.append(
                conn,
                actor="mette",
                action="registry_load",
                entity="registry_load",
                entity_id=digest,
                details={"sha256": digest, "i": i, "tekst": "æøå", "x": 0.1},
            )


def test_chain_verifies_and_links(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    _three(path)
    with connect(path) as conn:
        assert audit.verify(conn) == []
        rows = audit.entries(conn)
        assert list(rows["seq"]) == [3, 2, 1]
        assert rows["details"].iloc[-1] == {
            "sha256": audit.sha256_text("register 1"), "i": 1, "tekst": "æøå", "x": 0.1,
        }  # fmt: skip
        all_rows = conn.execute("select seq, prev_hash, entry_hash from audit_log order by seq")
        chain = all_rows.fetchall()
    assert chain[0][1] == audit.GENESIS
    assert chain[1][1] == chain[0][2] and chain[2][1] == chain[1][2]


def test_append_rolls_back_with_the_write(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    with connect(path) as conn:
        with pytest.raises(RuntimeError), transaction(conn):
            audit.append(conn, actor="a", action="x", entity="e", entity_id="1", details={})
            raise RuntimeError("the write failed")
        assert audit.entries(conn).empty
        with transaction(conn):
            assert audit.append(conn, actor="a", action="x", entity="e", entity_id="1", details={})
        assert audit.head(conn)[0] == 1


def test_append_needs_an_actor(tmp_path: Path) -> None:
    with connect(tmp_path / "a.duckdb") as conn, pytest.raises(audit.AuditError):
        audit.append(conn, actor=" ", action="x", entity="e", entity_id="1", details={})


def test_every_import_of_the_demo_is_in_the_log(demo_conn: duckdb.DuckDBPyConnection) -> None:
    batches = demo_conn.execute("select count(*) from import_batch").fetchone()[0]
    imports = audit.entries(demo_conn, action="import")
    assert len(imports) == batches > 0
    assert audit.verify(demo_conn) == []


def test_cli_verify_finds_an_edited_row(tmp_path: Path, cli) -> None:
    path = tmp_path / "a.duckdb"
    _three(path)
    code, out, _ = cli("--db", str(path), "audit", "verify")
    assert code == 0 and "intakt" in out
    raw = duckdb.connect(str(path))
    raw.execute("update audit_log set details = '{\"i\":99}' where seq = 2")
    raw.close()
    code, out, _ = cli("--db", str(path), "audit", "verify")
    assert code != 0
    assert "Post 2 " in out and "ændret" in out
    assert "Post 1 " not in out and "Post 3 " not in out


def test_cli_verify_finds_a_deleted_row(tmp_path: Path, cli) -> None:
    path = tmp_path / "a.duckdb"
    _three(path)
    raw = duckdb.connect(str(path))
    raw.execute("delete from audit_log where seq = 2")
    raw.close()
    code, out, _ = cli("--db", str(path), "audit", "verify")
    assert code != 0
    assert "Post 2 mangler" in out and "slettet" in out
    assert "Post 3 peger ikke" in out


def test_cli_verify_finds_a_rewritten_follow_up_entry(demo_db_copy: Path, cli) -> None:
    with connect(demo_db_copy) as conn:
        # 2025: a year the demo has not followed up yet (it has 2022-2024).
        newest = followup.latest(conn, PLAN, 2025, GOAL)
        v = followup.submit(
            conn, REDAKTOR, plan_id=PLAN, year=2025, goal_id=GOAL, status="delvist",
            story_md="Tallene stiger.", next_steps="Mere.",
            based_on=None if newest is None else newest.version_id,
        )  # fmt: skip
        seq = int(audit.entries(conn, entity="followup_version")["seq"].iloc[0])
    raw = duckdb.connect(str(demo_db_copy))
    raw.execute("update audit_log set actor = 'bo' where seq = ?", [seq])
    raw.close()
    code, out, _ = cli("--db", str(demo_db_copy), "audit", "verify")
    assert code != 0
    assert f"Post {seq} (followup_submit followup_version {v.version_id}, bo)" in out


def test_cli_audit_list_needs_read_audit(tmp_path: Path, cli) -> None:
    path = tmp_path / "a.duckdb"
    _three(path)
    with connect(path) as conn:
        add_users(conn)  # users live in the database; each is an entry too
        newest = audit.head(conn)[0]
    code, _, err = cli("--db", str(path), "audit", "list", "--user", "bo", password=PASSWORDS["bo"])
    assert code != 0 and "må ikke se revisionssporet" in err
    code, out, _ = cli(
        "--db", str(path), "audit", "list", "--user", "rita", password=PASSWORDS["rita"]
    )
    assert code == 0 and out.splitlines()[0].startswith(f"{newest}\t")
    code, _, err = cli("--db", str(path), "audit", "list", "--user", "rita", password="forkert")
    assert code != 0 and "Forkert brugernavn eller adgangskode" in err
    code, _, err = cli("--db", str(path), "audit", "list", "--user", "rita")
    assert code != 0 and "MONITOR_PASSWORD" in err
