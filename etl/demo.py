"""The demo database: deterministic, plausible figures written as import files and loaded
through the real ETL (never inserted behind its back).

Every series passes through the seed baseline in its baseline year, so the dashboard shows
the plans' own baselines; all other years are constructed.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from monitor import config
from monitor.db import connect
from monitor.registry import Indicator, Plan, Registry, load_registry, write_registry

LAST_YEAR = 2025
FIRST_YEAR = 2015
# Survey rounds the demo pretends happened, per survey.
SURVEY_YEARS = {"VIVE tryghedsmåling": (2015, 2018, 2021), "LBF Tryghedsundersøgelse": (2023, 2025)}
ELECTION_YEARS = {"kommunalvalg": (2013, 2017, 2021, 2025), "folketingsvalg": (2015, 2019, 2022)}
RESPONDENTS = {"omraade": 380, "sammenligning": 31250, "kommune": 2400}


@dataclass(frozen=True)
class Point:
    geo_name: str
    geo_code: str
    year: int
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    suppressed: str | None = None


def _rng(*key: object) -> random.Random:
    # Seeded from the key, so each series is the same on every build and machine.
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _best_denominator(count: int, share: float) -> int:
    """The denominator whose share from `count` lies closest to the published `share`."""
    guess = count * 100 / share
    return min(
        (max(count, int(guess) + d) for d in (-1, 0, 1, 2)),
        key=lambda d: abs(count * 100 / d - share),
    )


def _walk(
    rng: random.Random,
    anchor_year: int,
    anchor: float,
    years: list[int],
    step: float,
    low: float,
    high: float,
    decimals: int = 1,
) -> dict[int, float]:
    """A random walk through `anchor` in `anchor_year`, drifting `step` per year, kept in range."""
    values = {anchor_year: anchor}
    trend = rng.uniform(-step / 2, step / 2)
    for direction in (1, -1):
        value, year = anchor, anchor_year
        while True:
            year += direction
            if year < min(years) or year > max(years):
                break
            value = min(high, max(low, value + direction * trend + rng.gauss(0, step)))
            values[year] = value
    return {y: round(values[y], decimals) for y in years}


def _years_for(ind: Indicator) -> list[int]:
    if ind.source_kind == "tryghed" and ind.survey in SURVEY_YEARS:
        return list(SURVEY_YEARS[ind.survey])
    for election, years in ELECTION_YEARS.items():
        if election in ind.code or election in ind.name.lower():
            return list(years)
    return list(range(FIRST_YEAR, LAST_YEAR + 1))


def _typical(ind: Indicator, rng: random.Random) -> float:
    """A plausible level for an indicator with no seed baseline."""
    if ind.unit == "andel":
        return round(rng.uniform(8, 40) if ind.direction == "lower" else rng.uniform(45, 90), 1)
    if ind.unit == "gennemsnit":
        return round(rng.uniform(5.5, 7.0), 1)
    return float(rng.randint(2, 12))


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    role: str
    geo_name: str
    geo_code: str
    anchor_year: int
    anchor_value: float
    anchor_count: int | None
    uncertain_years: frozenset[int] = frozenset()


def _series_for_plan(
    plan: Plan, reg: Registry, seen: set[tuple[str, str, str]]
) -> Iterator[Series]:
    """One series per indicator and geography the plan follows, anchored on its baselines.

    `seen` is shared between plans: a kommune series two plans follow is generated once.
    """
    kommune = next(k for k in reg.geographies.kommuner if k.code == plan.kommune)
    for goal in plan.goals:
        for gi in goal.indicators:
            ind = reg.indicator(gi.indicator)
            rng = _rng(plan.id, ind.code)
            default_year = 2023 if ind.source_kind == "tryghed" else plan.period.start.year - 2
            area_value = _typical(ind, rng)
            by_role = {b.role: b for b in gi.baselines}
            geos: list[tuple[str, str, str]] = [("omraade", gi.geo, gi.geo)]
            parts = _afdelinger_of(plan, gi.geo)
            if (
                ind.source_kind == "lbf"
                and len(parts) > 1
                and not any(b.value is not None for b in gi.baselines if b.role == "omraade")
            ):
                # No seed baseline to honour: deliver per afdeling, as LBF does, so the
                # area's figure is aggregated from numerators and denominators.
                geos = [("omraade", a.name, a.code) for a in parts]
            if ind.source_kind == "lbf":
                geos.append(("kommune", kommune.name, kommune.code))
                geos.append(("almene_kommune", ALMENE_NAME, kommune.code))
                geos.append(("landsplan", "Hele landet", LANDSPLAN_CODE))
            for b in gi.baselines:
                if b.role == "sammenligning":
                    geos.append(("sammenligning", b.geo, b.geo))
            for role, name, code in geos:
                if (ind.code, role, code) in seen:
                    continue
                seen.add((ind.code, role, code))
                b = by_role.get(role)
                if b is not None and b.value is not None:
                    year, value, count = b.year or default_year, b.value, b.count
                else:
                    year = b.year if b is not None and b.year else default_year
                    shift = {
                        "omraade": 0,
                        "kommune": -6,
                        "sammenligning": -4,
                        "almene_kommune": -3,
                        "landsplan": -7,
                    }[role]
                    anchor = area_value
                    national = _national_level(reg, ind.code)
                    if role in ("almene_kommune", "landsplan") and national is not None:
                        # Denmark and its almene boliger sit near the kommuner the seeds
                        # give, not near one housing area: the whole country a little better,
                        # the almene boliger a little worse than the kommuner.
                        level, year = national
                        better = -1 if ind.direction == "lower" else 1
                        anchor = level + (2 * better if role == "landsplan" else -3 * better)
                        shift = 0
                    value = max(0.5, anchor + (shift if ind.direction == "lower" else -shift))
                    if ind.unit != "andel":
                        value = area_value
                    count = None
                uncertain = frozenset({year}) if b is not None and b.uncertain else frozenset()
                yield Series(ind, role, name, code, year, float(value), count, uncertain)


def _national_level(reg: Registry, code: str) -> tuple[float, int] | None:
    """The mean of the seeds' kommune baselines of an indicator and their latest year: where
    the demo's national comparators are anchored (the same for every plan)."""
    found = [
        (b.value, b.year)
        for plan in reg.plans
        for goal in plan.goals
        for gi in goal.indicators
        if gi.indicator == code
        for b in gi.baselines
        if b.role == "kommune" and b.value is not None and b.year
    ]
    if not found:
        return None
    return round(sum(v for v, _ in found) / len(found), 1), max(y for _, y in found)


# LBF's comparators are whole populations: national-scale denominators, so their intervals
# are as narrow as they really are (a landsplan share out of about 1.100 would not be).
DENOMINATOR_SCALE = {
    "omraade": 900,
    "kommune": 9000,
    "almene_kommune": 2500,
    "sammenligning": 60000,
    "landsplan": 350000,
}
ALMENE_NAME = "Almene boliger i kommunen"
LANDSPLAN_CODE = "000"


def _afdelinger_of(plan: Plan, geo: str) -> list:
    if geo == f"plan:{plan.id}":  # the plan's whole area: every afdeling of it
        return list(plan.afdelinger)
    area = next((b for b in plan.boligomraader if b.code == geo), None)
    if area is None:
        return []
    by_code = {a.code: a for a in plan.afdelinger}
    return [by_code[c] for c in area.afdelinger if c in by_code]


def _points(series: Series) -> list[Point]:
    ind = series.indicator
    rng = _rng(series.geo_code, series.role, ind.code)
    years = sorted(set(_years_for(ind)) | {series.anchor_year})
    # Large populations move slowly: a national share does not swing like one estate's.
    calm = {"landsplan": 0.25, "sammenligning": 0.3, "almene_kommune": 0.5, "kommune": 0.6}
    if ind.unit == "andel":
        step = 1.2 * calm.get(series.role, 1.0)
        walk = _walk(rng, series.anchor_year, series.anchor_value, years, step, 0.5, 99.5)
    elif ind.unit == "gennemsnit":
        walk = _walk(rng, series.anchor_year, series.anchor_value, years, 0.15, 2.0, 10.0)
    else:
        walk = _walk(rng, series.anchor_year, series.anchor_value, years, 1.8, 0, 60, decimals=0)
    points = []
    base_denominator = None
    if ind.unit == "andel" and series.anchor_count:
        base_denominator = _best_denominator(series.anchor_count, series.anchor_value)
    elif ind.unit == "andel" and ind.source_kind == "lbf":
        scale = DENOMINATOR_SCALE.get(series.role, 900)
        base_denominator = scale + rng.randint(0, scale // 2)
    for year in years:
        value = walk[year]
        numerator = denominator = None
        if base_denominator is not None:
            if year == series.anchor_year and series.anchor_count:
                numerator, denominator = series.anchor_count, base_denominator
            else:
                denominator = max(
                    20, round(base_denominator * (1 + 0.02 * (year - series.anchor_year)))
                )
                numerator = round(value * denominator / 100)
                value = round(100 * numerator / denominator, 1)
        elif ind.source_kind == "tryghed":
            denominator = RESPONDENTS.get(series.role, 380) + rng.randint(-40, 40)
        points.append(Point(series.geo_name, series.geo_code, year, value, numerator, denominator))
    if series.role == "omraade" and "-" in series.geo_code and ind.source_kind == "lbf":
        # Small afdelinger are sometimes suppressed by LBF ("(d)"): the area is then incomplete.
        hidden = rng.choice(years[:-1])
        points = [
            Point(p.geo_name, p.geo_code, p.year, None, None, None, "(d)")
            if p.year == hidden
            else p
            for p in points
        ]
    return points


def _danish(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",")


def write_lbf_long(path: Path, rows: list[tuple[Series, Point]]) -> None:
    """LBF long layout, ';'-separated UTF-8 with BOM and decimal comma, as Danish Excel saves it."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(
            ["Indikator", "Geografi", "Geografikode", "År", "Andel", "Værdi", "Antal", "Grundlag"]
        )
        for series, p in rows:
            share = series.indicator.unit == "andel"
            code = p.geo_code if p.geo_code != p.geo_name else ""
            if p.suppressed:
                marker = p.suppressed
                cells = [marker, "", marker, ""] if share else ["", marker, "", ""]
                out.writerow([series.indicator.name, p.geo_name, code, p.year, *cells])
                continue
            out.writerow(
                [
                    series.indicator.name,
                    p.geo_name,
                    code,
                    p.year,
                    f"{_danish(p.value)} %" if share else "",
                    "" if share else _danish(p.value, 0 if series.indicator.unit == "antal" else 1),
                    "" if p.numerator is None else p.numerator,
                    "" if p.denominator is None else p.denominator,
                ]
            )


def write_lbf_wide_xlsx(path: Path, title: str, rows: list[tuple[Series, Point]]) -> None:
    """LBF wide layout as an xlsx with a title block, share cells formatted as percent."""
    years = sorted({p.year for _, p in rows})
    wb = Workbook()
    ws = wb.active
    ws.title = "Beboerdata"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Kilde: LBF Boligsociale data (demodata)"
    header_row = 4
    header = ["Indikator", "Geografi", "Geografikode", "Enhed", *years]
    for col, text in enumerate(header, start=1):
        ws.cell(row=header_row, column=col, value=text).font = Font(bold=True)
    grouped: dict[tuple[str, str, str], dict[int, Point]] = {}
    units: dict[str, str] = {}
    for series, p in rows:
        grouped.setdefault((series.indicator.name, p.geo_name, p.geo_code), {})[p.year] = p
        units[series.indicator.name] = series.indicator.unit
    r = header_row + 1
    for (name, geo_name, geo_code), by_year in grouped.items():
        unit = units[name]
        lines = [(unit, "value")]
        if unit == "andel" and any(p.numerator is not None for p in by_year.values()):
            lines += [("antal", "numerator"), ("grundlag", "denominator")]
        for enhed, attr in lines:
            ws.cell(row=r, column=1, value=name)
            ws.cell(row=r, column=2, value=geo_name)
            ws.cell(row=r, column=3, value=geo_code)
            ws.cell(row=r, column=4, value=enhed)
            for offset, year in enumerate(years):
                p = by_year.get(year)
                raw = getattr(p, attr) if p else None
                if raw is None:
                    continue
                cell = ws.cell(row=r, column=5 + offset)
                if enhed == "andel":
                    cell.value = raw / 100
                    cell.number_format = "0.0%"
                else:
                    cell.value = raw
            r += 1
    wb.save(path)


def write_tryghed(path: Path, rows: list[tuple[Series, Point]]) -> None:
    """Survey layout, ';'-separated Windows-1252, as older Excel versions save CSV."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(
            ["Undersøgelse", "År", "Geografi", "Spørgsmål", "Svarkategori", "Andel", "Antal svar"]
        )
        for series, p in rows:
            ind = series.indicator
            out.writerow(
                [
                    ind.survey,
                    p.year,
                    p.geo_name,
                    # No question is invented: a survey indicator without one is asked by
                    # its indicator text.
                    ind.question or ind.name,
                    ind.answer_group or "",
                    f"{_danish(p.value)} %",
                    p.denominator or "",
                ]
            )


def write_lokal(path: Path, rows: list[tuple[str, str, str, int | None, str, bool, str]]) -> None:
    """Local counts layout: Indikator; Geografi; Periode; Antal; Kilde; Usikker; Note."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Indikator", "Geografi", "Periode", "Antal", "Kilde", "Usikker", "Note"])
        for name, geo, period, count, source, uncertain, note in rows:
            out.writerow(
                [
                    name,
                    geo,
                    period,
                    "" if count is None else count,
                    source,
                    "ja" if uncertain else "",
                    note,
                ]
            )


# The note on every local count the demo makes up (the seeds' own counts are loaded from
# data/seed_figures/ and never invented over).
INVENTED = "Opdigtet demotal"


def write_demo_files(
    reg: Registry, out_dir: Path, given: set[tuple[str, str, str]] | None = None
) -> list[Path]:
    """Write every demo import file into `out_dir`; returns them in load order. No value is
    invented for an (indicator, geography, period) in `given` (the seeds' own figures)."""
    given = given or set()
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    local_series: list[Series] = []
    seen: set[tuple[str, str, str]] = set()
    for plan in reg.plans:
        area_rows: list[tuple[Series, Point]] = []
        comparison_rows: list[tuple[Series, Point]] = []
        survey_rows: list[tuple[Series, Point]] = []
        for series in _series_for_plan(plan, reg, seen):
            kind = series.indicator.source_kind
            if kind == "lokal":
                local_series.append(series)
                continue
            target = (
                survey_rows
                if kind == "tryghed"
                else (area_rows if series.role == "omraade" else comparison_rows)
            )
            target += [
                (series, p)
                for p in _points(series)
                if (series.indicator.code, p.geo_code, str(p.year)) not in given
            ]
        if area_rows:
            files.append(out_dir / f"{plan.id}-lbf-omraader.csv")
            write_lbf_long(files[-1], area_rows)
        if comparison_rows:
            files.append(out_dir / f"{plan.id}-lbf-kommune.xlsx")
            write_lbf_wide_xlsx(files[-1], f"LBF boligsociale data: {plan.name}", comparison_rows)
        if survey_rows:
            files.append(out_dir / f"{plan.id}-tryghed.csv")
            write_tryghed(files[-1], survey_rows)
    lokal = _lokal_rows(local_series, given)
    if lokal:
        files.append(out_dir / "lokale-optaellinger.csv")
        write_lokal(files[-1], lokal)
    return files


def _lokal_rows(
    series_list: list[Series], given: set[tuple[str, str, str]] | None = None
) -> list[tuple[str, str, str, int | None, str, bool, str]]:
    """Invented local counts, each marked as such in its note; none for a year a seed gives
    (data/seed_figures/, loaded before these)."""
    given = given or set()
    rows = []
    done: set[tuple[str, str]] = set()
    for s in series_list:
        if (s.indicator.code, s.geo_code) in done:
            continue
        done.add((s.indicator.code, s.geo_code))
        rng = _rng("lokal", s.indicator.code, s.geo_code)
        source = s.indicator.source or "Boligorganisationen"
        for year in range(FIRST_YEAR, LAST_YEAR):
            if (s.indicator.code, s.geo_code, str(year)) in given:
                continue
            count = max(0, round(s.anchor_value + rng.gauss(0, 1.5)))
            rows.append((s.indicator.name, s.geo_code, str(year), count, source, False, INVENTED))
        # The running year is reported by quarter and is not complete yet.
        for quarter in (1, 2, 3):
            rows.append(
                (
                    s.indicator.name,
                    s.geo_code,
                    f"{LAST_YEAR}-K{quarter}",
                    rng.randint(0, 2),
                    source,
                    False,
                    INVENTED,
                )
            )
    return rows


class NotADemoDatabase(RuntimeError):
    """`demo` was pointed at a database with real content."""


def build_demo(db_path: Path, registry_dir: Path | None = None, force: bool = False) -> Path:
    """Build the demo database at `db_path` from the registries and generated files.

    Built in a temporary file and moved into place, so a failed build leaves no half database.
    An existing file is replaced (with `force`) only when it is itself a demo database: real
    follow-ups and an audit log are never thrown away by a demo command.
    """
    from etl.demo_year import build_lived_years
    from etl.load import import_file
    from etl.seed_figures import load_seed_figures, seed_points
    from monitor.auth import User, create_demo_users
    from monitor.db import database_kind, mark_database

    if db_path.exists():
        with connect(db_path, read_only=True) as existing:
            kind = _kind_of(existing, database_kind)
        if kind not in ("demo", "new"):
            raise NotADemoDatabase(
                f"{db_path} er ikke en demodatabase, så demo bygger den ikke forfra. "
                "Vælg en anden fil med --db."
            )
        if not force:
            print(f"Demodatabasen findes allerede: {db_path} (--force bygger den forfra)")
            return db_path
    registry = load_registry(registry_dir or config.REGISTRY_DIR)
    files_dir = db_path.parent / "demo"
    fd, tmp_name = tempfile.mkstemp(suffix=".duckdb", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    # The demo's writers are its own demo users, logged in as the pages would have them.
    admin = User("admin", "administrator", demo=True)
    redaktor = User("redaktør", "redaktør", demo=True)
    try:
        with connect(tmp) as conn:
            mark_database(conn, "demo")
            create_demo_users(conn)
            write_registry(conn, registry, admin)
            # The seeds' own figures first, through the same import as `etl init`; the demo
            # invents values only where no seed gives one, and marks them as invented.
            for report in load_seed_figures(conn, redaktor, registry_dir):
                print(f"Indlæst {report.file_name}: {report.values_loaded} værdier (seedtal)")
            files = write_demo_files(registry, files_dir, given=seed_points(conn))
            for path in files:
                report = import_file(conn, path, file_name=path.name, user=redaktor)
                if report.errors:
                    problems = "\n".join(str(p) for p in report.errors[:20])
                    raise RuntimeError(f"demodata {path.name} kunne ikke indlæses:\n{problems}")
                print(f"Indlæst {path.name}: {report.values_loaded} værdier ({report.kind})")
            build_lived_years(conn, redaktor, files_dir)
            print("Opfølgninger, bestyrelsesmøder og noter for Vejleåparken er skrevet")
        tmp.replace(db_path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    print(f"Demodatabasen er bygget: {db_path}")
    return db_path


def _kind_of(conn: object, database_kind: object) -> str:
    """The kind of an existing file; a file from before database kinds is judged by its
    demo users table (read-only: an old file cannot be migrated here)."""
    try:
        return database_kind(conn)  # type: ignore[operator]
    except Exception:  # noqa: BLE001 - an older schema without database_meta
        try:
            n = conn.execute("select count(*) from demo_user").fetchone()[0]  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            return "production"
        return "demo" if n else "production"
