"""What the dashboard pages show, computed from plain frames (no Streamlit here).

The pages read widgets, call these functions and draw the result; tests call them directly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor import stats
from monitor.charts import (
    ChartBaseline,
    ChartTarget,
    indicator_figure,
    is_partial_year,
    mark_breaks,
    partial_label,
)
from monitor.fmt import NBSP, fmt_change, fmt_number, fmt_value
from monitor.fmt import is_missing as _missing
from monitor.overview import Reading, overview, target_text
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
    """'88,4 % (2019)', '3 (2024, usikker)', '46,9 % (2020, fra data, mangler afdelinger)' or
    '–' when there is no figure."""
    if reading is None or reading.value is None:
        return "–" if reading is None or reading.year is None else f"– ({reading.year})"
    extra = [str(reading.year)] if reading.year is not None else []
    if reading.uncertain:
        extra.append("usikker")
    if reading.from_data:
        extra.append("fra data")
    if getattr(reading, "incomplete", False):
        extra.append("mangler afdelinger")
    suffix = f" ({', '.join(extra)})" if extra else ""
    return f"{fmt_value(reading.value, unit)}{suffix}"


def interval_text(reading: Reading, unit: str) -> str:
    """'usikkerhed 84,7–91,4 %' for the hover/help line, '' without an interval."""
    if reading is None or reading.interval is None:
        return ""
    low, high = reading.interval
    return f"{fmt_value(low, unit)} – {fmt_value(high, unit)}"


def change_interval_text(low: float | None, high: float | None, unit: str) -> str:
    """'95 %: +0,8 til +5,4 pct.-point' for a change's interval, '' without one."""
    if _missing(low) or _missing(high):
        return ""
    text = f"{fmt_change(low, _plain(unit))} til {fmt_change(high, _plain(unit))}"
    return f"95 %: {text}{NBSP}pct.-point" if unit == "andel" else f"95 %: {text}"


def _plain(unit: str) -> str:
    """The unit whose fmt_change has the right decimals and no unit word."""
    return "antal" if unit == "antal" else "gennemsnit"


def status_text(status: Status) -> str:
    """A status as symbol and word, never by colour alone."""
    return f"{status.symbol} {status.label}"


GAP_TEXT = {
    "closing": "udvikler sig bedre end sammenligningen",
    "widening": "udvikler sig dårligere end sammenligningen",
    "unchanged": "samme udvikling inden for usikkerheden",
    "unknown": "usikkerhed ukendt",
}


# How the gap moved, short enough for a cell under its figure (the CSV keeps GAP_TEXT).
GAP_SHORT = {
    "closing": "bedre udvikling",
    "widening": "dårligere udvikling",
    "unchanged": "samme udvikling",
    "unknown": "usikkerhed ukendt",
}


# Columns of the Overblik's display frame that only drawing uses (the CSV leaves them out: the
# status word, the sparkline's values, the gap split for its cell).
DISPLAY_ONLY = ("status", "sparkline", "Afstand", "Afstand vurdering")


def overview_display(ov: pd.DataFrame) -> pd.DataFrame:
    """The Overblik as display strings in Danish, one row per goal indicator, with the
    'Sådan er status beregnet' paragraph as `Forklaring`."""
    rows = []
    for r in ov.to_dict("records"):
        status: Status = r["status"]
        explanation = r.get("explanation")
        explanation = "" if _missing(explanation) or not explanation else str(explanation)
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
                    "Ændring usikkerhed": "",
                    "Afstand til sammenligning": "–",
                    "Afstand": "–",
                    "Afstand vurdering": "",
                    "Målsætning": "",
                    "Status": status_text(status),
                    "Forklaring": explanation,
                    "status": status,
                    "sparkline": [],
                    "indicator_code": None,
                }
            )
            continue
        unit = r["unit"]
        gap = r.get("gap_change")
        gap_value = gap_text = "–" if _missing(gap) else fmt_change(gap, unit)
        gap_short = ""
        assessment = r.get("gap_assessment")
        if assessment and not _missing(gap):
            code = getattr(assessment, "value", str(assessment))
            gap_text = f"{gap_text} ({GAP_TEXT.get(code, str(assessment))})"
            gap_short = GAP_SHORT.get(code, str(assessment))
        target = r.get("target_text")
        target = "" if _missing(target) or not target else str(target)
        judged = r.get("target")
        if target and judged is not None and not _missing(judged):
            target += f" – {target_text(judged)}"
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
                "Ændring usikkerhed": change_interval_text(
                    r.get("change_low"), r.get("change_high"), unit
                )
                if not _missing(r.get("change"))
                else "",
                "Afstand til sammenligning": gap_text,
                "Afstand": gap_value,
                "Afstand vurdering": gap_short,
                "Målsætning": target,
                "Status": status_text(status),
                "Forklaring": explanation,
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


# The figures' columns, each with its CSS class; the indicator's name is a row of its own above
# its figures (two-line rows): a long name then takes the table's width instead of wrapping to
# eight lines in a narrow first column, and every row of a mål fits a projector's screen.
OVERVIEW_COLUMNS = (
    ("Baseline", "c-baseline"),
    ("Seneste", "c-latest"),
    ("Ændring", "c-change"),
    ("Sammenligning", "c-comparator"),
    ("Afstand til sammenligning", "c-gap"),
    ("Målsætning", "c-target"),
    ("Status", "c-status"),
    ("Udvikling", "c-spark"),
)
KIND_LABELS = {"maal": "Mål", "delmaal": "Delmål"}

# The status words as text: Status.colour is the Okabe-Ito hue (charts, symbols), but as text on
# white the bluish green, the vermillion and the reddish purple fall below WCAG's 4.5:1. Each is
# shown in the same hue darkened to at least 4.6:1 on the goal rows' grey (5.2:1 on white); the
# accessibility test catches a status whose colour fails.
STATUS_TEXT_COLOURS = {
    Status.BEDRE: "#007B5A",
    Status.UAENDRET: "#0072B2",
    Status.DAARLIGERE: "#B34F00",
    Status.USIKKERHED_UKENDT: "#975A7C",
    Status.FOR_FAA_DATA: "#000000",
    Status.INGEN_INDIKATOR: "#595959",
}


def status_class(status: Status) -> str:
    """The CSS class that colours a status word."""
    return f"st-{status.name.lower().replace('_', '-')}"


OVERVIEW_CSS = (
    """
<style>
table.ovw {border-collapse: collapse; width: 100%; font-size: 1rem; margin-bottom: 1.2rem;
  color: #1a1a1a; background: #ffffff;}
table.ovw th {text-align: left; border-bottom: 2px solid #333; padding: 4px 6px;
  font-weight: 600;}
table.ovw td {padding: 2px 6px 6px 6px; vertical-align: top;}
table.ovw tr.goal td {background: #f2f2f2; font-weight: 600; border-bottom: 1px solid #999;
  padding: 4px 6px;}
table.ovw tr.ind td {padding: 6px 6px 0 6px; font-weight: 600;}
table.ovw tr.ind .small {font-weight: 400; margin-left: 0.5rem; white-space: nowrap;
  display: inline-block;}
table.ovw tr.fig td {border-bottom: 1px solid #ccc;}
table.ovw .num {white-space: nowrap;}
table.ovw .status {white-space: nowrap; font-weight: 600;}
table.ovw details {white-space: nowrap;}
table.ovw .small {color: #444; font-size: 0.85rem;}
table.ovw .c-spark {width: 1%;}
/* A projector (1280 px with the sidebar): the sparkline and the intervals give way (they stay
   one click away, in "Sådan er status beregnet" and on the Indikator page). */
@media (max-width: 1360px) {
  table.ovw .c-spark {display: none;}
  table.ovw .interval {display: none;}
  table.ovw th, table.ovw td {padding-left: 4px; padding-right: 4px;}
}
@media print { table.ovw {font-size: 10pt;} }
"""
    + "".join(
        f"table.ovw .status.{status_class(s)} {{color: {c};}}\n"
        for s, c in STATUS_TEXT_COLOURS.items()
    )
    + "</style>\n"
)


def _reading_cell(text: str) -> str:
    """'88,4 % (2019, fra data)' as the figure on one line and its year and notes under it."""
    e = html.escape
    found = re.fullmatch(r"(.*?) \((.*)\)", text)
    if not found:
        return f"<span class='num'>{e(text)}</span>"
    return f"<span class='num'>{e(found[1])}</span><br><span class='small'>{e(found[2])}</span>"


def overview_html(display: pd.DataFrame, indsatsomraade: str) -> str:
    """One indsatsområde of the Overblik as an HTML table (all user text escaped).

    An HTML table rather than a canvas grid: it prints, projects and reads like a document. A
    column no row of this table fills (often Målsætning) is left out."""
    rows = display[display["indsatsomraade"] == indsatsomraade]
    e = html.escape
    has_target = bool(rows.get("Målsætning", pd.Series(dtype=str)).fillna("").astype(bool).any())
    has_comparator = bool(
        rows.get("Sammenligning", pd.Series(dtype=str)).fillna("").astype(bool).any()
    )
    columns = [
        (name, css)
        for name, css in OVERVIEW_COLUMNS
        if (css != "c-target" or has_target)
        and (css not in ("c-comparator", "c-gap") or has_comparator)
    ]
    out = ['<table class="ovw"><thead><tr>']
    out += [f'<th scope="col" class="{css}">{e(name)}</th>' for name, css in columns]
    out.append("</tr></thead><tbody>")
    for _, goal_rows in rows.groupby("goal_id", sort=False):
        first = goal_rows.iloc[0]
        out.append(
            f'<tr class="goal"><td colspan="{len(columns)}">'
            f"{e(KIND_LABELS.get(first['kind'], ''))}: {e(first['Mål'])}</td></tr>"
        )
        for r in goal_rows.to_dict("records"):
            status: Status = r["status"]
            indicator = e(r["Indikator"])
            details = [
                x for x in (r.get("Geografi"), r.get("direction")) if isinstance(x, str) and x
            ]
            if details:
                indicator += f"<span class='small'>{e(' · '.join(details))}</span>"
            out.append(f'<tr class="ind"><td colspan="{len(columns)}">{indicator}</td></tr>')

            latest = _reading_cell(r["Seneste"])
            if isinstance(r.get("usikkerhed"), str) and r["usikkerhed"]:
                latest += f"<br><span class='small interval'>usikkerhed {e(r['usikkerhed'])}</span>"
            moved = f"<span class='num'>{e(r['Ændring'])}</span>"
            if isinstance(r.get("Ændring usikkerhed"), str) and r["Ændring usikkerhed"]:
                moved += f"<br><span class='small interval'>{e(r['Ændring usikkerhed'])}</span>"
            comparator = ""
            if r["Sammenligning"]:
                comparator = (
                    f"{e(r['Sammenligning'])}<br><span class='small num'>"
                    f"{e(_figure_only(r['Sammenligning baseline'], r['Baseline']))} → "
                    f"{e(_figure_only(r['Sammenligning seneste'], r['Seneste']))}</span>"
                )
            gap_value = r.get("Afstand")
            if not isinstance(gap_value, str):
                gap_value = r["Afstand til sammenligning"]
            gap = f"<span class='num'>{e(gap_value)}</span>"
            if isinstance(r.get("Afstand vurdering"), str) and r["Afstand vurdering"]:
                gap += f"<br><span class='small'>{e(r['Afstand vurdering'])}</span>"
            verdict = f'<span class="status {status_class(status)}">{e(r["Status"])}</span>'
            if isinstance(r.get("Forklaring"), str) and r["Forklaring"]:
                verdict += (
                    "<details class='small'><summary>Sådan er status beregnet</summary>"
                    f"{e(r['Forklaring'])}</details>"
                )
            cells = {
                "c-baseline": _reading_cell(r["Baseline"]),
                "c-latest": latest,
                "c-change": moved,
                "c-comparator": comparator,
                "c-gap": gap,
                "c-target": e(r["Målsætning"]),
                "c-status": verdict,
                "c-spark": sparkline_svg(r["sparkline"], width=100),
            }
            out.append(
                '<tr class="fig">'
                + "".join(f'<td class="{css}">{cells[css]}</td>' for _, css in columns)
                + "</tr>"
            )
    out.append("</tbody></table>")
    return "".join(out)


def _figure_only(text: str, area_text: str) -> str:
    """'90,2 % (2019)' -> '90,2 %' when the area's figure is for the same year (said once, in
    its own column); a comparator figure for another year, or with a note, keeps its own."""
    year = re.fullmatch(r".*? \((\d{4})\)", text)
    area_year = re.fullmatch(r".*? \((\d{4})[,)].*", area_text)
    if year and area_year and year[1] == area_year[1]:
        return text[: year.start(1) - 2]
    return text


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
    """Add low/high uncertainty bounds per figure (Wilson, binomial or Poisson by kind).

    A partial year gets none: the count of three quarters has no full-year interval."""
    frame = series.copy()
    lows, highs = [], []
    for r in frame.to_dict("records"):
        interval = None
        partial = not _missing(r.get("partial")) and bool(r.get("partial"))
        if not r.get("suppressed") and not partial and not _missing(r.get("value")):
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


def with_periods(series: pd.DataFrame, periods: pd.DataFrame | None) -> pd.DataFrame:
    """Join what the `plan_chart_periods` query knows about each yearly figure: the parts a
    year summed from quarters or months covers (`covers`, 'K1–K3', and `partial` by the
    rule of `charts.is_partial_year`), their source where the figure names none, and the
    afdelinger behind an area's figure (`afdelinger`). Without `periods`, `covers` says only
    'delvist år' and breaks in the set of afdelinger are read from the `incomplete` flag."""
    frame = series.copy()
    if "partial" not in frame:
        frame["partial"] = False
    if periods is None:
        frame["covers"] = [
            "delvist år" if not _missing(p) and bool(p) else None for p in frame["partial"]
        ]
        return frame
    keys = ["indicator_code", "geo_code", "year"]
    extra = periods[[*keys, "covered_type", "covered", "survey", "afdelinger"]].rename(
        columns={"survey": "_parts_survey"}
    )
    frame = frame.merge(
        extra.astype({"year": "int64"}), how="left", on=keys, validate="many_to_one"
    )
    if "survey" not in frame:
        frame["survey"] = None
    frame["survey"] = frame["survey"].where(frame["survey"].notna(), frame["_parts_survey"])
    frame["partial"] = [
        is_partial_year(p, t, c)
        for p, t, c in zip(frame["partial"], frame["covered_type"], frame["covered"], strict=True)
    ]
    frame["covers"] = [
        partial_label(t, c) if p else None
        for p, t, c in zip(frame["partial"], frame["covered_type"], frame["covered"], strict=True)
    ]
    return frame.drop(columns=["_parts_survey", "covered_type", "covered"])


def chart_frame(
    series: pd.DataFrame, meta: IndicatorMeta, periods: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The figures of one indicator for the chart: the area first, then its comparators.

    `series` is the `plan_series` query, `periods` the `plan_chart_periods` query (optional:
    see `with_periods`). Each row gets `covers` (what a partial year covers), `break_before`
    and `break_detail` (a break in the series before it, by the rules of
    `charts.mark_breaks`) and `low`/`high` (its uncertainty)."""
    own = series[series["indicator_code"] == meta.code].copy()
    own.loc[own["geo_code"] == meta.geo_code, "role"] = "omraade"
    # Other areas of the plan are drawn by the Sammenlign page, not here.
    own = own[(own["role"] != "omraade") | (own["geo_code"] == meta.geo_code)]
    own = own[own["period"].astype(str).str.fullmatch(r"\d{4}")]
    own = own.assign(_order=own["role"].map(ROLE_ORDER).fillna(9)).sort_values(["_order", "year"])
    own = with_periods(own.drop(columns="_order"), periods)
    own = mark_breaks(own, meta.source_kind)
    return with_intervals(own, meta.unit, meta.source_kind).reset_index(drop=True)


def chart_remarks(chart: pd.DataFrame, unit: str) -> list[str]:
    """The chart's partial years and breaks in words, for the lines under it (Danish)."""
    lines = []
    if chart.empty:
        return lines
    partial = chart[chart["partial"].fillna(False).astype(bool) & chart["value"].notna()]
    for r in partial.to_dict("records"):
        covers = r.get("covers") or "delvist år"
        lines.append(
            f"{r['geo_name']} {r['period']} er kun opgjort for {covers} "
            f"({fmt_value(r['value'], unit)} indtil videre): vist som delvist år over grafen, "
            "ikke som et helt års tal."
        )
    if "break_before" in chart:
        for r in chart[chart["break_before"].notna()].to_dict("records"):
            detail = str(r.get("break_detail") or "").replace("<br>", "; ")
            lines.append(f"Brud i serien før {r['year']}: {r['break_before']} ({detail}).")
    return lines


def indicator_chart(
    chart: pd.DataFrame,
    meta: IndicatorMeta,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    kommune_plans: pd.DataFrame,
    *,
    goal_id: str | None = None,
    notes: pd.DataFrame | None = None,
    earlier_baselines: list[tuple[str, ChartBaseline]] | None = None,
    geography_changes: list[tuple[int, str]] | None = None,
) -> go.Figure:
    """The Indikator page's chart of one indicator; the meeting pack draws the same figure.

    `chart` is `chart_frame`'s output; `baselines`, `targets` and `kommune_plans` are the
    `plan_baselines_detail`, `plan_targets` and `plans_in_kommune` queries. `goal_id` narrows
    baseline and target to one goal (the pack shows an indicator under each of its goals; the
    page takes the first match). `notes` is `note_points`' frame, drawn as numbered markers.
    `earlier_baselines` (`earlier_baselines`) and `geography_changes` (`geography_changes`)
    show the plan this one continues and when the area's afdelinger changed.
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
        earlier_baselines=earlier_baselines,
        geography_changes=geography_changes,
    )


def earlier_baselines(
    baselines: pd.DataFrame, meta: IndicatorMeta, plan_name: str
) -> list[tuple[str, ChartBaseline]]:
    """The baseline an earlier plan (the `plan_baselines_detail` query of the plan this one
    continues) gave the same indicator for the same area, for the chart."""
    own = baselines[
        (baselines["indicator_code"] == meta.code)
        & (baselines["geo_code"] == meta.geo_code)
        & (baselines["role"] == "omraade")
        & baselines["value"].notna()
        & baselines["year"].notna()
    ]
    if own.empty:
        return []
    b = own.iloc[0]
    return [
        (
            plan_name,
            ChartBaseline(int(b["year"]), float(b["value"]), fmt_value(b["value"], meta.unit)),
        )
    ]


def geography_changes(changes: pd.DataFrame, area_name: str) -> list[tuple[int, str]]:
    """The `geography_changes` query as (year, Danish text): 'Fra 2025 hører Steenbjerggård
    med til Vejleåparken'."""
    out = []
    for (year, change), rows in changes.groupby(["year", "change"], sort=True):
        names = " og ".join(str(n) for n in rows["member_name"])
        verb = "hører" if change == "med" else "hører ikke længere"
        more = " med til" if change == "med" else " til"
        out.append((int(year), f"Fra {int(year)} {verb} {names}{more} {area_name}"))
    return out


def note_points(chart: pd.DataFrame, meta: IndicatorMeta, notes: pd.DataFrame) -> pd.DataFrame:
    """Notes on data points (the `note_list` query) as numbered chart markers.

    One row per note with a year, in the query's order: year, y (the area's full-year figure
    that year; NaN when it has none, and the chart then draws the note in its strip, never at
    0), label ("1", "2", ...) and text ("1) 2020: ... (author)"), the line the meeting pack
    prints under the chart.
    """
    dated = notes[notes["year"].notna()] if not notes.empty else notes
    own = chart[chart["geo_code"] == meta.geo_code]
    drawn = own["value"].notna() & ~own["suppressed"].fillna(False).astype(bool)
    if "partial" in own:
        drawn &= ~own["partial"].fillna(False).astype(bool)
    own = own[drawn]
    at = dict(zip(own["year"].astype(int), own["value"].astype(float), strict=True))
    rows = [
        {
            "year": int(n["year"]),
            "y": at.get(int(n["year"]), float("nan")),
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
            covers = r.get("covers")
            flags.append(
                f"delvist år ({covers})"
                if isinstance(covers, str) and covers and covers != "delvist år"
                else "delvist år"
            )
        if r.get("incomplete"):
            flags.append("ufuldstændig")
        if isinstance(r.get("break_before"), str) and r["break_before"]:
            flags.append(f"brud: {r['break_before']}")
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
            "covers": chart["covers"] if "covers" in chart else None,
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
    series: pd.DataFrame,
    indicator_code: str,
    areas: pd.DataFrame,
    periods: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One indicator for each of the plan's boligområder (and the kommune), for one chart;
    `periods` (the `plan_chart_periods` query) labels partial years ('K1–K3')."""
    own = series[series["indicator_code"] == indicator_code]
    own = own[own["period"].astype(str).str.fullmatch(r"\d{4}")]
    area_codes = list(areas["geo_code"])
    picked = own[own["geo_code"].isin(area_codes) | own["role"].isin(["kommune", "landsplan"])]
    picked = picked.copy()
    picked.loc[picked["geo_code"].isin(area_codes), "role"] = "omraade"
    picked = picked.assign(
        _order=[
            area_codes.index(g) if g in area_codes else 100 + ROLE_ORDER.get(r, 9)
            for g, r in zip(picked["geo_code"], picked["role"], strict=True)
        ]
    )
    picked = picked.sort_values(["_order", "geo_code", "year"]).drop(columns="_order")
    return with_periods(picked, periods).reset_index(drop=True)


@dataclass(frozen=True)
class GapPanel:
    """One small multiple of the Sammenlign page: an indicator of one area against its
    comparator, with the gap (area - comparator) at the baseline and at the latest year as
    the Overblik computes them."""

    indicator_code: str
    indicator_name: str
    unit: str
    direction: str
    area_name: str
    comparator_name: str | None
    area: pd.DataFrame
    comparator: pd.DataFrame | None
    baseline_year: int | None
    latest_year: int | None
    gaps: tuple[tuple[int, float, float], ...]  # (year, area, comparator)
    gap_change: float | None
    assessment: str | None  # status.Gap value: closing, widening, unchanged (or None)


def gap_panels(
    goal_indicators: pd.DataFrame,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    series: pd.DataFrame,
    area: str,
    *,
    year: int,
    plan_start_year: int,
    kommune_code: str,
) -> tuple[list[GapPanel], list[str]]:
    """The small multiples for one area (or afdeling): one panel per indicator followed for it
    that has a comparator with figures, in the plan's order, and the names of the indicators
    without one. Baseline, latest and gap are the Overblik's, as of `year`."""
    gis = goal_indicators.dropna(subset=["indicator_code"])
    gis = gis[gis["geo_code"] == area].drop_duplicates("indicator_code")
    if gis.empty:
        return [], []
    table = overview(
        gis,
        baselines,
        targets,
        series,
        int(year),
        plan_start_year=plan_start_year,
        kommune_code=kommune_code,
    )
    yearly = series[series["period"].astype(str).str.fullmatch(r"\d{4}")]
    panels: list[GapPanel] = []
    without: list[str] = []
    for gi, row in zip(gis.to_dict("records"), table.to_dict("records"), strict=True):
        of_indicator = yearly[yearly["indicator_code"] == gi["indicator_code"]]
        # The comparator the Overblik chose for this row (overview.goal_baselines).
        comp_code = None if _missing(row.get("comparator_code")) else row["comparator_code"]
        comp_name = None if _missing(row.get("comparator_name")) else row["comparator_name"]
        own = of_indicator[of_indicator["geo_code"] == area]
        comp = of_indicator[of_indicator["geo_code"] == comp_code] if comp_code else None
        if comp is None or comp.empty or own.empty:
            without.append(str(gi["indicator_name"]))
            continue
        comp_name = comp_name or str(comp["geo_name"].iloc[0])
        own = own[own["year"] <= int(year)]
        comp = comp[comp["year"] <= int(year)]
        base, comp_base = row["baseline"], row["comparator_baseline"]
        latest, comp_latest = row["latest"], row["comparator_latest"]
        gaps = tuple(
            (int(a.year), float(a.value), float(c.value))
            for a, c in ((base, comp_base), (latest, comp_latest))
            if a is not None and c is not None and a.year is not None
            and a.value is not None and c.value is not None
        )  # fmt: skip
        assessment = row.get("gap_assessment")
        panels.append(
            GapPanel(
                indicator_code=str(gi["indicator_code"]),
                indicator_name=str(gi["indicator_name"]),
                unit=str(gi["unit"]),
                direction=str(gi["direction"]),
                area_name=str(gi["geo_name"]),
                comparator_name=comp_name,
                area=own,
                comparator=comp,
                baseline_year=base.year if base is not None else None,
                latest_year=latest.year if latest is not None else None,
                gaps=gaps if len({g[0] for g in gaps}) == len(gaps) else gaps[:1],
                gap_change=None if _missing(row.get("gap_change")) else float(row["gap_change"]),
                assessment=None
                if assessment is None or _missing(assessment)
                else str(getattr(assessment, "value", assessment)),
            )
        )
    return panels, without


def gap_caption(panel: GapPanel) -> str:
    """'Lavere er bedre · mod Ishøj Kommune · afstand 2019: +8,5 pct.-point, 2025: +5,2
    pct.-point – udvikler sig bedre end sammenligningen'."""
    parts = [DIRECTION_LABELS.get(panel.direction, "").capitalize(), f"mod {panel.comparator_name}"]
    if panel.gaps:
        shown = ", ".join(f"{y}: {fmt_change(a - c, panel.unit)}" for y, a, c in panel.gaps)
        parts.append(f"afstand {shown}")
    else:
        parts.append("afstanden kan ikke opgøres endnu")
    text = " · ".join(p for p in parts if p)
    if len(panel.gaps) == 2 and panel.assessment:
        text += f" – {GAP_TEXT.get(panel.assessment, panel.assessment)}"
    return text


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
