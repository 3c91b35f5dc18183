"""The source kinds of formats.md, one module each (see `etl.sources.base.Source`)."""

from __future__ import annotations

from etl.sources import dst, lbf_long, lbf_wide, lokal, tryghed
from etl.sources.base import Source

# In the order headers are tried: the most specific layout first.
SOURCES: tuple[Source, ...] = (
    dst.SOURCE,
    tryghed.SOURCE,
    lokal.SOURCE,
    lbf_wide.SOURCE,
    lbf_long.SOURCE,
)
BY_LAYOUT: dict[str, Source] = {s.layout: s for s in SOURCES}
LAYOUT_KIND: dict[str, str] = {s.layout: s.kind for s in SOURCES}
KINDS: tuple[str, ...] = tuple(dict.fromkeys(s.kind for s in SOURCES))

__all__ = ["BY_LAYOUT", "KINDS", "LAYOUT_KIND", "SOURCES", "Source"]
