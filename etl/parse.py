"""Read → parse → resolve → validate: an import file to observation records and problems.

Nothing here writes to the database; `etl.load` does that, all or nothing.

Empty cells (formats.md leaves the choice to us):
- wide LBF layout: an empty year cell is no record at all (the column exists for other rows);
- long layouts (one row per value): a row with neither value nor numerator is a record marked
  *suppressed* (the row names a figure that was not published; a denominator may stand beside
  it); a row with a numerator but no share is a record with its counts and no value.
A marker (`-`, `..`, `*`, `x`, `(d)`, `<5`) is always a suppressed record.

A file with any error keeps no records: `ParsedFile.records` is empty, so nothing can load.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from etl.cells import parse_cells
from etl.fast_csv import FastCsv
from etl.fast_records import coded_records
from etl.layouts import DISPLAY, HEADER_SCAN, Header, build_frame, find_header, missing_columns
from etl.names import Lookup, Unresolved
from etl.problems import Problem
from etl.readers import ReadError, Sheet, read_sheets
from etl.resolve import (
    almene_without_code,
    closest,
    parse_period,
    resolve_geography,
    suggestion,
    unique_map,
)
from etl.sources import BY_LAYOUT, LAYOUT_KIND
from etl.sources.base import Source
from monitor.text import normalise

OBSERVATION_COLUMNS = [
    "indicator_code", "geo_code", "period", "period_type", "year", "value", "numerator",
    "denominator", "suppressed", "suppressed_below", "uncertain", "survey", "note", "raw_text",
    "source_row", "source_sheet",
]  # fmt: skip
KEY_CODES = ("indicator_code", "geo_code", "period", "period_type")
KINDS = ("lbf", "tryghed", "lokal", "dst")
ROLES = ("value", "numerator", "denominator")
FIRST_YEAR = 1980
MAX_PER_KIND = 1000  # problems listed one by one per kind; the rest are counted
MAX_UNRESOLVED = 50  # names offered for mapping per file
GRADE_RANGE = (-3.0, 12.0)
YES = frozenset({"ja", "j", "x", "1", "sand", "true", "yes", "usikker", "usikkert"})
NO = frozenset({"", "nej", "n", "0", "falsk", "false", "no"})


@dataclass
class ParsedFile:
    """What an import file holds, and every problem found in it."""

    file_name: str
    kind: str | None
    layout: str | None
    kind_detected: bool
    sheets: list[str]
    rows_read: int
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)  # names to map (Import page)
    records_arrow: object | None = field(default=None, repr=False)  # etl.load's Arrow copy

    def lazy_records(self, make: Callable[[], pd.DataFrame], arrow: object) -> None:
        """Records given as Arrow (what the load reads); the frame is made on first use."""
        self._records = None
        self._make_records = make
        self.records_arrow = arrow

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the import."""
        return [p for p in self.problems if p.severity == "fejl"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems reported but loaded anyway."""
        return [p for p in self.problems if p.severity == "advarsel"]


def _get_records(self: ParsedFile) -> pd.DataFrame:
    if self._records is None:
        self._records = self._make_records()
        self._make_records = None
    return self._records


def _set_records(self: ParsedFile, records: pd.DataFrame) -> None:
    self._records = records
    self._make_records = None
    self.records_arrow = None  # an Arrow copy of other records would be wrong


# `records` stays a field (constructor, repr, comparison) and may be made lazily (see
# lazy_records): a clean big CSV is loaded from Arrow without ever making the frame.
ParsedFile.records = property(_get_records, _set_records)  # type: ignore[assignment]


def empty_records() -> pd.DataFrame:
    """A record frame without rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in OBSERVATION_COLUMNS})


def parse_file(path: str | Path, lookup: Lookup, **options: object) -> ParsedFile:
    """Parse the file at `path` (see parse_bytes); an unreadable path is a problem too."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        result = ParsedFile(path.name, None, None, False, [], 0, empty_records())
        result.problems.append(
            Problem(
                path.name,
                None,
                None,
                None,
                None,
                "filen kan ikke åbnes: findes den, og har du lov at læse den?",
            )  # fmt: skip
        )
        return result
    return parse_bytes(content, path.name, lookup, **options)  # type: ignore[arg-type]


def parse_bytes(
    content: bytes,
    file_name: str,
    lookup: Lookup,
    *,
    kind: str | None = None,
    sheet: str | None = None,
    indicator: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    fast: bool = True,
) -> ParsedFile:
    """Parse and validate an import file. Never raises for bad content: every problem found
    becomes a Problem, and a file with any error keeps no records.

    `fast`: read a plain long CSV column-wise (`etl.fast_csv`); False forces the generic
    reader (the equivalence tests compare the two)."""
    result = ParsedFile(file_name, kind, None, False, [], 0, empty_records())
    # A big file is millions of small lists and strings without cycles: the cyclic garbage
    # collector would scan them again and again (a third of the time), so it waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = Parser(result, lookup, kind, sheet, indicator, progress)
        parser.fast = fast
        parser.run(content)
    finally:
        if collecting:
            gc.enable()
            gc.collect()  # the parse's frames, now garbage, before the load needs memory
            release_free_memory()
    if result.errors:
        result.records = empty_records()
    return result


def release_free_memory() -> None:
    """Give memory freed by the parse back to the system before the load (DuckDB allocates
    its own): Arrow's pool keeps freed blocks, and glibc keeps freed arrays in its heap
    (after big arrays are freed it raises its threshold for mapping them separately). On the
    1 M-value file ~160 MB of the process's size. Elsewhere (no glibc) nothing happens."""
    pa.default_memory_pool().release_unused()
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


class Parser:
    """One run of the shared path over one file; source modules call back into it."""

    max_per_kind = MAX_PER_KIND
    fast = True  # try etl.fast_csv first

    def __init__(
        self,
        result: ParsedFile,
        lookup: Lookup,
        kind: str | None,
        sheet: str | None,
        indicator: str | None,
        progress: Callable[[int, int | None], None] | None,
    ) -> None:
        self.result = result
        self.lookup = lookup
        self.kind = kind
        self.sheet = sheet
        self.indicator = indicator
        self.progress = progress
        self.file = result.file_name

    # -- problems -------------------------------------------------------------------------
    def problem(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        text: str | None = None,
        severity: str = "fejl",
    ) -> None:
        self.result.problems.append(
            Problem(self.file, sheet, row, column, text, message, severity)  # type: ignore[arg-type]
        )

    def row_problems(
        self,
        frame: pd.DataFrame,
        mask: np.ndarray | pd.Series,
        column: str | Callable[[pd.Series], str],
        text: str | Callable[[pd.Series], str],
        message: str | Callable[[pd.Series], str],
        *,
        severity: str = "fejl",
        row_col: str = "source_row",
        per_row: bool = True,
    ) -> None:
        """One problem per flagged row (once per source row and column when `per_row`)."""
        mask = np.asarray(mask, dtype=bool)
        flagged = int(mask.sum())
        if not flagged:
            return
        seen: set[tuple[object, ...]] = set()
        shown = frame[mask].head(MAX_PER_KIND)
        for _, r in shown.iterrows():
            col = column(r) if callable(column) else column
            key = (r["source_sheet"], r[row_col], col)
            if per_row and key in seen:
                continue
            seen.add(key)
            self.problem(
                message(r) if callable(message) else message,
                sheet=r["source_sheet"],
                row=int(r[row_col]),
                column=col,
                text=text(r) if callable(text) else r.get(text, text),
                severity=severity,
            )
        self.more(flagged - len(shown), shown, severity)

    def more(self, rest: int, shown: pd.DataFrame, severity: str) -> None:
        """A million identical problems help nobody: after MAX_PER_KIND, one line says how many
        more there are (the file still loads nothing when they are errors)."""
        if rest > 0:
            last = self.result.problems[-1]
            self.problem(
                f"og {rest} rækker mere med samme problem som række {last.row} "
                f"({last.message.split(';')[0]})",
                sheet=last.sheet,
                severity=severity,
            )

    # -- the steps ------------------------------------------------------------------------
    def run(self, content: bytes) -> None:
        if self.kind is not None and self.kind not in KINDS:
            self.problem(f"ukendt datatype '{self.kind}'; brug en af {', '.join(KINDS)}")
            return
        self.check_indicator_option()
        plain = FastCsv.open(content, self.file, self.kind) if self.fast else None
        coded = None
        if plain is not None:
            total = content.count(b"\n") + 1
            if self.progress is not None:
                self.progress(0, total)
            coded = plain.coded(content)
            if self.progress is not None and coded is not None:
                self.progress(total, total)
        if plain is not None and coded is not None:
            sheets = [plain.sheet]
            if self.sheet:
                plain.sheet.notes.append(
                    f"Arket '{self.sheet}' er ignoreret: en CSV-fil har ingen ark."
                )
        else:
            coded = None
            try:
                sheets = read_sheets(content, self.file, sheet=self.sheet, progress=self.progress)
            except ReadError as exc:
                self.problem(str(exc))
                return
        frames: dict[str, list[pd.DataFrame]] = {}
        found_any = False
        for sh in sheets:
            self.result.notes.extend(sh.notes)
            self.result.sheets.append(sh.name or "")
            located = self.locate(sh, len(sheets))
            if located is None:
                continue
            found_any = True
            header, layout, position = located
            if coded is not None:  # the same sheet, read column-wise (etl.fast_csv)
                self.result.rows_read += len(coded)
                self.headers[(sh.name, layout)] = header
                continue
            rows, numbers = self.data_rows(sh, header, position)
            self.result.rows_read += len(rows)
            if rows:
                frame = build_frame(sh, header, BY_LAYOUT[layout].slots, rows, numbers)
                frames.setdefault(layout, []).append(frame)
            self.headers[(sh.name, layout)] = header
            # The frame holds what is needed; the row lists (most of a big file's memory) go.
            del rows, numbers
            sh.rows, sh.row_numbers = [], []
        if not found_any:
            if not self.result.errors:
                self.problem(
                    "ingen overskriftsrække med kendte kolonnenavne (fx Indikator, Geografi, År) "
                    f"i de første {HEADER_SCAN} rækker"
                )
            return
        named = any(BY_LAYOUT[layout].names_indicator for layout in frames)
        if frames and not named and self.indicator is None and self.kind is None:
            self.problem(
                "filen ligner en tabel fra Statistikbanken, men den siger ikke, hvilken "
                "indikator den fodrer: angiv den med --indicator KODE"
            )
        if self.result.rows_read == 0:
            self.problem("filen har en overskriftsrække, men ingen datarækker")
            return
        if coded is not None:
            # A clean plain file: its records straight from the codes (etl.fast_records);
            # anything to report, and the frame takes the generic path below.
            fast = coded_records(self, coded)
            if fast is not None:
                self.result.notes.extend(fast.notes)
                self.result.lazy_records(fast.frame, fast.table())
                if self.progress is not None:
                    self.progress(self.result.rows_read, self.result.rows_read)
                return
            frames[coded.layout] = [coded.frame()]
            del coded
        records = []
        for layout in list(frames):
            # Each layout's frame goes once its records are made: a wide workbook's melted
            # frame (a gigabyte at a million values) is not needed by finish().
            frame = pd.concat(frames.pop(layout), ignore_index=True)
            out = self.records_for(BY_LAYOUT[layout], frame)
            del frame
            if out is not None:
                records.append(out)
        if records:
            self.result.records = self.finish(pd.concat(records, ignore_index=True))
        if self.progress is not None:
            self.progress(self.result.rows_read, self.result.rows_read)

    headers: dict[tuple[str | None, str], Header]

    def check_indicator_option(self) -> None:
        self.headers = {}
        self.indicator_code: str | None = None
        if self.indicator is None:
            if self.kind == "dst":
                self.problem(
                    "en tabel fra Statistikbanken siger ikke, hvilken indikator den fodrer: "
                    "angiv den med --indicator KODE"
                )
            return
        code = self.indicator if self.indicator in self.lookup.indicator_names else None
        code = code or self.lookup.indicator(self.indicator)
        if code is None:
            near = closest(self.indicator, self.lookup.indicators, self.lookup.indicator_names)
            self.problem(f"ukendt indikator '{self.indicator}'" + suggestion(near))
        self.indicator_code = code

    def locate(self, sh: Sheet, n_sheets: int) -> tuple[Header, str, int] | None:
        """The header row of a sheet and its layout; problems when there is none."""
        where = f"arket '{sh.name}'" if sh.name else "filen"
        if not sh.rows:
            if sh.name is not None and (n_sheets > 1 and self.sheet is None):
                self.result.notes.append(f"Arket '{sh.name}' er tomt og sprunget over.")
            else:
                self.problem(f"{where} er tomt", sheet=sh.name)
            return None
        found = find_header(sh, self.kind or self.result.kind)
        if found.header is not None and found.layout is not None and found.position is not None:
            kind = LAYOUT_KIND[found.layout]
            if self.result.kind is None:
                self.result.kind = kind
                self.result.kind_detected = self.kind is None
                if self.kind is None:
                    self.result.notes.append(
                        f"Genkendt som {kind} ({found.layout}) ud fra overskriften i række "
                        f"{found.header.row}" + (f" på arket '{sh.name}'." if sh.name else ".")
                    )
            self.check_header(sh, found.header, BY_LAYOUT[found.layout])
            layouts = [x for x in (self.result.layout or "").split("+") if x]
            if found.layout not in layouts:
                self.result.layout = "+".join([*layouts, found.layout])
            return found.header, found.layout, found.position
        if found.other is not None:
            header, layout = found.other
            wanted = self.kind or self.result.kind
            asked = "angivet" if self.kind else "genkendt"
            self.problem(
                f"filen er {asked} som '{wanted}', men overskriften i række {header.row} "
                f"ligner '{LAYOUT_KIND[layout]}' ({', '.join(n for n in header.names if n)})",
                sheet=sh.name,
                row=header.row,
            )
            return None
        if found.partial is not None:
            header = found.partial
            kinds = [self.kind] if self.kind else list(KINDS)
            missing = {k: missing_columns(k, header) for k in kinds}
            best = min(kinds, key=lambda k: len(missing[k]))
            self.problem(
                f"overskriften i række {header.row} passer ikke til formatet '{best}': mangler "
                + ", ".join(f"'{m}'" for m in missing[best])
                + f" (fundet: {', '.join(n for n in header.names if n)})",
                sheet=sh.name,
                row=header.row,
            )
            return None
        if sh.name is not None and n_sheets > 1 and self.sheet is None:
            self.problem(
                f"arket '{sh.name}' er sprunget over: ingen overskriftsrække med kendte "
                "kolonnenavne",
                sheet=sh.name,
                severity="advarsel",
            )
            return None
        self.problem(
            "ingen overskriftsrække med kendte kolonnenavne (fx Indikator, Geografi, År) i de "
            f"første {HEADER_SCAN} rækker",
            sheet=sh.name,
        )
        return None

    def check_header(self, sh: Sheet, header: Header, source: Source) -> None:
        """A column named twice, or a year column that is no year, would be a silent guess."""
        for canon, i in header.repeated:
            first = header.index[canon]
            self.problem(
                f"kolonnen '{header.names[i]}' (kolonne {i + 1}) står der to gange (også "
                f"kolonne {first + 1} '{header.names[first]}'); det er uklart, hvilken der "
                "gælder: fjern eller omdøb den ene",
                sheet=sh.name,
                row=header.row,
                column=header.names[i],
            )
        if source.slots is None:
            last_year = dt.date.today().year + 1
            for _, name in header.bad_years:
                self.problem(
                    f"kolonnen '{name}' ligner et årstal, men er ikke et helt år mellem "
                    f"{FIRST_YEAR} og {last_year}; ret overskriften eller fjern kolonnen",
                    sheet=sh.name,
                    row=header.row,
                    column=name,
                )

    def data_rows(
        self, sh: Sheet, header: Header, position: int
    ) -> tuple[list[list[object]], list[int]]:
        """Rows below the header, without repeated headers and one-cell footnotes."""
        width = len(header.names)
        last_named = max((i for i, n in enumerate(header.names) if n), default=0)
        header_key = [n.lower() for n in header.names]
        first_name = header_key[0] if header_key else ""
        rows, numbers = [], []
        for cells, number in zip(
            sh.rows[position + 1 :], sh.row_numbers[position + 1 :], strict=True
        ):
            # The common row (two filled cells first, no more fields than the header) is
            # taken without looking closer: this loop runs once per row of a big file.
            if (
                len(cells) <= width
                and len(cells) > 1
                and cells[0]
                and cells[1]
                and (not isinstance(cells[0], str) or cells[0].lower() != first_name)
            ):
                rows.append(cells)
                numbers.append(number)
                continue
            filled = [i for i, c in enumerate(cells) if c is not None and str(c).strip()]
            if len(filled) == 1 and len(header.index) > 1:
                text = str(cells[filled[0]]).strip()
                other = {";": ",", ",": ";"}.get(sh.separator or "")
                fields = [f.strip() for f in text.split(other)] if other else []
                if (
                    width >= 3
                    and len(fields) >= max(3, min(len(header.index), width) - 2)
                    and any(re.fullmatch(r"\d{4}|\d+([.,]\d+)?\s*%?", f) for f in fields)
                ):
                    self.problem(
                        f"rækken er adskilt med '{other}', men filen bruger '{sh.separator}' "
                        "som skilletegn: rækken ville gå tabt; ret den (eller gem hele filen "
                        "med ét skilletegn)",
                        sheet=sh.name,
                        row=number,
                        text=text[:80],
                    )
                    continue
                self.problem(
                    "rækken er sprunget over: kun én udfyldt celle (en note under tabellen?)",
                    sheet=sh.name,
                    row=number,
                    text=text[:80],
                    severity="advarsel",
                )
                continue
            if sh.all_text and filled and filled[-1] > last_named and len(cells) > width:
                self.problem(
                    f"rækken har {len(cells)} felter, men overskriften har {width} (står et "
                    "decimalkomma uden anførselstegn i en kommasepareret fil?)",
                    sheet=sh.name,
                    row=number,
                    text=str(cells[filled[-1]])[:80],
                )
                continue
            if [str(c).strip().lower() if c is not None else "" for c in cells[:width]] == (
                header_key[: len(cells)]
            ):
                continue  # the header repeated (files pasted together)
            rows.append(cells)
            numbers.append(number)
        return rows, numbers

    # -- resolve --------------------------------------------------------------------------
    def records_for(self, source: Source, frame: pd.DataFrame) -> pd.DataFrame | None:
        """One row per observation, with parsed value, numerator and denominator cells."""
        frame = self.resolve(source, frame)
        units = self.lookup.indicator_units
        frame["unit"] = unique_map(frame["indicator_code"], lambda c: units.get(c, ""))
        return source.records(self, frame)

    def header_for(self, layout: str) -> Header:
        """The header row of the (first) sheet read with `layout`."""
        return next(h for (_, lay), h in self.headers.items() if lay == layout)

    def indicator_for(self, text: str) -> str | None:
        """The indicator a name in the file means, or None (unknown or ambiguous)."""
        return self.lookup.indicator(text)

    def indicators_by_name(self, frame: pd.DataFrame) -> pd.Series:
        """Rows that name their indicator in an Indikator column."""
        return unique_map(frame["indicator_text"], lambda t: self.indicator_for(str(t)))

    # -- resolve --------------------------------------------------------------------------
    def resolve(self, source: Source, frame: pd.DataFrame) -> pd.DataFrame:
        """Indicator, geography, period and the usikker flag of every row; problems."""
        lk = self.lookup
        layout = source.layout
        header = self.header_for(layout)
        frame["indicator_code"] = source.indicators(self, frame)
        if source.names_indicator:
            self.report_unknown_indicators(frame, header)
        pair = frame["geo_text"] + "\x1f" + frame["geo_code_text"]
        frame["geo_code"] = unique_map(
            pair, lambda p: resolve_geography(*str(p).split("\x1f", 1), lk)
        )
        self.report_unknown_geographies(frame, header)
        periods = unique_map(frame["period_text"], lambda t: parse_period(str(t)) or (None,) * 3)
        parts = periods.to_numpy(dtype=object)
        for i, name in enumerate(("period", "period_type", "year")):
            frame[name] = pd.Series([p[i] for p in parts], index=frame.index, dtype="object")
        period_column = header.shown(source.period_column)
        bad = frame["period"].isna().to_numpy(dtype=bool, copy=True)
        only_years = source.only_years
        self.row_problems(
            frame,
            bad & frame["period_text"].eq("").to_numpy(),
            period_column,
            "",
            "perioden mangler",
        )
        self.row_problems(
            frame,
            bad & frame["period_text"].ne("").to_numpy(),
            period_column,
            "period_text",
            "ikke et årstal"
            if only_years
            else "ikke et år, kvartal (2024-K3) eller måned (2024-09)",
        )
        not_year = frame["period_type"].ne("year").to_numpy() & ~bad & only_years
        self.row_problems(frame, not_year, period_column, "period_text", "ikke et årstal")
        frame.loc[not_year, "period"] = None
        last_year = dt.date.today().year + 1
        years = pd.to_numeric(frame["year"], errors="coerce")
        out_of_range = (years.notna() & ((years < FIRST_YEAR) | (years > last_year))).to_numpy()
        self.row_problems(
            frame,
            out_of_range,
            lambda r: period_column if source.slots is not None else r["cell__column"],
            "period_text",
            f"året ligger uden for {FIRST_YEAR}-{last_year}",
        )
        frame.loc[out_of_range, "period"] = None
        flag = unique_map(frame["uncertain_text"], lambda t: normalise(str(t)))
        frame["uncertain_flag"] = flag.isin(YES).to_numpy()
        self.row_problems(
            frame,
            ~flag.isin(YES | NO).to_numpy(),
            header.shown("usikker"),
            "uncertain_text",
            "skal være 'ja' eller tom",
        )
        return frame

    def unresolved_name(self, kind: str, text: str, context: str = "") -> None:
        """Remember a name the user can map on the Import page (each name once)."""
        if not text or len(self.result.unresolved) >= MAX_UNRESOLVED:
            return
        if any(u.kind == kind and u.text == text for u in self.result.unresolved):
            return
        self.result.unresolved.append(self.lookup.unresolved(kind, text, context=context))

    def name_message(self, kind: str, text: str, what: str) -> str:
        """'ukendt indikator; nærmeste kendte: ...' or, when two registry entries fit, both."""
        fitting = self.lookup.ambiguous.get((kind, text))
        if fitting:
            names = self.lookup.unresolved(kind, text).candidates
            return (
                f"{what}navnet passer på flere i registret: "
                + ", ".join(f"'{c.label}'" for c in names)
                + "; skriv navnet præcist, eller tilknyt det (Import-siden eller "
                "python -m etl alias add)"
            )
        lk = self.lookup
        if kind == "geografi":
            near = closest(text, lk.geographies, lk.geography_display())
        else:
            near = closest(text, lk.indicators, lk.indicator_names)
        return f"ukendt {what}" + suggestion(near)

    def report_unknown_indicators(self, frame: pd.DataFrame, header: Header) -> None:
        lk = self.lookup
        unknown = frame["indicator_code"].isna().to_numpy()
        if not unknown.any():
            return
        if "spoergsmaal" in header.index and "indikator" not in header.index:
            for question, answer in (
                frame.loc[unknown, ["question_text", "answer_text"]]
                .drop_duplicates()
                .itertuples(index=False)
            ):
                if lk.survey_candidates(question, ""):
                    self.unresolved_name("svar", answer, context=question)
                else:
                    self.unresolved_name("indikator", question)
            self.row_problems(
                frame,
                unknown,
                header.shown("spoergsmaal"),
                lambda r: f"{r['question_text']} / {r['answer_text']}".strip(" /"),
                lambda r: (
                    "ingen indikator i registret har dette spørgsmål og denne svarkategori"
                    + suggestion(closest(r["question_text"], lk.indicators, lk.indicator_names))
                ),
            )
            return
        column = header.shown("indikator")
        empty = frame["indicator_text"].eq("").to_numpy()
        self.row_problems(frame, unknown & empty, column, "", "indikatornavnet mangler")
        for text in pd.unique(frame["indicator_text"].to_numpy(dtype=object)[unknown & ~empty]):
            self.unresolved_name("indikator", str(text))
        self.row_problems(
            frame,
            unknown & ~empty,
            column,
            "indicator_text",
            lambda r: self.name_message("indikator", r["indicator_text"], "indikator"),
        )

    def report_unknown_geographies(self, frame: pd.DataFrame, header: Header) -> None:
        unknown = frame["geo_code"].isna().to_numpy()
        if not unknown.any():
            return
        column = header.shown("omraade" if "omraade" in header.index else "geografi")
        no_text = (frame["geo_text"].eq("") & frame["geo_code_text"].eq("")).to_numpy()
        self.row_problems(frame, unknown & no_text, column, "", "geografien mangler")
        almene = np.array(
            [
                almene_without_code(n, c)
                for n, c in zip(frame["geo_text"], frame["geo_code_text"], strict=True)
            ],
            dtype=bool,
        )
        self.row_problems(
            frame,
            unknown & almene,
            column,
            "geo_text",
            "'Almene boliger i kommunen' kræver kommunekoden i kolonnen Geografikode",
        )
        named = unknown & ~no_text & ~almene
        pairs = frame.loc[named, ["geo_code_text", "geo_text"]].drop_duplicates()
        for code, name in pairs.itertuples(index=False):
            # With a code, the code is what is mapped; the name may name a new afdeling.
            self.unresolved_name("geografi", code or name, context=name if code else "")

        def message(r: pd.Series) -> str:
            code = r["geo_code_text"]
            shown = code or r["geo_text"]
            extra = f" (kode '{code}')" if code else ""
            text = self.name_message("geografi", shown, "geografi")
            return text.replace("ukendt geografi", f"ukendt geografi{extra}", 1)

        self.row_problems(
            frame,
            named,
            column,
            lambda r: r["geo_text"] or r["geo_code_text"],
            message,
        )

    @staticmethod
    def take_slot(frame: pd.DataFrame, role: str, slot: pd.Series) -> None:
        """Copy each row's chosen slot cells into the role's columns."""
        n = len(frame)
        text = np.full(n, "", dtype=object)
        number = np.full(n, np.nan)
        percent = np.zeros(n, dtype=bool)
        column = np.full(n, None, dtype=object)
        slot_arr = slot.to_numpy(dtype=object)
        for name in pd.unique(slot_arr[pd.notna(slot_arr)]):
            rows = slot_arr == name
            text[rows] = frame[f"{name}__text"].to_numpy(dtype=object)[rows]
            number[rows] = frame[f"{name}__number"].to_numpy(dtype="float64")[rows]
            percent[rows] = frame[f"{name}__percent"].to_numpy(dtype=bool)[rows]
            column[rows] = frame[f"{name}__column"].to_numpy(dtype=object)[rows]
        frame[f"{role}__text"] = _objs(frame, text)
        frame[f"{role}__number"] = number
        frame[f"{role}__percent"] = percent
        frame[f"{role}__column"] = _objs(frame, column)
        frame[f"{role}__row"] = frame["source_row"].to_numpy()

    def parse_role_cells(self, frame: pd.DataFrame, role: str, share: np.ndarray) -> None:
        """Parse a role's cells in place; cell errors become problems."""
        group = _text(frame["source_sheet"]) + "\x1f" + _text(frame[f"{role}__column"])
        cells = parse_cells(
            frame[f"{role}__text"],
            share=share,
            number=frame[f"{role}__number"].to_numpy(dtype="float64"),
            percent_format=frame[f"{role}__percent"].to_numpy(dtype=bool),
            group=group,
        )
        for g in cells.decimal_groups:
            sheet, col = str(g).split("\x1f", 1)
            where = f" på arket '{sheet}'" if sheet else ""
            self.result.notes.append(
                f"Tal som '1.234' i kolonnen '{col}'{where} er læst med punktum som decimaltegn "
                "(12,34 %), fordi kolonnens andre andele bruger decimalpunktum."
            )
        frame[f"{role}__value"] = cells.value
        frame[f"{role}__empty"] = cells.empty
        frame[f"{role}__suppressed"] = cells.suppressed
        frame[f"{role}__below"] = cells.suppressed_below
        frame[f"{role}__uncertain"] = cells.uncertain
        frame[f"{role}__raw"] = _objs(frame, cells.raw)
        frame[f"{role}__error"] = _objs(frame, cells.error)
        has_column = frame[f"{role}__column"].notna().to_numpy()
        bad = (cells.error != None) & has_column  # noqa: E711 - numpy mask
        self.row_problems(
            frame,
            bad,
            lambda r: r[f"{role}__column"],
            f"{role}__raw",
            lambda r: r[f"{role}__error"],
            row_col=f"{role}__row",
        )
        frame[f"{role}__empty"] = frame[f"{role}__empty"].to_numpy() | ~has_column

    def fixed_slot(self, frame: pd.DataFrame, slot: str) -> pd.Series:
        """The same value column for every row."""
        return pd.Series(slot, index=frame.index, dtype="object")

    def long_records(self, frame: pd.DataFrame, slots: dict[str, pd.Series]) -> pd.DataFrame:
        """Long layouts: each row is one record; `slots` names, per role (value, numerator,
        denominator) and row, the column its cell stands in (a missing role: no cell)."""
        for role in ROLES:
            slot = slots.get(role)
            if slot is None:
                slot = pd.Series(None, index=frame.index, dtype="object")
            self.take_slot(frame, role, slot)
        return self.parse_roles(frame)

    def parse_roles(self, frame: pd.DataFrame) -> pd.DataFrame:
        # An unknown indicator is reported once; its cells are read as shares so that a '%'
        # adds no second problem.
        share = frame["unit"].isin(["andel", ""]).to_numpy()
        self.parse_role_cells(frame, "value", share)
        for role in ("numerator", "denominator"):
            self.parse_role_cells(frame, role, np.zeros(len(frame), dtype=bool))
        return frame

    # -- validate and assemble ------------------------------------------------------------
    def finish(self, rec: pd.DataFrame) -> pd.DataFrame:
        """Validate every record and return OBSERVATION_COLUMNS."""
        keys = ["indicator_code", "geo_code", "period"]
        rec = rec[rec[keys].notna().all(axis=1)].reset_index(drop=True)
        if rec.empty:
            return empty_records()
        rec = self.drop_duplicate_records(rec, keys)
        v = rec["value__value"]
        n = rec["numerator__value"]
        d = rec["denominator__value"]
        unit = rec["unit"]

        def cell_problems(mask: pd.Series, role: str, message: Callable[[pd.Series], str],
                          severity: str = "fejl") -> None:  # fmt: skip
            self.row_problems(
                rec,
                mask.fillna(False).to_numpy(dtype=bool),
                lambda r: r[f"{role}__column"],
                f"{role}__raw",
                message,
                severity=severity,
                row_col=f"{role}__row",
            )

        cell_problems(
            unit.eq("andel") & ((v < 0) | (v > 100)),
            "value",
            lambda r: f"en andel skal ligge mellem 0 og 100 % (læst som {_num(r['value__value'])})",
        )
        low, high = GRADE_RANGE
        cell_problems(
            unit.eq("gennemsnit") & ((v < low) | (v > high)),
            "value",
            lambda r: (
                "et karaktergennemsnit skal ligge mellem -3 og 12 "
                f"(læst som {_num(r['value__value'])})"
            ),
        )
        cell_problems(
            unit.eq("pr. 1000") & ((v < 0) | (v > 1000)),
            "value",
            lambda r: (
                f"et tal pr. 1000 skal ligge mellem 0 og 1000 (læst som {_num(r['value__value'])})"
            ),
        )
        cell_problems(
            unit.eq("antal") & (v < 0), "value", lambda r: "et antal kan ikke være negativt"
        )
        cell_problems(n < 0, "numerator", lambda r: "et antal kan ikke være negativt")
        cell_problems(d < 0, "denominator", lambda r: "et antal kan ikke være negativt")
        over = (n > d) & (n >= 0) & (d >= 0)
        cell_problems(
            over,
            "numerator",
            lambda r: (
                f"tælleren ({_num(r['numerator__value'])}) er større end nævneren "
                f"({_num(r['denominator__value'])})"
            ),
        )
        # A share is compared to numerator/denominator at the precision it was written with;
        # an Excel number cell counts as one decimal.
        decimals = unique_map(rec["value__raw"], _decimals).astype("float64")
        tolerance = 0.5 * 10 ** (-decimals) + 0.05
        computed = n / d.where(d > 0) * 100
        disagree = unit.eq("andel") & v.notna() & computed.notna() & ~over
        disagree &= (v - computed).abs() > tolerance
        cell_problems(
            disagree,
            "value",
            lambda r: (
                f"andelen {_num(r['value__value'])} % passer ikke med antal/grundlag "
                f"({_num(r['numerator__value'])}/{_num(r['denominator__value'])} = "
                f"{_num(round(r['numerator__value'] / r['denominator__value'] * 100, 1))} %)"
            ),
            severity="advarsel",
        )
        return self.assemble(rec)

    def drop_duplicate_records(self, rec: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """The same indicator, geography and period twice: an error if the figures differ."""
        dup = rec.duplicated(keys, keep=False).to_numpy()
        if not dup.any():
            return rec
        compare = ["value__value", "numerator__value", "denominator__value", "value__suppressed"]
        first = rec[dup].drop_duplicates(keys).set_index(keys)
        later = rec[dup & rec.duplicated(keys, keep="first").to_numpy()]
        rest = len(later) - MAX_PER_KIND
        for _, r in later.head(MAX_PER_KIND).iterrows():
            f = first.loc[tuple(r[k] for k in keys)]
            same = all((pd.isna(r[c]) and pd.isna(f[c])) or r[c] == f[c] for c in compare)
            where = f"række {int(f['source_row'])}"
            if f["source_sheet"] and f["source_sheet"] != r["source_sheet"]:
                where += f" på arket '{f['source_sheet']}'"
            self.problem(
                f"samme indikator, geografi og periode ({r['period']}) som {where}"
                + (": indlæst én gang" if same else ", men med andre tal"),
                sheet=r["source_sheet"],
                row=int(r["source_row"]),
                column=r["value__column"] if isinstance(r["value__column"], str) else None,
                text=r["value__raw"],
                severity="advarsel" if same else "fejl",
            )
        self.more(rest, later, "fejl")
        return rec.drop_duplicates(keys, keep="first").reset_index(drop=True)

    def assemble(self, rec: pd.DataFrame) -> pd.DataFrame:
        return self.observations(
            {
                "value__empty": rec["value__empty"].to_numpy(dtype=bool),
                "numerator__empty": rec["numerator__empty"].to_numpy(dtype=bool),
                "value__suppressed": rec["value__suppressed"].to_numpy(dtype=bool),
                "numerator__suppressed": rec["numerator__suppressed"].to_numpy(dtype=bool),
                "value__below": rec["value__below"].astype("float64").to_numpy(),
                "numerator__below": rec["numerator__below"].astype("float64").to_numpy(),
                "uncertain_flag": rec["uncertain_flag"].to_numpy(dtype=bool),
                **{f"{r}__uncertain": rec[f"{r}__uncertain"].to_numpy(dtype=bool) for r in ROLES},
                **{f"{r}__raw": _text(rec[f"{r}__raw"]) for r in ROLES},
                "note_text": _text(rec["note_text"]),
                "survey_text": _text(rec["survey_text"]),
                "source_text": _text(rec["source_text"]),
                **{k: rec[k].to_numpy(dtype=object) for k in KEY_CODES},
                "year": pd.to_numeric(rec["year"]).astype("int64").to_numpy(),
                **{f"{r}__value": rec[f"{r}__value"].astype("float64").to_numpy() for r in ROLES},
                "source_row": rec["source_row"].astype("int64").to_numpy(),
                "source_sheet": rec["source_sheet"].astype("object").to_numpy(),
            }
        )

    def observations(self, rec: dict[str, np.ndarray]) -> pd.DataFrame:
        """OBSERVATION_COLUMNS from the validated records' arrays (texts: '' for missing),
        with the layouts' last touch."""
        out = observation_frame(rec)
        for layout in (self.result.layout or "").split("+"):
            source = BY_LAYOUT.get(layout)
            if source is not None and source.finish is not None:
                out = source.finish(self, out)
        return out[OBSERVATION_COLUMNS]


def observation_frame(rec: dict[str, np.ndarray]) -> pd.DataFrame:
    """The observation frame from the validated records' arrays (see Parser.observations)."""
    value_empty = rec["value__empty"]
    num_empty = rec["numerator__empty"]
    # An empty share beside a suppressed count is suppressed; a row with nothing at all
    # (long layouts) names a figure that was not published.
    suppressed = rec["value__suppressed"] | (value_empty & rec["numerator__suppressed"])
    suppressed |= value_empty & num_empty
    below = rec["value__below"]
    below = np.where(np.isnan(below) & value_empty, rec["numerator__below"], below)
    uncertain = (
        rec["uncertain_flag"]
        | rec["value__uncertain"]
        | rec["numerator__uncertain"]
        | rec["denominator__uncertain"]
    )
    # The cell texts behind the figure: '88,4 % | 266 | 301'.
    raws = [rec[f"{r}__raw"] for r in ROLES]
    full = (raws[0] != "") & (raws[1] != "") & (raws[2] != "")
    raw_text = _join(_join(raws[0], raws[1], skip=full), raws[2], skip=full)
    # The common row has all three: one formatting pass instead of four concatenations.
    raw_text[full] = [
        f"{a} | {b} | {c}"
        for a, b, c in zip(raws[0][full], raws[1][full], raws[2][full], strict=True)
    ]
    note = rec["note_text"]
    # A local count's Kilde (AAB, the plan's own count) is kept where a survey figure keeps
    # its survey: a change of source is a break in the series, like a change of survey.
    survey = rec["survey_text"]
    survey = np.where(survey == "", rec["source_text"], survey)
    out = pd.DataFrame(
        {
            **{k: pd.Series(rec[k], dtype="object") for k in KEY_CODES},
            "year": rec["year"],
            "value": np.where(suppressed, np.nan, rec["value__value"]),
            "numerator": rec["numerator__value"],
            "denominator": rec["denominator__value"],
            "suppressed": suppressed,
            "suppressed_below": pd.array(
                np.where(suppressed, below, np.nan), dtype="Float64"
            ).astype("Int64"),
            "uncertain": uncertain,
            "survey": pd.Series(np.where(survey == "", None, survey), dtype="object"),
            "note": pd.Series(np.where(note == "", None, note), dtype="object"),
            "raw_text": pd.Series(raw_text, dtype="object"),
            "source_row": rec["source_row"],
            "source_sheet": pd.Series(rec["source_sheet"], dtype="object"),
        }
    )
    return out


def _text(series: pd.Series) -> np.ndarray:
    """An object array of str ('' for missing), without Arrow round trips."""
    if series.isna().any():
        series = series.astype("object").fillna("")
    return series.to_numpy(dtype=object)


def _join(a: np.ndarray, b: np.ndarray, skip: np.ndarray | None = None) -> np.ndarray:
    """'a | b' element-wise, leaving out empty parts (string work only where needed)."""
    out = a.copy()
    has_b = b != ""
    if skip is not None:
        has_b &= ~skip
    both = has_b & (a != "")
    out[both] = a[both] + " | " + b[both]
    only_b = has_b & ~both
    out[only_b] = b[only_b]
    return out


def _objs(frame: pd.DataFrame, values: np.ndarray) -> pd.Series:
    """An object column for `frame` (a bare array of str would become an Arrow column)."""
    return pd.Series(values, index=frame.index, dtype="object")


def _obj(series: pd.Series) -> pd.Series:
    return pd.Series(series.to_numpy(dtype=object), dtype="object")


def _decimals(raw: object) -> float:
    """Decimals a share was written with ('88,4 %' -> 1); Excel numbers count as 1."""
    text = str(raw or "")
    if "[" in text:
        return 1.0
    match = re.search(r"[.,](\d+)\s*%?\s*\??\s*$", text)
    return float(min(len(match.group(1)), 3)) if match else 0.0


def _num(x: object) -> str:
    """A number for a Danish message: '88,4', '2303'."""
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(x)
    if np.isnan(f):
        return "tom"
    text = f"{f:.0f}" if f.is_integer() else f"{f:.4g}" if abs(f) < 1000 else f"{f:.1f}"
    return text.replace(".", ",")


__all__ = [
    "DISPLAY",
    "KINDS",
    "OBSERVATION_COLUMNS",
    "Lookup",
    "ParsedFile",
    "parse_bytes",
    "parse_file",
]
