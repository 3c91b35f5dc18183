"""The fast XLSX reader (etl.xlsx_fast) against openpyxl's cell-by-cell read: on every workbook
the two give the same sheets (rows, cell values and their types, row numbers) or the same
Danish error; plain sheet XML takes the C parser, anything else defusedxml's."""

from __future__ import annotations

import io
import random
import zipfile
from functools import partial
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from openpyxl import Workbook

from etl import readers
from etl.layouts import _cell_texts, cell_text
from etl.parse import Lookup, parse_bytes
from etl.readers import PercentNumber, ReadError, read_xlsx
from etl.xlsx_fast import plain_xml

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{NS}"><numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/>
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>
<numFmt numFmtId="166" formatCode="#,##0 &quot;stk&quot;"/>
</numFmts><fonts count="1"><font><sz val="11"/></font></fonts>
<fills count="1"><fill><patternFill/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="10" applyNumberFormat="1"/>
<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/>
<xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="166" applyNumberFormat="1"/>
<xf numFmtId="21" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
PERCENT_STYLES, DATE_STYLES, OTHER_STYLES = (1, 2), (3, 4, 6), (0, 5)
SHARED = ["Indikator", "Ishøj", "  ", "", "a & b", "Andel 1-5-årige i dagtilbud", "2019"]


def workbook(sheets: dict[str, str], shared: list[str] | None = SHARED) -> bytes:
    """A real .xlsx whose worksheets' XML is given as is (sheet name -> XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            f'sharedStrings+xml"/>{overrides}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        n = len(sheets)
        rels += f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        if shared is not None:
            rels += (
                f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
            items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared)
            z.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">{items}</sst>',
            )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        z.writestr("xl/styles.xml", STYLES)
        for i, xml in enumerate(sheets.values(), start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return out.getvalue()


def sheet_xml(rows: str, *, before: str = "", after: str = "", prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {xmlns}>'
        f"{before}<{p}sheetData>{rows}</{p}sheetData>{after}</{p}worksheet>"
    )


def letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


NUMBERS = ["0", "1", "2019", "88.4", "0.884", "-3", "1e3", "1.5E-7", "1234567890123456789", "007"]


def random_cell(rnd: random.Random, ref: str, p: str) -> str:
    r = f' r="{ref}"' if ref else ""
    kind = rnd.randrange(22)
    number = rnd.choice(NUMBERS)
    text = rnd.choice(["Ishøj", "  ", "", " 2020 ", "a &amp; b", "&#229;r", "88,4 %", "&lt;5", "x"])
    if kind < 5:
        return f"<{p}c{r}><{p}v>{number}</{p}v></{p}c>"
    if kind == 5:
        return f'<{p}c{r} t="n" s="{rnd.choice(PERCENT_STYLES)}"><{p}v>{number}</{p}v></{p}c>'
    if kind == 6:
        serial = rnd.choice(["43831", "43831.5", "0.25", "1", "60"])
        return f'<{p}c{r} s="{rnd.choice(DATE_STYLES)}"><{p}v>{serial}</{p}v></{p}c>'
    if kind == 7:
        return f'<{p}c{r} s="{rnd.choice(OTHER_STYLES)}"><{p}v>{number}</{p}v></{p}c>'
    if kind in (8, 9, 10):
        space = ' xml:space="preserve"' if rnd.random() < 0.5 else ""
        return f'<{p}c{r} t="inlineStr"><{p}is><{p}t{space}>{text}</{p}t></{p}is></{p}c>'
    if kind == 11:
        return f'<{p}c{r} t="inlineStr"><{p}is><{p}t/></{p}is></{p}c>'
    if kind == 12:  # rich text
        return (
            f'<{p}c{r} t="inlineStr"><{p}is><{p}r><{p}t>An</{p}t></{p}r>'
            f"<{p}r><{p}rPr><{p}b/></{p}rPr><{p}t>del</{p}t></{p}r></{p}is></{p}c>"
        )
    if kind in (13, 14):
        return f'<{p}c{r} t="s"><{p}v>{rnd.randrange(len(SHARED))}</{p}v></{p}c>'
    if kind == 15:
        return f'<{p}c{r} t="str"><{p}f>A1&amp;"x"</{p}f><{p}v>{text or "x"}</{p}v></{p}c>'
    if kind == 16:
        return f'<{p}c{r} t="b"><{p}v>{rnd.choice("01")}</{p}v></{p}c>'
    if kind == 17:
        return f'<{p}c{r} t="e"><{p}v>#N/A</{p}v></{p}c>'
    if kind == 18:
        return f"<{p}c{r}><{p}f>1+1</{p}f><{p}v>{number}</{p}v></{p}c>"
    if kind == 19:
        return f'<{p}c{r} s="{rnd.choice((0, 1, 5))}"/>'
    if kind == 20:
        return f'<{p}c{r} t="d"><{p}v>2020-01-0{rnd.randrange(1, 9)}</{p}v></{p}c>'
    return f"<{p}c{r}><{p}v></{p}v></{p}c>"


def random_sheet(seed: int) -> str:
    rnd = random.Random(seed)
    prefix = "x" if seed % 5 == 4 else ""  # the main namespace under a prefix
    p = f"{prefix}:" if prefix else ""
    out = []
    row = 0
    for _ in range(rnd.randrange(1, 40)):
        row += rnd.choice([1, 1, 1, 1, 2, 5])
        if rnd.random() < 0.04:
            row = max(1, row - 2)  # a row numbered below the one before
        r_attr = f' r="{row}"' if rnd.random() < 0.9 else ""
        if rnd.random() < 0.03:
            r_attr = f' r="{row}.0"'
        cells = []
        column = 0
        for _ in range(rnd.randrange(0, 12)):
            column += rnd.choice([1, 1, 1, 2, 4])
            if rnd.random() < 0.03:
                column = max(1, column - 2)  # out of order, or a column written twice
            ref = "" if rnd.random() < 0.08 else f"{letters(column)}{row}"
            cells.append(random_cell(rnd, ref, p))
        out.append(f"<{p}row{r_attr}>{''.join(cells)}</{p}row>")
    before = f'<{p}dimension ref="A1:XFD1048576"/>' if seed % 3 == 0 else ""
    after = f'<{p}mergeCells><{p}mergeCell ref="A2:C3"/></{p}mergeCells>' if seed % 4 == 0 else ""
    return sheet_xml("".join(out), before=before, after=after, prefix=prefix)


def outcome(content: bytes, fast: bool, **options: object) -> object:
    """What the reader makes of a file: its sheets with each cell's type, or its error."""
    try:
        sheets = read_xlsx(content, fast=fast, **options)  # type: ignore[arg-type]
    except ReadError as exc:
        return ("ReadError", str(exc))
    return [
        (
            s.name,
            [[(type(c).__name__, c) for c in row] for row in s.rows],
            s.row_numbers,
            s.all_text,
            s.notes,
        )
        for s in sheets
    ]


def assert_same(content: bytes, **options: object) -> object:
    fast = outcome(content, True, **options)
    assert fast == outcome(content, False, **options)
    return fast


@pytest.mark.parametrize("seed", range(40))
def test_random_sheets_read_the_same(seed: int) -> None:
    content = workbook({"Data": random_sheet(seed), "Andet ark": random_sheet(seed + 1000)})
    got = assert_same(content)
    assert isinstance(got, list) and any(rows for _, rows, *_ in got)


def test_the_random_sheets_take_the_c_parser() -> None:
    assert all(plain_xml(random_sheet(seed).encode()) for seed in range(40))


def _wide_book() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "LBF"
    sheet.append(["Afdelingsdata fra Landsbyggefonden"])
    sheet.append([])
    sheet.append(["Indikator", "Geografi", "Geografikode", "Enhed", 2019, 2020, 2021, "Note"])
    rnd = random.Random(7)
    for i in range(300):
        unit = rnd.choice(["andel", "antal", "grundlag"])
        choices = [rnd.uniform(0, 100), rnd.randrange(500), None, "..", "<5"]
        values: list[object] = [rnd.choice(choices) for _ in range(3)]
        sheet.append(["Andel 1-5-årige i dagtilbud", f"Afd. {i % 40}", f"{i % 40}", unit, *values])
        if unit == "andel" and i % 3 == 0:
            for cell in sheet[sheet.max_row][4:7]:
                if isinstance(cell.value, float):
                    cell.value /= 100
                    cell.number_format = "0.0%"
    sheet.append(["Kilde: LBF", None, None, None])
    sheet.merge_cells("A1:D1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_wide_lbf_workbook_from_openpyxl_reads_the_same() -> None:
    got = assert_same(_wide_book())
    assert isinstance(got, list)
    ((name, rows, numbers, *_),) = got
    assert name == "LBF" and numbers[:2] == [1, 3] and len(rows) == 303
    assert any(t == "PercentNumber" for row in rows for t, _ in row)


def test_a_wide_lbf_workbook_parses_to_the_same_records(registry_db, monkeypatch) -> None:
    lookup = Lookup.from_db(registry_db)
    content = _wide_book()
    fast = parse_bytes(content, "bred.xlsx", lookup)
    monkeypatch.setattr(readers, "read_xlsx", partial(readers.read_xlsx, fast=False))
    slow = parse_bytes(content, "bred.xlsx", lookup)
    pd.testing.assert_frame_equal(fast.records, slow.records)
    assert fast.problems == slow.problems and fast.notes == slow.notes
    assert fast.rows_read == slow.rows_read > 0


ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Indikator</t></is></c><c r="B1"><v>1</v></c></row>'
DOCTYPE = '<!DOCTYPE worksheet [<!ENTITY x "Ishøj">]>'
HOSTILE = {
    "entity declared": sheet_xml(ROW).replace("\n", DOCTYPE, 1).replace("Indikator", "&x;"),
    "doctype, no entity": sheet_xml(ROW).replace("\n", "<!DOCTYPE worksheet>", 1),
    "undefined entity": sheet_xml(ROW.replace("Indikator", "&nope;")),
    "broken before the data ends": sheet_xml(ROW + "<row><c></row>"),
    "broken after the data ends": sheet_xml(ROW, after="<pageMargins><x></pageMargins>"),
    "broken after the data ends, far": sheet_xml(ROW, after="<x/>" * 9000 + "<y>"),
    "truncated": sheet_xml(ROW * 50)[:-40],
    "no sheetData": f'<worksheet xmlns="{NS}"></worksheet>',
    "style id out of range": sheet_xml('<row r="1"><c r="A1" s="99"><v>1</v></c></row>'),
    "style id on text": sheet_xml(
        '<row r="1"><c r="A1" s="99" t="inlineStr"><is><t>a</t></is></c></row>'
    ),
    "style id not a number": sheet_xml('<row r="1"><c r="A1" s="x"><v>1</v></c></row>'),
    "shared string out of range": sheet_xml('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'),
    "odd coordinate": sheet_xml('<row r="1"><c r="1A"><v>1</v></c></row>'),
    "lower-case coordinate": sheet_xml('<row r="1"><c r="b1"><v>1</v></c></row>'),
    "column beyond XFD": sheet_xml('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>'),
    "row number not a number": sheet_xml('<row r="1.5"><c r="A1"><v>1</v></c></row>'),
    "formula without value": sheet_xml('<row r="1"><c r="A1"><f>1+1</f></c></row>'),
    "dimension claims the sheet": sheet_xml(ROW, before='<dimension ref="A1:XFD1048576"/>'),
    "bad dimension": sheet_xml(ROW, before='<dimension ref="nonsense"/>'),
    "merged range claims the sheet": sheet_xml(
        ROW, after='<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    ),
    "utf-16": "",  # the sheet's XML encoded as UTF-16, made in the test
    "latin-1 declared": sheet_xml(ROW).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
    "BOM": "\ufeff" + sheet_xml(ROW),
    "no declaration": sheet_xml(ROW).split("\n", 1)[1],
    "row zero": sheet_xml(ROW.replace('r="1"', 'r="0"').replace("A0", "A1")),
    "CDATA and comments": sheet_xml(ROW.replace("Indikator", "<![CDATA[Indi]]>kator<!-- note -->")),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_sheets_read_the_same(case: str) -> None:
    if case == "utf-16":
        xml = sheet_xml(ROW).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        content = _with_sheet_bytes(xml)
    else:
        content = workbook({"Data": HOSTILE[case]})
    got = assert_same(content)
    if case in ("entity declared", "broken before the data ends", "truncated"):
        assert got[0] == "ReadError"


def _with_sheet_bytes(xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook({"Data": "<placeholder/>"})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, xml if info.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("xml", "plain"),
    [
        (b'<?xml version="1.0" encoding="UTF-8"?><worksheet/>', True),
        (b"<?xml version='1.0' encoding='utf-8'?><worksheet/>", True),
        (b"<worksheet/>", True),
        (b"\xef\xbb\xbf<worksheet/>", True),
        (b'<?xml version="1.0"?><!DOCTYPE worksheet><worksheet/>', False),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><worksheet/>', False),
        ('<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16"), False),
        (b" <worksheet/>", False),
        (b"", False),
    ],
)
def test_plain_xml(xml: bytes, plain: bool) -> None:
    assert plain_xml(xml) is plain


def test_too_many_cells_is_the_same_error(monkeypatch) -> None:
    monkeypatch.setattr(readers, "MAX_XLSX_CELLS", 50)
    got = assert_same(workbook({"Data": random_sheet(3)}))
    assert got[0] == "ReadError" and "mere end 50 celler" in got[1]


def test_the_named_sheet_and_chart_free_books_read_the_same() -> None:
    content = workbook({"Første": random_sheet(11), "Anden": random_sheet(12)})
    assert assert_same(content, sheet="anden")[0][0] == "Anden"
    assert assert_same(content, sheet="Tredje")[0] == "ReadError"


@pytest.mark.parametrize(
    "cells",
    [
        [1.0, 1.0, -0.0, 0.0, PercentNumber(0.0), PercentNumber(-0.0), PercentNumber(1.0)],
        [PercentNumber(0.884), 0.884, 0.884, PercentNumber(0.884), 1e16, 1e16, 2.5, 2.5],
        [float("nan"), float("nan"), float("inf"), -float("inf"), None, "", " x ", 12.0],
    ],
)
def test_cell_texts_are_cell_text(cells: list[object]) -> None:
    assert _cell_texts(cells) == [cell_text(c) for c in cells]
