"""`python -m etl`: create and fill the database from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from etl.admin_commands import add_admin_subcommands
from etl.commands import add_subcommands, write_csv
from etl.errors import CliError
from etl.plan_commands import add_plan_subcommands
from monitor import config
from monitor.auth import AuthError, require
from monitor.db import DatabaseError, connect, database_kind, mark_database, run_query

Handler = Callable[[argparse.Namespace], int]


def open_db(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    """Open (create or upgrade) the database named by --db / MONITOR_DB."""
    return connect(config.db_path(args.db))


def cmd_init(args: argparse.Namespace) -> int:
    from etl.admin_commands import login_user
    from etl.seed_figures import SeedFiguresError, load_seed_figures
    from monitor.registry import load_registry, write_registry

    registry = load_registry(Path(args.registry))
    with open_db(args) as conn:
        if database_kind(conn) == "new":
            raise CliError(
                f"Databasen {config.db_path(args.db)} har ingen brugere endnu. Opret først "
                "en administrator: python -m etl users add NAVN --role administrator"
            )
        try:
            user = require(login_user(args, conn), "load_registry")
        except AuthError as exc:
            raise CliError(str(exc)) from exc
        mark_database(conn, "production")
        write_registry(conn, registry, user)
        try:
            loaded = load_seed_figures(conn, user, Path(args.registry))
        except SeedFiguresError as exc:
            raise CliError(str(exc)) from exc
    for report in loaded:
        print(f"Seedtal {report.file_name}: {report.summary()}")
    n_goals = sum(len(p.goals) for p in registry.plans)
    print(
        f"Database klar: {config.db_path(args.db)} "
        f"({len(registry.plans)} planer, {n_goals} mål, {len(registry.indicators)} indikatorer)"
    )
    return 0


def _require_plans(conn: duckdb.DuckDBPyConnection, db: str | None) -> None:
    if run_query(conn, "plans").empty:
        raise CliError(
            f"Databasen {config.db_path(db)} har ingen planer. Kør først: python -m etl init"
        )


def cmd_plans(args: argparse.Namespace) -> int:
    with open_db(args) as conn:
        _require_plans(conn, args.db)
        plans = run_query(conn, "plans")
    for row in plans.itertuples():
        print(f"{row.plan_id}\t{row.name}")
    return 0


def cmd_baselines(args: argparse.Namespace) -> int:
    with open_db(args) as conn:
        _require_plans(conn, args.db)
        frame = run_query(conn, "plan_baselines", plan_id=args.plan)
        if frame.empty and not (run_query(conn, "plans")["plan_id"] == args.plan).any():
            known = ", ".join(run_query(conn, "plans")["plan_id"])
            raise CliError(f"Ukendt plan {args.plan!r}. Kendte planer: {known}")
    write_csv(frame, args.out)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo import NotADemoDatabase, build_demo

    try:
        build_demo(config.db_path(args.db), registry_dir=Path(args.registry), force=args.force)
    except NotADemoDatabase as exc:
        raise CliError(str(exc)) from exc
    except RuntimeError as exc:  # a demo file the ETL refused: a bug, but say it plainly
        raise CliError(str(exc)) from exc
    return 0


def _registry_errors() -> tuple[type[Exception], ...]:
    """RegistryError, imported only when an error is being handled (pydantic and yaml cost
    start-up time that `load` does not need)."""
    from monitor.registry import RegistryError

    return (RegistryError,)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl", description="Boligsocial Monitor: database og dataindlæsning"
    )
    parser.add_argument("--db", help="databasefil (ellers $MONITOR_DB eller data/monitor.duckdb)")
    parser.add_argument(
        "--registry", default=str(config.REGISTRY_DIR), help="mappe med registre (data/)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    p = sub.add_parser("init", help="opret eller opgrader databasen og indlæs registrene")
    p.add_argument("--user", required=True, help="dit brugernavn (adgangskode i $MONITOR_PASSWORD)")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("plans", help="vis planernes id og navn")
    p.set_defaults(handler=cmd_plans)

    p = sub.add_parser("baselines", help="planens baselines som CSV")
    p.add_argument("--plan", required=True, help="plan-id (se: plans)")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("--out", help="skriv til fil i stedet for standard output")
    p.set_defaults(handler=cmd_baselines)

    p = sub.add_parser("demo", help="byg demodatabasen gennem den rigtige indlæsning")
    p.add_argument("--force", action="store_true", help="byg forfra, selv om databasen findes")
    p.set_defaults(handler=cmd_demo)

    add_subcommands(sub)
    add_plan_subcommands(sub)
    add_admin_subcommands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code. Errors are printed in Danish, never as a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (CliError, DatabaseError, *_registry_errors()) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    except duckdb.IOException as exc:
        # DuckDB's own text names interpreter paths and process ids; the user gets Danish.
        busy = "lock" in str(exc).lower()
        reason = (
            "den er i brug af et andet program (fx dashboardet eller en anden import)"
            if busy
            else "filen kan ikke læses eller skrives"
        )
        print(f"Fejl: databasen {config.db_path(args.db)} kunne ikke åbnes: {reason}.",
              file=sys.stderr)  # fmt: skip
        return 2
    except duckdb.Error:
        print(
            f"Fejl i databasen {config.db_path(args.db)}: handlingen er afbrudt, og det, den "
            "nåede, er rullet tilbage. Prøv igen; sker det igen, så kontakt administratoren.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
