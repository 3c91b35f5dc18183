"""Plotly figures for the dashboard, built from plain frames (no Streamlit here).

Colours are the Okabe-Ito palette (safe for colour-blind readers) and every series also differs
by marker and dash, so nothing is told by colour alone, on a projector or in grey print.

Rules every chart here follows, so that it reads from the back of a meeting room and in the
meeting pack's PNG (800 x 480 layout pixels):
- all text is at least 16 px (axis ticks and titles, legend, labels);
- the value axis shows the movement: it starts at 0 only when 0 is close to the data, and its
  title states the range ("akse 40–95");
- labels (baseline, target) live in the legend, never on top of the data;
- a figure that is not a full-year value on the scale (a year only partly reported, a
  suppressed value, a note on a year without a figure) is drawn in a strip above the plot,
  with a hollow marker and a label of what it is ("K1–K3: 2"), never as a point on the value
  axis and never at 0;
- a break in a series (a new survey or source, a different set of afdelinger behind an
  area's figure) ends the line, and a dotted rule labelled with its cause marks it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from monitor.fmt import fmt_change, fmt_number, fmt_value, is_missing

# role -> (label, colour, marker symbol, dash)
SERIES_STYLE: dict[str, tuple[str, str, str, str]] = {
    "omraade": ("Boligområde", "#0072B2", "circle", "solid"),
    "kommune": ("Kommune", "#E69F00", "square", "dash"),
    "almene_kommune": ("Almene boliger i kommunen", "#009E73", "diamond", "dot"),
    "landsplan": ("Landsplan", "#555555", "triangle-up", "dashdot"),
    "sammenligning": ("Sammenligning", "#CC79A7", "x", "longdash"),
}
# Several boligområder in one chart: styles that none of the comparators above uses.
AREA_COLOURS = ("#0072B2", "#CC79A7", "#009E73", "#56B4E9", "#D55E00", "#000000")
AREA_SYMBOLS = ("circle", "diamond", "triangle-down", "star", "cross", "hexagon", "pentagon")
AREA_DASHES = ("solid", "dot", "longdash", "dashdot", "longdashdot", "dash")
TARGET_COLOUR = "#D55E00"
FONT_SIZE = 16
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=FONT_SIZE, color="#222222")
LABEL_FONT = dict(size=FONT_SIZE, color="#444444")
CHART_HEIGHT = 520
STRIP_FILL = "#F2F2F2"

QUARTER = "quarter"
MONTH = "month"
PARTS_IN_YEAR = {QUARTER: 4, MONTH: 12}
MONTH_SHORT = (
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.",
    "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
)  # fmt: skip

# Causes of a break in a series, as the chart labels them.
BREAK_SURVEY = "ny undersøgelse"
BREAK_SOURCE = "ny kilde"
BREAK_AFDELINGER = "andre afdelinger"
BREAK_GEOGRAPHY = "ny geografi"

# The rows of the strip above the plot, top to bottom.
ROW_PARTIAL = "Delvist år"
ROW_SUPPRESSED = "Ikke offentl."
ROW_NOTE = "Noter"
STRIP_ROWS = (ROW_PARTIAL, ROW_SUPPRESSED, ROW_NOTE)


@dataclass(frozen=True)
class ChartTarget:
    kind: str
    threshold: float
    text: str


@dataclass(frozen=True)
class ChartBaseline:
    year: int
    value: float
    label: str


# --- rules -------------------------------------------------------------------------------------


def _flag(value: object) -> bool:
    return False if is_missing(value) else bool(value)


def _parts(covered: object) -> list[int]:
    if covered is None or (not isinstance(covered, Iterable) and is_missing(covered)):
        return []
    return sorted({int(p) for p in covered})  # type: ignore[union-attr]


def partial_label(covered_type: object, covered: object) -> str:
    """What a partly reported year covers: 'K1–K3', 'K1, K3', 'jan.–sep.', 'jan.–mar., maj';
    'delvist år' when the parts are unknown, 'ingen perioder' when none has a figure."""
    if covered_type not in PARTS_IN_YEAR:
        return "delvist år"
    parts = _parts(covered)
    if not parts:
        return "ingen perioder"
    name = (lambda p: f"K{p}") if covered_type == QUARTER else (lambda p: MONTH_SHORT[p - 1])
    runs: list[list[int]] = []
    for p in parts:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(name(r[0]) if len(r) == 1 else f"{name(r[0])}–{name(r[-1])}" for r in runs)


def is_partial_year(partial: object, covered_type: object, covered: object) -> bool:
    """A year summed from quarters or months is partial when a part is missing or has no
    figure (a suppressed quarter too), whatever the database's own flag says; a loaded yearly
    figure is partial only when flagged so."""
    if covered_type in PARTS_IN_YEAR:
        return len(_parts(covered)) < PARTS_IN_YEAR[covered_type]  # type: ignore[index]
    return _flag(partial)


def _afdelinger(value: object) -> frozenset[str] | None:
    if value is None or is_missing(value) or not str(value).strip():
        return None
    return frozenset(p.strip() for p in str(value).split(",") if p.strip())


def mark_breaks(frame: pd.DataFrame, source_kind: str | None = None) -> pd.DataFrame:
    """Add `break_before` (the cause, or None) and `break_detail` (hover text) to each row.

    Per geography, over the full-year figures in year order (partial years are drawn apart
    and break nothing), a row breaks the series when
    - its survey (for local counts and registers: its source) differs from the last row that
      named one: 'ny undersøgelse' for survey indicators, else 'ny kilde'. A row without a
      survey (a year summed from quarters, say) is unknown, not different;
    - the set of afdelinger behind it differs from the last row that had one ('andre
      afdelinger'). Without an `afdelinger` column, an area figure that turns incomplete (or
      complete again) stands for such a change.
    """
    out = frame.copy()
    out["break_before"] = pd.Series([None] * len(out), index=out.index, dtype="object")
    out["break_detail"] = pd.Series([None] * len(out), index=out.index, dtype="object")
    if out.empty:
        return out
    survey_cause = BREAK_SURVEY if source_kind == "tryghed" else BREAK_SOURCE
    by_members = "afdelinger" in out
    for _, rows in out.groupby("geo_code", sort=False):
        rows = rows.sort_values("year")
        last_survey: tuple[int, str] | None = None
        last_members: tuple[int, frozenset[str]] | None = None
        last_incomplete: bool | None = None
        for index, r in rows.iterrows():
            if _flag(r.get("partial")):
                continue
            year = int(r["year"])
            causes: list[str] = []
            details: list[str] = []
            survey = r.get("survey")
            if isinstance(survey, str) and survey.strip():
                survey = survey.strip()
                if last_survey is not None and last_survey[1].casefold() != survey.casefold():
                    causes.append(survey_cause)
                    details.append(
                        f"{r['geo_name']}: {last_survey[1]} ({last_survey[0]}) → {survey} ({year})"
                    )
                last_survey = (year, survey)
            if by_members:
                members = _afdelinger(r.get("afdelinger"))
                if members is not None:
                    if last_members is not None and last_members[1] != members:
                        before, now = last_members[1], members
                        change = []
                        if before - now:
                            change.append(f"uden {', '.join(sorted(before - now))}")
                        if now - before:
                            change.append(f"med {', '.join(sorted(now - before))}")
                        causes.append(BREAK_AFDELINGER)
                        details.append(
                            f"{r['geo_name']} {year} i forhold til {last_members[0]}: "
                            + " og ".join(change)
                        )
                    last_members = (year, members)
            elif not _flag(r.get("suppressed")):
                incomplete = _flag(r.get("incomplete"))
                if last_incomplete is not None and incomplete != last_incomplete:
                    causes.append(BREAK_AFDELINGER)
                    details.append(
                        f"{r['geo_name']} {year}: "
                        + ("en eller flere afdelinger mangler" if incomplete else "alle afdelinger")
                    )
                last_incomplete = incomplete
            if causes:
                out.at[index, "break_before"] = " og ".join(causes)
                out.at[index, "break_detail"] = "<br>".join(details)
    return out


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover


def value_range(values: Iterable[object], unit: str) -> tuple[float, float] | None:
    """The value axis for the figures: a count starts at 0; any other figure starts at 0 only
    when 0 is close to the data (less than half the data's spread below it), else just below
    the lowest figure, so the movement shows. The ends are round numbers, and shares stay
    within 0-100."""
    numbers = [float(v) for v in values if not is_missing(v)]  # type: ignore[arg-type]
    if not numbers:
        return None
    lo, hi = min(numbers), max(numbers)
    span = hi - lo or (abs(hi) * 0.2 or 1.0)
    # A count starts at 0 (3 against 6 evictions is double, and the axis should show it)
    if 0 <= lo and (unit == "antal" or lo <= span / 2):
        lo = 0.0
    if lo == hi:
        lo, hi = lo - span / 2, hi + span / 2
    step = _nice_step((hi - lo) / 5)
    low = 0.0 if lo == 0 else math.floor((lo - (hi - lo) * 0.04) / step) * step
    high = math.ceil((hi + (hi - lo) * 0.04) / step) * step
    if min(numbers) >= 0:
        low = max(low, 0.0)
    if unit == "andel":
        low, high = max(low, 0.0), min(high, 100.0)
    return round(low, 9), round(high, 9)


def axis_title(unit: str, span: tuple[float, float] | None) -> str:
    """'Andel (%) · akse 40–95': the unit and the range the axis shows."""
    unit_text = {
        "andel": "Andel (%)",
        "antal": "Antal",
        "gennemsnit": "Gennemsnit",
        "beløb": "Kr.",
        "pr. 1000": "Pr. 1.000",
    }.get(unit, "")
    if span is None:
        return unit_text
    stated = f"akse {fmt_number(span[0])}–{fmt_number(span[1])}"
    return f"{unit_text} · {stated}" if unit_text else stated.capitalize()


# --- drawing helpers ---------------------------------------------------------------------------


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def area_style(i: int) -> tuple[str, str, str]:
    """Colour, marker and dash of the i-th boligområde; the (colour, marker) pair is unique for
    the first 42 areas, and none is a comparator's style."""
    return (
        AREA_COLOURS[i % len(AREA_COLOURS)],
        AREA_SYMBOLS[i % len(AREA_SYMBOLS)],
        AREA_DASHES[(i + i // len(AREA_COLOURS)) % len(AREA_DASHES)],
    )


@dataclass
class _Strip:
    """Figures that are not full-year values on the scale, drawn in rows above the plot."""

    items: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, row: str, **item: object) -> None:
        self.items.setdefault(row, []).append(item)

    def rows(self) -> list[str]:
        return [r for r in STRIP_ROWS if r in self.items]

    def draw(self, fig: go.Figure, x_max: float) -> float:
        """Add the strip's traces on y2; returns the top of the main plot's domain."""
        rows = self.rows()
        if not rows:
            return 1.0
        height = 0.075 * len(rows) + 0.03
        bottom = 1.0 - height
        positions = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
        for row in rows:
            for item in self.items[row]:
                xs = list(item["x"])
                fig.add_trace(
                    go.Scatter(
                        x=xs,
                        y=[positions[row]] * len(xs),
                        yaxis="y2",
                        mode="markers+text" if item.get("text") else "markers",
                        text=item.get("text"),
                        textposition=[
                            "middle left" if x >= x_max - 0.6 else "middle right" for x in xs
                        ],
                        textfont=dict(size=FONT_SIZE, color=item.get("colour", "#000000")),
                        marker=item["marker"],
                        name=str(item["name"]),
                        legendgroup=item.get("group"),
                        showlegend=False,
                        hovertext=item.get("hover"),
                        hoverinfo="text",
                        cliponaxis=False,
                    )
                )
        fig.add_shape(
            type="rect",
            xref="paper",
            x0=0,
            x1=1,
            yref="y2 domain",
            y0=0,
            y1=1,
            fillcolor=STRIP_FILL,
            line_width=0,
            layer="below",
        )
        fig.update_layout(
            yaxis2=dict(
                domain=[bottom, 1.0],
                range=[-0.6, len(rows) - 0.4],
                tickvals=list(positions.values()),
                ticktext=list(positions),
                showgrid=False,
                zeroline=False,
                fixedrange=True,
                anchor="x",
                ticks="",
            )
        )
        return bottom - 0.04


def _label_rows(labels: list[tuple[float, str, str]], px_per_year: float) -> list[int]:
    """A row (0, 1, ...) for each (x, text, hover) label so that neighbours do not overlap."""
    ends: list[float] = []  # per row: the x where its last label ends
    rows = []
    for x, text, _ in labels:
        half = len(text) * FONT_SIZE * 0.3 / px_per_year
        for row, end in enumerate(ends):
            if x - half > end:
                ends[row] = x + half
                rows.append(row)
                break
        else:
            ends.append(x + half)
            rows.append(len(ends) - 1)
    return rows


def _merge_breaks(breaks: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """One label for breaks of the same cause a year apart (a single year with another set of
    afdelinger breaks the line on both sides of it)."""
    merged: list[list] = []  # [first x, cause, details, last x]
    for x, cause, detail in sorted(breaks):
        same = [m for m in merged if m[1] == cause and x - m[3] <= 1.0]
        if same:
            same[-1][2] += "<br>" + detail
            same[-1][3] = x
        else:
            merged.append([x, cause, detail, x])
    return [((m[0] + m[3]) / 2, m[1], m[2]) for m in merged]


def _hover(row: pd.Series, unit: str) -> str:
    if _flag(row.get("suppressed")):
        below = row.get("suppressed_below")
        shown = f"under {int(below)}" if not is_missing(below) else "ikke offentliggjort"
        return f"{row['series_label']} {row['period']}: {shown}"
    if _flag(row.get("partial")):
        covers = row.get("covers") or "delvist år"
        return (
            f"{row['series_label']} {row['period']}, kun {covers}: "
            f"{fmt_value(row['value'], unit)}<br>delvist år – ikke et helt års tal"
        )
    text = f"{row['series_label']} {row['period']}: {fmt_value(row['value'], unit)}"
    if not is_missing(row.get("low")) and not is_missing(row.get("high")):
        text += f"<br>usikkerhed {fmt_value(row['low'], unit)} – {fmt_value(row['high'], unit)}"
    if _flag(row.get("uncertain")):
        text += "<br>usikker ifølge kilden"
    if _flag(row.get("incomplete")):
        text += "<br>ufuldstændig (en eller flere afdelinger mangler)"
    if isinstance(row.get("survey"), str) and row["survey"]:
        text += f"<br>{row['survey']}"
    if isinstance(row.get("break_before"), str) and row["break_before"]:
        text += f"<br>Brud før {row['period']}: {row['break_before']}"
    return text


def _prepared(series: pd.DataFrame) -> pd.DataFrame:
    frame = series.copy()
    frame["series_label"] = frame["geo_name"]
    for flag in ("suppressed", "uncertain", "partial", "incomplete"):
        if flag not in frame:
            frame[flag] = False
        frame[flag] = frame[flag].map(_flag).astype(bool)
    for column in ("low", "high", "survey", "covers", "suppressed_below"):
        if column not in frame:
            frame[column] = None
    return frame


def _strip_text(row: pd.Series, unit: str) -> str:
    covers = row.get("covers")
    covers = covers if isinstance(covers, str) and covers else "delvist år"
    return f"{covers}: {fmt_value(row['value'], unit)}"


# --- figures -----------------------------------------------------------------------------------


def _strip_points(
    strip: _Strip,
    rows: pd.DataFrame,
    unit: str,
    colour: str,
    symbol: str,
    name: str,
    *,
    below_text: bool,
) -> None:
    """A series' figures that are not on the value axis, in the strip above the plot: the
    suppressed ones (an x, with "<N" when `below_text`) and the partial years (hollow, with
    what they cover)."""
    suppressed = rows[rows["suppressed"]]
    if not suppressed.empty:
        strip.add(
            ROW_SUPPRESSED,
            x=list(suppressed["year"]),
            text=[f"<{int(b)}" if not is_missing(b) else "" for b in suppressed["suppressed_below"]]
            if below_text
            else None,
            marker=dict(
                symbol="x-thin-open", size=14, color=colour, line=dict(width=2, color=colour)
            ),
            colour=colour,
            name=f"{name}: ikke offentliggjort",
            group=name,
            hover=[_hover(r, unit) for _, r in suppressed.iterrows()],
        )
    partial = rows[rows["partial"] & rows["value"].notna()]
    if not partial.empty:
        strip.add(
            ROW_PARTIAL,
            x=list(partial["year"]),
            text=[_strip_text(r, unit) for _, r in partial.iterrows()],
            marker=dict(
                symbol=f"{symbol}-open", size=15, color=colour, line=dict(width=2.5, color=colour)
            ),
            colour=colour,
            name=f"{name}: delvist år",
            group=name,
            hover=[_hover(r, unit) for _, r in partial.iterrows()],
        )


def _break_positions(drawn: pd.DataFrame) -> list[tuple[float, str, str]]:
    """(x, cause, detail) of each break in one series' full years (see `mark_breaks`): a
    break's rule stands midway between the two years it separates."""
    years = [float(y) for y in drawn["year"]]
    out = []
    for _, r in drawn[drawn["break_before"].notna()].iterrows():
        year = float(r["year"])
        before = max((y for y in years if y < year), default=year - 1)
        out.append(((before + year) / 2, str(r["break_before"]), str(r["break_detail"])))
    return out


def _explained_by_geography(
    breaks: list[tuple[float, str, str]],
) -> list[tuple[float, str, str]]:
    """An "andre afdelinger" break less than a year from a new geography's break is that
    change seen in the figures (a survey every other year puts its break between the two
    surveys, the geography's at the year it changed): it moves to the geography's place, so
    the chart draws one rule and one label."""
    places = sorted({x for x, cause, _ in breaks if cause == BREAK_GEOGRAPHY})
    if not places:
        return breaks
    out = []
    for x, cause, detail in breaks:
        if cause == BREAK_AFDELINGER:
            near = [g for g in places if abs(g - x) < 1]
            if near:
                x = min(near, key=lambda g: abs(g - x))
        out.append((x, cause, detail))
    return out


def _draw_breaks(
    fig: go.Figure,
    breaks: list[tuple[float, str, str]],
    x_min: float,
    x_max: float,
    first_row: int = 0,
) -> int:
    """Break rules across the plot and their causes above it, in as many label rows as the
    labels need without overlapping (returned, for the top margin)."""
    breaks = _explained_by_geography(breaks)
    for x in sorted({x for x, _, _ in breaks}):
        fig.add_shape(
            type="line", x0=x, x1=x, xref="x", yref="y domain", y0=0, y1=1,
            line=dict(color="#555555", dash="dot", width=2),
        )  # fmt: skip
    px_per_year = 800 / max(x_max - x_min, 1.0)
    # A new geography explains the other set of afdelinger behind the area at the same place:
    # one label, with both details.
    geography = {x for x, cause, _ in breaks if cause == BREAK_GEOGRAPHY}
    breaks = [
        (x, BREAK_GEOGRAPHY if x in geography else cause, detail) for x, cause, detail in breaks
    ]
    merged = _merge_breaks(breaks)
    rows = _label_rows([(x, f"Brud: {c}", d) for x, c, d in merged], px_per_year)
    for (x, cause, detail), row in zip(merged, rows, strict=True):
        # near an end of the axis the label grows inwards, so it is never cut at the edge
        anchor = "right" if x_max - x < 1.5 else "left" if x - x_min < 1.5 else "center"
        fig.add_annotation(
            x=x, xref="x", yref="paper", y=1.0, yanchor="bottom", showarrow=False,
            yshift=4 + (first_row + row) * 24, text=f"Brud: {cause}", hovertext=detail,
            font=LABEL_FONT, bgcolor="rgba(255,255,255,0.85)", xanchor=anchor,
        )  # fmt: skip
    return max(rows) + 1 if rows else 0


def indicator_figure(
    series: pd.DataFrame,
    unit: str,
    *,
    title: str = "",
    baseline: ChartBaseline | None = None,
    target: ChartTarget | None = None,
    periods: list[tuple[str, float, float]] | None = None,
    notes: pd.DataFrame | None = None,
    height: int = CHART_HEIGHT,
    earlier_baselines: list[tuple[str, ChartBaseline]] | None = None,
    geography_changes: list[tuple[int, str]] | None = None,
) -> go.Figure:
    """A time series per role/geography with bands, breaks, baseline, target and periods.

    `earlier_baselines` are (plan name, baseline) of the plans this one continues, drawn beside
    its own; `geography_changes` are (first year, what changed) of the area's membership, drawn
    as breaks ('ny geografi') before that year.

    `series` has: role, geo_code, geo_name, period, year (x position), value, low, high,
    suppressed, suppressed_below, uncertain, partial, incomplete, survey; optionally covers
    ('K1–K3', for partial years) and break_before/break_detail (see `mark_breaks`, which is
    applied when they are missing). `notes` has year, y (the area's figure, NaN without one),
    text (hover) and optionally label (drawn in the marker).
    """
    fig = go.Figure()
    frame = _prepared(series)
    if "break_before" not in frame:
        frame = mark_breaks(frame)
    on_scale: list[object] = []
    strip = _Strip()
    breaks: list[tuple[float, str, str]] = []
    years = [int(y) for y in frame["year"].dropna()]
    for (role, _geo), rows in frame.groupby(["role", "geo_code"], sort=False):
        label, colour, symbol, dash = SERIES_STYLE.get(role, SERIES_STYLE["sammenligning"])
        rows = rows.sort_values("year")
        geo_name = rows["geo_name"].iloc[0]
        name = str(geo_name) if role != "landsplan" else label
        drawn = rows[~rows["partial"]]
        segment = drawn["break_before"].notna().cumsum()
        first_segment = True
        for _, seg in drawn.groupby(segment, sort=True):
            shown = seg[~seg["suppressed"]]
            band = shown[shown[["low", "high"]].notna().all(axis=1)]
            if not band.empty:
                xs = list(band["year"])
                if len(xs) == 1:  # a lone year between breaks: a box instead of a band
                    xs = [xs[0] - 0.12, xs[0] + 0.12]
                    band = pd.concat([band, band])
                fig.add_trace(
                    go.Scatter(
                        x=xs + xs[::-1],
                        y=list(band["high"]) + list(band["low"])[::-1],
                        # explicit: plotly's default for < 20 points adds markers at corners
                        mode="lines",
                        fill="toself",
                        fillcolor=_rgba(colour, 0.15),
                        line=dict(width=0, color=_rgba(colour, 0)),
                        hoverinfo="skip",
                        showlegend=False,
                        legendgroup=name,
                        name=f"{name} usikkerhed",
                    )
                )
                on_scale += list(band["low"]) + list(band["high"])
            if shown.empty:
                continue
            on_scale += list(shown["value"])
            # a suppressed year is a gap in the line (and a marker in the strip)
            fig.add_trace(
                go.Scatter(
                    x=list(seg["year"]),
                    y=[
                        None if s else v
                        for v, s in zip(seg["value"], seg["suppressed"], strict=True)
                    ],
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=first_segment,
                    line=dict(color=colour, dash=dash, width=3),
                    marker=dict(
                        symbol=[f"{symbol}-open" if u else symbol for u in seg["uncertain"]],
                        size=11,
                        color=colour,
                        line=dict(width=2, color=colour),
                    ),
                    connectgaps=False,
                    hovertext=[_hover(r, unit) for _, r in seg.iterrows()],
                    hoverinfo="text",
                    cliponaxis=False,
                )
            )
            first_segment = False
        breaks += _break_positions(drawn)
        _strip_points(strip, rows, unit, colour, symbol, name, below_text=True)
    for plan_name, earlier in earlier_baselines or []:
        years.append(int(earlier.year))
        on_scale.append(earlier.value)
        text = f"Baseline i {plan_name} ({earlier.year}): {earlier.label}"
        fig.add_trace(
            go.Scatter(
                x=[earlier.year],
                y=[earlier.value],
                mode="markers",
                name=text,
                # the earlier plan's baseline in grey, beside this plan's black star
                marker=dict(symbol="star-open", size=20, color="#666666", line=dict(width=2)),
                hoverinfo="text",
                hovertext=[text],
                cliponaxis=False,
            )
        )
    for year, change in geography_changes or []:
        breaks.append((year - 0.5, BREAK_GEOGRAPHY, change))
    if baseline is not None:
        years.append(int(baseline.year))
        on_scale.append(baseline.value)
        fig.add_trace(
            go.Scatter(
                x=[baseline.year],
                y=[baseline.value],
                mode="markers",
                # the label is in the legend, not drawn over the data
                name=f"Baseline {baseline.year}: {baseline.label}",
                # open, so the figure of the baseline year shows through
                marker=dict(symbol="star-open", size=24, color="#000000", line=dict(width=2.5)),
                hoverinfo="text",
                hovertext=[f"Baseline {baseline.year}: {baseline.label}"],
                cliponaxis=False,
            )
        )
    if target is not None and not is_missing(target.threshold):
        on_scale.append(target.threshold)
        fig.add_hline(y=target.threshold, line=dict(color=TARGET_COLOUR, dash="dash", width=2))
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=dict(color=TARGET_COLOUR, dash="dash", width=2),
                name=f"Mål: {target.text}",
                hoverinfo="skip",
            )
        )
    span = value_range(on_scale, unit)
    if target is not None and not is_missing(target.threshold) and span is not None:
        if target.kind in ("below", "at_most"):
            fig.add_hrect(
                y0=span[0], y1=target.threshold, fillcolor=TARGET_COLOUR, opacity=0.06,
                line_width=0, layer="below",
            )  # fmt: skip
        elif target.kind in ("above", "at_least"):
            fig.add_hrect(
                y0=target.threshold, y1=span[1], fillcolor=TARGET_COLOUR, opacity=0.06,
                line_width=0, layer="below",
            )  # fmt: skip
    x_min = min(years) - 0.5 if years else 0.0
    x_max = max(years) + 0.5 if years else 1.0
    top_labels: list[tuple[float, str, str]] = []
    for label, start, end in periods or []:
        if end <= x_min or start >= x_max:
            continue
        x0, x1 = max(start, x_min), min(end, x_max)
        fig.add_vrect(x0=x0, x1=x1, fillcolor="#BBBBBB", opacity=0.15, line_width=0, layer="below")
        top_labels.append((x0, f"Plan {label}", "left" if x_max - x0 > 1.5 else "right"))
    if notes is not None and not notes.empty:
        # An optional "label" column numbers the markers, the number inside a larger plain disc
        # (the meeting pack lists the notes under the chart by these numbers).
        labels = notes["label"].astype(str).tolist() if "label" in notes else None
        placed = notes[notes["y"].notna()]
        marker = dict(
            symbol="circle" if labels else "circle-dot",
            size=24 if labels else 16,
            color="#F0E442",
            line=dict(width=2, color="#000000"),
        )
        if not placed.empty:
            fig.add_trace(
                go.Scatter(
                    x=placed["year"],
                    y=placed["y"],
                    mode="markers+text" if labels else "markers",
                    text=placed["label"].astype(str).tolist() if labels else None,
                    textposition="middle center",
                    textfont=dict(size=FONT_SIZE, color="#000000"),
                    name="Noter",
                    marker=marker,
                    hovertext=placed["text"],
                    hoverinfo="text",
                    cliponaxis=False,
                )
            )
        unplaced = notes[notes["y"].isna()]
        if not unplaced.empty:
            strip.add(
                ROW_NOTE,
                x=list(unplaced["year"]),
                text=unplaced["label"].astype(str).tolist() if labels else None,
                marker=marker,
                colour="#000000",
                name="Noter",
                hover=list(unplaced["text"]),
            )
    main_top = strip.draw(fig, x_max)
    period_row = 1 if top_labels else 0
    break_rows = _draw_breaks(fig, breaks, x_min, x_max, first_row=period_row)
    for x0, text, side in top_labels:
        fig.add_annotation(
            x=x0 if side == "left" else x_max, xref="x", yref="paper", y=1.0,
            yanchor="bottom", xanchor=side, yshift=4, showarrow=False, text=text, font=LABEL_FONT,
        )  # fmt: skip
    _layout(fig, title, axis_title(unit, span), height=height, top_rows=period_row + break_rows)
    fig.update_layout(yaxis=dict(range=list(span) if span else None, domain=[0, main_top]))
    fig.update_xaxes(range=[x_min, x_max], dtick=1 if x_max - x_min <= 17 else 2)
    fig.update_layout(hovermode="closest")
    return fig


def break_summary(series: pd.DataFrame, source_kind: str | None = None) -> list[str]:
    """One Danish line per series with breaks: 'Motalavej: før 2018 og 2021 (andre
    afdelinger)', grouped by cause, for the caption under a chart of several series."""
    frame = series if "break_before" in series else mark_breaks(series, source_kind)
    marked = frame[frame["break_before"].notna()].sort_values("year")
    lines = []
    for (name, cause), rows in marked.groupby(["geo_name", "break_before"], sort=False):
        years = [str(int(y)) for y in rows["year"]]
        listed = years[0] if len(years) == 1 else f"{', '.join(years[:-1])} og {years[-1]}"
        lines.append(f"{name}: før {listed} ({cause})")
    return lines


def sparkline_values(series: pd.DataFrame) -> list[float | None]:
    """The area's yearly values for a sparkline column (suppressed years as gaps)."""
    rows = series.sort_values("year")
    return [
        None if s else v
        for v, s in zip(rows["value"], rows["suppressed"].astype(bool), strict=True)
    ]


def compare_figure(
    series: pd.DataFrame, unit: str, title: str = "", source_kind: str | None = None
) -> go.Figure:
    """Several boligområder's yearly values of one indicator beside their comparators (kommune,
    landsplan): each its own colour, marker and dash; partial and suppressed years in the strip
    above the plot, as on the Indikator page. A break ends a line and the hover of the figure
    after it names the cause; a rule across the plot would claim the break for every series,
    so the causes are listed under the chart instead (`break_summary`)."""
    fig = go.Figure()
    frame = _prepared(series)
    if "break_before" not in frame:
        frame = mark_breaks(frame, source_kind)
    strip = _Strip()
    on_scale: list[object] = []
    years = [int(y) for y in frame["year"].dropna()]
    areas = 0
    for (role, _geo), rows in frame.groupby(["role", "geo_code"], sort=False):
        rows = rows.sort_values("year")
        geo_name = str(rows["geo_name"].iloc[0])
        if role == "omraade":
            colour, symbol, dash = area_style(areas)
            areas += 1
        else:
            _label, colour, symbol, dash = SERIES_STYLE.get(role, SERIES_STYLE["sammenligning"])
        full = rows[~rows["partial"]]
        # a break (a new survey, another set of afdelinger) ends the line, as on Indikator
        for i, (_, seg) in enumerate(full.groupby(full["break_before"].notna().cumsum())):
            values = seg["value"].where(~seg["suppressed"])
            on_scale += list(values)
            fig.add_trace(
                go.Scatter(
                    x=list(seg["year"]),
                    y=list(values),
                    mode="lines+markers",
                    name=geo_name,
                    legendgroup=geo_name,
                    showlegend=i == 0,
                    line=dict(color=colour, dash=dash, width=3),
                    marker=dict(
                        symbol=[f"{symbol}-open" if u else symbol for u in seg["uncertain"]],
                        size=11,
                        color=colour,
                        line=dict(width=2, color=colour),
                    ),
                    connectgaps=False,
                    hovertext=[_hover(r, unit) for _, r in seg.iterrows()],
                    hoverinfo="text",
                    cliponaxis=False,
                )
            )
        _strip_points(strip, rows, unit, colour, symbol, geo_name, below_text=False)
    x_min = min(years) - 0.5 if years else 0.0
    x_max = max(years) + 0.5 if years else 1.0
    main_top = strip.draw(fig, x_max)
    span = value_range(on_scale, unit)
    _layout(fig, title, axis_title(unit, span))
    fig.update_layout(yaxis=dict(range=list(span) if span else None, domain=[0, main_top]))
    fig.update_xaxes(range=[x_min, x_max], dtick=1 if x_max - x_min <= 17 else 2)
    return fig


def gap_panel_figure(
    area: pd.DataFrame,
    comparator: pd.DataFrame | None,
    unit: str,
    *,
    area_name: str,
    comparator_name: str | None,
    gaps: Sequence[tuple[int, float, float]] = (),
    height: int = 330,
) -> go.Figure:
    """One small multiple of the Sammenlign page: an area's full-year figures against its
    comparator's, always in the same two styles (area: blue, solid, circles; comparator:
    orange, dashed, squares), with the gap at the baseline and the latest year drawn as a grey
    bar between the two lines. `gaps` holds (year, area value, comparator value)."""
    fig = go.Figure()
    on_scale: list[object] = []
    years: list[int] = []
    styles = [
        (area, area_name, SERIES_STYLE["omraade"]),
        (comparator, comparator_name, SERIES_STYLE["kommune"]),
    ]
    shown_gaps = [
        (int(y), float(a), float(c)) for y, a, c in gaps if not is_missing(a) and not is_missing(c)
    ]
    if shown_gaps:  # first, so the lines and markers are drawn over the bars
        xs: list[object] = []
        ys: list[object] = []
        for y, a, c in shown_gaps:
            xs += [y, y, None]
            ys += [a, c, None]
            on_scale += [a, c]
            years.append(y)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name="Afstand",
                showlegend=False,  # the page's caption explains the grey bars
                line=dict(color="rgba(80,80,80,0.45)", width=9),
                hovertext=[
                    text
                    for y, a, c in shown_gaps
                    for text in [f"Afstand {y}: {fmt_change(a - c, unit)}"] * 2 + [None]
                ],
                hoverinfo="text",
            )
        )
    for rows, name, (_label, colour, symbol, dash) in styles:
        if rows is None or rows.empty:
            continue
        rows = _prepared(rows).sort_values("year")
        rows = rows[~rows["partial"] & ~rows["suppressed"] & rows["value"].notna()]
        on_scale += list(rows["value"])
        years += [int(y) for y in rows["year"]]
        rows = rows.assign(series_label=name)
        fig.add_trace(
            go.Scatter(
                x=list(rows["year"]),
                y=list(rows["value"]),
                mode="lines+markers",
                name=str(name),
                line=dict(color=colour, dash=dash, width=3),
                marker=dict(
                    symbol=[f"{symbol}-open" if u else symbol for u in rows["uncertain"]],
                    size=10,
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                hovertext=[_hover(r, unit) for _, r in rows.iterrows()],
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    span = value_range(on_scale, unit)
    _layout(fig, "", axis_title(unit, span), height=height)
    fig.update_layout(
        yaxis=dict(range=list(span) if span else None),
        margin=dict(l=10, r=10, t=10, b=10),
    )
    if years:
        fig.update_xaxes(range=[min(years) - 0.5, max(years) + 0.5], dtick=None, nticks=6)
    return fig


def _layout(
    fig: go.Figure, title: str, y_title: str, *, height: int = CHART_HEIGHT, top_rows: int = 0
) -> None:
    fig.update_layout(
        title=title or None,
        font=FONT,
        separators=",.",
        template="plotly_white",
        # below everything, in the figure's own margin (a legend placed relative to the plot
        # can land on the year labels, depending on the plot's height)
        legend=dict(
            orientation="h",
            yref="container",
            yanchor="bottom",
            y=0,
            xref="container",
            x=0,
            xanchor="left",
            font=dict(size=FONT_SIZE),
            itemwidth=40,
        ),
        # room above the plot for the rows of plan-period and break labels
        margin=dict(l=10, r=20, t=(60 if title else 12) + 26 * top_rows, b=10),
        height=height,
    )
    fig.update_xaxes(tickformat="d", title=None, tickfont=dict(size=FONT_SIZE), automargin=True)
    fig.update_yaxes(tickfont=dict(size=FONT_SIZE), automargin=True)
    fig.update_layout(yaxis=dict(title=dict(text=y_title, font=dict(size=FONT_SIZE))))
