"""What the audit entries describe, checked against the rows: the part of `audit.verify` that
makes the log prove more than its own links.

Every entry records what its write wrote (see the writers' `audit.append` calls). For each
entry, the row it describes must exist and still match: a follow-up version's text hash and
frozen snapshot, a note's text, a meeting's participants, decisions and approvals, a user
version's role and password hash, an import's bytes and figures, a registry load. The other way
round, every row of the logged tables must have its entry, and dependent rows (snapshots,
presented and approved follow-ups, figures) a parent row: a row written behind the application's
back has none. So editing a row in the file without touching the log is caught, and so is an
entry appended without its row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import duckdb
import pandas as pd

from monitor import audit, followup
from monitor.audit import AuditFault
from monitor.auth import user_audit_details
from monitor.db import run_query
from monitor.originals import compressed_sha256

NOUNS = {
    "followup_version": "opfølgningsversion",
    "data_note": "note",
    "meeting_version": "mødeversion",
    "app_user_version": "brugerversion",
    "import_batch": "import nr.",
    "registry_load": "registerindlæsningen",
    "name_alias": "navnetilknytning",
    "geography_added": "den tilføjede afdeling",
    "plan_version": "planversion",
}
USER_LABELS = {
    "username": "brugernavnet",
    "version_no": "versionsnummeret",
    "role": "rollen",
    "active": "adgangen (aktiv)",
    "demo": "demomarkeringen",
    "change": "ændringen",
    "password_hash_sha256": "adgangskoden (dens hash)",
}


@dataclass(frozen=True)
class Entry:
    """One audit entry with its details parsed."""

    seq: int
    actor: str
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]

    @property
    def label(self) -> str:
        return f"Post {self.seq} ({self.action} {self.entity} {self.entity_id}, {self.actor})"

    @property
    def thing(self) -> str:
        return thing(self.entity, self.entity_id)


class Field(NamedTuple):
    """One recorded detail and the row's value for it."""

    key: str
    label: str  # Danish, as it reads in "<label> er ændret"
    actual: Any
    required: bool = False  # an entry without it is a fault (the writer always records it)
    show: bool = True  # show both values; False for hashes and long texts


def thing(entity: str, entity_id: str) -> str:
    """'opfølgningsversion 5', 'import nr. 3', ... (Danish)."""
    if entity == "registry_load":
        return f"{NOUNS[entity]} {str(entity_id)[:12]}…"
    return f"{NOUNS.get(entity, entity)} {entity_id}"


def _plain(value: Any) -> Any:
    """A value as plain JSON data, so database values and recorded details compare."""
    if hasattr(value, "tolist"):  # numpy scalars and arrays (DuckDB lists)
        value = value.tolist()
    return json.loads(audit.canonical_json(value))


def _show(value: Any) -> str:
    if value is None:
        return "tom"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f'"{text}"'
    return str(value)


def _compare(details: Mapping[str, Any], fields: list[Field]) -> list[str]:
    problems = []
    for f in fields:
        if f.key not in details:
            if f.required:
                problems.append(f"posten registrerer ikke {f.label}")
            continue
        recorded, actual = _plain(details[f.key]), _plain(f.actual)
        if recorded != actual:
            problems.append(
                f"{f.label} er {_show(actual)} i databasen, men {_show(recorded)} i posten"
                if f.show
                else f"{f.label} er ændret"
            )
    return problems


def _author(entry: Entry, author: Any) -> list[str]:
    if str(author) != entry.actor:
        return [f"den er skrevet af {author} i databasen, men af {entry.actor} i posten"]
    return []


# --- one checker per entity: the row's mismatches with its entry, in Danish ----------------------


def _check_followup(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    d = entry.details
    status = _plain(row["status"])
    text = followup.FollowupText(status, str(row["story_md"]), str(row["next_steps"]))
    after_approval = _plain(row["after_approval"])
    problems = _compare(
        d,
        [
            Field("plan_id", "planen", row["plan_id"], required=True),
            Field("year", "året", row["year"], required=True),
            Field("goal_id", "målet", row["goal_id"], required=True),
            Field("status", "status", status, required=True),
            Field("replaces", "den version, den bygger på,", row["replaces"]),
            Field("corrects", "den indsendte version, den retter,", row["corrects"]),
            Field("reason", "begrundelsen", row["reason"]),
            Field("after_approval", "markeringen rettet efter godkendelse", bool(after_approval)),
            Field(
                "text_sha256",
                "teksten (status, historien bag tallene, næste skridt)",
                followup.text_sha256(text),
                required=True,
                show=False,
            ),
        ],
    )
    problems += _author(entry, row["author"])
    state = {"followup_submit": "submitted", "followup_save": "draft"}.get(entry.action)
    if state is None:
        problems.append(f"handlingen {entry.action} findes ikke for opfølgninger")
    elif row["state"] != state:
        problems.append(
            f"versionen er {followup.STATE_LABELS.get(row['state'], row['state'])} i databasen, "
            f"men {followup.STATE_LABELS[state]} i posten"
        )
    recorded = d.get("snapshot_sha256")
    stored, content = _plain(row["snapshot_sha256"]), _plain(row["snapshot_content_sha256"])
    if entry.action == "followup_submit" or recorded is not None:
        if recorded is None:
            problems.append("posten registrerer ikke det frosne talgrundlag")
        elif stored is None:
            problems.append("det frosne talgrundlag mangler i databasen")
        elif stored != recorded or content != recorded:
            problems.append("det frosne talgrundlag er ændret")
    elif stored is not None:
        problems.append("versionen har et frosset talgrundlag, som posten ikke registrerer")
    return problems


def _check_note(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    problems = _compare(
        entry.details,
        [
            Field("plan_id", "planen", row["plan_id"]),
            Field("indicator_code", "indikatoren", row["indicator_code"], required=True),
            Field("geo_code", "geografien", row["geo_code"], required=True),
            Field("period", "perioden", row["period"], required=True),
            Field("text", "teksten", row["text"], required=True),
            Field("replaces", "den note, den afløser,", row["replaces"]),
        ],
    )
    problems += _author(entry, row["author"])
    withdrawn = bool(_plain(row["withdrawn"]))
    if withdrawn != (entry.action == "note_withdraw"):
        problems.append(
            "noten er trukket tilbage i databasen, men posten er ikke en tilbagetrækning"
            if withdrawn
            else "noten er ikke trukket tilbage i databasen, men posten er en tilbagetrækning"
        )
    return problems


def _check_plan(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    """A plan version: who, why, from when, adopted where, and its content's fingerprint (the
    stored content is hashed again, so an edited plan document is caught)."""
    content = row["content"]
    actual = None
    if isinstance(content, str):
        actual = audit.sha256_text(audit.canonical_json(json.loads(content)))
    problems = _compare(
        entry.details,
        [
            Field("plan_id", "planen", row["plan_id"], required=True),
            Field("version_no", "versionsnummeret", row["version_no"], required=True),
            Field("reason", "begrundelsen", row["reason"], required=True),
            Field("in_force_from", "gælder fra-datoen", _iso(row["in_force_from"]), required=True),
            Field("adopted_on", "vedtagelsesdatoen", _iso(row["adopted_on"])),
            Field("adopted_note", "vedtagelsesnoten", row["adopted_note"]),
            Field("adopted_meeting_id", "mødet, der vedtog den,", row["adopted_meeting_id"]),
            Field("sha256", "planens indhold", row["sha256"], required=True, show=False),
        ],
    )
    if actual != entry.details.get("sha256"):
        problems.append("planens indhold er ændret")
    problems += _author(entry, row["saved_by"])
    return problems


def _show_cell(value: Any) -> str:
    """A pv_* value in a message: numbers the Danish way (26,1)."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return _show(value)


def _row_value(value: Any) -> Any:
    """A pv_* value as JSON carries it: dates as ISO text, numbers as floats."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def _keyed(
    rows: list[dict[str, Any]], columns: tuple[str, ...], n_key: int
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Rows by their primary key (the first `n_key` columns), values as JSON carries them."""
    return {
        tuple(_row_value(row.get(c)) for c in columns[:n_key]): {
            c: _row_value(row.get(c)) for c in columns
        }
        for row in rows
    }


def plan_row_differences(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], list[str]]:
    """Each plan version's pv_* rows compared with the rows its content gives (rebuilt by
    plan_versions.version_rows, the function a save writes them with): (plan_id, version_no)
    -> the differences, in Danish, naming plan, version, table and row. A version carried over
    without content (migration 019) has nothing to compare with."""
    from monitor.plan_versions import VERSION_TABLES, version_rows
    from monitor.registry import Plan

    stored: dict[tuple[str, int], dict[str, list[dict[str, Any]]]] = {}
    for r in run_query(conn, "audit_check_plan_rows").to_dict("records"):
        key = (str(r["plan_id"]), int(r["version_no"]))
        stored.setdefault(key, {}).setdefault(str(r["table_name"]), []).append(
            json.loads(r["row_json"])
        )
    out: dict[tuple[str, int], list[str]] = {}
    for r in run_query(conn, "audit_check_plan").to_dict("records"):
        if not isinstance(r["content"], str):
            continue
        plan_id, version_no = str(r["plan_id"]), int(r["version_no"])
        where = f"version {version_no} af planen {plan_id}"
        try:
            plan = Plan.model_validate(json.loads(r["content"]))
        except ValueError:
            out[(plan_id, version_no)] = [f"{where}: indholdet kan ikke læses som en plan"]
            continue
        rebuilt = version_rows(plan, version_no)
        problems = []
        for table, (columns, n_key) in VERSION_TABLES.items():
            want = _keyed(
                [dict(zip(columns, row, strict=True)) for row in rebuilt[table]], columns, n_key
            )
            have = _keyed(stored.get((plan_id, version_no), {}).get(table, []), columns, n_key)
            for key in sorted(set(want) | set(have), key=str):
                shown = ", ".join(
                    f"{c}={_show_cell(v)}" for c, v in zip(columns[2:n_key], key[2:], strict=True)
                )
                row_text = f"rækken ({shown})" if shown else "planens række"
                if key not in have:
                    problems.append(
                        f"{where}: tabellen {table} mangler {row_text} fra versionens indhold"
                    )
                elif key not in want:
                    problems.append(
                        f"{where}: tabellen {table} har {row_text}, som ikke står i "
                        "versionens indhold"
                    )
                else:
                    for c in columns[n_key:]:
                        if have[key][c] != want[key][c]:
                            problems.append(
                                f"{where}: tabellen {table}, {row_text}: {c} er "
                                f"{_show_cell(have[key][c])} i databasen, men "
                                f"{_show_cell(want[key][c])} i versionens indhold"
                            )
        if problems:
            out[(plan_id, version_no)] = problems
    return out


def _iso(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date().isoformat()


def _json_list(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _check_meeting(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    problems = _compare(
        entry.details,
        [
            Field("meeting_id", "mødet", row["meeting_id"]),
            Field("plan_id", "planen", row["plan_id"], required=True),
            Field("meeting_date", "mødedatoen", row["meeting_date"], required=True),
            Field("participants", "deltagerne", _json_list(row["participants"]), required=True),
            Field(
                "decisions",
                "beslutningerne",
                _json_list(row["decisions"]),
                required=True,
                show=False,
            ),
            Field("presented", "de fremlagte opfølgninger", row["presented"], required=True),
            Field("approved", "de godkendte opfølgninger", row["approved"]),
            Field("replaces", "den version, den retter,", row["replaces"]),
        ],
    )
    return problems + _author(entry, row["author"])


def _check_user(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    expected = user_audit_details(
        str(row["username"]),
        int(row["version_no"]),
        str(row["role"]),
        bool(row["active"]),
        bool(row["demo"]),
        str(row["change"]),
        str(row["password_hash"]),
    )
    problems = _compare(
        entry.details,
        [
            Field(
                key,
                USER_LABELS.get(key, key),
                value,
                required=True,
                show=key != "password_hash_sha256",
            )
            for key, value in expected.items()
        ],
    )
    if entry.action != f"user_{row['change']}":
        problems.append(f"ændringen er {row['change']} i databasen, men posten er {entry.action}")
    return problems + _author(entry, row["author"])


def _check_alias(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    fields = [
        Field("kind", "slagsen", row["kind"], required=True),
        Field("alias", "stavemåden", row["alias"], required=True),
        Field("code", "koden", row["code"], required=True),
    ]
    return _compare(entry.details, fields) + _author(entry, row["created_by"])


def _check_geography_added(entry: Entry, row: Mapping[str, Any]) -> list[str]:
    fields = [
        Field("code", "koden", row["code"], required=True),
        Field("name", "navnet", row["name"], required=True),
        Field("level", "niveauet", row["level"]),
    ]
    problems = _compare(entry.details, fields) + _author(entry, row["created_by"])
    if not row["in_registry"]:
        problems.append("afdelingen findes ikke længere i registrets geografier")
    return problems


class _ImportCheck:
    """Import batches need the connection: their figures are hashed again per batch."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self.unfingerprinted: list[int] = []

    def __call__(self, entry: Entry, row: Mapping[str, Any]) -> list[str]:
        d = entry.details
        problems = _compare(
            d,
            [
                Field("file_name", "filnavnet", row["file_name"], required=True),
                Field("sha256", "filens SHA-256", row["sha256"], required=True, show=False),
                Field("kind", "datakilden", row["kind"]),
                Field("values_loaded", "antallet af indlæste tal", row["values_loaded"]),
                Field("values_revised", "antallet af reviderede tal", row["values_revised"]),
            ],
        )
        problems += _author(entry, row["imported_by"])
        if "sha256" in d and row["content_sha256"] != d["sha256"]:
            problems.append(
                "den gemte fil (dens bytes) passer ikke til filens SHA-256 i posten "
                "(filen er udskiftet)"
            )
        if "values_loaded" in d and int(row["observations"]) != _plain(d["values_loaded"]):
            problems.append(
                f"importen har {int(row['observations'])} tal i databasen, men posten "
                f"registrerer {_plain(d['values_loaded'])} indlæste"
            )
        if "observations_sha256" in d:
            if (
                audit.observations_sha256(self.conn, int(row["batch_id"]))
                != d["observations_sha256"]
            ):
                problems.append("tallene fra importen er ændret (deres SHA-256 passer ikke)")
        else:
            self.unfingerprinted.append(entry.seq)
        return problems


# --- the whole check --------------------------------------------------------------------------


def _parse(rows: list[Mapping[str, Any]]) -> list[Entry]:
    entries = []
    for row in rows:
        try:
            details = json.loads(row["details"])
        except (TypeError, ValueError):
            continue  # unreadable details: the chain check reports the entry as edited
        entries.append(
            Entry(
                seq=int(row["seq"]),
                actor=str(row["actor"]),
                action=str(row["action"]),
                entity=str(row["entity"]),
                entity_id=str(row["entity_id"]),
                details=details if isinstance(details, dict) else {},
            )
        )
    return entries


def _by_id(frame: pd.DataFrame, column: str) -> dict[str, dict[str, Any]]:
    return {str(int(r[column])): r for r in frame.to_dict("records")}


def _seq_list(seqs: list[int]) -> str:
    return ", ".join(str(s) for s in seqs)


def content_faults(
    conn: duckdb.DuckDBPyConnection, rows: list[Mapping[str, Any]]
) -> tuple[list[AuditFault], list[str]]:
    """Every mismatch between the entries (`audit_all` rows) and the rows they describe, and
    every row without an entry: (faults, notes). Notes are remarks that are not faults."""
    entries = _parse(rows)
    imports = _ImportCheck(conn)
    row_faults = plan_row_differences(conn)
    tables: dict[str, tuple[dict[str, dict[str, Any]], Callable[..., list[str]]]] = {
        "followup_version": (
            _by_id(run_query(conn, "audit_check_followup"), "version_id"),
            _check_followup,
        ),
        "data_note": (_by_id(run_query(conn, "audit_check_note"), "note_id"), _check_note),
        "meeting_version": (
            _by_id(run_query(conn, "audit_check_meeting"), "version_id"),
            _check_meeting,
        ),
        "app_user_version": (
            _by_id(run_query(conn, "audit_check_user"), "version_id"),
            _check_user,
        ),
        "import_batch": (_by_id(_imports_hashed(conn), "batch_id"), imports),
        "name_alias": (_by_id(run_query(conn, "audit_check_alias"), "alias_id"), _check_alias),
        "geography_added": (
            {
                str(r["code"]): r
                for r in run_query(conn, "audit_check_geography_added").to_dict("records")
            },
            _check_geography_added,
        ),
        "plan_version": (
            _by_id(run_query(conn, "audit_check_plan"), "version_id"),
            # the version's pv_* rows must be those its content gives
            lambda entry, row: (
                _check_plan(entry, row)
                + row_faults.get((str(row["plan_id"]), int(row["version_no"])), [])
            ),
        ),
    }
    loads = Counter(
        (str(r["sha256"]), str(r["loaded_by"]))
        for r in run_query(conn, "audit_check_registry").to_dict("records")
    )
    faults: list[AuditFault] = []
    seen: dict[tuple[str, str], int] = {}
    for entry in entries:
        if entry.entity == "registry_load":
            problem = _check_registry(entry, loads)
            if problem:
                faults.append(AuditFault(entry.seq, "missing", problem))
            continue
        if entry.entity not in tables:
            faults.append(
                AuditFault(
                    entry.seq,
                    "unknown",
                    f"{entry.label} beskriver en ukendt slags række ({entry.entity}): appen "
                    "skriver ingen sådan post, så den kan ikke kontrolleres.",
                )
            )
            continue
        key = (entry.entity, entry.entity_id)
        if key in seen:
            faults.append(
                AuditFault(
                    entry.seq,
                    "duplicate",
                    f"{entry.label} beskriver {entry.thing}, som post {seen[key]} allerede "
                    "beskriver: hver række har én post, så denne er tilføjet uden om appen.",
                )
            )
            continue
        seen[key] = entry.seq
        found, check = tables[entry.entity]
        row = found.get(entry.entity_id)
        if row is None:
            faults.append(
                AuditFault(
                    entry.seq,
                    "missing",
                    f"{entry.label} beskriver {entry.thing}, som ikke findes i databasen: "
                    "rækken er slettet, eller posten er skrevet uden om appen.",
                )
            )
            continue
        problems = check(entry, row)
        if problems:
            faults.append(
                AuditFault(
                    entry.seq,
                    "mismatch",
                    f"{entry.label} beskriver {entry.thing}, men rækken passer ikke til posten: "
                    + "; ".join(problems)
                    + ".",
                )
            )
    faults += _unlogged(conn)
    notes = []
    if imports.unfingerprinted:
        notes.append(
            f"Post {_seq_list(imports.unfingerprinted)} (import) er skrevet, før tallenes "
            "SHA-256 blev registreret: for dem er kun antallet af tal kontrolleret."
        )
    return faults, notes


def _check_registry(entry: Entry, loads: Counter[tuple[str, str]]) -> str | None:
    """A registry load's entry needs its own registry_load row (same SHA-256, same user)."""
    recorded = entry.details.get("sha256")
    if recorded != entry.entity_id:
        return (
            f"{entry.label} beskriver {entry.thing}, men posten registrerer en anden SHA-256 "
            "end den, den er skrevet for."
        )
    if loads[(entry.entity_id, entry.actor)] > 0:
        loads[(entry.entity_id, entry.actor)] -= 1
        return None
    return (
        f"{entry.label} beskriver {entry.thing} af {entry.actor}, som ikke findes i databasen: "
        "rækken er slettet, eller posten er skrevet uden om appen."
    )


def _unlogged(conn: duckdb.DuckDBPyConnection) -> list[AuditFault]:
    """Rows no entry accounts for (seq None: there is no entry to name)."""
    faults = []
    for r in run_query(conn, "audit_check_unlogged").to_dict("records"):
        table, row_id, count = str(r["table_name"]), str(r["row_id"]), int(r["row_count"])
        if not r["orphan"]:
            what = thing(table, row_id)
            message = (
                f"{what[0].upper()}{what[1:]} (tabellen {table}) har ingen post i "
                "revisionssporet: rækken er skrevet uden om appen."
            )
        elif table == "observation":
            message = (
                f"Tabellen observation har {count} tal fra import nr. {row_id}, som ikke findes: "
                "de er skrevet uden om appen, eller importen er slettet."
            )
        elif table == "followup_snapshot":
            message = (
                "Tabellen followup_snapshot har et frosset talgrundlag for opfølgningsversion "
                f"{row_id}, som ikke findes: det er skrevet uden om appen, eller versionen er "
                "slettet."
            )
        else:
            message = (
                f"Tabellen {table} har {count} række(r) for mødeversion {row_id}, som ikke "
                "findes: de er skrevet uden om appen, eller mødeversionen er slettet."
            )
        faults.append(AuditFault(None, "unlogged", message))
    return faults


def _imports_hashed(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """audit_check_import with the SHA-256 of every stored original, compressed ones restored
    first (monitor/originals.py)."""
    rows = run_query(conn, "audit_check_import")
    restored = compressed_sha256(conn)
    rows["content_sha256"] = [
        restored.get(int(b), h)
        for b, h in zip(rows["batch_id"], rows["content_sha256"], strict=True)
    ]
    return rows
