"""What the Plan page does, without Streamlit: a new plan from LBF's fixed frame, a delmål
added to a plan, the imported figure offered as a baseline. Every change is saved as the
plan's next version through monitor.plan_versions.save_plan (role check, audit entry)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from monitor import plan_versions
from monitor.auth import User, require
from monitor.db import run_query
from monitor.fmt import fmt_value
from monitor.plan_versions import PlanError, PlanVersion
from monitor.registry import INDSATSOMRAADER, Plan, RegistryError

# LBF's fixed frame for the 2019-26 rules (seeds 000 and 004, section 5): the four
# indsatsområder, each with its overordnede mål and the indicators LBF fixes for it.
LBF_FRAME: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "fagligt-loeft",
        "Uddannelse og livschancer",
        "Der skal ske et fagligt løft af børn og unge, så flere bliver skoleparate, og flere "
        "tager en uddannelse",
        ("dagtilbud_1_5", "karakter_dansk_matematik_9", "grundskole_18_29"),
    ),
    (
        "arbejdsmarkedet",
        "Beskæftigelse",
        "Flere bliver tilknyttet arbejdsmarkedet",
        ("restgruppe_15_29", "uden_tilknytning_18_64"),
    ),
    (
        "liv-uden-kriminalitet",
        "Kriminalitetsforebyggelse",
        "Børn og unge skal støttes i et liv uden kriminalitet, og områderne skal opleves trygge",
        ("sigtet_15_29", "tryg_i_boligomraadet"),
    ),
    (
        "del-af-faellesskabet",
        "Sammenhængskraft og medborgerskab",
        "Flere er en del af fællesskabet og deltager aktivt i samfundet",
        ("frivilligt_arbejde", "valgdeltagelse_kommunalvalg", "valgdeltagelse_folketingsvalg"),
    ),
)
TARGET_KINDS = {
    "below": "under",
    "above": "over",
    "at_most": "højst",
    "at_least": "mindst",
    "direction": "en retning",
}


@dataclass(frozen=True)
class NewPlan:
    """The fields of the Plan page's 'Ny plan' form."""

    plan_id: str
    name: str
    kommune: str
    start: dt.date | None
    end: dt.date | None
    area: str
    afdelinger: str = ""  # comma-separated codes such as AAB-55
    organisation: str = ""  # the boligorganisation's code and name, 'AAB Boligforeningen AAB'


@dataclass(frozen=True)
class NewDelmaal:
    """The fields of the Plan page's 'Nyt delmål' form."""

    title: str
    indsatsomraade: str
    indicator: str
    area: str
    baseline_value: float | None = None
    baseline_year: int | None = None
    baseline_source: str = ""
    baseline_uncertain: bool = False
    baseline_note: str = ""
    target_kind: str = ""
    target_threshold: float | None = None
    target_text: str = ""


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return slug[:60].strip("-") or "delmaal"


def _required(value: str, label: str, problems: list[str]) -> str:
    if not value or not value.strip():
        problems.append(f"Feltet '{label}' skal udfyldes.")
        return ""
    return value.strip()


def lbf_template(form: NewPlan) -> dict[str, Any]:
    """A new plan's document from LBF's fixed frame: the four overordnede mål, each with LBF's
    indicators for the plan's whole area and empty baselines (area and kommune), to which the
    leder adds delmål. Raises PlanError naming every field that is wrong (Danish)."""
    problems: list[str] = []
    plan_id = _required(form.plan_id, "Plan-id", problems)
    if plan_id and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", plan_id):
        problems.append(
            "Feltet 'Plan-id' må kun have små bogstaver a-z, tal og bindestreg (fx ishoej-2030-33)."
        )
    name = _required(form.name, "Navn", problems)
    area = _required(form.area, "Boligområde", problems)
    if form.start is None:
        problems.append("Feltet 'Periode fra' skal udfyldes.")
    if form.end is None:
        problems.append("Feltet 'Periode til' skal udfyldes.")
    if form.start and form.end and form.end < form.start:
        problems.append("Feltet 'Periode til' ligger før 'Periode fra'.")
    afdelinger = [a.strip() for a in form.afdelinger.split(",") if a.strip()]
    org_code, _, org_name = form.organisation.strip().partition(" ")
    if afdelinger and not org_code:
        problems.append("Feltet 'Boligorganisation' skal udfyldes, når afdelinger er angivet.")
    if problems:
        raise PlanError("\n".join(problems))
    whole = f"plan:{plan_id}"
    goals = [
        {
            "id": goal_id,
            "kind": "maal",
            "indsatsomraade": indsats,
            "title": title,
            "indicators": [
                {
                    "indicator": code,
                    "geo": whole,
                    "baselines": [
                        {"geo": whole, "role": "omraade"},
                        {"geo": form.kommune, "role": "kommune"},
                    ],
                }
                for code in codes
            ],
        }
        for goal_id, indsats, title, codes in LBF_FRAME
    ]
    content: dict[str, Any] = {
        "id": plan_id,
        "name": name,
        "kommune": form.kommune,
        "period": {"start": form.start.isoformat(), "end": form.end.isoformat()},  # type: ignore[union-attr]
        "boligomraader": [{"code": area, "name": area, "afdelinger": afdelinger}],
        "goals": goals,
    }
    if afdelinger:
        content["organisations"] = [{"code": org_code, "name": org_name.strip() or org_code}]
        content["afdelinger"] = [
            {"code": a, "name": a, "organisation": org_code} for a in afdelinger
        ]
    return content


def _validated(conn: duckdb.DuckDBPyConnection, content: dict[str, Any], source: str) -> Plan:
    try:
        return plan_versions.validate_plan(conn, content, source)
    except RegistryError as exc:
        raise PlanError(str(exc)) from exc


def create_plan(
    conn: duckdb.DuckDBPyConnection, user: User | None, form: NewPlan, reason: str
) -> PlanVersion:
    """Create a plan from LBF's frame as its version 1 (redaktør or administrator)."""
    require(user, "write_plan")
    if form.plan_id.strip() in set(run_query(conn, "plans")["plan_id"]):
        raise PlanError(f"Feltet 'Plan-id': planen {form.plan_id.strip()!r} findes allerede.")
    plan = _validated(conn, lbf_template(form), "Ny plan")
    version = plan_versions.save_plan(conn, user, plan, reason=reason)
    assert version is not None  # a new plan always saves
    return version


def add_delmaal(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    plan_id: str,
    form: NewDelmaal,
    reason: str,
    in_force_from: dt.date | None = None,
) -> PlanVersion:
    """Add one delmål with an indicator, its baseline and optionally a target, as the plan's
    next version, in force from `in_force_from` (default today). Raises PlanError naming
    every field that is wrong (Danish)."""
    require(user, "write_plan")
    problems: list[str] = []
    title = _required(form.title, "Delmål", problems)
    if form.indsatsomraade not in INDSATSOMRAADER:
        problems.append("Feltet 'Indsatsområde' skal være et af LBF's fire indsatsområder.")
    indicator = _required(form.indicator, "Indikator", problems)
    area = _required(form.area, "Område", problems)
    if form.baseline_value is not None and form.baseline_year is None:
        problems.append("Feltet 'Baseline år' skal udfyldes, når en baseline er angivet.")
    if form.target_kind and form.target_kind not in TARGET_KINDS:
        problems.append("Feltet 'Målsætning' skal være under, over, højst, mindst eller retning.")
    if form.target_kind and form.target_kind != "direction" and form.target_threshold is None:
        problems.append("Feltet 'Tærskel' skal udfyldes for en målsætning under/over/højst/mindst.")
    if form.target_kind and not form.target_text.strip():
        problems.append("Feltet 'Målsætningens tekst' skal udfyldes.")
    if problems:
        raise PlanError("\n".join(problems))
    versions = plan_versions.history(conn, plan_id)
    if not versions:
        raise PlanError(f"Ukendt plan {plan_id!r}.")
    plan = plan_versions.plan_content_of(conn, plan_id, versions[-1].version_no)
    content = plan_versions.plan_content(plan)
    taken = {g.id for g in plan.goals}
    goal_id, n = _slug(title), 2
    base = goal_id
    while goal_id in taken:
        goal_id, n = f"{base}-{n}", n + 1
    baseline: dict[str, Any] = {"geo": area, "role": "omraade"}
    for key, value in (
        ("value", form.baseline_value),
        ("year", form.baseline_year),
        ("source", form.baseline_source.strip() or None),
        ("note", form.baseline_note.strip() or None),
    ):
        if value is not None:
            baseline[key] = value
    if form.baseline_uncertain:
        baseline["uncertain"] = True
    followed: dict[str, Any] = {"indicator": indicator, "geo": area, "baselines": [baseline]}
    if form.target_kind:
        target: dict[str, Any] = {"kind": form.target_kind, "text": form.target_text.strip()}
        if form.target_threshold is not None:
            target["threshold"] = form.target_threshold
        followed["targets"] = [target]
    content.setdefault("goals", []).append(
        {
            "id": goal_id,
            "kind": "delmaal",
            "indsatsomraade": form.indsatsomraade,
            "title": title,
            "indicators": [followed],
        }
    )
    changed = _validated(conn, content, "Nyt delmål")
    version = plan_versions.save_plan(
        conn, user, changed, reason=reason, in_force_from=in_force_from
    )
    assert version is not None  # a new delmål always changes the plan
    return version


def offered_baseline(
    conn: duckdb.DuckDBPyConnection, indicator: str, geo: str, year: int
) -> tuple[float, str] | None:
    """The imported figure of `indicator` for `geo` in `year`, and where it came from (Danish),
    to offer as a baseline; None when the database has none."""
    found = run_query(conn, "baseline_offer", indicator_code=indicator, geo_code=geo, year=year)
    if found.empty or pd.isna(found["value"].iloc[0]):
        return None
    r = found.iloc[0]
    where = (
        f"summeret af afdelingernes tal (import nr. {int(r['batch_id'])}, {r['file_name']})"
        if bool(r["is_aggregate"])
        else f"import nr. {int(r['batch_id'])}, filen {r['file_name']}"
    )
    if bool(r["incomplete"]):
        where += "; tallet mangler en eller flere afdelinger"
    return float(r["value"]), f"{fmt_value(float(r['value']), str(r['unit']))} i {year} ({where})"


def geography_choices(conn: duckdb.DuckDBPyConnection, plan_id: str) -> dict[str, str]:
    """The areas a delmål can follow in a plan: the whole plan, its boligområder and
    afdelinger (code → name)."""
    plan = plan_versions.plan_content_of(
        conn, plan_id, plan_versions.history(conn, plan_id)[-1].version_no
    )
    out = {f"plan:{plan.id}": f"Hele planen ({plan.name})"}
    out.update({b.code: b.name for b in plan.boligomraader})
    out.update({a.code: a.name for a in plan.afdelinger})
    return out
