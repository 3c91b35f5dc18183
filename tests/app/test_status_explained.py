"""'Sådan er status beregnet' beside the status on the Overblik and the Indikator page, and a
baseline taken from the data shown the same on Mål og baselines (AppTest, demo database)."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import DEMO


def _open(make_app, db: Path, page: str | None = None, **params: str):
    at = make_app(db, demo=True, user=DEMO["læser"])
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_indikator_page_says_how_the_status_was_reached(make_app, demo_db_file: Path) -> None:
    at = _open(
        make_app, demo_db_file, "pages/indikator.py",
        plan="vejleaaparken-2021-25", indikator="uden_tilknytning_18_64@Vejleåparken",
    )  # fmt: skip
    shown = "\n".join(m.value for m in at.markdown)
    assert "**Status 2025:** ▼ dårligere" in shown
    # The two figures with their counts, the method and the interval of the change.
    assert "686 af 2.766" in shown and "Newcombe" in shown and "95 %-interval" in shown
    assert [e.label for e in at.expander] == ["Sådan er status beregnet"]


def test_overblik_explains_every_status(make_app, demo_db_file: Path) -> None:
    at = _open(make_app, demo_db_file, plan="vejleaaparken-2021-25")
    html = "\n".join(m.value for m in at.markdown)
    assert html.count("Sådan er status beregnet") >= 9  # one per indicator row


def test_baseline_from_data_is_the_same_on_maal_og_baselines(make_app, demo_db_file: Path) -> None:
    at = _open(make_app, demo_db_file, "pages/maal.py", plan="ishoej-2025-29")
    cells = "\n".join(t.value.to_csv(sep="|") for t in at.table)
    assert "fra data" in cells
