"""Names as they come: an indicator, geography or answer group in a file to its registry code.

A name matches exactly (loosely: case, æøå spelled out, hyphen or space, 'Andel af' for 'Andel',
see `monitor.text.loose_key`), else tolerantly (`tolerant_key`: a parenthetical added or dropped,
'/' for 'eller', '&' for 'og', punctuation). Tolerance never guesses: when two registry entries
fit the same tolerant key, the name is ambiguous and the import says so, listing both.
Spellings users mapped once (table name_alias, `etl.aliases`) count as registry spellings.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from etl.resolve import survey_key, tolerant_key
from monitor.db import run_query
from monitor.text import loose_key, loose_keys


@dataclass(frozen=True)
class Candidate:
    """A registry entry a name might mean."""

    code: str
    label: str  # as shown to the user: 'name (code)'


@dataclass
class Unresolved:
    """A name in a file that matched no registry entry, or more than one."""

    kind: str  # 'indikator', 'geografi' or 'svar'
    text: str  # as the file writes it
    candidates: list[Candidate]  # the closest entries (all fitting ones when ambiguous)
    ambiguous: bool = False
    context: str = ""  # 'svar': the question; 'geografi' given by code: the name beside it


def _refolded(spellings: dict[str, str]) -> dict[str, str]:
    """The same spellings under their loose keys (a later spelling wins a shared key)."""
    return dict(zip(loose_keys(spellings), spellings.values(), strict=True))


def _tolerant_index(exact: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key, code in exact.items():
        out.setdefault(tolerant_key(key), set()).add(code)
    return out


@dataclass
class Lookup:
    """Name resolution from the registry: loose keys (`monitor.text.loose_key`) to codes."""

    indicators: dict[str, str] = field(default_factory=dict)  # loose alias -> code
    indicator_names: dict[str, str] = field(default_factory=dict)  # code -> Danish name
    indicator_units: dict[str, str] = field(default_factory=dict)  # code -> unit
    indicator_kinds: dict[str, str] = field(default_factory=dict)  # code -> source_kind
    indicator_surveys: dict[str, str] = field(default_factory=dict)  # code -> survey
    geographies: dict[str, str] = field(default_factory=dict)  # loose alias/code/name -> code
    geography_names: dict[str, str] = field(default_factory=dict)  # code -> name
    # code -> (question, answer group) of survey indicators
    indicator_questions: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # answer groups users mapped: (survey indicator code, spelling)
    answer_aliases: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Registry spellings may come folded differently; every key is re-folded the same way
        # (all of a registry's spellings in one pass: see loose_keys).
        self.indicators = _refolded(self.indicators)
        names = list(self.indicator_names.items())
        name_keys = loose_keys(n for _, n in names)
        for (code, _), name_key, code_key in zip(
            names, name_keys, loose_keys(c for c, _ in names), strict=True
        ):
            self.indicators.setdefault(name_key, code)
            self.indicators.setdefault(code_key, code)
        self.geographies = _refolded(self.geographies)
        names = list(self.geography_names.items())
        code_keys = loose_keys(c for c, _ in names)
        for (code, _), code_key, name_key in zip(
            names, code_keys, loose_keys(n for _, n in names), strict=True
        ):
            self.geographies.setdefault(code_key, code)
            self.geographies.setdefault(name_key, code)
        # The tolerant indexes are made when a name first misses its exact key (a file whose
        # names all match never needs them).
        self._tolerant: dict[str, dict[str, set[str]]] = {}
        self.ambiguous: dict[tuple[str, str], list[str]] = {}  # (kind, text) -> codes
        self._by_question: dict[tuple[str, str], list[str]] = {}
        answers = [(c, a) for c, (_q, a) in self.indicator_questions.items()]
        for code, answer in [*answers, *self.answer_aliases]:
            question = self.indicator_questions.get(code, ("", None))[0]
            if question:
                key = (survey_key(question), survey_key(answer or ""))
                for k in (key, (key[0], "*")):
                    codes = self._by_question.setdefault(k, [])
                    if code not in codes:
                        codes.append(code)

    @classmethod
    def from_db(cls, conn: duckdb.DuckDBPyConnection) -> Lookup:
        """The lookup as of the registries and the name mappings in `conn`."""
        ind = run_query(conn, "indicator_lookup")
        geo = run_query(conn, "geography_lookup")
        mapped = run_query(conn, "name_alias_current")
        per_code = ind.drop_duplicates("code")
        per_geo = geo.drop_duplicates("code")
        # A survey indicator is asked by its own text unless the registry gives the question
        # (the plans give only the indicator text); its answer group, where a plan states one,
        # must match too.
        questions = {
            code: (
                question if isinstance(question, str) and question else name,
                answer if isinstance(answer, str) else None,
            )
            for code, name, kind, question, answer in per_code[
                ["code", "name", "source_kind", "question", "answer_group"]
            ].itertuples(index=False)
            if (isinstance(question, str) and question) or kind == "tryghed"
        }
        indicators = dict(zip(ind["alias_norm"], ind["code"], strict=True))
        geographies = dict(zip(geo["alias_norm"], geo["code"], strict=True))
        answers = []
        for kind, alias, code in mapped[["kind", "alias", "code"]].itertuples(index=False):
            if kind == "indikator":
                indicators[loose_key(alias)] = code
            elif kind == "geografi":
                geographies[loose_key(alias)] = code
            else:
                answers.append((code, alias))
        return cls(
            indicators=indicators,
            indicator_names=dict(zip(per_code["code"], per_code["name"], strict=True)),
            indicator_units=dict(zip(per_code["code"], per_code["unit"], strict=True)),
            indicator_kinds=dict(zip(per_code["code"], per_code["source_kind"], strict=True)),
            indicator_surveys={
                c: s
                for c, s in zip(per_code["code"], per_code["survey"], strict=True)
                if isinstance(s, str) and s
            },
            geographies=geographies,
            geography_names=dict(zip(per_geo["code"], per_geo["name"], strict=True)),
            indicator_questions=questions,
            answer_aliases=answers,
        )

    # -- matching -------------------------------------------------------------------------
    def _tolerant_for(self, kind: str) -> Callable[[], dict[str, set[str]]]:
        def index() -> dict[str, set[str]]:
            if kind not in self._tolerant:
                exact = self.indicators if kind == "indikator" else self.geographies
                self._tolerant[kind] = _tolerant_index(exact)
            return self._tolerant[kind]

        return index

    def _match(self, kind: str, text: str, exact: dict[str, str],
               tolerant: Callable[[], dict[str, set[str]]]) -> str | None:  # fmt: skip
        if not text:
            return None
        found = exact.get(loose_key(text))
        if found is not None:
            return found
        codes = tolerant().get(tolerant_key(text), set())
        if len(codes) == 1:
            return next(iter(codes))
        if len(codes) > 1:
            self.ambiguous[(kind, text)] = sorted(codes)
        return None

    def indicator(self, text: str) -> str | None:
        """The indicator a name means, or None (unknown, or ambiguous: see `ambiguous`)."""
        return self._match("indikator", text, self.indicators, self._tolerant_for("indikator"))

    def geography(self, text: str) -> str | None:
        """The geography a name or code means, or None (unknown or ambiguous)."""
        return self._match("geografi", text, self.geographies, self._tolerant_for("geografi"))

    def survey_candidates(self, question: str, answer: str) -> list[str]:
        """Survey indicators asked with this question (and answer group, when given)."""
        q = survey_key(question)
        if answer:
            return self._by_question.get((q, survey_key(answer)), [])
        return self._by_question.get((q, "*"), [])

    # -- what to offer when a name is unknown ---------------------------------------------
    def geography_display(self) -> dict[str, str]:
        """Code -> 'name (code)' for suggestions."""
        return {
            code: name if loose_key(name) == loose_key(code) else f"{name} ({code})"
            for code, name in self.geography_names.items()
        }

    def indicator_display(self) -> dict[str, str]:
        """Code -> 'name (code)'."""
        return {code: f"{name} ({code})" for code, name in self.indicator_names.items()}

    def unresolved(self, kind: str, text: str, *, context: str = "") -> Unresolved:
        """The name with its closest registry entries, or every fitting one if ambiguous."""
        if kind == "geografi":
            options, display = self.geographies, self.geography_display()
        else:
            options, display = self.indicators, self.indicator_display()
        fitting = self.ambiguous.get(("geografi" if kind == "geografi" else "indikator", text))
        if kind == "svar":
            codes = self.survey_candidates(context, "")
            return Unresolved(kind, text, [Candidate(c, self._answer_label(c)) for c in codes],
                              context=context)  # fmt: skip
        if fitting:
            codes = fitting
        else:
            codes = closest_codes(text, options)
            if kind == "geografi" and context:  # a code beside a name: the name helps too
                codes = list(dict.fromkeys([*codes, *closest_codes(context, options)]))[:5]
        candidates = [Candidate(c, display.get(c, c)) for c in codes]
        return Unresolved(kind, text, candidates, bool(fitting), context=context)

    def _answer_label(self, code: str) -> str:
        question, answer = self.indicator_questions.get(code, ("", None))
        survey = self.indicator_surveys.get(code, "")
        return f"{answer or '-'} ({self.indicator_names.get(code, code)}; {survey})".replace(
            "; )", ")"
        )


def closest_codes(text: str, options: dict[str, str], n: int = 5) -> list[str]:
    """Codes of the registry spellings closest to `text` (best first, each code once)."""
    key = loose_key(text)
    matches = difflib.get_close_matches(key, list(options), n=4 * n, cutoff=0.4)
    out: list[str] = []
    for match in matches:
        if options[match] not in out:
            out.append(options[match])
    return out[:n]
