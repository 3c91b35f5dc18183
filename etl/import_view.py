"""What the Import page shows and does besides drawing: problems as a table, the choices
offered for a name the registry does not know, and saving the choice (`etl.aliases`)."""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from etl.aliases import add_alias, add_geography
from etl.names import Unresolved
from etl.problems import Problem
from monitor.auth import User

NEW_GEOGRAPHY = "ny geografi"
KIND_TEXT = {"indikator": "Indikator", "geografi": "Geografi", "svar": "Svarkategori"}


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Errors and warnings as the page's table."""
    return pd.DataFrame(
        [
            {
                "Alvor": p.severity,
                "Ark": p.sheet or "",
                "Række": "" if p.row is None else p.row,
                "Kolonne": p.column or "",
                "Tekst": p.text or "",
                "Problem": p.message,
            }
            for p in problems
        ]
    )


def mapping_key(file_name: str, name: Unresolved) -> str:
    """A widget key for one name in one file, stable across reruns."""
    text = "\x1f".join((file_name, name.kind, name.context, name.text))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def mapping_label(name: Unresolved) -> str:
    """'Geografi 'AAB-77'' / 'Svarkategori 'Stor tillid' (spørgsmål: ...)', with why."""
    why = "passer på flere i registret" if name.ambiguous else "kendes ikke af registret"
    label = f"{KIND_TEXT[name.kind]} '{name.text}' {why}"
    if name.context:
        label += f" (spørgsmål: '{name.context}')" if name.kind == "svar" else f" ({name.context})"
    return label


def mapping_options(name: Unresolved) -> dict[str, str]:
    """Choice value -> text: '' (nothing chosen), a candidate's code, or NEW_GEOGRAPHY."""
    options = {"": "Vælg, hvad navnet betyder …"}
    options.update({c.code: c.label for c in name.candidates})
    if name.kind == "geografi" and not name.ambiguous:
        options[NEW_GEOGRAPHY] = "Ny geografi: en boligafdeling, registret ikke kender endnu"
    return options


def save_mapping(
    conn: duckdb.DuckDBPyConnection, user: User | None, name: Unresolved, choice: str
) -> str:
    """Save what the user chose for `name`; returns a Danish confirmation. Raises AliasError
    (or PermissionDenied) without saving anything."""
    if choice == NEW_GEOGRAPHY:
        code = add_geography(conn, user, name.text, name.context or None)
        return f"Afdelingen {code} er tilføjet; filen læses igen."
    add_alias(conn, user, name.kind, name.text, choice)
    return f"'{name.text}' er tilknyttet {choice}; filen læses igen."
