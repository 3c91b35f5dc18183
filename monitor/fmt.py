"""Danish number and date formatting for everything the UI and exports show (88,4 %, 2.303).

Rounding is half up on the decimal figure as written (88,45 -> 88,5), as readers of Danish
statistics expect, not Python's round-half-even on the binary float. Units and signs are joined
with non-breaking spaces so that "88,4 %" or "12.345 kr." never wraps between number and unit.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"  # shown for a missing figure
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def is_missing(x: object) -> bool:
    """None, NaN (any float type), pd.NA, NaT or an infinite number: nothing to show."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isnan(value) or math.isinf(value)


_missing = is_missing


def _round(x: float | int, decimals: int) -> Decimal:
    """Round half up on the shortest decimal text of x (repr), so 88.45 -> 88.5."""
    try:
        exact = Decimal(repr(float(x)))
    except InvalidOperation:  # pragma: no cover - _missing rules out nan and inf first
        exact = Decimal(0)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _is_whole(x: float, decimals: int = 1) -> bool:
    """Whole once rounded to `decimals` (2.96 shows as 3, not 3,0)."""
    return _round(x, decimals) == _round(x, decimals).to_integral_value()


def fmt_number(x: float | int | None, decimals: int | None = None) -> str:
    """'2.303', '88,4', '1.234,5', '−1,5'; whole numbers without decimals unless `decimals` is
    given (otherwise one decimal); '–' if missing."""
    if _missing(x):
        return DASH
    value = float(x)  # type: ignore[arg-type]
    if decimals is None:
        decimals = 0 if _is_whole(value) else 1
    rounded = _round(abs(value), decimals)
    text = f"{rounded:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    # No sign on a figure that rounds to zero: "−0,0" would suggest a direction.
    return (MINUS if value < 0 and rounded != 0 else "") + text


def fmt_int(x: float | int | None) -> str:
    """A count: '2.303' (rounded half up), '–' if missing."""
    return fmt_number(x, 0)


def fmt_share(x: float | None, decimals: int = 1) -> str:
    """A share given in percent (0-100): '88,4 %' with a non-breaking space before '%'."""
    if _missing(x):
        return DASH
    return f"{fmt_number(x, decimals)}{NBSP}%"


def fmt_value(x: float | None, unit: str) -> str:
    """A figure in its unit: andel '88,4 %', antal '3' (or '2,5'), gennemsnit '5,8',
    beløb '12.345 kr.', pr. 1000 '4,2 pr. 1.000'; '–' if missing."""
    if _missing(x):
        return DASH
    if unit == "andel":
        return fmt_share(x)
    if unit == "antal":
        return fmt_number(x)
    if unit == "gennemsnit":
        return fmt_number(x, 1)
    if unit == "beløb":
        return f"{fmt_number(x, 0)}{NBSP}kr."
    if unit == "pr. 1000":
        return f"{fmt_number(x, 1)}{NBSP}pr.{NBSP}1.000"
    return fmt_number(x)


def _change_decimals(x: float, unit: str) -> int:
    if unit == "beløb":
        return 0
    if unit == "antal":
        return 0 if _is_whole(x) else 1
    return 1


def fmt_change(x: float | None, unit: str) -> str:
    """A signed change: '+2,1 pct.-point' for shares (a difference of percentages is in
    percentage points), '−1,3', '+2', '+500 kr.'; '±0' when it rounds to zero."""
    if _missing(x):
        return DASH
    value = float(x)  # type: ignore[arg-type]
    decimals = _change_decimals(value, unit)
    if _round(abs(value), decimals) == 0:
        text = "±0"
    else:
        text = ("+" if value > 0 else MINUS) + fmt_number(abs(value), decimals)
    if unit == "andel":
        return f"{text}{NBSP}pct.-point"
    if unit == "beløb":
        return f"{text}{NBSP}kr."
    return text


def fmt_suppressed(below: int | None) -> str:
    """A value the source did not publish: 'diskretioneret (<5)', or 'diskretioneret' when the
    limit is unknown."""
    if _missing(below) or float(below) <= 0:  # type: ignore[arg-type]
        return "diskretioneret"
    return f"diskretioneret (<{fmt_int(below)})"


def _as_date(d: dt.date | dt.datetime | pd.Timestamp | str | None) -> dt.date | None:
    if _missing(d):
        return None
    if isinstance(d, str):
        return pd.Timestamp(d)
    return d  # type: ignore[return-value]


def fmt_date_da(d: dt.date | dt.datetime | pd.Timestamp | str | None) -> str:
    """'23. november 2026'; '–' if missing."""
    day = _as_date(d)
    if day is None:
        return DASH
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def fmt_datetime_da(d: dt.datetime | pd.Timestamp | str | None) -> str:
    """'23. november 2026 kl. 14.05' (in the timestamp's own zone); a bare date gives the date
    only; '–' if missing."""
    moment = _as_date(d)
    if moment is None:
        return DASH
    if not isinstance(moment, dt.datetime):  # a date has no time of day to show
        return fmt_date_da(moment)
    return f"{fmt_date_da(moment)} kl. {moment.hour:02d}.{moment.minute:02d}"
