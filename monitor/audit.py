"""The audit log: an append-only, hash-chained record of every write.

Each entry's hash covers the previous entry's hash and a canonical JSON of its own fields, so an
entry edited in place no longer matches its hash, and a deleted entry leaves a gap in the
sequence numbers and a broken link in the chain. (Removing the newest entries leaves neither:
a chain without an outside anchor cannot show truncation at its end; print the head hash, e.g.
in the revision documents, to anchor it.)

`append` runs inside the caller's transaction, so the entry is written if and only if the
change it records is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from monitor.db import run_query

GENESIS = "0" * 64


class AuditError(Exception):
    """An audit-log problem worded for the user (Danish)."""


@dataclass(frozen=True)
class AuditFault:
    """One place where the log does not hold together."""

    seq: int
    kind: str  # 'edited', 'deleted', 'chain'
    message: str  # Danish

    def __str__(self) -> str:
        return self.message


def _plain(value: Any) -> Any:
    """JSON-ready plain values: dates as ISO text, numpy scalars unwrapped, NaN as null."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=canonical_json) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, bytes):
        return value.hex()
    return value


def canonical_json(value: Any) -> str:
    """The one canonical text of a JSON value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(
        _plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def sha256_text(text: str) -> str:
    """Hex SHA-256 of text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _at_text(at: Any) -> str:
    """A timestamp as UTC ISO text with microseconds, the form the hash covers."""
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at)
        except ValueError as exc:
            raise AuditError(f"Ugyldigt tidspunkt i revisionssporet: {at!r}") from exc
    if isinstance(at, pd.Timestamp):
        at = at.to_pydatetime()
    if not isinstance(at, dt.datetime):
        raise AuditError(f"Ugyldigt tidspunkt i revisionssporet: {at!r}")
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str,
    *,
    seq: int,
    at: Any,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    details: Any,
) -> str:
    """sha256(prev_hash + canonical JSON of the entry's fields)."""
    if isinstance(details, str):
        details = json.loads(details)
    body = canonical_json(
        {
            "seq": int(seq),
            "at": _at_text(at),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "details": details,
        }
    )
    return sha256_text(prev_hash + body)


def now() -> dt.datetime:
    """The current time in UTC, truncated to what the database keeps (microseconds)."""
    return dt.datetime.now(dt.UTC)


def append(
    conn: duckdb.DuckDBPyConnection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    details: dict[str, Any],
) -> int:
    """Add one entry chained to the newest; returns its sequence number.

    Call inside the caller's transaction (this does not open one), so the entry and the write it
    records commit or roll back together.
    """
    if not actor or not str(actor).strip():
        raise AuditError("En ændring skal have en bruger; ingen bruger er logget ind.")
    last = run_query(conn, "audit_last")
    if last.empty:
        seq, prev = 1, GENESIS
    else:
        seq, prev = int(last["seq"].iloc[0]) + 1, str(last["entry_hash"].iloc[0])
    at = now()
    details_text = canonical_json(details)
    digest = entry_hash(
        prev,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        details=json.loads(details_text),
    )
    run_query(
        conn,
        "audit_insert",
        seq=seq,
        recorded_at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        details=details_text,
        prev_hash=prev,
        entry_hash=digest,
    )
    return seq


def verify_rows(rows: Iterable[Mapping[str, Any]]) -> list[AuditFault]:
    """Check a chain of entries (in sequence order): gaps, broken links and edited entries."""
    faults: list[AuditFault] = []
    expected_seq, expected_prev = 1, GENESIS
    for row in rows:
        seq = int(row["seq"])
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}-{seq - 1}"
            faults.append(
                AuditFault(
                    seq,
                    "deleted",
                    f"Post {missing} mangler i revisionssporet (slettet): "
                    f"post {seq} følger efter post {expected_seq - 1}.",
                )
            )
        if row["prev_hash"] != expected_prev:
            faults.append(
                AuditFault(
                    seq,
                    "chain",
                    f"Post {seq} peger ikke på den forrige post: kæden er brudt "
                    "(en post før den er slettet eller ændret).",
                )
            )
        try:
            recomputed = entry_hash(
                str(row["prev_hash"]),
                seq=seq,
                at=row["recorded_at"],
                actor=row["actor"],
                action=row["action"],
                entity=row["entity"],
                entity_id=row["entity_id"],
                details=row["details"],
            )
        except (ValueError, TypeError, AuditError):
            recomputed = None
        if recomputed != row["entry_hash"]:
            faults.append(
                AuditFault(
                    seq,
                    "edited",
                    f"Post {seq} ({row['action']} {row['entity']} {row['entity_id']}, "
                    f"{row['actor']}) er ændret efter den blev skrevet: indholdet passer ikke "
                    "til dens hash.",
                )
            )
        expected_seq, expected_prev = seq + 1, str(row["entry_hash"])
    return faults


def verify(conn: duckdb.DuckDBPyConnection) -> list[AuditFault]:
    """Every fault of the database's audit log; an empty list when it holds together."""
    frame = run_query(conn, "audit_all")
    return verify_rows(frame.to_dict("records"))


def head(conn: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """The newest (sequence number, entry hash): an anchor to print in documents."""
    last = run_query(conn, "audit_last")
    if last.empty:
        return 0, GENESIS
    return int(last["seq"].iloc[0]), str(last["entry_hash"].iloc[0])


def entries(
    conn: duckdb.DuckDBPyConnection,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """Audit entries, newest first; details parsed back into dicts."""
    frame = run_query(
        conn,
        "audit_entries",
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        actor=actor,
        action=action,
        limit=int(limit),
    )
    frame["details"] = [json.loads(d) for d in frame["details"]]
    return frame
