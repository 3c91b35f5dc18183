"""Board meetings and notes on data points: append-only, corrections as versions, roles."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from monitor import audit, followup, meetings, notes
from monitor.auth import PermissionDenied
from tests.followup.conftest import GOAL, LAESER, PLAN, REDAKTOR, REVISOR


def _submitted(conn) -> followup.FollowupVersion:
    return followup.submit(
        conn, REDAKTOR, plan_id=PLAN, year=2021, goal_id=GOAL, status="delvist",
        story_md="Historien.", next_steps="Skridt.", based_on=None,
    )  # fmt: skip


def _meeting(conn, user=REDAKTOR, **kw) -> meetings.Meeting:
    args = dict(
        plan_id=PLAN, meeting_date="2021-11-12", participants=["Formand Hansen", "Leder Mette"],
        presented=[], decisions=["Opfølgningen godkendes."],
    )  # fmt: skip
    args.update(kw)
    return meetings.record_meeting(conn, user, **args)


def test_record_and_correct_a_meeting(demo_conn: duckdb.DuckDBPyConnection) -> None:
    v = _submitted(demo_conn)
    m1 = _meeting(demo_conn, presented=[v.version_id])
    assert m1.meeting_date == dt.date(2021, 11, 12) and m1.presented == [v.version_id]
    assert m1.author == "mette" and m1.version_no == 1
    m2 = _meeting(
        demo_conn,
        replaces=m1.version_id,
        participants=["Formand Hansen", "Leder Mette", "Næstformand Jensen"],
        presented=[v.version_id],
    )
    assert (m2.meeting_id, m2.version_no, m2.replaces) == (m1.meeting_id, 2, m1.version_id)
    current = meetings.meetings(demo_conn, PLAN, 2021)
    assert [m.version_id for m in current] == [m2.version_id]
    history = meetings.meetings(demo_conn, PLAN, 2021, history=True)
    assert [m.version_id for m in history] == [m1.version_id, m2.version_id]
    assert meetings.get_meeting(demo_conn, m1.version_id).participants == m1.participants
    with pytest.raises(meetings.MeetingConflict, match="rettet af en anden"):
        _meeting(demo_conn, replaces=m1.version_id)
    actions = list(audit.entries(demo_conn, entity="meeting_version")["action"])[:2]
    assert actions == ["meeting_correct", "meeting_record"]


def test_meeting_rules(demo_conn: duckdb.DuckDBPyConnection) -> None:
    for user in (LAESER, REVISOR):
        with pytest.raises(PermissionDenied):
            _meeting(demo_conn, user=user)
    draft = followup.save_draft(
        demo_conn, REDAKTOR, plan_id=PLAN, year=2021, goal_id=GOAL, status=None,
        story_md="kladde", next_steps="", based_on=None,
    )  # fmt: skip
    with pytest.raises(meetings.MeetingError, match="kladde"):
        _meeting(demo_conn, presented=[draft.version_id])
    with pytest.raises(meetings.MeetingError, match="findes ikke"):
        _meeting(demo_conn, presented=[9999])
    with pytest.raises(meetings.MeetingError, match="deltager"):
        _meeting(demo_conn, participants=[" "])
    with pytest.raises(meetings.MeetingError, match="dato"):
        _meeting(demo_conn, meeting_date="12-03-2025")
    with pytest.raises(meetings.MeetingError, match="anden plan"):
        v = followup.submit(
            demo_conn, REDAKTOR, plan_id="ishoej-2025-29", year=2025,
            goal_id="udsaettelser-under-6", status="delvist", story_md="x", next_steps="",
            based_on=None,
        )  # fmt: skip
        _meeting(demo_conn, presented=[v.version_id])
    assert meetings.meetings(demo_conn, PLAN, 2021) == []


def test_notes_append_only_and_listable(demo_conn: duckdb.DuckDBPyConnection) -> None:
    key = dict(indicator_code="dagtilbud_1_5", geo_code="Vejleåparken")
    n1 = notes.add_note(
        demo_conn, REDAKTOR, period="2020", text="Rådgivningen var ikke personlig under corona",
        **key,
    )  # fmt: skip
    n2 = notes.add_note(
        demo_conn, REDAKTOR, period="2022", text="Ny børnehave", plan_id=PLAN, **key
    )
    listed = notes.notes(demo_conn, "dagtilbud_1_5", "Vejleåparken", PLAN)
    assert list(listed["note_id"]) == [n1, n2] and list(listed["year"]) == [2020, 2022]
    assert listed["author"].tolist() == ["mette", "mette"]
    n3 = notes.correct_note(demo_conn, REDAKTOR, n1, "Rådgivningen foregik telefonisk (corona)")
    notes.withdraw_note(demo_conn, REDAKTOR, n2)
    listed = notes.notes(demo_conn, "dagtilbud_1_5", "Vejleåparken")
    assert list(listed["note_id"]) == [n3]
    history = notes.notes(demo_conn, "dagtilbud_1_5", history=True)
    assert len(history) == 4 and history["withdrawn"].sum() == 1
    with pytest.raises(notes.NoteConflict):
        notes.correct_note(demo_conn, REDAKTOR, n1, "en gammel version rettes igen")
    assert notes.notes(demo_conn, "dagtilbud_1_5", "Kommune-findes-ikke").empty
    assert len(audit.entries(demo_conn, entity="data_note")) == 4 + 3  # the demo has 3 notes
    assert audit.verify(demo_conn) == []


def test_note_rules(demo_conn: duckdb.DuckDBPyConnection) -> None:
    key = dict(indicator_code="dagtilbud_1_5", geo_code="Vejleåparken", period="2020")
    with pytest.raises(PermissionDenied):
        notes.add_note(demo_conn, LAESER, text="x", **key)
    with pytest.raises(notes.NoteError, match="periode"):
        notes.add_note(demo_conn, REDAKTOR, text="x", **{**key, "period": "tyve"})
    with pytest.raises(notes.NoteError, match="indikator"):
        notes.add_note(demo_conn, REDAKTOR, text="x", **{**key, "indicator_code": "nej"})
    with pytest.raises(notes.NoteError, match="tekst"):
        notes.add_note(demo_conn, REDAKTOR, text=" ", **key)
    n = notes.add_note(demo_conn, REDAKTOR, text="ok", **key)
    with pytest.raises(PermissionDenied):
        notes.withdraw_note(demo_conn, LAESER, n)
