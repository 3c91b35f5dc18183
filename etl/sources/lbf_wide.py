"""LBF, wide layout (`lbf-bred`): one row per indicator, geography and Enhed, one column per
year. Each (row, year) cell is the share, count or base of one observation, by the row's Enhed;
rows of the same indicator and geography pair up."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from etl.resolve import unique_map
from etl.sources.base import Source
from monitor.text import normalise

ROLES = ("value", "numerator", "denominator")
VALUE_PARTS = ("value", "empty", "suppressed", "below", "uncertain", "raw", "column", "row")
BASE_COLUMNS = ["period_type", "year", "unit", "uncertain_flag", "survey_text", "note_text",
                "source_text", "source_sheet"]  # fmt: skip
# Enhed column (normalised) -> unit.
UNITS = {
    "andel": "andel", "antal": "antal", "grundlag": "grundlag", "gennemsnit": "gennemsnit",
    "beloeb": "beløb", "belob": "beløb", "pr. 1000": "pr. 1000", "pr 1000": "pr. 1000",
    "promille": "pr. 1000",
}  # fmt: skip


def _detect(have: set[str], header: Any) -> bool:
    return {"indikator", "geografi", "enhed"} <= have and bool(header.years or header.bad_years)


def _missing(have: set[str], header: Any) -> list[str]:
    return [] if header.years or header.bad_years else ["årstalskolonner (fx 2019)"]


def _records(parser: Any, frame: pd.DataFrame) -> pd.DataFrame | None:
    header = parser.header_for("lbf-bred")
    if not header.years:  # only columns that are no year, each reported at the header
        return None
    enhed = unique_map(frame["unit_text"], lambda t: UNITS.get(normalise(str(t))))
    unknown = enhed.isna().to_numpy()
    parser.row_problems(
        frame,
        unknown,
        header.shown("enhed"),
        "unit_text",
        "ukendt enhed; brug andel, antal, grundlag, gennemsnit, beløb eller pr. 1000",
    )
    role = np.select(
        [
            enhed.eq("grundlag").to_numpy(),
            (enhed.eq("antal") & frame["unit"].ne("antal")).to_numpy(),
        ],
        ["denominator", "numerator"],
        "value",
    )
    role = np.where(unknown, None, role).astype(object)
    known = frame["indicator_code"].notna().to_numpy()
    mismatch = (role == "value") & known & (enhed.to_numpy(dtype=object) != frame["unit"])
    parser.row_problems(
        frame,
        mismatch & ~unknown,
        header.shown("enhed"),
        "unit_text",
        lambda r: f"enheden passer ikke med indikatorens enhed '{r['unit']}'",
    )
    role[mismatch] = None
    frame["role"] = pd.Series(role, index=frame.index, dtype="object")
    for part in ("text", "number", "percent", "column"):
        frame[f"value__{part}"] = frame[f"cell__{part}"]
    frame["value__row"] = frame["source_row"]
    share = ((role == "value") & frame["unit"].isin(["andel", ""]).to_numpy()).astype(bool)
    parser.parse_role_cells(frame, "value", share)
    keys = ["indicator_code", "geo_code", "period"]
    # Only the columns used below: a copy of every column of 2,8 M cells is a gigabyte.
    used = [*keys, "role", "source_sheet", "source_row", *BASE_COLUMNS]
    used += [f"value__{p}" for p in VALUE_PARTS]
    mask = (pd.notna(frame["role"]) & ~frame["value__empty"]).to_numpy()
    keep = frame.loc[mask, list(dict.fromkeys(used))]
    keep = keep[keep[keys].notna().all(axis=1)]
    if keep.empty:
        return None
    parts = {}
    for r in ROLES:
        sub = keep[keep["role"] == r]
        sub = _drop_duplicate_cells(parser, sub, keys)
        cols = {f"value__{p}": f"{r}__{p}" for p in VALUE_PARTS}
        cols.update({"source_sheet": f"{r}__sheet"})
        parts[r] = sub[[*keys, *cols]].set_index(keys).rename(columns=cols)
        del sub
    base = keep[[*keys, *BASE_COLUMNS]].drop_duplicates(keys).set_index(keys)
    del keep
    out = base.join(parts["value"], how="left")
    out = out.join(parts["numerator"], how="left").join(parts["denominator"], how="left")
    out = out.reset_index()
    for r in ROLES:
        out[f"{r}__empty"] = out[f"{r}__empty"].astype("boolean").fillna(True).astype(bool)
        for flag in ("suppressed", "uncertain"):
            out[f"{r}__{flag}"] = out[f"{r}__{flag}"].astype("boolean").fillna(False)
            out[f"{r}__{flag}"] = out[f"{r}__{flag}"].astype(bool)
        out[f"{r}__raw"] = out[f"{r}__raw"].astype("object").fillna("")
    # The source row of a record is its value cell's row, else its count's.
    rows = out["value__row"].fillna(out["numerator__row"]).fillna(out["denominator__row"])
    out["source_row"] = rows.astype("int64")
    sheet = out["value__sheet"].where(out["value__row"].notna(), out["numerator__sheet"])
    out["source_sheet"] = sheet.where(
        out["value__row"].notna() | out["numerator__row"].notna(), out["denominator__sheet"]
    )
    return out


def _drop_duplicate_cells(parser: Any, sub: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The same figure twice (same indicator, geography, year and Enhed)."""
    dup = sub.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return sub
    first = sub[dup].drop_duplicates(keys).set_index(keys)
    later = sub[dup & sub.duplicated(keys, keep="first").to_numpy()]
    limit = parser.max_per_kind
    for _, r in later.head(limit).iterrows():
        f = first.loc[tuple(r[k] for k in keys)]
        same = (r["value__raw"] == f["value__raw"]) or (r["value__value"] == f["value__value"])
        parser.problem(
            f"samme indikator, geografi og år som række {int(f['source_row'])}"
            + (": indlæst én gang" if same else ", men med en anden værdi"),
            sheet=r["source_sheet"],
            row=int(r["source_row"]),
            column=r["value__column"],
            text=r["value__raw"],
            severity="advarsel" if same else "fejl",
        )
    parser.more(len(later) - limit, later, "fejl")
    return sub.drop_duplicates(keys, keep="first")


SOURCE = Source(
    layout="lbf-bred",
    kind="lbf",
    required=("indikator", "geografi", "enhed"),
    slots=None,
    period_column="aar",
    only_years=True,
    detect=_detect,
    indicators=lambda parser, frame: parser.indicators_by_name(frame),
    records=_records,
    missing=_missing,
)
