"""Issue 11's hostile files, each generated here as a real file: wrong data never loads quietly,
a small file never makes big work, and what the user sees is Danish and names the file."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from etl.cli import main
from etl.load import import_bytes, import_file, preview_bytes
from monitor.auth import add_user
from monitor.db import connect, run_query
from tests.conftest import TEST_REDAKTOR

LONG_HEADER = "Indikator;Geografi;Geografikode;År;Andel;Antal;Grundlag\n"
DAGTILBUD = "Andel 1-5-årige i dagtilbud"
ENGLISH = re.compile(r"zip|openpyxl|duckdb|Traceback|Error|File |/usr/|\.py\b|pid", re.I)


def counts(conn) -> tuple[int, int]:
    return (
        conn.execute("select count(*) from import_batch").fetchone()[0],
        conn.execute("select count(*) from observation").fetchone()[0],
    )


def xlsx_bytes(rows: list[list[object]], edit=None) -> bytes:
    """A real workbook; `edit(xml) -> xml` rewrites its first sheet's XML afterwards."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if edit is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            target.writestr(info, data)
    return out.getvalue()


WIDE = [
    ["Indikator", "Geografi", "Geografikode", "Enhed", 2019, 2020],
    [DAGTILBUD, "Ishøj", "183", "andel", 90.2, 90.0],
]


def test_sub_year_shares_are_never_summed_into_a_year(registry_db, tmp_path) -> None:
    path = tmp_path / "dst.csv"
    path.write_text("OMRÅDE;TID;INDHOLD\nIshøj;2024K1;16,2\nIshøj;2024K2;16,5\n", encoding="utf-8")
    report = import_file(registry_db, path, user=TEST_REDAKTOR, indicator="dagtilbud_1_5")
    assert not report.errors and report.values_loaded == 2
    year = registry_db.execute(
        "select value from observation_series where indicator_code = 'dagtilbud_1_5'"
        " and geo_code = '183' and period = '2024'"
    ).fetchall()
    assert year == []  # not 32,7 %, and not an average either
    dumped = run_query(registry_db, "observations_dump", plan_id=None)
    shown = dumped[(dumped["indicator_code"] == "dagtilbud_1_5") & (dumped["geo_code"] == "183")]
    assert sorted(set(zip(shown["period"], shown["value"], strict=True))) == [
        ("2024-K1", 16.2),
        ("2024-K2", 16.5),
    ]


def test_sub_year_counts_still_add_up_to_a_partial_year(registry_db, tmp_path) -> None:
    path = tmp_path / "lokal.csv"
    path.write_text(
        "Indikator;Geografi;Periode;Antal\n"
        "Udsættelser;Ishøj;2024-K1;3\nUdsættelser;Ishøj;2024-K2;4\n",
        encoding="utf-8",
    )
    assert not import_file(registry_db, path, user=TEST_REDAKTOR).errors
    row = registry_db.execute(
        "select value, partial from observation_series where geo_code = '183'"
        " and period = '2024' and indicator_code = (select indicator_code from observation"
        " where period = '2024-K1' limit 1)"
    ).fetchone()
    assert row == (7.0, True)


def test_a_different_set_of_afdelinger_behind_an_area_is_a_reported_break(registry_db, tmp_path):
    first = tmp_path / "2019.csv"
    first.write_text(
        LONG_HEADER
        + "".join(
            f"{DAGTILBUD};{afd};;2019;50 %;10;20\n"
            for afd in ("FOB-23", "FOB-24", "FOB-26", "FOB-32")
        ),
        encoding="utf-8",
    )
    report = import_file(registry_db, first, user=TEST_REDAKTOR)
    assert not report.errors and not report.warnings  # no earlier delivery: nothing to compare
    second = tmp_path / "2020.csv"
    second.write_text(
        LONG_HEADER
        + "".join(f"{DAGTILBUD};{afd};;2020;50 %;10;20\n" for afd in ("FOB-23", "FOB-24", "FOB-26"))
        + f"{DAGTILBUD};FOB-32;;2020;(d);;\n",
        encoding="utf-8",
    )
    report = import_file(registry_db, second, user=TEST_REDAKTOR)
    breaks = [w.message for w in report.warnings if "brud i serien for Ringparken" in w.message]
    assert len(breaks) == 1  # (the plan made of Ringparken's afdelinger has its own warning)
    assert "3 afdelinger" in breaks[0] and "for 4" in breaks[0] and "mangler: FOB-32" in breaks[0]
    assert report.batch_id is not None  # a break is reported, the delivery still loads
    same = tmp_path / "2020b.csv"
    same.write_text(second.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not [w for w in import_file(registry_db, same, user=TEST_REDAKTOR).warnings
                if "brud" in w.message]  # fmt: skip


def test_formula_without_a_saved_result_is_an_error(registry_db) -> None:
    content = xlsx_bytes([*WIDE[:1], [DAGTILBUD, "Ishøj", "183", "andel", 90.2, "=E2+1"]])
    before = counts(registry_db)
    report = import_bytes(registry_db, content, "formel.xlsx", user=TEST_REDAKTOR)
    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert message.startswith("formel.xlsx") and "F2" in message and "formel" in message
    assert counts(registry_db) == before


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("9" * 400, "for stort"),  # would be inf
        ("1" * 17, "for stort"),
        ("inf", "ikke et tal"),
        ("1e400", "ikke et tal"),
    ],
)
def test_absurd_numbers_are_errors(registry_db, cell: str, expected: str) -> None:
    content = (LONG_HEADER + f"{DAGTILBUD};Ishøj;;2019;;{cell};\n").encode()
    report = import_bytes(registry_db, content, "tal.csv", user=TEST_REDAKTOR)
    assert [p.column for p in report.errors] == ["Antal"]
    assert expected in report.errors[0].message


def test_two_share_columns_are_an_error_not_a_choice(registry_db) -> None:
    content = (
        f"Indikator;Geografi;År;Andel;Antal;Grundlag;Andel\n{DAGTILBUD};Ishøj;2019;90 %;;;10 %\n"
    ).encode()
    report = import_bytes(registry_db, content, "to.csv", user=TEST_REDAKTOR)
    assert len(report.errors) == 1 and "to gange" in report.errors[0].message
    assert report.errors[0].row == 1 and report.values_loaded == 0


@pytest.mark.parametrize("header", [1800, 3000, 2020.5, "2020,5", 1975])
def test_wide_year_columns_that_are_no_year_are_errors(registry_db, header: object) -> None:
    rows = [WIDE[0] + [header], WIDE[1] + [91.0]]
    report = import_bytes(registry_db, xlsx_bytes(rows), "bred.xlsx", user=TEST_REDAKTOR)
    assert [p.column for p in report.errors] == [str(header).replace(".0", "")]
    assert "ligner et årstal" in report.errors[0].message


def test_a_wide_sheet_whose_only_year_columns_are_no_years_is_refused(registry_db) -> None:
    # Found by the property test: every year column misread ('201'), nothing to melt.
    content = (
        "Indikator;Geografi;Geografikode;Enhed;201;202\n"
        f"{DAGTILBUD};Ishøj;183;andel;90,1 %;90,2 %\n"
    ).encode()
    before = counts(registry_db)
    report = import_bytes(registry_db, content, "bred.csv", user=TEST_REDAKTOR)
    columns = {p.column for p in report.errors if "ligner et årstal" in p.message}
    assert columns == {"201", "202"} and report.batch_id is None
    assert counts(registry_db) == before


def test_a_comma_separated_row_in_a_semicolon_file_is_an_error(registry_db) -> None:
    content = (
        LONG_HEADER
        + f"{DAGTILBUD};Ishøj;;2019;90,2 %;1337;1482\n"
        + f'"{DAGTILBUD}",Ishøj,,2020,"90,0 %",1340,1489\n'
    ).encode()
    before = counts(registry_db)
    report = import_bytes(registry_db, content, "blandet.csv", user=TEST_REDAKTOR)
    assert [p.row for p in report.errors] == [3]
    assert "adskilt med ','" in report.errors[0].message
    assert counts(registry_db) == before


def test_a_footnote_with_commas_stays_a_note(registry_db) -> None:
    content = (
        LONG_HEADER
        + f"{DAGTILBUD};Ishøj;;2019;90,2 %;1337;1482\n"
        + '"Kilde: LBF, boligsociale data, udtræk fra marts"\n'
    ).encode()
    report = import_bytes(registry_db, content, "note.csv", user=TEST_REDAKTOR)
    assert not report.errors and len(report.warnings) == 1


def _delivery(value: str, extra: str = "") -> bytes:
    return (LONG_HEADER + f"{DAGTILBUD};Ishøj;;2020;{value};;\n{extra}").encode()


def test_an_older_delivery_replaces_newer_figures_only_when_confirmed(registry_db) -> None:
    assert import_bytes(registry_db, _delivery("90,0 %"), "jan.csv", user=TEST_REDAKTOR).batch_id
    assert import_bytes(registry_db, _delivery("91,0 %"), "jun.csv", user=TEST_REDAKTOR).batch_id
    old_again = _delivery("90,0 %", "\n")  # other bytes, the January figures
    preview = preview_bytes(registry_db, old_again, "jan-kopi.csv")
    assert preview.needs_confirmation and preview.values_reverted == 1
    assert any("ældre levering" in w.message for w in preview.warnings)
    before = counts(registry_db)
    refused = import_bytes(registry_db, old_again, "jan-kopi.csv", user=TEST_REDAKTOR)
    assert refused.older_refused and refused.batch_id is None
    assert "ikke indlæst" in refused.summary() and counts(registry_db) == before
    accepted = import_bytes(
        registry_db, old_again, "jan-kopi.csv", user=TEST_REDAKTOR, accept_older=True
    )
    assert accepted.batch_id is not None and accepted.values_revised == 1
    value = registry_db.execute(
        "select value from observation_current where geo_code = '183' and period = '2020'"
    ).fetchone()
    assert value == (90.0,)


def test_a_new_revision_is_no_older_delivery(registry_db) -> None:
    import_bytes(registry_db, _delivery("90,0 %"), "a.csv", user=TEST_REDAKTOR)
    report = import_bytes(registry_db, _delivery("92,0 %"), "b.csv", user=TEST_REDAKTOR)
    assert not report.needs_confirmation and report.batch_id is not None


def _series(*figures: tuple[int, str]) -> bytes:
    rows = "".join(f"{DAGTILBUD};Ishøj;;{year};{value};;\n" for year, value in figures)
    return (LONG_HEADER + rows).encode()


def test_a_delivery_ending_before_the_newest_year_is_an_older_one(registry_db) -> None:
    # The database holds 2019-2021; a file that ends in 2020 and revises 2019 to a value
    # never seen before is from before 2021 was published: confirm before it loads.
    newest = _series((2019, "90,0 %"), (2020, "90,5 %"), (2021, "91,0 %"))
    assert import_bytes(registry_db, newest, "2022.csv", user=TEST_REDAKTOR).batch_id
    older = _series((2019, "89,0 %"), (2020, "90,5 %"))
    preview = preview_bytes(registry_db, older, "gammel.csv")
    assert preview.needs_confirmation and preview.values_reverted == 1
    message = next(w.message for w in preview.warnings if "ældre levering" in w.message)
    assert "slutter før det nyeste år" in message and "2019" in message
    before = counts(registry_db)
    refused = import_bytes(registry_db, older, "gammel.csv", user=TEST_REDAKTOR)
    assert refused.older_refused and counts(registry_db) == before
    assert "ligner en ældre levering" in refused.summary()


def test_a_correction_that_reaches_the_newest_year_is_no_older_delivery(registry_db) -> None:
    newest = _series((2019, "90,0 %"), (2020, "90,5 %"), (2021, "91,0 %"))
    assert import_bytes(registry_db, newest, "a.csv", user=TEST_REDAKTOR).batch_id
    corrected = _series((2019, "89,0 %"), (2020, "90,5 %"), (2021, "91,0 %"))
    report = import_bytes(registry_db, corrected, "b.csv", user=TEST_REDAKTOR)
    assert not report.needs_confirmation and report.values_revised == 1


def test_a_local_count_corrected_for_one_year_is_no_older_delivery(registry_db) -> None:
    # A local count or a survey file may rightly correct a single year; only register
    # extracts (LBF, Statistikbanken) always carry the whole series.
    header = "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
    counts_ = "".join(
        f"Udsættelser af beboere;AAB-55;{y};{n};AAB;;\n" for y, n in ((2021, 4), (2024, 3))
    )
    first = import_bytes(registry_db, (header + counts_).encode(), "a.csv", user=TEST_REDAKTOR)
    assert first.batch_id is not None
    fix = (header + "Udsættelser af beboere;AAB-55;2021;9;AAB;;\n").encode()
    report = import_bytes(registry_db, fix, "rettelse-2021.csv", user=TEST_REDAKTOR, kind="lokal")
    assert not report.needs_confirmation and report.values_revised == 1
    assert report.batch_id is not None


def _claims_whole_sheet(xml: str) -> str:
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    row = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    xml = xml.replace("</sheetData>", row + "</sheetData>")
    merge = '<mergeCells count="1"><mergeCell ref="H1:XFD1048576"/></mergeCells>'
    return re.sub(r"(</sheetData>)", r"\1" + merge, xml, count=1)


@pytest.fixture
def cli_db(registry_db_file: Path, tmp_path: Path, monkeypatch) -> Path:
    db = tmp_path / "cli.duckdb"
    db.write_bytes(registry_db_file.read_bytes())
    with connect(db) as conn:
        add_user(conn, None, "anne", "administrator", "anne-adgang-1")
    monkeypatch.setenv("MONITOR_PASSWORD", "anne-adgang-1")
    monkeypatch.delenv("MONITOR_DEMO", raising=False)
    return db


def test_a_small_file_claiming_the_whole_sheet_is_cheap(registry_db, cli_db, tmp_path, capsys):
    content = xlsx_bytes(WIDE, edit=_claims_whole_sheet)
    assert len(content) < 10_000
    started = time.perf_counter()
    report = preview_bytes(registry_db, content, "stor.xlsx")  # the Import page's preview
    assert time.perf_counter() - started < 10
    assert not report.errors and report.values_loaded == 2
    path = tmp_path / "stor.xlsx"
    path.write_bytes(content)
    started = time.perf_counter()
    assert main(["--db", str(cli_db), "load", "--user", "anne", str(path)]) == 0
    assert time.perf_counter() - started < 20
    assert "2 værdier indlæst" in capsys.readouterr().out


def test_too_many_cells_is_a_danish_error(registry_db, monkeypatch) -> None:
    monkeypatch.setattr("etl.readers.MAX_XLSX_CELLS", 20)
    rows = [WIDE[0]] + [[DAGTILBUD, "Ishøj", "183", "andel", 90.0, 90.0]] * 5
    report = preview_bytes(registry_db, xlsx_bytes(rows), "mange.xlsx")
    assert len(report.errors) == 1 and "mere end 20 celler" in str(report.errors[0])


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"PK\x03\x04" + b"\x00" * 200, "brudt.xlsx"),
        (b"ikke en zip, men kaldt xlsx", "tekst.xlsx"),
        (xlsx_bytes(WIDE)[:-200], "afkortet.xlsx"),
    ],
)
def test_broken_files_give_danish_errors_naming_the_file(registry_db, content, name) -> None:
    report = preview_bytes(registry_db, content, name)
    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert message.startswith(name) and "Excel" in message
    assert not ENGLISH.search(message.removeprefix(name))


def test_control_characters_from_files_are_escaped_on_the_terminal(cli_db, tmp_path, capsys):
    path = tmp_path / "styr.csv"
    path.write_text(LONG_HEADER + "Ukendt\x1b[2J\x07;Ishøj;;2019;1 %;;\n", encoding="utf-8")
    assert main(["--db", str(cli_db), "load", "--user", "anne", str(path)]) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.err + captured.out and "\x07" not in captured.err
    assert "\\x1b[2J\\x07" in captured.err


def test_history_and_dump_name_the_survey_of_each_figure(cli_db, tmp_path, capsys) -> None:
    path = tmp_path / "tryghed.csv"
    rows = [
        ["Undersøgelse", "År", "Geografi", "Spørgsmål", "Svarkategori", "Andel", "Antal svar"],
        ["LBF Tryghedsundersøgelse", "2021", "Ishøj", "Tillid til politiet",
         "Høj/meget høj tillid", "68 %", "412"],
        ["LBF Tryghedsundersøgelse 2023", "2023", "Ishøj", "Tillid til politiet",
         "Høj/meget høj tillid", "70 %", "400"],
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    # The plans state no answer group for this indicator: the file's is mapped once.
    assert main(["--db", str(cli_db), "load", "--user", "anne", str(path)]) == 1
    alias = ["alias", "add", "--kind", "svar", "Høj/meget høj tillid", "tillid_politiet"]
    assert main(["--db", str(cli_db), *alias, "--user", "anne"]) == 0
    assert main(["--db", str(cli_db), "load", "--user", "anne", str(path)]) == 0
    capsys.readouterr()
    assert (
        main(["--db", str(cli_db), "history", "--indicator", "tillid_politiet", "--geo", "183"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2021") and lines[0].endswith("LBF Tryghedsundersøgelse")
    assert lines[1].endswith("LBF Tryghedsundersøgelse 2023")
    assert main(["--db", str(cli_db), "dump"]) == 0
    dumped = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    surveys = {r["period"]: r["survey"] for r in dumped if r["indicator_code"] == "tillid_politiet"
               and r["geo_code"] == "183"}  # fmt: skip
    assert surveys == {"2021": "LBF Tryghedsundersøgelse", "2023": "LBF Tryghedsundersøgelse 2023"}


def test_formula_with_a_saved_result_loads_its_value(registry_db) -> None:
    content = xlsx_bytes(
        [*WIDE[:1], [DAGTILBUD, "Ishøj", "183", "andel", 90.2, "=E2+1"]],
        edit=lambda xml: xml.replace("<v />", "<v>91.2</v>"),
    )
    report = import_bytes(registry_db, content, "formel.xlsx", user=TEST_REDAKTOR)
    assert not report.errors and report.values_loaded == 2


def test_cli_refuses_an_older_delivery_until_confirmed(cli_db, tmp_path, capsys) -> None:
    for name, value in (("jan.csv", "90,0 %"), ("jun.csv", "91,0 %")):
        (tmp_path / name).write_bytes(_delivery(value))
        assert main(["--db", str(cli_db), "load", "--user", "anne", str(tmp_path / name)]) == 0
    old = tmp_path / "jan-igen.csv"
    old.write_bytes(_delivery("90,0 %", "\n"))
    capsys.readouterr()
    assert main(["--db", str(cli_db), "load", "--user", "anne", str(old)]) == 1
    captured = capsys.readouterr()
    assert "--accept-older" in captured.err and "ikke indlæst" in captured.out
    args = ["--db", str(cli_db), "load", "--user", "anne", "--accept-older", str(old)]
    assert main(args) == 0
    assert "1 reviderede" in capsys.readouterr().out
