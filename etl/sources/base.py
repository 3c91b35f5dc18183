"""What a source kind module describes: its layout's columns, how its header is recognised,
how each row finds its indicator, and how its rows become standard records.

A source module defines `SOURCE = Source(...)`. The shared path (`etl.parse`) reads the sheet,
finds the header, resolves geographies and periods, parses cells, validates and assembles; it
calls the module for what only that layout knows. A new source kind is one new module listed in
`etl.sources.SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # the shared path hands itself to the hooks
    from etl.layouts import Header

# A hook gets the running parser (etl.parse.Parser) and the sheet rows as a frame.
Hook = Callable[[Any, pd.DataFrame], Any]


@dataclass(frozen=True)
class Source:
    """One layout of formats.md."""

    layout: str  # 'lbf-bred', 'lbf-lang', 'tryghed', 'lokal', 'dst'
    kind: str  # the source kind a user names (--kind): 'lbf', 'tryghed', 'lokal', 'dst'
    required: tuple[str, ...]  # canonical columns the layout needs
    slots: tuple[str, ...] | None  # value columns read per row; None: one column per year
    period_column: str  # canonical column of the period
    only_years: bool  # periods must be years (no quarters or months)
    detect: Callable[[set[str], Header], bool]  # does a header row belong to this layout?
    indicators: Hook  # -> Series of indicator codes (None where unknown)
    records: Hook  # -> frame of value/numerator/denominator cells per record, or None
    names_indicator: bool = True  # rows name their indicator (dst: the user does)
    finish: Callable[[Any, pd.DataFrame], pd.DataFrame] | None = None  # last touch on records
    missing: Callable[[set[str], Header], list[str]] | None = None  # extra missing columns
