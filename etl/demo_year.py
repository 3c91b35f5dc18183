"""The demo's lived years of follow-up: Vejleåparken 2021-25 as its leder and board would have
left it. Submitted follow-ups for 2022-2024 (one corrected after the board approved it), four
board meetings a year with participants and decisions, and notes on data points.

Everything is written through the same functions the pages call (followup.submit,
meetings.record_meeting, notes.add_note) as the demo redaktør, so the audit log, the snapshots
and the approvals are exactly what a real year leaves behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from monitor import followup, meetings, notes
from monitor.auth import User
from monitor.fmt import fmt_value

PLAN = "vejleaaparken-2021-25"
AREA = "Vejleåparken"
FOLLOWUP_YEARS = (2022, 2023, 2024)
MEETING_YEARS = (2022, 2023, 2024, 2025, 2026)
MEETING_DAYS = ((3, 15), (6, 14), (9, 13), (12, 6))
BOARD = [
    "Lise Holm, formand (AAB)",
    "Karim Aziz, beboerrepræsentant afd. 55",
    "Helle Berg, Ishøj Kommune",
    "Jonas Vinther, boligsocial leder",
]
# The correction after approval: which follow-up, and why.
CORRECTED = (2023, "arbejdsmarkedet")
# LBF's revised delivery behind the correction: the 2023 figure of the goal's indicator.
REVISED_FILE = "vejleaaparken-lbf-rettelse-2023.csv"
REVISED_ROWS = (
    "Indikator;Geografi;Geografikode;År;Andel;Værdi;Antal;Grundlag\n"
    "Andel 18-64-årige, der er uden tilknytning til arbejdsmarked og uddannelse;Vejleåparken;;"
    "2023;27,2 %;;812;2987\n"
)
CORRECTION_REASON = (
    "LBF's reviderede beboerdata for 2023 (leveret maj 2024) ændrede andelen uden tilknytning; "
    "teksten er rettet til de nye tal."
)
NOTES = (
    (
        "uden_tilknytning_18_64",
        "2020",
        "Rådgivningen var ikke personlig under corona (marts "
        "2020 - maj 2021); jobcafeen holdt lukket.",
    ),
    (
        "frivilligt_arbejde",
        "2021",
        "Tryghedsmålingen 2021 blev gennemført online; færre ældre beboere svarede.",
    ),
    (
        "karakter_dansk_matematik_9",
        "2020",
        "Afgangsprøverne blev aflyst i 2020 (corona); tallet bygger på årskarakterer.",
    ),
)


def _plan_status(statuses: list[str]) -> str:
    known = [s for s in statuses if s in ("bedre", "uændret", "dårligere")]
    if not known:
        return "kan ikke vurderes"
    if all(s == "bedre" for s in known):
        return "på rette spor"
    if sum(s == "dårligere" for s in known) > len(known) / 2:
        return "ikke på rette spor"
    return "delvist"


def _story(snapshot: dict, year: int) -> tuple[str, str]:
    """A story written on the figures of the snapshot, and the status they support."""
    lines, statuses = [], []
    for ind in snapshot["indicators"]:
        reading = ind.get("overview") or {}
        latest = reading.get("latest") or {}
        base = reading.get("baseline") or {}
        status = reading.get("status") or "for få data"
        statuses.append(status)
        unit = ind["unit"]
        if latest.get("value") is None:
            lines.append(f"- **{ind['indicator_name']}**: endnu ingen tal for {year}.")
            continue
        lines.append(
            f"- **{ind['indicator_name']}**: {fmt_value(latest['value'], unit)} i "
            f"{latest['year']} mod baseline {fmt_value(base.get('value'), unit)} "
            f"({base.get('year') or 'ukendt år'}): {status}."
        )
    intro = (
        f"Opfølgning på {snapshot['goal']['title'].rstrip('.')} for {year}, skrevet på "
        "tallene herunder. Indsatserne er gennemført som planlagt i delaftalen."
    )
    return intro + "\n\n" + "\n".join(lines), _plan_status(statuses)


def _submit(
    conn: duckdb.DuckDBPyConnection, user: User, year: int, goal_id: str, reason: str | None
) -> int:
    snapshot = followup.build_snapshot(conn, PLAN, goal_id, year)
    story, status = _story(snapshot, year)
    if reason:
        story += "\n\n*Rettet:* " + reason
    newest = followup.latest(conn, PLAN, year, goal_id)
    version = followup.submit(
        conn,
        user,
        plan_id=PLAN,
        year=year,
        goal_id=goal_id,
        status=status,
        story_md=story,
        next_steps="Indsatsen fortsætter; arbejdsgruppen følger op på næste møde.",
        based_on=None if newest is None else newest.version_id,
        reason=reason,
    )
    return version.version_id


def _import_revision(conn: duckdb.DuckDBPyConnection, redaktor: User, files_dir: Path) -> None:
    """LBF's revised 2023 figure, written as a delivery file and loaded through the ETL."""
    from etl.load import import_file

    path = files_dir / REVISED_FILE
    path.write_text(REVISED_ROWS, encoding="utf-8-sig")
    report = import_file(conn, path, user=redaktor)
    if report.errors or report.values_revised != 1:
        raise RuntimeError(f"demoens rettelse kunne ikke indlæses: {report.summary()}")


def build_lived_years(conn: duckdb.DuckDBPyConnection, redaktor: User, files_dir: Path) -> None:
    """Write the demo's follow-ups, meetings, approvals and notes for Vejleåparken."""
    goals = list(followup.current(conn, PLAN, FOLLOWUP_YEARS[0])["goal_id"])
    for indicator, period, text in NOTES:
        notes.add_note(
            conn, redaktor, indicator_code=indicator, geo_code=AREA, period=period, text=text,
            plan_id=PLAN,
        )  # fmt: skip
    submitted: dict[int, list[int]] = {}
    for year in MEETING_YEARS:
        for quarter, (month, day) in enumerate(MEETING_DAYS, start=1):
            date = dt.date(year, month, day)
            if year == MEETING_YEARS[-1] and quarter == 4:
                break  # the next meeting is still due
            presented: list[int] = []
            approved: list[int] = []
            decisions = [
                f"Status på aktiviteterne i {quarter}. kvartal {year} taget til orientering."
            ]
            followed = year - 1
            if quarter == 1 and followed in FOLLOWUP_YEARS:
                submitted[followed] = [_submit(conn, redaktor, followed, g, None) for g in goals]
                presented = approved = submitted[followed]
                decisions.insert(0, f"Opfølgningerne for {followed} er godkendt.")
            if (year, quarter) == (CORRECTED[0] + 1, 2):
                _import_revision(conn, redaktor, files_dir)
                fixed = _submit(conn, redaktor, CORRECTED[0], CORRECTED[1], CORRECTION_REASON)
                presented = [fixed]
                decisions.insert(
                    0,
                    f"Rettet opfølgning for {CORRECTED[0]} fremlagt; godkendes på næste møde, "
                    "når LBF's endelige tal foreligger.",
                )
                submitted[CORRECTED[0]].append(fixed)
            if (year, quarter) == (CORRECTED[0] + 1, 3):
                fixed = submitted[CORRECTED[0]][-1]
                presented = approved = [fixed]
                decisions.insert(0, f"Den rettede opfølgning for {CORRECTED[0]} er godkendt.")
            meetings.record_meeting(
                conn,
                redaktor,
                plan_id=PLAN,
                meeting_date=date,
                participants=BOARD,
                presented=presented,
                approved=approved,
                decisions=decisions,
            )
    # The leder has begun the 2025 follow-up: a draft waits on the Opfølgning page.
    followup.save_draft(
        conn,
        redaktor,
        plan_id=PLAN,
        year=2025,
        goal_id=goals[0],
        status="delvist",
        story_md="Udkast: tallene for 2025 er kommet; afventer arbejdsgruppens møde.",
        next_steps="",
        based_on=None,
    )
