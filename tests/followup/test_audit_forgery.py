"""Forgeries of the audit trail and what catches each: the content check (entries against the
rows they describe, and rows against the entries), the head an export printed, and the MAC with
a key kept outside the database. Every forgery is done the way someone holding the file would:
plain SQL on the DuckDB file, or the real `audit.append` without the key."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import duckdb
import pytest

from monitor import audit, notes
from monitor.auth import user_audit_details
from monitor.db import connect, run_query
from tests.followup.conftest import PLAN, REDAKTOR

KEY = b"en-noegle-uden-for-databasen"
CHAIN_KINDS = {"edited", "deleted", "chain"}


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key unless a test sets one (as the app would, from $MONITOR_AUDIT_KEY)."""
    monkeypatch.delenv("MONITOR_AUDIT_KEY", raising=False)


def _seq(conn: duckdb.DuckDBPyConnection, entity: str, entity_id: object) -> int:
    """The sequence number of the entry that recorded a row."""
    found = audit.entries(conn, entity=entity, entity_id=str(entity_id))
    assert len(found) == 1
    return int(found["seq"].iloc[0])


def _one(conn: duckdb.DuckDBPyConnection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


def _note(conn: duckdb.DuckDBPyConnection, text: str) -> int:
    """A real note, written as the Noter page writes it (entry included)."""
    indicator, geo = conn.execute(
        "select indicator_code, geo_code from goal_indicator where plan_id = ? "
        "order by goal_id, indicator_code, geo_code limit 1",
        [PLAN],
    ).fetchone()
    return notes.add_note(
        conn, REDAKTOR, indicator_code=indicator, geo_code=geo, period="2022", text=text,
        plan_id=PLAN,
    )  # fmt: skip


def _rehash(conn: duckdb.DuckDBPyConnection, from_seq: int) -> None:
    """What a forger without the key does after an edit: recompute every hash from `from_seq`
    on, so the chain's links agree again (the MACs are left as they were)."""
    prev = audit.GENESIS
    for row in run_query(conn, "audit_all").to_dict("records"):
        if int(row["seq"]) >= from_seq:
            digest = audit.entry_hash(
                prev,
                seq=int(row["seq"]),
                at=row["recorded_at"],
                actor=row["actor"],
                action=row["action"],
                entity=row["entity"],
                entity_id=row["entity_id"],
                details=row["details"],
            )
            conn.execute(
                "update audit_log set prev_hash = ?, entry_hash = ? where seq = ?",
                [prev, digest, int(row["seq"])],
            )
            prev = digest
        else:
            prev = str(row["entry_hash"])


def _rewrite_details(conn: duckdb.DuckDBPyConnection, seq: int, **changes: object) -> None:
    text = conn.execute("select details from audit_log where seq = ?", [seq]).fetchone()[0]
    details = json.loads(text)
    details |= changes
    conn.execute(
        "update audit_log set details = ? where seq = ?", [audit.canonical_json(details), seq]
    )


# --- an untouched database --------------------------------------------------------------------


def test_the_untouched_demo_verifies_clean(demo_conn: duckdb.DuckDBPyConnection) -> None:
    result = audit.verify_summary(demo_conn)
    assert result.faults == [] and result.intact
    assert result.first_broken_seq is None
    assert result.entries == _one(demo_conn, "select count(*) from audit_log") > 0
    assert result.head == audit.head(demo_conn)
    assert not result.mac_checked
    # Every import recorded its figures' fingerprint: nothing was checked by count only.
    assert result.notes == []
    # The demo exercises every kind of entry the check knows.
    kinds = {r[0] for r in demo_conn.execute("select distinct entity from audit_log").fetchall()}
    assert kinds >= {
        "followup_version", "data_note", "meeting_version", "app_user_version", "import_batch",
        "registry_load",
    }  # fmt: skip


def test_every_import_records_the_fingerprint_of_its_figures(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    imports = audit.entries(demo_conn, entity="import_batch")
    assert len(imports) > 0
    for r in imports.itertuples(index=False):
        expected = audit.observations_sha256(demo_conn, int(r.entity_id))
        assert r.details["observations_sha256"] == expected


# --- a row edited in place, the log untouched ------------------------------------------------

EDITS = [
    pytest.param(
        "followup_version",
        "select min(version_id) from followup_version where state = 'submitted'",
        "update followup_version set story_md = story_md || ' Og det gik fint.' "
        "where version_id = $id",
        "teksten (status, historien bag tallene, næste skridt) er ændret",
        id="a-followup-story",
    ),
    pytest.param(
        "followup_version",
        "select min(version_id) from followup_version where state = 'submitted'",
        "update followup_version set story_md = 'Alt går godt.', status = case status "
        "when 'på rette spor' then 'delvist' else 'på rette spor' end where version_id = $id",
        "teksten (status, historien bag tallene, næste skridt) er ændret",
        id="a-followup-status-and-story",
    ),
    pytest.param(
        "followup_version",
        "select min(version_id) from followup_version where state = 'submitted'",
        "update followup_snapshot set content = replace(content, '\"value\":', '\"value\": ') "
        "where version_id = $id",
        "det frosne talgrundlag er ændret",
        id="a-followup-snapshot",
    ),
    pytest.param(
        "import_batch",
        "select min(batch_id) from observation where value is not null",
        "update observation set value = value + 1 where observation_id = ("
        "select min(observation_id) from observation where batch_id = $id and value is not null)",
        "tallene fra importen er ændret",
        id="b-observation-value",
    ),
    pytest.param(
        "import_batch",
        "select min(batch_id) from observation",
        "delete from observation where observation_id = ("
        "select max(observation_id) from observation where batch_id = $id)",
        "tallene fra importen er ændret",
        id="b-observation-deleted",
    ),
    pytest.param(
        "app_user_version",
        "select min(version_id) from app_user_version where role <> 'administrator'",
        "update app_user_version set role = 'administrator' where version_id = $id",
        'rollen er "administrator" i databasen',
        id="g-user-role",
    ),
    pytest.param(
        "app_user_version",
        "select min(version_id) from app_user_version",
        "update app_user_version set password_hash = (select max(password_hash) "
        "from app_user_version where version_id <> $id) where version_id = $id",
        "adgangskoden (dens hash) er ændret",
        id="g-user-password-swapped",
    ),
    pytest.param(
        "data_note",
        "select min(note_id) from data_note",
        "update data_note set text = 'Omskrevet i filen.' where note_id = $id",
        'teksten er "Omskrevet i filen." i databasen',
        id="h-note-text",
    ),
    pytest.param(
        "data_note",
        "select min(note_id) from data_note where not withdrawn",
        "update data_note set withdrawn = true where note_id = $id",
        "noten er trukket tilbage i databasen",
        id="h-note-withdrawn",
    ),
    pytest.param(
        "import_batch",
        "select min(batch_id) from import_batch",
        "update import_batch set content = 'andre bytes'::blob where batch_id = $id",
        "den gemte fil (dens bytes) passer ikke til filens SHA-256 i posten",
        id="i-import-bytes",
    ),
    pytest.param(
        "import_batch",
        "select min(batch_id) from import_batch",
        "update import_batch set content = 'andre bytes'::blob, "
        "sha256 = sha256('andre bytes'::blob) where batch_id = $id",
        "filens SHA-256 er ændret",
        id="i-import-bytes-and-their-hash",
    ),
    pytest.param(
        "meeting_version",
        "select min(meeting_version_id) from meeting_approved",
        "delete from meeting_approved where meeting_version_id = $id",
        "de godkendte opfølgninger er [] i databasen",
        id="meeting-approval-removed",
    ),
    pytest.param(
        "meeting_version",
        "select min(version_id) from meeting_version",
        "update meeting_version set participants = '[\"Ingen\"]' where version_id = $id",
        'deltagerne er ["Ingen"] i databasen',
        id="meeting-participants",
    ),
]


@pytest.mark.parametrize(("entity", "pick", "edit", "expected"), EDITS)
def test_a_row_edited_in_the_file_is_caught(
    demo_conn: duckdb.DuckDBPyConnection, entity: str, pick: str, edit: str, expected: str
) -> None:
    row_id = int(_one(demo_conn, pick))
    seq = _seq(demo_conn, entity, row_id)
    demo_conn.execute(edit.replace("$id", str(row_id)))
    result = audit.verify_summary(demo_conn)
    # The log itself is untouched: only what it describes no longer matches.
    assert not [f for f in result.faults if f.kind in CHAIN_KINDS]
    assert [f.seq for f in result.faults] == [seq]
    fault = result.faults[0]
    assert fault.kind == "mismatch"
    assert fault.message.startswith(f"Post {seq} (")
    assert expected in fault.message
    assert result.first_broken_seq == seq


# --- the newest entries deleted (c) -----------------------------------------------------------


def test_deleting_the_newest_entries_with_their_rows_needs_the_exported_head(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    _note(demo_conn, "Første note.")
    second = _note(demo_conn, "Anden note, som en forfalsker vil have væk.")
    exported = audit.head(demo_conn)  # printed in the export filed with the revision
    seq = _seq(demo_conn, "data_note", second)
    assert exported[0] == seq
    # The forger removes the note and its entry: the chain's end leaves no trace, and no row
    # is left without its entry.
    demo_conn.execute("delete from data_note where note_id = ?", [second])
    demo_conn.execute("delete from audit_log where seq = ?", [seq])
    assert audit.verify(demo_conn) == []  # why every export prints the head
    faults = audit.verify(demo_conn, expect_head=exported)
    assert [(f.seq, f.kind) for f in faults] == [(seq, "head")]
    assert f"Post {seq}, som en tidligere eksport viste som seneste post" in faults[0].message
    assert "afkortet eller skrevet om" in faults[0].message
    # An earlier, still present head verifies.
    assert audit.verify(demo_conn, expect_head=(seq - 1, audit.head(demo_conn)[1])) == []


def test_deleting_the_newest_entry_alone_leaves_its_row_unlogged(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    note_id = _note(demo_conn, "En note.")
    seq = _seq(demo_conn, "data_note", note_id)
    demo_conn.execute("delete from audit_log where seq = ?", [seq])
    result = audit.verify_summary(demo_conn)
    assert [(f.seq, f.kind) for f in result.faults] == [(None, "unlogged")]
    assert f"Note {note_id} (tabellen data_note) har ingen post" in result.faults[0].message
    assert result.first_broken_seq is None and not result.intact


# --- a forged entry appended with a correct hash (d) ------------------------------------------


def _forge_missing_followup(conn: duckdb.DuckDBPyConnection) -> tuple[int, str, str]:
    seq = audit.append(
        conn, actor="mette", action="followup_submit", entity="followup_version",
        entity_id="9999", details={"plan_id": PLAN, "year": 2024, "goal_id": "x"},
    )  # fmt: skip
    return seq, "missing", "beskriver opfølgningsversion 9999, som ikke findes i databasen"


def _forge_second_entry_for_a_note(conn: duckdb.DuckDBPyConnection) -> tuple[int, str, str]:
    note_id = int(_one(conn, "select min(note_id) from data_note"))
    first = audit.entries(conn, entity="data_note", entity_id=str(note_id)).iloc[0]
    seq = audit.append(
        conn, actor=first["actor"], action=first["action"], entity="data_note",
        entity_id=str(note_id), details=first["details"],
    )  # fmt: skip
    return seq, "duplicate", f"som post {int(first['seq'])} allerede beskriver"


def _forge_misdescribed_user(conn: duckdb.DuckDBPyConnection) -> tuple[int, str, str]:
    # A user version written behind the log's back (an administrator), and a forged entry
    # for it that tells a harmless story (a reader).
    version_id = int(_one(conn, "select max(version_id) from app_user_version"))
    conn.execute(
        "insert into app_user_version select * replace (9001 as version_id, version_no + 1 "
        "as version_no, 'role' as change) from app_user_version where version_id = ?",
        [version_id],
    )
    row = conn.execute(
        "select username, version_no, active, demo, password_hash from app_user_version "
        "where version_id = 9001"
    ).fetchone()
    details = user_audit_details(row[0], row[1], "læser", row[2], row[3], "role", row[4])
    seq = audit.append(
        conn, actor="anne", action="user_role", entity="app_user_version", entity_id="9001",
        details=details,
    )  # fmt: skip
    return seq, "mismatch", "rollen er"


def _forge_unknown_kind(conn: duckdb.DuckDBPyConnection) -> tuple[int, str, str]:
    seq = audit.append(
        conn, actor="mette", action="approve", entity="approval", entity_id="1", details={}
    )
    return seq, "unknown", "beskriver en ukendt slags række (approval)"


@pytest.mark.parametrize(
    "forge",
    [
        _forge_missing_followup,
        _forge_second_entry_for_a_note,
        _forge_misdescribed_user,
        _forge_unknown_kind,
    ],
    ids=["row-does-not-exist", "second-entry-for-a-row", "row-does-not-match", "unknown-kind"],
)
def test_a_forged_entry_with_a_correct_hash_is_caught_by_what_it_describes(
    demo_conn: duckdb.DuckDBPyConnection, forge
) -> None:
    seq, kind, expected = forge(demo_conn)
    assert audit.verify_rows(run_query(demo_conn, "audit_all").to_dict("records")) == []
    faults = audit.verify(demo_conn)
    assert [(f.seq, f.kind) for f in faults] == [(seq, kind)]
    assert faults[0].message.startswith(f"Post {seq} (") and expected in faults[0].message


@pytest.mark.parametrize("forger_key", [None, "en anden nøgle"], ids=["no-mac", "wrong-key"])
def test_a_consistent_forgery_is_caught_by_the_mac(
    demo_conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch, forger_key: str | None
) -> None:
    monkeypatch.setenv("MONITOR_AUDIT_KEY", KEY.decode())
    _note(demo_conn, "Skrevet af appen med nøglen.")
    # The forger writes a note row and an entry that describes it exactly, through the real
    # append, but without the key (or with a key of their own).
    if forger_key is None:
        monkeypatch.delenv("MONITOR_AUDIT_KEY")
    else:
        monkeypatch.setenv("MONITOR_AUDIT_KEY", forger_key)
    demo_conn.execute(
        "insert into data_note select * replace (9001 as note_id, 'Falsk note.' as text, "
        "null as replaces) from data_note where note_id = (select max(note_id) from data_note)"
    )
    row = demo_conn.execute("select * from data_note where note_id = 9001").df().iloc[0]
    seq = audit.append(
        demo_conn, actor=row["author"], action="note_add", entity="data_note",
        entity_id="9001", details={
            "plan_id": row["plan_id"], "indicator_code": row["indicator_code"],
            "geo_code": row["geo_code"], "period": row["period"], "text": row["text"],
            "replaces": None,
        },
    )  # fmt: skip
    assert audit.verify(demo_conn) == []  # links and content agree: only the key can tell
    result = audit.verify_summary(demo_conn, key=KEY)
    assert result.mac_checked
    assert [(f.seq, f.kind) for f in result.faults] == [(seq, "mac")]
    expected = "har ingen MAC, men poster før den har" if forger_key is None else "ikke passer"
    assert result.faults[0].message.startswith(f"Post {seq} (") and expected in str(
        result.faults[0]
    )
    # The demo's own entries predate the key: one note, not faults.
    assert len(result.notes) == 1 and "før nøglen" in result.notes[0]


# --- the whole chain rehashed after an edit (e) -----------------------------------------------


def test_rehashing_the_chain_after_an_edit_is_caught_by_the_mac(
    demo_conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_AUDIT_KEY", KEY.decode())
    _note(demo_conn, "Første note med nøgle.")
    target = _note(demo_conn, "Den note, der bliver skrevet om.")
    _note(demo_conn, "Tredje note med nøgle.")
    monkeypatch.delenv("MONITOR_AUDIT_KEY")
    exported = audit.head(demo_conn)
    seq = _seq(demo_conn, "data_note", target)
    # The forger edits the note, the entry recording it, and rehashes the chain from there.
    demo_conn.execute("update data_note set text = 'Omskrevet.' where note_id = ?", [target])
    _rewrite_details(demo_conn, seq, text="Omskrevet.")
    _rehash(demo_conn, seq)
    assert audit.verify(demo_conn) == []  # links and content agree again
    faults = audit.verify(demo_conn, key=KEY)
    assert [(f.seq, f.kind) for f in faults] == [(seq, "mac"), (seq + 1, "mac")]
    assert all("MAC, der ikke passer med nøglen" in f.message for f in faults)
    # The head an earlier export printed no longer matches either.
    faults = audit.verify(demo_conn, expect_head=exported)
    assert [(f.seq, f.kind) for f in faults] == [(exported[0], "head")]
    assert "skrevet om efter den eksport" in faults[0].message
    # Stripping the MACs of the rewritten entries does not help: earlier entries have one.
    demo_conn.execute("update audit_log set mac = null where seq >= ?", [seq])
    faults = audit.verify(demo_conn, key=KEY)
    assert [(f.seq, f.kind) for f in faults] == [(seq, "mac"), (seq + 1, "mac")]
    assert "har ingen MAC, men poster før den har" in faults[0].message


def test_a_wrong_key_is_named_once(
    demo_conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_AUDIT_KEY", KEY.decode())
    first = _seq(demo_conn, "data_note", _note(demo_conn, "En."))
    _note(demo_conn, "To.")
    assert audit.verify(demo_conn, key=KEY) == []
    faults = audit.verify(demo_conn, key=b"forkert")
    assert [(f.seq, f.kind) for f in faults] == [(first, "mac")]
    assert "nøglen er forkert" in faults[0].message


# --- a row inserted without an entry (f) ------------------------------------------------------

UNLOGGED = [
    pytest.param(
        "insert into followup_version select * replace (9001 as version_id, 9001 as version_no) "
        "from followup_version where version_id = (select min(version_id) from followup_version)",
        "Opfølgningsversion 9001 (tabellen followup_version) har ingen post",
        id="followup_version",
    ),
    pytest.param(
        "insert into data_note select * replace (9001 as note_id, null as replaces) "
        "from data_note where note_id = (select min(note_id) from data_note)",
        "Note 9001 (tabellen data_note) har ingen post",
        id="data_note",
    ),
    pytest.param(
        "insert into meeting_version select * replace (9001 as version_id, 9001 as version_no) "
        "from meeting_version where version_id = (select min(version_id) from meeting_version)",
        "Mødeversion 9001 (tabellen meeting_version) har ingen post",
        id="meeting_version",
    ),
    pytest.param(
        "insert into app_user_version select * replace (9001 as version_id, 9001 as version_no, "
        "'administrator' as role) from app_user_version "
        "where version_id = (select min(version_id) from app_user_version)",
        "Brugerversion 9001 (tabellen app_user_version) har ingen post",
        id="app_user_version",
    ),
    pytest.param(
        "insert into import_batch select * replace (9001 as batch_id, 'x' || sha256 as sha256) "
        "from import_batch where batch_id = (select min(batch_id) from import_batch)",
        "Import nr. 9001 (tabellen import_batch) har ingen post",
        id="import_batch",
    ),
    pytest.param(
        "insert into observation select * replace (900001 as observation_id, 9001 as batch_id) "
        "from observation where observation_id = (select min(observation_id) from observation)",
        "Tabellen observation har 1 tal fra import nr. 9001, som ikke findes",
        id="observation-of-no-import",
    ),
    pytest.param(
        "insert into followup_snapshot select * replace (9001 as version_id) "
        "from followup_snapshot where version_id = (select min(version_id) from followup_snapshot)",
        "talgrundlag for opfølgningsversion 9001, som ikke findes",
        id="followup_snapshot-of-no-version",
    ),
    pytest.param(
        "insert into meeting_approved values (9001, 1)",
        "Tabellen meeting_approved har 1 række(r) for mødeversion 9001, som ikke findes",
        id="meeting_approved-of-no-meeting",
    ),
]


@pytest.mark.parametrize(("insert", "expected"), UNLOGGED)
def test_a_row_inserted_behind_the_logs_back_is_caught(
    demo_conn: duckdb.DuckDBPyConnection, insert: str, expected: str
) -> None:
    demo_conn.execute(insert)
    result = audit.verify_summary(demo_conn)
    assert [(f.seq, f.kind) for f in result.faults] == [(None, "unlogged")]
    assert expected in result.faults[0].message
    assert "uden om appen" in result.faults[0].message


def test_a_figure_added_to_an_existing_import_is_caught(
    demo_conn: duckdb.DuckDBPyConnection,
) -> None:
    batch = int(_one(demo_conn, "select min(batch_id) from import_batch"))
    demo_conn.execute(
        "insert into observation select * replace (900001 as observation_id, 2099 as year, "
        "'2099' as period) from observation where observation_id = ("
        "select min(observation_id) from observation where batch_id = ?)",
        [batch],
    )
    seq = _seq(demo_conn, "import_batch", batch)
    faults = audit.verify(demo_conn)
    assert [(f.seq, f.kind) for f in faults] == [(seq, "mismatch")]
    assert "tallene fra importen er ændret" in faults[0].message
    assert "i databasen, men posten registrerer" in faults[0].message


# --- the MAC itself -----------------------------------------------------------------------------


def test_append_signs_with_the_key_only_when_it_is_set(
    registry_db: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsigned = _note(registry_db, "Uden nøgle.")
    monkeypatch.setenv("MONITOR_AUDIT_KEY", KEY.decode())
    signed = _note(registry_db, "Med nøgle.")
    rows = {
        int(r[0]): (r[1], r[2])
        for r in registry_db.execute("select seq, entry_hash, mac from audit_log").fetchall()
    }
    unsigned_hash, unsigned_mac = rows[_seq(registry_db, "data_note", unsigned)]
    signed_hash, signed_mac = rows[_seq(registry_db, "data_note", signed)]
    assert unsigned_mac is None
    assert signed_mac == hmac.new(KEY, signed_hash.encode(), hashlib.sha256).hexdigest()
    result = audit.verify_summary(registry_db, key=KEY)
    assert result.faults == [] and result.mac_checked
    first_signed = _seq(registry_db, "data_note", signed)
    assert result.notes == [
        f"Post 1-{first_signed - 1} er skrevet, før nøglen ($MONITOR_AUDIT_KEY) blev taget i "
        f"brug, og har ingen MAC; nøglen bekræfter posterne fra post {first_signed} og frem."
    ]
    # Without a key the MACs are not checked, and the summary says so.
    plain = audit.verify_summary(registry_db)
    assert plain.faults == [] and not plain.mac_checked
    assert plain.notes == [
        "Posterne har MAC'er, men ingen nøgle er givet, så de er ikke kontrolleret."
    ]


def test_parse_head() -> None:
    digest = "ab" * 32
    assert audit.parse_head(f"12:{digest.upper()}") == (12, digest)
    for bad in ("12", f"x:{digest}", "12:abc", f"12:{'g' * 64}"):
        with pytest.raises(audit.AuditError, match="Ugyldig seneste post"):
            audit.parse_head(bad)


# --- the command line ---------------------------------------------------------------------------


def test_cli_verify_checks_the_head_and_the_key(
    demo_db_copy: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with connect(demo_db_copy) as conn:
        exported = audit.head(conn)
    head = f"{exported[0]}:{exported[1]}"
    code, out, _ = cli("--db", str(demo_db_copy), "audit", "verify", "--head", head)
    assert code == 0 and "er intakt" in out and f"seneste post {head}" in out
    assert "MAC'er er ikke kontrolleret: $MONITOR_AUDIT_KEY er ikke sat." in out
    monkeypatch.setenv("MONITOR_AUDIT_KEY", KEY.decode())
    with connect(demo_db_copy) as conn:
        note_id = _note(conn, "Med nøgle.")
        seq = _seq(conn, "data_note", note_id)
        newest = f"{seq}:{audit.head(conn)[1]}"
    code, out, _ = cli("--db", str(demo_db_copy), "audit", "verify", "--head", head)
    assert code == 0 and "MAC'er er kontrolleret med nøglen fra $MONITOR_AUDIT_KEY." in out
    assert "Bemærk: " in out  # the demo's entries from before the key
    # Cut the log back to the exported head, note and all: only --head catches it.
    raw = duckdb.connect(str(demo_db_copy))
    raw.execute("delete from data_note where note_id = ?", [note_id])
    raw.execute("delete from audit_log where seq = ?", [seq])
    raw.close()
    code, out, _ = cli("--db", str(demo_db_copy), "audit", "verify", "--head", newest)
    assert code == 1
    assert f"FEJL: Post {seq}, som en tidligere eksport viste som seneste post" in out
    assert f"IKKE intakt: 1 fejl (første brudte post: {seq})" in out
    code, _, err = cli("--db", str(demo_db_copy), "audit", "verify", "--head", "17")
    assert code != 0 and "Ugyldig seneste post" in err
