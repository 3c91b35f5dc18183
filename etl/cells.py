"""The cell rules of formats.md, vectorised over a column (a million values parse in seconds).

A column is parsed to: value (float), suppressed, suppressed_below, uncertain, raw text, and an
error message per cell that is not a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.readers import PercentCell

SUPPRESSED = re.compile(r"^(?:-|–|\.\.|\*|x|X|\(d\)|\(D\))$")
BELOW = re.compile(r"^<\s*(\d+)$")
THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")  # 2.303 or 1.234.567
DANISH = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$")  # 1.234,5
PLAIN = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass
class ParsedColumn:
    value: pd.Series  # float64, NaN where missing/suppressed/bad
    suppressed: pd.Series  # bool
    suppressed_below: pd.Series  # Int64
    uncertain: pd.Series  # bool
    raw: pd.Series  # str
    error: pd.Series  # str or None
    percent_sign: pd.Series  # bool: the text carried '%' (or the cell was formatted as percent)
    assumed_decimal_point: bool = False


def parse_column(cells: pd.Series, *, share: bool) -> ParsedColumn:
    """Parse one column of cells; `share` columns treat '1.234' as an error unless the
    column's other values show that the point is decimal."""
    cells = cells.reset_index(drop=True)
    is_number = cells.map(lambda c: isinstance(c, float | int) and not isinstance(c, bool))
    is_percent_cell = cells.map(lambda c: isinstance(c, PercentCell))
    raw = cells.map(lambda c: "" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c))
    text = (
        raw.str.replace("\u00a0", " ", regex=False)
        .str.replace("\u2212", "-", regex=False)
        .str.strip()
    )
    uncertain = text.str.endswith("?")
    text = text.str.rstrip("?").str.strip()
    percent = text.str.endswith("%") | is_percent_cell
    text = text.str.rstrip("%").str.strip()
    empty = text.eq("") & ~is_number
    marker = text.str.match(SUPPRESSED) & ~is_number
    below = text.str.extract(BELOW, expand=False)
    below_mask = below.notna() & ~is_number
    suppressed = marker | below_mask
    body = text.str.replace(" ", "", regex=False)
    # Number forms: Danish with thousands dots and decimal comma; dots as thousands; plain.
    danish = body.str.match(DANISH)
    dots = body.str.match(THOUSANDS_DOT)
    plain = body.str.match(PLAIN)
    numeric_text = ~is_number & ~empty & ~suppressed
    converted = pd.Series(np.nan, index=cells.index, dtype="float64")
    converted[is_number] = cells[is_number].astype("float64")
    d = numeric_text & danish
    converted[d] = body[d].str.replace(".", "", regex=False).str.replace(",", ".").astype(float)
    p = numeric_text & plain & ~dots
    converted[p] = body[p].str.replace(",", ".", regex=False).astype(float)
    error = pd.Series(None, index=cells.index, dtype="object")
    assumed = False
    ambiguous = numeric_text & dots
    if ambiguous.any():
        if not share:
            converted[ambiguous] = body[ambiguous].str.replace(".", "", regex=False).astype(float)
        else:
            # '1.234' in a share column: thousands make no sense for a share, so only a
            # decimal point is possible; accept it when the column uses decimal points elsewhere.
            decimal_point_elsewhere = (
                numeric_text & plain & ~dots & body.str.contains(r"\.")
            ).any()
            if decimal_point_elsewhere:
                converted[ambiguous] = body[ambiguous].astype(float)
                assumed = True
            else:
                error[ambiguous] = (
                    "tvetydigt tal i en andelskolonne: punktum kan være tusindtals- eller "
                    "decimaltegn"
                )
    bad = numeric_text & ~danish & ~plain & ~dots
    error[bad] = "ikke et tal"
    return ParsedColumn(
        value=converted,
        suppressed=suppressed,
        suppressed_below=pd.to_numeric(below.where(below_mask), errors="coerce").astype("Int64"),
        uncertain=uncertain,
        raw=raw,
        error=error,
        percent_sign=percent,
        assumed_decimal_point=assumed,
    )
