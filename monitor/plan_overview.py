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
    "plan_areas",
)


# The frames that belong to a version of the plan, and the query reading them for one version.
VERSIONED = {
    "plan_goal_indicators": "plan_goal_indicators_at",
    "plan_baselines_detail": "plan_baselines_detail_at",
    "plan_targets": "plan_targets_at",
}


def plan_frames(
    query: Callable[..., pd.DataFrame], plan_id: str, version_no: int | None = None
) -> dict[str, pd.DataFrame]:
    """The frames of FRAMES for one plan, read through `query(name, plan_id=...)`: the goals,
    indicators, baselines and targets of version `version_no` (None: the newest)."""
    frames = {name: query(name, plan_id=plan_id) for name in FRAMES}
    if version_no is not None:
        for name, at in VERSIONED.items():
            frames[name] = query(at, plan_id=plan_id, version_no=int(version_no))
    return frames


def version_in_force(versions: pd.DataFrame, year: int) -> pd.Series | None:
    """The row of `versions` (plan_versions) an account of `year` follows: the newest version
    in force at the year's end, or, for a year before the plan, as it stood at its start."""
    if versions.empty:
        return None
    starts = pd.to_datetime(versions["in_force_from"])
    # A year before the plan is read with the plan as it stood at its start.
    end = max(pd.Timestamp(int(year), 12, 31), starts.min())
    return versions[starts <= end].sort_values("version_no").iloc[-1]


def version_note(versions: pd.DataFrame, year: int) -> str | None:
    """Which version of the plan the Overblik of `year` shows, and when the plan changed
    (Danish); None for a plan with one version."""
    from monitor.fmt import fmt_date_da

    chosen = version_in_force(versions, year)
    if chosen is None or len(versions) < 2:
        return None
    number = int(chosen["version_no"])
    text = (
        f"Mål og baselines som planen havde dem i {int(year)}: version {number}, "
        f"gældende fra {fmt_date_da(chosen['in_force_from'])}."
    )
    changes = [
        f"{fmt_date_da(r['in_force_from'])} (version {int(r['version_no'])}: {r['reason']})"
        for r in versions.sort_values("version_no").to_dict("records")[1:]
    ]
    return text + " Planen er ændret " + ", ".join(changes) + "."


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
        with_breakdown(frames["plan_goal_indicators"], frames["plan_areas"], plan.name),
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


def with_breakdown(
    goal_indicators: pd.DataFrame, areas: pd.DataFrame, plan_id: str
) -> pd.DataFrame:
    """Each indicator a goal follows for the plan's whole area (geo 'plan:<id>'), followed by
    one row per boligområde of the plan: the breakdown (issue 9, Slagelse's goals are for the
    plan as a whole). Other rows pass unchanged."""
    whole = f"plan:{plan_id}"
    if goal_indicators.empty or not (goal_indicators["geo_code"] == whole).any():
        return goal_indicators
    rows = []
    for r in goal_indicators.to_dict("records"):
        rows.append(r)
        if r["geo_code"] == whole:
            for a in areas.to_dict("records"):
                rows.append(
                    {**r, "geo_code": a["geo_code"], "geo_name": f"{a['geo_name']} (delområde)"}
                )
    return pd.DataFrame(rows, columns=goal_indicators.columns)


def goal_indicators(
    query: Callable[..., pd.DataFrame], plan_id: str, version_no: int | None = None
) -> pd.DataFrame:
    """The plan's goal indicators as the Overblik shows them: `plan_goal_indicators` (of
    version `version_no`; None: the newest) with the breakdown rows of with_breakdown. The one
    list the meeting pack, `etl overview` and the follow-up snapshots are made from, as the
    Overblik, Indikator and Sammenlign pages are."""
    if version_no is None:
        gis = query("plan_goal_indicators", plan_id=plan_id)
    else:
        gis = query(VERSIONED["plan_goal_indicators"], plan_id=plan_id, version_no=int(version_no))
    return with_breakdown(gis, query("plan_areas", plan_id=plan_id), plan_id)


def overview_years(frames: dict[str, pd.DataFrame], plan: pd.Series) -> tuple[list[int], int]:
    """The years the Overblik can be judged at, and the default (newest full year)."""
    series = frames["plan_series"]
    baseline_years = frames["plan_baselines_detail"]["year"].dropna().tolist()
    years = dashboard.plan_years(plan["period_start"], series, baseline_years)
    return years, dashboard.default_year(series, years[-1])
