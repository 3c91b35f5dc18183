"""The plan's goals, indicators and baselines arranged for display (no Streamlit here)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from monitor.fmt import fmt_number, fmt_value

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


def format_baseline(value: float | None, count: int | None, unit: str, uncertain: bool) -> str:
    """'88,4 % (266)', '5,8', '3 (usikker)' or 'ikke angivet' for an empty seed cell."""
    if value is None or pd.isna(value):
        return "ikke angivet"
    text = fmt_value(value, unit)
    if count is not None and not pd.isna(count) and unit != "antal":
        text += f" ({fmt_number(int(count))})"
    if uncertain:
        text += " (usikker)"
    return text


def goals_by_indsatsomraade(
    goal_indicators: pd.DataFrame,
    baselines: pd.DataFrame,
    targets: pd.DataFrame,
    activities: pd.DataFrame,
) -> dict[str, list[GoalView]]:
    """Group a plan's goals under its indsatsområder, each with a table of its baselines."""
    grouped: dict[str, list[GoalView]] = {}
    for goal_id, rows in goal_indicators.groupby("goal_id", sort=False):
        first = rows.iloc[0]
        table_rows = []
        for ind in rows.dropna(subset=["indicator_code"]).itertuples():
            own = baselines[
                (baselines["goal_id"] == goal_id)
                & (baselines["indicator_code"] == ind.indicator_code)
                & (baselines["area_code"] == ind.geo_code)
            ]
            if own.empty:
                table_rows.append(
                    {
                        "Indikator": ind.indicator_name,
                        "Geografi": ind.geo_name,
                        "Rolle": "Område",
                        "Baseline": "ikke angivet",
                        "År": "",
                        "Kilde": ind.source or "",
                    }
                )
            for b in own.itertuples():
                table_rows.append(
                    {
                        "Indikator": ind.indicator_name,
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
