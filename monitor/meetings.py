"""Board meetings (bestyrelsesmøder): date, participants, the follow-ups presented and
approved, decisions.

Append-only: a correction is a new version of the same meeting (same meeting_id) pointing to
the version it replaces; a correction based on an outdated version is refused. Sign-off: the
follow-up versions a meeting approves must be presented at it; an approved version is locked
(followup.submit then needs a reason and marks the correction as made after approval).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from monitor import audit
from monitor.auth import User, require
from monitor.db import run_query, transaction


class MeetingError(ValueError):
    """A meeting that cannot be recorded as given (Danish message)."""


class MeetingConflict(MeetingError):
    """Someone recorded a newer version of the meeting meanwhile."""


@dataclass(frozen=True)
class Meeting:
    """One version of a recorded meeting."""

    version_id: int
    meeting_id: int
    version_no: int
    plan_id: str
    meeting_date: dt.date
    participants: list[str]
    decisions: list[str]
    presented: list[int]
    replaces: int | None
    author: str
    created_at: dt.datetime
    approved: tuple[int, ...] = ()


MEETINGS_PER_YEAR = 4


def next_due(meeting_dates: list[dt.date], today: dt.date) -> tuple[int, int, dt.date] | None:
    """The next meeting the rhythm of four a year asks for, as (year, quarter, last day of that
    quarter): the earliest quarter, from the current one on, with no meeting. None when every
    quarter up to the end of next year has one (never in practice)."""
    held = {(d.year, (d.month - 1) // 3 + 1) for d in meeting_dates}
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(8):
        if (year, quarter) not in held:
            month = quarter * 3
            last = dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1)
            return year, quarter, last - dt.timedelta(days=1)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return None


def missed_quarters(meeting_dates: list[dt.date], year: int, today: dt.date) -> list[int]:
    """The quarters of `year` that are over and had no meeting."""
    held = {(d.month - 1) // 3 + 1 for d in meeting_dates if d.year == year}
    current = (year, 4) if today.year > year else (year, (today.month - 1) // 3)
    if today.year < year:
        return []
    return [q for q in range(1, current[1] + 1) if q not in held]


def _meeting(row: dict[str, Any]) -> Meeting:
    replaces = row["replaces"]
    return Meeting(
        version_id=int(row["version_id"]),
        meeting_id=int(row["meeting_id"]),
        version_no=int(row["version_no"]),
        plan_id=str(row["plan_id"]),
        meeting_date=pd.Timestamp(row["meeting_date"]).date(),
        participants=list(json.loads(row["participants"])),
        decisions=list(json.loads(row["decisions"])),
        presented=[int(v) for v in row["presented"]],
        replaces=None if replaces is None or pd.isna(replaces) else int(replaces),
        author=str(row["author"]),
        created_at=pd.Timestamp(row["created_at"]).to_pydatetime(),
        approved=tuple(int(v) for v in row.get("approved", ())),
    )


def get_meeting(conn: duckdb.DuckDBPyConnection, version_id: int) -> Meeting:
    """One meeting version by id."""
    frame = run_query(conn, "meeting_version_get", version_id=int(version_id))
    if frame.empty:
        raise MeetingError(f"Mødeversion {version_id} findes ikke.")
    return _meeting(frame.iloc[0].to_dict())


def meetings(
    conn: duckdb.DuckDBPyConnection,
    plan_id: str,
    year: int | None = None,
    *,
    history: bool = False,
) -> list[Meeting]:
    """A plan's meetings by date: the newest version of each (every version with `history`)."""
    frame = run_query(
        conn,
        "meeting_list",
        plan_id=plan_id,
        year=None if year is None else int(year),
        history=bool(history),
    )
    return [_meeting(r) for r in frame.to_dict("records")]


def _clean_list(values: list[str] | tuple[str, ...], what: str) -> list[str]:
    cleaned = [str(v).strip() for v in values if str(v).strip()]
    if any(len(v) > 5_000 for v in cleaned):
        raise MeetingError(f"En {what} er for lang (højst 5.000 tegn).")
    return cleaned


def record_meeting(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    *,
    plan_id: str,
    meeting_date: dt.date | str,
    participants: list[str],
    presented: list[int],
    decisions: list[str],
    replaces: int | None = None,
    approved: list[int] | None = None,
) -> Meeting:
    """Record a meeting, or (with `replaces`: the version being corrected) a corrected version.

    Only submitted (frozen) follow-up versions of the same plan can be presented, and only
    presented ones approved.
    """
    user = require(user, "record_meeting")
    if isinstance(meeting_date, str):
        try:
            meeting_date = dt.date.fromisoformat(meeting_date)
        except ValueError as exc:
            raise MeetingError(f"Ugyldig dato {meeting_date!r}: skriv ÅÅÅÅ-MM-DD.") from exc
    people = _clean_list(participants, "deltager")
    if not people:
        raise MeetingError("Skriv mindst én deltager.")
    decided = _clean_list(decisions, "beslutning")
    shown = sorted({int(v) for v in presented})
    signed = sorted({int(v) for v in approved or []})
    if set(signed) - set(shown):
        raise MeetingError(
            "Kun opfølgninger, der fremlægges på mødet, kan godkendes: vælg dem også som fremlagt."
        )
    if plan_id not in set(run_query(conn, "plans")["plan_id"]):
        raise MeetingError(f"Ukendt plan {plan_id!r}.")
    if shown:
        found = run_query(conn, "meeting_followup_check", version_ids=shown)
        known = {
            int(r["version_id"]): (r["plan_id"], r["state"], bool(r["is_newest_submitted"]))
            for r in found.to_dict("records")
        }
        for v in shown:
            if v not in known:
                raise MeetingError(f"Opfølgningsversion {v} findes ikke.")
            if known[v][0] != plan_id:
                raise MeetingError(f"Opfølgningsversion {v} hører til en anden plan.")
            if known[v][1] != "submitted":
                raise MeetingError(
                    f"Opfølgningsversion {v} er en kladde; kun indsendte opfølgninger kan "
                    "fremlægges."
                )
            if v in signed and not known[v][2]:
                raise MeetingError(
                    f"Opfølgningsversion {v} er rettet siden; godkend den nyeste version."
                )
    try:
        with transaction(conn):
            version_id = int(run_query(conn, "meeting_next_id")["version_id"].iloc[0])
            if replaces is None:
                meeting_id, version_no = version_id, 1
            else:
                old = run_query(conn, "meeting_version_get", version_id=int(replaces))
                if old.empty:
                    raise MeetingError(f"Mødeversion {replaces} findes ikke.")
                meeting_id = int(old["meeting_id"].iloc[0])
                newest = run_query(conn, "meeting_latest", meeting_id=meeting_id)
                if int(newest["version_id"].iloc[0]) != int(replaces):
                    raise MeetingConflict(
                        "Mødet er rettet af en anden, efter du begyndte; din rettelse er ikke "
                        "gemt. Åbn den nyeste version og ret den."
                    )
                if old["plan_id"].iloc[0] != plan_id:
                    raise MeetingError("En rettelse kan ikke flytte mødet til en anden plan.")
                version_no = int(newest["version_no"].iloc[0]) + 1
            run_query(
                conn,
                "meeting_insert",
                version_id=version_id,
                meeting_id=meeting_id,
                version_no=version_no,
                plan_id=plan_id,
                meeting_date=meeting_date,
                participants=json.dumps(people, ensure_ascii=False),
                decisions=json.dumps(decided, ensure_ascii=False),
                replaces=replaces,
                author=user.username,
                created_at=audit.now(),
            )
            for v in shown:
                run_query(
                    conn,
                    "meeting_presented_insert",
                    meeting_version_id=version_id,
                    followup_version_id=v,
                )
            for v in signed:
                run_query(
                    conn,
                    "meeting_approved_insert",
                    meeting_version_id=version_id,
                    followup_version_id=v,
                )
            audit.append(
                conn,
                actor=user.username,
                action="meeting_record" if replaces is None else "meeting_correct",
                entity="meeting_version",
                entity_id=str(version_id),
                details={
                    "meeting_id": meeting_id,
                    "plan_id": plan_id,
                    "meeting_date": meeting_date,
                    "participants": people,
                    "decisions": decided,
                    "presented": shown,
                    "approved": signed,
                    "replaces": replaces,
                },
            )
    except (duckdb.ConstraintException, duckdb.TransactionException) as exc:
        raise MeetingConflict("En anden gemte mødet samtidig; prøv igen.") from exc
    return get_meeting(conn, version_id)
