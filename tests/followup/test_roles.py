"""Every write checks the role in the function that writes: a forged request from a page (a
button the role never saw) is refused here, and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.demo import NotADemoDatabase, build_demo
from etl.load import import_bytes
from monitor import audit, auth, config, followup, meetings, notes, reports
from monitor.auth import PermissionDenied, User
from monitor.registry import load_registry, write_registry
from tests.followup.conftest import ADMIN, LAESER, PLAN, REDAKTOR, REVISOR

EVICTIONS = (
    "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
    "Udsættelser af beboere;AAB-55;2016;4;Boligforeningen AAB;;\n"
).encode()

WRITES: dict[str, Callable[[duckdb.DuckDBPyConnection, User], object]] = {
    "followup draft": lambda c, u: followup.save_draft(
        c,
        u,
        plan_id=PLAN,
        year=2021,
        goal_id="fagligt-loeft",
        status=None,
        story_md="x",
        next_steps="",
        based_on=None,
    ),  # fmt: skip
    "followup submit": lambda c, u: followup.submit(
        c,
        u,
        plan_id=PLAN,
        year=2021,
        goal_id="fagligt-loeft",
        status="delvist",
        story_md="x",
        next_steps="",
        based_on=None,
    ),  # fmt: skip
    "meeting": lambda c, u: meetings.record_meeting(
        c,
        u,
        plan_id=PLAN,
        meeting_date=dt.date(2021, 11, 1),
        participants=["A"],
        presented=[],
        decisions=[],
    ),  # fmt: skip
    "note": lambda c, u: notes.add_note(
        c, u, indicator_code="dagtilbud_1_5", geo_code="Vejleåparken", period="2020", text="x"
    ),
    "import": lambda c, u: import_bytes(c, EVICTIONS, "x.csv", user=u, kind="lokal"),
    "registry": lambda c, u: write_registry(c, load_registry(config.REGISTRY_DIR), u),
    "add user": lambda c, u: auth.add_user(c, u, "eve", "administrator", "eve-adgang-123"),
    "role": lambda c, u: auth.set_role(c, u, "redaktør", "administrator"),
    "deactivate": lambda c, u: auth.deactivate_user(c, u, "admin"),
    "password": lambda c, u: auth.set_password(c, u, "admin", "overtaget-123"),
}
# Who may do each write.
ALLOWED = {
    "followup draft": {"redaktør"},
    "followup submit": {"redaktør"},
    "meeting": {"redaktør"},
    "note": {"redaktør"},
    "import": {"redaktør", "administrator"},
    "registry": {"redaktør", "administrator"},
    "add user": {"administrator"},
    "role": {"administrator"},
    "deactivate": {"administrator"},
    "password": {"administrator"},
}


REFUSED = [
    (write, user)
    for write in sorted(WRITES)
    for user in (LAESER, REVISOR, REDAKTOR, ADMIN, None)
    if user is None or user.role not in ALLOWED[write]
]


@pytest.mark.parametrize(("write", "user"), REFUSED, ids=[f"{w}-{u}" for w, u in REFUSED])
def test_each_write_is_refused_for_a_role_that_may_not(
    demo_conn: duckdb.DuckDBPyConnection, write: str, user: User | None
) -> None:
    before = audit.head(demo_conn)
    with pytest.raises(PermissionDenied):
        WRITES[write](demo_conn, user)
    assert audit.head(demo_conn) == before  # nothing written, not even a log entry


def test_exports_need_their_roles(demo_conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(PermissionDenied):
        reports.export_revision(demo_conn, LAESER, PLAN, 2023)
    with pytest.raises(PermissionDenied):
        reports.export_revision(demo_conn, REDAKTOR, PLAN, 2023)
    assert reports.export_revision(demo_conn, REVISOR, PLAN, 2023).fingerprint


def test_demo_force_refuses_a_real_database(tmp_path: Path, users_db) -> None:
    real = tmp_path / "users.duckdb"  # the users_db fixture's file: a production database
    users_db.close()
    size = real.stat().st_size
    for force in (False, True):
        with pytest.raises(NotADemoDatabase, match="ikke en demodatabase"):
            build_demo(real, force=force)
    assert real.stat().st_size == size
    with duckdb.connect(str(real)) as conn:
        assert conn.execute("select count(*) from app_user_version").fetchone()[0] == 4


def test_cli_demo_force_refuses_a_real_database(tmp_path: Path, users_db) -> None:
    users_db.close()
    from etl.cli import main

    code = main(["--db", str(tmp_path / "users.duckdb"), "demo", "--force"])
    assert code == 2
