"""Follow-up (opfølgning) per plan, year and mål/delmål: drafts, frozen submissions, corrections.

Every save is a new version row; nothing is updated or deleted. A save carries the id of the
version it was based on; when a newer version exists, it is refused with ConflictError, which
carries the refused text so the page can give it back to the user. Submitting freezes the
version together with a snapshot of the figures it was written on (canonical JSON + SHA-256).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
from markdown_it import MarkdownIt

from monitor import audit
from monitor.auth import User, require
from monitor.db import run_query, transaction
from monitor.fmt import is_missing as _missing

STATUSES = ("på rette spor", "delvist", "ikke på rette spor", "kan ikke vurderes")
STATE_LABELS = {"draft": "kladde", "submitted": "indsendt"}
# The follow-up state of a goal for a year, as the Opfølgning page and the revision show it.
FOLLOWUP_STATES = ("mangler", "kladde", "indsendt", "godkendt af bestyrelsen")
MAX_TEXT = 50_000
MAX_REASON = 2_000


class FollowupError(ValueError):
    """A follow-up that cannot be saved as given (Danish message)."""


@dataclass(frozen=True)
class FollowupText:
    """What the redaktør writes."""

    status: str | None
    story_md: str
    next_steps: str


@dataclass(frozen=True)
class FollowupVersion:
    """One stored version of a follow-up."""

    version_id: int
    plan_id: str
    year: int
    goal_id: str
    version_no: int
    state: str
    status: str | None
    story_md: str
    next_steps: str
    replaces: int | None
    corrects: int | None
    author: str
    created_at: dt.datetime
    snapshot_sha256: str | None = None
    reason: str | None = None
    after_approval: bool = False
    approved_on: dt.date | None = None

    @property
    def frozen(self) -> bool:
        """Submitted versions are frozen with their figures."""
        return self.state == "submitted"

    @property
    def text(self) -> FollowupText:
        return FollowupText(self.status, self.story_md, self.next_steps)


class ConflictError(Exception):
    """Someone saved a newer version after this edit began; the refused text is kept."""

    def __init__(self, refused: FollowupText, latest: FollowupVersion | None) -> None:
        self.refused = refused
        self.latest = latest
        if latest is None:
            who = "en anden"
        else:
            when = pd.Timestamp(latest.created_at).tz_convert("Europe/Copenhagen")
            who = f"{latest.author} ({when:%d.%m.%Y kl. %H.%M})"
        super().__init__(
            f"Opfølgningen er gemt af {who}, efter du begyndte at redigere, så din ændring er "
            "ikke gemt. Din tekst er bevaret: kopiér den, åbn den nyeste version og indarbejd "
            "dine ændringer."
        )


def _version(row: dict[str, Any]) -> FollowupVersion:
    def opt_int(v: Any) -> int | None:
        return None if _missing(v) else int(v)

    return FollowupVersion(
        version_id=int(row["version_id"]),
        plan_id=str(row["plan_id"]),
        year=int(row["year"]),
        goal_id=str(row["goal_id"]),
        version_no=int(row["version_no"]),
        state=str(row["state"]),
        status=None if _missing(row["status"]) else str(row["status"]),
        story_md=str(row["story_md"]),
        next_steps=str(row["next_steps"]),
        replaces=opt_int(row["replaces"]),
        corrects=opt_int(row["corrects"]),
        author=str(row["author"]),
        created_at=pd.Timestamp(row["created_at"]).to_pydatetime(),
        snapshot_sha256=None if _missing(row.get("snapshot_sha256")) else row["snapshot_sha256"],
        reason=None if _missing(row.get("reason")) else str(row["reason"]),
        after_approval=bool(row.get("after_approval") or False),
        approved_on=None
        if _missing(row.get("approved_on"))
        else pd.Timestamp(row["approved_on"]).date(),
    )


def latest(
    conn: duckdb.DuckDBPyConnection, plan_id: str, year: int, goal_id: str
) -> FollowupVersion | None:
    """The newest version (draft or submitted) of a follow-up, or None."""
    frame = run_query(conn, "followup_latest", plan_id=plan_id, year=int(year), goal_id=goal_id)
    return None if frame.empty else _version(frame.iloc[0].to_dict())


def get_version(conn: duckdb.DuckDBPyConnection, version_id: int) -> FollowupVersion:
    """One version by id (FollowupError when unknown)."""
    frame = run_query(conn, "followup_version_get", version_id=int(version_id))
    if frame.empty:
        raise FollowupError(f"Opfølgningsversion {version_id} findes ikke.")
    return _version(frame.iloc[0].to_dict())


def versions(
    conn: duckdb.DuckDBPyConnection,
    plan_id: str,
    year: int | None = None,
    goal_id: str | None = None,
) -> pd.DataFrame:
    """Every version of a plan's follow-ups with author and time, oldest first."""
    return run_query(
        conn,
        "followup_versions",
        plan_id=plan_id,
        year=None if year is None else int(year),
        goal_id=goal_id,
    )


def current(conn: duckdb.DuckDBPyConnection, plan_id: str, year: int) -> pd.DataFrame:
    """Every goal of the plan with its newest version and newest submitted version."""
    return run_query(conn, "followup_current", plan_id=plan_id, year=int(year))


def snapshot(conn: duckdb.DuckDBPyConnection, version_id: int) -> dict[str, Any] | None:
    """The frozen figures of a submitted version (None for a draft)."""
    frame = run_query(conn, "followup_snapshot_get", version_id=int(version_id))
    if frame.empty:
        return None
    return json.loads(frame["content"].iloc[0])


def snapshot_intact(conn: duckdb.DuckDBPyConnection, version_id: int) -> bool:
    """Whether a stored snapshot still matches its SHA-256 (False when edited in place)."""
    frame = run_query(conn, "followup_snapshot_get", version_id=int(version_id))
    if frame.empty:
        return False
    content = frame["content"].iloc[0]
    return audit.sha256_text(audit.canonical_json(json.loads(content))) == frame["sha256"].iloc[0]


def text_sha256(text: FollowupText) -> str:
    """The fingerprint of a version's text that its audit entry records."""
    return audit.sha256_text(audit.canonical_json([text.status, text.story_md, text.next_steps]))


def goal_state(row: dict[str, Any] | pd.Series) -> str:
    """A goal's follow-up state for the year from a `current()` row: mangler, kladde, indsendt
    or godkendt af bestyrelsen (the newest submitted version approved at a meeting)."""
    if not _missing(row.get("approved_on")):
        return "godkendt af bestyrelsen"
    if not _missing(row.get("submitted_version_id")):
        return "indsendt"
    if not _missing(row.get("version_id")):
        return "kladde"
    return "mangler"


def coverage(current_frame: pd.DataFrame) -> tuple[int, int]:
    """(goals with a submitted follow-up, all goals): the opfølgningsgrad."""
    done = int(current_frame["submitted_version_id"].notna().sum())
    return done, len(current_frame)


def coverage_text(done: int, total: int) -> str:
    """'9 af 13 (69 %)' with Danish number formatting."""
    share = 0 if total == 0 else round(100 * done / total)
    return f"{done} af {total} ({share}\u00a0%)"


def text_diff(old: FollowupVersion | None, new: FollowupVersion) -> list[tuple[str, str]]:
    """What changed between two versions, field by field, as (field label, unified diff)."""
    import difflib

    fields = (
        ("Status", "status"),
        ("Historien bag tallene", "story_md"),
        ("Næste skridt", "next_steps"),
    )
    changes = []
    for label, attr in fields:
        before = "" if old is None else (getattr(old, attr) or "")
        after = getattr(new, attr) or ""
        if before == after:
            continue
        diff = difflib.unified_diff(
            before.splitlines(),
            after.splitlines(),
            fromfile=f"version {old.version_no}" if old else "ingen",
            tofile=f"version {new.version_no}",
            lineterm="",
        )
        changes.append((label, "\n".join(diff)))
    return changes


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> str:
    """HTML of user Markdown with raw HTML disabled: <script> comes out as text."""
    return _markdown.render(text or "")


# --- the snapshot ---------------------------------------------------------------------------


def _reading(reading: Any) -> dict[str, Any]:
    if reading is None:
        return {"year": None, "value": None, "uncertain": False}
    return {
        "year": reading.year,
        "value": reading.value,
        "uncertain": bool(reading.uncertain),
        "from_data": bool(getattr(reading, "from_data", False)),
        "interval": list(reading.interval) if reading.interval else None,
    }


def _overview_rows(
    conn: duckdb.DuckDBPyConnection,
    plan: pd.Series,
    goal_indicators: pd.DataFrame,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    series: pd.DataFrame,
    year: int,
) -> dict[str, dict[str, Any]]:
    """The Overblik figures per indicator code, as plain values (empty when unavailable)."""
    try:
        from monitor.overview import overview
    except ImportError:  # pragma: no cover - the overview module is part of the project
        return {}
    table = overview(
        goal_indicators,
        baselines,
        targets,
        series,
        int(year),
        plan_start_year=pd.Timestamp(plan["period_start"]).year,
        kommune_code=str(plan["kommune_code"]),
    )
    rows: dict[str, dict[str, Any]] = {}
    for r in table.to_dict("records"):
        if not r.get("has_indicator", True):
            continue
        status = r.get("status")
        gap = r.get("gap_assessment")
        rows[f"{r['indicator_code']}|{r['geo_code']}"] = {
            "baseline": _reading(r.get("baseline")),
            "latest": _reading(r.get("latest")),
            "comparator_name": None
            if _missing(r.get("comparator_name"))
            else r.get("comparator_name"),
            "comparator_baseline": _reading(r.get("comparator_baseline")),
            "comparator_latest": _reading(r.get("comparator_latest")),
            "change": None if _missing(r.get("change")) else r.get("change"),
            "gap_change": None if _missing(r.get("gap_change")) else r.get("gap_change"),
            "gap_assessment": getattr(gap, "value", None),
            "target_text": None if _missing(r.get("target_text")) else r.get("target_text"),
            "target_met": None if _missing(r.get("target_met")) else bool(r.get("target_met")),
            "status": getattr(status, "label", None if status is None else str(status)),
        }
    return rows


SERIES_COLUMNS = (
    "indicator_code",
    "geo_code",
    "geo_name",
    "role",
    "period",
    "year",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "suppressed_below",
    "uncertain",
    "partial",
    "incomplete",
    "batch_id",
)


def _records(frame: pd.DataFrame, columns: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    if columns:
        frame = frame[[c for c in columns if c in frame.columns]]
    return json.loads(audit.canonical_json(frame.astype(object).to_dict("records")))


def build_snapshot(
    conn: duckdb.DuckDBPyConnection, plan_id: str, goal_id: str, year: int
) -> dict[str, Any]:
    """The figures a follow-up is written on: the goal's indicators with baselines, targets,
    the Overblik reading as of `year`, every current yearly figure (area and comparators) and
    the import batches behind them."""
    goal = run_query(conn, "followup_goal", plan_id=plan_id, goal_id=goal_id)
    if goal.empty:
        raise FollowupError(f"Planen {plan_id} har intet mål {goal_id}.")
    plans = run_query(conn, "plans")
    plan = plans[plans["plan_id"] == plan_id].iloc[0]
    # The goals and baselines of the plan version in force in `year` (issue 9).
    from monitor.plan_overview import goal_indicators, plan_frames, version_in_force

    versions = run_query(conn, "plan_versions", plan_id=plan_id)
    in_force = version_in_force(versions, year)
    version_no = None
    if in_force is not None and int(in_force["version_no"]) != int(versions["version_no"].max()):
        version_no = int(in_force["version_no"])
    def run(name: str, **params: Any) -> pd.DataFrame:
        return run_query(conn, name, **params)

    frames = plan_frames(run, plan_id, version_no)
    # with the boligområder of a goal followed for the whole plan (as the Overblik)
    gis = goal_indicators(run, plan_id, version_no)
    gis = gis[(gis["goal_id"] == goal_id) & gis["indicator_code"].notna()]
    baselines = frames["plan_baselines_detail"]
    baselines = baselines[baselines["goal_id"] == goal_id]
    targets = frames["plan_targets"]
    targets = targets[targets["goal_id"] == goal_id]
    series = run_query(conn, "plan_series", plan_id=plan_id)
    codes = sorted(set(gis["indicator_code"]))
    series = series[series["indicator_code"].isin(codes)]
    readings = _overview_rows(conn, plan, gis, baselines, targets, series, year) if codes else {}
    indicators = []
    for gi in gis.to_dict("records"):
        key = f"{gi['indicator_code']}|{gi['geo_code']}"
        indicators.append(
            {
                "indicator_code": gi["indicator_code"],
                "indicator_name": gi["indicator_name"],
                "unit": gi["unit"],
                "direction": gi["direction"],
                "source_kind": gi["source_kind"],
                "source": gi.get("source"),
                "geo_code": gi["geo_code"],
                "geo_name": gi["geo_name"],
                "overview": readings.get(key),
                "baselines": _records(
                    baselines[
                        (baselines["indicator_code"] == gi["indicator_code"])
                        & (baselines["area_code"] == gi["geo_code"])
                    ].drop(columns=["goal_id"])
                ),
                "targets": _records(
                    targets[targets["indicator_code"] == gi["indicator_code"]].drop(
                        columns=["goal_id"]
                    )
                ),
            }
        )
    geos = sorted(set(series["geo_code"]) | set(gis["geo_code"]))
    batches = (
        run_query(conn, "followup_snapshot_batches", indicator_codes=codes, geo_codes=geos)
        if codes
        else pd.DataFrame()
    )
    g = goal.iloc[0]
    return json.loads(
        audit.canonical_json(
            {
                "plan_id": plan_id,
                "plan_name": g["plan_name"],
                "year": int(year),
                "goal": {
                    "goal_id": goal_id,
                    "kind": g["kind"],
                    "indsatsomraade": g["indsatsomraade"],
                    "title": g["title"],
                },
                "indicators": indicators,
                "series": _records(
                    series.sort_values(["indicator_code", "geo_code", "year"]), SERIES_COLUMNS
                ),
                "batches": _records(batches) if not batches.empty else [],
            }
        )
    )


# --- writing ----------------------------------------------------------------------------------


def _validate(text: FollowupText, *, submitting: bool) -> None:
    if text.status is not None and text.status not in STATUSES:
        raise FollowupError(f"Ukendt status {text.status!r}. Vælg en af: {', '.join(STATUSES)}.")
    if len(text.story_md) > MAX_TEXT or len(text.next_steps) > MAX_TEXT:
        raise FollowupError(f"Teksten er for lang (højst {MAX_TEXT:,} tegn).".replace(",", "."))
    if submitting:
        if text.status is None:
            raise FollowupError("Vælg en status, før opfølgningen indsendes.")
        if not text.story_md.strip():
            raise FollowupError("Skriv historien bag tallene, før opfølgningen indsendes.")


def _write(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    *,
    plan_id: str,
    year: int,
    goal_id: str,
    text: FollowupText,
    based_on: int | None,
    submitting: bool,
    reason: str | None = None,
) -> FollowupVersion:
    user = require(user, "write_followup")
    _validate(text, submitting=submitting)
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise FollowupError(
            f"Begrundelsen er for lang (højst {MAX_REASON:,} tegn).".replace(",", ".")
        )
    year = int(year)
    if not 1990 <= year <= 2100:
        raise FollowupError(f"Ugyldigt år: {year}.")
    if run_query(conn, "followup_goal", plan_id=plan_id, goal_id=goal_id).empty:
        raise FollowupError(f"Planen {plan_id} har intet mål {goal_id}.")
    snap = build_snapshot(conn, plan_id, goal_id, year) if submitting else None
    try:
        with transaction(conn):
            newest = latest(conn, plan_id, year, goal_id)
            newest_id = None if newest is None else newest.version_id
            if newest_id != (None if based_on is None else int(based_on)):
                raise ConflictError(text, newest)
            prior = run_query(
                conn, "followup_latest_submitted", plan_id=plan_id, year=year, goal_id=goal_id
            )
            ever_approved = not prior.empty and bool(prior["ever_approved"].iloc[0])
            corrects = None
            if submitting and not prior.empty:
                corrects = int(prior["version_id"].iloc[0])
                if reason is None:
                    raise FollowupError(
                        "Opfølgningen er allerede indsendt"
                        + (" og godkendt af bestyrelsen" if ever_approved else "")
                        + ". En rettelse kræver en begrundelse: skriv, hvad der er rettet og "
                        "hvorfor."
                    )
            now = audit.now()
            version_id = int(
                run_query(
                    conn,
                    "followup_insert",
                    plan_id=plan_id,
                    year=year,
                    goal_id=goal_id,
                    version_no=1 if newest is None else newest.version_no + 1,
                    state="submitted" if submitting else "draft",
                    status=text.status,
                    story_md=text.story_md,
                    next_steps=text.next_steps,
                    replaces=newest_id,
                    corrects=corrects,
                    reason=reason,
                    after_approval=ever_approved,
                    author=user.username,
                    created_at=now,
                )["version_id"].iloc[0]
            )
            details: dict[str, Any] = {
                "plan_id": plan_id,
                "year": year,
                "goal_id": goal_id,
                "status": text.status,
                "replaces": newest_id,
                "reason": reason,
                "after_approval": ever_approved,
                "text_sha256": text_sha256(text),
            }
            if snap is not None:
                content = audit.canonical_json(snap)
                digest = audit.sha256_text(content)
                run_query(
                    conn,
                    "followup_snapshot_insert",
                    version_id=version_id,
                    taken_at=now,
                    content=content,
                    sha256=digest,
                )
                details |= {"corrects": corrects, "snapshot_sha256": digest}
            audit.append(
                conn,
                actor=user.username,
                action="followup_submit" if submitting else "followup_save",
                entity="followup_version",
                entity_id=str(version_id),
                details=details,
            )
    except (duckdb.ConstraintException, duckdb.TransactionException) as exc:
        # Another save won the race between our check and our commit.
        raise ConflictError(text, latest(conn, plan_id, year, goal_id)) from exc
    return get_version(conn, version_id)


def save_draft(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    *,
    plan_id: str,
    year: int,
    goal_id: str,
    status: str | None,
    story_md: str,
    next_steps: str,
    based_on: int | None,
    reason: str | None = None,
) -> FollowupVersion:
    """Save a draft as a new version based on `based_on` (None for the first version)."""
    return _write(
        conn,
        user,
        plan_id=plan_id,
        year=year,
        goal_id=goal_id,
        text=FollowupText(status or None, story_md or "", next_steps or ""),
        based_on=based_on,
        submitting=False,
        reason=reason,
    )


def submit(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    *,
    plan_id: str,
    year: int,
    goal_id: str,
    status: str,
    story_md: str,
    next_steps: str,
    based_on: int | None,
    reason: str | None = None,
) -> FollowupVersion:
    """Submit: a frozen version with a snapshot of the figures. When an earlier submitted
    version exists this is a correction: it points to it in `corrects` and needs a `reason`;
    after the board approved an earlier version it is marked `after_approval` and needs a new
    approval."""
    return _write(
        conn,
        user,
        plan_id=plan_id,
        year=year,
        goal_id=goal_id,
        text=FollowupText(status or None, story_md or "", next_steps or ""),
        based_on=based_on,
        submitting=True,
        reason=reason,
    )
