"""Documents: the meeting pack (mødemateriale, PDF) and the revision documentation (PDF + XLSX).

The revision documentation documents that follow-up happened in a year: each mål/delmål with
the figures as the board saw them (the frozen snapshots), the follow-up versions with author
and time, the meetings where they were presented and the import batches behind the figures.

Fingerprint: the documented data is one JSON value (`revision_content`). Its canonical text is
`audit.canonical_json` of it: keys sorted, no whitespace, UTF-8 as is, timestamps as UTC ISO
text, floats in Python's shortest round-trip form. The fingerprint is the SHA-256 of that text
encoded as UTF-8. PDF and XLSX show the same fingerprint; the CLI also writes the canonical
JSON itself, so `sha256sum revision-....json` reproduces it. The time of generation is not part
of the content, so the same data always gives the same fingerprint.

User text is escaped in every export: PDF text is drawn as text (Markdown rendered with raw HTML
disabled), and XLSX strings are stored as strings, never formulas.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import kaleido
import matplotlib
import pandas as pd
import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from kaleido.errors import BrowserFailedError, ChromeNotFoundError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from monitor import audit, config, followup, meetings, notes
from monitor.auth import User, require
from monitor.db import run_query
from monitor.export import protect_text_cell
from monitor.fmt import is_missing as _missing

# matplotlib draws nothing here any more: it is kept only as the source of the DejaVu TTFs the
# PDFs embed. As a locked, hash-checked wheel it gives byte-identical fonts on every machine and
# needs no apt package, so the revision documentation (which has no charts, hence no Chromium)
# still works on a fresh machine with nothing but Python. Debian's fonts-dejavu-core would
# depend on the host and is not always installed.
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
TZ = "Europe/Copenhagen"
STATE_DA = {"draft": "kladde", "submitted": "indsendt"}
ROLE_DA = {
    "omraade": "Boligområde",
    "kommune": "Kommune",
    "almene_kommune": "Almene boliger i kommunen",
    "sammenligning": "Sammenligning",
    "landsplan": "Landsplan",
}


class ReportError(ValueError):
    """A document that cannot be made as asked (Danish message)."""


# --- small formatting helpers -----------------------------------------------------------------


def _value(x: Any, unit: str) -> str:
    from monitor.fmt import fmt_value

    return fmt_value(None if _missing(x) else float(x), unit)


def _change(x: Any, unit: str) -> str:
    from monitor.fmt import fmt_change

    return fmt_change(None if _missing(x) else float(x), unit)


def _local(ts: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert(TZ)


def when_text(ts: Any) -> str:
    """'23.11.2026 kl. 14.05' in Danish local time ('' when missing)."""
    if _missing(ts) or ts is pd.NaT:
        return ""
    return f"{_local(ts):%d.%m.%Y kl. %H.%M}"


def date_text(d: Any) -> str:
    """'01.03.2025'."""
    return "" if _missing(d) else f"{pd.Timestamp(d):%d.%m.%Y}"


def _reading_text(reading: dict[str, Any] | None, unit: str) -> str:
    if not reading or reading.get("value") is None:
        year = (reading or {}).get("year")
        return "–" if year is None else f"– ({year})"
    extra = [str(reading["year"])] if reading.get("year") is not None else []
    if reading.get("uncertain"):
        extra.append("usikker")
    return _value(reading["value"], unit) + (f" ({', '.join(extra)})" if extra else "")


# --- PDF ---------------------------------------------------------------------------------------


class _Pdf(FPDF):
    def __init__(self, title: str, footer_note: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = title
        self.footer_note = footer_note
        for style, name in FONT_FILES.items():
            self.add_font("DejaVu", style, str(FONT_DIR / name))
        self.set_font("DejaVu", size=10)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_creator("Boligsocial Monitor")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", size=7)
        self.set_text_color(90, 90, 90)
        left = f"{self.doc_title} · side {self.page_no()}/{{nb}}"
        self.cell(0, 4, left, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.footer_note:
            self.cell(0, 4, self.footer_note)
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_font("DejaVu", size=10)

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10)

    def markdown(self, text: str) -> None:
        """User Markdown, rendered with raw HTML disabled (so <script> is text)."""
        if not (text or "").strip():
            self.para("(ingen tekst)", style="I")
            return
        html = followup.render_markdown(text)
        start_page, start_y = self.page, self.get_y()
        try:
            self.set_font("DejaVu", size=10)
            self.write_html(html)
            self.ln(2)
        except Exception:  # noqa: BLE001 - fall back to the plain text, never lose it
            if (self.page, self.get_y()) != (start_page, start_y):
                self.ln(2)
            self.para(text)

    def table(  # type: ignore[override]
        self,
        header: list[str],
        rows: list[list[str]],
        widths: list[float],
        size: float = 8,
    ) -> None:
        self.set_font("DejaVu", size=size)
        with super().table(
            col_widths=widths,
            line_height=size * 0.5,
            text_align="LEFT",
            first_row_as_headings=True,
            headings_style=_heading_style(),
        ) as tbl:
            head = tbl.row()
            for h in header:
                head.cell(h)
            for r in rows:
                row = tbl.row()
                for v in r:
                    row.cell("" if v is None else str(v))
        self.ln(3)
        self.set_font("DejaVu", size=10)

    def image_png(self, png: bytes, width: float = 180) -> None:
        self.image(io.BytesIO(png), w=width)
        self.ln(2)


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


# --- charts ------------------------------------------------------------------------------------

# The pack's charts are the Indikator page's plotly figures (dashboard.indicator_chart), turned
# into PNG by kaleido, which drives a headless Chromium. It renders with Debian's chromium
# package (the one the browser tests use) and never downloads a browser itself.
CHROMIUM = Path("/usr/bin/chromium")
NO_BROWSER = "Mødematerialet kræver Chromium til graferne: installér Debian-pakken chromium"
# Layout pixels of a chart: 800 px across the PDF's 180 mm text width make the figure's 16 px
# text about 10 pt on paper, like the body text; scale 2 gives about 230 dpi for print.
CHART_WIDTH, CHART_HEIGHT, CHART_SCALE = 800, 480, 2.0
CHART_WIDTH_MM = 180.0


def chart_browser() -> str:
    """The browser kaleido renders with: $BROWSER_PATH when set, else Debian's chromium.

    The path is handed to kaleido explicitly rather than left to choreographer's search, which
    would prefer a browser downloaded by `kaleido_get_chrome`/`plotly_get_chrome` into its own
    data directory over both $BROWSER_PATH and PATH.
    """
    configured = os.environ.get("BROWSER_PATH")
    path = Path(configured) if configured else CHROMIUM
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    detail = f" (BROWSER_PATH={configured} findes ikke)" if configured else ""
    raise ReportError(f"{NO_BROWSER}{detail}.")


def _para_height(pdf: FPDF, text: str, size: int, style: str = "") -> float:
    """The height `_Pdf.para` will take for `text` (mm), without drawing it."""
    pdf.set_font("DejaVu", style, size)
    height = pdf.multi_cell(0, size * 0.5, text, dry_run=True, output="HEIGHT")
    pdf.set_font("DejaVu", size=10)
    return float(height)


def figures_png(
    figures: Sequence[go.Figure],
    *,
    width: int = CHART_WIDTH,
    height: int = CHART_HEIGHT,
    scale: float = CHART_SCALE,
) -> list[bytes]:
    """PNG bytes of plotly figures, exported by kaleido with one Chromium start for them all.

    `figure.to_image` starts a browser per figure (about 2 s each); a `kaleido.Kaleido` session
    starts one (about 1.5 s) and then takes about 0.2 s per chart. Chromium runs without its
    sandbox (choreographer's default, `--no-sandbox`), so this also works as root in a
    container. MathJax is off: the charts use no LaTeX, and kaleido would otherwise fetch it
    from a CDN.
    """
    if not figures:
        return []
    browser = chart_browser()
    opts = {"format": "png", "width": width, "height": height, "scale": scale}

    async def render() -> list[bytes]:
        async with kaleido.Kaleido(path=browser, mathjax=False, timeout=60) as k:
            return [await k.calc_fig(figure, opts=opts) for figure in figures]

    # A private event loop in a worker thread: callers (Streamlit, pytest) may run their own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, render()).result()
        except ChromeNotFoundError as exc:
            raise ReportError(f"{NO_BROWSER}.") from exc
        except BrowserFailedError as exc:
            # choreographer's own text suggests downloading a browser; this project never does
            raise ReportError(
                f"Chromium ({browser}) kunne ikke starte, så graferne kan ikke tegnes."
            ) from exc


# --- the meeting pack --------------------------------------------------------------------------


def _plan_row(conn: duckdb.DuckDBPyConnection, plan_id: str) -> pd.Series:
    plans = run_query(conn, "plans")
    found = plans[plans["plan_id"] == plan_id]
    if found.empty:
        known = ", ".join(plans["plan_id"])
        raise ReportError(f"Ukendt plan {plan_id!r}. Kendte planer: {known}")
    return found.iloc[0]


def presented_for(
    conn: duckdb.DuckDBPyConnection, plan_id: str, meeting_date: dt.date
) -> tuple[list[followup.FollowupVersion], meetings.Meeting | None]:
    """The follow-ups for a meeting: those recorded as presented at a meeting of that date,
    else the newest submitted version per goal (of the newest follow-up year) made by then."""
    on_day = [m for m in meetings.meetings(conn, plan_id) if m.meeting_date == meeting_date]
    if on_day and on_day[-1].presented:
        meeting = on_day[-1]
        return [followup.get_version(conn, v) for v in meeting.presented], meeting
    allv = followup.versions(conn, plan_id)
    if allv.empty:
        return [], on_day[-1] if on_day else None
    end = pd.Timestamp(meeting_date + dt.timedelta(days=1)).tz_localize(TZ)
    allv = allv[(allv["state"] == "submitted") & (allv["created_at"] < end)]
    if allv.empty:
        return [], on_day[-1] if on_day else None
    allv = allv[allv["year"] == allv["year"].max()]
    newest = allv.sort_values("version_no").groupby("goal_id").tail(1)
    chosen = [followup.get_version(conn, int(v)) for v in newest["version_id"]]
    return chosen, on_day[-1] if on_day else None


def meeting_pack_pdf(
    conn: duckdb.DuckDBPyConnection,
    user: User | None,
    plan_id: str,
    meeting_date: dt.date | str,
) -> bytes:
    """The meeting pack for a plan and a date: overview, one chart per indicator, follow-ups."""
    from monitor import dashboard, plan_overview
    from monitor.overview import overview

    require(user, "meeting_pack")
    if isinstance(meeting_date, str):
        try:
            meeting_date = dt.date.fromisoformat(meeting_date)
        except ValueError as exc:
            raise ReportError(f"Ugyldig dato {meeting_date!r}: skriv ÅÅÅÅ-MM-DD.") from exc
    plan = _plan_row(conn, plan_id)
    series = run_query(conn, "plan_series", plan_id=plan_id)
    series = series[series["year"] <= meeting_date.year]
    # with the boligområder of a goal followed for the whole plan (as the Overblik)
    gis = plan_overview.goal_indicators(
        lambda name, **params: run_query(conn, name, **params), plan_id
    )
    baselines = run_query(conn, "plan_baselines_detail", plan_id=plan_id)
    targets = run_query(conn, "plan_targets", plan_id=plan_id)
    year = dashboard.default_year(series, meeting_date.year - 1)
    table = overview(
        gis,
        baselines,
        targets,
        series,
        int(year),
        plan_start_year=pd.Timestamp(plan["period_start"]).year,
        kommune_code=str(plan["kommune_code"]),
    )
    display = dashboard.overview_display(table)
    presented, meeting = presented_for(conn, plan_id, meeting_date)

    pdf = _Pdf(f"Mødemateriale {plan['name']} {date_text(meeting_date)}")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading(f"Mødemateriale – bestyrelsesmøde {date_text(meeting_date)}", 16)
    pdf.para(str(plan["name"]), 12, "B")
    pdf.para(
        f"Planperiode {date_text(plan['period_start'])} – {date_text(plan['period_end'])}. "
        f"Tallene er opgjort for {year} (nyeste hele år til og med mødeåret). "
        f"Dannet {when_text(audit.now())} af {user.username if user else ''}."
    )
    if meeting is not None:
        pdf.para(f"Registreret møde: deltagere {', '.join(meeting.participants)}.", 9, "I")
    seq, head = audit.head(conn)
    pdf.para("Revisionssporets hoved ved dannelsen (post:hash):", 7, "B")
    pdf.para(f"{seq}:{head}", 7)
    pdf.ln(2)
    pdf.heading("Overblik", 13)
    rows = []
    for r in display.to_dict("records"):
        comp = r.get("Sammenligning") or ""
        comp_latest = r.get("Sammenligning seneste", "–")
        rows.append(
            [
                f"{r['Indikator']}\n({r['Mål']})",
                r["Baseline"],
                r["Seneste"],
                f"{comp}: {comp_latest}" if comp else comp_latest,
                r["Ændring"],
                r["Status"],
            ]
        )
    if rows:
        pdf.table(
            ["Indikator (mål)", "Baseline", "Seneste", "Sammenligning", "Ændring", "Status"],
            rows,
            [54, 22, 22, 34, 27, 21],
            size=7,
        )
    else:
        pdf.para("Planen har ingen mål med indikatorer.")

    pdf.add_page()
    pdf.heading("Udviklingen pr. indikator", 13)
    # Each indicator's chart is the Indikator page's figure (with the data up to the meeting
    # year), its notes numbered on the chart and listed under it.
    kommune_plans = run_query(conn, "plans_in_kommune", kommune_code=str(plan["kommune_code"]))
    periods = run_query(conn, "plan_chart_periods", plan_id=plan_id)
    charts = []
    for gi in gis[gis["indicator_code"].notna()].to_dict("records"):
        meta = dashboard.IndicatorMeta(
            gi["indicator_code"],
            gi["indicator_name"],
            gi["unit"],
            gi["direction"],
            gi["source_kind"],
            gi["geo_code"],
        )
        chart = dashboard.chart_frame(series, meta, periods)
        points = dashboard.note_points(
            chart, meta, notes.notes(conn, meta.code, meta.geo_code, plan_id)
        )
        figure = None
        if not chart.empty:
            figure = dashboard.indicator_chart(
                chart, meta, baselines, targets, kommune_plans, goal_id=gi["goal_id"], notes=points
            )
        charts.append((gi, points, figure))
    pngs = iter(figures_png([figure for _, _, figure in charts if figure is not None]))
    image_mm = CHART_WIDTH_MM * CHART_HEIGHT / CHART_WIDTH
    for gi, points, figure in charts:
        title = f"{gi['indicator_name']} – {gi['geo_name']}"
        caption = (
            f"{dashboard.DIRECTION_LABELS.get(gi['direction'], '')} · "
            f"{'Mål' if gi['kind'] == 'maal' else 'Delmål'}: {gi['title']}"
        )
        # heading, caption and chart on one page
        needed = _para_height(pdf, title, 11, "B") + _para_height(pdf, caption, 8, "I")
        if pdf.will_page_break(needed + (image_mm + 2 if figure is not None else 5)):
            pdf.add_page()
        pdf.para(title, 11, "B")
        pdf.para(caption, 8, "I")
        if figure is None:
            pdf.para("Der er endnu ingen tal for denne indikator.", 9)
        else:
            pdf.image_png(next(pngs), width=CHART_WIDTH_MM)
        for line in points["text"]:
            pdf.para(line, 8)
        pdf.ln(3)

    pdf.add_page()
    pdf.heading("Opfølgninger", 13)
    if not presented:
        pdf.para("Der er ingen indsendte opfølgninger at fremlægge.")
    goals = gis.drop_duplicates("goal_id").set_index("goal_id")
    for v in presented:
        title = goals["title"].get(v.goal_id, v.goal_id) if not goals.empty else v.goal_id
        pdf.heading(f"{title}", 11)
        pdf.para(
            f"Opfølgning {v.year}, version {v.version_no} ({STATE_DA[v.state]}) af {v.author} "
            f"{when_text(v.created_at)}. Status: {v.status or '–'}.",
            8,
            "I",
        )
        pdf.para("Historien bag tallene", 10, "B")
        pdf.markdown(v.story_md)
        pdf.para("Næste skridt", 10, "B")
        pdf.markdown(v.next_steps)
        pdf.ln(2)
    return bytes(pdf.output())


# --- the revision documentation --------------------------------------------------------------


def revision_content(conn: duckdb.DuckDBPyConnection, plan_id: str, year: int) -> dict[str, Any]:
    """The documented data for a plan's follow-up in `year`, as one JSON value."""
    plan = _plan_row(conn, plan_id)
    year = int(year)
    allv = followup.versions(conn, plan_id, year)
    gis = run_query(conn, "plan_goal_indicators", plan_id=plan_id)
    goals_frame = gis.drop_duplicates("goal_id")
    ids = [int(v) for v in allv["version_id"]] if not allv.empty else []
    presenting = (
        run_query(conn, "meeting_presenting", followup_version_ids=ids)
        if ids
        else pd.DataFrame(columns=["version_id", "meeting_id"])
    )
    all_meetings = meetings.meetings(conn, plan_id, history=True)
    meeting_ids = set(presenting["meeting_id"].astype(int)) | {
        m.meeting_id for m in all_meetings if m.meeting_date.year == year
    }
    shown_meetings = [m for m in all_meetings if m.meeting_id in meeting_ids]
    presented_at: dict[int, list[int]] = {}
    for m in shown_meetings:
        for v in m.presented:
            presented_at.setdefault(v, []).append(m.version_id)

    batches: dict[int, dict[str, Any]] = {}
    goals = []
    for g in goals_frame.to_dict("records"):
        own = allv[allv["goal_id"] == g["goal_id"]] if not allv.empty else allv
        version_rows, snapshots = [], []
        for v in own.to_dict("records"):
            vid = int(v["version_id"])
            version_rows.append(
                {
                    "version_id": vid,
                    "version_no": int(v["version_no"]),
                    "state": v["state"],
                    "status": None if _missing(v["status"]) else v["status"],
                    "story_md": v["story_md"],
                    "next_steps": v["next_steps"],
                    "author": v["author"],
                    "created_at": pd.Timestamp(v["created_at"]).to_pydatetime(),
                    "replaces": None if _missing(v["replaces"]) else int(v["replaces"]),
                    "corrects": None if _missing(v["corrects"]) else int(v["corrects"]),
                    "snapshot_sha256": None
                    if _missing(v["snapshot_sha256"])
                    else v["snapshot_sha256"],
                    "presented_at_meeting_versions": sorted(presented_at.get(vid, [])),
                    "reason": None if _missing(v.get("reason")) else v["reason"],
                    "after_approval": bool(v.get("after_approval")),
                    "approved_on": None
                    if _missing(v.get("approved_on"))
                    else pd.Timestamp(v["approved_on"]).date(),
                }
            )
            if v["state"] == "submitted":
                snap = followup.snapshot(conn, vid) or {}
                for b in snap.get("batches", []):
                    batches[int(b["batch_id"])] = b
                snapshots.append(
                    {
                        "version_id": vid,
                        "sha256": v["snapshot_sha256"],
                        "intact": followup.snapshot_intact(conn, vid),
                        "indicators": snap.get("indicators", []),
                        "series": snap.get("series", []),
                        "batch_ids": sorted(int(b["batch_id"]) for b in snap.get("batches", [])),
                    }
                )
        # The goal's figures as of the year, also (and above all) where nobody followed it up:
        # a missing follow-up is seen next to the numbers it should have discussed.
        year_end = followup.build_snapshot(conn, plan_id, g["goal_id"], year)
        goals.append(
            {
                "goal_id": g["goal_id"],
                "kind": g["kind"],
                "indsatsomraade": g["indsatsomraade"],
                "title": g["title"],
                "figures_for_year": [
                    {
                        "indicator_code": ind["indicator_code"],
                        "indicator_name": ind["indicator_name"],
                        "unit": ind["unit"],
                        "geo_name": ind["geo_name"],
                        "overview": ind.get("overview"),
                    }
                    for ind in year_end["indicators"]
                ],
                "followed_up": any(r["state"] == "submitted" for r in version_rows),
                "versions": version_rows,
                "snapshots": snapshots,
            }
        )
    live = run_query(conn, "batch_lineage")
    live_sha = dict(zip(live["batch_id"].astype(int), live["sha256"], strict=True))
    batch_rows = [
        {**b, "still_in_database": live_sha.get(int(b["batch_id"])) == b["sha256"]}
        for _, b in sorted(batches.items())
    ]
    checked = audit.verify_summary(conn, key=config.audit_key())
    faults = checked.faults
    head_seq, head_hash = checked.head
    plan_notes = _plan_notes(conn, plan_id, gis)
    return json.loads(
        audit.canonical_json(
            {
                "document": "Dokumentation af opfølgning til revisionen",
                "format_version": 1,
                "plan": {
                    "plan_id": plan_id,
                    "name": plan["name"],
                    "kommune_code": plan["kommune_code"],
                    "period_start": pd.Timestamp(plan["period_start"]).date(),
                    "period_end": pd.Timestamp(plan["period_end"]).date(),
                },
                "year": year,
                "plan_versions": _plan_versions(conn, plan_id, year),
                "goals": goals,
                "meetings": [
                    {
                        "meeting_id": m.meeting_id,
                        "version_id": m.version_id,
                        "version_no": m.version_no,
                        "meeting_date": m.meeting_date,
                        "participants": m.participants,
                        "decisions": m.decisions,
                        "presented": m.presented,
                        "approved": list(m.approved),
                        "replaces": m.replaces,
                        "author": m.author,
                        "created_at": m.created_at,
                    }
                    for m in shown_meetings
                ],
                "notes": plan_notes,
                "import_batches": batch_rows,
                "audit_log": {
                    "intact": not faults,
                    "faults": [str(f) for f in faults],
                    "mac_checked": checked.mac_checked,
                    "head": f"{head_seq}:{head_hash}",
                },
            }
        )
    )


def _plan_versions(conn: duckdb.DuckDBPyConnection, plan_id: str, year: int) -> list[dict]:
    """Every version of the plan, the one the year follows marked (issue 9): the revision
    sees which goals and baselines were in force and when they changed."""
    from monitor.plan_overview import version_in_force

    versions = run_query(conn, "plan_versions", plan_id=plan_id)
    chosen = version_in_force(versions, year)
    return [
        {
            "version_no": int(v["version_no"]),
            "in_force_from": pd.Timestamp(v["in_force_from"]).date(),
            "saved_by": v["saved_by"],
            "saved_at": pd.Timestamp(v["saved_at"]).to_pydatetime(),
            "reason": v["reason"],
            "adopted_on": None
            if _missing(v["adopted_on"])
            else pd.Timestamp(v["adopted_on"]).date(),
            "adopted_note": None if _missing(v["adopted_note"]) else v["adopted_note"],
            "sha256": None if _missing(v["sha256"]) else v["sha256"],
            "followed_for_year": chosen is not None
            and int(v["version_no"]) == int(chosen["version_no"]),
        }
        for v in versions.to_dict("records")
    ]


def plan_version_lines(versions: list[dict], year: int) -> list[str]:
    """The revision's words on which plan version the year follows and when the plan changed."""
    lines = []
    for v in versions:
        if v["followed_for_year"]:
            lines.append(
                f"Mål og baselines for {year} er planens version {v['version_no']}, gældende "
                f"fra {date_text(v['in_force_from'])}."
            )
    changes = [
        f"{date_text(v['in_force_from'])} (version {v['version_no']}: {v['reason']}, "
        f"gemt af {v['saved_by']})"
        for v in versions[1:]
    ]
    if changes:
        lines.append("Planen er ændret " + "; ".join(changes) + ".")
    return lines


def _plan_notes(
    conn: duckdb.DuckDBPyConnection, plan_id: str, goal_indicators: pd.DataFrame
) -> list[dict[str, Any]]:
    """The current notes on the plan's data points, every indicator and area."""
    found = []
    pairs = goal_indicators[goal_indicators["indicator_code"].notna()][
        ["indicator_code", "geo_code"]
    ].drop_duplicates()
    for code, geo in pairs.itertuples(index=False):
        for n in notes.notes(conn, code, geo, plan_id).to_dict("records"):
            found.append(
                {
                    "note_id": int(n["note_id"]),
                    "indicator_code": code,
                    "geo_code": geo,
                    "period": n["period"],
                    "text": n["text"],
                    "author": n["author"],
                    "created_at": pd.Timestamp(n["created_at"]).to_pydatetime(),
                }
            )
    return sorted(found, key=lambda n: (n["indicator_code"], n["geo_code"], n["period"]))


def head_text(content: dict[str, Any]) -> str:
    """'Revisionssporets hoved ved dannelsen: 51:00f3…' as printed in every export."""
    return f"Revisionssporets hoved ved dannelsen (post:hash): {content['audit_log']['head']}"


def fingerprint(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the documented content."""
    return audit.sha256_text(audit.canonical_json(content))


def _unit_of(snapshot: dict[str, Any], code: str) -> str:
    for ind in snapshot.get("indicators", []):
        if ind["indicator_code"] == code:
            return ind["unit"]
    return ""


def _figure_table(pdf: _Pdf, indicators: list[dict[str, Any]]) -> None:
    """The Overblik's reading of each indicator: baseline, latest, comparator, change, status."""
    rows = []
    for ind in indicators:
        ov = ind.get("overview") or {}
        unit = ind["unit"]
        comp = ov.get("comparator_name") or ""
        rows.append(
            [
                f"{ind['indicator_name']} ({ind['geo_name']})",
                _reading_text(ov.get("baseline"), unit),
                _reading_text(ov.get("latest"), unit),
                f"{comp}: {_reading_text(ov.get('comparator_latest'), unit)}" if comp else "–",
                _change(ov.get("change"), unit),
                ov.get("status") or "–",
            ]
        )
    if rows:
        pdf.table(
            ["Indikator", "Baseline", "Seneste", "Sammenligning", "Ændring", "Vurdering"],
            rows,
            [52, 22, 22, 34, 27, 23],
            size=7,
        )


def revision_pdf(content: dict[str, Any], digest: str, generated: str) -> bytes:
    """The revision documentation as PDF, with the fingerprint on the first and every page."""
    plan, year = content["plan"], content["year"]
    pdf = _Pdf(
        f"Revisionsdokumentation {plan['plan_id']} {year}",
        footer_note=(
            f"Fingeraftryk (SHA-256): {digest} · spor {content['audit_log']['head'][:20]}…"
        ),
    )
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading(f"Dokumentation af opfølgning {year}", 16)
    pdf.para(plan["name"], 12, "B")
    pdf.para(
        f"Planperiode {date_text(plan['period_start'])} – {date_text(plan['period_end'])}. "
        f"Dannet {generated}."
    )
    pdf.ln(1)
    pdf.para("Fingeraftryk (SHA-256 af dokumentets kanoniske indhold):", 9, "B")
    pdf.para(digest, 9)
    pdf.para(
        "Det kanoniske indhold er dokumentets data som JSON med sorterede nøgler uden "
        "mellemrum (UTF-8); samme data giver altid samme fingeraftryk. Regnearket har samme "
        "fingeraftryk.",
        8,
        "I",
    )
    log = content["audit_log"]
    pdf.para(
        "Revisionssporet er intakt."
        if log["intact"]
        else "ADVARSEL: revisionssporet er ikke intakt: " + " ".join(log["faults"]),
        9,
        "B",
    )
    pdf.para("Revisionssporets hoved ved dannelsen (post:hash):", 9, "B")
    pdf.para(content["audit_log"]["head"], 8)
    pdf.para(
        "Med hovedet kan revisionssporet senere kontrolleres mod dette dokument "
        "(Verificér på siden Revision, eller python -m etl audit verify --head POST:HASH).",
        7,
        "I",
    )
    for line in plan_version_lines(content.get("plan_versions", []), year):
        pdf.para(line, 9)
    done = sum(1 for g in content["goals"] if g["followed_up"])
    pdf.para(f"{done} af {len(content['goals'])} mål og delmål har en indsendt opfølgning.")
    pdf.ln(2)

    for g in content["goals"]:
        kind = "Mål" if g["kind"] == "maal" else "Delmål"
        pdf.heading(f"{kind}: {g['title']}", 11)
        pdf.para(g["indsatsomraade"], 8, "I")
        if not g["followed_up"]:
            pdf.para(
                "INGEN INDSENDT OPFØLGNING FOR ÅRET. Tallene, den skulle have drøftet:", 9, "B"
            )
            _figure_table(pdf, g["figures_for_year"])
        if not g["versions"]:
            continue
        pdf.table(
            ["Version", "Tilstand", "Status", "Forfatter", "Tidspunkt", "Fremlagt", "Godkendt"],
            [
                [
                    f"{v['version_no']} (id {v['version_id']})"
                    + (f", retter {v['corrects']}" if v.get("corrects") else "")
                    + (", efter godkendelse" if v.get("after_approval") else ""),
                    STATE_DA.get(v["state"], v["state"]),
                    v["status"] or "–",
                    v["author"],
                    when_text(v["created_at"]),
                    ", ".join(str(m) for m in v["presented_at_meeting_versions"]) or "–",
                    date_text(v["approved_on"]) if v.get("approved_on") else "–",
                ]
                for v in g["versions"]
            ],
            [30, 16, 26, 24, 32, 26, 26],
            size=7,
        )
        for v in g["versions"]:
            if v.get("reason"):
                pdf.para(f"Begrundelse for version {v['version_no']}: {v['reason']}", 8, "I")
        for snap in g["snapshots"]:
            version = next(v for v in g["versions"] if v["version_id"] == snap["version_id"])
            pdf.para(
                f"Tallene som bestyrelsen så dem (version {version['version_no']}, "
                f"snapshot {snap['sha256'][:16]}…"
                + ("" if snap["intact"] else ", ÆNDRET EFTER INDSENDELSE")
                + ")",
                9,
                "B",
            )
            _figure_table(pdf, snap["indicators"])
            pdf.para(
                f"Importer bag tallene: {', '.join(str(b) for b in snap['batch_ids']) or '–'}",
                8,
            )
            pdf.para("Historien bag tallene", 9, "B")
            pdf.markdown(version["story_md"])
            pdf.para("Næste skridt", 9, "B")
            pdf.markdown(version["next_steps"])
        pdf.ln(2)

    pdf.heading("Bestyrelsesmøder", 12)
    if not content["meetings"]:
        pdf.para("Ingen møder registreret for året.")
    for m in content["meetings"]:
        pdf.para(
            f"Møde {date_text(m['meeting_date'])} (møde {m['meeting_id']}, version "
            f"{m['version_no']}, id {m['version_id']}"
            + (f", retter {m['replaces']}" if m.get("replaces") else "")
            + f"), registreret af {m['author']} {when_text(m['created_at'])}",
            9,
            "B",
        )
        pdf.para(f"Deltagere: {', '.join(m['participants'])}", 9)
        pdf.para(
            "Fremlagte opfølgningsversioner: " + (", ".join(str(v) for v in m["presented"]) or "–"),
            9,
        )
        pdf.para(
            "Godkendte opfølgningsversioner: " + (", ".join(str(v) for v in m["approved"]) or "–"),
            9,
        )
        for d in m["decisions"]:
            pdf.para(f"Beslutning: {d}", 9)
        pdf.ln(1)

    pdf.heading("Noter til datapunkter", 12)
    if not content["notes"]:
        pdf.para("Ingen noter.")
    for n in content["notes"]:
        pdf.para(
            f"{n['indicator_code']} · {n['geo_code']} · {n['period']}: {n['text']} "
            f"({n['author']}, {when_text(n['created_at'])})",
            8,
        )

    pdf.heading("Importer bag tallene", 12)
    if content["import_batches"]:
        pdf.table(
            ["Id", "Fil", "SHA-256", "Indlæst", "Af"],
            [
                [
                    str(b["batch_id"]),
                    b["file_name"],
                    b["sha256"],
                    when_text(b["imported_at"]),
                    b["imported_by"]
                    + ("" if b.get("still_in_database") else " (FINDES IKKE LÆNGERE)"),
                ]
                for b in content["import_batches"]
            ],
            [8, 38, 86, 26, 22],
            size=6,
        )
    else:
        pdf.para("Ingen importer (ingen indsendte opfølgninger med tal).")
    return bytes(pdf.output())


def _xlsx_value(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _append_row(sheet: Any, values: list[Any], bold: bool = False) -> None:
    sheet.append([_xlsx_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        protect_text_cell(cell)
        if isinstance(cell.value, str):
            if "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    _append_row(sheet, header, bold=True)
    for r in rows:
        _append_row(sheet, r)
    for i, name in enumerate(header, start=1):
        width = max([len(name)] + [len(str(r[i - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"


def _overview_row(goal_id: str, version: object, ind: dict[str, Any]) -> list[Any]:
    """One indicator's Overblik reading as a row of the Overblik sheet."""
    ov = ind.get("overview") or {}
    return [
        goal_id,
        version,
        ind["indicator_code"],
        ind["indicator_name"],
        ind["geo_name"],
        (ov.get("baseline") or {}).get("year"),
        (ov.get("baseline") or {}).get("value"),
        (ov.get("latest") or {}).get("year"),
        (ov.get("latest") or {}).get("value"),
        ov.get("comparator_name"),
        (ov.get("comparator_latest") or {}).get("value"),
        ov.get("change"),
        ov.get("status"),
        ind["unit"],
    ]


def revision_xlsx(content: dict[str, Any], digest: str, generated: str) -> bytes:
    """The revision documentation as XLSX: the same content, fingerprint on the first sheet."""
    plan, year = content["plan"], content["year"]
    workbook = Workbook()
    first = workbook.active
    first.title = "Dokumentation"
    info = [
        ["Dokument", content["document"]],
        ["Plan", f"{plan['name']} ({plan['plan_id']})"],
        ["År", year],
        ["Dannet", generated],
        ["Fingeraftryk (SHA-256)", digest],
        [
            "Fingeraftrykkets grundlag",
            "SHA-256 af dokumentets kanoniske indhold: dataene som JSON med sorterede nøgler "
            "uden mellemrum (UTF-8), samme som i PDF'en.",
        ],
        [
            "Revisionsspor",
            "intakt"
            if content["audit_log"]["intact"]
            else "IKKE INTAKT: " + " ".join(content["audit_log"]["faults"]),
        ],
        ["Revisionssporets hoved (post:hash)", content["audit_log"]["head"]],
    ]
    for r in info:
        _append_row(first, r)
    first.column_dimensions["A"].width = 28
    first.column_dimensions["B"].width = 90
    for cell in first["A"]:
        cell.font = Font(bold=True)

    versions, figures, overview_rows = [], [], []
    for g in content["goals"]:
        for v in g["versions"]:
            versions.append(
                [
                    g["goal_id"],
                    g["title"],
                    v["version_id"],
                    v["version_no"],
                    STATE_DA.get(v["state"], v["state"]),
                    v["status"],
                    v["author"],
                    when_text(v["created_at"]),
                    v["replaces"],
                    v["corrects"],
                    v["snapshot_sha256"],
                    v["presented_at_meeting_versions"],
                    date_text(v["approved_on"]) if v.get("approved_on") else None,
                    "ja" if v.get("after_approval") else None,
                    v.get("reason"),
                    v["story_md"],
                    v["next_steps"],
                ]
            )
        if not g["followed_up"]:
            overview_rows += [
                _overview_row(g["goal_id"], "ingen opfølgning", ind)
                for ind in g["figures_for_year"]
            ]
        for snap in g["snapshots"]:
            overview_rows += [
                _overview_row(g["goal_id"], snap["version_id"], ind) for ind in snap["indicators"]
            ]
            for s in snap["series"]:
                figures.append(
                    [
                        g["goal_id"],
                        snap["version_id"],
                        s.get("indicator_code"),
                        _unit_of(snap, s.get("indicator_code")),
                        s.get("geo_code"),
                        s.get("geo_name"),
                        ROLE_DA.get(s.get("role"), s.get("role")),
                        s.get("period"),
                        s.get("value"),
                        s.get("numerator"),
                        s.get("denominator"),
                        bool(s.get("suppressed")),
                        bool(s.get("uncertain")),
                        s.get("batch_id"),
                    ]
                )
    _sheet(
        workbook,
        "Opfølgninger",
        [
            "Mål-id",
            "Mål",
            "Version-id",
            "Version",
            "Tilstand",
            "Status",
            "Forfatter",
            "Tidspunkt",
            "Erstatter",
            "Retter",
            "Snapshot SHA-256",
            "Fremlagt (mødeversioner)",
            "Godkendt",
            "Rettet efter godkendelse",
            "Begrundelse",
            "Historien bag tallene",
            "Næste skridt",
        ],
        versions,
    )
    _sheet(
        workbook,
        "Overblik",
        [
            "Mål-id",
            "Version-id",
            "Indikator-kode",
            "Indikator",
            "Geografi",
            "Baseline år",
            "Baseline",
            "Seneste år",
            "Seneste",
            "Sammenligning",
            "Sammenligning seneste",
            "Ændring",
            "Vurdering",
            "Enhed",
        ],
        overview_rows,
    )
    _sheet(
        workbook,
        "Tal",
        [
            "Mål-id",
            "Version-id",
            "Indikator-kode",
            "Enhed",
            "Geografi-kode",
            "Geografi",
            "Rolle",
            "Periode",
            "Værdi",
            "Tæller",
            "Nævner",
            "Diskretioneret",
            "Usikker",
            "Import-id",
        ],
        figures,
    )
    _sheet(
        workbook,
        "Møder",
        [
            "Møde-id",
            "Version-id",
            "Version",
            "Dato",
            "Deltagere",
            "Fremlagte opfølgningsversioner",
            "Godkendte opfølgningsversioner",
            "Beslutninger",
            "Erstatter",
            "Registreret af",
            "Tidspunkt",
        ],
        [
            [
                m["meeting_id"],
                m["version_id"],
                m["version_no"],
                date_text(m["meeting_date"]),
                m["participants"],
                m["presented"],
                m["approved"],
                "\n".join(m["decisions"]),
                m["replaces"],
                m["author"],
                when_text(m["created_at"]),
            ]
            for m in content["meetings"]
        ],
    )
    _sheet(
        workbook,
        "Noter",
        ["Note-id", "Indikator-kode", "Geografi-kode", "Periode", "Tekst", "Af", "Tidspunkt"],
        [
            [
                n["note_id"],
                n["indicator_code"],
                n["geo_code"],
                n["period"],
                n["text"],
                n["author"],
                when_text(n["created_at"]),
            ]
            for n in content["notes"]
        ],
    )
    _sheet(
        workbook,
        "Importer",
        ["Import-id", "Fil", "SHA-256", "Type", "Indlæst", "Indlæst af", "Findes i databasen"],
        [
            [
                b["batch_id"],
                b["file_name"],
                b["sha256"],
                b.get("kind"),
                when_text(b["imported_at"]),
                b["imported_by"],
                "ja" if b.get("still_in_database") else "nej",
            ]
            for b in content["import_batches"]
        ],
    )
    buffer = io.BytesIO()
    workbook.properties.creator = "Boligsocial Monitor"
    workbook.properties.description = f"Fingeraftryk (SHA-256): {digest}"
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RevisionExport:
    """The revision documentation in its three forms, with the shared fingerprint."""

    plan_id: str
    year: int
    content: dict[str, Any]
    canonical: str
    fingerprint: str
    generated: str
    pdf: bytes
    xlsx: bytes

    @property
    def stem(self) -> str:
        return f"revision-{self.plan_id}-{self.year}"


def export_revision(
    conn: duckdb.DuckDBPyConnection, user: User | None, plan_id: str, year: int
) -> RevisionExport:
    """Make the revision documentation (revisor or redaktør)."""
    user = require(user, "export")
    content = revision_content(conn, plan_id, year)
    canonical = audit.canonical_json(content)
    digest = audit.sha256_text(canonical)
    generated = f"{when_text(audit.now())} af {user.username} ({user.role})"
    return RevisionExport(
        plan_id=plan_id,
        year=int(year),
        content=content,
        canonical=canonical,
        fingerprint=digest,
        generated=generated,
        pdf=revision_pdf(content, digest, generated),
        xlsx=revision_xlsx(content, digest, generated),
    )


def write_revision(export: RevisionExport, out_dir: str | Path) -> list[Path]:
    """Write PDF, XLSX and the canonical JSON (whose sha256sum is the fingerprint)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [
        out / f"{export.stem}.pdf",
        out / f"{export.stem}.xlsx",
        out / f"{export.stem}.json",
    ]
    paths[0].write_bytes(export.pdf)
    paths[1].write_bytes(export.xlsx)
    paths[2].write_bytes(export.canonical.encode("utf-8"))
    return paths


def xlsx_has_formulas(data: bytes) -> bool:
    """Whether any worksheet of an .xlsx holds a formula (<f> element): for tests and checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                if "<f>" in xml or "<f " in xml:
                    return True
    return False
