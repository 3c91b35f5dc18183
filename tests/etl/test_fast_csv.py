"""The fast CSV path (etl.fast_csv) against the generic reader: on every file the two give the
same records, problems, notes and counts; plain files take the fast path, anything unusual
falls back to the generic one."""

from __future__ import annotations

import random

import pandas as pd
import pyarrow as pa
import pytest

from etl.fast_csv import Coded, FastCsv
from etl.parse import Lookup, ParsedFile, parse_bytes

DAG = "Andel 1-5 årige i dagtilbud"
INDICATORS = [
    DAG,
    "Andel af 1-5-årige i dagtilbud",
    "Andel 18-64-årige uden tilknytning til arbejdsmarked og uddannelse",
    "Karaktergennemsnit dansk og matematik, 9. klasse",
    "Sigtelser pr. 1000",
    "Udsættelser af beboere",
    "Ukendt indikator",
    " andel 1-5 årige i dagtilbud ",
]
GEOGRAPHIES = [
    ("Vejleåparken", ""),
    ("Ishøj", "0183"),
    ("Ishøj", ""),
    ("Hele landet", ""),
    ("AAB 55", ""),
    ("Almene boliger i kommunen", "183"),
    ("Almene boliger i kommunen", ""),
    ("Ingensteds", ""),
    ("", ""),
]
YEARS = ["2019", "2020", "2021", " 2022", "1970", "2020-K1", "", "tyve", "2999"]
SHARES = ["88,4 %", "90,2%", "12", "50", "", "<5", "..", "-", "x", "(d)", "86,1 %?", "1.234",
          "88.4", "abc", "-3", "150", "12,55", "1e400", " 7 ", "33,3"]  # fmt: skip
COUNTS = ["266", "1.337", "1 482", "", "0", "12", "-1", "<5", "..", "3?", "1,5", "9" * 400]
HEADER = ["Indikator", "Geografi", "Geografikode", "År", "Andel", "Antal", "Grundlag"]


def _row(rnd: random.Random) -> list[str]:
    geo, code = rnd.choice(GEOGRAPHIES[:-1])  # an empty name is no common row (see HOSTILE)
    return [
        rnd.choice(INDICATORS),
        geo,
        code,
        rnd.choice(YEARS),
        rnd.choice(SHARES),
        rnd.choice(COUNTS),
        rnd.choice(COUNTS),
    ]


def _clean_row(rnd: random.Random, i: int) -> list[str]:
    geo, code = rnd.choice(GEOGRAPHIES[:5])
    share = rnd.choice(["88,4 %", "12,5", "", "<5", "..", "50 %", "7,25 %"])
    return [rnd.choice(INDICATORS[:3]), geo, code, str(2000 + i % 24), share, "", ""]


def _encode(lines: list[list[str]], sep: str = ";", eol: str = "\n", bom: bool = False) -> bytes:
    text = eol.join(sep.join(cells) for cells in lines) + eol
    return ("\ufeff" if bom else "").encode() + text.encode()


def _same(fast: ParsedFile, generic: ParsedFile) -> None:
    pd.testing.assert_frame_equal(fast.records, generic.records)
    assert fast.problems == generic.problems
    assert fast.notes == generic.notes
    assert fast.unresolved == generic.unresolved
    assert (fast.rows_read, fast.kind, fast.layout, fast.kind_detected, fast.sheets) == (
        generic.rows_read,
        generic.kind,
        generic.layout,
        generic.kind_detected,
        generic.sheets,
    )


def _takes_fast_path(content: bytes, name: str = "fil.csv") -> bool:
    plain = FastCsv.open(content, name, None)
    return plain is not None and plain.frame(content) is not None


def _both(content: bytes, lookup: Lookup, **options: object) -> tuple[ParsedFile, ParsedFile]:
    fast = parse_bytes(content, "fil.csv", lookup, **options)  # type: ignore[arg-type]
    generic = parse_bytes(content, "fil.csv", lookup, fast=False, **options)  # type: ignore[arg-type]
    return fast, generic


@pytest.mark.parametrize("seed", range(24))
def test_random_plain_files_give_the_generic_result(lookup, seed: int) -> None:
    """Names known, unknown and ambiguous, bad years, markers, bad and huge numbers: whatever
    the rows hold, the fast path's records and problems are the generic path's."""
    rnd = random.Random(seed)
    sep = rnd.choice([";", "\t"])
    eol = rnd.choice(["\n", "\r\n"])
    header = list(HEADER)
    if seed % 3 == 0:
        header = [*header, "Usikker", "Note"]
    rows = [
        _row(rnd) + (["ja", "note"] if seed % 3 == 0 else []) for _ in range(rnd.randint(1, 60))
    ]
    lines = ([["Tabel over dagtilbud"], []] if seed % 4 == 1 else []) + [header, *rows]
    content = _encode(lines, sep, eol, bom=seed % 5 == 0)
    assert _takes_fast_path(content)
    fast, generic = _both(content, lookup)
    _same(fast, generic)


@pytest.mark.parametrize("seed", range(6))
def test_clean_files_load_the_same_records(lookup, seed: int) -> None:
    """Files without errors: the records themselves (values, raw text, flags, rows) agree."""
    rnd = random.Random(100 + seed)
    rows = [_clean_row(rnd, i) for i in range(24)]  # one year each: no key twice
    content = _encode([HEADER, *rows], eol="\r\n" if seed % 2 else "\n")
    assert _takes_fast_path(content)
    fast, generic = _both(content, lookup)
    _same(fast, generic)
    assert len(fast.records) > 0 and fast.errors == []


ROW = [DAG, "Ishøj", "", "2019", "50", "", ""]
ROW_2020 = [DAG, "Ishøj", "", "2020", "5", "", ""]
HOSTILE = {
    "a note under the table": [HEADER, [DAG, "Ishøj", "", "2019", "50", "", ""], ["Kilde: LBF"]],
    "the header repeated": [HEADER, [DAG, "Ishøj", "", "2019", "50", "", ""], HEADER],
    "a blank line": [HEADER, ROW, [], ROW_2020],
    "an Excel blank row": [HEADER, ROW, [""] * 7, ROW_2020],
    "blank lines at the end": [HEADER, ROW, [], []],
    "a short row": [HEADER, [DAG, "Ishøj", "", "2019", "50"]],
    "a long row": [HEADER, [DAG, "Ishøj", "", "2019", "50", "", "", "", "9"]],
    "a comma-separated row": [HEADER, ROW, [f"{DAG},Ishøj,,2020,50,,"]],
    "an empty first cell": [HEADER, ["", "Ishøj", "", "2019", "50", "", ""]],
    "an empty second cell": [HEADER, [DAG, "", "", "2019", "50", "", ""]],
    "a column named twice": [[*HEADER, "Andel"], [DAG, "Ishøj", "", "2019", "50", "", "", "60"]],
    "no data rows": [HEADER],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_unusual_files_fall_back_and_report_the_same(lookup, case: str) -> None:
    content = _encode(HOSTILE[case])
    if case == "an Excel blank row":
        # Blank rows are no rows on either path; the fast path skips them itself.
        assert _takes_fast_path(content)
    else:
        assert not _takes_fast_path(content)
    fast, generic = _both(content, lookup)
    _same(fast, generic)


@pytest.mark.parametrize(
    ("case", "content"),
    [
        ("a quoted field", f'{";".join(HEADER)}\n"{DAG}";Ishøj;;2019;"88,4 %";;\n'.encode()),
        ("a lone carriage return", f"{';'.join(HEADER)}\r{DAG};Ishøj;;2019;50;;\r".encode()),
        ("a NUL byte", f"{';'.join(HEADER)}\n{DAG};Ishøj;;2019;5\x000;;\n".encode()),
        ("Windows-1252", f"{';'.join(HEADER)}\n{DAG};Ishøj;;2019;50;;\n".encode("cp1252")),
        ("UTF-16", f"{';'.join(HEADER)}\n{DAG};Ishøj;;2019;50;;\n".encode("utf-16")),
        (
            "not UTF-8 far below the head",
            _encode([HEADER] + [[DAG, "Ishøj", "", str(1990 + i % 30), "50", "", ""]
                                for i in range(300)])  # fmt: skip
            + f"{DAG};Ish\xf8j;;2019;50;;\n".encode("cp1252"),
        ),
        ("a wide layout", f"Indikator;Geografi;Enhed;2019\n{DAG};Ishøj;andel;50\n".encode()),
    ],
)  # fmt: skip
def test_files_that_are_not_plain_take_the_generic_path(lookup, case: str, content: bytes) -> None:
    assert not _takes_fast_path(content)
    fast, generic = _both(content, lookup)
    _same(fast, generic)


def test_options_give_the_same_result(lookup) -> None:
    """--kind and --sheet on a plain file: the same notes and problems on both paths."""
    content = _encode([HEADER, [DAG, "Ishøj", "", "2019", "50", "", ""]])
    for options in ({"kind": "lbf"}, {"sheet": "Ark1"}, {"kind": "tryghed"}):
        fast, generic = _both(content, lookup, **options)
        _same(fast, generic)


def test_row_numbers_are_physical_lines_below_a_title(lookup) -> None:
    """A problem on the fast path names the line the user sees (title rows and blank lines
    above the header counted)."""
    content = _encode(
        [["Dagtilbud 2019"], [], HEADER, [DAG, "Ishøj", "", "2019", "abc", "", ""]], eol="\r\n"
    )
    assert _takes_fast_path(content)
    fast = parse_bytes(content, "fil.csv", lookup)
    assert [(p.row, p.column, p.text) for p in fast.errors] == [(4, "Andel", "abc")]


# -- records straight from the codes (etl.fast_records) ------------------------------------
# A clean file is finished from its codes without the generic frame; anything to report (or a
# note) must give exactly what the generic path gives, through the frame or from the codes.

FULL_HEADER = [
    "Indikator", "Geografi", "Geografikode", "År", "Andel", "Værdi", "Antal", "Grundlag",
    "Usikker", "Note", "Kilde",
]  # fmt: skip


def _clean_full_row(rnd: random.Random, i: int) -> list[str]:
    """A row of any unit whose figures agree, with every optional column."""
    geo, code = rnd.choice(GEOGRAPHIES[:6])
    year = str(1990 + i)
    usikker = rnd.choice(["", "ja", "Ja ", "nej", "x"])
    note = rnd.choice(["", "ny opgørelse", " foreløbig "])
    kilde = rnd.choice(["", "LBF", "AAB"])
    pick = rnd.randrange(6)
    if pick == 0:  # a share with its counts
        den = rnd.randint(1, 500)
        num = rnd.randint(0, den)
        share = f"{num / den * 100:.1f}".replace(".", ",") + rnd.choice([" %", "%", ""])
        return [DAG, geo, code, year, share, "", str(num), str(den), usikker, note, kilde]
    if pick == 1:  # a suppressed share, a marker, an uncertain share, an empty row
        cell = rnd.choice(["<5", "..", "-", "x", "(d)", "12,5 %?", "", " 7 "])
        return [DAG, geo, code, year, cell, "", rnd.choice(["", "<5"]), "", usikker, note, kilde]
    if pick == 2:  # a grade in Værdi
        grade = f"{rnd.uniform(-3, 12):.1f}".replace(".", ",")
        return [INDICATORS[3], geo, code, year, "", grade, "", "", usikker, note, kilde]
    if pick == 3:  # a count in Antal, thousands with a dot or a space
        count = rnd.choice(["2.303", "1 482", "17", "0", "<5"])
        return [INDICATORS[5], geo, code, year, "", "", count, "", usikker, note, kilde]
    if pick == 4:  # per 1000 in Værdi
        rate = f"{rnd.uniform(0, 999):.2f}".replace(".", ",")
        return [INDICATORS[4], geo, code, year, "", rate, "", "", usikker, note, kilde]
    # a share in Værdi when Andel is empty
    return [INDICATORS[2], geo, code, year, "", "33,3", "", "", usikker, note, kilde]


def _from_codes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the files that needed the generic frame (the codes were not enough)."""
    frames: list[int] = []
    original = Coded.frame

    def frame(self: Coded) -> pd.DataFrame:
        frames.append(1)
        return original(self)

    monkeypatch.setattr(Coded, "frame", frame)
    return frames


@pytest.mark.parametrize("seed", range(12))
def test_clean_files_are_finished_from_the_codes(lookup, monkeypatch, seed: int) -> None:
    """Every unit, markers, '?', thousands, Usikker/Note/Kilde: the records from the codes are
    the generic path's, and no frame is built."""
    rnd = random.Random(200 + seed)
    rows = [_clean_full_row(rnd, i) for i in range(30)]  # one year each: no key twice
    content = _encode([FULL_HEADER, *rows], sep=rnd.choice([";", "\t"]))
    frames = _from_codes(monkeypatch)
    fast = parse_bytes(content, "fil.csv", lookup)
    assert frames == [] and fast.errors == [] and fast.records_arrow is not None
    table = fast.records_arrow
    generic = parse_bytes(content, "fil.csv", lookup, fast=False)
    _same(fast, generic)
    assert len(fast.records) == 30 and frames == [], "the records are made from the codes"
    # What the load reads: the Arrow table is the generic records' Arrow conversion.
    expected = pa.Table.from_pandas(generic.records, preserve_index=False)
    assert table.equals(expected.replace_schema_metadata(None))


def test_a_decimal_point_note_comes_from_the_codes(lookup, monkeypatch) -> None:
    """'1.234' in a share column that shows '88.4' elsewhere: read as 1,234 with the same note
    on both paths."""
    rows = [[DAG, "Ishøj", "", "2019", "88.4", "", "", ""], [DAG, "Ishøj", "", "2020", "1.234",
            "", "", ""]]  # fmt: skip
    content = _encode([FULL_HEADER[:8], *rows])
    frames = _from_codes(monkeypatch)
    fast = parse_bytes(content, "fil.csv", lookup)
    assert frames == [] and len(fast.notes) == 3 and "'1.234'" in fast.notes[-1]
    assert fast.records["value"].tolist() == [88.4, 1.234]
    _same(fast, parse_bytes(content, "fil.csv", lookup, fast=False))


ONE_THING = {
    "an unknown indicator": [INDICATORS[6], "Ishøj", "", "2019", "50", "", "", ""],
    "an unknown geography": [DAG, "Ingensteds", "", "2019", "50", "", "", ""],
    "a kommune without code": [DAG, "Almene boliger i kommunen", "", "2019", "50", "", "", ""],
    "a quarter": [DAG, "Ishøj", "", "2019-K1", "50", "", "", ""],
    "a year too early": [DAG, "Ishøj", "", "1970", "50", "", "", ""],
    "no number": [DAG, "Ishøj", "", "2019", "abc", "", "", ""],
    "a huge number": [DAG, "Ishøj", "", "2019", "", "", "9" * 40, "9" * 41],
    "an ambiguous share": [DAG, "Ishøj", "", "2019", "1.234", "", "", ""],
    "a share over 100": [DAG, "Ishøj", "", "2019", "150", "", "", ""],
    "a grade out of range": [INDICATORS[3], "Ishøj", "", "2019", "", "13", "", ""],
    "a negative count": [INDICATORS[5], "Ishøj", "", "2019", "", "", "-1", ""],
    "more than the base": [DAG, "Ishøj", "", "2019", "", "", "12", "10"],
    "a share against its counts": [DAG, "Ishøj", "", "2019", "60 %", "", "50", "100"],
    "an unused cell": [INDICATORS[3], "Ishøj", "", "2019", "50", "7", "", ""],
    "a percent on a count": [INDICATORS[5], "Ishøj", "", "2019", "", "", "5 %", ""],
    "the same figure twice": [DAG, "Ishøj", "0183", "2020", "5", "", "", ""],
    "the same key, other figures": [DAG, "Ishøj", "0183", "2020", "6", "", "", ""],
    "a bad usikker": [DAG, "Ishøj", "", "2019", "50", "", "", "", "måske"],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(ONE_THING))
def test_one_thing_to_report_takes_the_frame(lookup, monkeypatch, case: str) -> None:
    """A clean file with one row to report: the generic frame judges it, the same as the
    generic reader."""
    row = ONE_THING[case]
    header = FULL_HEADER[: len(row)]
    good = [[DAG, "Ishøj", "", "2020", "5", "", "", ""][: len(header)] + [""] * (len(row) - 8)]
    content = _encode([header, *good, row])
    frames = _from_codes(monkeypatch)
    fast = parse_bytes(content, "fil.csv", lookup)
    assert frames == [1] and fast.problems
    _same(fast, parse_bytes(content, "fil.csv", lookup, fast=False))
