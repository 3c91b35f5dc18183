"""Names to registry codes: indicators (by alias, or by survey question and answer group),
geographies (codes, names, kommune numbers, 'Almene boliger i kommunen') and periods.

Every function maps the distinct values once, so a million rows cost as much as their few
hundred different names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np
import pandas as pd

from monitor.text import loose_key

_ORG_NR = re.compile(r"^([a-zæøå]+)\s*-?\s*(?:afd\.?|afdeling)?\s*0*(\d+)$", re.IGNORECASE)
_ALMENE = re.compile(r"^almene\s+boliger(?:\s+i\s*(.*))?$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[KkQq]\s*([1-4])$")
_MONTH = re.compile(r"^(\d{4})\s*(?:-|/|[Mm])\s*(\d{1,2})(?:-01(?:[ T]00:00(?::00)?)?)?$")


class GeographyIndex(Protocol):
    geographies: dict[str, str]
    geography_names: dict[str, str]

    def geography(self, text: str) -> str | None: ...


def unique_map(values: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """`func` applied once per distinct value."""
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    for i, u in enumerate(uniques):
        mapped[i] = func(u)  # filled one by one: tuples must stay single objects
    return pd.Series(mapped[codes] if len(codes) else [], index=values.index, dtype="object")


def indicator_by_name(text: str, aliases: dict[str, str]) -> str | None:
    """The indicator an alias names (loose match), or None."""
    return aliases.get(loose_key(text)) if text else None


def canonical_code(text: str) -> str:
    """'0183' -> '183', '0' -> '000', 'aab 055' -> 'AAB-55'; other text unchanged."""
    text = text.strip()
    if text.isdigit():
        return str(int(text)).zfill(3)
    match = _ORG_NR.match(text)
    if match and not text.isalpha():
        return f"{match.group(1).upper()}-{int(match.group(2))}"
    return text


def find_geography(text: str, index: GeographyIndex) -> str | None:
    """A geography by code, alias or name (see `etl.names.Lookup.geography`), or None."""
    if not text:
        return None
    found = index.geographies.get(loose_key(text))
    if found is None:
        canon = canonical_code(text)
        if canon != text:
            found = index.geographies.get(loose_key(canon))
    return found if found is not None else index.geography(text)


def resolve_geography(name: str, code: str, index: GeographyIndex) -> str | None:
    """The geography a (Geografi, Geografikode) pair names; the code wins when both are given,
    since the name is then only a label ('Vejleåparken' over 'AAB-55')."""
    name, code = (name or "").strip(), (code or "").strip()
    almene = _ALMENE.match(name)
    if code:
        canon = canonical_code(code)
        if almene and canon.isdigit():
            target = f"almene-{canon}"
            return target if target in index.geography_names else None
        return find_geography(code, index)
    if not name:
        return None
    found = find_geography(name, index)
    if found is not None or not almene:
        return found
    rest = (almene.group(1) or "").strip()
    if rest and loose_key(rest) not in ("kommunen", "kommune"):
        kommune = find_geography(rest, index)
        target = f"almene-{kommune}" if kommune else None
        if target and target in index.geography_names:
            return target
    return None


def almene_without_code(name: str, code: str) -> bool:
    """'Almene boliger i kommunen' without a kommune code: which kommune is unknown."""
    match = _ALMENE.match((name or "").strip())
    if not match or (code or "").strip():
        return False
    rest = (match.group(1) or "").strip()
    return not rest or loose_key(rest) in ("kommunen", "kommune")


def parse_period(text: str) -> tuple[str, str, int] | None:
    """(period, period_type, year) for '2024', '2024-K3'/'2024-Q3'/'2024K3', '2024-09'/
    '2024M09' (and an Excel date on the first of a month), or None."""
    text = (text or "").strip()
    if match := _YEAR.match(text):
        return text, "year", int(match.group(1))
    if match := _QUARTER.match(text):
        return f"{match.group(1)}-K{match.group(2)}", "quarter", int(match.group(1))
    if (match := _MONTH.match(text)) and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{int(match.group(2)):02d}", "month", int(match.group(1))
    return None


def closest(text: str, options: dict[str, str], display: dict[str, str]) -> list[str]:
    """Up to three known names close to `text`: `options` maps loose keys to codes, `display`
    codes to the names shown."""
    key = loose_key(text)
    matches = difflib.get_close_matches(key, list(options), n=8, cutoff=0.5)
    out: list[str] = []
    for match in matches:
        shown = display.get(options[match], options[match])
        if shown not in out:
            out.append(shown)
    return out[:3]


def suggestion(names: Iterable[str]) -> str:
    """'; nærmeste kendte: 'a', 'b'' or ''."""
    names = list(names)
    return f"; nærmeste kendte: {', '.join(repr(n) for n in names)}" if names else ""


_PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def tolerant_key(text: str) -> str:
    """The key two spellings of one name share: loose_key without parentheticals, with '/'
    read as 'eller', '&' and '+' as 'og', and punctuation as space."""
    key = loose_key(_PARENTHETICAL.sub(" ", str(text)))
    key = key.replace("&", " og ").replace("+", " og ").replace("/", " eller ")
    key = re.sub(r"[^\w\s]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def survey_key(text: str) -> str:
    """Questions and answer groups match tolerantly ('Høj / meget høj', 'Høj eller meget
    høj', 'Tryg?')."""
    return tolerant_key(text)


def same_survey(registered: str | None, given: str) -> bool:
    """'LBF Tryghedsundersøgelse' matches 'LBF Tryghedsundersøgelse 2023' (either way)."""
    if not registered or not given:
        return True
    a, b = loose_key(registered), loose_key(given)
    return a in b or b in a
