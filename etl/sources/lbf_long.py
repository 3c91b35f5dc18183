"""LBF, long layout (`lbf-lang`): one row per value,
`Indikator; Geografi; Geografikode; År; Andel; Antal; Grundlag` (a grade or an amount in
`Værdi`). Which column holds a row's value follows its indicator's unit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from etl.sources.base import Source

# Value columns by the indicator's unit, in order of preference.
LONG_VALUE_SLOTS = {"andel": ("andel", "vaerdi"), "antal": ("antal", "vaerdi")}
OTHER_VALUE_SLOTS = ("vaerdi", "andel")
VALUE_COLUMNS = ("andel", "antal", "grundlag", "vaerdi")


def _detect(have: set[str], header: object) -> bool:
    return {"indikator", "geografi", "aar"} <= have and bool(have & set(VALUE_COLUMNS))


def _missing(have: set[str], header: object) -> list[str]:
    return [] if have & set(VALUE_COLUMNS) else ["Andel, Værdi, Antal eller Grundlag"]


def _filled(frame: pd.DataFrame, slot: str) -> np.ndarray:
    return (frame[f"{slot}__text"].to_numpy(dtype=object) != "") | ~np.isnan(
        frame[f"{slot}__number"].to_numpy(dtype="float64")
    )


def value_slot(frame: pd.DataFrame) -> pd.Series:
    """Which column holds each row's value: the first preferred filled one for its unit."""
    present = [s for s in ("andel", "vaerdi", "antal") if f"{s}__text" in frame]
    units = frame["unit"].to_numpy(dtype=object)
    chosen = np.full(len(frame), None, dtype=object)
    filled = {slot: _filled(frame, slot) for slot in present}
    for unit in pd.unique(units):
        rows = units == unit
        prefs = [s for s in LONG_VALUE_SLOTS.get(unit, OTHER_VALUE_SLOTS) if s in present] or [
            s for s in OTHER_VALUE_SLOTS if s in present
        ]
        if not prefs:
            continue
        pick = np.full(len(frame), prefs[0], dtype=object)
        for slot in reversed(prefs):  # the first preferred non-empty cell wins
            pick = np.where(filled[slot], slot, pick)
        chosen[rows] = pick[rows]
    return pd.Series(chosen, index=frame.index, dtype="object")


def _report_unused_cells(parser: Any, frame: pd.DataFrame, slots: dict[str, pd.Series]) -> None:
    """A figure in a column the indicator's unit does not use would be lost silently."""
    known = frame["indicator_code"].notna().to_numpy()
    for slot in ("andel", "vaerdi", "antal"):
        if f"{slot}__text" not in frame:
            continue
        used = (slots["value"].to_numpy(dtype=object) == slot) | (
            slots["numerator"].to_numpy(dtype=object) == slot
        )
        parser.row_problems(
            frame,
            known & _filled(frame, slot) & ~used,
            frame[f"{slot}__column"].iloc[0],
            f"{slot}__text",
            lambda r: (
                f"cellen bruges ikke: indikatoren måles som {r['unit']}, og værdien "
                "står allerede i en anden kolonne eller hører til en anden"
            ),
        )


def _records(parser: Any, frame: pd.DataFrame) -> pd.DataFrame | None:
    value = value_slot(frame)
    slots = {
        "value": value,
        "numerator": pd.Series(None, index=frame.index, dtype="object"),
        "denominator": pd.Series(None, index=frame.index, dtype="object"),
    }
    if "antal__text" in frame:
        slots["numerator"] = pd.Series(
            np.where(value.ne("antal"), "antal", None), index=frame.index
        )
    if "grundlag__text" in frame:
        slots["denominator"] = parser.fixed_slot(frame, "grundlag")
    _report_unused_cells(parser, frame, slots)
    return parser.long_records(frame, slots)


SOURCE = Source(
    layout="lbf-lang",
    kind="lbf",
    required=("indikator", "geografi", "aar"),
    slots=("andel", "vaerdi", "antal", "grundlag"),
    period_column="aar",
    only_years=True,
    detect=_detect,
    indicators=lambda parser, frame: parser.indicators_by_name(frame),
    records=_records,
    missing=_missing,
)
