"""Text normalisation shared by registries and imports, and escaping for Markdown display."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# formats.md: column names and names match case-insensitively, ignoring surrounding
# spaces, and æ/ø/å may be written ae/oe/aa.
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def normalise(text: str) -> str:
    """Fold a name to its matching key: lower case, æøå spelled out, dashes and spaces unified."""
    text = unicodedata.normalize("NFKC", str(text)).strip().lower().translate(_FOLD)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # any dash or minus sign
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"[\s\u00a0]+", " ", text)
    return text


def loose_key(text: str) -> str:
    """A looser key that also ignores hyphens and the word "af" ("Andel af 1-5-årige")."""
    key = normalise(text).replace("-", " ")
    key = re.sub(r"\baf\b", " ", key)
    return re.sub(r"\s+", " ", key).strip()


# Characters Streamlit's Markdown (with its LaTeX and HTML) would read as syntax.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def escape_markdown(text: object) -> str:
    """`text` shown literally where Streamlit renders Markdown (st.table cells, captions):
    a plan's or a file's text is the users' data, never formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


_SEP = "\x00"  # no whitespace, no word character, composes with nothing under NFKC
_AROUND_SEP = re.compile(r"\s*\x00\s*")


def loose_keys(texts: Iterable[object]) -> list[str]:
    """`loose_key` of many texts at once (a registry's 60.000 spellings: the regular
    expressions run over one joined string instead of once per text); the same keys."""
    texts = [str(t) for t in texts]
    joined = _SEP.join(texts)
    if not texts or joined.count(_SEP) != len(texts) - 1:  # a text holds the separator
        return [loose_key(t) for t in texts]
    # normalise(), each step local to a text: NFKC, strip, lower, fold, dashes, spaces.
    text = _AROUND_SEP.sub(_SEP, unicodedata.normalize("NFKC", joined).strip())
    text = text.lower().translate(_FOLD)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"[\s\u00a0]+", " ", text)
    # loose_key()
    key = re.sub(r"\baf\b", " ", text.replace("-", " "))
    key = _AROUND_SEP.sub(_SEP, re.sub(r"\s+", " ", key).strip())
    return key.split(_SEP)
