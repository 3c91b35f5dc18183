"""Danmarks Statistik tables (`dst`): `OMRÅDE;TID;INDHOLD` as Statistikbanken exports them.

The file does not say which indicator it feeds; the user names it (`--indicator CODE`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from etl.sources.base import Source


def _detect(have: set[str], header: object) -> bool:
    return {"omraade", "tid", "indhold"} <= have


def _indicators(parser: Any, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(parser.indicator_code, index=frame.index, dtype=object)


def _records(parser: Any, frame: pd.DataFrame) -> pd.DataFrame | None:
    return parser.long_records(frame, {"value": parser.fixed_slot(frame, "indhold")})


SOURCE = Source(
    layout="dst",
    kind="dst",
    required=("omraade", "tid", "indhold"),
    slots=("indhold",),
    period_column="tid",
    only_years=False,
    detect=_detect,
    indicators=_indicators,
    records=_records,
    names_indicator=False,
)
