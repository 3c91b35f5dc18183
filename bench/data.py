"""Generated deliveries for the benchmark and the kill test: a synthetic plan with many
afdelinger (registered through the real registry load, so imports accept them and the audit
chain accounts for them), and LBF files for them in the long CSV and the wide XLSX layout."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from monitor import config
from monitor.registry import (
    Afdeling,
    Boligomraade,
    Goal,
    GoalIndicator,
    Organisation,
    Registry,
    load_registry,
)

ORG = "BENCH"
PLAN_ID = "bench-stor"
AREA_SIZE = 100  # afdelinger per boligområde
YEARS = tuple(range(2013, 2025))  # 12 years


def afdeling_code(n: int) -> str:
    return f"{ORG}-{n}"


def area_code(k: int) -> str:
    return f"Benchområde {k}"


def bench_registry(afdelinger: int, base: Registry | None = None) -> Registry:
    """The project's registry plus a plan `bench-stor` in Slagelse with `afdelinger` afdelinger
    in boligområder of AREA_SIZE, and one goal following every LBF indicator in the first."""
    reg = base or load_registry(config.REGISTRY_DIR)
    template = reg.plans[0]
    codes = [afdeling_code(n) for n in range(1, afdelinger + 1)]
    areas = [
        Boligomraade(
            code=area_code(k + 1), name=area_code(k + 1), afdelinger=codes[i : i + AREA_SIZE]
        )
        for k, i in enumerate(range(0, afdelinger, AREA_SIZE))
    ]
    lbf = [code for code, _name, _unit in _followed_lbf(reg)]
    goal = Goal(
        id="bench-maal",
        kind="maal",
        indsatsomraade=template.goals[0].indsatsomraade,
        title="Benchmarkmål",
        indicators=[GoalIndicator(indicator=code, geo=areas[0].code) for code in lbf],
    )
    plan = template.model_copy(
        update={
            "id": PLAN_ID,
            "name": "Benchmarkplan (genereret)",
            "kommune": "330",
            "source_document": None,
            "organisations": [Organisation(code=ORG, name="Benchmark Boligselskab")],
            "afdelinger": [
                Afdeling(code=c, name=f"{ORG} afd. {c.split('-')[1]}", organisation=ORG)
                for c in codes
            ],
            "boligomraader": areas,
            "goals": [goal],
            "activities": [],
        }
    )
    return reg.model_copy(update={"plans": [*reg.plans, plan]})


def _followed_lbf(reg: Registry) -> list[tuple[str, str, str]]:
    """(code, name, unit) of the LBF indicators a plan of the project follows (the bench's
    ten: seed 000's other comparisons have indicators no plan follows, issue 9)."""
    followed = {
        gi.indicator for p in reg.plans if p.id != PLAN_ID for g in p.goals for gi in g.indicators
    }
    return [
        (i.code, i.name, i.unit)
        for i in reg.indicators
        if i.source_kind == "lbf" and i.code in followed
    ]


def lbf_indicators(reg: Registry) -> list[tuple[str, str]]:
    """(name as delivered, unit) of every LBF indicator a plan follows."""
    return [(name, unit) for _code, name, unit in _followed_lbf(reg)]


def _figures(afdelinger: int, indicators: list[tuple[str, str]]) -> Iterator[tuple]:
    """(indicator name, unit, afdeling number, year, value, numerator, denominator), fixed."""
    for ind, (name, unit) in enumerate(indicators):
        for n in range(1, afdelinger + 1):
            for y, year in enumerate(YEARS):
                if unit == "andel":
                    denominator = 200 + (n * 7 + ind * 13) % 900
                    numerator = (n * 31 + y * 17 + ind * 5) % denominator
                    value = round(numerator / denominator * 100, 1)
                    yield name, unit, n, year, value, numerator, denominator
                else:
                    value = round(2 + ((n * 13 + y * 7 + ind) % 1000) / 100, 1)
                    yield name, unit, n, year, value, None, None


def _da(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def write_long_csv(path: Path, afdelinger: int, reg: Registry) -> int:
    """The long LBF CSV: one row per value; returns the number of data rows."""
    rows = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(
            ["Indikator", "Geografi", "Geografikode", "År", "Andel", "Værdi", "Antal", "Grundlag"]
        )
        for name, unit, n, year, value, numerator, denominator in _figures(
            afdelinger, lbf_indicators(reg)
        ):
            share = f"{_da(value)} %" if unit == "andel" else ""
            plain = "" if unit == "andel" else _da(value)
            out.writerow(
                [
                    name,
                    f"{ORG} afd. {n}",
                    afdeling_code(n),
                    year,
                    share,
                    plain,
                    "" if numerator is None else numerator,
                    "" if denominator is None else denominator,
                ]
            )
            rows += 1
    return rows


def write_wide_xlsx(path: Path, afdelinger: int, reg: Registry) -> int:
    """The same content as the wide LBF XLSX (one column per year; a share's antal and
    grundlag on rows of their own); returns the number of data rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("LBF")
    sheet.append(["Indikator", "Geografi", "Geografikode", "Enhed", *YEARS])
    rows = 0
    current: dict[tuple[str, int], dict[str, list]] = {}
    for name, unit, n, year, value, numerator, denominator in _figures(
        afdelinger, lbf_indicators(reg)
    ):
        slot = current.setdefault((name, n), {"value": [], "antal": [], "grundlag": []})
        slot["value"].append(value)
        slot["antal"].append(numerator)
        slot["grundlag"].append(denominator)
        if year != YEARS[-1]:
            continue
        geo = [f"{ORG} afd. {n}", afdeling_code(n)]
        if unit == "andel":
            sheet.append([name, *geo, "andel", *slot["value"]])
            sheet.append([name, *geo, "antal", *slot["antal"]])
            sheet.append([name, *geo, "grundlag", *slot["grundlag"]])
            rows += 3
        else:
            sheet.append([name, *geo, unit, *slot["value"]])
            rows += 1
        del current[(name, n)]
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return rows
