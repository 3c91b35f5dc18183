"""Statistikbanken exports: OMRÅDE;TID;INDHOLD, the indicator named by the user."""

from __future__ import annotations

import math

from etl.parse import parse_bytes

CONTENT = (
    "\ufeffKØN;ALDER;OMRÅDE;TID;INDHOLD\n"
    "I alt;I alt;Ishøj;2024K3;6,2\n"
    "I alt;I alt;0183;2024K2;6,1\n"
    "I alt;I alt;Hele landet;2024M09;7,05\n"
    "I alt;I alt;Slagelse;2024;..\n"
).encode()


def test_dst_export_with_extra_dimensions(lookup) -> None:
    parsed = parse_bytes(CONTENT, "dst.csv", lookup, indicator="karakter_9")
    assert parsed.errors == [], [str(p) for p in parsed.errors]
    assert (parsed.kind, parsed.layout, parsed.kind_detected) == ("dst", "dst", True)
    rec = {(r["geo_code"], r["period"]): r for r in parsed.records.to_dict("records")}
    assert rec[("183", "2024-K3")]["value"] == 6.2
    assert rec[("183", "2024-K2")]["period_type"] == "quarter"
    assert rec[("000", "2024-09")]["value"] == 7.05
    slagelse = rec[("330", "2024")]
    assert slagelse["suppressed"] and math.isnan(slagelse["value"])
    assert set(parsed.records["indicator_code"]) == {"karakter_9"}


def test_indicator_by_name_is_accepted(lookup) -> None:
    parsed = parse_bytes(CONTENT, "dst.csv", lookup, indicator="Udsættelser af beboere")
    assert parsed.errors == [] and set(parsed.records["indicator_code"]) == {"udsaettelser"}


def test_dst_needs_the_indicator(lookup) -> None:
    parsed = parse_bytes(CONTENT, "dst.csv", lookup)
    (error,) = parsed.errors
    assert "--indicator" in error.message and parsed.records.empty
    parsed = parse_bytes(CONTENT, "dst.csv", lookup, kind="dst")
    assert "--indicator" in parsed.errors[0].message
    parsed = parse_bytes(CONTENT, "dst.csv", lookup, indicator="karakter9")
    assert parsed.errors[0].message.startswith("ukendt indikator 'karakter9'; nærmeste kendte")


def test_dst_problems_are_located(lookup) -> None:
    content = "OMRÅDE;TID;INDHOLD\nRegion Hovedstaden;2024;5\nIshøj;2024X1;5\nIshøj;2023;13\n"
    parsed = parse_bytes(content.encode(), "dst.csv", lookup, indicator="karakter_9")
    found = {(p.row, p.column): p.message for p in parsed.errors}
    assert found[(2, "OMRÅDE")].startswith("ukendt geografi")
    assert found[(3, "TID")] == "ikke et år, kvartal (2024-K3) eller måned (2024-09)"
    assert "mellem -3 og 12" in found[(4, "INDHOLD")]
