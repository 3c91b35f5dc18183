"""Links that open the same view (the choice lives in the URL) and the Præsentation page."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import DEMO


def test_a_link_opens_the_plan_year_and_indicator_it_names(make_app, demo_db_file: Path) -> None:
    at = make_app(demo_db_file, demo=True, user=DEMO["læser"])
    at.query_params["plan"] = "vejleaaparken-2021-25"
    at.query_params["aar"] = "2023"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overblik – Vejleåparken 2021-25"
    assert at.selectbox(key="year").value == 2023
    # A choice made on the page goes into the URL, so the link can be shared.
    at.selectbox(key="year").set_value(2021).run()
    assert at.query_params["aar"] == "2021"

    at = make_app(demo_db_file, demo=True, user=DEMO["læser"])
    at.query_params["plan"] = "vejleaaparken-2021-25"
    at.query_params["indikator"] = "uden_tilknytning_18_64@Vejleåparken"
    at.run()
    at.switch_page("pages/indikator.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("Andel 18-64-årige, der er uden tilknytning")


def test_a_link_with_an_unknown_value_falls_back(make_app, demo_db_file: Path) -> None:
    at = make_app(demo_db_file, demo=True, user=DEMO["læser"])
    at.query_params["plan"] = "findes-ikke"
    at.query_params["aar"] = "1850"
    at.run()
    assert not at.exception
    assert at.selectbox(key="plan").value in {"ishoej-2025-29", "vejleaaparken-2021-25"}


def test_presentation_shows_one_indsatsomraade_per_screen(make_app, demo_db_file: Path) -> None:
    at = make_app(demo_db_file, demo=True, user=DEMO["læser"])
    at.query_params["plan"] = "vejleaaparken-2021-25"
    at.run()
    at.switch_page("pages/praesentation.py").run()
    assert not at.exception

    def screen() -> str:
        return next(m.value for m in at.markdown if m.value.startswith('<div class="praes">'))

    assert "<h2>Uddannelse og livschancer</h2>" in screen()
    assert "Beskæftigelse" not in screen()  # one indsatsområde per screen
    assert at.button(key="praes_back").disabled
    seen = [screen()]
    for _ in range(3):
        at.button(key="praes_next").click().run()
        seen.append(screen())
    assert "<h2>Sammenhængskraft og medborgerskab</h2>" in seen[-1]
    assert at.button(key="praes_next").disabled
    at.button(key="praes_back").click().run()
    assert "<h2>Kriminalitetsforebyggelse</h2>" in screen()
    # The chrome is hidden for the projector.
    assert any('[data-testid="stSidebar"]' in m.value for m in at.markdown)
