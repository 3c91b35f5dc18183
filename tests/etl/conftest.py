"""Fixtures for the parse tests: a small registry lookup from literal values, and writers of
real CSV and xlsx files."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from etl.parse import Lookup


@pytest.fixture
def lookup() -> Lookup:
    """A registry in miniature: one indicator of each unit, the geographies of formats.md."""
    return Lookup(
        indicators={
            "Andel 1-5 årige i dagtilbud": "dagtilbud_1_5",
            "Andel af 1-5-årige i dagtilbud": "dagtilbud_1_5",
            "Andel 18-64-årige uden tilknytning til arbejdsmarked og uddannelse": "uden_18_64",
            "Karaktergennemsnit dansk og matematik, 9. klasse": "karakter_9",
            "Udsættelser af beboere": "udsaettelser",
            "Sigtelser pr. 1000": "sigtelser_1000",
        },
        indicator_names={
            "dagtilbud_1_5": "Andel 1-5-årige i dagtilbud",
            "uden_18_64": "Andel 18-64-årige uden tilknytning til arbejdsmarked og uddannelse",
            "karakter_9": "Karaktergennemsnit i dansk og matematik for 9.-klasseselever",
            "udsaettelser": "Udsættelser",
            "sigtelser_1000": "Sigtelser pr. 1000 beboere",
            "tillid_politiet": "Tillid til politiet",
            "tryg_vive": "Andel beboere over 18, grundlæggende trygge",
            "tryg_lbf": "Tryg i boligområdet (LBF)",
        },
        indicator_units={
            "dagtilbud_1_5": "andel",
            "uden_18_64": "andel",
            "karakter_9": "gennemsnit",
            "udsaettelser": "antal",
            "sigtelser_1000": "pr. 1000",
            "tillid_politiet": "andel",
            "tryg_vive": "andel",
            "tryg_lbf": "andel",
        },
        indicator_kinds={
            "dagtilbud_1_5": "lbf",
            "uden_18_64": "lbf",
            "karakter_9": "lbf",
            "udsaettelser": "lokal",
            "sigtelser_1000": "lbf",
            "tillid_politiet": "tryghed",
            "tryg_vive": "tryghed",
            "tryg_lbf": "tryghed",
        },
        indicator_surveys={
            "tillid_politiet": "LBF Tryghedsundersøgelse",
            "tryg_vive": "VIVE tryghedsmåling",
            "tryg_lbf": "LBF Tryghedsundersøgelse",
        },
        indicator_questions={
            "tillid_politiet": ("Tillid til politiet", "Høj/meget høj tillid"),
            "tryg_vive": ("Føler du dig tryg i boligområdet?", "Tryg"),
            "tryg_lbf": ("Føler du dig tryg i boligområdet?", "Tryg"),
        },
        geographies={
            "Ishøj": "183",
            "0183": "183",
            "Slagelse": "330",
            "Landsplan": "000",
            "Hele landet": "000",
            "Almene boliger i Ishøj Kommune": "almene-183",
            "De 198 største områder": "De 198 største områder i DK",
        },
        geography_names={
            "000": "Landsplan",
            "183": "Ishøj Kommune",
            "330": "Slagelse Kommune",
            "almene-183": "Almene boliger i Ishøj Kommune",
            "AAB-55": "AAB afd. 55 Vejleåparken",
            "FOB-23": "FOB afd. 23",
            "Vejleåparken": "Vejleåparken",
            "Ringparken": "Ringparken",
            "De 198 største områder i DK": "De 198 største områder i DK",
        },
    )


WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows as a real CSV file (csv module quoting) and return its path."""

    def write(
        rows: Sequence[Sequence[object]],
        name: str = "data.csv",
        *,
        sep: str = ";",
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=sep, lineterminator="\n").writerows(rows)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write {sheet: rows} as a real workbook; `setup(book)` may format and merge."""

    def write(
        sheets: dict[str, Sequence[Sequence[object]]],
        name: str = "data.xlsx",
        setup: Callable[[Workbook], None] | None = None,
    ) -> Path:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        if setup is not None:
            setup(book)
        path = tmp_path / name
        book.save(path)
        return path

    return write
