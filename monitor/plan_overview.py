"""The Overblik of a plan as display rows: one function for the Overblik, the Præsentation
and the Opfølgning pages, so a board member sees the same words on each."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from monitor import dashboard
from monitor.overview import overview

# The named queries the Overblik is computed from, by plan.
FRAMES = (
    "plan_series",
    "plan_goal_indicators",
    "plan_baselines_detail",
    "plan_targets",
    "plan_area_members",
)


def plan_frames(query: Callable[..., pd.DataFrame], plan_id: str) -> dict[str, pd.DataFrame]:
    """The frames of FRAMES for one plan, read through `query(name, plan_id=...)`."""
    return {name: query(name, plan_id=plan_id) for name in FRAMES}


def plan_overview(
    frames: dict[str, pd.DataFrame],
    plan: pd.Series,
    year: int,
    *,
    indsatsomraade: str | None = None,
    area: str | None = None,
    goal_id: str | None = None,
) -> pd.DataFrame:
    """The Overblik's display rows for `year`, narrowed to an indsatsområde, a boligområde or
    one goal (None = all)."""
    shown = dashboard.filter_goal_indicators(
        frames["plan_goal_indicators"],
        indsatsomraade=indsatsomraade,
        area=area,
        members=frames["plan_area_members"],
    )
    if goal_id is not None:
        shown = shown[shown["goal_id"] == goal_id]
    if shown.empty:
        return pd.DataFrame()
    table = overview(
        shown,
        frames["plan_baselines_detail"],
        frames["plan_targets"],
        frames["plan_series"],
        int(year),
        plan_start_year=pd.Timestamp(plan["period_start"]).year,
        kommune_code=plan["kommune_code"],
    )
    return dashboard.overview_display(table)


def overview_years(frames: dict[str, pd.DataFrame], plan: pd.Series) -> tuple[list[int], int]:
    """The years the Overblik can be judged at, and the default (newest full year)."""
    series = frames["plan_series"]
    baseline_years = frames["plan_baselines_detail"]["year"].dropna().tolist()
    years = dashboard.plan_years(plan["period_start"], series, baseline_years)
    return years, dashboard.default_year(series, years[-1])
