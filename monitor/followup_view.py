"""What the Opfølgning, Møder and Revision pages show, computed from plain frames.

No Streamlit here: the pages read widgets, call these functions and draw; tests call them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from monitor import followup, meetings
from monitor.db import run_query

TZ = "Europe/Copenhagen"
STATE_ICONS = {
    "mangler": ":material/radio_button_unchecked:",
    "kladde": ":material/edit:",
    "indsendt": ":material/send:",
    "godkendt af bestyrelsen": ":material/verified:",
}
KIND_LABELS = {"maal": "Mål", "delmaal": "Delmål"}


def when_text(ts: Any) -> str:
    """'23.11.2026 kl. 14.05' in Danish time, '–' when missing."""
    if ts is None or (not isinstance(ts, str) and pd.isna(ts)):
        return "–"
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return f"{stamp.tz_convert(TZ):%d.%m.%Y kl. %H.%M}"


def date_text(d: Any) -> str:
    """'15.03.2024', '–' when missing."""
    if d is None or (not isinstance(d, str) and pd.isna(d)):
        return "–"
    return f"{pd.Timestamp(d):%d.%m.%Y}"


def followup_years(period_start: Any, period_end: Any, today: dt.date) -> list[int]:
    """The years a plan is followed up for: its period's years up to this year."""
    first = pd.Timestamp(period_start).year
    last = min(pd.Timestamp(period_end).year, today.year)
    return list(range(first, max(first, last) + 1))


def default_followup_year(years: list[int], today: dt.date) -> int:
    """Last year: the follow-up written in a year is on the year before."""
    wanted = today.year - 1
    return wanted if wanted in years else years[-1]


def state_table(current: pd.DataFrame) -> pd.DataFrame:
    """One row per mål/delmål with its follow-up state for the year, in Danish."""
    rows = []
    for r in current.to_dict("records"):
        state = followup.goal_state(r)
        note = ""
        if state == "indsendt" and not pd.isna(r.get("last_approved_on")):
            note = "rettet efter godkendelse – afventer ny godkendelse"
        elif state in ("indsendt", "godkendt af bestyrelsen") and r.get("state") == "draft":
            note = "en kladde til rettelse er i gang"
        rows.append(
            {
                # The state first: on a projector the table's right edge may be cut off.
                "goal_id": r["goal_id"],
                "Mål": f"{KIND_LABELS.get(r['kind'], r['kind'])}: {r['goal']}",
                "Tilstand": state,
                "Vurdering": r["submitted_status"]
                if not pd.isna(r.get("submitted_status"))
                else (r["status"] if not pd.isna(r.get("status")) else ""),
                "Godkendt": date_text(r.get("approved_on")),
                "Bemærkning": note,
                "Senest gemt af": "" if pd.isna(r.get("author")) else r["author"],
                "Senest gemt": when_text(r.get("created_at")),
                "Indsatsområde": r["indsatsomraade"],
            }
        )
    return pd.DataFrame(rows)


def versions_table(versions: pd.DataFrame) -> pd.DataFrame:
    """A follow-up's versions for the version list: who, when, what, why."""
    rows = []
    for r in versions.to_dict("records"):
        rows.append(
            {
                "Version": int(r["version_no"]),
                "Type": followup.STATE_LABELS.get(r["state"], r["state"]),
                "Vurdering": "" if pd.isna(r.get("status")) else r["status"],
                "Af": r["author"],
                "Tidspunkt": when_text(r["created_at"]),
                "Begrundelse": "" if pd.isna(r.get("reason")) else r["reason"],
                "Efter godkendelse": "ja" if r.get("after_approval") else "",
                "Godkendt": date_text(r.get("approved_on")),
                "Fingeraftryk (tal)": ""
                if pd.isna(r.get("snapshot_sha256"))
                else str(r["snapshot_sha256"])[:12],
            }
        )
    return pd.DataFrame(rows)


# --- meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRhythm:
    """The year's meetings against the rhythm the plan's bestyrelse keeps (issue 9: the rhythm
    is part of the plan; None when the plan states none)."""

    held: int
    missed_quarters: list[int]
    next_due: tuple[int, int, dt.date] | None
    per_year: int | None = meetings.MEETINGS_PER_YEAR

    def text(self, year: int) -> str:
        """'3 af 4 møder i 2026 · næste møde forventes i 4. kvartal 2026 (senest 31.12.2026)'."""
        if self.per_year is None:
            return (
                f"{self.held} møder i {year} · planen angiver ikke, hvor ofte bestyrelsen mødes"
            )
        parts = [f"{self.held} af {self.per_year} møder i {year}"]
        if self.missed_quarters:
            quarters = ", ".join(f"{q}." for q in self.missed_quarters)
            parts.append(f"intet møde i {quarters} kvartal")
        if self.next_due:
            y, q, last = self.next_due
            parts.append(f"næste møde forventes i {q}. kvartal {y} (senest {last:%d.%m.%Y})")
        return " · ".join(parts)

    def warning(self, year: int) -> str | None:
        """The missed meetings in Danish, or None."""
        if not self.missed_quarters or self.per_year is None:
            return None
        return (
            f"Planen lover {self.per_year} bestyrelsesmøder om året; der mangler møder i "
            + ", ".join(f"{q}. kvartal" for q in self.missed_quarters)
            + f" {year}."
        )


def rhythm(
    all_meetings: list[meetings.Meeting],
    year: int,
    today: dt.date,
    per_year: int | None = meetings.MEETINGS_PER_YEAR,
) -> MeetingRhythm:
    """How the year's meetings keep the rhythm the plan promises (`per_year` meetings a year,
    from the plan's bestyrelse; quarterly when four). A plan that states no rhythm has no
    missed meetings to show."""
    dates = [m.meeting_date for m in all_meetings]
    held = sum(1 for d in dates if d.year == year)
    if per_year is None:
        return MeetingRhythm(held=held, missed_quarters=[], next_due=None, per_year=None)
    if per_year == 4:
        missed = meetings.missed_quarters(dates, year, today)
        due = meetings.next_due(dates, today)
    else:
        # Any other rhythm: a finished year with fewer meetings than promised is a gap.
        missed = []
        due = None
    return MeetingRhythm(held=held, missed_quarters=missed, next_due=due, per_year=per_year)


def meetings_table(found: list[meetings.Meeting], labels: dict[int, str]) -> pd.DataFrame:
    """The meetings as rows: date, participants, presented and approved follow-ups, decisions."""
    rows = []
    for m in found:
        rows.append(
            {
                "Dato": date_text(m.meeting_date),
                "Deltagere": ", ".join(m.participants),
                "Fremlagt": "; ".join(labels.get(v, f"version {v}") for v in m.presented),
                "Godkendt": "; ".join(labels.get(v, f"version {v}") for v in m.approved),
                "Beslutninger": " | ".join(m.decisions),
                "Registreret af": f"{m.author}, {when_text(m.created_at)}"
                + (f" (rettelse {m.version_no})" if m.version_no > 1 else ""),
            }
        )
    return pd.DataFrame(rows)


def submitted_choices(conn: duckdb.DuckDBPyConnection, plan_id: str) -> pd.DataFrame:
    """The newest submitted version of every follow-up of the plan (what a meeting can present
    and approve), with a Danish label, newest year first."""
    versions = followup.versions(conn, plan_id)
    if versions.empty:
        return versions.assign(label=pd.Series(dtype=str))
    submitted = versions[versions["state"] == "submitted"]
    newest = submitted.sort_values("version_no").groupby(["year", "goal_id"]).tail(1)
    newest = newest.sort_values(["year", "sort_order"], ascending=[False, True])
    labels = [
        f"{r['year']} · {r['goal']} (v{r['version_no']}"
        + (", rettet efter godkendelse" if r["after_approval"] else "")
        + (f", godkendt {date_text(r['approved_on'])}" if not pd.isna(r["approved_on"]) else "")
        + ")"
        for r in newest.to_dict("records")
    ]
    return newest.assign(label=labels)


def version_labels(conn: duckdb.DuckDBPyConnection, plan_id: str) -> dict[int, str]:
    """Every follow-up version of the plan as '2023 · Flere bliver ... (v2)'."""
    versions = followup.versions(conn, plan_id)
    return {
        int(r["version_id"]): f"{r['year']} · {r['goal']} (v{r['version_no']})"
        for r in versions.to_dict("records")
    }


def audit_table(entries: pd.DataFrame) -> pd.DataFrame:
    """Audit entries for the Revision page: number, time, who, what, which record, details."""
    rows = []
    for r in entries.to_dict("records"):
        details = r["details"] if isinstance(r["details"], dict) else {}
        shown = ", ".join(
            f"{k}: {v}"
            for k, v in sorted(details.items())
            if k not in ("text_sha256", "snapshot_sha256", "password_hash_sha256")
        )
        rows.append(
            {
                "Nr.": int(r["seq"]),
                "Tidspunkt": when_text(r["recorded_at"]),
                "Bruger": r["actor"],
                "Handling": ACTION_LABELS.get(r["action"], r["action"]),
                "Post": f"{r['entity']} {r['entity_id']}",
                "Detaljer": shown[:300],
                "Hash": str(r["entry_hash"])[:16],
            }
        )
    return pd.DataFrame(rows)


ACTION_LABELS = {
    "import": "import af data",
    "registry_load": "indlæsning af registre",
    "plan_version": "planversion gemt",
    "followup_save": "opfølgning: kladde gemt",
    "followup_submit": "opfølgning: indsendt",
    "meeting_record": "bestyrelsesmøde registreret",
    "meeting_correct": "bestyrelsesmøde rettet",
    "note_add": "note tilføjet",
    "note_correct": "note rettet",
    "note_withdraw": "note trukket tilbage",
    "user_add": "bruger oprettet",
    "user_role": "rolle ændret",
    "user_password": "adgangskode skiftet",
    "user_deactivate": "adgang lukket",
    "user_activate": "adgang åbnet",
}


def audit_actions(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """The kinds of write the log holds (for the filter)."""
    return list(run_query(conn, "audit_actions")["action"])


def audit_actors(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """The users the log names (for the filter)."""
    return list(run_query(conn, "audit_actors")["actor"])


def revision_checklist(
    versions: pd.DataFrame, goals: pd.DataFrame, all_meetings: list[meetings.Meeting]
) -> pd.DataFrame:
    """Per mål/delmål for a year: followed up? by whom, when? presented at which meeting?
    approved? `versions` is followup.versions for the plan and year, `goals` the plan's goals
    (goal_id, kind, goal), `all_meetings` the plan's current meeting versions."""
    presented_on: dict[int, list[dt.date]] = {}
    approved_on: dict[int, list[dt.date]] = {}
    for m in all_meetings:
        for v in m.presented:
            presented_on.setdefault(v, []).append(m.meeting_date)
        for v in m.approved:
            approved_on.setdefault(v, []).append(m.meeting_date)
    rows = []
    for g in goals.to_dict("records"):
        own = versions[versions["goal_id"] == g["goal_id"]] if not versions.empty else versions
        submitted = own[own["state"] == "submitted"] if not own.empty else own
        last = submitted.iloc[-1] if not submitted.empty else None
        vid = None if last is None else int(last["version_id"])
        shown = sorted(presented_on.get(vid, [])) if vid else []
        signed = sorted(approved_on.get(vid, [])) if vid else []
        rows.append(
            {
                "Mål": f"{KIND_LABELS.get(g['kind'], g['kind'])}: {g['goal']}",
                "Fulgt op": "ja" if last is not None else "nej",
                "Fremlagt på møde": ", ".join(date_text(d) for d in shown) or "nej",
                "Godkendt": ", ".join(date_text(d) for d in signed) or "nej",
                "Af": "" if last is None else last["author"],
                "Indsendt": "" if last is None else when_text(last["created_at"]),
                "Version": "" if last is None else int(last["version_no"]),
                "Rettelser": max(0, len(submitted) - 1),
            }
        )
    return pd.DataFrame(rows)


def figure_cards(display: pd.DataFrame) -> list[str]:
    """The goal's Overblik rows as short Markdown blocks that fit beside the editor: the same
    display strings as the Overblik's table (baseline, latest, comparator, change, status)."""
    cards = []
    for r in display.to_dict("records"):
        if not r.get("indicator_code"):
            cards.append(f"**{r['Indikator']}** · {r['Status']}")
            continue
        lines = [
            f"**{r['Indikator']}** ({r['Geografi']}) · {r['Status']}",
            f"Baseline {r['Baseline']} · seneste {r['Seneste']} · ændring {r['Ændring']}",
        ]
        if r.get("Sammenligning"):
            lines.append(
                f"{r['Sammenligning']}: {r['Sammenligning baseline']} → "
                f"{r['Sammenligning seneste']} · afstand {r['Afstand til sammenligning']}"
            )
        if r.get("Målsætning"):
            lines.append(f"Målsætning: {r['Målsætning']}")
        cards.append("  \n".join(_escape_md(line) for line in lines))
    return cards


def _escape_md(text: str) -> str:
    # Figures and names from the registry are plain text; keep Markdown from reading
    # "1. " or "*" in them as formatting, but keep the bold we add.
    return text.replace("$", "\\$")
