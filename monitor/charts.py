"""Plotly figures for the dashboard, built from plain frames (no Streamlit here).

Colours are the Okabe-Ito palette (safe for colour-blind readers) and every series also differs
by marker and dash, so nothing is told by colour alone, on a projector or in grey print.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor.fmt import fmt_value

# role -> (label, colour, marker symbol, dash)
SERIES_STYLE: dict[str, tuple[str, str, str, str]] = {
    "omraade": ("Boligområde", "#0072B2", "circle", "solid"),
    "kommune": ("Kommune", "#E69F00", "square", "dash"),
    "almene_kommune": ("Almene boliger i kommunen", "#009E73", "diamond", "dot"),
    "landsplan": ("Landsplan", "#555555", "triangle-up", "dashdot"),
    "sammenligning": ("Sammenligning", "#CC79A7", "x", "longdash"),
}
TARGET_COLOUR = "#D55E00"
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=16)


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


def _hover(row: pd.Series, unit: str) -> str:
    if row.get("suppressed"):
        below = row.get("suppressed_below")
        shown = f"under {int(below)}" if pd.notna(below) else "ikke offentliggjort"
        return f"{row['series_label']} {row['period']}: {shown}"
    text = f"{row['series_label']} {row['period']}: {fmt_value(row['value'], unit)}"
    if pd.notna(row.get("low")) and pd.notna(row.get("high")):
        text += f"<br>usikkerhed {fmt_value(row['low'], unit)} – {fmt_value(row['high'], unit)}"
    if row.get("uncertain"):
        text += "<br>usikker ifølge kilden"
    if row.get("partial"):
        text += "<br>delvist år (ikke alle perioder indberettet)"
    if row.get("incomplete"):
        text += "<br>ufuldstændig (en eller flere afdelinger mangler)"
    if isinstance(row.get("survey"), str) and row["survey"]:
        text += f"<br>{row['survey']}"
    return text


def indicator_figure(
    series: pd.DataFrame,
    unit: str,
    *,
    title: str = "",
    baseline: ChartBaseline | None = None,
    target: ChartTarget | None = None,
    periods: list[tuple[str, float, float]] | None = None,
    notes: pd.DataFrame | None = None,
) -> go.Figure:
    """A time series per role/geography with bands, gaps, markers, baseline, target and periods.

    `series` has: role, geo_name, period, year (x position), value, low, high, suppressed,
    suppressed_below, uncertain, partial, incomplete, survey. `notes` has year, y, text (hover)
    and optionally label (drawn by the marker).
    """
    fig = go.Figure()
    frame = series.copy()
    frame["series_label"] = frame["geo_name"]
    for (role, geo_name), rows in frame.groupby(["role", "geo_name"], sort=False):
        label, colour, symbol, dash = SERIES_STYLE.get(role, SERIES_STYLE["sammenligning"])
        rows = rows.sort_values("year")
        name = f"{geo_name}" if role != "landsplan" else label
        # A series that joins two surveys is drawn as separate lines: a break, not a trend.
        surveys = rows["survey"].fillna("").tolist() if "survey" in rows else [""] * len(rows)
        segment = pd.Series(surveys).ne(pd.Series(surveys).shift()).cumsum().tolist()
        rows = rows.assign(_segment=segment)
        for seg_no, seg in rows.groupby("_segment", sort=True):
            values = seg["value"].where(~seg["suppressed"].astype(bool))
            has_band = seg[["low", "high"]].notna().all(axis=1)
            if has_band.any():
                band = seg[has_band]
                fig.add_trace(
                    go.Scatter(
                        x=list(band["year"]) + list(band["year"])[::-1],
                        y=list(band["high"]) + list(band["low"])[::-1],
                        # explicit: plotly's default for < 20 points adds stray markers
                        mode="lines",
                        fill="toself",
                        fillcolor=_rgba(colour, 0.15),
                        line=dict(width=0),
                        hoverinfo="skip",
                        showlegend=False,
                        legendgroup=name,
                        name=f"{name} usikkerhed",
                    )
                )
            marker_symbols = [
                f"{symbol}-open" if u else symbol for u in seg["uncertain"].astype(bool)
            ]
            fig.add_trace(
                go.Scatter(
                    x=seg["year"],
                    y=values,
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=bool(seg_no == segment[0]),
                    line=dict(color=colour, dash=dash, width=3),
                    marker=dict(
                        symbol=marker_symbols,
                        size=10,
                        color=colour,
                        line=dict(width=2, color=colour),
                    ),
                    connectgaps=False,
                    hovertext=[_hover(r, unit) for _, r in seg.iterrows()],
                    hoverinfo="text",
                )
            )
            suppressed = seg[seg["suppressed"].astype(bool)]
            if not suppressed.empty:
                fig.add_trace(
                    go.Scatter(
                        x=suppressed["year"],
                        y=[0] * len(suppressed),
                        mode="markers+text",
                        marker=dict(
                            symbol="x-thin-open",
                            size=14,
                            color=colour,
                            line=dict(width=2, color=colour),
                        ),
                        text=["ikke offentl." for _ in range(len(suppressed))],
                        textposition="top center",
                        name=f"{name}: ikke offentliggjort",
                        legendgroup=name,
                        showlegend=False,
                        hovertext=[_hover(r, unit) for _, r in suppressed.iterrows()],
                        hoverinfo="text",
                    )
                )
        if len(set(surveys)) > 1:
            for i in range(1, len(rows)):
                if surveys[i] != surveys[i - 1]:
                    year = rows["year"].iloc[i]
                    fig.add_vline(x=year - 0.5, line=dict(color="#777777", dash="dot", width=1))
                    fig.add_annotation(
                        x=year - 0.5,
                        yref="paper",
                        y=1.0,
                        yanchor="bottom",  # above the plot, clear of the plan-period labels
                        showarrow=False,
                        text="Brud: ny undersøgelse",
                        font=dict(size=12),
                    )
    if baseline is not None:
        fig.add_trace(
            go.Scatter(
                x=[baseline.year],
                y=[baseline.value],
                mode="markers+text",
                name="Baseline",
                marker=dict(symbol="star", size=20, color="#000000"),
                text=[f"Baseline {baseline.year}: {baseline.label}"],
                textposition="top center",
                hoverinfo="text",
                hovertext=[f"Baseline {baseline.year}: {baseline.label}"],
            )
        )
    if target is not None and target.threshold is not None:
        fig.add_hline(y=target.threshold, line=dict(color=TARGET_COLOUR, dash="dash", width=2))
        fig.add_annotation(
            xref="paper",
            x=1.0,
            y=target.threshold,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font=dict(color=TARGET_COLOUR),
            text=f"Mål: {target.text}",
        )
        if target.kind in ("below", "at_most"):
            fig.add_hrect(
                y0=0, y1=target.threshold, fillcolor=TARGET_COLOUR, opacity=0.06, line_width=0
            )
    for label, start, end in periods or []:
        fig.add_vrect(
            x0=start,
            x1=end,
            fillcolor="#BBBBBB",
            opacity=0.15,
            line_width=0,
            annotation_text=label,
            annotation_position="top left",
            annotation_font_size=12,
        )
    if notes is not None and not notes.empty:
        # An optional "label" column numbers the markers, the number inside a larger plain disc
        # (the meeting pack lists the notes under the chart by these numbers).
        labels = notes["label"].astype(str).tolist() if "label" in notes else None
        fig.add_trace(
            go.Scatter(
                x=notes["year"],
                y=notes["y"],
                mode="markers+text" if labels else "markers",
                text=labels,
                textposition="middle center",
                textfont=dict(size=13, color="#000000"),
                name="Noter",
                marker=dict(
                    symbol="circle" if labels else "circle-dot",
                    size=22 if labels else 16,
                    color="#F0E442",
                    line=dict(width=2, color="#000000"),
                ),
                hovertext=notes["text"],
                hoverinfo="text",
            )
        )
    _layout(fig, title, _axis_title(unit))
    fig.update_layout(hovermode="closest")
    return fig


def _axis_title(unit: str) -> str:
    return {
        "andel": "Andel (%)",
        "antal": "Antal",
        "gennemsnit": "Gennemsnit",
        "beløb": "Kr.",
        "pr. 1000": "Pr. 1.000",
    }.get(unit, "")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def sparkline_values(series: pd.DataFrame) -> list[float | None]:
    """The area's yearly values for a sparkline column (suppressed years as gaps)."""
    rows = series.sort_values("year")
    return [
        None if s else v
        for v, s in zip(rows["value"], rows["suppressed"].astype(bool), strict=True)
    ]


# Okabe-Ito, in an order that keeps neighbours distinguishable; markers and dashes vary too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#555555")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")


def compare_figure(series: pd.DataFrame, unit: str, title: str = "") -> go.Figure:
    """Several geographies' yearly values of one indicator, each its own colour/marker/dash."""
    fig = go.Figure()
    for i, (geo_name, rows) in enumerate(series.groupby("geo_name", sort=False)):
        rows = rows.sort_values("year")
        values = rows["value"].where(~rows["suppressed"].astype(bool))
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=values,
                mode="lines+markers",
                name=str(geo_name),
                line=dict(color=PALETTE[i % 7], dash=DASHES[i % 7], width=3),
                marker=dict(symbol=SYMBOLS[i % 7], size=10, color=PALETTE[i % 7]),
                connectgaps=False,
                hovertext=[
                    f"{geo_name} {p}: {fmt_value(v, unit) if v == v else 'ikke offentliggjort'}"
                    for p, v in zip(rows["period"], values, strict=True)
                ],
                hoverinfo="text",
            )
        )
    _layout(fig, title, _axis_title(unit))
    return fig


def index_figure(indexed: pd.DataFrame, title: str = "") -> go.Figure:
    """Each indicator's area/kommune ratio indexed to 100 in its baseline year."""
    fig = go.Figure()
    for i, (name, rows) in enumerate(indexed.groupby("indicator_name", sort=False)):
        rows = rows.sort_values("year")
        direction = rows["direction"].iloc[0]
        label = f"{name} ({'lavere er bedre' if direction == 'lower' else 'højere er bedre'})"
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["index"],
                mode="lines+markers",
                name=label,
                line=dict(color=PALETTE[i % 7], dash=DASHES[i % 7], width=3),
                marker=dict(symbol=SYMBOLS[i % 7], size=9, color=PALETTE[i % 7]),
                hovertext=[
                    f"{name} {y}: indeks {fmt_value(v, 'gennemsnit')}"
                    for y, v in zip(rows["year"], rows["index"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.add_hline(y=100, line=dict(color="#000000", width=1))
    _layout(fig, title, "Indeks (område i forhold til kommune, baseline = 100)")
    fig.update_yaxes(rangemode="normal")
    return fig


def _layout(fig: go.Figure, title: str, y_title: str) -> None:
    fig.update_layout(
        title=title or None,
        font=FONT,
        separators=",.",
        template="plotly_white",
        legend=dict(orientation="h", yanchor="top", y=-0.15),
        margin=dict(l=40, r=20, t=60 if title else 30, b=40),
        height=520,
    )
    fig.update_xaxes(dtick=1, tickformat="d", title=None)
    fig.update_yaxes(title=y_title, rangemode="tozero")
