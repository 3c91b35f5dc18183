"""Names as they come: tolerant matching of indicator, geography and answer-group spellings,
never a guess (two fitting registry entries are an error listing both)."""

from __future__ import annotations

import random

import pytest

from etl.names import Lookup
from etl.parse import parse_bytes
from etl.resolve import tolerant_key
from monitor.text import loose_key, loose_keys

AMBIGUOUS = "flere"


@pytest.fixture
def names() -> Lookup:
    return Lookup(
        indicator_names={
            "dagtilbud": "Andel 1-5-årige i dagtilbud",
            "job_udd": "Beboere i job eller uddannelse",
            "sigt_domme": "Sigtelser og domme",
            "tryg_lbf": "Tryg i boligområdet (LBF)",
            "tryg_vive": "Tryg i boligområdet (VIVE)",
            "frivillig": "Frivilligt arbejde (andel)",
        },
        indicator_questions={
            "tillid": ("Tillid til politiet", "Høj/meget høj tillid"),
        },
        geography_names={
            "183": "Ishøj Kommune",
            "AAB-55": "AAB afd. 55 Vejleåparken",
            "Vejleåparken": "Vejleåparken",
            "Ringparken": "Ringparken",
            "Ringparken Syd": "Ringparken (Syd)",
        },
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Andel 1-5-årige i dagtilbud", "dagtilbud"),  # as registered
        ("ANDEL 1-5-ÅRIGE I DAGTILBUD", "dagtilbud"),  # case
        ("Andel af 1-5-årige i dagtilbud", "dagtilbud"),  # 'Andel af' for 'Andel'
        ("Andel 1-5 årige i dagtilbud", "dagtilbud"),  # hyphen or space
        ("Andel 1 - 5-aarige i dagtilbud.", "dagtilbud"),  # aa for å, punctuation
        ("Andel 1-5-årige i dagtilbud (pct.)", "dagtilbud"),  # parenthetical added
        ("Frivilligt arbejde", "frivillig"),  # parenthetical dropped
        ("Beboere i job/uddannelse", "job_udd"),  # '/' for 'eller'
        ("Beboere i job / uddannelse", "job_udd"),
        ("Sigtelser & domme", "sigt_domme"),  # '&' for 'og'
        ("Sigtelser, domme", None),  # punctuation is no 'og': unknown
        ("Tryg i boligområdet (LBF)", "tryg_lbf"),  # exact beats tolerance
        ("Tryg i boligområdet", AMBIGUOUS),  # LBF and VIVE both fit: no guess
        ("Tryg i boligområdet [VIVE]", AMBIGUOUS),
        ("Andel 1-5-årige i dagpleje", None),
        ("", None),
    ],
)
def test_indicator_spellings(names: Lookup, text: str, expected: str | None) -> None:
    found = names.indicator(text)
    if expected == AMBIGUOUS:
        assert found is None
        assert names.ambiguous[("indikator", text)] == ["tryg_lbf", "tryg_vive"]
    else:
        assert found == expected
        assert ("indikator", text) not in names.ambiguous


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ishøj Kommune", "183"),
        ("ishoej kommune", "183"),
        ("Ishøj Kommune (183)", "183"),
        ("AAB afd 55 Vejleåparken", "AAB-55"),
        ("Vejleåparken.", "Vejleåparken"),
        ("Ringparken", "Ringparken"),  # exact, although 'Ringparken (Syd)' folds to it too
        ("Ringparken (Nord)", AMBIGUOUS),  # Ringparken and Ringparken Syd both fit
        ("Ringparken Nord", None),
    ],
)
def test_geography_spellings(names: Lookup, text: str, expected: str | None) -> None:
    found = names.geography(text)
    if expected == AMBIGUOUS:
        assert found is None
        assert names.ambiguous[("geografi", text)] == ["Ringparken", "Ringparken Syd"]
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Høj/meget høj tillid", ["tillid"]),
        ("Høj / meget høj tillid", ["tillid"]),
        ("Høj eller meget høj tillid", ["tillid"]),
        ("høj/meget høj tillid.", ["tillid"]),
        ("Lav tillid", []),
    ],
)
def test_answer_group_spellings(names: Lookup, answer: str, expected: list[str]) -> None:
    assert names.survey_candidates("Tillid til politiet?", answer) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Andel (%) af 18-64-årige", "andel 18 64 årige"),
        ("Job & uddannelse", "job og uddannelse"),
        ("Job/uddannelse", "job eller uddannelse"),
    ],
)
def test_tolerant_key_folds_variants_together(a: str, b: str) -> None:
    assert tolerant_key(a) == tolerant_key(b)


def test_an_ambiguous_name_in_a_file_is_an_error_listing_both(names: Lookup) -> None:
    content = (
        "Indikator;Geografi;År;Andel\n"
        "Tryg i boligområdet;Ishøj Kommune (183);2023;70 %\n"
        "Beboere i job/uddannelse;ishøj kommune;2023;50 %\n"
    ).encode()
    parsed = parse_bytes(content, "navne.csv", names)
    assert [(p.row, p.column) for p in parsed.errors] == [(2, "Indikator")]
    message = parsed.errors[0].message
    assert "passer på flere" in message
    assert "Tryg i boligområdet (LBF) (tryg_lbf)" in message
    assert "Tryg i boligområdet (VIVE) (tryg_vive)" in message
    assert [(u.kind, u.text, u.ambiguous) for u in parsed.unresolved] == [
        ("indikator", "Tryg i boligområdet", True)
    ]
    assert [c.code for c in parsed.unresolved[0].candidates] == ["tryg_lbf", "tryg_vive"]


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["Andel af 1-5-årige i dagtilbud", " AAB 55 ", "Almene boliger i kommunen"],
        ["af", " af ", "-af-", "AF–B", "Af\u00a0b", "x.af", "after"],
        ["Vejle\u00e5parken", "Vejlea\u030aparken", "ﬁre ①", "ΑΣ", "ΑΣ Β", "σ"],
        ["a\tb\nc", "\x1c a \x1f", "  ", "-", " - ", "a \u2212 b", "a\u202fb"],
        ["a\x00b", "c"],  # a text holding the separator: one by one
        [None, 12, 3.5],
    ],
)
def test_loose_keys_are_loose_key_of_each(texts: list[object]) -> None:
    assert loose_keys(texts) == [loose_key(str(t)) for t in texts]


def test_loose_keys_of_random_texts_are_loose_key_of_each() -> None:
    rnd = random.Random(7)
    alphabet = [*"aAfF -–—‐\u2212\u00a0\u202f\t\n\x1cΣσæÆøØåÅéüöä.,()/&+'ﬁ\u0301b0 ", "af", " af "]
    for _ in range(3000):
        texts = ["".join(rnd.choices(alphabet, k=rnd.randint(0, 10))) for _ in range(5)]
        assert loose_keys(texts) == [loose_key(t) for t in texts]
