"""Notes on single data points ("2020: rådgivningen var ikke personlig under corona").

Append-only: a correction is a new note pointing to the one it replaces, a withdrawal a new
row marked withdrawn; listing shows the current notes so a chart can draw markers.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from monitor import audit
from monitor.auth import User, require
from monitor.db import run_query, transaction

PERIOD = re.compile(r"^\d{4}(-K[1-4]|-(0[1-9]|1[0-2]))?$")
MAX_NOTE = 2_000


class NoteError(ValueError):
    """A note that cannot be saved as given (Danish message)."""


class NoteConflict(NoteError):
    """The note was replaced or withdrawn by someone else meanwhile."""


def _check(
    conn: duckdb.DuckDBPyConnection,
    plan_id: str | None,
    indicator_code: str,
    geo_code: str,
    period: str,
    text: str,
) -> None:
    if not PERIOD.match(period or ""):
        raise NoteError(f"Ugyldig periode {period!r}: skriv fx 2020, 2020-K2 eller 2020-04.")
    if not text or not text.strip():
        raise NoteError("Skriv en tekst til noten.")
    if len(text) > MAX_NOTE:
        raise NoteError(f"Noten er for lang (højst {MAX_NOTE:,} tegn).".replace(",", "."))
    ok = run_query(
        conn,
        "note_target_check",
        indicator_code=indicator_code,
        geo_code=geo_code,
        plan_id=plan_id,
    ).iloc[0]
    if not ok["indicator_ok"]:
        raise NoteError(f"Ukendt indikator {indicator_code!r}.")
    if not ok["geo_ok"]:
        raise NoteError(f"Ukendt geografi {geo_code!r}.")
    if not ok["plan_ok"]:
        raise NoteError(f"Ukendt plan {plan_id!r}.")


def get_note(conn: duckdb.DuckDBPyConnection, note_id: int) -> dict:
    """One note (any version) as a dict."""
    frame = run_query(conn, "note_get", note_id=int(note_id))
    if frame.empty:
        raise NoteError(f"Note {note_id} findes ikke.")
    return frame.iloc[0].to_dict()


def _insert(
    conn: duckdb.DuckDBPyConnection,
    user: User,
    *,
    plan_id: str | None,
    indicator_code: str,
    geo_code: str,
    period: str,
    text: str,
    withdrawn: bool,
    replaces: int | None,
    action: str,
) -> int:
    try:
        with transaction(conn):
            if replaces is not None:
                old = get_note(conn, replaces)
                if old["superseded"]:
                    raise NoteConflict(
                        "Noten er allerede rettet eller trukket tilbage af en anden; "
                        "åbn den nyeste version."
                    )
            note_id = int(
                run_query(
                    conn,
                    "note_insert",
                    plan_id=plan_id,
                    indicator_code=indicator_code,
                    geo_code=geo_code,
                    period=period,
                    text=text,
                    withdrawn=withdrawn,
                    replaces=replaces,
                    author=user.username,
                    created_at=audit.now(),
                )["note_id"].iloc[0]
            )
            audit.append(
                conn,
                actor=user.username,
                action=action,
                entity="data_note",
                entity_id=str(note_id),
                details={
                    "plan_id": plan_id,
                    "indicator_code": indicator_code,
                    "geo_code": geo_code,
                    "period": period,
                    "text": text,
                    "replaces": replaces,
                },
            )
    except (duckdb.ConstraintException, duckdb.TransactionException) as exc:
        raise NoteConflict("En anden gemte samtidig; prøv igen.") from exc
    return note_id


def add_note(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    *,
    indicator_code: str,
    geo_code: str,
    period: str,
    text: str,
    plan_id: str | None = None,
) -> int:
    """Add a note to a data point; returns its id."""
    user = require(user, "write_note")
    period = str(period).strip()
    _check(conn, plan_id, indicator_code, geo_code, period, text)
    return _insert(
        conn,
        user,
        plan_id=plan_id,
        indicator_code=indicator_code,
        geo_code=geo_code,
        period=period,
        text=text.strip(),
        withdrawn=False,
        replaces=None,
        action="note_add",
    )


def correct_note(
    conn: duckdb.DuckDBPyConnection, user: User | None, note_id: int, text: str
) -> int:
    """A corrected text as a new note replacing `note_id`; returns the new id."""
    user = require(user, "write_note")
    old = get_note(conn, note_id)
    plan_id = None if pd.isna(old["plan_id"]) else old["plan_id"]
    _check(conn, plan_id, old["indicator_code"], old["geo_code"], old["period"], text)
    return _insert(
        conn,
        user,
        plan_id=plan_id,
        indicator_code=old["indicator_code"],
        geo_code=old["geo_code"],
        period=old["period"],
        text=text.strip(),
        withdrawn=False,
        replaces=int(note_id),
        action="note_correct",
    )


def withdraw_note(conn: duckdb.DuckDBPyConnection, user: User | None, note_id: int) -> int:
    """Withdraw a note (a new row marked withdrawn; the old stays in the history)."""
    user = require(user, "write_note")
    old = get_note(conn, note_id)
    return _insert(
        conn,
        user,
        plan_id=None if pd.isna(old["plan_id"]) else old["plan_id"],
        indicator_code=old["indicator_code"],
        geo_code=old["geo_code"],
        period=old["period"],
        text=old["text"],
        withdrawn=True,
        replaces=int(note_id),
        action="note_withdraw",
    )


def notes(
    conn: duckdb.DuckDBPyConnection,
    indicator_code: str,
    geo_code: str | None = None,
    plan_id: str | None = None,
    *,
    history: bool = False,
) -> pd.DataFrame:
    """Current notes of an indicator (optionally one geography, one plan) for chart markers;
    every version with author and time when `history` is true."""
    return run_query(
        conn,
        "note_list",
        indicator_code=indicator_code,
        geo_code=geo_code,
        plan_id=plan_id,
        history=bool(history),
    )
