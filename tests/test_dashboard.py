"""The dashboard's plain functions, on literal frames."""

from __future__ import annotations

import pandas as pd
import pytest

from monitor import dashboard


def series_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
            "indicator_code",
            "geo_code",
            "geo_name",
            "role",
            "period",
            "year",
            "value",
            "numerator",
            "denominator",
            "suppressed",
            "suppressed_below",
            "uncertain",
            "partial",
            "incomplete",
            "survey",
            "note",
            "batch_id",
        ],
    )


def row(code, geo, role, year, value, num=None, den=None, suppressed=False, batch=1, **kw):
    return (
        code,
        geo,
        geo.title(),
        role,
        str(year),
        year,
        value,
        num,
        den,
        suppressed,
        kw.get("below"),
        kw.get("uncertain", False),
        kw.get("partial", False),
        False,
        kw.get("survey"),
        None,
        batch,
    )


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        ("2021-11-01", [2019, 2023], list(range(2020, 2024))),
        ("2025-01-01", [], [2024]),
        ("2025-01-01", [2020, 2022], [2024]),
    ],
)
def test_plan_years(start: str, years: list[int], expected: list[int]) -> None:
    series = pd.DataFrame({"year": years})
    assert dashboard.plan_years(pd.Timestamp(start), series) == expected


def test_default_year_skips_partial_years() -> None:
    series = pd.DataFrame(
        {"year": [2023, 2024, 2025], "value": [1.0, 2.0, 3.0], "partial": [False, False, True]}
    )
    assert dashboard.default_year(series, 2020) == 2024


@pytest.mark.parametrize(
    ("values", "drawn"),
    [([1.0, 2.0, 3.0], True), ([1.0], False), ([None, 2.0, None], False), ([1.0, None, 2.0], True)],
)
def test_sparkline_needs_two_points(values: list, drawn: bool) -> None:
    assert (dashboard.sparkline_svg(values) != "") is drawn


def test_filter_by_area_includes_its_afdelinger() -> None:
    gi = pd.DataFrame(
        {
            "indsatsomraade": ["Beskæftigelse", "Kriminalitetsforebyggelse", "Beskæftigelse"],
            "geo_code": ["Ringparken", "SAB-4", "Motalavej"],
        }
    )
    members = pd.DataFrame({"area_code": ["Ringparken"], "member_code": ["SAB-4"]})
    shown = dashboard.filter_goal_indicators(
        gi, indsatsomraade=None, area="Ringparken", members=members
    )
    assert list(shown["geo_code"]) == ["Ringparken", "SAB-4"]
    shown = dashboard.filter_goal_indicators(
        gi, indsatsomraade="Beskæftigelse", area=None, members=members
    )
    assert list(shown["geo_code"]) == ["Ringparken", "Motalavej"]


def test_chart_frame_labels_partial_years_and_finds_no_false_break() -> None:
    """Udsættelser as in the demo: yearly counts from AAB (its source in `survey`), and 2025
    summed from K1-K3, which names no source of its own."""
    series = series_frame(
        [
            row("u", "AAB-55", "omraade", 2023, 4.0, survey="Boligforeningen AAB"),
            row("u", "AAB-55", "omraade", 2024, 3.0, survey="Boligforeningen AAB", uncertain=True),
            row("u", "AAB-55", "omraade", 2025, 0.0, partial=True),
        ]
    )
    periods = pd.DataFrame(
        {
            "indicator_code": ["u"] * 3,
            "geo_code": ["AAB-55"] * 3,
            "year": [2023, 2024, 2025],
            "covered_type": [None, None, "quarter"],
            "covered": [None, None, [1, 2, 3]],
            "survey": [None, None, "Boligforeningen AAB"],
            "afdelinger": ["AAB-55"] * 3,
        }
    )
    meta = dashboard.IndicatorMeta("u", "Udsættelser", "antal", "lower", "lokal", "AAB-55")
    chart = dashboard.chart_frame(series, meta, periods)
    assert chart["partial"].tolist() == [False, False, True]
    assert [c if isinstance(c, str) else None for c in chart["covers"]] == [None, None, "K1–K3"]
    assert chart["survey"].tolist() == ["Boligforeningen AAB"] * 3
    assert chart["break_before"].isna().all()
    assert pd.isna(chart.loc[2, "low"]) and not pd.isna(chart.loc[1, "low"])
    remarks = dashboard.chart_remarks(chart, "antal")
    assert remarks == [
        "Aab-55 2025 er kun opgjort for K1–K3 (0 indtil videre): vist som delvist år over "
        "grafen, ikke som et helt års tal."
    ]
    table = dashboard.figures_table(chart, pd.DataFrame(), "antal", "AAB")
    assert table.loc[2, "Markering"] == "delvist år (K1–K3)"
    assert table.loc[1, "Markering"] == "usikker"
    # without the periods query: still partial, labelled as such, still no break
    plain = dashboard.chart_frame(series, meta)
    assert [c if isinstance(c, str) else None for c in plain["covers"]] == [
        None,
        None,
        "delvist år",
    ]
    assert plain["break_before"].isna().all()
    # a note on the partial year is not put at 0 on the value axis
    notes = pd.DataFrame(
        {"year": [2024, 2025], "period": ["2024", "2025-K2"], "text": ["a", "b"],
         "author": ["x", "y"]}
    )  # fmt: skip
    points = dashboard.note_points(chart, meta, notes)
    assert points["y"].tolist()[0] == 3.0 and pd.isna(points["y"].tolist()[1])


def test_chart_frame_marks_a_break_in_the_afdelinger_behind_an_area() -> None:
    series = series_frame(
        [row("x", "omr", "omraade", y, 50.0, 50, 100) for y in (2019, 2020, 2021)]
        + [row("x", "330", "kommune", y, 55.0, 550, 1000) for y in (2019, 2020, 2021)]
    )
    periods = pd.DataFrame(
        {
            "indicator_code": ["x"] * 3,
            "geo_code": ["omr"] * 3,
            "year": [2019, 2020, 2021],
            "covered_type": [None] * 3,
            "covered": [None] * 3,
            "survey": [None] * 3,
            "afdelinger": ["A-1, A-2", "A-1", "A-1, A-2"],
        }
    )
    meta = dashboard.IndicatorMeta("x", "X", "andel", "higher", "lbf", "omr")
    chart = dashboard.chart_frame(series, meta, periods)
    assert chart["role"].tolist() == ["omraade"] * 3 + ["kommune"] * 3
    assert (
        chart["break_before"].tolist()
        == [None, "andre afdelinger", "andre afdelinger"] + [None] * 3
    )
    table = dashboard.figures_table(chart, pd.DataFrame(), "andel", None)
    assert table.loc[1, "Markering"] == "brud: andre afdelinger"
    assert "Brud i serien før 2020: andre afdelinger (Omr 2020 i forhold til 2019: uden A-2)." in (
        dashboard.chart_remarks(chart, "andel")
    )


def _gap_inputs():
    series = series_frame(
        [
            row("x", "omr", "omraade", 2019, 24.8, 686, 2766),
            row("x", "183", "kommune", 2019, 16.3, 2303, 14129),
            row("x", "omr", "omraade", 2021, 22.0, 600, 2727),
            row("x", "183", "kommune", 2021, 16.0, 2300, 14375),
            row("t", "omr", "omraade", 2018, 80.0, None, 380, survey="VIVE"),
            row("t", "HHP", "sammenligning", 2018, 73.0, None, 30000, survey="VIVE"),
            row("t", "omr", "omraade", 2021, 78.0, None, 380, survey="VIVE"),
            row("t", "HHP", "sammenligning", 2021, 74.0, None, 30000, survey="VIVE"),
            row("u", "omr", "omraade", 2021, 3.0),
        ]
    )
    gi = pd.DataFrame(
        {
            "goal_id": ["g1", "g1", "g2"],
            "kind": ["maal"] * 3,
            "indsatsomraade": ["Beskæftigelse"] * 3,
            "title": ["Flere i arbejde", "Flere i arbejde", "Færre udsættelser"],
            "indicator_code": ["x", "t", "u"],
            "indicator_name": ["Uden tilknytning", "Tryghed", "Udsættelser"],
            "unit": ["andel", "andel", "antal"],
            "direction": ["lower", "higher", "lower"],
            "source_kind": ["lbf", "tryghed", "lokal"],
            "source": [None] * 3,
            "geo_code": ["omr"] * 3,
            "geo_name": ["Området"] * 3,
        }
    )
    baselines = pd.DataFrame(
        {
            "goal_id": ["g1", "g1", "g1"],
            "indicator_code": ["x", "t", "t"],
            "area_code": ["omr"] * 3,
            "geo_code": ["omr", "omr", "HHP"],
            "geo_name": ["Området", "Området", "Øvrige HHP"],
            "geo_level": ["boligomraade", "boligomraade", "comparator"],
            "role": ["omraade", "omraade", "sammenligning"],
            "value": [24.8, 80.0, 73.0],
            "count": [686, None, None],
            "year": [2019, 2018, 2018],
            "source": [None] * 3,
            "uncertain": [False] * 3,
            "note": [None] * 3,
            "unit": ["andel"] * 3,
        }
    )
    targets = pd.DataFrame(
        columns=["goal_id", "indicator_code", "geo_code", "kind", "threshold", "per", "text"]
    )
    return series, gi, baselines, targets


def test_gap_panels_put_each_indicator_against_its_comparator() -> None:
    series, gi, baselines, targets = _gap_inputs()
    panels, without = dashboard.gap_panels(
        gi, baselines, targets, series, "omr", year=2021, plan_start_year=2021, kommune_code="183"
    )
    assert [p.indicator_code for p in panels] == ["x", "t"]
    assert without == ["Udsættelser"]  # a local count has no comparator
    register, survey = panels
    assert register.comparator_name == "183"  # the plan's kommune, named as in the series
    assert set(register.comparator["geo_code"]) == {"183"}
    assert register.gaps == ((2019, 24.8, 16.3), (2021, 22.0, 16.0))
    assert survey.comparator_name == "Øvrige HHP"  # the baseline's comparator
    assert survey.gaps == ((2018, 80.0, 73.0), (2021, 78.0, 74.0))
    caption = dashboard.gap_caption(register)
    assert caption.startswith(
        "Lavere er bedre · mod 183 · afstand 2019: +8,5\u00a0pct.-point, 2021: +6,0\u00a0pct.-point"
    )
    # no panel divides by the comparator: nothing can spike when a kommune figure is small
    assert all(p.area["value"].max() < 100 for p in panels)


def test_overview_html_escapes_user_text() -> None:
    display = pd.DataFrame(
        [
            {
                "indsatsomraade": "Beskæftigelse",
                "goal_id": "g",
                "kind": "delmaal",
                "Mål": "<script>alert(1)</script>",
                "Indikator": "A & B",
                "Geografi": "",
                "Baseline": "1",
                "Seneste": "2",
                "Sammenligning": "",
                "Sammenligning baseline": "",
                "Sammenligning seneste": "",
                "Ændring": "+1",
                "Afstand til sammenligning": "–",
                "Målsætning": "",
                "Status": "▲ bedre",
                "status": dashboard.Status.BEDRE,
                "sparkline": [],
                "indicator_code": "x",
            }
        ]
    )
    out = dashboard.overview_html(display, "Beskæftigelse")
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "A &amp; B" in out
    assert "Delmål" in out


def test_figures_table_carries_lineage_and_suppression() -> None:
    chart = series_frame(
        [
            row("x", "omr", "omraade", 2019, 88.4, 266, 301, batch=7),
            row("x", "omr", "omraade", 2020, None, suppressed=True, below=5, batch=7),
        ]
    ).assign(low=[84.2, None], high=[91.7, None])
    batches = pd.DataFrame(
        {
            "batch_id": [7],
            "file_name": ["lbf.csv"],
            "sha256": ["ab" * 32],
            "imported_at": [pd.Timestamp("2026-01-02 10:30")],
        }
    )
    table = dashboard.figures_table(chart, batches, "andel", "LBF beboerdata")
    assert table.loc[0, "Værdi"] == "88,4\u00a0%"
    assert table.loc[0, "Tæller"] == "266"
    assert table.loc[0, "Importfil"] == "lbf.csv"
    assert table.loc[1, "Værdi"] == "diskretioneret (<5)"
    export = dashboard.figures_export(
        chart, batches, dashboard.IndicatorMeta("x", "X", "andel", "higher", "lbf", "omr")
    )
    assert export.loc[0, "batch_sha256"] == "ab" * 32
    assert bool(export.loc[1, "suppressed"])


# --- the Overblik's display strings ---------------------------------------------------------


def _overview_table() -> pd.DataFrame:
    from monitor.overview import overview

    goals = pd.DataFrame(
        [
            {
                "goal_id": "g1",
                "kind": "maal",
                "indsatsomraade": "Beskæftigelse",
                "title": "Flere i arbejde",
                "indicator_code": "x",
                "indicator_name": "Andel uden tilknytning",
                "unit": "andel",
                "direction": "lower",
                "source_kind": "lbf",
                "source": "LBF",
                "geo_code": "omr",
                "geo_name": "Omr",
            },
            {
                "goal_id": "g2",
                "kind": "delmaal",
                "indsatsomraade": "Beskæftigelse",
                "title": "Et delmål uden indikator",
                "indicator_code": None,
                "indicator_name": None,
                "unit": None,
                "direction": None,
                "source_kind": None,
                "source": None,
                "geo_code": None,
                "geo_name": None,
            },
        ]
    )
    series = series_frame(
        [
            row("x", "omr", "omraade", 2019, 24.8, 686, 2766),
            row("x", "omr", "omraade", 2025, 27.9, 772, 2767),
        ]
    )
    baselines = pd.DataFrame(
        columns=["goal_id", "indicator_code", "area_code", "geo_code", "geo_name", "role",
                 "value", "count", "year", "source", "uncertain", "unit"]
    )  # fmt: skip
    targets = pd.DataFrame(
        [{"goal_id": "g1", "indicator_code": "x", "geo_code": "omr", "kind": "below",
          "threshold": 25.0, "per": "år", "text": "under 25 %"}]
    )  # fmt: skip
    return overview(
        goals, baselines, targets, series, 2025, plan_start_year=2020, kommune_code="183"
    )


def test_overview_display_has_the_interval_the_target_and_the_explanation() -> None:
    display = dashboard.overview_display(_overview_table())
    shown = display.iloc[0]
    assert shown["Status"] == "▼ dårligere"
    assert shown["Baseline"] == "24,8\u00a0% (2019, fra data)"
    assert shown["Ændring"] == "+3,1\u00a0pct.-point"
    assert shown["Ændring usikkerhed"] == "95 %: +0,8 til +5,4\u00a0pct.-point"
    assert shown["Målsætning"] == "under 25 % – ikke nået i 2025"
    assert shown["Forklaring"].startswith("Andelen gik fra 24,8\u00a0% i 2019 (686 af 2.766")
    empty = display.iloc[1]
    assert empty["Status"] == "– ingen indikator"
    assert empty["Forklaring"] == "Delmålet har endnu ingen indikator, så der er intet at vurdere."
    counts = dashboard.status_counts(display)
    assert counts[dashboard.Status.DAARLIGERE] == 1
    assert counts[dashboard.Status.INGEN_INDIKATOR] == 1
    assert counts[dashboard.Status.FOR_FAA_DATA] == 0


def test_overview_html_puts_the_explanation_beside_the_status() -> None:
    display = dashboard.overview_display(_overview_table())
    display.loc[0, "Forklaring"] = "<b>1 & 2</b>"
    out = dashboard.overview_html(display, "Beskæftigelse")
    assert "<summary>Sådan er status beregnet</summary>&lt;b&gt;1 &amp; 2&lt;/b&gt;" in out
    assert "95 %: +0,8 til +5,4" in out


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        (dashboard.Reading(2019, 88.4), "88,4\u00a0% (2019)"),
        (dashboard.Reading(2024, 3.0, uncertain=True), "3,0\u00a0% (2024, usikker)"),
        (
            dashboard.Reading(2020, 47.6, from_data=True, incomplete=True),
            "47,6\u00a0% (2020, fra data, mangler afdelinger)",
        ),
        (dashboard.Reading(2020, None), "– (2020)"),
        (dashboard.Reading(None, None), "–"),
    ],
)
def test_reading_text(reading, expected: str) -> None:
    assert dashboard.reading_text(reading, "andel") == expected


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected"),
    [
        (0.7775, 5.4163, "andel", "95 %: +0,8 til +5,4\u00a0pct.-point"),
        (-8.4934, 1.8017, "antal", "95 %: \u22128,5 til +1,8"),
        (None, 1.0, "andel", ""),
    ],
)
def test_change_interval_text(low, high, unit: str, expected: str) -> None:
    assert dashboard.change_interval_text(low, high, unit) == expected
