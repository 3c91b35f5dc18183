"""The audit log: an append-only, hash-chained record of every write.

Each entry's hash covers the previous entry's hash and a canonical JSON of its own fields, so an
entry edited in place no longer matches its hash, and a deleted entry leaves a gap in the
sequence numbers and a broken link in the chain. (Removing the newest entries leaves neither:
a chain without an outside anchor cannot show truncation at its end; print the head hash, e.g.
in the revision documents, to anchor it.)

`append` runs inside the caller's transaction, so the entry is written if and only if the
change it records is.

The chain alone proves only its own links: whoever can write the file can also delete the newest
entries, append an entry with a correctly computed hash, or edit a row and rehash the whole chain.
`verify` therefore also checks

- what the entries describe (monitor.audit_content): every row an entry records still exists and
  matches it (a follow-up's text hash, a note's text, an import's bytes and figures, ...), and
  every logged row has its entry;
- an HMAC of each entry's hash with a key kept outside the database ($MONITOR_AUDIT_KEY, see
  `config.audit_key`), when the key is given: a chain rewritten without the key fails;
- the head printed in an earlier export (`expect_head`): a log cut or rewritten after that
  export no longer holds that entry with that hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from monitor import config
from monitor.db import arrow_batches, execute, query_sql, run_query

GENESIS = "0" * 64


class AuditError(Exception):
    """An audit-log problem worded for the user (Danish)."""


@dataclass(frozen=True)
class AuditFault:
    """One place where the log does not hold together."""

    seq: int | None  # the entry at fault; None for a row no entry accounts for
    # 'edited', 'deleted', 'chain' (the links); 'mac', 'head' (the anchors); 'missing',
    # 'mismatch', 'duplicate', 'unknown', 'unlogged' (what the entries describe)
    kind: str
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


def entry_mac(key: bytes | str, digest: str) -> str:
    """HMAC-SHA256 (hex) of an entry's hash with the key kept outside the database."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


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
    records commit or roll back together. With $MONITOR_AUDIT_KEY set, the entry carries the
    HMAC of its hash (`entry_mac`).
    """
    if not actor or not str(actor).strip():
        raise AuditError("En ændring skal have en bruger; ingen bruger er logget ind.")
    last = run_query(conn, "audit_last")
    if last.empty:
        seq, prev = 1, GENESIS
    else:
        seq, prev = int(last["seq"].iloc[0]) + 1, str(last["entry_hash"].iloc[0])
    at = now()
    key = config.audit_key()
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
        mac=None if key is None else entry_mac(key, digest),
    )
    return seq


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _json_tokens(column: pa.Array) -> pa.Array:
    """Each value as json.dumps writes it inside a list (null as null)."""
    kind = column.type
    if pa.types.is_boolean(kind):
        tokens = pc.if_else(column, "true", "false")
    elif pa.types.is_integer(kind):
        tokens = pc.cast(column, pa.string())  # exact decimal digits, as str(int)
    elif pa.types.is_floating(kind):
        values = column.to_numpy(zero_copy_only=False).astype("float64")
        # Distinct by bit pattern (0.0 and -0.0 are written differently); repr is json's.
        bits, inverse = np.unique(values.view(np.int64), return_inverse=True)
        texts = np.array([float.__repr__(float(v)) for v in bits.view(np.float64)], dtype=object)
        tokens = pa.array(texts[inverse.reshape(-1)], pa.string())
        tokens = pc.if_else(column.is_null(), pa.scalar(None, pa.string()), tokens)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        encoded = column.dictionary_encode()
        texts = pa.array([_ENCODE(t) for t in encoded.dictionary.to_pylist()], pa.string())
        tokens = texts.take(encoded.indices)
    else:  # a column type the query does not give: the generic encoder, value by value
        tokens = pa.array(
            [None if v is None else _ENCODE(v) for v in column.to_pylist()], pa.string()
        )
    return pc.fill_null(tokens, "null")


def _string_bytes(strings: pa.Array) -> memoryview:
    """The concatenated UTF-8 bytes of a string array."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)
    start, end = offsets[strings.offset], offsets[strings.offset + len(strings)]
    return memoryview(strings.buffers()[2])[start:end]


def _observation_batches(
    conn: duckdb.DuckDBPyConnection, batch_id: int
) -> Iterator[pa.RecordBatch]:
    """The batch's rows for the fingerprint, in observation_id order, a slice of ids at a time."""
    first, last = execute(
        conn, query_sql("audit_check_observation_ids"), {"batch_id": batch_id}
    ).fetchall()[0]
    if first is None:
        return
    for start in range(int(first), int(last) + 1, FINGERPRINT_SLICE):
        params = {"batch_id": batch_id, "from_id": start, "to_id": start + FINGERPRINT_SLICE - 1}
        yield from arrow_batches(conn, query_sql("audit_check_observations"), params)


# Rows of a batch sorted at a time for its fingerprint (memory, not the digest, depends on it).
FINGERPRINT_SLICE = 100_000


def observations_sha256(conn: duckdb.DuckDBPyConnection, batch_id: int) -> str:
    """SHA-256 over an import batch's figures: every stored column of every row, in
    observation_id order, one canonical JSON line each. The import records it in its audit entry
    (in the same transaction as the rows) and `verify` recomputes it, so a figure edited,
    added or removed in the file is caught."""
    digest = hashlib.sha256()
    # Each row's canonical JSON is json.dumps of the row as a list (the query turns NaN and
    # infinity into null, as _plain does). The same bytes are built column by column in Arrow:
    # each distinct text and number is encoded once by the same encoder, and the rows are
    # joined in C++ (an import of a million figures spent most of its time here).
    for batch in _observation_batches(conn, int(batch_id)):
        if batch.num_rows == 0:
            continue
        tokens = [_json_tokens(column) for column in batch.columns]
        rows = pc.binary_join_element_wise(*tokens, ",")
        rows = pc.binary_join_element_wise("[", rows, "]\n", "")
        digest.update(_string_bytes(rows))
    return digest.hexdigest()


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


def _mac_of(row: Mapping[str, Any]) -> str | None:
    mac = row.get("mac")
    return mac if isinstance(mac, str) and mac else None


def _seq_range(first: int, last: int) -> str:
    return f"Post {first}" if first == last else f"Post {first}-{last}"


def verify_macs(
    rows: list[Mapping[str, Any]], key: bytes | str
) -> tuple[list[AuditFault], list[str], bool]:
    """Check each entry's MAC with `key`: (faults, notes, whether any MAC was checked).

    Entries before the first one with a MAC were written before the key was taken into use:
    they are named in one note, not as faults. After it, every entry must carry a valid MAC.
    """
    first = next((i for i, row in enumerate(rows) if _mac_of(row)), None)
    if first is None:
        if not rows:
            return [], [], False
        return (
            [],
            [
                f"{_seq_range(int(rows[0]['seq']), int(rows[-1]['seq']))} har ingen MAC: de er "
                "skrevet uden nøgle ($MONITOR_AUDIT_KEY), så nøglen kan ikke bekræfte dem."
            ],
            False,
        )
    notes = []
    if first > 0:
        notes.append(
            f"{_seq_range(int(rows[0]['seq']), int(rows[first - 1]['seq']))} er skrevet, før "
            "nøglen ($MONITOR_AUDIT_KEY) blev taget i brug, og har ingen MAC; nøglen bekræfter "
            f"posterne fra post {int(rows[first]['seq'])} og frem."
        )
    missing: list[AuditFault] = []
    wrong: list[AuditFault] = []
    signed = 0
    for row in rows[first:]:
        seq, mac = int(row["seq"]), _mac_of(row)
        what = f"Post {seq} ({row['action']} {row['entity']} {row['entity_id']}, {row['actor']})"
        if mac is None:
            missing.append(
                AuditFault(
                    seq,
                    "mac",
                    f"{what} har ingen MAC, men poster før den har: den er skrevet uden nøglen, "
                    "dvs. uden om appen, eller dens MAC er fjernet.",
                )
            )
            continue
        signed += 1
        if not hmac.compare_digest(mac, entry_mac(key, str(row["entry_hash"]))):
            wrong.append(
                AuditFault(
                    seq,
                    "mac",
                    f"{what} har en MAC, der ikke passer med nøglen: posten er skrevet om, eller "
                    "dens hash er regnet om, af nogen uden nøglen.",
                )
            )
    if wrong and len(wrong) == signed and signed > 1:
        # Not one MAC fits: a wrong key is likelier than every entry forged; say it once.
        wrong = [
            AuditFault(
                wrong[0].seq,
                "mac",
                f"Ingen af de {signed} MAC'er (fra post {wrong[0].seq}) passer med nøglen: "
                "nøglen er forkert, eller hele revisionssporet er skrevet om af nogen uden nøglen.",
            )
        ]
    faults = sorted(missing + wrong, key=lambda f: f.seq or 0)
    return faults, notes, True


def verify_head(rows: list[Mapping[str, Any]], expect_head: tuple[int, str]) -> list[AuditFault]:
    """Check that the entry an earlier export printed as the head is still there, unchanged."""
    seq, digest = int(expect_head[0]), str(expect_head[1]).strip().lower()
    if seq == 0:
        if digest == GENESIS:
            return []
        return [AuditFault(0, "head", "Den angivne seneste post (0) har en ugyldig hash.")]
    found = next((row for row in rows if int(row["seq"]) == seq), None)
    if found is None:
        newest = int(rows[-1]["seq"]) if rows else 0
        return [
            AuditFault(
                seq,
                "head",
                f"Post {seq}, som en tidligere eksport viste som seneste post (hash "
                f"{digest[:16]}…), findes ikke længere (nu slutter sporet ved post {newest}): "
                "revisionssporet er afkortet eller skrevet om efter den eksport.",
            )
        ]
    if str(found["entry_hash"]) != digest:
        return [
            AuditFault(
                seq,
                "head",
                f"Post {seq} har ikke længere den hash, en tidligere eksport viste "
                f"({digest[:16]}…, nu {str(found['entry_hash'])[:16]}…): revisionssporet er "
                "skrevet om efter den eksport.",
            )
        ]
    return []


def parse_head(text: str) -> tuple[int, str]:
    """'SEQ:HASH' as printed in an export, as (seq, hash); AuditError (Danish) when malformed."""
    seq_text, sep, digest = str(text).strip().partition(":")
    digest = digest.strip().lower()
    if (
        not sep
        or not seq_text.strip().isdigit()
        or len(digest) != 64
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise AuditError(
            f"Ugyldig seneste post {text!r}: skriv postnummer og hash som NR:HASH "
            "(64 hextegn), som eksporten viser dem."
        )
    return int(seq_text), digest


@dataclass(frozen=True)
class VerifyResult:
    """What the Verificér button and `audit verify` show."""

    faults: list[AuditFault]
    first_broken_seq: int | None  # the first entry at fault (None: none, or only rows at fault)
    entries: int
    head: tuple[int, str]
    mac_checked: bool
    notes: list[str]  # Danish remarks that are not faults (e.g. entries from before the key)

    @property
    def intact(self) -> bool:
        return not self.faults


def verify_summary(
    conn: duckdb.DuckDBPyConnection,
    *,
    key: bytes | str | None = None,
    expect_head: tuple[int, str] | None = None,
) -> VerifyResult:
    """Check the log: its links, what its entries describe, and (when given) the MACs with
    `key` and the head an earlier export printed (`expect_head` = (seq, hash))."""
    from monitor import audit_content  # imports the writers, which import this module

    rows = run_query(conn, "audit_all").to_dict("records")
    faults = verify_rows(rows)
    notes: list[str] = []
    mac_checked = False
    if key is not None:
        mac_faults, mac_notes, mac_checked = verify_macs(rows, key)
        faults += mac_faults
        notes += mac_notes
    elif any(_mac_of(row) for row in rows):
        notes.append("Posterne har MAC'er, men ingen nøgle er givet, så de er ikke kontrolleret.")
    if expect_head is not None:
        faults += verify_head(rows, expect_head)
    content_faults, content_notes = audit_content.content_faults(conn, rows)
    faults += content_faults
    notes += content_notes
    # Entry order, the chain's own faults first within an entry; rows without an entry last.
    faults.sort(key=lambda f: (f.seq is None, f.seq or 0))
    first = next((f.seq for f in faults if f.seq is not None), None)
    newest = (int(rows[-1]["seq"]), str(rows[-1]["entry_hash"])) if rows else (0, GENESIS)
    return VerifyResult(
        faults=faults,
        first_broken_seq=first,
        entries=len(rows),
        head=newest,
        mac_checked=mac_checked,
        notes=notes,
    )


def verify(
    conn: duckdb.DuckDBPyConnection,
    *,
    key: bytes | str | None = None,
    expect_head: tuple[int, str] | None = None,
) -> list[AuditFault]:
    """Every fault of the database's audit log (see `verify_summary`); empty when it holds."""
    return verify_summary(conn, key=key, expect_head=expect_head).faults


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
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """Audit entries, newest first, narrowed by any of the filters (dates are Danish calendar
    days, both included); details parsed back into dicts."""
    frame = run_query(
        conn,
        "audit_entries",
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        actor=actor,
        action=action,
        date_from=date_from,
        date_to=date_to,
        limit=int(limit),
    )
    frame["details"] = [json.loads(d) for d in frame["details"]]
    return frame
