"""The batch fingerprint built column-wise in Arrow is byte for byte the one built row by row
with json.dumps (digests already recorded in audit entries must still verify)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from monitor import audit
from monitor.db import connect, execute, query_sql

ROWS = [
    # indicator, geo, period, value, numerator, denominator, suppressed, below, raw, row, sheet
    ("dagtilbud_1_5", "0183", "2019", 88.4, 266.0, 301.0, False, None, "88,4 % | 266", 2, None),
    ("dagtilbud_1_5", "0183", "2020", -0.0, 0.0, 1e16, False, None, 'citat "x" \\ æøå', 3, "Ark 1"),
    ("dagtilbud_1_5", "0183", "2021", None, None, None, True, 5, "<5", None, "Ark\n2"),
    (
        "dagtilbud_1_5",
        "0183",
        "2022",
        float("nan"),
        float("inf"),
        1e-7,
        False,
        None,
        "\x1f\t",
        5,
        "",
    ),
    ("dagtilbud_1_5", "AAB-55", "2019", 0.1 + 0.2, 123456789.125, 3.0, False, None, None, 6, None),
    ("dagtilbud_1_5", "AAB-55", "2020", 88.4, 266.0, 301.0, False, None, "88,4 % | 266", 7, None),
]


def _reference(conn, batch_id: int) -> str:
    """The row-by-row digest as it was first written."""
    # every id at once (the function reads slices of them: the digest must not tell)
    whole = {"batch_id": batch_id, "from_id": 0, "to_id": 2**62}
    cursor = execute(conn, query_sql("audit_check_observations"), whole)
    digest = hashlib.sha256()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    while rows := cursor.fetchmany(50_000):
        digest.update("\n".join(map(encode, map(list, rows))).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


@pytest.mark.parametrize("copies", [1, 40_000])
def test_fingerprint_is_the_row_by_row_digest(tmp_path: Path, copies: int) -> None:
    """Signed zero, huge and tiny doubles, NaN and infinity (null), nulls, quotes,
    backslashes, control characters, Danish letters; and more rows than one Arrow batch."""
    with connect(tmp_path / "m.duckdb") as conn:
        conn.execute("create temp table t as select * from observation limit 0")
        for i in range(len(ROWS)):
            ind, geo, period, v, n, d, sup, below, raw, row, sheet = ROWS[i]
            conn.execute(
                "insert into observation (indicator_code, geo_code, period, period_type, year,"
                " value, numerator, denominator, suppressed, suppressed_below, uncertain,"
                " survey, note, raw_text, source_row, source_sheet, batch_id)"
                " select ?, ? || coalesce(nullif(g, 0)::varchar, ''), ?, 'year', 2019, ?, ?, ?,"
                " ?, ?, g % 2 = 0, case when g % 3 = 0 then 'VIVE' end, null, ?, ?, ?, 7"
                " from range(?) r(g)",
                [ind, geo, period, v, n, d, sup, below, raw, row, sheet, copies],
            )
        expected = _reference(conn, 7)
        assert audit.observations_sha256(conn, 7) == expected
        assert audit.observations_sha256(conn, 8) == _reference(conn, 8)  # no rows
        # The digest does see the figures: one value changed, another digest.
        conn.execute("update observation set value = 88.5 where value = 88.4 and source_row = 7")
        assert audit.observations_sha256(conn, 7) != expected
