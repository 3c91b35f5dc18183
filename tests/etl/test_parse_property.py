"""Property tests: no content makes parse_bytes raise, and a file with an error keeps nothing."""

from __future__ import annotations

import io
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from etl.parse import OBSERVATION_COLUMNS, Lookup, ParsedFile, parse_bytes

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LONG_CSV = (
    "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
    "Andel 1-5 årige i dagtilbud;Vejleåparken;;2019;88,4 %;266;301\n"
    "Andel af 1-5-årige i dagtilbud;Ishøj;0183;2019;90,2%;1.337;1 482\n"
    'Andel 1-5 årige i dagtilbud;Hele landet;;2019;"<5";;\n'
).encode()
WIDE_CSV = (
    "Indikator,Geografi,Geografikode,Enhed,2018,2019\n"
    'Andel 1-5 årige i dagtilbud,Ishøj,183,andel,"90,1 %","90,2 %"\n'
    "Andel 1-5 årige i dagtilbud,Ishøj,183,antal,1330,1337\n"
).encode("cp1252")
LOKAL_CSV = (
    "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
    'Udsættelser af beboere;AAB-55;2024;3?;AAB;ja;"to\nlinjer"\n'
    "Udsættelser af beboere;AAB-55;2025-K1;1;;;\n"
).encode()
TRYG_CSV = (
    "Undersøgelse;År;Geografi;Spørgsmål;Svarkategori;Andel;Antal svar\n"
    "LBF Tryghedsundersøgelse;2023;Vejleåparken;Tillid til politiet;Høj/meget høj tillid;68 %;412\n"
).encode("utf-8-sig")
DST_CSV = "\ufeffOMRÅDE;TID;INDHOLD\nIshøj;2024K3;6,2\nHele landet;2024;..\n".encode()


def _xlsx() -> bytes:
    book = Workbook()
    ws = book.active
    ws["A1"] = "Titel"
    ws.merge_cells("A1:E1")
    ws.append(["Indikator", "Geografi", "Geografikode", "Enhed", 2019])
    ws.append(["Andel 1-5 årige i dagtilbud", "Ishøj", "183", "andel", 0.902])
    ws["E3"].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID = [LONG_CSV, WIDE_CSV, LOKAL_CSV, TRYG_CSV, DST_CSV, _xlsx()]


def check(parsed: ParsedFile, lookup: Lookup) -> None:
    """What every parse result must satisfy."""
    assert isinstance(parsed, ParsedFile)
    assert list(parsed.records.columns) == OBSERVATION_COLUMNS
    assert all(p.message and p.severity in ("fejl", "advarsel") for p in parsed.problems)
    assert all(p.row is None or p.row >= 1 for p in parsed.problems)
    for problem in parsed.problems:
        str(problem)  # every problem can be shown
    if parsed.errors:
        assert parsed.records.empty  # the loader loads nothing
        return
    assert parsed.kind in ("lbf", "tryghed", "lokal", "dst")
    for rec in parsed.records.to_dict("records"):
        assert rec["indicator_code"] in lookup.indicator_names
        assert rec["geo_code"] in lookup.geography_names
        assert rec["period"] and rec["period_type"] in ("year", "quarter", "month")
        assert (
            rec["suppressed"]
            or not math.isnan(rec["value"])
            or not math.isnan(rec["numerator"])
            or not math.isnan(rec["denominator"])
        )
        if lookup.indicator_units[rec["indicator_code"]] == "andel" and not rec["suppressed"]:
            assert math.isnan(rec["value"]) or 0 <= rec["value"] <= 100


@SETTINGS
@given(content=st.binary(max_size=600), name=st.sampled_from(["x.csv", "x.xlsx", "x", "x.xls"]))
def test_random_bytes_never_raise(lookup, content: bytes, name: str) -> None:
    check(parse_bytes(content, name, lookup), lookup)


@SETTINGS
@given(
    base=st.sampled_from(VALID),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["flip", "insert", "delete", "truncate"]),
            st.floats(0, 1, exclude_max=True),
            st.binary(min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=5,
    ),
    kind=st.sampled_from([None, "lbf", "tryghed", "lokal", "dst"]),
)
def test_corrupted_valid_files_never_raise(lookup, base: bytes, edits, kind) -> None:
    content = bytearray(base)
    for op, where, data in edits:
        at = int(where * len(content)) if content else 0
        if op == "flip" and content:
            content[at] ^= data[0] or 1
        elif op == "insert":
            content[at:at] = data
        elif op == "delete":
            del content[at : at + len(data)]
        else:
            del content[at:]
    name = "x.xlsx" if base.startswith(b"PK") else "x.csv"
    indicator = "karakter_9" if kind == "dst" or base is DST_CSV else None
    check(parse_bytes(bytes(content), name, lookup, kind=kind, indicator=indicator), lookup)


CELL = st.one_of(
    st.sampled_from(
        ["88,4 %", "2.303", "1.234", "<5", "..", "-", "x", "(d)", "3?", "", " ", "−5", "101 %",
         "12,3x", "0", "1 482", "1.234,5", "\u00a0", '"', ";", "\n"]
    ),
    st.text(max_size=8),
)  # fmt: skip
ROW = st.tuples(
    st.sampled_from(["Andel 1-5 årige i dagtilbud", "Udsættelser af beboere", "Ukendt", ""]),
    st.sampled_from(["Ishøj", "AAB-55", "Atlantis", "Almene boliger i kommunen", ""]),
    st.sampled_from(["", "183", "0183", "x"]),
    st.sampled_from(["2019", "2020", "1850", "2024-K3", "", "abc"]),
    CELL,
    CELL,
    CELL,
)


@SETTINGS
@given(
    rows=st.lists(ROW, max_size=12),
    sep=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_generated_long_files_are_consistent(lookup, rows, sep: str, encoding: str) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(["Indikator", "Geografi", "Geografikode", "År", "Andel", "Antal", "Grundlag"])
    writer.writerows(rows)
    content = buffer.getvalue().encode(encoding, errors="replace")
    parsed = parse_bytes(content, "gen.csv", lookup)
    check(parsed, lookup)
    if not parsed.errors:
        assert len(parsed.records) <= len(rows)
