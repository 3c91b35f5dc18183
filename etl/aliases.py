"""Map once: spellings of indicators, geographies and answer groups that users tie to registry
codes, and afdelinger new to the registry, kept as data in the database.

Every write checks the role (`import_data`) and appends an audit entry in the same transaction;
nothing is updated in place (a newer mapping of the same spelling replaces the older one, which
stays as history).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.resolve import canonical_code
from monitor import audit, stored_reads
from monitor.auth import User, require
from monitor.db import run_query, transaction
from monitor.text import loose_key

KINDS = ("indikator", "geografi", "svar")
KIND_TEXT = {"indikator": "indikator", "geografi": "geografi", "svar": "svarkategori"}
MAX_TEXT = 300


class AliasError(Exception):
    """A mapping that cannot be saved (Danish message)."""


def _registry_code(conn: duckdb.DuckDBPyConnection, kind: str, text: str) -> str | None:
    """The code the registry itself gives this spelling (its names, codes and aliases)."""
    if kind == "svar":
        return None
    frame = run_query(conn, "indicator_lookup" if kind == "indikator" else "geography_lookup")
    key = loose_key(text)
    spellings = {loose_key(a): c for a, c in zip(frame["alias_norm"], frame["code"], strict=True)}
    if kind == "indikator":
        names = frame.drop_duplicates("code")
        spellings.update(
            {loose_key(n): c for n, c in zip(names["name"], names["code"], strict=True)}
        )
    else:
        spellings.update(
            {loose_key(n): c for n, c in zip(frame["name"], frame["code"], strict=True)}
        )
    return spellings.get(key)


def add_alias(
    conn: duckdb.DuckDBPyConnection, user: User | None, kind: str, text: str, code: str
) -> int:
    """Map the spelling `text` of an indicator, geography or answer group ('svar': `code` is
    the survey indicator whose answer group it names) to `code`; returns the mapping's id."""
    user = require(user, "import_data")
    text = " ".join(str(text).split())
    code = str(code).strip()
    if kind not in KINDS:
        raise AliasError(f"ukendt slags navn '{kind}'; brug {', '.join(KINDS)}")
    if not text or len(text) > MAX_TEXT:
        raise AliasError(f"stavemåden skal have 1-{MAX_TEXT} tegn")
    if run_query(conn, "name_alias_target", kind=kind, code=code).empty:
        what = "en indikator fra en spørgeundersøgelse" if kind == "svar" else KIND_TEXT[kind]
        raise AliasError(f"'{code}' er ikke {what} i registret")
    registered = _registry_code(conn, kind, text)
    if registered is not None and registered != code:
        raise AliasError(
            f"'{text}' er allerede registrets navn for {KIND_TEXT[kind]}en '{registered}'; "
            "en tilknytning kan ikke ændre registret"
        )
    with transaction(conn):
        alias_id = int(
            run_query(
                conn,
                "name_alias_insert",
                kind=kind,
                alias=text,
                alias_norm=loose_key(text),
                code=code,
                created_by=user.username,
            )["alias_id"].iloc[0]
        )
        audit.append(
            conn,
            actor=user.username,
            action="alias_add",
            entity="name_alias",
            entity_id=str(alias_id),
            details={"kind": kind, "alias": text, "code": code},
        )
    return alias_id


def add_geography(
    conn: duckdb.DuckDBPyConnection, user: User | None, text: str, name: str | None = None
) -> str:
    """An afdeling new to the registry ('ny geografi'), its code taken from `text` ('AAB-77',
    'aab 077'); returns the code. Only afdelinger: areas and plans belong to the registry."""
    user = require(user, "import_data")
    code = canonical_code(str(text))
    if "-" not in code or not code.split("-", 1)[1].isdigit():
        raise AliasError(
            f"'{text}' er ikke en afdelingskode (ORG-NR, fx AAB-77); en ny geografi kan kun "
            "være en boligafdeling, og den skal stå med sin kode i filen"
        )
    if _registry_code(conn, "geografi", code) is not None:
        raise AliasError(f"geografien '{code}' findes allerede i registret")
    organisation = code.split("-", 1)[0]
    shown = " ".join(str(name or "").split()) or f"{organisation} afd. {code.split('-', 1)[1]}"
    with transaction(conn):
        stored_before = stored_reads.source_key(conn)
        params = {"code": code, "geo_name": shown, "organisation": organisation}
        run_query(conn, "geography_added_insert", created_by=user.username, **params)
        run_query(conn, "geography_afdeling_insert", **params)
        audit.append(
            conn,
            actor=user.username,
            action="geography_add",
            entity="geography_added",
            entity_id=code,
            details={"code": code, "name": shown, "level": "afdeling"},
        )
        # A new afdeling belongs to no area yet: no plan reads it.
        stored_reads.restamp(conn, stored_before)
    return code


def list_aliases(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The mappings in force: kind, alias, code, created_by, created_at."""
    return run_query(conn, "name_alias_current")
