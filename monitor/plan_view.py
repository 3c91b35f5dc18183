"""The plan's goals, indicators and baselines arranged for display (no Streamlit here)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from monitor.fmt import fmt_number, fmt_value
from monitor.overview import Reading, goal_baselines

ROLE_LABELS = {"omraade": "Område", "kommune": "Kommune", "sammenligning": "Sammenligning"}
KIND_LABELS = {"maal": "Mål", "delmaal": "Delmål"}


@dataclass
class GoalView:
    goal_id: str
    kind: str
    title: str
    baselines: pd.DataFrame  # one display row per indicator and baseline geography
    targets: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)


def format_baseline(
    value: float | None,
    count: int | None,
    unit: str,
    uncertain: bool,
    *,
    from_data: bool = False,
    incomplete: bool = False,
) -> str:
    """'88,4 % (266)', '5,8', '3 (usikker)', '10 (fra data)' for a baseline the plan left
    empty and the data gave, or 'ikke angivet' when neither has one."""
    if value is None or pd.isna(value):
        return "ikke angivet"
    text = fmt_value(value, unit)
    if count is not None and not pd.isna(count) and unit != "antal":
        text += f" ({fmt_number(int(count))})"
    marks = []
    if uncertain:
        marks.append("usikker")
    if from_data:
        marks.append("fra data")
    if incomplete:
        marks.append("mangler afdelinger")
    if marks:
        text += f" ({', '.join(marks)})"
    return text


def _reading_row(
    indicator: str, geo_name: str, role: str, reading: Reading, unit: str, source: str
) -> dict[str, str]:
    """A display row for a baseline taken from the data (the plan gave none)."""
    count = reading.numerator if unit == "andel" else None
    return {
        "Indikator": indicator,
        "Geografi": geo_name,
        "Rolle": role,
        "Baseline": format_baseline(
            reading.value,
            None if count is None else round(count),
            unit,
            reading.uncertain,
            from_data=reading.from_data,
            incomplete=reading.incomplete,
        ),
        "År": "" if reading.year is None else str(reading.year),
        "Kilde": source,
    }


def goals_by_indsatsomraade(
    goal_indicators: pd.DataFrame,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    activities: pd.DataFrame,
    *,
    series: pd.DataFrame | None = None,
    plan_start_year: int | None = None,
    kommune_code: str | None = None,
) -> dict[str, list[GoalView]]:
    """Group a plan's goals under its indsatsområder, each with a table of its baselines.

    With `series` (plan_series), `plan_start_year` and `kommune_code`, a baseline the plan left
    empty is taken from the data exactly as the Overblik takes it (monitor.overview
    .goal_baselines), marked 'fra data'; without them it reads 'ikke angivet'.
    """
    from_data = series is not None and plan_start_year is not None and kommune_code is not None
    grouped: dict[str, list[GoalView]] = {}
    for goal_id, rows in goal_indicators.groupby("goal_id", sort=False):
        first = rows.iloc[0]
        table_rows = []
        for ind in rows.dropna(subset=["indicator_code"]).to_dict("records"):
            own = baselines[
                (baselines["goal_id"] == goal_id)
                & (baselines["indicator_code"] == ind["indicator_code"])
                & (baselines["area_code"] == ind["geo_code"])
            ]
            source = ind.get("source") or ""
            found = (
                goal_baselines(
                    ind,
                    baselines,
                    series,  # type: ignore[arg-type]
                    plan_start_year=plan_start_year,  # type: ignore[arg-type]
                    kommune_code=kommune_code,  # type: ignore[arg-type]
                )
                if from_data
                else None
            )
            if own.empty:
                if found is not None and found.area.value is not None:
                    table_rows.append(
                        _reading_row(
                            ind["indicator_name"],
                            ind["geo_name"],
                            "Område",
                            found.area,
                            ind["unit"],
                            source,
                        )
                    )
                    if found.comparator.value is not None:
                        role = (
                            "Kommune" if found.comparator_code == kommune_code else "Sammenligning"
                        )
                        table_rows.append(
                            _reading_row(
                                ind["indicator_name"],
                                str(found.comparator_name or ""),
                                role,
                                found.comparator,
                                ind["unit"],
                                source,
                            )
                        )
                else:
                    table_rows.append(
                        {
                            "Indikator": ind["indicator_name"],
                            "Geografi": ind["geo_name"],
                            "Rolle": "Område",
                            "Baseline": "ikke angivet",
                            "År": "",
                            "Kilde": source,
                        }
                    )
            for b in own.itertuples():
                reading = None
                if found is not None and (b.value is None or pd.isna(b.value)):
                    if b.role == "omraade":
                        reading = found.area
                    elif b.geo_code == found.comparator_code:
                        reading = found.comparator
                if reading is not None and reading.value is not None:
                    row = _reading_row(
                        ind["indicator_name"],
                        b.geo_name,
                        ROLE_LABELS[b.role],
                        reading,
                        b.unit,
                        b.source or "",
                    )
                    table_rows.append(row)
                    continue
                table_rows.append(
                    {
                        "Indikator": ind["indicator_name"],
                        "Geografi": b.geo_name,
                        "Rolle": ROLE_LABELS[b.role],
                        "Baseline": format_baseline(b.value, b.count, b.unit, bool(b.uncertain)),
                        "År": "" if pd.isna(b.year) else str(int(b.year)),
                        "Kilde": b.source or "",
                    }
                )
        own_targets = targets[targets["goal_id"] == goal_id]["text"].tolist()
        supporting = [a.name for a in activities.itertuples() if goal_id in list(a.goal_ids)]
        grouped.setdefault(first["indsatsomraade"], []).append(
            GoalView(
                goal_id=str(goal_id),
                kind=first["kind"],
                title=first["title"],
                baselines=pd.DataFrame(
                    table_rows,
                    columns=["Indikator", "Geografi", "Rolle", "Baseline", "År", "Kilde"],
                ),
                targets=own_targets,
                activities=supporting,
            )
        )
    return grouped


def unlinked_activities(activities: pd.DataFrame, indsatsomraade: str) -> list[str]:
    """The names of an indsatsområde's activities that support no named delmål."""
    return [
        a.name
        for a in activities.itertuples()
        if a.indsatsomraade == indsatsomraade and len(list(a.goal_ids)) == 0
    ]
