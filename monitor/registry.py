"""Indicator, geography and plan registries: YAML files validated on load, written to the db."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor import audit
from monitor.auth import User, require
from monitor.db import execute, transaction
from monitor.text import loose_key, normalise

INDSATSOMRAADER = (
    "Uddannelse og livschancer",
    "Beskæftigelse",
    "Kriminalitetsforebyggelse",
    "Sammenhængskraft og medborgerskab",
)
LANDSPLAN_CODE = "000"


class RegistryError(Exception):
    """A registry file that does not validate; the message names the file and the key."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Code = Annotated[str, Field(min_length=1)]


class Indicator(_Model):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Code
    aliases: list[str] = []
    unit: Literal["andel", "antal", "gennemsnit", "beløb", "pr. 1000"]
    direction: Literal["higher", "lower"]
    source_kind: Literal["lbf", "tryghed", "lokal"]
    definition: Code
    source: str | None = None
    survey: str | None = None
    question: str | None = None
    answer_group: str | None = None

    @model_validator(mode="after")
    def _survey_fields(self) -> Indicator:
        # A survey indicator names its survey; its question and answer group only where a
        # source states them (issue 9: no invented questionnaire wording).
        if self.source_kind == "tryghed" and not self.survey:
            raise ValueError("en spørgeskemaindikator skal have survey (undersøgelsen)")
        return self


class Kommune(_Model):
    code: Annotated[str, Field(pattern=r"^\d{3}$")]
    name: Code
    aliases: list[str] = []


class Comparator(_Model):
    code: Code
    name: Code
    aliases: list[str] = []


class Geographies(_Model):
    kommuner: list[Kommune]
    comparators: list[Comparator] = []


class Organisation(_Model):
    code: Annotated[str, Field(pattern=r"^[A-ZÆØÅ]+$")]
    name: Code


class Afdeling(_Model):
    code: Annotated[str, Field(pattern=r"^[A-ZÆØÅ]+-\d+[A-Za-z]?$")]
    name: Code
    organisation: Code


class Boligomraade(_Model):
    code: Code
    name: Code
    afdelinger: list[str] = []
    # Members the seed names without an afdeling code (e.g. "Steenbjerggård (Ishøj
    # Boligselskab)"): each is a placeholder afdeling that never reports, so every figure
    # summed over the area says it is incomplete until the afdeling is known.
    unknown_members: list[Code] = []
    aliases: list[str] = []
    description: str | None = None  # what the seed says of its parts when codes are unknown


class Baseline(_Model):
    geo: Code
    role: Literal["omraade", "kommune", "sammenligning"]
    value: float | None = None
    count: int | None = None
    year: int | None = None
    source: str | None = None
    uncertain: bool = False
    note: str | None = None

    @field_validator("geo", mode="before")
    @classmethod
    def _geo_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class Target(_Model):
    kind: Literal["below", "above", "at_most", "at_least", "direction"]
    threshold: float | None = None
    per: str | None = None
    text: Code

    @model_validator(mode="after")
    def _threshold(self) -> Target:
        if self.kind != "direction" and self.threshold is None:
            raise ValueError(f"et mål af typen {self.kind!r} skal have en threshold")
        return self


class GoalIndicator(_Model):
    indicator: Code
    geo: Code
    baselines: list[Baseline] = []
    targets: list[Target] = []


class Goal(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    kind: Literal["maal", "delmaal"]
    indsatsomraade: Literal[INDSATSOMRAADER]  # type: ignore[valid-type]
    title: Code
    indicators: list[GoalIndicator] = []


class Activity(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Code
    indsatsomraade: Literal[INDSATSOMRAADER] | None = None  # type: ignore[valid-type]
    supports: list[str] = []


class Period(_Model):
    start: dt.date
    end: dt.date


class BoardMember(_Model):
    name: Code  # as the plan names the member (often a function: "Velfærdsdirektør, Ishøj")
    represents: str | None = None  # the party the member sits for, where the plan says so


class Board(_Model):
    """The bestyrelse that follows the plan: its members and how often it meets."""

    members: list[BoardMember] = []
    meetings_per_year: Annotated[int, Field(ge=1, le=52)] | None = None


class Plan(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Code
    kommune: Annotated[str, Field(pattern=r"^\d{3}$")]
    period: Period
    source_document: str | None = None
    parties: list[str] = []  # the agreement's parties, as the plan names them
    predecessor: str | None = None  # the plan this one continues (its id)
    board: Board | None = None
    organisations: list[Organisation] = []
    afdelinger: list[Afdeling] = []
    boligomraader: list[Boligomraade]
    goals: list[Goal]
    activities: list[Activity] = []

    @field_validator("kommune", mode="before")
    @classmethod
    def _kommune_text(cls, value: Any) -> Any:
        return f"{value:03d}" if isinstance(value, int) else value


class Registry(_Model):
    indicators: list[Indicator]
    geographies: Geographies
    plans: list[Plan]

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(f"ukendt indikator {code!r}")

    def plan(self, plan_id: str) -> Plan:
        for plan in self.plans:
            if plan.id == plan_id:
                return plan
        raise KeyError(f"ukendt plan {plan_id!r}")


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: filen findes ikke") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: ugyldig YAML: {exc}") from exc


def _key_path(loc: tuple[Any, ...], data: Any) -> str:
    """Render a pydantic location as a key path, naming list items by their id/code where known."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            node = node[item]
            label = node.get("id") or node.get("code") if isinstance(node, dict) else None
            parts.append(f"[{item}]" + (f"({label})" if label else ""))
        else:
            node = node.get(item) if isinstance(node, dict) else None
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(roden)"


def _parse(model: type[_Model], path: Path, data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{path}: nøgle {_key_path(err['loc'], data)}: {_danish_message(err)}"
            for err in exc.errors()
        ]
        raise RegistryError("\n".join(lines)) from exc


def _danish_message(err: Any) -> str:
    """Pydantic's message for the common cases in Danish; the rest as pydantic words it."""
    kind, ctx = err["type"], err.get("ctx") or {}
    given = f" (angivet: {err['input']!r})" if not isinstance(err.get("input"), dict) else ""
    if kind == "missing":
        return "feltet mangler"
    if kind == "extra_forbidden":
        return "ukendt nøgle"
    if kind == "literal_error":
        return f"skal være en af {ctx.get('expected', '')}{given}"
    if kind == "string_pattern_mismatch":
        return f"har ikke den rigtige form (mønster {ctx.get('pattern', '')}){given}"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        return f"skal være et tal{given}"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return f"skal være en dato (ÅÅÅÅ-MM-DD){given}"
    if kind == "string_too_short":
        return "må ikke være tom"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


class _IndicatorList(_Model):
    indicators: list[Indicator]


def load_registry(directory: Path) -> Registry:
    """Read and validate every registry file under `directory` (indicators, geographies, plans)."""
    ind_path = directory / "indicators.yaml"
    geo_path = directory / "geographies.yaml"
    raw_ind = _read_yaml(ind_path)
    indicators = _parse(_IndicatorList, ind_path, {"indicators": raw_ind}).indicators
    geographies = _parse(Geographies, geo_path, _read_yaml(geo_path))
    plan_paths = sorted((directory / "plans").glob("*.yaml"))
    if not plan_paths:
        raise RegistryError(f"{directory / 'plans'}: ingen planer (*.yaml) fundet")
    plans = [_parse(Plan, p, _read_yaml(p)) for p in plan_paths]
    registry = Registry(indicators=indicators, geographies=geographies, plans=plans)
    _check_references(registry, ind_path, geo_path, plan_paths)
    return registry


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({v for v in values if v in seen or seen.add(v)})  # type: ignore[func-returns-value]


def _check_references(
    reg: Registry,
    ind_path: Path,
    geo_path: Path,
    plan_paths: list[Path],
    *,
    file_names: bool = True,
) -> None:
    """Cross-file checks pydantic cannot make: every code a plan uses must be defined once.

    `plan_paths` name where each plan came from (for the messages); with `file_names` a plan's
    id must also match its file's name (the registry directory's rule)."""
    problems = reference_problems(reg, ind_path, geo_path, plan_paths, file_names=file_names)
    if problems:
        raise RegistryError("\n".join(problems))


def reference_problems(
    reg: Registry,
    ind_path: Path,
    geo_path: Path,
    plan_paths: list[Path],
    *,
    file_names: bool = True,
) -> list[str]:
    """Every cross-reference problem of `reg` as Danish messages naming the source and key."""
    problems: list[str] = []
    codes = [i.code for i in reg.indicators]
    for dup in _duplicates(codes):
        problems.append(f"{ind_path}: nøgle code: indikatorkoden {dup!r} findes flere gange")
    alias_owner: dict[str, str] = {}
    for ind in reg.indicators:
        for name in {ind.name, *ind.aliases}:
            key = loose_key(name)
            owner = alias_owner.setdefault(key, ind.code)
            if owner != ind.code:
                problems.append(
                    f"{ind_path}: nøgle {ind.code}.aliases: {name!r} bruges også af {owner!r}"
                )
    kommune_codes = [k.code for k in reg.geographies.kommuner]
    comparator_codes = [c.code for c in reg.geographies.comparators]
    for dup in _duplicates(kommune_codes):
        problems.append(f"{geo_path}: nøgle kommuner({dup}): kommunekoden findes flere gange")
    for dup in _duplicates(comparator_codes):
        problems.append(f"{geo_path}: nøgle comparators({dup}): koden findes flere gange")
    kommuner, comparators = set(kommune_codes), set(comparator_codes)
    known_ind = set(codes)
    plan_ids = [p.id for p in reg.plans]
    for dup in _duplicates(plan_ids):
        problems.append(f"plan-id {dup!r} findes i flere filer under plans/")
    afdeling_seen: dict[str, tuple[str, str, Path]] = {}
    org_seen: dict[str, tuple[str, Path]] = {}
    for plan, path in zip(reg.plans, plan_paths, strict=True):
        if file_names and path.stem != plan.id:
            problems.append(f"{path}: nøgle id: {plan.id!r} skal svare til filnavnet {path.stem!r}")
        if plan.kommune not in kommuner:
            problems.append(
                f"{path}: nøgle kommune: {plan.kommune!r} findes ikke i {geo_path.name}"
            )
        if plan.predecessor is not None and plan.predecessor not in plan_ids:
            problems.append(
                f"{path}: nøgle predecessor: planen {plan.predecessor!r} findes ikke blandt "
                "planerne"
            )
        if plan.period.end < plan.period.start:
            problems.append(f"{path}: nøgle period: slutdatoen ligger før startdatoen")
        for dup in _duplicates([o.code for o in plan.organisations]):
            problems.append(f"{path}: nøgle organisations({dup}): findes flere gange")
        for dup in _duplicates([a.code for a in plan.afdelinger]):
            problems.append(f"{path}: nøgle afdelinger({dup}): findes flere gange")
        for dup in _duplicates([b.code for b in plan.boligomraader]):
            problems.append(f"{path}: nøgle boligomraader({dup}): findes flere gange")
        for org in plan.organisations:
            name, first = org_seen.setdefault(org.code, (org.name, path))
            if name != org.name:
                problems.append(
                    f"{path}: nøgle organisations({org.code}).name: {org.name!r} "
                    f"men {first.name} kalder den {name!r}"
                )
        orgs = {o.code for o in plan.organisations}
        afdelinger = {a.code for a in plan.afdelinger}
        for afd in plan.afdelinger:
            name, org, first = afdeling_seen.setdefault(
                afd.code, (afd.name, afd.organisation, path)
            )
            if (name, org) != (afd.name, afd.organisation):
                problems.append(
                    f"{path}: nøgle afdelinger({afd.code}): navn/organisation "
                    f"({afd.name!r}, {afd.organisation!r}) afviger fra {first.name} "
                    f"({name!r}, {org!r})"
                )
            if afd.organisation not in orgs:
                problems.append(
                    f"{path}: nøgle afdelinger({afd.code}).organisation: {afd.organisation!r} "
                    "er ikke en af planens organisations"
                )
        omraader = {b.code for b in plan.boligomraader}
        for omr in plan.boligomraader:
            for child in omr.afdelinger:
                if child not in afdelinger:
                    problems.append(
                        f"{path}: nøgle boligomraader({omr.code}).afdelinger: {child!r} "
                        "er ikke en af planens afdelinger"
                    )
        # A goal may follow an indicator for the plan's whole area (its plan geography).
        areas = afdelinger | omraader | {f"plan:{plan.id}"}
        geos = areas | kommuner | comparators | {LANDSPLAN_CODE}
        geos |= {f"almene-{k}" for k in kommuner}
        goal_ids = [g.id for g in plan.goals]
        for dup in _duplicates(goal_ids):
            problems.append(f"{path}: nøgle goals({dup}): målet findes flere gange")
        for goal in plan.goals:
            pairs = [f"{gi.indicator}@{gi.geo}" for gi in goal.indicators]
            for dup in _duplicates(pairs):
                problems.append(
                    f"{path}: nøgle goals({goal.id}).indicators: {dup} (indikator@geografi) "
                    "findes flere gange"
                )
            for gi in goal.indicators:
                problems += _check_goal_indicator(
                    reg,
                    f"{path}: nøgle goals({goal.id}).indicators({gi.indicator})",
                    gi,
                    known_ind,
                    geos,
                    areas,
                    kommuner,
                )
        act_ids = [a.id for a in plan.activities]
        for dup in _duplicates(act_ids):
            problems.append(f"{path}: nøgle activities({dup}): aktiviteten findes flere gange")
        for act in plan.activities:
            for goal_id in act.supports:
                if goal_id not in goal_ids:
                    problems.append(
                        f"{path}: nøgle activities({act.id}).supports: ukendt mål {goal_id!r}"
                    )
    problems += _check_geography_aliases(reg, geo_path, plan_paths)
    return problems


def _check_goal_indicator(
    reg: Registry,
    where: str,
    gi: GoalIndicator,
    known_ind: set[str],
    geos: set[str],
    areas: set[str],
    kommuner: set[str],
) -> list[str]:
    problems: list[str] = []
    if gi.indicator not in known_ind:
        problems.append(f"{where}: ukendt indikator {gi.indicator!r}")
    if gi.geo not in geos:
        problems.append(f"{where}.geo: ukendt geografi {gi.geo!r}")
    elif gi.geo not in areas:
        problems.append(
            f"{where}.geo: {gi.geo!r} er ikke en af planens afdelinger eller boligområder "
            "eller hele planens område (plan:<id>)"
        )
    for dup in _duplicates([b.geo for b in gi.baselines]):
        problems.append(f"{where}.baselines({dup}): geografien har flere baselines")
    for b in gi.baselines:
        if b.geo not in geos:
            problems.append(f"{where}.baselines: ukendt geografi {b.geo!r}")
        elif b.role == "kommune" and b.geo not in kommuner:
            problems.append(
                f"{where}.baselines({b.geo}).role: rollen 'kommune' kræver en kommunekode"
            )
        elif b.role == "omraade" and b.geo not in areas:
            problems.append(
                f"{where}.baselines({b.geo}).role: rollen 'omraade' kræver en af planens "
                "afdelinger eller boligområder"
            )
        if (
            b.value is not None
            and gi.indicator in known_ind
            and reg.indicator(gi.indicator).unit == "andel"
            and not 0 <= b.value <= 100
        ):
            problems.append(f"{where}.baselines({b.geo}): andel {b.value} uden for 0-100")
        if b.count is not None and b.count < 0:
            problems.append(f"{where}.baselines({b.geo}).count: antal {b.count} er negativt")
    for dup in _duplicates([t.kind for t in gi.targets]):
        problems.append(f"{where}.targets({dup}): målet findes flere gange")
    return problems


def _geography_aliases(reg: Registry) -> list[tuple[str, str, str, str | None]]:
    """Every (spelling, code, key, plan id) a geography may be named by, in registry order.

    `key` is where the spelling is defined (for error messages); `plan id` is None for
    geographies.yaml.
    """
    out: list[tuple[str, str, str, str | None]] = []

    def add(code: str, key: str, plan_id: str | None, *names: str) -> None:
        out.extend((name, code, key, plan_id) for name in (code, *names))

    add(LANDSPLAN_CODE, "landsplan", None, "Landsplan", "Hele landet")
    for k in reg.geographies.kommuner:
        add(k.code, f"kommuner({k.code})", None, k.name, f"0{k.code}", *k.aliases)
        add(f"almene-{k.code}", f"kommuner({k.code})", None, f"Almene boliger i {k.name}")
    for c in reg.geographies.comparators:
        add(c.code, f"comparators({c.code})", None, c.name, *c.aliases)
    for plan in reg.plans:
        for afd in plan.afdelinger:
            add(afd.code, f"afdelinger({afd.code})", plan.id, afd.name)
        for omr in plan.boligomraader:
            add(omr.code, f"boligomraader({omr.code})", plan.id, omr.name, *omr.aliases)
        add(f"plan:{plan.id}", "name", plan.id, plan.name)
    return out


def _check_geography_aliases(reg: Registry, geo_path: Path, plan_paths: list[Path]) -> list[str]:
    """A spelling must name one geography only, or imports would resolve it at random."""
    files = {plan.id: path for plan, path in zip(reg.plans, plan_paths, strict=True)}
    owner: dict[str, str] = {}
    problems: list[str] = []
    for name, code, key, plan_id in _geography_aliases(reg):
        first = owner.setdefault(normalise(name), code)
        if first != code:
            path = files[plan_id] if plan_id else geo_path
            problems.append(
                f"{path}: nøgle {key}: navnet {name!r} bruges også om geografien {first!r}"
            )
    return list(dict.fromkeys(problems))


UNKNOWN_PREFIX = "ukendt:"


def unknown_member_code(area: str, member: str) -> str:
    """The placeholder afdeling of a member no seed gives a code ('ukendt:<area>:<member>')."""
    return f"{UNKNOWN_PREFIX}{area}:{member}"


def plan_area_code(plan_id: str, area: str) -> str:
    """The geography of a boligområde as one plan defines it, where that differs from the
    area's shared definition ('plan:<plan>:<area>')."""
    return f"plan:{plan_id}:{area}"


def _area_members(plans: list[Plan]) -> dict[str, list[tuple[Plan, list[str]]]]:
    """Each boligområde's members as every plan that has it defines them, plans by start."""
    by_area: dict[str, list[tuple[Plan, list[str]]]] = {}
    for plan in sorted(plans, key=lambda p: (p.period.start, p.id)):
        for omr in plan.boligomraader:
            kids = [*omr.afdelinger] + [
                unknown_member_code(omr.code, m) for m in omr.unknown_members
            ]
            by_area.setdefault(omr.code, []).append((plan, kids))
    return by_area


def _shared_members(
    entries: list[tuple[Plan, list[str]]],
) -> dict[str, int | None]:
    """The area's shared definition: child -> first year it counts (None: always). A member of
    the first plan (by start) that has the area counts in every year; a member a later plan
    adds counts from that plan's first year."""
    first_kids = set(entries[0][1])
    shared: dict[str, int | None] = {}
    for plan, kids in entries:
        for child in kids:
            shared.setdefault(child, None if child in first_kids else plan.period.start.year)
    return shared


def plan_area_geographies(plans: list[Plan]) -> list[tuple[str, str, str]]:
    """(plan_id, area_code, geo_code) for every boligområde a plan defines otherwise than the
    area's shared definition in some year of the plan's period.

    Membership is per plan, not per code (issue 9): Ishøj 2025-29 adds Steenbjerggård to
    Vejleåparken from 2025, so the shared Vejleåparken counts it in 2025; Vejleåparken 2021-25,
    which ends in 2025, defines the area as AAB-55 alone, and its figures for the area are summed
    over its own geography `plan:vejleaaparken-2021-25:Vejleåparken` (AAB-55, every year)."""
    out = []
    for area, entries in _area_members(plans).items():
        shared = _shared_members(entries)
        for plan, kids in entries:
            years = range(plan.period.start.year, plan.period.end.year + 1)
            for year in years:
                counted = {c for c, start in shared.items() if start is None or start <= year}
                if counted != set(kids):
                    out.append((plan.id, area, plan_area_code(plan.id, area)))
                    break
    return sorted(out)


def memberships(plans: list[Plan]) -> list[tuple[str, str, int | None, int | None]]:
    """(parent, child, valid_from, valid_to) of every boligområde and plan geography.

    Membership by period: a member of the area in the first plan (by start) that has the area
    counts in every year; a member a later plan adds counts from that plan's first year (the
    Ishøj 2025-29 plan adds Steenbjerggård to Vejleåparken from 2025). A plan that defines an
    area otherwise in some year of its period has its own geography for it
    (plan_area_geographies), whose members are the plan's, in every year; the plan's whole
    area (`plan:<id>`) is made of those."""
    rows: dict[tuple[str, str], tuple[str, str, int | None, int | None]] = {}
    by_area = _area_members(plans)
    own = {(p, a): g for p, a, g in plan_area_geographies(plans)}
    for area, entries in by_area.items():
        for child, start in _shared_members(entries).items():
            rows.setdefault((area, child), (area, child, start, None))
        for plan, kids in entries:
            plan_code = f"plan:{plan.id}"
            geo = own.get((plan.id, area), area)
            rows.setdefault((plan_code, geo), (plan_code, geo, None, None))
            if geo != area:
                for child in kids:
                    rows.setdefault((geo, child), (geo, child, None, None))
    return sorted(rows.values(), key=lambda r: (r[0], r[1]))


def _geography_rows(reg: Registry) -> tuple[list[tuple], list[tuple[str, str]], list[tuple]]:
    """Geographies, their aliases and memberships (with validity) implied by the registry."""
    geos: dict[str, tuple] = {}

    def add(code: str, name: str, level: str, kommune: str | None, org: str | None = None) -> None:
        geos.setdefault(code, (code, name, level, kommune, org))

    add(LANDSPLAN_CODE, "Landsplan", "landsplan", None)
    for k in reg.geographies.kommuner:
        add(k.code, k.name, "kommune", k.code)
        add(f"almene-{k.code}", f"Almene boliger i {k.name}", "almene_kommune", k.code)
    for c in reg.geographies.comparators:
        add(c.code, c.name, "comparator", None)
    for plan in reg.plans:
        for afd in plan.afdelinger:
            add(afd.code, afd.name, "afdeling", plan.kommune, afd.organisation)
        for omr in plan.boligomraader:
            add(omr.code, omr.name, "boligomraade", plan.kommune)
            for member in omr.unknown_members:
                code = unknown_member_code(omr.code, member)
                add(code, f"{member} (afdeling ikke kendt)", "afdeling", plan.kommune)
        add(f"plan:{plan.id}", plan.name, "plan", plan.kommune)
    for plan_id, area, code in plan_area_geographies(list(reg.plans)):
        plan = reg.plan(plan_id)
        name = next(o.name for o in plan.boligomraader if o.code == area)
        add(code, f"{name} (som {plan.name} afgrænser det)", "boligomraade", plan.kommune)
    seen: set[str] = set()
    unique_aliases = []
    for name, code, _key, _plan in _geography_aliases(reg):
        key = normalise(name)
        if key not in seen:
            seen.add(key)
            unique_aliases.append((key, code))
    return list(geos.values()), unique_aliases, memberships(list(reg.plans))


def write_registry(conn: duckdb.DuckDBPyConnection, reg: Registry, user: User | None) -> None:
    """Load `reg` in one transaction, as `user` (whose role must allow loading registries);
    the load is an audit entry.

    Indicators and geographies are upserted, never deleted: observations refer to them. Each
    plan goes through the same save as a plan changed on the Plan page or by `plan import`
    (monitor.plan_versions.save_plan): a plan new to the database becomes version 1, a changed
    one its next version, an unchanged one nothing. A plan no longer among the files stays in
    the database with its versions: plans are the users' data.
    """
    from monitor import stored_reads
    from monitor.plan_versions import _save_plan, refresh_names

    user = require(user, "load_registry")
    user = require(user, "write_plan")
    digest = hashlib.sha256(reg.model_dump_json().encode()).hexdigest()
    with transaction(conn):
        execute(
            conn,
            "insert into registry_load (sha256, loaded_by) values (?, ?)",
            [digest, user.username],
        )
        audit.append(
            conn,
            actor=user.username,
            action="registry_load",
            entity="registry_load",
            entity_id=digest,
            details={
                "sha256": digest,
                "plans": sorted(p.id for p in reg.plans),
                "indicators": len(reg.indicators),
            },
        )
        execute(conn, "delete from indicator_alias")
        for ind in reg.indicators:
            execute(
                conn,
                "insert or replace into indicator values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ind.code,
                    ind.name,
                    ind.unit,
                    ind.direction,
                    ind.source_kind,
                    ind.definition,
                    ind.source,
                    ind.survey,
                    ind.question,
                    ind.answer_group,
                ],
            )
            done: set[str] = set()
            for name in (ind.name, *ind.aliases):
                key = loose_key(name)
                if key not in done:
                    done.add(key)
                    execute(
                        conn, "insert into indicator_alias values (?, ?, ?)", [key, ind.code, name]
                    )
        for plan in reg.plans:
            _save_plan(
                conn,
                user,
                plan,
                reason=f"Indlæst fra registerfilen plans/{plan.id}.yaml",
                in_force_from=None,
                adopted_on=None,
                adopted_note=None,
                adopted_meeting_id=None,
            )
        refresh_names(conn, reg)
        stored_reads.refresh(conn)
