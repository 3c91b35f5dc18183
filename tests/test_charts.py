"""The chart rules on literal frames and on a real database: partial years, breaks in a
series, the value axis, legible text, and the Sammenlign small multiples."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from monitor import charts, dashboard
from monitor.db import run_query

COLUMNS = [
    "indicator_code", "geo_code", "geo_name", "role", "period", "year", "value", "numerator",
    "denominator", "suppressed", "suppressed_below", "uncertain", "partial", "incomplete",
    "survey", "note", "batch_id",
]  # fmt: skip


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows of a plan_series frame from a few keys each (the rest: defaults)."""
    full = []
    for r in rows:
        year = r.get("year", 2020)
        full.append(
            {
                "indicator_code": "x",
                "geo_code": "omr",
                "geo_name": "Området",
                "role": "omraade",
                "period": str(year),
                "year": year,
                "value": 10.0,
                "numerator": None,
                "denominator": None,
                "suppressed": False,
                "suppressed_below": None,
                "uncertain": False,
                "partial": False,
                "incomplete": False,
                "survey": None,
                "note": None,
                "batch_id": 1,
                **r,
            }
        )
    return pd.DataFrame(full, columns=[*COLUMNS, *sorted(set().union(*rows) - set(COLUMNS))])


def traces(fig) -> list[dict]:
    return fig.to_dict()["data"]


# --- partial years -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "covered", "label"),
    [
        ("quarter", [1, 2, 3], "K1–K3"),
        ("quarter", [3, 1], "K1, K3"),
        ("quarter", [1], "K1"),
        ("quarter", [1, 2, 4], "K1–K2, K4"),
        ("month", list(range(1, 10)), "jan.–sep."),
        ("month", [1, 2, 3, 5], "jan.–mar., maj"),
        ("quarter", [], "ingen perioder"),
        (None, None, "delvist år"),
    ],
)
def test_partial_label_names_what_the_year_covers(kind, covered, label) -> None:
    assert charts.partial_label(kind, covered) == label


@pytest.mark.parametrize(
    ("flag", "kind", "covered", "partial"),
    [
        (True, "quarter", [1, 2, 3], True),  # three quarters
        (False, "quarter", [1, 2, 3, 4], False),  # a whole year of quarters
        (False, "quarter", [1, 3, 4], True),  # K2 reported but suppressed: not a full year
        (False, "month", list(range(1, 12)), True),  # eleven months
        (False, "month", list(range(1, 13)), False),
        (True, None, None, True),  # a loaded yearly figure flagged partial stays partial
        (False, None, None, False),
    ],
)
def test_a_year_is_partial_when_a_part_has_no_figure(flag, kind, covered, partial) -> None:
    assert charts.is_partial_year(flag, kind, covered) is partial


# --- breaks ------------------------------------------------------------------------------------


def test_a_new_survey_breaks_a_survey_series() -> None:
    rows = frame(
        [
            {"year": 2018, "survey": "VIVE tryghedsmåling"},
            {"year": 2021, "survey": "VIVE tryghedsmåling"},
            {"year": 2023, "survey": "LBF Tryghedsundersøgelse"},
        ]
    )
    out = charts.mark_breaks(rows, "tryghed")
    assert out["break_before"].tolist() == [None, None, "ny undersøgelse"]
    assert "VIVE tryghedsmåling (2021) → LBF Tryghedsundersøgelse (2023)" in out["break_detail"][2]


def test_local_counts_break_only_on_a_new_source() -> None:
    rows = frame(
        [
            {"year": 2023, "survey": "Boligforeningen AAB"},
            {"year": 2024, "survey": "Boligforeningen AAB"},
            # a year summed from quarters names no source of its own: unknown, not different
            {"year": 2025, "survey": None, "partial": True},
        ]
    )
    assert charts.mark_breaks(rows, "lokal")["break_before"].isna().all()
    rows = frame(
        [
            {"year": 2023, "survey": "Boligforeningen AAB"},
            {"year": 2024, "survey": None},
            {"year": 2025, "survey": "Helhedsplanens egen optælling"},
        ]
    )
    out = charts.mark_breaks(rows, "lokal")
    assert out["break_before"].tolist() == [None, None, "ny kilde"]


def test_a_different_set_of_afdelinger_breaks_an_area_series() -> None:
    rows = frame(
        [
            {"year": 2019, "afdelinger": "FOB-23, FOB-24, FOB-32"},
            {"year": 2020, "afdelinger": "FOB-23, FOB-24"},
            {"year": 2021, "afdelinger": "FOB-23, FOB-24, FOB-32"},
            {"year": 2022, "afdelinger": "FOB-23, FOB-24, FOB-32"},
            # the kommune has no afdelinger: never an afdelinger break
            {"year": 2020, "geo_code": "330", "geo_name": "Slagelse", "role": "kommune"},
            {"year": 2021, "geo_code": "330", "geo_name": "Slagelse", "role": "kommune"},
        ]
    )
    out = charts.mark_breaks(rows, "lbf")
    assert out["break_before"].tolist() == [
        None, "andre afdelinger", "andre afdelinger", None, None, None,
    ]  # fmt: skip
    assert out["break_detail"][1] == "Området 2020 i forhold til 2019: uden FOB-32"
    assert out["break_detail"][2] == "Området 2021 i forhold til 2020: med FOB-32"


def test_without_afdelinger_an_incomplete_area_figure_stands_for_a_new_set() -> None:
    rows = frame(
        [
            {"year": 2019},
            {"year": 2020, "incomplete": True},
            {"year": 2021, "incomplete": True},
            {"year": 2022},
        ]
    )
    out = charts.mark_breaks(rows)
    assert out["break_before"].tolist() == [None, "andre afdelinger", None, "andre afdelinger"]


def test_survey_and_afdelinger_in_one_year_name_both_causes() -> None:
    rows = frame(
        [
            {"year": 2019, "survey": "A", "afdelinger": "X-1, X-2"},
            {"year": 2020, "survey": "B", "afdelinger": "X-1"},
        ]
    )
    out = charts.mark_breaks(rows, "tryghed")
    assert out["break_before"][1] == "ny undersøgelse og andre afdelinger"


# --- the value axis ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        ([2, 7, 3, 6], "antal", (0.0, 8.0)),  # zero is close to the data: shown
        ([82.5, 88.4, 92.6], "andel", (80.0, 95.0)),  # zoomed to the movement
        ([3.0, 6.0], "antal", (0.0, 8.0)),  # a count starts at 0
        ([96.0, 99.8], "andel", (95.0, 100.0)),  # shares stay within 0-100
        ([5.8, 6.2], "gennemsnit", (5.7, 6.3)),
        ([3.0], "antal", (0.0, 4.0)),
        ([12.0, 12.5], "pr. 1000", (11.9, 12.6)),
        ([], "antal", None),
        ([-2.0, 3.0], "gennemsnit", (-3.0, 4.0)),
    ],
)
def test_the_value_axis_shows_the_movement(values, unit, expected) -> None:
    span = charts.value_range(values, unit)
    if expected is None:
        assert span is None
        return
    assert span == pytest.approx(expected)
    assert span[0] <= min(values) and span[1] >= max(values)


def test_the_axis_title_states_the_range() -> None:
    assert charts.axis_title("andel", (80.0, 95.0)) == "Andel (%) · akse 80–95"
    assert charts.axis_title("gennemsnit", (5.7, 6.3)) == "Gennemsnit · akse 5,7–6,3"
    assert charts.axis_title("antal", None) == "Antal"


# --- the indicator figure ----------------------------------------------------------------------


def evictions() -> pd.DataFrame:
    """AAB afd. 55 as in the demo: yearly counts, 2024 uncertain, 2025 only K1-K3 (all 0)."""
    rows = [{"year": y, "value": v, "survey": "Boligforeningen AAB"} for y, v in
            [(2019, 3.0), (2020, 6.0), (2021, 4.0), (2022, 3.0), (2023, 4.0)]]  # fmt: skip
    rows.append({"year": 2024, "value": 3.0, "uncertain": True, "survey": "Boligforeningen AAB"})
    rows.append({"year": 2025, "value": 0.0, "partial": True, "covers": "K1–K3"})
    return charts.mark_breaks(frame(rows).assign(geo_name="AAB afd. 55"), "lokal")


def test_a_partial_year_is_a_hollow_labelled_marker_off_the_value_axis() -> None:
    fig = charts.indicator_figure(evictions(), "antal")
    (strip,) = [t for t in traces(fig) if t.get("yaxis") == "y2"]
    assert strip["x"] == (2025,) or list(strip["x"]) == [2025]
    assert strip["marker"]["symbol"] == "circle-open"
    assert list(strip["text"]) == ["K1–K3: 0"]
    assert "ikke et helt års tal" in strip["hovertext"][0]
    assert fig.layout.yaxis2.ticktext == ("Delvist år",)
    # the strip sits above the plot, never on the value axis, so never at 0
    assert fig.layout.yaxis2.domain[0] > fig.layout.yaxis.domain[1]
    on_axis = [t for t in traces(fig) if t.get("yaxis", "y") == "y" and t.get("x") is not None]
    assert all(2025 not in list(t["x"]) for t in on_axis)
    # no break is drawn between the full years and the partial one
    assert not [a for a in fig.layout.annotations if a.text.startswith("Brud")]


def test_breaks_end_the_line_and_are_labelled_by_cause() -> None:
    rows = charts.mark_breaks(
        frame(
            [
                {"year": 2018, "survey": "VIVE tryghedsmåling"},
                {"year": 2021, "survey": "VIVE tryghedsmåling"},
                {"year": 2023, "survey": "LBF Tryghedsundersøgelse"},
                {"year": 2025, "survey": "LBF Tryghedsundersøgelse"},
            ]
        ),
        "tryghed",
    )
    fig = charts.indicator_figure(rows, "andel")
    lines = [t for t in traces(fig) if t["name"] == "Området" and t["mode"] == "lines+markers"]
    assert [list(t["x"]) for t in lines] == [[2018, 2021], [2023, 2025]]
    assert [t["showlegend"] for t in lines] == [True, False]  # one legend entry for the series
    (label,) = [a for a in fig.layout.annotations if a.text.startswith("Brud")]
    assert label.text == "Brud: ny undersøgelse" and label.x == 2022
    assert "VIVE tryghedsmåling" in label.hovertext
    assert [s.x0 for s in fig.layout.shapes if s.type == "line"] == [2022]


def test_adjacent_breaks_of_one_cause_share_a_label() -> None:
    rows = charts.mark_breaks(
        frame(
            [
                {"year": 2019, "afdelinger": "A-1, A-2"},
                {"year": 2020, "afdelinger": "A-1"},
                {"year": 2021, "afdelinger": "A-1, A-2"},
            ]
        )
    )
    fig = charts.indicator_figure(rows, "andel")
    labels = [a for a in fig.layout.annotations if a.text.startswith("Brud")]
    assert [(a.text, a.x) for a in labels] == [("Brud: andre afdelinger", 2020)]
    assert len([s for s in fig.layout.shapes if s.type == "line"]) == 2


def test_suppressed_figures_are_in_the_strip_not_at_zero() -> None:
    rows = frame(
        [
            {"year": 2019, "value": 40.0},
            {"year": 2020, "value": None, "suppressed": True, "suppressed_below": 5},
            {"year": 2021, "value": 42.0},
        ]
    )
    fig = charts.indicator_figure(rows, "andel")
    (strip,) = [t for t in traces(fig) if t.get("yaxis") == "y2"]
    assert list(strip["x"]) == [2020] and list(strip["text"]) == ["<5"]
    (line,) = [t for t in traces(fig) if t["name"] == "Området"]
    assert list(line["y"]) == [40.0, None, 42.0] and line["connectgaps"] is False
    assert fig.layout.yaxis.range[0] > 0  # 40-42 % is not drawn from 0


def test_baseline_and_target_are_in_the_legend_not_over_the_data() -> None:
    fig = charts.indicator_figure(
        evictions(),
        "antal",
        baseline=charts.ChartBaseline(2024, 3.0, "3"),
        target=charts.ChartTarget("below", 6.0, "under 6 udsættelser årligt"),
        periods=[("2021–25", 2021.83, 2025.83), ("2025–29", 2025.83, 2029.83)],
    )
    (baseline,) = [t for t in traces(fig) if t["name"].startswith("Baseline")]
    assert baseline["name"] == "Baseline 2024: 3" and baseline["mode"] == "markers"
    assert "text" not in baseline
    assert any(t["name"] == "Mål: under 6 udsættelser årligt" for t in traces(fig))
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["Plan 2021–25"]  # 2025-29 starts after the data: not drawn
    assert list(fig.layout.xaxis.range) == [2018.5, 2025.5]
    assert fig.layout.yaxis.title.text == "Antal · akse 0–8"


def test_every_text_is_at_least_16_px_and_bands_have_no_markers() -> None:
    rows = dashboard.with_intervals(
        frame([{"year": y, "value": 40.0 + y % 3, "numerator": 40 + y % 3, "denominator": 100}
               for y in range(2015, 2022)]),
        "andel",
        "lbf",
    )  # fmt: skip
    notes = pd.DataFrame(
        {"year": [2016, 2030], "y": [41.0, float("nan")], "label": ["1", "2"], "text": ["a", "b"]}
    )
    fig = charts.indicator_figure(
        rows, "andel", notes=notes, periods=[("2021–25", 2021.83, 2025.83)]
    )
    layout = fig.layout
    assert layout.font.size >= 16 and layout.legend.font.size >= 16
    assert layout.xaxis.tickfont.size >= 16 and layout.yaxis.tickfont.size >= 16
    assert all(a.font.size >= 16 for a in layout.annotations)
    assert all(t["textfont"]["size"] >= 16 for t in traces(fig) if "textfont" in t)
    bands = [t for t in traces(fig) if t.get("fill") == "toself"]
    assert bands and all(t["mode"] == "lines" for t in bands)
    # a note on a year without a figure goes to the strip, not to 0
    (note_strip,) = [t for t in traces(fig) if t.get("yaxis") == "y2"]
    assert list(note_strip["x"]) == [2030] and layout.yaxis2.ticktext == ("Noter",)


def test_compare_figure_gives_every_series_its_own_style() -> None:
    rows = []
    for i in range(9):
        rows += [{"geo_code": f"A{i}", "geo_name": f"Område {i}", "year": y} for y in (2020, 2021)]
    rows += [{"geo_code": "330", "geo_name": "Slagelse", "role": "kommune", "year": 2020}]
    rows += [{"geo_code": "000", "geo_name": "Landsplan", "role": "landsplan", "year": 2020}]
    rows += [{"geo_code": "A0", "geo_name": "Område 0", "year": 2022, "partial": True,
              "covers": "K1–K2"}]  # fmt: skip
    fig = charts.compare_figure(frame(rows), "andel")
    lines = [t for t in traces(fig) if t.get("mode") == "lines+markers"]
    styles = [(t["line"]["color"], t["marker"]["symbol"][0], t["line"]["dash"]) for t in lines]
    assert len(lines) == 11 and len(set(styles)) == 11
    assert len({(c, s) for c, s, _ in styles}) == 11
    (strip,) = [t for t in traces(fig) if t.get("yaxis") == "y2"]
    assert list(strip["text"]) == ["K1–K2: 10,0\u00a0%"]


def test_compare_figure_breaks_an_area_line_where_its_afdelinger_change() -> None:
    rows = [
        {"geo_code": "A", "geo_name": "Område A", "year": 2019, "afdelinger": "A-1,A-2"},
        {"geo_code": "A", "geo_name": "Område A", "year": 2020, "afdelinger": "A-1,A-2"},
        {"geo_code": "A", "geo_name": "Område A", "year": 2021, "afdelinger": "A-1"},
        {"geo_code": "A", "geo_name": "Område A", "year": 2022, "afdelinger": "A-1"},
        {"geo_code": "B", "geo_name": "Område B", "year": 2019, "afdelinger": "B-1"},
        {"geo_code": "B", "geo_name": "Område B", "year": 2022, "afdelinger": "B-1"},
    ]
    fig = charts.compare_figure(frame(rows), "andel", source_kind="lbf")
    lines = [t for t in traces(fig) if t.get("mode") == "lines+markers"]
    # A's line ends before the break and starts again after it, under one legend entry
    assert [(t["name"], list(t["x"])) for t in lines] == [
        ("Område A", [2019, 2020]),
        ("Område A", [2021, 2022]),
        ("Område B", [2019, 2022]),
    ]
    assert [t.get("showlegend", True) for t in lines] == [True, False, True]
    assert "Brud før 2021: andre afdelinger" in lines[1]["hovertext"][0]
    # no rule across the plot: it would claim the break for Område B too
    assert not [s for s in fig.layout.shapes if s.type == "line"]
    assert charts.break_summary(frame(rows), "lbf") == ["Område A: før 2021 (andre afdelinger)"]


def test_gap_panel_draws_area_comparator_and_the_two_gaps() -> None:
    area = frame([{"year": y, "value": v} for y, v in [(2019, 24.8), (2020, 25.3), (2021, 23.0)]])
    comp = frame([{"year": y, "value": v, "geo_code": "183"} for y, v in
                  [(2019, 16.3), (2020, 16.5), (2021, 16.0)]])  # fmt: skip
    fig = charts.gap_panel_figure(
        area,
        comp,
        "andel",
        area_name="Vejleåparken",
        comparator_name="Ishøj Kommune",
        gaps=[(2019, 24.8, 16.3), (2021, 23.0, 16.0)],
    )
    names = [t["name"] for t in traces(fig)]
    assert names == ["Afstand", "Vejleåparken", "Ishøj Kommune"]
    gap = traces(fig)[0]
    assert list(gap["x"]) == [2019, 2019, None, 2021, 2021, None]
    assert gap["hovertext"][0] == "Afstand 2019: +8,5\u00a0pct.-point"
    assert fig.layout.yaxis.range[0] > 0 and fig.layout.font.size >= 16


# --- the database: migration 016 and the plan_chart_periods query ------------------------------


def _observe(conn: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    for code, geo, period, kind, year, value, suppressed, survey in rows:
        conn.execute(
            "insert into observation (indicator_code, geo_code, period, period_type, year, "
            "value, numerator, denominator, suppressed, survey, batch_id) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            [code, geo, period, kind, year, value,
             None if value is None or code == "udsaettelser" else value,
             None if value is None or code == "udsaettelser" else 100.0,
             suppressed, survey],
        )  # fmt: skip


def test_chart_periods_know_the_quarters_and_the_afdelinger(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    aab = "Boligforeningen AAB"
    _observe(
        registry_db,
        [
            ("udsaettelser", "AAB-55", "2023", "year", 2023, 4.0, False, aab),
            ("udsaettelser", "AAB-55", "2023-K1", "quarter", 2023, 1.0, False, aab),  # loaded wins
            ("udsaettelser", "AAB-55", "2024", "year", 2024, 3.0, False, aab),
            ("udsaettelser", "AAB-55", "2025-K1", "quarter", 2025, 0.0, False, aab),
            ("udsaettelser", "AAB-55", "2025-K2", "quarter", 2025, 0.0, False, aab),
            ("udsaettelser", "AAB-55", "2025-K3", "quarter", 2025, 0.0, False, aab),
        ],
    )
    periods = run_query(registry_db, "plan_chart_periods", plan_id="ishoej-2025-29")
    aab55 = periods[periods["geo_code"] == "AAB-55"].set_index("year")
    assert list(aab55.loc[2025, "covered"]) == [1, 2, 3]
    assert aab55.loc[2025, "covered_type"] == "quarter" and aab55.loc[2025, "survey"] == aab
    assert pd.isna(aab55.loc[2023, "covered_type"])  # the loaded year, not its one quarter
    assert set(aab55["afdelinger"]) == {"AAB-55"}

    series = run_query(registry_db, "plan_series", plan_id="ishoej-2025-29")
    meta = dashboard.IndicatorMeta("udsaettelser", "Udsættelser", "antal", "lower", "lokal",
                                   "AAB-55")  # fmt: skip
    chart = dashboard.chart_frame(series, meta, periods).set_index("year")
    assert chart.loc[2025, "partial"] and chart.loc[2025, "covers"] == "K1–K3"
    assert chart["break_before"].isna().all()  # the quarters' source is AAB's: no break
    assert pd.isna(chart.loc[2025, "low"])  # no full-year interval for three quarters


def test_chart_periods_name_the_afdelinger_behind_a_summed_area(
    registry_db: duckdb.DuckDBPyConnection,
) -> None:
    rows = []
    for year in (2019, 2020, 2021):
        for afd in ("FOB-23", "FOB-24", "FOB-26", "FOB-32"):
            hidden = year == 2020 and afd == "FOB-32"
            rows.append(
                ("dagtilbud_1_5", afd, str(year), "year", year, None if hidden else 50.0,
                 hidden, None)
            )  # fmt: skip
    _observe(registry_db, rows)
    # K2 reported but suppressed: the year is not full
    _observe(
        registry_db,
        [
            ("udsaettelser", "AAB-55", f"2024-K{q}", "quarter", 2024, None if q == 2 else 1.0,
             q == 2, None)
            for q in (1, 2, 3, 4)
        ],
    )  # fmt: skip
    periods = run_query(registry_db, "plan_chart_periods", plan_id="slagelse-2021-25")
    ring = periods[periods["geo_code"] == "Ringparken"].set_index("year")["afdelinger"]
    assert ring.to_dict() == {
        2019: "FOB-23, FOB-24, FOB-26, FOB-32",
        2020: "FOB-23, FOB-24, FOB-26",
        2021: "FOB-23, FOB-24, FOB-26, FOB-32",
    }
    series = run_query(registry_db, "plan_series", plan_id="slagelse-2021-25")
    meta = dashboard.IndicatorMeta("dagtilbud_1_5", "Dagtilbud", "andel", "higher", "lbf",
                                   "Ringparken")  # fmt: skip
    chart = dashboard.chart_frame(series, meta, periods)
    own = chart[chart["geo_code"] == "Ringparken"].set_index("year")
    assert own["break_before"].tolist() == [None, "andre afdelinger", "andre afdelinger"]
    assert own.loc[2020, "break_detail"] == "Ringparken 2020 i forhold til 2019: uden FOB-32"

    ishoej = run_query(registry_db, "plan_chart_periods", plan_id="ishoej-2025-29")
    q = ishoej[(ishoej["geo_code"] == "AAB-55") & (ishoej["year"] == 2024)].iloc[0]
    assert list(q["covered"]) == [1, 3, 4]
    assert charts.is_partial_year(False, q["covered_type"], q["covered"])
    assert charts.partial_label(q["covered_type"], q["covered"]) == "K1, K3–K4"


def test_an_earlier_plans_baseline_and_a_new_geography_are_drawn() -> None:
    rows = frame([{"year": y, "value": v} for y, v in [(2019, 80.0), (2024, 82.0), (2026, 84.0)]])
    fig = charts.indicator_figure(
        rows,
        "andel",
        baseline=charts.ChartBaseline(2024, 82.0, "82,0 %"),
        earlier_baselines=[("Vejleåparken 2021-25", charts.ChartBaseline(2019, 80.0, "80,0 %"))],
        geography_changes=[(2025, "Fra 2025 hører Steenbjerggård med til Vejleåparken")],
    )
    names = [t["name"] for t in traces(fig)]
    assert "Baseline i Vejleåparken 2021-25 (2019): 80,0 %" in names
    assert "Baseline 2024: 82,0 %" in names
    (rule,) = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1]
    assert rule.x0 == 2024.5
    (label,) = [a for a in fig.layout.annotations if (a.text or "").startswith("Brud")]
    assert label.text == "Brud: ny geografi"
    assert label.hovertext == "Fra 2025 hører Steenbjerggård med til Vejleåparken"


@pytest.mark.parametrize(
    ("years", "rules", "labels"),
    [
        # surveys in 2023 and 2025: the other afdelinger (between them, 2024) are the new
        # geography of 2025 (2024.5): one rule, one label
        ([2023, 2025], [2024.5], ["Brud: ny geografi"]),
        # yearly figures: both at 2024.5 already
        ([2023, 2024, 2025], [2024.5], ["Brud: ny geografi"]),
        # the afdelinger changed long before the geography: two breaks
        ([2019, 2020, 2025], [2019.5, 2024.5], ["Brud: andre afdelinger", "Brud: ny geografi"]),
    ],
)
def test_a_new_geography_explains_the_other_afdelinger_near_it(
    years: list[int], rules: list[float], labels: list[str]
) -> None:
    # the other afdelinger show before the second figure (a survey's next round) or, in the
    # last case, before 2020
    changed = 2020 if years[0] == 2019 else years[1] if len(years) == 2 else 2025
    rows = frame(
        [
            {
                "year": y,
                "value": 70.0,
                "break_before": "andre afdelinger" if y == changed else None,
                "break_detail": f"Området {y}: med AAB-56" if y == changed else None,
            }
            for y in years
        ]
    )
    fig = charts.indicator_figure(
        rows,
        "andel",
        geography_changes=[(2025, "Fra 2025 hører Steenbjerggård med til Vejleåparken")],
    )
    drawn = sorted(s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1)
    assert drawn == rules
    shown = sorted(a.text for a in fig.layout.annotations if (a.text or "").startswith("Brud"))
    assert shown == labels


def test_geography_changes_in_words(registry_db) -> None:
    changes = run_query(registry_db, "geography_changes", geo_code="Vejleåparken")
    assert dashboard.geography_changes(changes, "Vejleåparken") == [
        (
            2025,
            "Fra 2025 hører Steenbjerggård (Ishøj Boligselskab) (afdeling ikke kendt) med til "
            "Vejleåparken",
        )
    ]
    none = run_query(registry_db, "geography_changes", geo_code="AAB-55")
    assert dashboard.geography_changes(none, "AAB afd. 55") == []
