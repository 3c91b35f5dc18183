"""Local counts: periods as years, quarters and months; Kilde, Usikker and Note."""

from __future__ import annotations

import pytest

from etl.parse import parse_bytes, parse_file

HEADER = ["Indikator", "Geografi", "Periode", "Antal", "Kilde", "Usikker", "Note"]
UDS = "Udsættelser af beboere"


@pytest.mark.parametrize(
    ("text", "period", "period_type", "year"),
    [
        ("2024", "2024", "year", 2024),
        ("2024-K3", "2024-K3", "quarter", 2024),
        ("2024-Q3", "2024-K3", "quarter", 2024),
        ("2024K3", "2024-K3", "quarter", 2024),
        ("2024 k3", "2024-K3", "quarter", 2024),
        ("2024-09", "2024-09", "month", 2024),
        ("2024M09", "2024-09", "month", 2024),
        ("2024-9", "2024-09", "month", 2024),
    ],
)
def test_periods(write_csv, lookup, text, period, period_type, year) -> None:
    parsed = parse_file(write_csv([HEADER, [UDS, "AAB-55", text, "3", "", "", ""]]), lookup)
    assert parsed.errors == []
    (rec,) = parsed.records.to_dict("records")
    assert (rec["period"], rec["period_type"], rec["year"]) == (period, period_type, year)


def test_quoted_fields_kilde_usikker_and_note(write_csv, lookup) -> None:
    path = write_csv(
        [
            HEADER,
            [UDS, "AAB-55", "2024", "3", "AAB, inkasso", "ja", "Kan være\nhøjere"],
            [UDS, "AAB-55", "2025-K1", "1", "AAB", "", ""],
            [UDS, "AAB-55", "2025-K2", "0?", "", "", ""],
            [UDS, "Vejleåparken", "2012", "34", "", "", ""],
        ],
        sep=",",
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == [] and (parsed.kind, parsed.layout) == ("lokal", "lokal")
    rec = {r["period"]: r for r in parsed.records.to_dict("records")}
    first = rec["2024"]
    assert (first["value"], first["uncertain"], first["source_row"]) == (3.0, True, 2)
    assert first["note"] == "Kan være\nhøjere"
    assert first["survey"] == "AAB, inkasso"  # the source is kept where a survey's name is
    assert rec["2025-K1"]["source_row"] == 4  # the quoted line break moved it one line down
    assert rec["2025-K2"]["uncertain"] and rec["2025-K2"]["value"] == 0
    assert rec["2012"]["geo_code"] == "Vejleåparken"


def test_lokal_problems(write_csv, lookup) -> None:
    path = write_csv(
        [
            HEADER,
            [UDS, "AAB-55", "2024-K5", "3", "", "", ""],
            [UDS, "AAB-55", "2024-13", "3", "", "", ""],
            [UDS, "AAB-55", "", "3", "", "", ""],
            [UDS, "AAB-55", "2024", "-1", "", "", ""],
            [UDS, "AAB-55", "2023", "2,5 %", "", "", ""],
            ["Udsætelser", "AAB-55", "2022", "1", "", "", ""],
            [UDS, "", "2022", "1", "", "", ""],
        ]
    )
    parsed = parse_file(path, lookup)
    found = {(p.row, p.column): p.message for p in parsed.errors}
    assert found[(2, "Periode")] == "ikke et år, kvartal (2024-K3) eller måned (2024-09)"
    assert found[(3, "Periode")] == "ikke et år, kvartal (2024-K3) eller måned (2024-09)"
    assert found[(4, "Periode")] == "perioden mangler"
    assert found[(5, "Antal")] == "et antal kan ikke være negativt"
    assert found[(6, "Antal")] == "procenttegn i en celle, der ikke er en andel"
    assert found[(7, "Indikator")].startswith("ukendt indikator; nærmeste kendte: 'Udsættelser'")
    assert found[(8, "Geografi")] == "geografien mangler"
    assert len(parsed.errors) == 7


def test_month_typed_into_excel_becomes_a_date(tmp_path, lookup) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append([UDS, "AAB-55", dt.datetime(2024, 9, 1), 2, None, True, None])
    path = tmp_path / "lokal.xlsx"
    book.save(path)
    parsed = parse_file(path, lookup)
    assert parsed.errors == []
    (rec,) = parsed.records.to_dict("records")
    assert (rec["period"], rec["period_type"], rec["uncertain"]) == ("2024-09", "month", True)


def test_many_identical_problems_are_counted_not_listed(lookup) -> None:
    lines = ["Indikator;Geografi;Periode;Antal"]
    geos = ("AAB-55", "FOB-23", "Vejleåparken", "Ringparken")
    lines += [f"{UDS};{geos[i % 4]};{1990 + i // 48}-{1 + i // 4 % 12:02d};-1" for i in range(1500)]
    parsed = parse_bytes("\n".join(lines).encode(), "mange.csv", lookup)
    negatives = [p for p in parsed.errors if p.message == "et antal kan ikke være negativt"]
    assert len(negatives) == 1000 and negatives[-1].row == 1001
    assert any(p.message.startswith("og 500 rækker mere med samme problem") for p in parsed.errors)


def test_a_big_file_parses_fast(lookup) -> None:
    import time

    lines = ["Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note"]
    lines += [
        f"{UDS};{('AAB-55', 'FOB-23', 'Vejleåparken', 'Ringparken')[i % 4]};"
        f"{1980 + i // 48 % 45}-{1 + i // 4 % 12:02d};{i % 9};AAB;;"
        for i in range(200_000)
    ]
    content = "\n".join(lines).encode()
    start = time.perf_counter()
    parsed = parse_bytes(content, "stor.csv", lookup)
    elapsed = time.perf_counter() - start
    assert parsed.rows_read == 200_000
    assert elapsed < 6, elapsed  # about 1 s on a laptop; a million rows take about 5 s
