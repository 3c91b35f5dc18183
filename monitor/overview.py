"""The Overblik: every goal indicator with baseline, latest value, comparator, change, gap and
status, computed from plain frames (the pages, the meeting pack, the follow-up snapshot and
`python -m etl overview` all call `overview`; the pages only draw).

The rules, in one place:

- Baseline: the plan's figure; where the plan gives none, the figure of the baseline year from
  the data, or for an irregular series (elections, surveys) the latest figure at or before it,
  marked `from_data`. The comparator's baseline is its figure of the area baseline's year.
- Latest: the newest full-year figure up to the chosen year. A partial year (quarters or months
  not all reported) is never a full-year figure; an area figure that lacks some afdelinger is
  used and marked `incomplete`.
- Status: a test of the change (monitor.status.judge_change); no figure after the baseline year
  is for få data; a break between the two figures (another survey or source, or an area figure
  over another set of afdelinger) is usikkerhed ukendt with the change shown.
- Gap: the change of (area - comparator), judged like a change (MOVER interval).
- Target: judged on the latest full year's figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from monitor import stats, status
from monitor.fmt import NBSP, fmt_change, fmt_int, fmt_number, fmt_value
from monitor.status import Judgement, Status, TargetJudgement, TargetStatus

COMPARATOR_ROLES = ("kommune", "sammenligning")


@dataclass(frozen=True)
class Reading:
    """One figure with what is needed to judge it: year, value, its own interval, the size
    behind it (numerator and denominator; for a survey the denominator is the respondents) and
    its marks."""

    year: int | None
    value: float | None
    interval: tuple[float, float] | None = None
    uncertain: bool = False
    from_data: bool = False  # the plan gave no baseline; the figure comes from observations
    numerator: float | None = None
    denominator: float | None = None
    incomplete: bool = False  # an area figure without one or more of its afdelinger
    source: str | None = None  # the survey (or local source) behind it: another one is a break


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _obj(row: Mapping[str, Any], key: str) -> Any:
    """A row's object (a Reading, a Judgement), or None where a frame filled in NaN."""
    value = row.get(key)
    return None if _is_missing(value) else value


def _flag(value: object) -> bool:
    """A boolean column value; a missing flag is false (bool(nan) would be True)."""
    return False if _is_missing(value) else bool(value)


def _size(row: pd.Series | Mapping[str, Any] | None, column: str) -> float | None:
    if row is None or _is_missing(row.get(column)):
        return None
    return float(row[column])


def _text(row: pd.Series | Mapping[str, Any] | None, column: str) -> str | None:
    if row is None or _is_missing(row.get(column)):
        return None
    text = str(row.get(column)).strip()
    return text or None


def _interval(
    unit: str,
    source_kind: str,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
) -> tuple[float, float] | None:
    """The figure's interval; for surveys the stored denominator is the respondents."""
    if value is None:
        return None
    respondents = None
    if source_kind == "tryghed":
        respondents, denominator = denominator, None
    return stats.interval_for(unit, value, numerator, denominator, respondents, source_kind)


def usable(series: pd.DataFrame) -> pd.DataFrame:
    """Rows with a published full-year value: not suppressed, not a partial year.

    An area figure that lacks some of its afdelinger (`incomplete`) is kept: it is shown with
    that mark, not dropped."""
    if series.empty:
        return series
    keep = series["value"].notna()
    for flag in ("suppressed", "partial"):
        if flag in series:
            keep &= ~series[flag].astype("boolean").fillna(False).astype(bool)
    return series[keep]


def irregular(series: pd.DataFrame) -> bool:
    """Whether a series comes every few years rather than yearly (elections, surveys): the
    typical step between its years, suppressed figures included, is more than one year."""
    if series.empty:
        return False
    years = sorted({int(y) for y in series["year"].dropna()})
    if len(years) < 2:
        return False
    steps = sorted(b - a for a, b in zip(years, years[1:], strict=False))
    return steps[len(steps) // 2] > 1


def _at(series: pd.DataFrame, year: int | None) -> pd.Series | None:
    if year is None or series.empty:
        return None
    rows = series[series["year"] == year]
    return None if rows.empty else rows.iloc[-1]


def _reading(row: pd.Series, unit: str, source_kind: str, *, from_data: bool = False) -> Reading:
    """An observed figure as a Reading."""
    value = float(row["value"])
    numerator, denominator = _size(row, "numerator"), _size(row, "denominator")
    return Reading(
        int(row["year"]),
        value,
        _interval(unit, source_kind, value, numerator, denominator),
        _flag(row.get("uncertain")),
        from_data,
        numerator,
        denominator,
        _flag(row.get("incomplete")),
        _text(row, "survey"),
    )


def baseline_reading(
    baseline: pd.Series | None,
    series: pd.DataFrame,
    unit: str,
    source_kind: str,
    fallback_year: int | None,
    *,
    at_or_before: bool | None = None,
) -> Reading:
    """The plan's baseline; where the plan left it empty, the figure from the data.

    The plan's figure is sized by the observed figure of its year if there is one (its
    denominator, or respondents), else by the plan's count, which is the numerator behind the
    share ("88,4 % (266 børn)": 266 / 0,884 = 301). From the data: the figure of the baseline
    year, or for an irregular series (`at_or_before`, by default `irregular(series)`) the
    latest figure at or before it (an election has no 2020 figure).
    """
    if baseline is not None and not _is_missing(baseline["value"]):
        year = None if _is_missing(baseline["year"]) else int(baseline["year"])
        observed = _at(series, year)
        value = float(baseline["value"])
        count = _size(baseline, "count")
        denominator = _size(observed, "denominator")
        numerator = count if unit == "andel" else None
        if denominator is None and unit == "andel" and count is not None and value > 0:
            denominator = float(round(count * 100 / value))
        return Reading(
            year,
            value,
            _interval(unit, source_kind, value, None, denominator),
            _flag(baseline.get("uncertain")),
            False,
            numerator if source_kind != "tryghed" else None,
            denominator,
            False,
            _text(observed, "survey"),
        )
    year = None
    if baseline is not None and not _is_missing(baseline["year"]):
        year = int(baseline["year"])
    year = year or fallback_year
    rows = usable(series)
    observed = _at(rows, year)
    if observed is None and year is not None and not rows.empty:
        if irregular(series) if at_or_before is None else at_or_before:
            earlier = rows[rows["year"] <= year]
            observed = None if earlier.empty else earlier.sort_values("year").iloc[-1]
    if observed is None:
        return Reading(year, None)
    return _reading(observed, unit, source_kind, from_data=True)


def latest_reading(series: pd.DataFrame, year: int, unit: str, source_kind: str) -> Reading:
    """The newest full-year figure in or before `year`."""
    rows = usable(series)
    rows = rows[rows["year"] <= year] if not rows.empty else rows
    if rows.empty:
        return Reading(None, None)
    return _reading(rows.sort_values("year").iloc[-1], unit, source_kind)


def reading_at(
    series: pd.DataFrame, year: int | None, unit: str, source_kind: str, *, from_data: bool = False
) -> Reading:
    """A comparator's usable figure in exactly `year` (so area and comparator compare alike)."""
    row = _at(usable(series), year)
    if row is None:
        return Reading(year, None)
    return _reading(row, unit, source_kind, from_data=from_data)


def partial_after(series: pd.DataFrame, after: int | None, year: int) -> int | None:
    """The newest year after `after` and up to `year` that is only partly reported (quarters
    or months missing): it is shown as partial, never judged as a full year."""
    if series.empty or "partial" not in series:
        return None
    flagged = series[series["partial"].astype("boolean").fillna(False).astype(bool)]
    flagged = flagged[flagged["year"] <= year]
    if after is not None:
        flagged = flagged[flagged["year"] > after]
    return None if flagged.empty else int(flagged["year"].max())


def _figure(reading: Reading, source_kind: str) -> status.Figure:
    return status.Figure(
        reading.value, reading.numerator, reading.denominator, survey=source_kind == "tryghed"
    )


def judge(base: Reading, latest: Reading, unit: str, direction: str, source_kind: str) -> Judgement:
    """The status of latest against base, with the rules for missing figures and breaks.

    - a figure missing: for få data;
    - nothing newer than the baseline: for få data (a "change" against a figure of the same
      or an earlier year would be a revision or another source, not development);
    - another survey or source, or an area figure over another set of afdelinger: a break,
      usikkerhed ukendt with the change shown;
    - otherwise the test of the change (monitor.status.judge_change).
    """
    if base.value is None or latest.value is None:
        return Judgement(Status.FOR_FAA_DATA, reason=status.REASON_MISSING)
    if latest.year is not None and base.year is not None and latest.year <= base.year:
        return Judgement(Status.FOR_FAA_DATA, reason=status.REASON_STALE)
    moved = status.change(base.value, latest.value)
    if base.source and latest.source and base.source.casefold() != latest.source.casefold():
        return Judgement(
            Status.USIKKERHED_UKENDT, status.METHOD_NONE, moved, reason=status.REASON_SOURCE_BREAK
        )
    if base.incomplete or latest.incomplete:
        return Judgement(
            Status.USIKKERHED_UKENDT, status.METHOD_NONE, moved, reason=status.REASON_PARTS_BREAK
        )
    return status.judge_change(
        unit, direction, _figure(base, source_kind), _figure(latest, source_kind)
    )


def _target(
    targets: pd.DataFrame, goal_id: str, indicator_code: str, geo_code: str | None
) -> pd.Series | None:
    """The target of one goal indicator in one area.

    Targets are per area (a plan with three boligområder may set one for one of them only),
    and a target with a threshold is preferred to a bare direction.
    """
    if targets.empty:
        return None
    own = targets[(targets["goal_id"] == goal_id) & (targets["indicator_code"] == indicator_code)]
    if "geo_code" in own and geo_code is not None:
        own = own[own["geo_code"].isna() | (own["geo_code"] == geo_code)]
    if own.empty:
        return None
    if "kind" in own:
        own = own.assign(_bare=own["kind"] == "direction").sort_values("_bare", kind="stable")
    return own.iloc[0]


@dataclass(frozen=True)
class Baselines:
    """The area's and the comparator's baseline of one goal indicator, and who the comparator
    is (the plan's comparator, else the kommune for an LBF indicator)."""

    area: Reading
    comparator: Reading
    comparator_code: str | None
    comparator_name: str | None


def goal_baselines(
    gi: Mapping[str, Any],
    baselines: pd.DataFrame,
    series: pd.DataFrame,
    *,
    plan_start_year: int,
    kommune_code: str,
) -> Baselines:
    """The baselines of one plan_goal_indicators row, exactly as the Overblik shows them (the
    Mål og baselines page uses this too, so 'fra data' reads the same everywhere)."""
    own = baselines[
        (baselines["goal_id"] == gi["goal_id"])
        & (baselines["indicator_code"] == gi["indicator_code"])
        & (baselines["area_code"] == gi["geo_code"])
    ]
    area_row = next((b for _, b in own.iterrows() if b["role"] == "omraade"), None)
    comp_row = next(
        (b for role in COMPARATOR_ROLES for _, b in own.iterrows() if b["role"] == role), None
    )
    comp_geo = (
        comp_row["geo_code"]
        if comp_row is not None
        else (kommune_code if gi["source_kind"] == "lbf" else None)
    )
    comp_name = comp_row["geo_name"] if comp_row is not None else None
    of_indicator = series[series["indicator_code"] == gi["indicator_code"]]
    area_series = of_indicator[of_indicator["geo_code"] == gi["geo_code"]]
    comp_series = (
        of_indicator[of_indicator["geo_code"] == comp_geo]
        if comp_geo is not None
        else of_indicator.iloc[0:0]
    )
    if comp_name is None and not comp_series.empty:
        comp_name = comp_series["geo_name"].iloc[0]
    fallback_year = plan_start_year - 1
    unit, kind = gi["unit"], gi["source_kind"]
    area = baseline_reading(area_row, area_series, unit, kind, fallback_year)
    if comp_row is not None and not _is_missing(comp_row["value"]):
        comparator = baseline_reading(comp_row, comp_series, unit, kind, fallback_year)
    else:
        # Compared alike: the comparator's figure of the year the area's baseline is from.
        year = area.year if area.year is not None else fallback_year
        comparator = reading_at(comp_series, year, unit, kind, from_data=True)
    return Baselines(area, comparator, comp_geo, comp_name)


def overview(
    goal_indicators: pd.DataFrame,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    series: pd.DataFrame,
    year: int,
    *,
    plan_start_year: int,
    kommune_code: str,
) -> pd.DataFrame:
    """One row per goal indicator and area of a plan, judged as of `year`.

    `series` holds yearly observations (indicator_code, geo_code, year, value, numerator,
    denominator, suppressed, uncertain, partial, incomplete, survey) for the plan's
    geographies. Each row carries Readings, the `judgement` behind `status`, the
    `gap_judgement` behind `gap_status` / `gap_assessment`, the `target` judgement and the
    `explanation` paragraph ("Sådan er status beregnet").
    """
    rows = []
    for gi in goal_indicators.to_dict("records"):
        base = {
            "goal_id": gi["goal_id"],
            "kind": gi["kind"],
            "indsatsomraade": gi["indsatsomraade"],
            "goal": gi["title"],
            "indicator_code": gi["indicator_code"],
        }
        if _is_missing(gi["indicator_code"]):
            row = {
                **base,
                "indicator_code": None,
                "has_indicator": False,
                "status": Status.INGEN_INDIKATOR,
                "judgement": Judgement(Status.INGEN_INDIKATOR, reason=status.REASON_NO_INDICATOR),
            }
            rows.append({**row, "explanation": status_explanation(row)})
            continue
        unit, direction, kind = gi["unit"], gi["direction"], gi["source_kind"]
        found = goal_baselines(
            gi, baselines, series, plan_start_year=plan_start_year, kommune_code=kommune_code
        )
        of_indicator = series[series["indicator_code"] == gi["indicator_code"]]
        area_series = of_indicator[of_indicator["geo_code"] == gi["geo_code"]]
        comp_series = (
            of_indicator[of_indicator["geo_code"] == found.comparator_code]
            if found.comparator_code is not None
            else of_indicator.iloc[0:0]
        )
        area_base, comp_base = found.area, found.comparator
        latest = latest_reading(area_series, year, unit, kind)
        comp_latest = reading_at(comp_series, latest.year, unit, kind)

        judged = judge(area_base, latest, unit, direction, kind)
        moved = judged.change
        gap_judged: Judgement | None = None
        # The gap is followed once the area's own change can be (a missing area figure says
        # nothing about the comparator).
        if found.comparator_name is not None and judged.status is not Status.FOR_FAA_DATA:
            comp_judged = judge(comp_base, comp_latest, unit, direction, kind)
            gap_judged = status.judge_gap(judged, comp_judged, direction)
        gap_moved = None if gap_judged is None else gap_judged.change

        target = _target(targets, gi["goal_id"], gi["indicator_code"], gi["geo_code"])
        target_judged: TargetJudgement | None = None
        if target is not None:
            target_judged = status.judge_target(
                target["kind"],
                None if _is_missing(target["threshold"]) else float(target["threshold"]),
                year=latest.year,
                value=latest.value,
                unit=unit,
                uncertain=latest.uncertain,
                incomplete=latest.incomplete,
                change_status=judged.status,
            )
        spark = usable(area_series)
        spark = spark[spark["year"] <= year].sort_values("year") if not spark.empty else spark
        row = {
            **base,
            "has_indicator": True,
            "indicator_name": gi["indicator_name"],
            "unit": unit,
            "direction": direction,
            "source_kind": kind,
            "geo_code": gi["geo_code"],
            "geo_name": gi["geo_name"],
            "baseline": area_base,
            "comparator_code": found.comparator_code,
            "comparator_name": found.comparator_name,
            "comparator_baseline": comp_base,
            "latest": latest,
            "comparator_latest": comp_latest,
            "partial_year": partial_after(area_series, latest.year, year),
            "irregular": irregular(area_series),
            "judgement": judged,
            "status": judged.status,
            "change": moved,
            "change_low": judged.low,
            "change_high": judged.high,
            "p_value": judged.p_value,
            "method": judged.method,
            "gap_judgement": gap_judged,
            "gap_status": None if gap_judged is None else gap_judged.status,
            "gap_change": gap_moved,
            "gap_assessment": None
            if gap_judged is None
            else status.GAP_OF_STATUS.get(gap_judged.status),
            "target_text": None if target is None else target["text"],
            "target": target_judged,
            "target_status": None if target_judged is None else target_judged.status,
            "target_met": None
            if target_judged is None or target_judged.status is TargetStatus.NOT_YET
            else target_judged.status is TargetStatus.MET,
            "sparkline": [float(v) for v in spark["value"]] if not spark.empty else [],
        }
        rows.append({**row, "explanation": status_explanation(row)})
    return pd.DataFrame(rows)


# --- "Sådan er status beregnet" ----------------------------------------------------------------


def _signed(x: float, unit: str) -> str:
    """A signed number without the unit word: '+3,1', '−8,5', '±0'."""
    return fmt_change(x, "antal" if unit == "antal" else "gennemsnit")


def _change_text(x: float, unit: str) -> str:
    return fmt_change(x, unit) if unit in ("andel", "antal", "beløb") else fmt_change(x, "")


def _interval_text(low: float, high: float, unit: str) -> str:
    """'+0,8 til +5,4 pct.-point', '−8,5 til +1,8'."""
    text = f"{_signed(low, unit)} til {_signed(high, unit)}"
    return f"{text}{NBSP}pct.-point" if unit == "andel" else text


def _p_text(p: float) -> str:
    if p < 0.001:
        return "p < 0,001"
    return f"p = {fmt_number(p, 3 if p < 0.01 else 2)}"


def figure_text(reading: Reading | None, unit: str, source_kind: str) -> str:
    """'24,8 % i 2019 (686 af 2.766)', '80,0 % i 2018 (400 svar)', '7 i 2017', with the
    figure's marks: fra data, usikkert ifølge kilden, mangler afdelinger."""
    if reading is None or reading.value is None:
        if reading is None or reading.year is None:
            return "intet tal"
        return f"intet tal for {reading.year}"
    text = fmt_value(reading.value, unit)
    if reading.year is not None:
        text += f" i {reading.year}"
    details = []
    if unit == "andel" and reading.denominator is not None:
        if source_kind == "tryghed":
            details.append(f"{fmt_int(reading.denominator)} svar")
        else:
            k = reading.numerator
            if k is None:
                k = round(reading.value / 100 * reading.denominator)
            details.append(f"{fmt_int(k)} af {fmt_int(reading.denominator)}")
    if reading.from_data:
        details.append("fra data")
    if reading.uncertain:
        details.append("usikkert ifølge kilden")
    if reading.incomplete:
        details.append("mangler afdelinger")
    return text + (f" ({'; '.join(details)})" if details else "")


def _no_size_text(unit: str, base: Reading, latest: Reading) -> str:
    if unit == "gennemsnit":
        why = "Et gennemsnit uden antal bag sig har ingen kendt usikkerhed"
    elif unit == "pr. 1000":
        why = "En rate uden antal bag sig har ingen kendt usikkerhed"
    elif unit == "andel":
        unknown = [str(r.year) for r in (base, latest) if r.denominator is None and r.year]
        when = f" for {' og '.join(unknown)}" if unknown else ""
        why = f"Antallet bag andelen{when} kendes ikke, så usikkerheden er ukendt"
    else:
        why = "Tallenes usikkerhed er ukendt"
    return f"{why}, og tallet alene afgør ikke, om det er bedre eller dårligere."


def _status_sentence(row: Mapping[str, Any]) -> str:
    """The judgement of the change in one or two sentences."""
    judged: Judgement = row["judgement"]
    unit, kind = row["unit"], row["source_kind"]
    base: Reading = row["baseline"]
    latest: Reading = row["latest"]
    reason = judged.reason
    if reason == status.REASON_STALE:
        text = (
            f"Baseline er {figure_text(base, unit, kind)}, og der er endnu intet tal for et "
            f"helt år efter {base.year}."
        )
        return text
    if reason == status.REASON_MISSING:
        if base.value is None:
            year = base.year
            where = "for det år eller før" if _flag(row.get("irregular")) else "for det år"
            return (
                f"Der er ingen baseline: planen angiver ingen, og data har intet tal {where}"
                f" ({year})."
                if year
                else "Der er ingen baseline: planen angiver ingen."
            )
        return f"Baseline er {figure_text(base, unit, kind)}, men der er endnu intet nyere tal."
    moved = _change_text(judged.change, unit) if judged.change is not None else "–"
    noun = {"andel": "Andelen", "antal": "Antallet"}.get(unit, "Tallet")
    opening = (
        f"{noun} gik fra {figure_text(base, unit, kind)} til {figure_text(latest, unit, kind)}"
        f", en ændring på {moved}."
    )
    if reason == status.REASON_SOURCE_BREAK:
        return (
            f"{opening} Tallene kommer fra to forskellige kilder ({base.source} og "
            f"{latest.source}), så ændringen kan skyldes skiftet og vurderes ikke som bedre "
            "eller dårligere: usikkerheden er ukendt."
        )
    if reason == status.REASON_PARTS_BREAK:
        years = [str(r.year) for r in (base, latest) if r.incomplete]
        return (
            f"{opening} Tallet for {' og '.join(years)} mangler en eller flere afdelinger, så "
            "de to tal dækker ikke de samme beboere, og ændringen vurderes ikke som bedre eller "
            "dårligere: usikkerheden er ukendt."
        )
    if reason == status.REASON_NO_SIZE or judged.low is None or judged.high is None:
        return f"{opening} {_no_size_text(unit, base, latest)}"
    method = f"Metode: {judged.method}; ændringens 95 %-interval er "
    method += _interval_text(judged.low, judged.high, unit)
    if judged.p_value is not None:
        method += f" ({_p_text(judged.p_value)})"
    if judged.status is Status.UAENDRET:
        verdict = "Intervallet rummer 0, så ændringen ligger inden for usikkerheden: uændret."
    else:
        side = "over" if judged.low > 0 else "under"
        better = "højere" if row["direction"] == "higher" else "lavere"
        verdict = f"Intervallet ligger helt {side} 0, og {better} er bedre: {judged.status.label}."
    return f"{opening} {method}. {verdict}"


def _gap_sentence(row: Mapping[str, Any]) -> str:
    gap: Judgement | None = _obj(row, "gap_judgement")
    name = row.get("comparator_name")
    if gap is None or _is_missing(name) or not name:
        return ""
    unit = row["unit"]
    if gap.status is Status.FOR_FAA_DATA:
        comp_base: Reading = row["comparator_baseline"]
        comp_latest: Reading = row["comparator_latest"]
        missing = [str(r.year) for r in (comp_base, comp_latest) if r.value is None and r.year]
        when = f" for {' og '.join(missing)}" if missing else ""
        return f"{name} har intet tal{when}, så afstanden til {name} kan ikke følges."
    moved = _change_text(gap.change, unit) if gap.change is not None else "–"
    if gap.status is Status.USIKKERHED_UKENDT or gap.low is None or gap.high is None:
        return f"Afstanden til {name} flyttede sig {moved}, men usikkerheden er ukendt."
    interval = _interval_text(gap.low, gap.high, unit)
    words = {
        Status.BEDRE: f"området udvikler sig bedre end {name}",
        Status.DAARLIGERE: f"området udvikler sig dårligere end {name}",
        Status.UAENDRET: f"inden for usikkerheden samme udvikling som {name}",
    }
    return f"Afstanden til {name} flyttede sig {moved} (95 %: {interval}): {words[gap.status]}."


def target_text(judged: TargetJudgement | None) -> str:
    """'nået i 2024', 'ikke nået i 2025', 'kan endnu ikke vurderes', with the figure's marks."""
    if judged is None:
        return ""
    text = judged.status.label
    if judged.status is not TargetStatus.NOT_YET and judged.year is not None:
        text += f" i {judged.year}"
    marks = []
    if judged.uncertain:
        marks.append("usikkert tal")
    if judged.incomplete:
        marks.append("mangler afdelinger")
    return text + (f" ({', '.join(marks)})" if marks else "")


def _target_sentence(row: Mapping[str, Any]) -> str:
    judged: TargetJudgement | None = _obj(row, "target")
    goal = _obj(row, "target_text")
    if judged is None or not goal:
        return ""
    unit = row["unit"]
    if judged.status is TargetStatus.NOT_YET:
        if judged.value is None:
            return f"Målsætningen '{goal}' kan endnu ikke vurderes: intet tal for et helt år."
        return (
            f"Målsætningen '{goal}' kan endnu ikke vurderes ud fra "
            f"{fmt_value(judged.value, unit)} i {judged.year}."
        )
    figure = fmt_value(judged.value, unit)
    note = "; tallet er usikkert ifølge kilden" if judged.uncertain else ""
    return f"Målsætningen '{goal}' er {judged.status.label} i {judged.year} ({figure}{note})."


def status_explanation(row: Mapping[str, Any]) -> str:
    """'Sådan er status beregnet': the two figures with their counts, the method, the interval
    of the change and the verdict, the gap to the comparator and the target, as one short Danish
    paragraph. `row` is a row of `overview`'s table (a dict or a Series)."""
    if not _flag(row.get("has_indicator", True)):
        return "Delmålet har endnu ingen indikator, så der er intet at vurdere."
    parts = [_status_sentence(row)]
    partial = row.get("partial_year")
    if not _is_missing(partial) and partial is not None:
        parts.append(f"{int(partial)} er kun delvist opgjort og tæller ikke som et helt år.")
    parts += [_gap_sentence(row), _target_sentence(row)]
    return " ".join(p for p in parts if p)


# --- The Overblik as plain data (CSV) --------------------------------------------------------

EXPORT_COLUMNS = [
    "plan_id", "indsatsomraade", "goal_id", "goal", "indicator_code", "indicator_name",
    "geo_code", "geo_name", "unit", "direction",
    "baseline_year", "baseline", "baseline_numerator", "baseline_denominator",
    "baseline_from_data", "baseline_incomplete",
    "latest_year", "latest", "latest_numerator", "latest_denominator", "latest_incomplete",
    "change", "change_low", "change_high", "p_value", "status", "method",
    "comparator_code", "comparator_name", "comparator_baseline", "comparator_latest",
    "gap_change", "gap_low", "gap_high", "gap_status",
    "target", "target_year", "target_status", "explanation",
]  # fmt: skip


TEXT_COLUMNS = {"plan_id", "goal_id", "indicator_code", "geo_code", "comparator_code"}


def export_frame(table: pd.DataFrame, plan_id: str) -> pd.DataFrame:
    """`overview`'s table as plain numbers and words, one row per goal, indicator and area:
    what `python -m etl overview` prints (shares in percent, changes in percentage points)."""
    out = []
    for r in table.to_dict("records"):
        judged: Judgement = r["judgement"]
        row: dict[str, Any] = {
            "plan_id": plan_id,
            "indsatsomraade": r["indsatsomraade"],
            "goal_id": r["goal_id"],
            "goal": r["goal"],
            "indicator_code": r.get("indicator_code"),
            "status": r["status"].label,
            "method": judged.method,
            "explanation": r.get("explanation"),
        }
        if _flag(r.get("has_indicator", True)):
            base: Reading = r["baseline"]
            latest: Reading = r["latest"]
            gap: Judgement | None = _obj(r, "gap_judgement")
            target: TargetJudgement | None = _obj(r, "target")
            row |= {
                "indicator_name": r["indicator_name"],
                "geo_code": r["geo_code"],
                "geo_name": r["geo_name"],
                "unit": r["unit"],
                "direction": r["direction"],
                "baseline_year": base.year,
                "baseline": base.value,
                "baseline_numerator": base.numerator,
                "baseline_denominator": base.denominator,
                "baseline_from_data": base.from_data,
                "baseline_incomplete": base.incomplete,
                "latest_year": latest.year,
                "latest": latest.value,
                "latest_numerator": latest.numerator,
                "latest_denominator": latest.denominator,
                "latest_incomplete": latest.incomplete,
                "change": _obj(r, "change"),
                "change_low": judged.low,
                "change_high": judged.high,
                "p_value": judged.p_value,
                "comparator_code": _obj(r, "comparator_code"),
                "comparator_name": _obj(r, "comparator_name"),
                "comparator_baseline": r["comparator_baseline"].value,
                "comparator_latest": r["comparator_latest"].value,
                "gap_change": None if gap is None else gap.change,
                "gap_low": None if gap is None else gap.low,
                "gap_high": None if gap is None else gap.high,
                "gap_status": None if gap is None else gap.status.label,
                "target": _obj(r, "target_text"),
                "target_year": None if target is None else target.year,
                "target_status": None if target is None else target.status.label,
            }
        out.append(row)
    frame = pd.DataFrame(out, columns=EXPORT_COLUMNS)
    for column in frame.columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        if column in TEXT_COLUMNS or frame[column].map(lambda v: isinstance(v, bool)).any():
            continue
        if values.notna().sum() == frame[column].notna().sum() and values.notna().any():
            # Whole numbers (years, counts) without '.0'; others without float noise.
            whole = values.dropna().map(lambda v: float(v).is_integer()).all()
            frame[column] = values.round(0).astype("Int64") if whole else values.round(6)
    return frame
