"""The follow-up cycle in the app (AppTest): log-in, roles on every page, Opfølgning, Møder,
Revision, Brugere, Import; concurrent edits; the lock after approval."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from monitor import audit, auth, followup
from monitor.auth import User
from tests.app.conftest import DEMO, USERS

PLAN = "vejleaaparken-2021-25"
GOAL = "fagligt-loeft"
PASSWORD = {name: pw for name, _role, pw in USERS}


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for e in (*at.title, *at.subheader, *at.markdown, *at.caption, *at.info, *at.warning)
    ]
    return "\n".join(str(p) for p in parts)


def frame(at: AppTest, column: str):
    """The page's table that has `column` (AppTest does not keep a dataframe's key)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with column {column!r}"
    return found[0]


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def login(at: AppTest, name: str, password: str) -> AppTest:
    at.run()
    at.text_input(key="login_user").input(name)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    return at.run()


def open_page(at: AppTest, page: str, plan: str = PLAN) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    at.selectbox(key="plan").set_value(plan).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


# --- log-in -------------------------------------------------------------------------------


def test_login_form_wrong_password_and_logout(make_app, users_db_file: Path) -> None:
    at = make_app(users_db_file).run()
    assert [t.label for t in at.text_input] == ["Brugernavn", "Adgangskode"]
    assert [b.label for b in at.button] == ["Log ind"]
    assert "Overblik" not in texts(at)  # nothing of the board's figures before log-in
    for name, password in [("mette", "forkert-kode"), ("findes-ikke", "mette-adgang-1")]:
        at = login(make_app(users_db_file), name, password)
        # One message, whether the name exists or not.
        assert errors(at) == "Forkert brugernavn eller adgangskode."
    at = login(make_app(users_db_file), "mette", PASSWORD["mette"])
    assert not at.exception and at.title[0].value.startswith("Overblik")
    assert at.session_state["auth_user"] == User("mette", "redaktør")
    # The sidebar's "Logget ind som" and Log ud are checked in the browser test: AppTest drops
    # what the entrypoint draws in the sidebar once st.navigation runs a page.


def test_no_default_password_outside_demo_mode(make_app, users_db_file: Path) -> None:
    for name, password, _role in auth.DEMO_USERS:
        at = login(make_app(users_db_file), name, password)
        assert "Forkert brugernavn eller adgangskode" in errors(at)
    assert "Demotilstand" not in texts(make_app(users_db_file).run())


def test_demo_login_lists_the_demo_users(make_app, demo_db_file: Path) -> None:
    at = make_app(demo_db_file, demo=True).run()
    banner = "\n".join(i.value for i in at.info)
    assert "findes kun i demodatabasen" in banner
    for name, password, _role in auth.DEMO_USERS:
        assert f"**{name}** / {password}" in banner
    at = login(make_app(demo_db_file, demo=True), "revisor", "revisor")
    assert at.title[0].value.startswith("Overblik")
    assert at.session_state["auth_user"] == User("revisor", "revisor", demo=True)


def test_a_closed_account_is_logged_out_at_the_next_rerun(make_app, demo_db_copy: Path) -> None:
    at = make_app(demo_db_copy, demo=True, user=DEMO["læser"]).run()
    assert at.title[0].value.startswith("Overblik")
    from monitor.db import connect

    with connect(demo_db_copy) as conn:
        auth.deactivate_user(conn, DEMO["administrator"], "læser")
    at.run()
    assert [t.label for t in at.text_input] == ["Brugernavn", "Adgangskode"]


# --- roles on every page ------------------------------------------------------------------

PAGES = {
    "pages/overblik.py": "read",
    "pages/indikator.py": "read",
    "pages/sammenlign.py": "read",
    "pages/maal.py": "read",
    "pages/opfoelgning.py": "read",
    "pages/moeder.py": "read",
    "pages/revision.py": "read_audit",
    "pages/importer.py": "import_data",
    "pages/brugere.py": "manage_users",
}


@pytest.mark.parametrize("role", auth.ROLES)
def test_every_page_checks_the_role(make_app, demo_db_file: Path, role: str) -> None:
    user = DEMO[role]
    for page, permission in PAGES.items():
        at = open_page(make_app(demo_db_file, demo=True, user=user), page)
        refused = "må ikke" in errors(at)
        assert refused == (not user.can(permission)), (role, page, errors(at))


def test_a_laeser_sees_no_write_controls(make_app, demo_db_file: Path) -> None:
    at = open_page(make_app(demo_db_file, demo=True, user=DEMO["læser"]), "pages/opfoelgning.py")
    keys = {w.key for w in (*at.text_area, *at.button, *at.text_input)}
    assert not keys & {"fu_story", "fu_next", "fu_save", "fu_submit", "fu_reason"}
    at = open_page(make_app(demo_db_file, demo=True, user=DEMO["læser"]), "pages/moeder.py")
    assert "meeting_save" not in {b.key for b in at.button}
    at = open_page(make_app(demo_db_file, demo=True, user=DEMO["læser"]), "pages/indikator.py")
    assert "note_save" not in {b.key for b in at.button}


# --- Opfølgning ---------------------------------------------------------------------------


def _followup_page(make_app, db: Path, role: str, year: int, goal: str = GOAL) -> AppTest:
    at = open_page(make_app(db, demo=True, user=DEMO[role]), "pages/opfoelgning.py")
    at.selectbox(key="followup_year").set_value(year).run()
    at.selectbox(key="followup_goal").set_value(goal).run()
    assert not at.exception, at.exception
    return at


def test_redaktoer_writes_and_submits_and_the_laeser_reads_it(make_app, demo_db_copy: Path) -> None:
    at = _followup_page(make_app, demo_db_copy, "redaktør", 2021)
    assert at.metric[0].value == "0 af 4 (0\u00a0%)"
    # The goal's figures as the Overblik shows them, and its chart, beside the editor.
    assert "88,4\u00a0% (2019)" in texts(at)
    assert len(at.get("plotly_chart")) == 1
    at.selectbox(key="fu_status").set_value("delvist")
    at.text_area(key="fu_story").input("Flere børn i **dagtilbud**. <script>x()</script>")
    at.text_area(key="fu_next").input("Fortsæt sprogindsatsen.")
    at.button(key="fu_save").click().run()
    assert "Kladde gemt: version 1." in "\n".join(s.value for s in at.success)
    assert at.metric[0].value == "0 af 4 (0\u00a0%)"  # a draft is not a follow-up yet
    at.button(key="fu_submit").click().run()
    assert not errors(at), errors(at)
    assert at.metric[0].value == "1 af 4 (25\u00a0%)"
    states = frame(at, "Tilstand")
    assert states.set_index("Mål").filter(like="fagligt", axis=0)["Tilstand"].tolist() == [
        "indsendt"
    ]
    versions = frame(at, "Efter godkendelse")
    assert list(versions["Type"]) == ["kladde", "indsendt"]
    assert set(versions["Af"]) == {"redaktør"}

    reader = _followup_page(make_app, demo_db_copy, "læser", 2021)
    shown = texts(reader)
    assert "Flere børn i **dagtilbud**." in shown and "Fortsæt sprogindsatsen." in shown


def test_two_editors_the_later_submit_is_refused_and_keeps_the_text(
    make_app, demo_db_copy: Path
) -> None:
    mette = _followup_page(make_app, demo_db_copy, "redaktør", 2021)
    karin = _followup_page(make_app, demo_db_copy, "redaktør", 2021)
    for at, text in ((mette, "Mettes tekst."), (karin, "Karins tekst, som ikke må gå tabt.")):
        at.selectbox(key="fu_status").set_value("på rette spor")
        at.text_area(key="fu_story").input(text)
    mette.button(key="fu_submit").click().run()
    assert not errors(mette)
    karin.button(key="fu_submit").click().run()
    assert "efter du begyndte at redigere" in errors(karin)
    assert karin.text_area(key="fu_story").value == "Karins tekst, som ikke må gå tabt."
    assert any("Karins tekst" in c.value for c in karin.code)


def test_an_approved_followup_is_locked_and_a_correction_needs_a_reason(
    make_app, demo_db_copy: Path
) -> None:
    at = _followup_page(make_app, demo_db_copy, "redaktør", 2024)
    assert any("godkendt af bestyrelsen" in w.value and "låst" in w.value for w in at.warning)
    at.text_area(key="fu_story").input("Rettet tekst efter godkendelse.")
    at.button(key="fu_submit").click().run()
    assert "begrundelse" in errors(at)
    at.text_input(key="fu_reason").input("LBF rettede tallet for 2024.")
    at.button(key="fu_submit").click().run()
    assert not errors(at), errors(at)
    states = frame(at, "Tilstand").set_index("Mål")
    row = states[states.index.str.contains("fagligt")].iloc[0]
    assert row["Tilstand"] == "indsendt"
    assert "afventer ny godkendelse" in row["Bemærkning"]
    versions = frame(at, "Efter godkendelse")
    assert list(versions["Efter godkendelse"])[-1] == "ja"
    assert list(versions["Godkendt"])[0] != "–"  # the approved version stays visible


def test_the_followup_functions_refuse_a_forged_request_from_a_laeser(
    demo_db_copy: Path,
) -> None:
    # What a forged button click would call: the function itself refuses the role.
    conn = duckdb.connect(str(demo_db_copy))
    args = dict(plan_id=PLAN, year=2021, goal_id=GOAL, status="delvist", story_md="x",
                next_steps="", based_on=None)  # fmt: skip
    for write in (followup.save_draft, followup.submit):
        with pytest.raises(auth.PermissionDenied, match="læser og må ikke"):
            write(conn, DEMO["læser"], **args)
    assert followup.latest(conn, PLAN, 2021, GOAL) is None
    conn.close()


# --- Møder ------------------------------------------------------------------------------


def test_meetings_page_shows_the_year_and_the_next_meeting_due(
    make_app, demo_db_file: Path
) -> None:
    at = open_page(make_app(demo_db_file, demo=True, user=DEMO["læser"]), "pages/moeder.py")
    at.selectbox(key="meeting_year").set_value(2024).run()
    table = frame(at, "Deltagere")
    assert len(table) == 4
    assert any("godkendt" in d for d in table["Beslutninger"])
    assert "4 af 4 møder i 2024" in texts(at)


def test_redaktoer_records_a_meeting_that_presents_and_approves(
    make_app, demo_db_copy: Path
) -> None:
    conn = duckdb.connect(str(demo_db_copy))
    v = followup.submit(
        conn, DEMO["redaktør"], plan_id=PLAN, year=2025, goal_id="arbejdsmarkedet",
        status="delvist", story_md="Status 2025.", next_steps="", based_on=None,
    )  # fmt: skip
    conn.close()
    at = open_page(make_app(demo_db_copy, demo=True, user=DEMO["redaktør"]), "pages/moeder.py")
    at.text_area(key="meeting_participants").input("Lise Holm\nKarim Aziz")
    at.multiselect(key="meeting_presented").select(v.version_id)
    at.multiselect(key="meeting_approved").select(v.version_id)
    at.text_area(key="meeting_decisions").input("Opfølgningen for 2025 godkendes.")
    at.button(key="meeting_save").click().run()
    assert not errors(at), errors(at)
    assert "1 opfølgning(er) godkendt" in "\n".join(s.value for s in at.success)
    approvals = frame(at, "Rettet efter godkendelse")
    mine = approvals[(approvals["År"] == 2025) & approvals["Mål"].str.contains("arbejds")]
    assert mine["Godkendt"].iloc[0] != "–"


def test_approving_what_was_not_presented_is_refused(make_app, demo_db_copy: Path) -> None:
    conn = duckdb.connect(str(demo_db_copy))
    v = followup.submit(
        conn, DEMO["redaktør"], plan_id=PLAN, year=2025, goal_id="arbejdsmarkedet",
        status="delvist", story_md="Status 2025.", next_steps="", based_on=None,
    )  # fmt: skip
    conn.close()
    at = open_page(make_app(demo_db_copy, demo=True, user=DEMO["redaktør"]), "pages/moeder.py")
    at.text_area(key="meeting_participants").input("Lise Holm")
    at.multiselect(key="meeting_approved").select(v.version_id)
    at.button(key="meeting_save").click().run()
    assert "Kun opfølgninger, der fremlægges" in errors(at)


# --- Revision -----------------------------------------------------------------------------


def test_revisor_checklist_documents_and_verify(make_app, demo_db_file: Path) -> None:
    at = open_page(make_app(demo_db_file, demo=True, user=DEMO["revisor"]), "pages/revision.py")
    at.selectbox(key="revision_year").set_value(2023).run()
    checklist = frame(at, "Fulgt op")
    assert set(checklist["Fulgt op"]) == {"ja"} and len(checklist) == 4
    corrected = checklist[checklist["Mål"].str.contains("arbejdsmarkedet", case=False)]
    assert corrected["Rettelser"].iloc[0] == 1 and corrected["Godkendt"].iloc[0] == "13.09.2024"
    at.button(key="revision_build").click().run()
    assert not at.exception, at.exception
    assert {b.key for b in at.get("download_button")} >= {
        "revision_pdf",
        "revision_xlsx",
        "revision_json",
    }
    at.button(key="audit_verify").click().run()
    assert any("Revisionssporet er intakt" in s.value for s in at.success)
    log = frame(at, "Handling")
    assert "opfølgning: indsendt" in set(log["Handling"])
    at.selectbox(key="audit_action").set_value("meeting_record").run()
    log = frame(at, "Handling")
    assert set(log["Handling"]) == {"bestyrelsesmøde registreret"}


def test_verify_names_the_first_broken_entry(make_app, demo_db_copy: Path) -> None:
    conn = duckdb.connect(str(demo_db_copy))
    conn.execute("update audit_log set actor = 'mallory' where seq = 7")
    conn.close()
    at = open_page(make_app(demo_db_copy, demo=True, user=DEMO["revisor"]), "pages/revision.py")
    at.button(key="audit_verify").click().run()
    assert "IKKE intakt" in errors(at) and "nr. 7" in errors(at)


# --- Brugere and Import -------------------------------------------------------------------


def test_administrator_adds_and_closes_a_user(make_app, demo_db_copy: Path) -> None:
    at = open_page(
        make_app(demo_db_copy, demo=True, user=DEMO["administrator"]), "pages/brugere.py"
    )
    at.text_input(key="new_user_name").input("karin")
    at.selectbox(key="new_user_role").set_value("redaktør")
    at.text_input(key="new_user_password").input("karin-adgang-1")
    at.button(key="new_user_submit").click().run()
    assert not errors(at), errors(at)
    users = frame(at, "Senest ændret")
    assert users.set_index("Bruger").loc["karin", "Rolle"] == "redaktør"
    at.selectbox(key="edit_user").set_value("karin").run()
    at.button(key="edit_deactivate").click().run()
    users = frame(at, "Senest ændret")
    assert users.set_index("Bruger").loc["karin", "Adgang"] == "lukket"
    conn = duckdb.connect(str(demo_db_copy))
    actions = list(audit.entries(conn, entity="app_user_version")["action"])[:2]
    conn.close()
    assert actions == ["user_deactivate", "user_add"]


def test_import_records_the_logged_in_user(make_app, demo_db_copy: Path) -> None:
    from etl.load import import_bytes

    content = (
        "Indikator;Geografi;Periode;Antal;Kilde;Usikker;Note\n"
        "Udsættelser af beboere;AAB-55;2016;4;Boligforeningen AAB;;\n"
    ).encode()
    conn = duckdb.connect(str(demo_db_copy))
    with pytest.raises(auth.PermissionDenied):
        import_bytes(conn, content, "x.csv", user=DEMO["læser"], kind="lokal")
    report = import_bytes(conn, content, "x.csv", user=User("redaktør", "redaktør", demo=True))
    conn.close()
    assert not report.errors
    at = open_page(make_app(demo_db_copy, demo=True, user=DEMO["redaktør"]), "pages/importer.py")
    log = frame(at, "SHA-256")
    assert log.set_index("Fil").loc["x.csv", "Af"] == "redaktør"
    assert "ukendt" not in set(log["Af"])


# --- notes on data points -----------------------------------------------------------------


def test_indikator_page_shows_the_corona_note_and_a_redaktoer_adds_one(
    make_app, demo_db_copy: Path
) -> None:
    at = open_page(make_app(demo_db_copy, demo=True, user=DEMO["redaktør"]), "pages/indikator.py")
    at.selectbox(key="indicator").set_value("uden_tilknytning_18_64@Vejleåparken").run()
    assert "Rådgivningen var ikke personlig under corona" in texts(at)
    chart = at.get("plotly_chart")[0].proto.spec
    assert "corona" in chart  # the note is a marker with its text on hover
    at.selectbox(key="note_period").set_value("2023")
    at.text_area(key="note_text").input("Ny jobkonsulent ansat i august.")
    at.button(key="note_save").click().run()
    assert not errors(at), errors(at)
    assert "Ny jobkonsulent ansat i august." in texts(at)
    conn = duckdb.connect(str(demo_db_copy))
    entry = audit.entries(conn, entity="data_note").iloc[0]
    conn.close()
    assert entry["actor"] == "redaktør" and entry["details"]["period"] == "2023"
