"""`python -m etl plan ...`: plans in and out as files, their versions, a plan as of a date.

`plan import FILE --user NAME` saves the file as the plan's next version (validated like the
Plan page, all or nothing); `export`, `history` and `show` only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from monitor import config
from monitor.auth import AuthError
from monitor.db import connect


def _error(message: str) -> Exception:
    from etl.cli import CliError

    return CliError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} er ikke en dato (ÅÅÅÅ-MM-DD)") from exc


def _open(args: argparse.Namespace):  # noqa: ANN202 - a DuckDB connection
    return connect(config.db_path(args.db))


def cmd_plan_export(args: argparse.Namespace) -> int:
    # (imported here: every command-line start would pay for pydantic, yaml and fpdf)
    from monitor import plan_versions
    from monitor.plan_versions import PlanError

    with _open(args) as conn:
        try:
            plan_versions.known_plan(conn, args.plan)
            versions = plan_versions.history(conn, args.plan)
            chosen = versions[-1]
            if args.as_of is not None:
                found = plan_versions.version_as_of(conn, args.plan, args.as_of)
                if found is None:
                    raise PlanError(
                        f"Planen {args.plan!r} havde ingen version i kraft {args.as_of} "
                        f"(første version gælder fra {versions[0].in_force_from})."
                    )
                chosen = found
            plan = plan_versions.plan_content_of(conn, args.plan, chosen.version_no)
        except PlanError as exc:
            raise _error(str(exc)) from exc
    data = (
        plan_versions.export_xlsx(plan)
        if args.format == "xlsx"
        else plan_versions.export_yaml(plan)
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"Skrevet: {out} ({args.plan}, version {chosen.version_no})")
    return 0


def cmd_plan_import(args: argparse.Namespace) -> int:
    # (imported here: every command-line start would pay for pydantic, yaml and fpdf)
    from etl.admin_commands import login_user
    from monitor import plan_versions
    from monitor.plan_versions import PlanError

    path = Path(args.file)
    if not path.exists():
        raise _error(f"{path}: filen findes ikke")
    with _open(args) as conn:
        try:
            user = login_user(args, conn)
            plan, version = plan_versions.import_plan_file(
                conn,
                user,
                str(path),
                path.read_bytes(),
                reason=args.reason or f"Indlæst fra filen {path.name}",
                in_force_from=args.in_force_from,
                adopted_on=args.adopted_on,
                adopted_note=args.adopted_note,
                registry_dir=Path(args.registry),
            )
        except (PlanError, AuthError) as exc:
            raise _error(str(exc)) from exc
    if version is None:
        print(f"Uændret: {plan.id} er allerede sådan i databasen; ingen ny version.")
    else:
        print(
            f"Gemt: {plan.id} {plan_versions.version_label(version)}, af {version.saved_by}"
        )
    return 0


def cmd_plan_history(args: argparse.Namespace) -> int:
    # (imported here: every command-line start would pay for pydantic, yaml and fpdf)
    from monitor import plan_versions, reports
    from monitor.plan_versions import PlanError

    with _open(args) as conn:
        try:
            plan_versions.known_plan(conn, args.plan)
        except PlanError as exc:
            raise _error(str(exc)) from exc
        versions = plan_versions.history(conn, args.plan)
    for v in versions:
        adopted = ""
        if v.adopted_on is not None or v.adopted_note:
            adopted = f"\tvedtaget {v.adopted_on or ''} {v.adopted_note or ''}".rstrip()
        print(
            f"v{v.version_no}\tgælder fra {v.in_force_from}\t{v.saved_by}\t"
            f"{reports.when_text(v.saved_at)}\t{v.reason}{adopted}"
        )
    return 0


def cmd_plan_show(args: argparse.Namespace) -> int:
    # (imported here: every command-line start would pay for pydantic, yaml and fpdf)
    from monitor import plan_versions, reports
    from monitor.plan_versions import PlanError

    as_of = args.as_of or dt.date.today()
    with _open(args) as conn:
        try:
            plan_versions.known_plan(conn, args.plan)
            version = plan_versions.version_as_of(conn, args.plan, as_of)
            if version is None:
                first = plan_versions.history(conn, args.plan)[0]
                raise PlanError(
                    f"Planen {args.plan!r} havde ingen version i kraft {as_of} "
                    f"(første version gælder fra {first.in_force_from})."
                )
            plan = plan_versions.plan_content_of(conn, args.plan, version.version_no)
        except PlanError as exc:
            raise _error(str(exc)) from exc
    print(f"# {plan.name} pr. {as_of}: {plan_versions.version_label(version)}")
    print(f"# gemt af {version.saved_by} {reports.when_text(version.saved_at)}: {version.reason}")
    sys.stdout.write(plan_versions.export_yaml(plan).decode("utf-8"))
    return 0


def add_plan_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register `plan export|import|history|show` on the CLI's subparsers."""
    plan = sub.add_parser("plan", help="planer som filer, deres versioner, en plan pr. dato")
    psub = plan.add_subparsers(dest="plan_command", required=True, metavar="HANDLING")

    p = psub.add_parser("export", help="skriv en plan som YAML eller XLSX")
    p.add_argument("--plan", required=True, help="plan-id (se: plans)")
    p.add_argument("--format", choices=["yaml", "xlsx"], default="yaml")
    p.add_argument("--out", required=True, help="filen der skrives")
    p.add_argument("--as-of", type=_date, help="versionen i kraft denne dato (ellers den nyeste)")
    p.set_defaults(handler=cmd_plan_export)

    p = psub.add_parser("import", help="gem en planfil (YAML/XLSX) som planens næste version")
    p.add_argument("file")
    p.add_argument("--reason", help="begrundelse for ændringen (ellers filens navn)")
    p.add_argument("--in-force-from", type=_date, help="gælder fra (ÅÅÅÅ-MM-DD; ellers i dag)")
    p.add_argument("--adopted-on", type=_date, help="vedtaget af bestyrelsen (dato)")
    p.add_argument("--adopted-note", help="hvor den er vedtaget, fx mødet og punktet")
    p.add_argument(
        "--user", required=True, help="dit brugernavn (adgangskode i $MONITOR_PASSWORD)"
    )
    p.set_defaults(handler=cmd_plan_import)

    p = psub.add_parser("history", help="planens versioner: hvem, hvornår, hvorfor")
    p.add_argument("--plan", required=True)
    p.set_defaults(handler=cmd_plan_history)

    p = psub.add_parser("show", help="planen som den var i kraft på en dato (YAML)")
    p.add_argument("--plan", required=True)
    p.add_argument("--as-of", type=_date, help="dato ÅÅÅÅ-MM-DD (ellers i dag)")
    p.set_defaults(handler=cmd_plan_show)
