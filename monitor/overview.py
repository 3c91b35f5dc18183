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
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _flag(value: object) -> bool:
    """A boolean column value; a missing flag is false (bool(nan) would be True)."""
    return False if _is_missing(value) else bool(value)


def _size(row: pd.Series | None, column: str) -> float | None:
    if row is None or _is_missing(row.get(column)):
        return None
    return float(row[column])


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


def _row_interval(
    unit: str, source_kind: str, row: pd.Series | None, value: float | None
) -> tuple[float, float] | None:
    """Interval of an observed figure from its own numerator and denominator."""
    return _interval(unit, source_kind, value, _size(row, "numerator"), _size(row, "denominator"))


def _baseline_interval(
    unit: str,
    source_kind: str,
    observed: pd.Series | None,
    value: float,
    count: float | None,
) -> tuple[float, float] | None:
    """Interval of a plan's baseline figure, centred on the plan's value.

    The size comes from the observed figure of the baseline year if there is one; otherwise
    from the plan's count, which is the numerator behind the share ("88,4 % (266 børn)"), so
    the base is count / share (266 / 0,884 = 301).
    """
    size = _size(observed, "denominator")
    if size is None and unit == "andel" and count is not None and value > 0:
        size = count * 100 / value
    return _interval(unit, source_kind, value, None, size)


def usable(series: pd.DataFrame) -> pd.DataFrame:
    """Rows with a published, full value: not suppressed, not a partial year, not incomplete."""
    if series.empty:
        return series
    keep = series["value"].notna()
    for flag in ("suppressed", "partial", "incomplete"):
        if flag in series:
            keep &= ~series[flag].astype("boolean").fillna(False).astype(bool)
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
        count = None if _is_missing(baseline.get("count")) else float(baseline["count"])
        value = float(baseline["value"])
        return Reading(
            year,
            value,
            _baseline_interval(unit, source_kind, observed, value, count),
            _flag(baseline.get("uncertain")),
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
        _row_interval(unit, source_kind, observed, value),
        _flag(observed.get("uncertain")),
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
        _row_interval(unit, source_kind, row, value),
        _flag(row.get("uncertain")),
    )


def reading_at(series: pd.DataFrame, year: int | None, unit: str, source_kind: str) -> Reading:
    """A comparator's usable figure in exactly `year` (so area and comparator compare alike)."""
    row = _at(usable(series), year)
    if row is None:
        return Reading(year, None)
    value = float(row["value"])
    return Reading(
        year, value, _row_interval(unit, source_kind, row, value), _flag(row.get("uncertain"))
    )


def _target(
    targets: pd.DataFrame, goal_id: str, indicator_code: str, geo_code: str | None
) -> pd.Series | None:
    """The target of one goal indicator in one area.

    Targets are per area (a plan with three boligområder may set one for one of them only),
    and a target with a threshold is preferred to a bare direction, which cannot be met.
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

        # Nothing newer than the baseline yet: a "change" against a figure of the same or an
        # earlier year would be noise (a revision, another source), not development.
        stale = (
            latest.year is not None and area_base.year is not None and latest.year <= area_base.year
        )
        if stale:
            judged = Status.FOR_FAA_DATA
            moved = gap_moved = gap_judged = None
        else:
            judged = status.assess(
                area_base.value, latest.value, gi.direction, area_base.interval, latest.interval
            )
            moved = status.change(area_base.value, latest.value)
            gap_moved = status.gap_change(
                area_base.value, comp_base.value, latest.value, comp_latest.value
            )
            gap_judged = status.gap_assessment(
                area_base.value, comp_base.value, latest.value, comp_latest.value, gi.direction
            )
        target = _target(targets, gi.goal_id, gi.indicator_code, gi.geo_code)
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
                "change": moved,
                "gap_change": gap_moved,
                "gap_assessment": gap_judged,
                "target_text": None if target is None else target["text"],
                "target_met": None
                if target is None or latest.value is None
                else status.target_met(latest.value, target["kind"], target["threshold"]),
                "status": judged,
                "sparkline": [float(v) for v in spark["value"]] if not spark.empty else [],
            }
        )
    return pd.DataFrame(rows)
