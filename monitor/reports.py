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

import datetime as dt
import io
import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import matplotlib
import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from monitor import audit, followup, meetings, notes
from monitor.auth import User, require
from monitor.db import run_query
from monitor.export import protect_text_cell

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)
from matplotlib.ticker import FuncFormatter  # noqa: E402

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


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


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

CHART_STYLE = {
    # role -> (colour, marker, linestyle): Okabe-Ito, never colour alone
    "omraade": ("#0072B2", "o", "-"),
    "kommune": ("#E69F00", "s", "--"),
    "almene_kommune": ("#009E73", "D", ":"),
    "landsplan": ("#555555", "^", "-."),
    "sammenligning": ("#CC79A7", "x", (0, (5, 1))),
}


def chart_png(
    series: pd.DataFrame,
    *,
    title: str,
    unit: str,
    area_code: str,
    comparator_code: str | None,
    baseline: tuple[int, float] | None = None,
    target: float | None = None,
    note_years: list[tuple[int, int]] | None = None,
) -> bytes:
    """A line chart of the area and its comparator as PNG bytes (matplotlib, no display)."""
    from monitor.fmt import fmt_number

    fig, ax = plt.subplots(figsize=(7.2, 2.6), dpi=130)
    try:
        drawn = False
        for code, role in ((area_code, "omraade"), (comparator_code, None)):
            if code is None:
                continue
            rows = series[series["geo_code"] == code]
            if "suppressed" in rows:
                rows = rows[~rows["suppressed"].fillna(False).astype(bool)]
            rows = rows[rows["value"].notna()]
            rows = rows[rows["period"].astype(str).str.fullmatch(r"\d{4}")].sort_values("year")
            if rows.empty:
                continue
            r = role or str(rows["role"].iloc[0])
            colour, marker, style = CHART_STYLE.get(r, CHART_STYLE["sammenligning"])
            label = str(rows["geo_name"].iloc[0])
            ax.plot(
                rows["year"].astype(int),
                rows["value"].astype(float),
                color=colour,
                marker=marker,
                linestyle=style,
                label=label,
                linewidth=1.6,
                markersize=4,
            )
            drawn = True
        if baseline is not None:
            ax.plot(
                [baseline[0]],
                [baseline[1]],
                marker="*",
                markersize=11,
                color="#000000",
                linestyle="none",
                label=f"Baseline {baseline[0]}",
            )
            drawn = True
        if target is not None:
            ax.axhline(target, color="#D55E00", linestyle=":", linewidth=1.2, label="Målsætning")
        for year, number in note_years or []:
            ax.axvline(year, color="#999999", linewidth=0.8, linestyle="--")
            ax.annotate(
                str(number),
                (year, 1.0),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=7,
                color="#333333",
            )
        ax.set_title(title, fontsize=9, loc="left")
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _p: fmt_number(v, 0 if abs(v) >= 10 else 1))
        )
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(labelsize=7)
        ax.set_ylabel("%" if unit == "andel" else unit, fontsize=7)
        ax.grid(True, linewidth=0.3, color="#dddddd")
        if drawn:
            ax.legend(fontsize=6, loc="best", frameon=False)
        else:
            ax.text(0.5, 0.5, "Ingen tal endnu", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)


# --- the meeting pack --------------------------------------------------------------------------


def _plan_row(conn: duckdb.DuckDBPyConnection, plan_id: str) -> pd.Series:
    plans = run_query(conn, "plans")
    found = plans[plans["plan_id"] == plan_id]
    if found.empty:
        known = ", ".join(plans["plan_id"])
        raise ReportError(f"Ukendt plan {plan_id!r}. Kendte planer: {known}")
    return found.iloc[0]


def _comparator_code(
    baselines: pd.DataFrame, goal_id: str, indicator: str, area: str, source_kind: str, kommune: str
) -> str | None:
    own = baselines[
        (baselines["goal_id"] == goal_id)
        & (baselines["indicator_code"] == indicator)
        & (baselines["area_code"] == area)
    ]
    for role in ("kommune", "sammenligning"):
        hit = own[own["role"] == role]
        if not hit.empty:
            return str(hit["geo_code"].iloc[0])
    return kommune if source_kind == "lbf" else None


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
    from monitor import dashboard
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
    gis = run_query(conn, "plan_goal_indicators", plan_id=plan_id)
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
    for gi in gis[gis["indicator_code"].notna()].to_dict("records"):
        own = series[series["indicator_code"] == gi["indicator_code"]]
        comp = _comparator_code(
            baselines,
            gi["goal_id"],
            gi["indicator_code"],
            gi["geo_code"],
            gi["source_kind"],
            str(plan["kommune_code"]),
        )
        base = baselines[
            (baselines["goal_id"] == gi["goal_id"])
            & (baselines["indicator_code"] == gi["indicator_code"])
            & (baselines["area_code"] == gi["geo_code"])
            & (baselines["role"] == "omraade")
        ]
        baseline = None
        if (
            not base.empty
            and not _missing(base["value"].iloc[0])
            and not _missing(base["year"].iloc[0])
        ):
            baseline = (int(base["year"].iloc[0]), float(base["value"].iloc[0]))
        tgt = targets[
            (targets["goal_id"] == gi["goal_id"])
            & (targets["indicator_code"] == gi["indicator_code"])
            & targets["threshold"].notna()
        ]
        found_notes = notes.notes(conn, gi["indicator_code"], gi["geo_code"], plan_id)
        found_notes = found_notes[found_notes["year"].notna()]
        numbered = list(enumerate(found_notes.to_dict("records"), start=1))
        png = chart_png(
            own,
            title=f"{gi['indicator_name']} – {gi['geo_name']}",
            unit=gi["unit"],
            area_code=gi["geo_code"],
            comparator_code=comp,
            baseline=baseline,
            target=None if tgt.empty else float(tgt["threshold"].iloc[0]),
            note_years=[(int(n["year"]), i) for i, n in numbered],
        )
        if pdf.get_y() > 200:
            pdf.add_page()
        pdf.image_png(png)
        for i, n in numbered:
            pdf.para(f"{i}) {n['period']}: {n['text']} ({n['author']})", 8)
        pdf.ln(2)

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
        goals.append(
            {
                "goal_id": g["goal_id"],
                "kind": g["kind"],
                "indsatsomraade": g["indsatsomraade"],
                "title": g["title"],
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
    faults = audit.verify(conn)
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
                        "replaces": m.replaces,
                        "author": m.author,
                        "created_at": m.created_at,
                    }
                    for m in shown_meetings
                ],
                "import_batches": batch_rows,
                "audit_log": {"intact": not faults, "faults": [str(f) for f in faults]},
            }
        )
    )


def fingerprint(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the documented content."""
    return audit.sha256_text(audit.canonical_json(content))


def _unit_of(snapshot: dict[str, Any], code: str) -> str:
    for ind in snapshot.get("indicators", []):
        if ind["indicator_code"] == code:
            return ind["unit"]
    return ""


def revision_pdf(content: dict[str, Any], digest: str, generated: str) -> bytes:
    """The revision documentation as PDF, with the fingerprint on the first and every page."""
    plan, year = content["plan"], content["year"]
    pdf = _Pdf(
        f"Revisionsdokumentation {plan['plan_id']} {year}",
        footer_note=f"Fingeraftryk (SHA-256): {digest}",
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
    done = sum(1 for g in content["goals"] if g["followed_up"])
    pdf.para(f"{done} af {len(content['goals'])} mål og delmål har en indsendt opfølgning.")
    pdf.ln(2)

    for g in content["goals"]:
        kind = "Mål" if g["kind"] == "maal" else "Delmål"
        pdf.heading(f"{kind}: {g['title']}", 11)
        pdf.para(g["indsatsomraade"], 8, "I")
        if not g["versions"]:
            pdf.para("Ingen opfølgning for året.", 9)
            continue
        pdf.table(
            ["Version", "Tilstand", "Status", "Forfatter", "Tidspunkt", "Fremlagt (møde)"],
            [
                [
                    f"{v['version_no']} (id {v['version_id']})"
                    + (f", retter {v['corrects']}" if v.get("corrects") else ""),
                    STATE_DA.get(v["state"], v["state"]),
                    v["status"] or "–",
                    v["author"],
                    when_text(v["created_at"]),
                    ", ".join(str(m) for m in v["presented_at_meeting_versions"]) or "–",
                ]
                for v in g["versions"]
            ],
            [26, 18, 30, 30, 36, 40],
            size=7,
        )
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
            rows = []
            for ind in snap["indicators"]:
                ov = ind.get("overview") or {}
                unit = ind["unit"]
                comp = ov.get("comparator_name") or ""
                rows.append(
                    [
                        f"{ind['indicator_name']} ({ind['geo_name']})",
                        _reading_text(ov.get("baseline"), unit),
                        _reading_text(ov.get("latest"), unit),
                        f"{comp}: {_reading_text(ov.get('comparator_latest'), unit)}"
                        if comp
                        else "–",
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
        for d in m["decisions"]:
            pdf.para(f"Beslutning: {d}", 9)
        pdf.ln(1)

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
                    v["story_md"],
                    v["next_steps"],
                ]
            )
        for snap in g["snapshots"]:
            for ind in snap["indicators"]:
                ov = ind.get("overview") or {}
                unit = ind["unit"]
                overview_rows.append(
                    [
                        g["goal_id"],
                        snap["version_id"],
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
                        unit,
                    ]
                )
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
