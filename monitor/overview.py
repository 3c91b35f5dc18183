"""The Overblik: every goal indicator with baseline, latest value, comparator, change, gap and
status, computed from plain frames (the page only draws)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from monitor import stats, status
from monitor.status import Status

COMPARATOR_ROLES = ("kommune", "sammenligning")


@dataclass(frozen=True)
class Reading:
    """One figure with what is needed to judge it: year, value and its uncertainty."""

    year: int | None
    value: float | None
    interval: tuple[float, float] | None = None
    uncertain: bool = False
    from_data: bool = False  # the plan gave no baseline; the figure comes from observations


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _interval(
    unit: str,
    source_kind: str,
    row: pd.Series | None,
    value: float | None,
    count: float | None = None,
) -> tuple[float, float] | None:
    if value is None:
        return None
    numerator = denominator = respondents = None
    if row is not None:
        numerator = None if _is_missing(row.get("numerator")) else row["numerator"]
        denominator = None if _is_missing(row.get("denominator")) else row["denominator"]
        if source_kind == "tryghed":
            respondents, denominator = denominator, None
    if numerator is None and count is not None and not _is_missing(count):
        numerator = count
    return stats.interval_for(unit, value, numerator, denominator, respondents, source_kind)


def usable(series: pd.DataFrame) -> pd.DataFrame:
    """Rows with a published, full value: not suppressed, not a partial year, not incomplete."""
    if series.empty:
        return series
    keep = series["value"].notna() & ~series["suppressed"].astype(bool)
    for flag in ("partial", "incomplete"):
        if flag in series:
            keep &= ~series[flag].fillna(False).astype(bool)
    return series[keep]


def _at(series: pd.DataFrame, year: int | None) -> pd.Series | None:
    if year is None or series.empty:
        return None
    rows = series[series["year"] == year]
    return None if rows.empty else rows.iloc[-1]


def baseline_reading(
    baseline: pd.Series | None,
    series: pd.DataFrame,
    unit: str,
    source_kind: str,
    fallback_year: int | None,
) -> Reading:
    """The plan's baseline; where the plan left it empty, the observed figure of its year."""
    if baseline is not None and not _is_missing(baseline["value"]):
        year = None if _is_missing(baseline["year"]) else int(baseline["year"])
        observed = _at(series, year)
        count = None if _is_missing(baseline.get("count")) else baseline["count"]
        return Reading(
            year,
            float(baseline["value"]),
            _interval(unit, source_kind, observed, float(baseline["value"]), count),
            bool(baseline.get("uncertain", False)),
        )
    year = None
    if baseline is not None and not _is_missing(baseline["year"]):
        year = int(baseline["year"])
    year = year or fallback_year
    observed = _at(usable(series), year)
    if observed is None:
        return Reading(year, None)
    value = float(observed["value"])
    return Reading(
        year,
        value,
        _interval(unit, source_kind, observed, value),
        bool(observed.get("uncertain", False)),
        from_data=True,
    )


def latest_reading(series: pd.DataFrame, year: int, unit: str, source_kind: str) -> Reading:
    """The newest usable figure in or before `year`."""
    rows = usable(series)
    rows = rows[rows["year"] <= year] if not rows.empty else rows
    if rows.empty:
        return Reading(None, None)
    row = rows.sort_values("year").iloc[-1]
    value = float(row["value"])
    return Reading(
        int(row["year"]),
        value,
        _interval(unit, source_kind, row, value),
        bool(row.get("uncertain", False)),
    )


def reading_at(series: pd.DataFrame, year: int | None, unit: str, source_kind: str) -> Reading:
    """A comparator's usable figure in exactly `year` (so area and comparator compare alike)."""
    row = _at(usable(series), year)
    if row is None:
        return Reading(year, None)
    value = float(row["value"])
    return Reading(
        year, value, _interval(unit, source_kind, row, value), bool(row.get("uncertain", False))
    )


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
    """One row per goal indicator of a plan, judged as of `year`.

    `series` holds yearly observations (indicator_code, geo_code, year, value, numerator,
    denominator, suppressed, uncertain, partial, incomplete) for the plan's geographies.
    """
    rows = []
    for gi in goal_indicators.itertuples(index=False):
        base = {
            "goal_id": gi.goal_id,
            "kind": gi.kind,
            "indsatsomraade": gi.indsatsomraade,
            "goal": gi.title,
            "indicator_code": gi.indicator_code,
        }
        if _is_missing(gi.indicator_code):
            rows.append({**base, "status": Status.FOR_FAA_DATA, "has_indicator": False})
            continue
        own = baselines[
            (baselines["goal_id"] == gi.goal_id)
            & (baselines["indicator_code"] == gi.indicator_code)
            & (baselines["area_code"] == gi.geo_code)
        ]
        area_base_row = next((b for _, b in own.iterrows() if b["role"] == "omraade"), None)
        comp_base_row = next(
            (b for role in COMPARATOR_ROLES for _, b in own.iterrows() if b["role"] == role), None
        )
        comp_geo = (
            comp_base_row["geo_code"]
            if comp_base_row is not None
            else (kommune_code if gi.source_kind == "lbf" else None)
        )
        comp_name = comp_base_row["geo_name"] if comp_base_row is not None else None
        of_indicator = series[series["indicator_code"] == gi.indicator_code]
        area_series = of_indicator[of_indicator["geo_code"] == gi.geo_code]
        comp_series = (
            of_indicator[of_indicator["geo_code"] == comp_geo]
            if comp_geo is not None
            else of_indicator.iloc[0:0]
        )
        if comp_name is None and not comp_series.empty:
            comp_name = comp_series["geo_name"].iloc[0]

        fallback_year = plan_start_year - 1
        area_base = baseline_reading(
            area_base_row, area_series, gi.unit, gi.source_kind, fallback_year
        )
        comp_base = baseline_reading(
            comp_base_row, comp_series, gi.unit, gi.source_kind, area_base.year or fallback_year
        )
        latest = latest_reading(area_series, year, gi.unit, gi.source_kind)
        comp_latest = reading_at(comp_series, latest.year, gi.unit, gi.source_kind)

        if latest.year is not None and area_base.year is not None and latest.year <= area_base.year:
            judged = Status.FOR_FAA_DATA  # nothing newer than the baseline yet
        else:
            judged = status.assess(
                area_base.value, latest.value, gi.direction, area_base.interval, latest.interval
            )
        own_targets = targets[
            (targets["goal_id"] == gi.goal_id) & (targets["indicator_code"] == gi.indicator_code)
        ]
        target = own_targets.iloc[0] if not own_targets.empty else None
        spark = usable(area_series)
        spark = spark[spark["year"] <= year].sort_values("year") if not spark.empty else spark
        rows.append(
            {
                **base,
                "has_indicator": True,
                "indicator_name": gi.indicator_name,
                "unit": gi.unit,
                "direction": gi.direction,
                "source_kind": gi.source_kind,
                "geo_code": gi.geo_code,
                "geo_name": gi.geo_name,
                "baseline": area_base,
                "comparator_name": comp_name,
                "comparator_baseline": comp_base,
                "latest": latest,
                "comparator_latest": comp_latest,
                "change": status.change(area_base.value, latest.value),
                "gap_change": status.gap_change(
                    area_base.value, comp_base.value, latest.value, comp_latest.value
                ),
                "gap_assessment": status.gap_assessment(
                    area_base.value, comp_base.value, latest.value, comp_latest.value, gi.direction
                ),
                "target_text": None if target is None else target["text"],
                "target_met": None
                if target is None or latest.value is None
                else status.target_met(latest.value, target["kind"], target["threshold"]),
                "status": judged,
                "sparkline": [float(v) for v in spark["value"]] if not spark.empty else [],
            }
        )
    return pd.DataFrame(rows)
