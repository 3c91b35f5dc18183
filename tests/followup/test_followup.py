"""Follow-ups: drafts, frozen submissions with a snapshot, corrections, concurrent edits."""

from __future__ import annotations

import duckdb
import pytest

from etl.load import import_bytes
from monitor import audit, followup
from monitor.auth import PermissionDenied
from monitor.db import run_query
from tests.followup.conftest import GOAL, LAESER, PLAN, REDAKTOR, REVISOR

ISHOEJ = "ishoej-2025-29"
EVICTIONS = "udsaettelser-under-6"


def _draft(conn, based_on=None, text="Første udkast.", user=REDAKTOR, **kw):
    args = dict(plan_id=PLAN, year=2021, goal_id=GOAL, status=None, next_steps="")
    args.update(kw)
    return followup.save_draft(conn, user, story_md=text, based_on=based_on, **args)


def _submit(conn, based_on, text="Tallene går den rigtige vej.", status="delvist", **kw):
    args = dict(plan_id=PLAN, year=2021, goal_id=GOAL, next_steps="Fortsæt.")
    args.update(kw)
    return followup.submit(conn, REDAKTOR, status=status, story_md=text, based_on=based_on, **args)


def test_a_laeser_and_a_revisor_cannot_write(demo_conn: duckdb.DuckDBPyConnection) -> None:
    before = len(followup.versions(demo_conn, PLAN))
    entries = len(audit.entries(demo_conn, entity="followup_version"))
    for user in (LAESER, REVISOR, None):
        with pytest.raises(PermissionDenied):
            _draft(demo_conn, user=user)
        with pytest.raises(PermissionDenied):
            followup.submit(
                demo_conn, user, plan_id=PLAN, year=2021, goal_id=GOAL, status="delvist",
                story_md="x", next_steps="", based_on=None,
            )  # fmt: skip
    assert len(followup.versions(demo_conn, PLAN)) == before
    assert len(audit.entries(demo_conn, entity="followup_version")) == entries


def test_drafts_submission_and_correction_are_versions(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    d1 = _draft(demo_conn)
    d2 = _draft(demo_conn, based_on=d1.version_id, text="Andet udkast.")
    s1 = _submit(demo_conn, d2.version_id)
    assert (d1.version_no, d2.version_no, s1.version_no) == (1, 2, 3)
    assert s1.frozen and not d2.frozen and s1.author == "mette"
    assert s1.replaces == d2.version_id and s1.corrects is None
    with pytest.raises(followup.FollowupError, match="begrundelse"):
        _submit(demo_conn, s1.version_id, text="Rettet uden at sige hvorfor.")
    c1 = _submit(
        demo_conn, s1.version_id, text="Rettet: tallene er usikre.", reason="LBF rettede tallet"
    )
    assert c1.reason == "LBF rettede tallet" and not c1.after_approval
    assert c1.corrects == s1.version_id and c1.replaces == s1.version_id
    # nothing was updated in place
    assert followup.get_version(demo_conn, s1.version_id).story_md == "Tallene går den rigtige vej."
    listed = followup.versions(demo_conn, PLAN, 2021, GOAL)
    assert list(listed["version_no"]) == [1, 2, 3, 4]
    assert list(listed["state"]) == ["draft", "draft", "submitted", "submitted"]
    assert set(listed["author"]) == {"mette"}
    assert listed["created_at"].is_monotonic_increasing
    current = followup.current(demo_conn, PLAN, 2021).set_index("goal_id")
    assert current.loc[GOAL, "submitted_version_id"] == c1.version_id
    actions = list(audit.entries(demo_conn, entity="followup_version")["action"])[:4]
    assert actions == ["followup_submit", "followup_submit", "followup_save", "followup_save"]
    assert audit.verify(demo_conn) == []


def test_submitting_requires_status_and_story(demo_conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(followup.FollowupError, match="status"):
        followup.submit(
            demo_conn, REDAKTOR, plan_id=PLAN, year=2021, goal_id=GOAL, status="",
            story_md="x", next_steps="", based_on=None,
        )  # fmt: skip
    with pytest.raises(followup.FollowupError, match="historien"):
        _submit(demo_conn, None, text="  ")
    with pytest.raises(followup.FollowupError, match="Ukendt status"):
        _submit(demo_conn, None, status="fint")
    with pytest.raises(followup.FollowupError, match="intet mål"):
        _submit(demo_conn, None, goal_id="findes-ikke")


def test_a_later_save_on_an_old_version_is_refused_and_keeps_the_text(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    first = _draft(demo_conn)
    # Two people open version `first`; the first to save wins.
    _draft(demo_conn, based_on=first.version_id, text="Mettes tekst.")
    with pytest.raises(followup.ConflictError) as caught:
        _draft(demo_conn, based_on=first.version_id, text="Karins tekst, som ikke må gå tabt.")
    err = caught.value
    assert err.refused.story_md == "Karins tekst, som ikke må gå tabt."
    assert err.latest is not None and err.latest.story_md == "Mettes tekst."
    assert "gemt af mette" in str(err) and "bevaret" in str(err)
    with pytest.raises(followup.ConflictError):
        _submit(demo_conn, first.version_id)  # submitting on the old version too
    with pytest.raises(followup.ConflictError):
        _draft(demo_conn, based_on=None)  # "new" although one exists
    assert len(followup.versions(demo_conn, PLAN, 2021, GOAL)) == 2


def test_snapshot_holds_the_figures_and_batches_it_was_written_on(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    s = _submit(demo_conn, None)
    snap = followup.snapshot(demo_conn, s.version_id)
    assert snap["goal"]["goal_id"] == GOAL and snap["year"] == 2021
    codes = {i["indicator_code"] for i in snap["indicators"]}
    assert "dagtilbud_1_5" in codes
    series = demo_conn.execute(
        "select year, value, batch_id from observation_series "
        "where indicator_code = 'dagtilbud_1_5' and geo_code = 'Vejleåparken' order by year"
    ).fetchall()
    frozen = sorted(
        (r["year"], r["value"], r["batch_id"])
        for r in snap["series"]
        if r["indicator_code"] == "dagtilbud_1_5" and r["geo_code"] == "Vejleåparken"
    )
    assert frozen == [tuple(r) for r in series] and frozen
    batch_ids = {b["batch_id"] for b in snap["batches"]}
    assert {r[2] for r in series} <= batch_ids
    assert all(len(b["sha256"]) == 64 and b["file_name"] for b in snap["batches"])
    dagtilbud = next(i for i in snap["indicators"] if i["indicator_code"] == "dagtilbud_1_5")
    assert dagtilbud["overview"]["baseline"]["value"] == 88.4
    assert dagtilbud["overview"]["latest"]["year"] == 2021
    assert s.snapshot_sha256 == audit.sha256_text(audit.canonical_json(snap))
    assert followup.snapshot_intact(demo_conn, s.version_id)
    assert followup.snapshot(demo_conn, _draft(demo_conn, based_on=s.version_id).version_id) is None


def test_snapshot_stays_frozen_when_a_new_import_revises_a_figure(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    def submit_evictions(based_on, reason=None):
        return followup.submit(
            demo_conn, REDAKTOR, plan_id=ISHOEJ, year=2024, goal_id=EVICTIONS,
            status="på rette spor", story_md="Under 6 om året.", next_steps="",
            based_on=based_on, reason=reason,
        )  # fmt: skip

    def figure(snap, year):
        return next(
            r["value"]
            for r in snap["series"]
            if r["indicator_code"] == "udsaettelser" and r["geo_code"] == "AAB-55"
            and r["year"] == year
        )  # fmt: skip

    first = submit_evictions(None)
    before = figure(followup.snapshot(demo_conn, first.version_id), 2021)
    content = (
        "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
        f"Udsættelser af beboere;AAB-55;2021;{int(before) + 5};Boligforeningen AAB;;\n"
    ).encode()
    report = import_bytes(demo_conn, content, "rettelse-2021.csv", user=REDAKTOR, kind="lokal")
    assert not report.errors and report.values_revised == 1
    assert figure(followup.snapshot(demo_conn, first.version_id), 2021) == before
    second = submit_evictions(first.version_id, reason="Rettede tal for 2021")
    snap2 = followup.snapshot(demo_conn, second.version_id)
    assert figure(snap2, 2021) == before + 5
    assert report.batch_id in {b["batch_id"] for b in snap2["batches"]}
    assert second.snapshot_sha256 != first.snapshot_sha256


def test_an_edited_snapshot_is_detected(demo_conn: duckdb.DuckDBPyConnection) -> None:
    s = _submit(demo_conn, None)
    demo_conn.execute(
        "update followup_snapshot set content = replace(content, '88.4', '98.4') "
        "where version_id = ?",
        [s.version_id],
    )
    assert not followup.snapshot_intact(demo_conn, s.version_id)


def test_markdown_is_rendered_without_raw_html() -> None:
    html = followup.render_markdown(
        "**fed** <script>alert('x')</script>\n\n[klik](javascript:alert(1))"
        "\n\n<img src=x onerror=y>"
    )
    assert "<strong>fed</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert 'href="javascript:' not in html


def test_versions_query_lists_other_plans_separately(demo_conn: duckdb.DuckDBPyConnection) -> None:
    _submit(demo_conn, None)
    assert followup.versions(demo_conn, ISHOEJ).empty  # the demo's lived years are Vejleåparken's
    assert not run_query(demo_conn, "followup_current", plan_id=ISHOEJ, year=2024).empty
