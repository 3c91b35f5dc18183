"""LBF files, long and wide, CSV and xlsx: values, raw text, flags and every problem's place."""

from __future__ import annotations

import math

import pytest
from openpyxl import Workbook

from etl.parse import OBSERVATION_COLUMNS, Lookup, parse_bytes, parse_file

LONG = ["Indikator", "Geografi", "Geografikode", "År", "Andel", "Antal", "Grundlag"]
DAG = "Andel 1-5 årige i dagtilbud"
UDEN = "Andel 18-64-årige uden tilknytning til arbejdsmarked og uddannelse"


def by_key(parsed) -> dict[tuple[str, str, str], dict]:
    return {
        (r["indicator_code"], r["geo_code"], r["period"]): r
        for r in parsed.records.to_dict("records")
    }


def problems(parsed) -> dict[tuple[int | None, str | None], str]:
    return {(p.row, p.column): p.message for p in parsed.problems}


@pytest.mark.parametrize(
    ("encoding", "sep"), [("utf-8-sig", ";"), ("utf-8", ";"), ("cp1252", ";"), ("utf-8", ",")]
)
def test_long_csv_values_raw_text_and_flags(write_csv, lookup, encoding, sep) -> None:
    path = write_csv(
        [
            LONG,
            [DAG, "Vejleåparken", "", "2019", "88,4 %", "266", "301"],
            ["Andel af 1-5-årige i dagtilbud", "Ishøj", "0183", "2019", "90,2%", "1.337", "1 482"],
            [DAG, "Hele landet", "", "2019", "<5", "", ""],
            [DAG, "Almene boliger i kommunen", "183", "2019", "..", "", ""],
            [DAG, "AAB 55", "", "2019", "86,1 %?", "", ""],
            [DAG, "Landsplan", "", "2018", "", "", ""],
        ],
        sep=sep,
        encoding=encoding,
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == [], [str(p) for p in parsed.errors]
    assert (parsed.kind, parsed.layout, parsed.kind_detected) == ("lbf", "lbf-lang", True)
    assert parsed.rows_read == 6 and parsed.sheets == [""]
    assert list(parsed.records.columns) == OBSERVATION_COLUMNS
    rec = by_key(parsed)
    area = rec[("dagtilbud_1_5", "Vejleåparken", "2019")]
    assert (area["value"], area["numerator"], area["denominator"]) == (88.4, 266, 301)
    assert area["raw_text"] == "88,4 % | 266 | 301" and area["source_row"] == 2
    assert (area["period_type"], area["year"], area["suppressed"]) == ("year", 2019, False)
    kommune = rec[("dagtilbud_1_5", "183", "2019")]
    assert (kommune["value"], kommune["numerator"], kommune["denominator"]) == (90.2, 1337, 1482)
    assert "1.337" in kommune["raw_text"]
    land = rec[("dagtilbud_1_5", "000", "2019")]
    assert land["suppressed"] and land["suppressed_below"] == 5 and math.isnan(land["value"])
    almene = rec[("dagtilbud_1_5", "almene-183", "2019")]
    assert almene["suppressed"] and almene["raw_text"] == ".."
    uncertain = rec[("dagtilbud_1_5", "AAB-55", "2019")]
    assert uncertain["value"] == 86.1 and uncertain["uncertain"]
    # A long row with nothing in it names a figure that was not published.
    empty = rec[("dagtilbud_1_5", "000", "2018")]
    assert empty["suppressed"] and math.isnan(empty["value"]) and empty["raw_text"] == ""
    assert any("Genkendt som lbf (lbf-lang)" in n for n in parsed.notes)


def test_every_error_is_reported_with_its_place(write_csv, lookup) -> None:
    path = write_csv(
        [
            ["LBF beboerdata, udtræk 2021"],  # a title line above the header
            LONG,
            [DAG, "Vejleåparken", "", "2019", "88,4 %", "266", "301"],
            ["Andel 1-5-årige i dagtilbu", "Vejleåparken", "", "2019", "88,4 %", "266", "301"],
            [DAG, "Atlantis", "", "2019", "88,4 %", "266", "301"],
            [DAG, "Ishøj", "", "2019", "188,4 %", "", ""],
            [DAG, "Ishøj", "", "2020", "12,3x", "", ""],
            [DAG, "Ishøj", "", "2021", "50 %", "400", "300"],
            [DAG, "Ishøj", "", "2022", "50 %", "-4", ""],
            [DAG, "Ishøj", "", "1850", "50 %", "", ""],
            [DAG, "Ishøj", "", "2023-K1", "50 %", "", ""],
            [DAG, "Ishøj", "", "2016", "1.234", "", ""],
            [DAG, "Vejleåparken", "", "2019", "88,0 %", "266", "301"],
            [DAG, "Almene boliger i kommunen", "", "2019", "50", "", ""],
            ["", "Ishøj", "", "2019", "50", "", ""],
            [DAG, "Ishøj", "", "2019", "50", "", "", "ekstra"],
        ],
        name="fejl.csv",
    )
    parsed = parse_file(path, lookup)
    found = problems(parsed)
    assert found[(4, "Indikator")].startswith("ukendt indikator; nærmeste kendte: ")
    assert "'Andel 1-5-årige i dagtilbud'" in found[(4, "Indikator")]
    assert found[(5, "Geografi")].startswith("ukendt geografi")
    assert "mellem 0 og 100" in found[(6, "Andel")]
    assert found[(7, "Andel")] == "ikke et tal"
    assert "større end nævneren" in found[(8, "Antal")]
    assert found[(9, "Antal")] == "et antal kan ikke være negativt"
    assert found[(10, "År")].startswith("året ligger uden for 1980-")
    assert found[(11, "År")] == "ikke et årstal"
    assert found[(12, "Andel")].startswith("tvetydigt tal i en andelskolonne")
    assert "som række 3, men med andre tal" in found[(13, "Andel")]
    assert "kræver kommunekoden" in found[(14, "Geografi")]
    assert found[(15, "Indikator")] == "indikatornavnet mangler"
    assert "8 felter, men overskriften har 7" in found[(16, None)]
    assert len(parsed.errors) == 13
    assert all(p.file == "fejl.csv" and p.sheet is None for p in parsed.errors)
    assert parsed.records.empty  # a file with an error keeps nothing to load
    row7 = next(p for p in parsed.errors if p.row == 7)
    assert str(row7) == "fejl.csv, række 7, kolonne 'Andel' (tekst '12,3x'): ikke et tal"


def test_share_disagreeing_with_counts_is_a_warning(write_csv, lookup) -> None:
    path = write_csv(
        [
            LONG,
            [DAG, "Ishøj", "", "2019", "70 %", "266", "301"],
            [DAG, "Ishøj", "", "2020", "88,37 %", "266", "301"],  # agrees at its precision
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == [] and len(parsed.records) == 2
    (warning,) = parsed.warnings
    assert (warning.row, warning.column, warning.text) == (2, "Andel", "70 %")
    assert "passer ikke med antal/grundlag (266/301 = 88,4 %)" in warning.message


def test_same_figure_twice_is_a_warning_and_loads_once(write_csv, lookup) -> None:
    row = [DAG, "Ishøj", "", "2019", "70 %", "", ""]
    parsed = parse_file(write_csv([LONG, row, row]), lookup)
    assert parsed.errors == [] and len(parsed.records) == 1
    assert "indlæst én gang" in parsed.warnings[0].message and parsed.warnings[0].row == 3


def test_grade_and_pr_1000_ranges_in_the_value_column(write_csv, lookup) -> None:
    header = ["Indikator", "Geografi", "År", "Værdi", "Antal"]
    path = write_csv(
        [
            header,
            ["Karaktergennemsnit dansk og matematik, 9. klasse", "Ishøj", "2019", "6,2", "120"],
            ["Karaktergennemsnit dansk og matematik, 9. klasse", "Ishøj", "2020", "13", ""],
            ["Karaktergennemsnit dansk og matematik, 9. klasse", "Ishøj", "2021", "-4", ""],
            ["Sigtelser pr. 1000", "Ishøj", "2019", "1.200", ""],
        ]
    )
    parsed = parse_file(path, lookup)
    found = problems(parsed)
    assert "mellem -3 og 12 (læst som 13)" in found[(3, "Værdi")]
    assert "mellem -3 og 12 (læst som -4)" in found[(4, "Værdi")]
    assert "pr. 1000 skal ligge mellem 0 og 1000" in found[(5, "Værdi")]
    assert len(parsed.errors) == 3


def test_grade_value_with_its_pupil_count(write_csv, lookup) -> None:
    header = ["Indikator", "Geografi", "År", "Værdi", "Antal"]
    path = write_csv(
        [header, ["Karaktergennemsnit dansk og matematik, 9. klasse", "183", "2019", "6,2", "120"]]
    )
    parsed = parse_file(path, lookup)
    (rec,) = parsed.records.to_dict("records")
    assert (rec["value"], rec["numerator"], rec["geo_code"]) == (6.2, 120, "183")


def test_decimal_point_assumption_is_noted(write_csv, lookup) -> None:
    path = write_csv(
        [
            LONG,
            [DAG, "Ishøj", "", "2019", "88.4", "", ""],
            [DAG, "Ishøj", "", "2020", "12.345", "", ""],
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == []
    assert by_key(parsed)[("dagtilbud_1_5", "183", "2020")]["value"] == pytest.approx(12.345)
    assert any("punktum som decimaltegn" in n and "'Andel'" in n for n in parsed.notes)


def test_count_column_reads_thousands_dot(write_csv, lookup) -> None:
    path = write_csv([LONG, [DAG, "Ishøj", "", "2019", "16,3 %", "2.303", "14.129"]])
    rec = parse_file(path, lookup).records.iloc[0]
    assert (rec["numerator"], rec["denominator"]) == (2303, 14129)


@pytest.mark.parametrize(
    ("geo", "code", "expected"),
    [
        ("AAB-55", "", "AAB-55"),
        ("aab 55", "", "AAB-55"),
        ("AAB55", "", "AAB-55"),
        ("Vejleåparken", "", "Vejleåparken"),
        ("VEJLEAAPARKEN", "", "Vejleåparken"),
        ("Vejleåparken", "AAB-55", "AAB-55"),  # the code decides, the name is a label
        ("183", "", "183"),
        ("0183", "", "183"),
        ("Ishøj Kommune", "", "183"),
        ("Ishøj", "0183", "183"),
        ("Almene boliger i kommunen", "183", "almene-183"),
        ("Almene boliger i kommunen", "0183", "almene-183"),
        ("Almene boliger i Ishøj Kommune", "", "almene-183"),
        ("Landsplan", "", "000"),
        ("Hele landet", "", "000"),
        ("", "000", "000"),
    ],
)
def test_geography_forms(write_csv, lookup, geo: str, code: str, expected: str) -> None:
    parsed = parse_file(write_csv([LONG, [DAG, geo, code, "2019", "50", "", ""]]), lookup)
    assert parsed.errors == [], [str(p) for p in parsed.errors]
    assert parsed.records["geo_code"].tolist() == [expected]


def test_unknown_geography_code_lists_close_names(write_csv, lookup) -> None:
    parsed = parse_file(write_csv([LONG, [DAG, "Vejleparken", "", "2019", "50", "", ""]]), lookup)
    (error,) = parsed.errors
    assert error.message.startswith("ukendt geografi; nærmeste kendte: 'Vejleåparken'")
    parsed = parse_file(write_csv([LONG, [DAG, "X", "AAB-56", "2019", "50", "", ""]]), lookup)
    assert "ukendt geografi (kode 'AAB-56')" in parsed.errors[0].message
    assert "AAB afd. 55 Vejleåparken (AAB-55)" in parsed.errors[0].message


def _wide_book(book: Workbook) -> None:
    ws = book.active
    ws.title = "Beboerdata"
    ws["A1"] = "LBF boligsociale data"
    ws.merge_cells("A1:H1")
    ws["A2"] = "Udtræk december 2021"
    ws.append([])
    ws.append(["Indikator", "Geografi", "Geografikode", "Enhed", 2017, 2018, 2019, 2020])
    ws.append([UDEN, "Vejleåparken", "AAB-55", "andel", 0.259, 0.251, 0.248, None])
    ws.append([None, None, None, "antal", 701, 690, 686, None])
    ws.append([None, None, None, "grundlag", 2707, 2749, 2766, None])
    ws.merge_cells("A5:A7")  # indicator and geography merged over the andel/antal rows
    ws.merge_cells("B5:B7")
    ws.merge_cells("C5:C7")
    for cell in ws[5][4:8]:
        cell.number_format = "0.0%"
    ws.append([UDEN, "Ishøj Kommune", "183", "andel", "16,9 %", "16,6 %", "16,3 %", ".."])
    ws.append([UDEN, "Ishøj Kommune", "183", "antal", "2.290", "2.260", "2.303", "<5"])
    ws.append([])
    ws.append(["Kilde: LBF"])  # a footnote


def test_wide_xlsx_title_block_merged_cells_percent_format_and_pairs(tmp_path, lookup) -> None:
    book = Workbook()
    _wide_book(book)
    path = tmp_path / "bred.xlsx"
    book.save(path)
    parsed = parse_file(path, lookup)
    assert parsed.errors == [], [str(p) for p in parsed.errors]
    assert (parsed.kind, parsed.layout, parsed.sheets) == ("lbf", "lbf-bred", ["Beboerdata"])
    rec = by_key(parsed)
    area = rec[("uden_18_64", "AAB-55", "2019")]
    assert area["value"] == pytest.approx(24.8)
    assert (area["numerator"], area["denominator"]) == (686, 2766)
    assert (area["source_row"], area["source_sheet"]) == (5, "Beboerdata")
    assert area["raw_text"] == "0.248 [%-format] | 686 | 2766"
    assert ("uden_18_64", "AAB-55", "2020") not in rec  # empty wide cells are no record
    kommune = rec[("uden_18_64", "183", "2019")]
    assert (kommune["value"], kommune["numerator"]) == (16.3, 2303)
    suppressed = rec[("uden_18_64", "183", "2020")]
    assert suppressed["suppressed"] and math.isnan(suppressed["value"])
    assert math.isnan(suppressed["numerator"])
    (footnote,) = parsed.warnings
    assert (footnote.row, footnote.text, footnote.severity) == (11, "Kilde: LBF", "advarsel")
    assert len(rec) == 7


def test_wide_enhed_problems(write_csv, lookup) -> None:
    header = ["Indikator", "Geografi", "Geografikode", "Enhed", "2019", "2020"]
    path = write_csv(
        [
            header,
            [UDEN, "Ishøj", "", "procent", "16,3", "16,5"],
            [UDEN, "Ishøj", "", "gennemsnit", "16,3", "16,5"],
            [
                "Karaktergennemsnit dansk og matematik, 9. klasse",
                "Ishøj",
                "",
                "gennemsnit",
                "6,2",
                "x",
            ],
        ]
    )
    parsed = parse_file(path, lookup)
    found = problems(parsed)
    assert found[(2, "Enhed")].startswith("ukendt enhed")
    assert found[(3, "Enhed")] == "enheden passer ikke med indikatorens enhed 'andel'"
    assert len(parsed.errors) == 2


def test_wide_counts_without_share_and_grade_rows(write_csv, lookup) -> None:
    header = ["Indikator", "Geografi", "Geografikode", "Enhed", "2019", "2020"]
    path = write_csv(
        [
            header,
            [
                "Karaktergennemsnit dansk og matematik, 9. klasse",
                "Ishøj",
                "",
                "gennemsnit",
                "6,2",
                "x",
            ],
            [UDEN, "Ishøj", "", "antal", "2.303", ""],
            [UDEN, "Ishøj", "", "grundlag", "14.129", ""],
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == []
    rec = by_key(parsed)
    assert rec[("karakter_9", "183", "2019")]["value"] == 6.2
    assert rec[("karakter_9", "183", "2020")]["suppressed"]
    counts = rec[("uden_18_64", "183", "2019")]
    assert math.isnan(counts["value"]) and not counts["suppressed"]
    assert (counts["numerator"], counts["denominator"], counts["source_row"]) == (2303, 14129, 3)


def test_every_sheet_is_read_unless_one_is_named(tmp_path, lookup) -> None:
    book = Workbook()
    first = book.active
    first.title = "2019"
    first.append(LONG)
    first.append([DAG, "Ishøj", "", 2019, "90,2 %", 1337, 1482])
    second = book.create_sheet("2020")
    second.append(["Tabel 2"])
    second.append(LONG)
    second.append([DAG, "Ishøj", "", 2020, 0.9, 1340, 1489])
    second["E3"].number_format = "0%"
    notes = book.create_sheet("Om data")
    notes.append(["Data er fra LBF."])
    path = tmp_path / "ark.xlsx"
    book.save(path)
    parsed = parse_file(path, lookup)
    assert parsed.errors == [] and parsed.sheets == ["2019", "2020", "Om data"]
    assert sorted(parsed.records["period"]) == ["2019", "2020"]
    rec = by_key(parsed)[("dagtilbud_1_5", "183", "2020")]
    assert (rec["value"], rec["source_sheet"], rec["source_row"]) == (90.0, "2020", 3)
    (skipped,) = parsed.warnings
    assert skipped.sheet == "Om data" and "sprunget over" in skipped.message
    only = parse_file(path, lookup, sheet="2020")
    assert only.sheets == ["2020"] and only.records["period"].tolist() == ["2020"]
    missing = parse_file(path, lookup, sheet="2021")
    assert "arket '2021' findes ikke" in missing.errors[0].message


def test_duplicate_across_sheets_is_an_error(tmp_path, lookup) -> None:
    book = Workbook()
    book.active.append(LONG)
    book.active.append([DAG, "Ishøj", "", 2019, "90,2 %", None, None])
    other = book.create_sheet("B")
    other.append(LONG)
    other.append([DAG, "Ishøj", "", 2019, "91 %", None, None])
    path = tmp_path / "dup.xlsx"
    book.save(path)
    (error,) = parse_file(path, lookup).errors
    assert (error.sheet, error.row) == ("B", 2)
    assert "som række 2 på arket 'Sheet', men med andre tal" in error.message


def test_two_row_header_with_a_merged_year_group(tmp_path, lookup) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["Indikator", "Geografi", "Geografikode", "Enhed", "År", None])
    ws.append([None, None, None, None, 2019, 2020])
    ws.merge_cells("E1:F1")
    for col in "ABCD":
        ws.merge_cells(f"{col}1:{col}2")
    ws.append([UDEN, "Ishøj", "183", "andel", "16,3", "16,5"])
    path = tmp_path / "to.xlsx"
    book.save(path)
    parsed = parse_file(path, lookup)
    assert parsed.errors == [] and parsed.layout == "lbf-bred"
    assert parsed.records["value"].tolist() == [16.3, 16.5]
    assert parsed.records["source_row"].tolist() == [3, 3]


def test_kind_given_but_header_does_not_fit(write_csv, lookup) -> None:
    path = write_csv([LONG, [DAG, "Ishøj", "", "2019", "50", "", ""]])
    parsed = parse_file(path, lookup, kind="lokal")
    (error,) = parsed.errors
    assert error.row == 1
    assert error.message.startswith("filen er angivet som 'lokal', men overskriften i række 1")
    assert "ligner 'lbf'" in error.message
    assert parse_file(path, lookup, kind="lbf").kind_detected is False
    assert "ukendt datatype" in parse_file(path, lookup, kind="excel").errors[0].message


def test_header_with_a_misspelt_column_says_what_is_missing(write_csv, lookup) -> None:
    path = write_csv([["Indikatorr", "Geografi", "År", "Andel"], [DAG, "Ishøj", "2019", "5"]])
    (error,) = parse_file(path, lookup).errors
    assert "passer ikke til formatet 'lbf': mangler 'Indikator'" in error.message
    assert error.row == 1


def test_column_names_ignore_case_spaces_and_aeoeaa(write_csv, lookup) -> None:
    header = [" INDIKATOR ", "geografi", "GeografiKode", "Aar", "andel", "ANTAL", "grundlag"]
    parsed = parse_file(write_csv([header, [DAG, "Ishøj", "", "2019", "50", "1", "2"]]), lookup)
    assert parsed.errors == [] and parsed.layout == "lbf-lang"


def test_usikker_column(write_csv, lookup) -> None:
    header = [*LONG, "Usikker"]
    path = write_csv(
        [
            header,
            [DAG, "Ishøj", "", "2019", "50", "", "", "ja"],
            [DAG, "Ishøj", "", "2020", "50", "", "", "nej"],
            [DAG, "Ishøj", "", "2021", "50", "", "", "måske"],
        ]
    )
    parsed = parse_file(path, lookup)
    assert problems(parsed) == {(4, "Usikker"): "skal være 'ja' eller tom"}
    parsed = parse_file(write_csv([header, [DAG, "Ishøj", "", "2019", "50", "", "", "Ja"]]), lookup)
    assert parsed.records["uncertain"].tolist() == [True]


def test_progress_is_called_for_large_files(lookup) -> None:
    lines = ["Indikator;Geografi;År;Andel;Antal;Grundlag"]
    lines += [f"{DAG};Ishøj;{1990 + i % 30};50;{i % 9};10" for i in range(30_000)]
    calls: list[tuple[int, int | None]] = []
    parsed = parse_bytes(
        "\n".join(lines).encode(), "big.csv", lookup, progress=lambda a, b: calls.append((a, b))
    )
    assert len(calls) >= 3 and calls[-1] == (30_000, 30_000)
    assert parsed.rows_read == 30_000
    assert len(parsed.errors) > 0  # the same key many times with other counts


def test_real_registry_lookup(registry_db, write_csv) -> None:
    lookup = Lookup.from_db(registry_db)
    path = write_csv(
        [
            LONG,
            ["Andel af 1-5-årige i dagtilbud", "Vejleåparken", "", "2019", "88,4 %", "266", "301"],
            [
                "Andel 1-5-årige i dagtilbud",
                "Almene boliger i kommunen",
                "183",
                "2019",
                "..",
                "",
                "",
            ],
            ["Andel 1-5-årige i dagtilbud", "Hele landet", "", "2019", "85 %", "", ""],
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == [], [str(p) for p in parsed.errors]
    assert set(parsed.records["geo_code"]) == {"Vejleåparken", "almene-183", "000"}
    assert set(parsed.records["indicator_code"]) == {"dagtilbud_1_5"}
