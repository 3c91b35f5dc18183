"""`python -m etl` commands for users, the audit log, follow-ups, meeting packs and revision.

Commands that write, or show more than the board may see, take `--user NAME`; the password is
read from $MONITOR_PASSWORD or asked for on the terminal (there is no default), and the role is
checked by the backend functions, exactly as on the pages. The first `users add` on an empty
users store creates the first administrator. `audit verify` and `users verify` need no login:
they only check integrity, and anyone holding a copy of the files must be able to run them.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from etl.errors import CliError
from monitor import audit, auth, config, followup
from monitor.db import DatabaseError, connect, database_kind, mark_database

Handler = Callable[[argparse.Namespace], int]


def domain_errors() -> tuple[type[Exception], ...]:
    """The domain errors a command may raise. Imported when one is raised: `reports` pulls in
    fpdf and plotly (a second of start-up), which `load` and most commands never need."""
    from monitor import meetings, notes, reports

    return (
        auth.AuthError,
        followup.FollowupError,
        followup.ConflictError,
        meetings.MeetingError,
        notes.NoteError,
        reports.ReportError,
        audit.AuditError,
    )


def _when_text(ts: object) -> str:
    from monitor.reports import when_text

    return when_text(ts)


def _error(message: str) -> Exception:
    return CliError(message)


def _handled(handler: Handler) -> Handler:
    """Domain errors (Danish) become CliError, which the CLI prints without a traceback."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except domain_errors() as exc:
            raise _error(str(exc)) from exc

    return run


def login_user(args: argparse.Namespace, conn: duckdb.DuckDBPyConnection) -> auth.User:
    """The user named by --user, logged in against this database's users with the password
    from $MONITOR_PASSWORD or the terminal. Every writing command calls this: the actor of a
    write is always a logged-in user, never a name from the environment."""
    if not getattr(args, "user", None):
        raise _error("Angiv dig selv med --user NAVN (adgangskode i $MONITOR_PASSWORD).")
    password = _secret("MONITOR_PASSWORD", f"Adgangskode for {args.user}: ")
    return auth.login(conn, args.user, password)


def _secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise _error(f"Ingen adgangskode: sæt ${env} eller kør kommandoen i en terminal.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Gentag adgangskoden: ") != first:
        raise _error("De to adgangskoder er forskellige.")
    return first


def _login(args: argparse.Namespace, conn: duckdb.DuckDBPyConnection) -> auth.User:
    """The user named by --user, with the password from $MONITOR_PASSWORD or the terminal,
    checked against the users of this database."""
    return login_user(args, conn)


def _open(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    return connect(config.db_path(args.db))


# --- users ------------------------------------------------------------------------------------


def cmd_users_add(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        existing = auth.users(conn, demo=database_kind(conn) == "demo")
        actor = None
        if existing:
            actor = auth.require(_login(args, conn), "manage_users")
        elif args.role != "administrator":
            raise _error(
                "Der findes ingen brugere endnu: opret først en administrator med "
                "--role administrator."
            )
        password = _secret(
            "MONITOR_NEW_PASSWORD", f"Ny adgangskode for {args.name}: ", confirm=True
        )
        if database_kind(conn) == "new":
            mark_database(conn, "production")
        user = auth.add_user(conn, actor, args.name, args.role, password)
    first = " (første administrator)" if not existing else ""
    print(f"Bruger oprettet: {user.username} ({user.role}){first} i {config.db_path(args.db)}")
    return 0


def cmd_users_deactivate(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        auth.deactivate_user(conn, _login(args, conn), args.name)
    print(f"Adgangen er lukket for {args.name}")
    return 0


def cmd_users_activate(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        auth.activate_user(conn, _login(args, conn), args.name)
    print(f"Adgangen er åbnet igen for {args.name}")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        actor = _login(args, conn)
        password = _secret(
            "MONITOR_NEW_PASSWORD", f"Ny adgangskode for {args.name}: ", confirm=True
        )
        auth.set_password(conn, actor, args.name, password)
    print(f"Adgangskoden er skiftet for {args.name}")
    return 0


def cmd_users_role(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        auth.set_role(conn, _login(args, conn), args.name, args.role)
    print(f"{args.name} er nu {args.role}")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        auth.require(_login(args, conn), "manage_users")
        found = auth.users(conn)
    if not found:
        print("Ingen brugere.")
    for u in sorted(found.values(), key=lambda u: (auth.ROLES.index(u.role), u.username)):
        state = "aktiv" if u.active else "lukket"
        print(
            f"{u.username}\t{u.role}\t{state}\toprettet {_when_text(u.created_at)} "
            f"af {u.created_by}\tændret {_when_text(u.changed_at)} af {u.changed_by}"
        )
    return 0


# --- audit ------------------------------------------------------------------------------------


def cmd_audit_verify(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    if not path.exists():
        raise _error(f"Databasen {path} findes ikke.")
    expect_head = None if args.head is None else audit.parse_head(args.head)
    key = config.audit_key()
    with _open(args) as conn:
        result = audit.verify_summary(conn, key=key, expect_head=expect_head)
    for fault in result.faults:
        print(f"FEJL: {fault}")
    for note in result.notes:
        print(f"Bemærk: {note}")
    if key is None:
        print("MAC'er er ikke kontrolleret: $MONITOR_AUDIT_KEY er ikke sat.")
    elif result.mac_checked:
        print("MAC'er er kontrolleret med nøglen fra $MONITOR_AUDIT_KEY.")
    else:
        print("MAC'er er ikke kontrolleret: ingen post har en MAC (skrevet uden nøgle).")
    if expect_head is not None:
        print(f"Seneste post fra eksporten (post {expect_head[0]}) er kontrolleret.")
    seq, digest = result.head
    if result.faults:
        first = (
            f" (første brudte post: {result.first_broken_seq})"
            if result.first_broken_seq is not None
            else ""
        )
        print(f"Revisionssporet i {path} er IKKE intakt: {len(result.faults)} fejl{first}.")
        return 1
    print(
        f"Revisionssporet i {path} er intakt: {result.entries} poster, seneste post {seq}:{digest}."
    )
    return 0


def cmd_audit_list(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        user = _login(args, conn)
        auth.require(user, "read_audit")
        frame = audit.entries(
            conn, entity=args.entity, actor=args.actor, action=args.action, limit=args.limit
        )
    for r in frame.itertuples(index=False):
        details = json.dumps(r.details, ensure_ascii=False, sort_keys=True)
        print(
            f"{r.seq}\t{_when_text(r.recorded_at)}\t{r.actor}\t{r.action}\t"
            f"{r.entity} {r.entity_id}\t{details}"
        )
    return 0


# --- follow-ups, meeting pack, revision ---------------------------------------------------------


def cmd_followup_list(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        user = _login(args, conn)
        auth.require(user, "read")
        frame = followup.versions(conn, args.plan, args.year)
    if frame.empty:
        print("Ingen opfølgninger.")
    for r in frame.itertuples(index=False):
        print(
            f"{r.version_id}\t{r.year}\t{r.goal_id}\tv{r.version_no}\t"
            f"{followup.STATE_LABELS.get(r.state, r.state)}\t{r.status or '–'}\t{r.author}\t"
            f"{_when_text(r.created_at)}"
            + (f"\tsnapshot {r.snapshot_sha256}" if isinstance(r.snapshot_sha256, str) else "")
        )
    return 0


def cmd_followup_show(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        user = _login(args, conn)
        auth.require(user, "read")
        v = followup.get_version(conn, args.version)
    print(
        f"Opfølgning {v.plan_id} {v.year} {v.goal_id}, version {v.version_no} "
        f"({followup.STATE_LABELS[v.state]}) af {v.author} {_when_text(v.created_at)}"
    )
    print(f"Status: {v.status or '–'}")
    if v.snapshot_sha256:
        print(f"Snapshot SHA-256: {v.snapshot_sha256}")
    print("\nHistorien bag tallene:\n" + v.story_md)
    print("\nNæste skridt:\n" + v.next_steps)
    return 0


def _read_text(path: str | None) -> str:
    if not path:
        return ""
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def cmd_followup_write(args: argparse.Namespace) -> int:
    submitting = args.followup_command == "submit"
    with _open(args) as conn:
        user = _login(args, conn)
        auth.require(user, "write_followup")
        based_on = args.based_on
        if based_on is None:
            newest = followup.latest(conn, args.plan, args.year, args.goal)
            based_on = None if newest is None else newest.version_id
        write = followup.submit if submitting else followup.save_draft
        v = write(
            conn,
            user,
            plan_id=args.plan,
            year=args.year,
            goal_id=args.goal,
            status=args.status,
            story_md=_read_text(args.story_file),
            next_steps=_read_text(args.next_file),
            based_on=based_on,
            reason=args.reason,
        )
    what = "Indsendt" if submitting else "Kladde gemt"
    print(f"{what}: version {v.version_no} (id {v.version_id}) af {v.author}")
    if v.snapshot_sha256:
        print(f"Snapshot SHA-256: {v.snapshot_sha256}")
    return 0


def cmd_note_add(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        user = _login(args, conn)
        from monitor import notes

        note_id = notes.add_note(
            conn,
            user,
            indicator_code=args.indicator,
            geo_code=args.geo,
            period=args.period,
            text=args.text,
            plan_id=args.plan,
        )
    print(f"Note gemt (id {note_id}) af {user.username}")
    return 0


def cmd_meeting_pack(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        user = _login(args, conn)
        from monitor import reports

        pdf = reports.meeting_pack_pdf(conn, user, args.plan, args.date)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    print(f"Mødemateriale skrevet: {out}")
    return 0


def cmd_revision(args: argparse.Namespace) -> int:
    with _open(args) as conn:
        user = _login(args, conn)
        from monitor import reports

        export = reports.export_revision(conn, user, args.plan, args.year)
    paths = reports.write_revision(export, args.out)
    for p in paths:
        print(f"Skrevet: {p}")
    print(f"Fingeraftryk (SHA-256): {export.fingerprint}")
    if not export.content["audit_log"]["intact"]:
        print("ADVARSEL: revisionssporet er ikke intakt (se dokumentet).", file=sys.stderr)
    return 0


# --- registration ------------------------------------------------------------------------------


def _with_user(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument(
        "--user", required=required, help="dit brugernavn (adgangskode i $MONITOR_PASSWORD)"
    )


def add_admin_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register users, audit, followup, note, meeting-pack and revision on the subparsers."""
    users = sub.add_parser("users", help="brugere og roller (gemt i databasen)")
    usub = users.add_subparsers(dest="users_command", required=True, metavar="HANDLING")
    p = usub.add_parser("add", help="opret en bruger (den første skal være administrator)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=auth.ROLES)
    _with_user(p, required=False)
    p.set_defaults(handler=_handled(cmd_users_add))
    p = usub.add_parser("deactivate", help="luk en brugers adgang")
    p.add_argument("name")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_users_deactivate))
    p = usub.add_parser("activate", help="åbn en lukket brugers adgang igen")
    p.add_argument("name")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_users_activate))
    p = usub.add_parser("passwd", help="skift adgangskode (ny i $MONITOR_NEW_PASSWORD)")
    p.add_argument("name")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_users_passwd))
    p = usub.add_parser("role", help="skift en brugers rolle")
    p.add_argument("name")
    p.add_argument("role", choices=auth.ROLES)
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_users_role))
    p = usub.add_parser("list", help="vis brugerne")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_users_list))

    aud = sub.add_parser("audit", help="revisionssporet: kontrollér eller vis")
    asub = aud.add_subparsers(dest="audit_command", required=True, metavar="HANDLING")
    p = asub.add_parser(
        "verify",
        help="kontrollér at ingen post er ændret eller slettet, og at posterne passer til "
        "rækkerne (MAC'er med nøglen i $MONITOR_AUDIT_KEY, når den er sat)",
    )
    p.add_argument(
        "--head",
        metavar="NR:HASH",
        help="seneste post fra en tidligere eksport: den skal stadig findes med samme hash",
    )
    p.set_defaults(handler=_handled(cmd_audit_verify))
    p = asub.add_parser("list", help="vis poster, nyeste først (revisor, administrator)")
    p.add_argument("--entity")
    p.add_argument("--actor")
    p.add_argument("--action")
    p.add_argument("--limit", type=int, default=100)
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_audit_list))

    fu = sub.add_parser("followup", help="opfølgninger: vis, gem kladde, indsend")
    fsub = fu.add_subparsers(dest="followup_command", required=True, metavar="HANDLING")
    p = fsub.add_parser("list", help="alle versioner med forfatter og tidspunkt")
    p.add_argument("--plan", required=True)
    p.add_argument("--year", type=int)
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_followup_list))
    p = fsub.add_parser("show", help="vis én version")
    p.add_argument("version", type=int)
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_followup_show))

    for name, text in (("draft", "gem en kladde"), ("submit", "indsend (fastfryser tallene)")):
        p = fsub.add_parser(name, help=text)
        p.add_argument("--plan", required=True)
        p.add_argument("--year", required=True, type=int)
        p.add_argument("--goal", required=True, help="mål-id")
        p.add_argument("--status", choices=followup.STATUSES)
        p.add_argument("--story-file", help="historien bag tallene (Markdown-fil, - for stdin)")
        p.add_argument("--next-file", help="næste skridt (fil)")
        p.add_argument(
            "--based-on", type=int, help="versionen ændringen bygger på (ellers den nyeste)"
        )
        p.add_argument("--reason", help="begrundelse for en rettelse af en indsendt opfølgning")
        _with_user(p)
        p.set_defaults(handler=_handled(cmd_followup_write))

    note = sub.add_parser("note", help="noter til datapunkter")
    nsub = note.add_subparsers(dest="note_command", required=True, metavar="HANDLING")
    p = nsub.add_parser("add", help="tilføj en note til et datapunkt")
    p.add_argument("--indicator", required=True)
    p.add_argument("--geo", required=True)
    p.add_argument("--period", required=True, help="fx 2020, 2020-K2")
    p.add_argument("--text", required=True)
    p.add_argument("--plan")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_note_add))

    p = sub.add_parser("meeting-pack", help="mødemateriale som PDF")
    p.add_argument("--plan", required=True)
    p.add_argument("--date", required=True, help="mødedato ÅÅÅÅ-MM-DD")
    p.add_argument("--out", required=True, help="PDF-fil")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_meeting_pack))

    p = sub.add_parser("revision", help="dokumentation til revisionen (PDF, XLSX, JSON)")
    p.add_argument("--plan", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--out", required=True, help="mappe")
    _with_user(p)
    p.set_defaults(handler=_handled(cmd_revision))


def main(argv: Sequence[str] | None = None) -> int:
    """Run only these commands (for tests before they are registered in etl/cli.py)."""
    parser = argparse.ArgumentParser(prog="python -m etl")
    parser.add_argument("--db")
    sub = parser.add_subparsers(dest="command", required=True)
    add_admin_subcommands(sub)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (CliError, DatabaseError) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"Fejl i databasen: {exc}", file=sys.stderr)
        return 2
