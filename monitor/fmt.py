"""Danish number and date formatting for everything the UI and exports show (88,4 %, 2.303)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

NBSP = "\u00a0"
MINUS = "\u2212"
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def _missing(x: object) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def fmt_number(x: float | int | None, decimals: int | None = None) -> str:
    """'2.303', '88,4', '1.234,5'; whole numbers without decimals unless asked; '–' if missing."""
    if _missing(x):
        return "–"
    x = float(x)  # type: ignore[arg-type]
    if decimals is None:
        decimals = 0 if x == int(x) else 1
    text = f"{abs(x):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return (MINUS if x < 0 and float(text.replace(".", "").replace(",", ".")) else "") + text


def fmt_int(x: float | int | None) -> str:
    """A count: '2.303'."""
    return fmt_number(None if _missing(x) else round(float(x)), 0)  # type: ignore[arg-type]


def fmt_share(x: float | None, decimals: int = 1) -> str:
    """A share in percent points: '88,4 %' (non-breaking space, so it never wraps)."""
    if _missing(x):
        return "–"
    return f"{fmt_number(x, decimals)}{NBSP}%"


def fmt_value(x: float | None, unit: str) -> str:
    """A figure in its unit: andel '88,4 %', antal '3', gennemsnit '5,8', beløb '12.345 kr.'."""
    if _missing(x):
        return "–"
    if unit == "andel":
        return fmt_share(x)
    if unit == "antal":
        return fmt_number(x)
    if unit == "gennemsnit":
        return fmt_number(x, 1)
    if unit == "beløb":
        return f"{fmt_number(x, 0)}{NBSP}kr."
    if unit == "pr. 1000":
        return f"{fmt_number(x, 1)} pr.{NBSP}1.000"
    return fmt_number(x)


def fmt_change(x: float | None, unit: str) -> str:
    """A signed change: '+2,1 pct.-point', '−1,3', '±0'."""
    if _missing(x):
        return "–"
    x = float(x)  # type: ignore[arg-type]
    decimals = 0 if unit == "antal" and x == int(x) else 1
    if round(x, decimals) == 0:
        text = "±0"
    else:
        text = ("+" if x > 0 else MINUS) + fmt_number(abs(x), decimals)
    if unit == "andel":
        return f"{text}{NBSP}pct.-point"
    if unit == "beløb":
        return f"{text}{NBSP}kr."
    return text


def fmt_suppressed(below: int | None) -> str:
    """A value the source did not publish: 'diskretioneret (<5)'."""
    return "diskretioneret" if _missing(below) else f"diskretioneret (<{int(below)})"  # type: ignore[arg-type]


def fmt_date_da(d: dt.date | dt.datetime | pd.Timestamp) -> str:
    """'23. november 2026'."""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def fmt_datetime_da(d: dt.datetime | pd.Timestamp) -> str:
    """'23. november 2026 kl. 14.05' (in the timestamp's own zone)."""
    return f"{fmt_date_da(d)} kl. {d.hour:02d}.{d.minute:02d}"
