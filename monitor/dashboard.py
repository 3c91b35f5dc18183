"""What the dashboard pages show, computed from plain frames (no Streamlit here).

The pages read widgets, call these functions and draw the result; tests call them directly.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor import stats
from monitor.charts import ChartBaseline, ChartTarget, indicator_figure
from monitor.fmt import fmt_change, fmt_number, fmt_value
from monitor.fmt import is_missing as _missing
from monitor.overview import Reading
from monitor.status import Status

INDSATSOMRAADER = (
    "Uddannelse og livschancer",
    "Beskæftigelse",
    "Kriminalitetsforebyggelse",
    "Sammenhængskraft og medborgerskab",
)
ROLE_ORDER = {"omraade": 0, "kommune": 1, "almene_kommune": 2, "sammenligning": 3, "landsplan": 4}
ROLE_LABELS = {
    "omraade": "Boligområde",
    "kommune": "Kommune",
    "almene_kommune": "Almene boliger i kommunen",
    "sammenligning": "Sammenligning",
    "landsplan": "Landsplan",
}
DIRECTION_LABELS = {"higher": "højere er bedre", "lower": "lavere er bedre"}


def plan_years(
    period_start: object, series: pd.DataFrame, baseline_years: Sequence[int] = ()
) -> list[int]:
    """Years the Overblik can be judged at: from the earliest baseline year (or the year before
    the plan) to the newest data."""
    start = min([pd.Timestamp(period_start).year - 1, *[int(y) for y in baseline_years]])
    newest = int(series["year"].max()) if not series.empty else start
    return list(range(start, max(start, newest) + 1))


def default_year(series: pd.DataFrame, fallback: int) -> int:
    """The newest year with a full (not partial) figure, so the board sees settled numbers."""
    if series.empty:
        return fallback
    full = series[~series["partial"].fillna(False).astype(bool)] if "partial" in series else series
    full = full[full["value"].notna()]
    return int(full["year"].max()) if not full.empty else fallback


def reading_text(reading: Reading, unit: str) -> str:
    """'88,4 % (2019)', '3 (2024, usikker)' or '–' when there is no figure."""
    if reading is None or reading.value is None:
        return "–" if reading is None or reading.year is None else f"– ({reading.year})"
    extra = [str(reading.year)] if reading.year is not None else []
    if reading.uncertain:
        extra.append("usikker")
    if reading.from_data:
        extra.append("fra data")
    suffix = f" ({', '.join(extra)})" if extra else ""
    return f"{fmt_value(reading.value, unit)}{suffix}"


def interval_text(reading: Reading, unit: str) -> str:
    """'usikkerhed 84,7–91,4 %' for the hover/help line, '' without an interval."""
    if reading is None or reading.interval is None:
        return ""
    low, high = reading.interval
    return f"{fmt_value(low, unit)} – {fmt_value(high, unit)}"


def status_text(status: Status) -> str:
    """A status as symbol and word, never by colour alone."""
    return f"{status.symbol} {status.label}"


GAP_TEXT = {
    "closing": "udvikler sig bedre end sammenligningen",
    "widening": "udvikler sig dårligere end sammenligningen",
    "unchanged": "samme udvikling som sammenligningen",
}


def overview_display(ov: pd.DataFrame) -> pd.DataFrame:
    """The Overblik as display strings in Danish, one row per goal indicator."""
    rows = []
    for r in ov.to_dict("records"):
        status: Status = r["status"]
        if not r.get("has_indicator", True):
            rows.append(
                {
                    "indsatsomraade": r["indsatsomraade"],
                    "goal_id": r["goal_id"],
                    "kind": r["kind"],
                    "Mål": r["goal"],
                    "Indikator": "ingen indikator fastsat",
                    "Geografi": "",
                    "Baseline": "–",
                    "Seneste": "–",
                    "Sammenligning": "",
                    "Sammenligning baseline": "–",
                    "Sammenligning seneste": "–",
                    "Ændring": "–",
                    "Afstand til sammenligning": "–",
                    "Målsætning": "",
                    "Status": status_text(status),
                    "status": status,
                    "sparkline": [],
                    "indicator_code": None,
                }
            )
            continue
        unit = r["unit"]
        gap = r.get("gap_change")
        gap_text = "–" if _missing(gap) else fmt_change(gap, unit)
        assessment = r.get("gap_assessment")
        if assessment and not _missing(gap):
            label = GAP_TEXT.get(getattr(assessment, "value", str(assessment)), str(assessment))
            gap_text = f"{gap_text} ({label})"
        target = r.get("target_text")
        target = "" if _missing(target) or not target else str(target)
        met = r.get("target_met")
        if target and met is not None and not _missing(met):
            target += " – nået" if met else " – ikke nået"
        rows.append(
            {
                "indsatsomraade": r["indsatsomraade"],
                "goal_id": r["goal_id"],
                "kind": r["kind"],
                "Mål": r["goal"],
                "Indikator": r["indicator_name"],
                "Geografi": r["geo_name"],
                "Baseline": reading_text(r["baseline"], unit),
                "Seneste": reading_text(r["latest"], unit),
                "Sammenligning": ""
                if _missing(r.get("comparator_name"))
                else str(r.get("comparator_name") or ""),
                "Sammenligning baseline": reading_text(r["comparator_baseline"], unit),
                "Sammenligning seneste": reading_text(r["comparator_latest"], unit),
                "Ændring": "–" if _missing(r.get("change")) else fmt_change(r["change"], unit),
                "Afstand til sammenligning": gap_text,
                "Målsætning": target,
                "Status": status_text(status),
                "status": status,
                "sparkline": r.get("sparkline") or [],
                "indicator_code": r["indicator_code"],
                "direction": DIRECTION_LABELS.get(r["direction"], ""),
                "usikkerhed": interval_text(r["latest"], unit),
            }
        )
    return pd.DataFrame(rows)


def status_counts(ov: pd.DataFrame) -> dict[Status, int]:
    """How many indicators have each status (for the headline of the Overblik)."""
    counts = {s: 0 for s in Status}
    for s in ov.get("status", []):
        counts[s] += 1
    return counts


def sparkline_svg(values: Sequence[float | None], width: int = 120, height: int = 28) -> str:
    """A small inline SVG line; prints and projects as crisp as text."""
    points = [(i, v) for i, v in enumerate(values) if v is not None and not _missing(v)]
    if len(points) < 2:
        return ""
    lo = min(v for _, v in points)
    hi = max(v for _, v in points)
    span = (hi - lo) or 1.0
    step = (width - 6) / max(len(values) - 1, 1)
    coords = [(3 + i * step, height - 3 - (v - lo) / span * (height - 6)) for i, v in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    last_x, last_y = coords[-1]
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="udvikling">'
        f'<polyline points="{path}" fill="none" stroke="#0072B2" stroke-width="2"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="#0072B2"/></svg>'
    )


OVERVIEW_COLUMNS = (
    "Indikator",
    "Baseline",
    "Seneste",
    "Sammenligning",
    "Ændring",
    "Afstand til sammenligning",
    "Målsætning",
    "Status",
    "Udvikling",
)
KIND_LABELS = {"maal": "Mål", "delmaal": "Delmål"}

OVERVIEW_CSS = """
<style>
table.ovw {border-collapse: collapse; width: 100%; font-size: 1rem; margin-bottom: 1.2rem;}
table.ovw th {text-align: left; border-bottom: 2px solid #333; padding: 4px 6px;}
table.ovw td {border-bottom: 1px solid #ccc; padding: 4px 6px; vertical-align: top;}
table.ovw tr.goal td {background: #f2f2f2; font-weight: 600; border-bottom: 1px solid #999;}
table.ovw .status {white-space: nowrap; font-weight: 600;}
table.ovw .small {color: #444; font-size: 0.85rem;}
@media print { table.ovw {font-size: 10pt;} }
</style>
"""


def overview_html(display: pd.DataFrame, indsatsomraade: str) -> str:
    """One indsatsområde of the Overblik as an HTML table (all user text escaped).

    An HTML table rather than a canvas grid: it prints, projects and reads like a document.
    """
    rows = display[display["indsatsomraade"] == indsatsomraade]
    e = html.escape
    out = ['<table class="ovw"><thead><tr>']
    out += [f"<th>{e(c)}</th>" for c in OVERVIEW_COLUMNS]
    out.append("</tr></thead><tbody>")
    for _, goal_rows in rows.groupby("goal_id", sort=False):
        first = goal_rows.iloc[0]
        out.append(
            f'<tr class="goal"><td colspan="{len(OVERVIEW_COLUMNS)}">'
            f"{e(KIND_LABELS.get(first['kind'], ''))}: {e(first['Mål'])}</td></tr>"
        )
        for r in goal_rows.to_dict("records"):
            status: Status = r["status"]
            comparator = ""
            if r["Sammenligning"]:
                comparator = (
                    f"{e(r['Sammenligning'])}<br><span class='small'>"
                    f"{e(r['Sammenligning baseline'])} → {e(r['Sammenligning seneste'])}</span>"
                )
            indicator = e(r["Indikator"])
            details = [
                x for x in (r.get("Geografi"), r.get("direction")) if isinstance(x, str) and x
            ]
            if details:
                indicator += f"<br><span class='small'>{e(' · '.join(details))}</span>"
            latest = e(r["Seneste"])
            if isinstance(r.get("usikkerhed"), str) and r["usikkerhed"]:
                latest += f"<br><span class='small'>usikkerhed {e(r['usikkerhed'])}</span>"
            cells = [
                indicator,
                e(r["Baseline"]),
                latest,
                comparator,
                e(r["Ændring"]),
                e(r["Afstand til sammenligning"]),
                e(r["Målsætning"]),
                f'<span class="status" style="color:{status.colour}">{e(r["Status"])}</span>',
                sparkline_svg(r["sparkline"]),
            ]
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# --- Indikator page -------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorMeta:
    """What the Indikator page needs to know about one goal indicator."""

    code: str
    name: str
    unit: str
    direction: str
    source_kind: str
    geo_code: str


def with_intervals(series: pd.DataFrame, unit: str, source_kind: str) -> pd.DataFrame:
    """Add low/high uncertainty bounds per figure (Wilson, binomial or Poisson by kind)."""
    frame = series.copy()
    lows, highs = [], []
    for r in frame.to_dict("records"):
        interval = None
        if not r.get("suppressed") and not _missing(r.get("value")):
            numerator = None if _missing(r.get("numerator")) else r["numerator"]
            denominator = None if _missing(r.get("denominator")) else r["denominator"]
            respondents = None
            if source_kind == "tryghed":
                respondents, denominator = denominator, None
            interval = stats.interval_for(
                unit, float(r["value"]), numerator, denominator, respondents, source_kind
            )
        lows.append(None if interval is None else interval[0])
        highs.append(None if interval is None else interval[1])
    frame["low"] = pd.array(lows, dtype="Float64")
    frame["high"] = pd.array(highs, dtype="Float64")
    return frame


def chart_frame(series: pd.DataFrame, meta: IndicatorMeta) -> pd.DataFrame:
    """The figures of one indicator for the chart: the area first, then its comparators."""
    own = series[series["indicator_code"] == meta.code].copy()
    own.loc[own["geo_code"] == meta.geo_code, "role"] = "omraade"
    # Other areas of the plan are drawn by the Sammenlign page, not here.
    own = own[(own["role"] != "omraade") | (own["geo_code"] == meta.geo_code)]
    own = own[own["period"].astype(str).str.fullmatch(r"\d{4}")]
    own = own.assign(_order=own["role"].map(ROLE_ORDER).fillna(9)).sort_values(["_order", "year"])
    return with_intervals(own.drop(columns="_order"), meta.unit, meta.source_kind)


def indicator_chart(
    chart: pd.DataFrame,
    meta: IndicatorMeta,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    kommune_plans: pd.DataFrame,
    *,
    goal_id: str | None = None,
    notes: pd.DataFrame | None = None,
) -> go.Figure:
    """The Indikator page's chart of one indicator; the meeting pack draws the same figure.

    `chart` is `chart_frame`'s output; `baselines`, `targets` and `kommune_plans` are the
    `plan_baselines_detail`, `plan_targets` and `plans_in_kommune` queries. `goal_id` narrows
    baseline and target to one goal (the pack shows an indicator under each of its goals; the
    page takes the first match). `notes` is `note_points`' frame, drawn as numbered markers.
    """
    own_baseline = baselines[
        (baselines["indicator_code"] == meta.code)
        & (baselines["area_code"] == meta.geo_code)
        & (baselines["geo_code"] == meta.geo_code)
        & (baselines["role"] == "omraade")
        & baselines["value"].notna()
    ]
    own_target = targets[
        (targets["indicator_code"] == meta.code) & (targets["geo_code"] == meta.geo_code)
    ]
    if goal_id is not None:
        own_baseline = own_baseline[own_baseline["goal_id"] == goal_id]
        own_target = own_target[own_target["goal_id"] == goal_id]
    baseline = None
    if not own_baseline.empty and pd.notna(own_baseline["year"].iloc[0]):
        b = own_baseline.iloc[0]
        label = fmt_value(b["value"], meta.unit)
        baseline = ChartBaseline(int(b["year"]), float(b["value"]), label)
    target = None
    if not own_target.empty and pd.notna(own_target["threshold"].iloc[0]):
        t = own_target.iloc[0]
        target = ChartTarget(t["kind"], float(t["threshold"]), t["text"])
    return indicator_figure(
        chart,
        meta.unit,
        baseline=baseline,
        target=target,
        periods=plan_periods(kommune_plans),
        notes=notes,
    )


def note_points(chart: pd.DataFrame, meta: IndicatorMeta, notes: pd.DataFrame) -> pd.DataFrame:
    """Notes on data points (the `note_list` query) as numbered chart markers.

    One row per note with a year, in the query's order: year, y (the area's figure that year,
    0 when it has none), label ("1", "2", ...) and text ("1) 2020: ... (author)"), the line the
    meeting pack prints under the chart.
    """
    dated = notes[notes["year"].notna()] if not notes.empty else notes
    own = chart[chart["geo_code"] == meta.geo_code]
    own = own[own["value"].notna() & ~own["suppressed"].fillna(False).astype(bool)]
    at = dict(zip(own["year"].astype(int), own["value"].astype(float), strict=True))
    rows = [
        {
            "year": int(n["year"]),
            "y": at.get(int(n["year"]), 0.0),
            "label": str(i),
            "text": f"{i}) {n['period']}: {n['text']} ({n['author']})",
        }
        for i, n in enumerate(dated.to_dict("records"), start=1)
    ]
    return pd.DataFrame(rows, columns=["year", "y", "label", "text"])


def figures_table(
    chart: pd.DataFrame, batches: pd.DataFrame, unit: str, source: str | None
) -> pd.DataFrame:
    """The table under the chart: every figure with count, denominator, flags and lineage."""
    lineage = batches.set_index("batch_id") if not batches.empty else batches
    rows = []
    for r in chart.to_dict("records"):
        batch = None
        if not _missing(r.get("batch_id")) and not lineage.empty and r["batch_id"] in lineage.index:
            batch = lineage.loc[r["batch_id"]]
        if r.get("suppressed"):
            below = r.get("suppressed_below")
            value = f"diskretioneret (<{int(below)})" if not _missing(below) else "diskretioneret"
        else:
            value = fmt_value(None if _missing(r.get("value")) else r["value"], unit)
        flags = []
        if r.get("uncertain"):
            flags.append("usikker")
        if r.get("partial"):
            flags.append("delvist år")
        if r.get("incomplete"):
            flags.append("ufuldstændig")
        interval = ""
        if not _missing(r.get("low")) and not _missing(r.get("high")):
            interval = f"{fmt_value(float(r['low']), unit)} – {fmt_value(float(r['high']), unit)}"
        rows.append(
            {
                "Geografi": r["geo_name"],
                "Rolle": ROLE_LABELS.get(r["role"], r["role"]),
                "Periode": str(r["period"]),
                "Værdi": value,
                "Tæller": "" if _missing(r.get("numerator")) else fmt_number(r["numerator"]),
                "Nævner": "" if _missing(r.get("denominator")) else fmt_number(r["denominator"]),
                "Usikkerhed (95 %)": interval,
                "Markering": ", ".join(flags),
                "Undersøgelse": r.get("survey") or "",
                "Kilde": source or "",
                "Importfil": "" if batch is None else str(batch["file_name"]),
                "Importeret": ""
                if batch is None
                else pd.Timestamp(batch["imported_at"]).strftime("%d.%m.%Y %H:%M"),
                "SHA-256": "" if batch is None else str(batch["sha256"])[:12],
            }
        )
    return pd.DataFrame(rows)


def figures_export(chart: pd.DataFrame, batches: pd.DataFrame, meta: IndicatorMeta) -> pd.DataFrame:
    """The same figures as plain numbers for CSV/Excel (machine-readable, full SHA-256)."""
    lineage = batches.set_index("batch_id") if not batches.empty else batches
    out = pd.DataFrame(
        {
            "indicator_code": meta.code,
            "geo_code": chart["geo_code"],
            "geo_name": chart["geo_name"],
            "role": chart["role"],
            "period": chart["period"].astype(str),
            "value": chart["value"],
            "numerator": chart["numerator"],
            "denominator": chart["denominator"],
            "low": chart["low"],
            "high": chart["high"],
            "suppressed": chart["suppressed"].astype(bool),
            "uncertain": chart["uncertain"].astype(bool),
            "partial": chart["partial"].fillna(False).astype(bool),
            "survey": chart["survey"],
        }
    )
    if lineage.empty:
        out["file_name"] = None
        out["batch_sha256"] = None
    else:
        out["file_name"] = chart["batch_id"].map(lineage["file_name"]).values
        out["batch_sha256"] = chart["batch_id"].map(lineage["sha256"]).values
    return out.reset_index(drop=True)


# --- Sammenlign page ------------------------------------------------------------------------


def areas_side_by_side(
    series: pd.DataFrame, indicator_code: str, areas: pd.DataFrame
) -> pd.DataFrame:
    """One indicator for each of the plan's boligområder (and the kommune), for one chart."""
    own = series[series["indicator_code"] == indicator_code]
    own = own[own["period"].astype(str).str.fullmatch(r"\d{4}")]
    area_codes = list(areas["geo_code"])
    picked = own[own["geo_code"].isin(area_codes) | own["role"].isin(["kommune", "landsplan"])]
    picked = picked.copy()
    picked.loc[picked["geo_code"].isin(area_codes), "role"] = "omraade"
    return picked.sort_values(["geo_code", "year"])


def indexed_to_baseline(
    series: pd.DataFrame,
    goal_indicators: pd.DataFrame,
    geo_code: str,
    kommune_code: str,
    baseline_years: dict[str, int],
) -> pd.DataFrame:
    """Each indicator of one area as (area / kommune), indexed to 100 in its baseline year.

    Above 100 means the area moved up relative to its kommune since the baseline; whether that
    is good depends on the indicator's direction, which the result carries.
    """
    rows = []
    indicators = goal_indicators.dropna(subset=["indicator_code"])
    indicators = indicators[indicators["geo_code"] == geo_code].drop_duplicates("indicator_code")
    for ind in indicators.to_dict("records"):
        code = ind["indicator_code"]
        own = series[(series["indicator_code"] == code) & ~series["suppressed"].astype(bool)]
        own = own[own["period"].astype(str).str.fullmatch(r"\d{4}")]
        area = own[own["geo_code"] == geo_code].set_index("year")["value"]
        kommune = own[own["geo_code"] == kommune_code].set_index("year")["value"]
        relative = (area / kommune).dropna()
        relative = relative[relative.index.notna()]
        if relative.empty:
            continue
        base_year = baseline_years.get(code)
        if base_year not in relative.index:
            base_year = int(relative.index.min())
        base = relative.loc[base_year]
        if not base:
            continue
        for year, value in relative.items():
            rows.append(
                {
                    "indicator_code": code,
                    "indicator_name": ind["indicator_name"],
                    "direction": ind["direction"],
                    "year": int(year),
                    "index": float(value / base * 100),
                    "baseline_year": base_year,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["indicator_code", "indicator_name", "direction", "year", "index", "baseline_year"],
    )


def filter_goal_indicators(
    goal_indicators: pd.DataFrame,
    *,
    indsatsomraade: str | None,
    area: str | None,
    members: pd.DataFrame,
) -> pd.DataFrame:
    """The goal indicators shown for one indsatsområde and one boligområde (None = all).

    An indicator followed for an afdeling belongs to the boligområde the afdeling is part of.
    """
    rows = goal_indicators
    if indsatsomraade:
        rows = rows[rows["indsatsomraade"] == indsatsomraade]
    if area:
        inside = {area} | set(members.loc[members["area_code"] == area, "member_code"])
        rows = rows[rows["geo_code"].isin(inside) | rows["geo_code"].isna()]
    return rows


def indicator_choices(goal_indicators: pd.DataFrame) -> dict[str, str]:
    """Selectbox options for the plan's indicators: 'CODE@GEO' -> 'Name – Geography'."""
    choices: dict[str, str] = {}
    for r in goal_indicators.dropna(subset=["indicator_code"]).to_dict("records"):
        key = f"{r['indicator_code']}@{r['geo_code']}"
        choices.setdefault(key, f"{r['indicator_name']} – {r['geo_name']}")
    return choices


def plan_periods(plans: pd.DataFrame) -> list[tuple[str, float, float]]:
    """Plan periods as (label, start, end) in fractional years, for shading a chart."""
    out = []
    for p in plans.to_dict("records"):
        start, end = pd.Timestamp(p["period_start"]), pd.Timestamp(p["period_end"])
        out.append(
            (
                f"{start.year}–{str(end.year)[-2:]}",
                start.year + (start.day_of_year - 1) / 365.25,
                end.year + (end.day_of_year - 1) / 365.25,
            )
        )
    return out
