"""Local counts (`lokal`): `Indikator; Geografi; Periode; Antal; Kilde; Usikker; Note`, kept
per year, quarter or month."""

from __future__ import annotations

from typing import Any

import pandas as pd

from etl.sources.base import Source


def _detect(have: set[str], header: object) -> bool:
    return {"indikator", "geografi", "periode", "antal"} <= have


def _records(parser: Any, frame: pd.DataFrame) -> pd.DataFrame | None:
    return parser.long_records(frame, {"value": parser.fixed_slot(frame, "antal")})


SOURCE = Source(
    layout="lokal",
    kind="lokal",
    required=("indikator", "geografi", "periode", "antal"),
    slots=("antal",),
    period_column="periode",
    only_years=False,
    detect=_detect,
    indicators=lambda parser, frame: parser.indicators_by_name(frame),
    records=_records,
)
