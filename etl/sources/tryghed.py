"""Surveys (`tryghed`): one row per question, answer group, geography and survey year:
`Undersøgelse; År; Geografi; Spørgsmål; Svarkategori; Andel; Antal svar`.

A row finds its indicator by an Indikator column when there is one, else by question and answer
group (and the survey, where two surveys ask the same). A survey indicator belongs to its survey:
a figure from another survey is kept with its own survey, and the series shows the break."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from etl.resolve import same_survey, unique_map
from etl.sources.base import Source


def _detect(have: set[str], header: object) -> bool:
    return {"spoergsmaal", "andel"} <= have and bool(have & {"undersoegelse", "svarkategori"})


def _indicators(parser: Any, frame: pd.DataFrame) -> pd.Series:
    lk = parser.lookup
    # Tuples, not joined text: a cell may hold any character, a separator included.
    key = pd.Series(
        list(
            zip(
                frame["indicator_text"],
                frame["survey_text"],
                frame["question_text"],
                frame["answer_text"],
                strict=True,
            )
        ),
        index=frame.index,
        dtype="object",
    )

    def one(k: object) -> str | None:
        name, survey, question, answer = k  # type: ignore[misc]
        if name:
            return parser.indicator_for(name)
        candidates = lk.survey_candidates(question, answer)
        if len(candidates) > 1 and survey:
            same = [c for c in candidates if same_survey(lk.indicator_surveys.get(c), survey)]
            candidates = same or candidates
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            if lk.survey_candidates(question, ""):
                return None  # a known question with another answer group
            by_name = lk.indicator(question)
            if by_name is None and answer:
                by_name = lk.indicator(f"{question} {answer}")
            return by_name
        return None

    codes = unique_map(key, one)
    mismatch = [
        bool(c) and bool(s) and not same_survey(lk.indicator_surveys.get(c), s)
        for c, s in zip(codes, frame["survey_text"], strict=True)
    ]
    parser.row_problems(
        frame,
        np.asarray(mismatch, dtype=bool),
        "Undersøgelse",
        "survey_text",
        lambda r: (
            f"indikatoren '{codes[r.name]}' hører til undersøgelsen "
            f"'{lk.indicator_surveys.get(codes[r.name])}'; tallet gemmes med sin egen "
            "undersøgelse, og serien viser bruddet"
        ),
        severity="advarsel",
    )
    return codes


def _records(parser: Any, frame: pd.DataFrame) -> pd.DataFrame | None:
    slots = {"value": parser.fixed_slot(frame, "andel")}
    if "antal svar__text" in frame:
        slots["denominator"] = parser.fixed_slot(frame, "antal svar")
    return parser.long_records(frame, slots)


def _finish(parser: Any, out: pd.DataFrame) -> pd.DataFrame:
    """A survey figure names its survey even when the file's column is empty."""
    surveys = parser.lookup.indicator_surveys
    fill = out["survey"].isna() & out["indicator_code"].isin(list(surveys))
    if fill.any():
        out.loc[fill, "survey"] = out.loc[fill, "indicator_code"].map(surveys)
    return out


SOURCE = Source(
    layout="tryghed",
    kind="tryghed",
    required=("aar", "geografi", "spoergsmaal", "andel"),
    slots=("andel", "antal svar"),
    period_column="aar",
    only_years=True,
    detect=_detect,
    indicators=_indicators,
    records=_records,
    finish=_finish,
)
