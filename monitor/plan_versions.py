"""Plans as the users' data: versioned, append-only, validated, as of a date (issue 9).

Every saved change of a plan is a new version (author, time, reason, from when it is in force,
optionally adopted by the bestyrelse), written with its audit entry in one transaction. The
content of a version is the plan document `plan export --format yaml` writes; the same document
comes back in through `import_plan_file`, the Plan page and `etl init` (the seed plans in
data/plans/ are version 1 through the same `save_plan`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from monitor import audit, config, stored_reads
from monitor.auth import User, require
from monitor.db import execute, run_query, transaction
from monitor.registry import (
    Board,
    Geographies,
    Indicator,
    Plan,
    Registry,
    RegistryError,
    _IndicatorList,
    _parse,
    _read_yaml,
    reference_problems,
    unknown_member_code,
)
from monitor.text import normalise

ACTION = "plan_version"
ENTITY = "plan_version"
XLSX_SHEETS = (
    "Plan",
    "Organisationer",
    "Afdelinger",
    "Boligområder",
    "Mål",
    "Indikatorer",
    "Baselines",
    "Målsætninger",
    "Aktiviteter",
    "Bestyrelse",
)


class PlanError(Exception):
    """A plan change that cannot be made; the message (Danish) says why."""


@dataclass(frozen=True)
class PlanVersion:
    """One saved version of a plan (without its content)."""

    version_id: int
    plan_id: str
    version_no: int
    saved_by: str
    saved_at: dt.datetime
    reason: str
    in_force_from: dt.date
    adopted_meeting_id: int | None
    adopted_on: dt.date | None
    adopted_note: str | None
    sha256: str | None


# --- content --------------------------------------------------------------------------------


def plan_content(plan: Plan) -> dict[str, Any]:
    """The plan as plain data: what a version stores and an export writes (defaults left out,
    so a file reads like the seed plans)."""
    return plan.model_dump(mode="json", exclude_defaults=True)


def content_sha256(plan: Plan) -> str:
    """The fingerprint of a plan's content: equal plans, equal fingerprints."""
    return hashlib.sha256(audit.canonical_json(plan_content(plan)).encode()).hexdigest()


def frame_registry(directory: Path | None = None) -> tuple[list[Indicator], Geographies]:
    """The indicators and geographies every plan is checked against (data/ by default)."""
    directory = directory or config.REGISTRY_DIR
    ind_path = directory / "indicators.yaml"
    geo_path = directory / "geographies.yaml"
    indicators = _parse(_IndicatorList, ind_path, {"indicators": _read_yaml(ind_path)}).indicators
    return indicators, _parse(Geographies, geo_path, _read_yaml(geo_path))


def validate_plan(
    conn: duckdb.DuckDBPyConnection,
    data: Any,
    source: str,
    *,
    registry_dir: Path | None = None,
) -> Plan:
    """`data` as a Plan, checked like a registry file and against the other plans in the
    database (names and codes may not clash). Raises RegistryError naming every problem."""
    plan = _parse(Plan, Path(source), data)
    indicators, geographies = frame_registry(registry_dir)
    others = [p for p in current_plans(conn) if p.id != plan.id]
    reg = Registry(indicators=indicators, geographies=geographies, plans=[*others, plan])
    directory = registry_dir or config.REGISTRY_DIR
    paths = [Path(f"databasens plan {p.id}") for p in others] + [Path(source)]
    problems = reference_problems(
        reg,
        directory / "indicators.yaml",
        directory / "geographies.yaml",
        paths,
        file_names=False,
    )
    problems += _predecessor_problems(conn, plan, source)
    if problems:
        raise RegistryError("\n".join(problems))
    return plan


def _predecessor_problems(conn: duckdb.DuckDBPyConnection, plan: Plan, source: str) -> list[str]:
    if plan.predecessor is None:
        return []
    if plan.predecessor == plan.id:
        return [f"{source}: nøgle predecessor: en plan kan ikke følge efter sig selv"]
    known = set(run_query(conn, "plans")["plan_id"])
    if plan.predecessor not in known:
        return [f"{source}: nøgle predecessor: planen {plan.predecessor!r} findes ikke i databasen"]
    return []


# --- reading --------------------------------------------------------------------------------


def _version(row: Any) -> PlanVersion:
    def opt(value: Any) -> Any:
        return None if value is None or pd.isna(value) else value

    return PlanVersion(
        version_id=int(row["version_id"]),
        plan_id=str(row["plan_id"]),
        version_no=int(row["version_no"]),
        saved_by=str(row["saved_by"]),
        saved_at=pd.Timestamp(row["saved_at"]).to_pydatetime(),
        reason=str(row["reason"]),
        in_force_from=pd.Timestamp(row["in_force_from"]).date(),
        adopted_meeting_id=None
        if opt(row["adopted_meeting_id"]) is None
        else int(row["adopted_meeting_id"]),
        adopted_on=None
        if opt(row["adopted_on"]) is None
        else pd.Timestamp(row["adopted_on"]).date(),
        adopted_note=opt(row["adopted_note"]),
        sha256=opt(row["sha256"]),
    )


def history(conn: duckdb.DuckDBPyConnection, plan_id: str) -> list[PlanVersion]:
    """Every version of a plan, oldest first."""
    return [
        _version(r) for r in run_query(conn, "plan_versions", plan_id=plan_id).to_dict("records")
    ]


def version_as_of(
    conn: duckdb.DuckDBPyConnection, plan_id: str, as_of: dt.date
) -> PlanVersion | None:
    """The version in force on `as_of`: the newest version whose in-force date has come."""
    found = run_query(conn, "plan_version_as_of", plan_id=plan_id, as_of=as_of)
    return None if found.empty else _version(found.iloc[0])


def version_for_year(
    conn: duckdb.DuckDBPyConnection, plan_id: str, year: int
) -> PlanVersion | None:
    """The version an account of `year` follows: in force at the year's end, or, for a year
    before the plan, as it stood at its start."""
    versions = history(conn, plan_id)
    if not versions:
        return None
    start = min(v.in_force_from for v in versions)
    return version_as_of(conn, plan_id, max(dt.date(int(year), 12, 31), start))


def plan_content_of(conn: duckdb.DuckDBPyConnection, plan_id: str, version_no: int) -> Plan:
    """The full plan of one version."""
    found = run_query(conn, "plan_version_content", plan_id=plan_id, version_no=version_no)
    if found.empty:
        raise PlanError(f"Planen {plan_id!r} har ingen version {version_no}.")
    content = found["content"].iloc[0]
    if content is None or (isinstance(content, float) and pd.isna(content)):
        raise PlanError(
            f"Version {version_no} af {plan_id!r} er overført fra før planer fik versioner og "
            "har ikke planens fulde indhold: gem en ny version (python -m etl init)."
        )
    return Plan.model_validate(json.loads(content) if isinstance(content, str) else content)


def current_plans(conn: duckdb.DuckDBPyConnection) -> list[Plan]:
    """The newest version of every plan that has its full content."""
    plans = []
    for r in run_query(conn, "plan_current_content").to_dict("records"):
        if isinstance(r["content"], str):
            plans.append(Plan.model_validate(json.loads(r["content"])))
    return plans


def board(conn: duckdb.DuckDBPyConnection, plan_id: str) -> Board | None:
    """The bestyrelse of the plan's newest version (members and rhythm), None when the plan
    states none."""
    for r in run_query(conn, "plan_current_content").to_dict("records"):
        if r["plan_id"] == plan_id and isinstance(r["content"], str):
            return Plan.model_validate(json.loads(r["content"])).board
    return None


def known_plan(conn: duckdb.DuckDBPyConnection, plan_id: str) -> None:
    """Raise PlanError naming the known plans unless `plan_id` is one."""
    ids = list(run_query(conn, "plans")["plan_id"])
    if plan_id not in ids:
        raise PlanError(f"Ukendt plan {plan_id!r}. Kendte planer: {', '.join(sorted(ids))}")


# --- writing --------------------------------------------------------------------------------


def save_plan(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    plan: Plan,
    *,
    reason: str,
    in_force_from: dt.date | None = None,
    adopted_on: dt.date | None = None,
    adopted_note: str | None = None,
    adopted_meeting_id: int | None = None,
) -> PlanVersion | None:
    """Save `plan` as its next version, as `user` (redaktør or administrator), with its audit
    entry, in one transaction. Returns the new version, or None when the content equals the
    newest version's and nothing about an adoption is given (nothing to save).

    In force from: `in_force_from` if given, else the adoption date, else a new plan's start,
    else today."""
    user = require(user, "write_plan")
    if not reason or not reason.strip():
        raise PlanError("Skriv en begrundelse for ændringen (feltet 'Begrundelse').")
    with transaction(conn):
        version = _save_plan(
            conn,
            user,
            plan,
            reason=reason.strip(),
            in_force_from=in_force_from,
            adopted_on=adopted_on,
            adopted_note=adopted_note,
            adopted_meeting_id=adopted_meeting_id,
        )
        if version is not None:
            stored_reads.refresh(conn)
    return version


def _save_plan(
    conn: duckdb.DuckDBPyConnection,
    user: User,
    plan: Plan,
    *,
    reason: str,
    in_force_from: dt.date | None,
    adopted_on: dt.date | None,
    adopted_note: str | None,
    adopted_meeting_id: int | None,
) -> PlanVersion | None:
    """The write of save_plan, inside the caller's transaction."""
    if adopted_meeting_id is not None:
        # Adopted at a recorded meeting: it must be one of this plan's, and its date is the
        # adoption's unless another is given.
        from monitor.meetings import meetings

        held = {m.meeting_id: m for m in meetings(conn, plan.id)}
        if int(adopted_meeting_id) not in held:
            raise PlanError(
                f"Mødet {adopted_meeting_id} er ikke et registreret bestyrelsesmøde for planen "
                f"{plan.id!r} (feltet 'Vedtaget på mødet')."
            )
        adopted_on = adopted_on or held[int(adopted_meeting_id)].meeting_date
    digest = content_sha256(plan)
    versions = history(conn, plan.id)
    adoption = adopted_on or adopted_note or adopted_meeting_id
    if versions and versions[-1].sha256 == digest and not adoption and in_force_from is None:
        return None
    version_no = (versions[-1].version_no + 1) if versions else 1
    if in_force_from is None:
        if adopted_on is not None:
            in_force_from = adopted_on
        elif not versions:
            in_force_from = plan.period.start
        else:
            in_force_from = audit.now().date()
    saved_at = audit.now()
    content = audit.canonical_json(plan_content(plan))
    _write_geographies(conn, plan)
    version_id = int(
        execute(
            conn,
            "insert into plan_version (plan_id, version_no, saved_by, saved_at, reason, "
            "in_force_from, adopted_meeting_id, adopted_on, adopted_note, sha256, content) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning version_id",
            [
                plan.id,
                version_no,
                user.username,
                saved_at,
                reason,
                in_force_from,
                adopted_meeting_id,
                adopted_on,
                adopted_note,
                digest,
                content,
            ],
        ).fetchone()[0]
    )
    _write_rows(conn, plan, version_no)
    _refresh_members(conn)
    audit.append(
        conn,
        actor=user.username,
        action=ACTION,
        entity=ENTITY,
        entity_id=str(version_id),
        details={
            "plan_id": plan.id,
            "version_no": version_no,
            "reason": reason,
            "in_force_from": in_force_from.isoformat(),
            "adopted_on": None if adopted_on is None else adopted_on.isoformat(),
            "adopted_note": adopted_note,
            "adopted_meeting_id": adopted_meeting_id,
            "sha256": digest,
        },
    )
    return PlanVersion(
        version_id=version_id,
        plan_id=plan.id,
        version_no=version_no,
        saved_by=user.username,
        saved_at=saved_at,
        reason=reason,
        in_force_from=in_force_from,
        adopted_meeting_id=adopted_meeting_id,
        adopted_on=adopted_on,
        adopted_note=adopted_note,
        sha256=digest,
    )


def _write_geographies(conn: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """The plan's afdelinger, boligområder and the plan itself as geographies (upserted: the
    observations and older versions refer to them), with their names and members."""
    for org in plan.organisations:
        execute(conn, "insert or replace into organisation values (?, ?)", [org.code, org.name])
    for afd in plan.afdelinger:
        _upsert_geo(conn, afd.code, afd.name, "afdeling", plan.kommune, afd.organisation)
        _alias(conn, afd.code, afd.code, afd.name)
    for omr in plan.boligomraader:
        _upsert_geo(conn, omr.code, omr.name, "boligomraade", plan.kommune, None)
        _alias(conn, omr.code, omr.code, omr.name, *omr.aliases)
        for member in omr.unknown_members:
            # A placeholder with no spelling: nothing can be imported for it by mistake.
            code = unknown_member_code(omr.code, member)
            _upsert_geo(
                conn, code, f"{member} (afdeling ikke kendt)", "afdeling", plan.kommune, None
            )
    plan_code = f"plan:{plan.id}"
    _upsert_geo(conn, plan_code, plan.name, "plan", plan.kommune, None)
    _alias(conn, plan_code, plan_code, plan.name)


def _upsert_geo(
    conn: duckdb.DuckDBPyConnection,
    code: str,
    name: str,
    level: str,
    kommune: str | None,
    organisation: str | None,
) -> None:
    execute(
        conn,
        "insert or replace into geography values (?, ?, ?, ?, ?)",
        [code, name, level, kommune, organisation],
    )


def _alias(conn: duckdb.DuckDBPyConnection, code: str, *names: str) -> None:
    for name in names:
        execute(
            conn,
            "insert into geography_alias values (?, ?) on conflict do nothing",
            [normalise(name), code],
        )


# The columns of each version's tables (migration 019), in table order, and how many of the
# first ones are the primary key.
VERSION_TABLES: dict[str, tuple[tuple[str, ...], int]] = {
    "pv_plan": (
        (
            "plan_id", "version_no", "name", "kommune_code", "period_start", "period_end",
            "source_document", "predecessor", "meetings_per_year",
        ),
        2,
    ),
    "pv_plan_area": (("plan_id", "version_no", "geo_code", "sort_order"), 3),
    "pv_goal": (
        (
            "plan_id", "version_no", "goal_id", "kind", "indsatsomraade", "title", "sort_order",
        ),
        3,
    ),
    "pv_goal_indicator": (
        ("plan_id", "version_no", "goal_id", "indicator_code", "geo_code", "sort_order"),
        5,
    ),
    "pv_baseline": (
        (
            "plan_id", "version_no", "goal_id", "indicator_code", "area_code", "geo_code", "role",
            "value", "count", "year", "source", "uncertain", "note", "sort_order",
        ),
        6,
    ),
    "pv_target": (
        (
            "plan_id", "version_no", "goal_id", "indicator_code", "geo_code", "kind",
            "threshold", "per", "text",
        ),
        6,
    ),
    "pv_activity": (("plan_id", "version_no", "activity_id", "name", "indsatsomraade"), 3),
    "pv_activity_goal": (("plan_id", "version_no", "activity_id", "goal_id"), 4),
}  # fmt: skip


def version_rows(plan: Plan, v: int) -> dict[str, list[tuple[Any, ...]]]:
    """One version's rows of the pv_* tables (columns as VERSION_TABLES), made from the plan:
    what a save writes and what the audit check rebuilds from a version's content."""
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in VERSION_TABLES}
    rows["pv_plan"].append(
        (
            plan.id,
            v,
            plan.name,
            plan.kommune,
            plan.period.start,
            plan.period.end,
            plan.source_document,
            plan.predecessor,
            None if plan.board is None else plan.board.meetings_per_year,
        )
    )
    for order, omr in enumerate(plan.boligomraader):
        rows["pv_plan_area"].append((plan.id, v, omr.code, order))
    for g_order, goal in enumerate(plan.goals):
        rows["pv_goal"].append(
            (plan.id, v, goal.id, goal.kind, goal.indsatsomraade, goal.title, g_order)
        )
        for i_order, gi in enumerate(goal.indicators):
            rows["pv_goal_indicator"].append((plan.id, v, goal.id, gi.indicator, gi.geo, i_order))
            for b_order, b in enumerate(gi.baselines):
                rows["pv_baseline"].append(
                    (
                        plan.id,
                        v,
                        goal.id,
                        gi.indicator,
                        gi.geo,
                        b.geo,
                        b.role,
                        b.value,
                        b.count,
                        b.year,
                        b.source,
                        b.uncertain,
                        b.note,
                        i_order * 100 + b_order,
                    )
                )
            for t in gi.targets:
                rows["pv_target"].append(
                    (plan.id, v, goal.id, gi.indicator, gi.geo, t.kind, t.threshold, t.per, t.text)
                )
    for act in plan.activities:
        rows["pv_activity"].append((plan.id, v, act.id, act.name, act.indsatsomraade))
        for goal_id in act.supports:
            rows["pv_activity_goal"].append((plan.id, v, act.id, goal_id))
    return rows


def _write_rows(conn: duckdb.DuckDBPyConnection, plan: Plan, v: int) -> None:
    """One version's rows in the pv_* tables (what the as-of queries read)."""
    for table, rows in version_rows(plan, v).items():
        marks = ", ".join("?" * len(VERSION_TABLES[table][0]))
        for row in rows:
            execute(conn, f"insert into {table} values ({marks})", list(row))  # noqa: S608 - our table names


def refresh_names(conn: duckdb.DuckDBPyConnection, reg: Registry) -> None:
    """Rebuild the spellings and memberships of every geography from `reg`'s geographies and
    the newest version of every plan in the database (inside the caller's transaction)."""
    from monitor.registry import _geography_rows

    plans = {p.id: p for p in current_plans(conn)}
    for p in reg.plans:
        plans.setdefault(p.id, p)
    full = Registry(indicators=[], geographies=reg.geographies, plans=list(plans.values()))
    geos, aliases, members = _geography_rows(full)
    execute(conn, "delete from geography_alias")
    execute(conn, "delete from geography_member")
    for row in geos:
        execute(conn, "insert or replace into geography values (?, ?, ?, ?, ?)", list(row))
    for key, code in aliases:
        execute(conn, "insert into geography_alias values (?, ?)", [key, code])
    for row in members:
        execute(conn, "insert into geography_member values (?, ?, ?, ?)", list(row))
    _write_plan_area_geographies(conn, list(plans.values()))
    # An afdeling added on import ("ny geografi") is the users' data: it stays a geography
    # whatever the registry files say (issue 11).
    run_query(conn, "geography_added_restore")


def _write_plan_area_geographies(conn: duckdb.DuckDBPyConnection, plans: list[Plan]) -> None:
    """Rebuild plan_area_geography (migration 022): the boligområder a plan defines otherwise
    than the area's shared definition, and the geography its figures for them are summed over
    (with that geography's row, in case a plan save made it new)."""
    from monitor.registry import plan_area_geographies

    by_id = {p.id: p for p in plans}
    execute(conn, "delete from plan_area_geography")
    for plan_id, area, code in plan_area_geographies(plans):
        plan = by_id[plan_id]
        name = next(o.name for o in plan.boligomraader if o.code == area)
        execute(
            conn,
            "insert or replace into geography values (?, ?, 'boligomraade', ?, null)",
            [code, f"{name} (som {plan.name} afgrænser det)", plan.kommune],
        )
        execute(conn, "insert into plan_area_geography values (?, ?, ?)", [plan_id, area, code])


def _refresh_members(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every membership (with its validity) from the newest version of every plan,
    inside the caller's transaction: a saved plan can change who is a member from when."""
    from monitor.registry import memberships

    plans = current_plans(conn)
    execute(conn, "delete from geography_member")
    for row in memberships(plans):
        execute(conn, "insert into geography_member values (?, ?, ?, ?)", list(row))
    _write_plan_area_geographies(conn, plans)


# --- files ----------------------------------------------------------------------------------


def export_yaml(plan: Plan) -> bytes:
    """The plan as a YAML file in the form of data/plans/*.yaml."""
    text = yaml.safe_dump(plan_content(plan), allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def _join(values: list[str]) -> str:
    return "; ".join(values)


def _split(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def plan_sheets(plan: Plan) -> dict[str, pd.DataFrame]:
    """The plan as the sheets of its XLSX file: one row per goal, indicator, baseline, target,
    activity, so a leder can add delmål in Excel and import the file back."""
    head = [
        ("id", plan.id),
        ("name", plan.name),
        ("kommune", plan.kommune),
        ("period_start", plan.period.start.isoformat()),
        ("period_end", plan.period.end.isoformat()),
        ("source_document", plan.source_document),
        ("parties", _join(plan.parties) or None),
        ("predecessor", plan.predecessor),
        ("meetings_per_year", None if plan.board is None else plan.board.meetings_per_year),
    ]
    goals, indicators, baselines, targets = [], [], [], []
    for g in plan.goals:
        goals.append([g.id, g.kind, g.indsatsomraade, g.title])
        for gi in g.indicators:
            indicators.append([g.id, gi.indicator, gi.geo])
            for b in gi.baselines:
                baselines.append(
                    [
                        g.id,
                        gi.indicator,
                        gi.geo,
                        b.geo,
                        b.role,
                        b.value,
                        b.count,
                        b.year,
                        b.source,
                        "ja" if b.uncertain else "nej",
                        b.note,
                    ]
                )
            for t in gi.targets:
                targets.append([g.id, gi.indicator, gi.geo, t.kind, t.threshold, t.per, t.text])
    board_members = [] if plan.board is None else plan.board.members
    return {
        "Plan": pd.DataFrame(head, columns=["key", "value"]),
        "Organisationer": pd.DataFrame(
            [[o.code, o.name] for o in plan.organisations], columns=["code", "name"]
        ),
        "Afdelinger": pd.DataFrame(
            [[a.code, a.name, a.organisation] for a in plan.afdelinger],
            columns=["code", "name", "organisation"],
        ),
        "Boligområder": pd.DataFrame(
            [
                [
                    b.code,
                    b.name,
                    _join(b.afdelinger),
                    _join(b.unknown_members),
                    _join(b.aliases),
                    b.description,
                ]
                for b in plan.boligomraader
            ],
            columns=["code", "name", "afdelinger", "unknown_members", "aliases", "description"],
        ),
        "Mål": pd.DataFrame(goals, columns=["id", "kind", "indsatsomraade", "title"]),
        "Indikatorer": pd.DataFrame(indicators, columns=["goal", "indicator", "geo"]),
        "Baselines": pd.DataFrame(
            baselines,
            columns=[
                "goal",
                "indicator",
                "area",
                "geo",
                "role",
                "value",
                "count",
                "year",
                "source",
                "uncertain",
                "note",
            ],
        ),
        "Målsætninger": pd.DataFrame(
            targets, columns=["goal", "indicator", "area", "kind", "threshold", "per", "text"]
        ),
        "Aktiviteter": pd.DataFrame(
            [[a.id, a.name, a.indsatsomraade, _join(a.supports)] for a in plan.activities],
            columns=["id", "name", "indsatsomraade", "supports"],
        ),
        "Bestyrelse": pd.DataFrame(
            [[m.name, m.represents] for m in board_members], columns=["name", "represents"]
        ),
    }


def export_xlsx(plan: Plan) -> bytes:
    """The plan as an XLSX file (text cells stored as text: never a formula)."""
    from monitor.export import to_xlsx_bytes

    return to_xlsx_bytes(plan_sheets(plan))


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return value
    return value


def _records(
    book: dict[str, pd.DataFrame], sheet: str, problems: list[str], name: str
) -> list[tuple[int, dict[str, Any]]]:
    frame = book.get(sheet)
    if frame is None:
        if sheet in ("Plan", "Mål"):
            problems.append(f"{name}: arket {sheet!r} mangler")
        return []
    rows = []
    for index, record in enumerate(frame.to_dict("records"), start=2):
        clean = {str(k): _cell(v) for k, v in record.items()}
        if any(v is not None for v in clean.values()):
            rows.append((index, clean))
    return rows


def _int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _yes(value: Any, where: str, problems: list[str]) -> bool:
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("ja", "true", "1", "x"):
        return True
    if text in ("nej", "false", "0"):
        return False
    problems.append(f"{where}: skal være 'ja' eller 'nej' (angivet: {value!r})")
    return False


def sheets_to_content(book: dict[str, pd.DataFrame], name: str) -> dict[str, Any]:
    """The plan document of an XLSX file's sheets; rows that point at an unknown goal or
    indicator are named by sheet and row (RegistryError, every problem at once)."""
    problems: list[str] = []
    head = {}
    for _row_no, r in _records(book, "Plan", problems, name):
        if r.get("key"):
            head[str(r["key"])] = r.get("value")
    content: dict[str, Any] = {
        k: head.get(k)
        for k in ("id", "name", "kommune", "source_document", "predecessor")
        if head.get(k) is not None
    }
    if "kommune" in content:
        content["kommune"] = str(_int(content["kommune"])).zfill(3)
    if head.get("parties"):
        content["parties"] = _split(head["parties"])
    content["period"] = {"start": head.get("period_start"), "end": head.get("period_end")}
    content["organisations"] = [
        {"code": r.get("code"), "name": r.get("name")}
        for _, r in _records(book, "Organisationer", problems, name)
    ]
    content["afdelinger"] = [
        {"code": r.get("code"), "name": r.get("name"), "organisation": r.get("organisation")}
        for _, r in _records(book, "Afdelinger", problems, name)
    ]
    content["boligomraader"] = [
        {
            "code": r.get("code"),
            "name": r.get("name"),
            "afdelinger": _split(r.get("afdelinger")),
            "unknown_members": _split(r.get("unknown_members")),
            "aliases": _split(r.get("aliases")),
            **({"description": r["description"]} if r.get("description") else {}),
        }
        for _, r in _records(book, "Boligområder", problems, name)
    ]
    goals: dict[str, dict[str, Any]] = {}
    for _, r in _records(book, "Mål", problems, name):
        goal = {
            "id": r.get("id"),
            "kind": r.get("kind"),
            "indsatsomraade": r.get("indsatsomraade"),
            "title": r.get("title"),
            "indicators": [],
        }
        goals[str(r.get("id"))] = goal
    pairs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row_no, r in _records(book, "Indikatorer", problems, name):
        goal = goals.get(str(r.get("goal")))
        if goal is None:
            problems.append(
                f"{name}: arket 'Indikatorer', række {row_no}, kolonne goal: ukendt mål "
                f"{r.get('goal')!r} (ikke på arket 'Mål')"
            )
            continue
        gi = {"indicator": r.get("indicator"), "geo": r.get("geo"), "baselines": [], "targets": []}
        goal["indicators"].append(gi)
        pairs[(str(r.get("goal")), str(r.get("indicator")), str(r.get("geo")))] = gi
    for row_no, r in _records(book, "Baselines", problems, name):
        key = (str(r.get("goal")), str(r.get("indicator")), str(r.get("area")))
        gi = pairs.get(key)
        where = f"{name}: arket 'Baselines', række {row_no}"
        if gi is None:
            problems.append(
                f"{where}: mål/indikator/område {'/'.join(key)} står ikke på arket 'Indikatorer'"
            )
            continue
        baseline = {
            "geo": None if r.get("geo") is None else str(_int(r.get("geo"))),
            "role": r.get("role"),
            "value": r.get("value"),
            "count": _int(r.get("count")),
            "year": _int(r.get("year")),
            "source": r.get("source"),
            "uncertain": _yes(r.get("uncertain"), f"{where}, kolonne uncertain", problems),
            "note": r.get("note"),
        }
        gi["baselines"].append({k: v for k, v in baseline.items() if v is not None})
    for row_no, r in _records(book, "Målsætninger", problems, name):
        key = (str(r.get("goal")), str(r.get("indicator")), str(r.get("area")))
        gi = pairs.get(key)
        if gi is None:
            problems.append(
                f"{name}: arket 'Målsætninger', række {row_no}: mål/indikator/område "
                f"{'/'.join(key)} står ikke på arket 'Indikatorer'"
            )
            continue
        target = {k: r.get(k) for k in ("kind", "threshold", "per", "text")}
        gi["targets"].append({k: v for k, v in target.items() if v is not None})
    content["goals"] = list(goals.values())
    content["activities"] = [
        {
            "id": r.get("id"),
            "name": r.get("name"),
            **({"indsatsomraade": r["indsatsomraade"]} if r.get("indsatsomraade") else {}),
            "supports": _split(r.get("supports")),
        }
        for _, r in _records(book, "Aktiviteter", problems, name)
    ]
    members = [
        {"name": r.get("name"), **({"represents": r["represents"]} if r.get("represents") else {})}
        for _, r in _records(book, "Bestyrelse", problems, name)
    ]
    rhythm = _int(head.get("meetings_per_year"))
    if members or rhythm is not None:
        content["board"] = {"members": members, "meetings_per_year": rhythm}
    if problems:
        raise RegistryError("\n".join(problems))
    return content


def read_plan_file(name: str, data: bytes) -> Any:
    """The plan document in a YAML or XLSX file's bytes (not yet validated)."""
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        try:
            return yaml.safe_load(data.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RegistryError(f"{name}: ugyldig YAML: {exc}") from exc
    if suffix == ".xlsx":
        try:
            book = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
            raise RegistryError(f"{name}: filen kan ikke læses som XLSX: {exc}") from exc
        return sheets_to_content(book, name)
    raise RegistryError(f"{name}: en planfil skal være .yaml eller .xlsx")


def import_plan_file(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    name: str,
    data: bytes,
    *,
    reason: str,
    in_force_from: dt.date | None = None,
    adopted_on: dt.date | None = None,
    adopted_note: str | None = None,
    registry_dir: Path | None = None,
) -> tuple[Plan, PlanVersion | None]:
    """Validate a plan file and save it as the plan's next version: all or nothing."""
    require(user, "write_plan")
    plan = validate_plan(conn, read_plan_file(name, data), name, registry_dir=registry_dir)
    version = save_plan(
        conn,
        user,
        plan,
        reason=reason,
        in_force_from=in_force_from,
        adopted_on=adopted_on,
        adopted_note=adopted_note,
    )
    return plan, version


def version_label(v: PlanVersion) -> str:
    """'version 2, gældende fra 1. januar 2024 (vedtaget 12.12.2023: ...)'."""
    from monitor.fmt import fmt_date_da as fmt_date

    text = f"version {v.version_no}, gældende fra {fmt_date(v.in_force_from)}"
    if v.adopted_on is not None or v.adopted_note:
        adopted = "vedtaget af bestyrelsen"
        if v.adopted_on is not None:
            adopted += f" {fmt_date(v.adopted_on)}"
        if v.adopted_note:
            adopted += f": {v.adopted_note}"
        text += f" ({adopted})"
    return text


__all__ = [
    "PlanError",
    "PlanVersion",
    "content_sha256",
    "current_plans",
    "export_xlsx",
    "export_yaml",
    "history",
    "import_plan_file",
    "plan_content",
    "plan_content_of",
    "save_plan",
    "validate_plan",
    "version_as_of",
    "version_for_year",
]
