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


def test_indexed_to_baseline_is_relative_to_the_kommune() -> None:
    series = series_frame(
        [
            row("x", "omr", "omraade", 2019, 20.0),
            row("x", "183", "kommune", 2019, 10.0),
            row("x", "omr", "omraade", 2020, 22.0),
            row("x", "183", "kommune", 2020, 10.0),
            row("x", "omr", "omraade", 2021, 22.0),
            row("x", "183", "kommune", 2021, 11.0),
        ]
    )
    gi = pd.DataFrame(
        {
            "indicator_code": ["x"],
            "indicator_name": ["X"],
            "direction": ["lower"],
            "geo_code": ["omr"],
        }
    )
    out = dashboard.indexed_to_baseline(series, gi, "omr", "183", {"x": 2019})
    assert list(out["year"]) == [2019, 2020, 2021]
    assert list(out["index"].round(6)) == [100.0, 110.0, 100.0]


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
