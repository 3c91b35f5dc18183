"""The app and the command line on one database file at the same time (issue 11): with the
dashboard served by `streamlit run` and a person using it, `etl load` and `etl revision` run
from the command line together; both succeed, and the app shows the new import at its next
rerun (the app holds the file only while a rerun uses it, and its cache follows the data)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import go_to, login, settle

pytestmark = pytest.mark.browser

PLAN = "vejleaaparken-2021-25"


def _cli(db: Path, *args: str, user: str, password: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", "--db", str(db), *args, "--user", user],
        env={
            **os.environ,
            "MONITOR_PASSWORD": password,
            "MONITOR_DB_WAIT": "120",
            "MONITOR_DEMO": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_command_line_imports_while_the_app_runs(serve, page, demo_db_file, tmp_path):
    app = serve(demo_db_file, {"MONITOR_DEMO": "1"})
    page.goto(app.url)
    login(page, "redaktør", "redaktør")
    go_to(page, "Import")
    page.get_by_role("heading", name="Importlog").wait_for()
    # The log's newest import is the one offered for download first.
    newest = (
        page.get_by_test_id("stSelectbox")
        .filter(has_text="Hent en original fil igen")
        .get_by_role("combobox")
    )
    before = newest.input_value()
    assert "natligt-udtraek.csv" not in before

    delivery = tmp_path / "natligt-udtraek.csv"
    delivery.write_text(
        "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
        "Andel 1-5-årige i dagtilbud;Vejleåparken;;2009;61,7 %;185;300\n"
        "Andel 1-5-årige i dagtilbud;Hele landet;;2009;83,3 %;;\n",
        encoding="utf-8",
    )
    # Both at once, while the app is up and a person clicks on.
    load = _cli(app.db, "load", str(delivery), user="redaktør", password="redaktør")
    revision = _cli(
        app.db,
        "revision",
        "--plan",
        PLAN,
        "--year",
        "2024",
        "--out",
        str(tmp_path / "rev"),
        user="revisor",
        password="revisor",
    )
    go_to(page, "Overblik")
    load_out, load_err = load.communicate(timeout=300)
    rev_out, rev_err = revision.communicate(timeout=300)
    assert load.returncode == 0, load_err
    assert "2 værdier indlæst" in load_out, load_out
    assert revision.returncode == 0, rev_err
    assert list((tmp_path / "rev").iterdir()), rev_out
    for err in (load_err, rev_err):
        assert "Could not set lock" not in err and "Traceback" not in err

    # The next rerun shows the new import: its file and its figures.
    go_to(page, "Import")
    settle(page)
    expect(newest).to_have_value(re.compile(r"^\d+: natligt-udtraek\.csv$"))

    # And the command line can still read the file the app is serving.
    dump = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "--db",
            str(app.db),
            "history",
            "--indicator",
            "dagtilbud_1_5",
            "--geo",
            "Vejleåparken",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MONITOR_DB_WAIT": "120"},
    )
    assert dump.returncode == 0, dump.stderr
    assert "61,7" in dump.stdout or "61.7" in dump.stdout, dump.stdout
