"""Survey files: indicators resolved by question and answer group within their survey."""

from __future__ import annotations

import math

from etl.parse import parse_file

HEADER = ["Undersøgelse", "År", "Geografi", "Spørgsmål", "Svarkategori", "Andel", "Antal svar"]
LBF = "LBF Tryghedsundersøgelse"


def test_survey_rows_resolve_by_question_and_answer_group(write_csv, lookup) -> None:
    path = write_csv(
        [
            HEADER,
            [
                LBF,
                "2023",
                "Vejleåparken",
                "Tillid til politiet",
                "Høj/meget høj tillid",
                "68 %",
                "412",
            ],
            [
                LBF,
                "2023",
                "De 198 største områder i DK",
                "tillid til politiet",
                "høj / meget høj tillid",
                "80 %",
                "31.250",
            ],
            [LBF, "2023", "Ishøj", "Tillid til politiet", "Høj/meget høj tillid", "75 %", ""],
        ],
        encoding="cp1252",
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == [], [str(p) for p in parsed.errors]
    assert (parsed.kind, parsed.layout, parsed.kind_detected) == ("tryghed", "tryghed", True)
    rec = {r["geo_code"]: r for r in parsed.records.to_dict("records")}
    area = rec["Vejleåparken"]
    assert area["indicator_code"] == "tillid_politiet"
    assert (area["value"], area["denominator"], area["survey"]) == (68.0, 412, LBF)
    assert math.isnan(area["numerator"]) and area["raw_text"] == "68 % | 412"
    assert rec["De 198 største områder i DK"]["denominator"] == 31250
    assert math.isnan(rec["183"]["denominator"])  # respondents unknown: the value still loads


def test_same_question_in_two_surveys_picks_the_survey(write_csv, lookup) -> None:
    question = "Føler du dig tryg i boligområdet?"
    path = write_csv(
        [
            HEADER,
            ["VIVE tryghedsmåling", "2018", "Vejleåparken", question, "Tryg", "80 %", "300"],
            [LBF, "2023", "Vejleåparken", question, "Tryg", "77 %", "350"],
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == []
    assert parsed.records["indicator_code"].tolist() == ["tryg_vive", "tryg_lbf"]
    assert parsed.records["survey"].tolist() == ["VIVE tryghedsmåling", LBF]


def test_a_figure_from_another_survey_is_a_warning(write_csv, lookup) -> None:
    path = write_csv(
        [
            HEADER,
            [
                "Rigspolitiets tryghedsmåling",
                "2023",
                "Vejleåparken",
                "Tillid til politiet",
                "Høj/meget høj tillid",
                "60 %",
                "200",
            ],
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors == []
    (warning,) = parsed.warnings
    assert (warning.row, warning.column) == (2, "Undersøgelse")
    assert "hører til undersøgelsen 'LBF Tryghedsundersøgelse'" in warning.message
    assert parsed.records["survey"].tolist() == ["Rigspolitiets tryghedsmåling"]


def test_unknown_question_share_and_year_problems(write_csv, lookup) -> None:
    path = write_csv(
        [
            ["Tryghedsundersøgelse 2023, Vejleåparken"],
            [],
            HEADER,
            [
                LBF,
                "2023",
                "Vejleåparken",
                "Tillid til politikerne",
                "Høj/meget høj tillid",
                "38",
                "9",
            ],
            [LBF, "2023", "Vejleåparken", "Tillid til politiet", "Lav tillid", "10 %", "9"],
            [
                LBF,
                "2023",
                "Vejleåparken",
                "Tillid til politiet",
                "Høj/meget høj tillid",
                "105 %",
                "",
            ],
            [LBF, "23", "Vejleåparken", "Tillid til politiet", "Høj/meget høj tillid", "5 %", ""],
        ]
    )
    parsed = parse_file(path, lookup)
    found = {(p.row, p.column): p for p in parsed.errors}
    assert "ingen indikator i registret har dette spørgsmål" in found[(4, "Spørgsmål")].message
    assert "'Tillid til politiet'" in found[(4, "Spørgsmål")].message  # the closest name
    assert found[(5, "Spørgsmål")].text == "Tillid til politiet / Lav tillid"
    assert "mellem 0 og 100" in found[(6, "Andel")].message
    assert found[(7, "År")].message == "ikke et årstal"
    assert len(parsed.errors) == 4 and parsed.records.empty


def test_survey_xlsx_with_percent_cells(tmp_path, lookup) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(HEADER)
    ws.append([LBF, 2023, "Vejleåparken", "Tillid til politiet", "Høj/meget høj tillid", 0.68, 412])
    ws["F2"].number_format = "0%"
    path = tmp_path / "tryg.xlsx"
    book.save(path)
    parsed = parse_file(path, lookup, kind="tryghed")
    assert parsed.errors == [] and parsed.kind_detected is False
    assert parsed.records["value"].round(6).tolist() == [68.0]


def test_a_control_character_in_a_cell_is_an_unknown_name_not_a_crash(write_csv, lookup) -> None:
    # Regression: the four name cells were once joined with \x1f and split again.
    path = write_csv(
        [
            HEADER,
            [LBF, "2023", "Vejleåparken", "Tillid\x1ftil politiet", "Høj\x1f", "68 %", "412"],
        ]
    )
    parsed = parse_file(path, lookup)
    assert parsed.errors and all("Traceback" not in str(p) for p in parsed.errors)
