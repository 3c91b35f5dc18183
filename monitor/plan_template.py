"""LBF's fixed frame for a new helhedsplan (the 2019-26 rules, as seeds 000 and 004 list them in
section 5, "Overordnede mål og indikatorer"): the four indsatsområder, one fixed overordnet mål
in each and its fixed indicators. A new plan starts from it; the leder adds the delmål and fills
the baselines (from LBF's figures, or from the database on the Plan page)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# (indsatsområde, goal id, the mål as LBF words it, its indicators). Where a seed names a survey
# comparator ("Øvrige HHP"), the plan chooses it; the frame compares with the kommune.
LBF_FRAME: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Uddannelse og livschancer",
        "fagligt-loeft",
        "Der skal ske et fagligt løft af børn og unge, så flere bliver skoleparate, og flere "
        "tager en uddannelse",
        ("dagtilbud_1_5", "karakter_dansk_matematik_9", "grundskole_18_29"),
    ),
    (
        "Beskæftigelse",
        "arbejdsmarkedet",
        "Flere bliver tilknyttet arbejdsmarkedet",
        ("restgruppe_15_29", "uden_tilknytning_18_64"),
    ),
    (
        "Kriminalitetsforebyggelse",
        "liv-uden-kriminalitet",
        "Børn og unge skal støttes i et liv uden kriminalitet, og områderne skal opleves trygge",
        ("sigtet_15_29", "tryg_i_boligomraadet"),
    ),
    (
        "Sammenhængskraft og medborgerskab",
        "del-af-faellesskabet",
        "Flere er en del af fællesskabet og deltager aktivt i samfundet",
        ("frivilligt_arbejde_18", "valgdeltagelse_kommunalvalg", "valgdeltagelse_folketingsvalg"),
    ),
)

# What every plan document needs before the leder has said anything else.
MEETINGS_PER_YEAR = 4  # seed 000/004: the bestyrelse meets four times a year


def plan_id_from_name(name: str) -> str:
    """'Helhedsplan i Ishøj 2025-29' -> 'helhedsplan-i-ishoej-2025-29' (a plan's id)."""
    text = name.strip().lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def new_plan_content(
    *,
    plan_id: str,
    name: str,
    kommune: str,
    start: dt.date,
    end: dt.date,
    area_code: str,
    area_name: str,
    afdelinger: list[tuple[str, str, str]],
    organisations: list[tuple[str, str]],
) -> dict[str, Any]:
    """A plan document with LBF's fixed frame for one boligområde (`area_code`) in `kommune`:
    every fixed indicator follows the area, with an empty baseline for the area and one for the
    kommune, to be filled. `afdelinger` are (code, name, organisation code)."""
    goals = []
    for indsatsomraade, goal_id, title, indicators in LBF_FRAME:
        goals.append(
            {
                "id": goal_id,
                "kind": "maal",
                "indsatsomraade": indsatsomraade,
                "title": title,
                "indicators": [
                    {
                        "indicator": code,
                        "geo": area_code,
                        "baselines": [
                            {"geo": area_code, "role": "omraade"},
                            {"geo": kommune, "role": "kommune"},
                        ],
                    }
                    for code in indicators
                ],
            }
        )
    return {
        "id": plan_id,
        "name": name,
        "kommune": kommune,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "board": {"members": [], "meetings_per_year": MEETINGS_PER_YEAR},
        "organisations": [{"code": c, "name": n} for c, n in organisations],
        "afdelinger": [{"code": c, "name": n, "organisation": o} for c, n, o in afdelinger],
        "boligomraader": [
            {"code": area_code, "name": area_name, "afdelinger": [c for c, _, _ in afdelinger]}
        ],
        "goals": goals,
    }


def new_plan_from_form(
    *,
    name: str,
    kommune: str,
    start: dt.date,
    end: dt.date,
    area: str,
    afdelinger: str,
    organisation_names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The Plan page's 'Ny plan' form as a plan document (ValueError, in Danish, naming the
    field that is missing or malformed). A boligorganisation other plans know keeps the name
    they give it."""
    problems = []
    if not name.strip():
        problems.append("Feltet 'Planens navn' skal udfyldes.")
    if not area.strip():
        problems.append("Feltet 'Boligområdets navn' skal udfyldes.")
    if end <= start:
        problems.append("'Periodens slut' skal ligge efter 'Periodens start'.")
    rows: list[tuple[str, str, str]] = []
    for number, line in enumerate(afdelinger.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3 or not all(parts):
            problems.append(
                f"Feltet 'Afdelinger', linje {number}: skriv kode; navn; boligorganisation "
                f"(angivet: {line.strip()!r})."
            )
            continue
        rows.append((parts[0], parts[1], parts[2]))
    if not rows and not problems:
        problems.append("Feltet 'Afdelinger' skal have mindst én afdeling.")
    if problems:
        raise ValueError("\n".join(problems))
    organisations = sorted({o for _, _, o in rows})
    return new_plan_content(
        plan_id=plan_id_from_name(name),
        name=name.strip(),
        kommune=kommune,
        start=start,
        end=end,
        area_code=area.strip(),
        area_name=area.strip(),
        afdelinger=rows,
        organisations=[(o, (organisation_names or {}).get(o, o)) for o in organisations],
    )
