"""The original files of imports, kept compressed in import_batch (migration 024) and given
back byte for byte: to download again, and for the audit check to hash."""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa

from monitor.db import run_query

# zstd through Arrow (already a dependency): a 104 MB LBF delivery in 0,1 s to 6 MB.
CODEC = "zstd"


def pack(content: bytes) -> tuple[bytes, str, int]:
    """The bytes to store for `content`, their codec and the size they restore to."""
    return pa.compress(content, codec=CODEC, asbytes=True), CODEC, len(content)


def unpack(stored: bytes, codec: str | None, size: int | None) -> bytes:
    """The file as delivered from its stored bytes (`codec` None: stored as delivered)."""
    if codec is None:
        return bytes(stored)
    return pa.decompress(stored, decompressed_size=int(size), codec=codec, asbytes=True)


def original_file(conn: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, bytes]:
    """One import's file name and bytes, exactly as delivered."""
    row = run_query(conn, "import_batch_content", batch_id=int(batch_id)).iloc[0]
    return str(row["file_name"]), unpack(
        row["content"], _none(row["content_codec"]), row["content_size"]
    )


def compressed_sha256(conn: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """The SHA-256 of every compressed original, restored (the audit check compares them with
    the file's SHA-256 recorded at import); originals stored as delivered are hashed in SQL."""
    rows = run_query(conn, "import_batch_compressed")
    return {
        int(r.batch_id): _restored_sha256(r.content, r.content_codec, r.content_size)
        for r in rows.itertuples()
    }


def _restored_sha256(stored: bytes, codec: str, size: int | None) -> str:
    try:
        return hashlib.sha256(unpack(stored, codec, size)).hexdigest()
    except (pa.ArrowException, OSError, TypeError, ValueError):
        return ""  # bytes that do not restore: not the file recorded (the check says so)


def _none(value: object) -> object:
    return None if value is None or value != value else value  # NaN/None from pandas
