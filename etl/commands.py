"""The import commands of `python -m etl`: load, history, dump and the import log."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from etl.errors import CliError
from etl.terminal import printable
from monitor import config
from monitor.db import connect, run_query


def _error(message: str) -> Exception:
    return CliError(message)


def cmd_load(args: argparse.Namespace) -> int:
    from etl.admin_commands import login_user
    from etl.load import import_bytes
    from monitor.auth import AuthError, require

    failed = 0
    with connect(config.db_path(args.db)) as conn:
        try:
            user = require(login_user(args, conn), "import_data")
        except AuthError as exc:
            raise _error(str(exc)) from exc
        if run_query(conn, "plans").empty:
            raise _error("Databasen har ingen registre. Kør først: python -m etl init")
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                print(f"{printable(name)}: filen findes ikke", file=sys.stderr)
                failed += 1
                continue

            def progress(rows: int, _total: int | None, name: str = name) -> None:
                print(
                    f"\r{name}: læser ... {rows:,} rækker".replace(",", "."),
                    end="",
                    file=sys.stderr,
                    flush=True,
                )

            try:
                content = path.read_bytes()
            except OSError:
                print(f"{printable(name)}: filen kan ikke læses (har du lov?)", file=sys.stderr)
                failed += 1
                continue
            report = import_bytes(
                conn,
                content,
                path.name,
                user=user,
                kind=args.kind,
                sheet=args.sheet,
                indicator=args.indicator,
                progress=progress,
                accept_older=args.accept_older,
            )
            print("\r", end="", file=sys.stderr)
            shown = printable(name)
            if report.kind and report.kind_detected:
                print(f"{shown}: genkendt som {report.kind} ({report.layout})")
            for note in report.notes:
                print(f"{shown}: {printable(note)}")
            for problem in [*report.errors, *report.warnings]:
                print(printable(problem), file=sys.stderr)
            if report.older_refused:
                print(
                    f"{shown}: bekræft en ældre levering med --accept-older, hvis den skal "
                    "erstatte de nyere tal",
                    file=sys.stderr,
                )
            print(f"{shown}: {report.summary()}")
            failed += bool(report.errors) or report.older_refused
    return 1 if failed else 0


def cmd_history(args: argparse.Namespace) -> int:
    with connect(config.db_path(args.db)) as conn:
        frame = run_query(
            conn, "observation_history", indicator_code=args.indicator, geo_code=args.geo
        )
    if frame.empty:
        raise _error(f"Ingen tal for indikator {args.indicator!r} og geografi {args.geo!r}")
    for r in frame.itertuples():
        value = "diskretioneret" if r.suppressed else ("" if pd.isna(r.value) else f"{r.value:g}")
        mark = "gældende" if r.is_current else "erstattet"
        survey = r.survey if isinstance(r.survey, str) and r.survey else "-"
        print(
            f"{r.period}\t{value}\t{mark}\timport {r.batch_id} {printable(r.file_name)}\t"
            f"{r.imported_at:%Y-%m-%d %H:%M}\t{r.imported_by}\t"
            f"undersøgelse/kilde: {printable(survey)}"
        )
    return 0


DUMP_COLUMNS = [
    "plan_id", "geo_code", "geo_name", "geo_level", "indicator_code", "indicator_name", "period",
    "value", "numerator", "denominator", "suppressed", "uncertain", "partial", "source_kind",
    "survey", "batch_sha256",
]  # fmt: skip


def cmd_dump(args: argparse.Namespace) -> int:
    with connect(config.db_path(args.db)) as conn:
        if args.plan and not (run_query(conn, "plans")["plan_id"] == args.plan).any():
            raise _error(f"Ukendt plan {args.plan!r}")
        frame = run_query(conn, "observations_dump", plan_id=args.plan)[DUMP_COLUMNS]
    if args.format == "parquet":
        if not args.out:
            raise _error("--format parquet kræver --out FIL")
        frame.to_parquet(args.out, index=False)
        return 0
    write_csv(frame, args.out)
    return 0


def write_csv(frame: pd.DataFrame, out: str | None) -> None:
    """Standard CSV: comma separator, decimal point, UTF-8; empty cells for missing values."""
    frame = frame.astype(object).where(frame.notna(), None)
    if out:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False, lineterminator="\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


OVERVIEW_FRAMES = ("plan_goal_indicators", "plan_baselines_detail", "plan_targets", "plan_series")


def cmd_overview(args: argparse.Namespace) -> int:
    """The Overblik of a plan as CSV, computed by the same function as the page."""
    from monitor.dashboard import default_year
    from monitor.overview import export_frame, overview
    from monitor.plan_overview import goal_indicators

    with connect(config.db_path(args.db)) as conn:
        plans = run_query(conn, "plans")
        if plans.empty:
            raise _error("Databasen har ingen planer. Kør først: python -m etl init")
        match = plans[plans["plan_id"] == args.plan]
        if match.empty:
            known = ", ".join(plans["plan_id"])
            raise _error(f"Ukendt plan {args.plan!r}. Kendte planer: {known}")
        plan = match.iloc[0]
        frames = {name: run_query(conn, name, plan_id=args.plan) for name in OVERVIEW_FRAMES}
        # with the boligområder of a goal followed for the whole plan (as the Overblik)
        frames["plan_goal_indicators"] = goal_indicators(
            lambda name, **params: run_query(conn, name, **params), args.plan
        )
    start = pd.Timestamp(plan["period_start"]).year
    year = args.year if args.year is not None else default_year(frames["plan_series"], start)
    table = overview(
        frames["plan_goal_indicators"],
        frames["plan_baselines_detail"],
        frames["plan_targets"],
        frames["plan_series"],
        int(year),
        plan_start_year=start,
        kommune_code=str(plan["kommune_code"]),
    )
    write_csv(export_frame(table, args.plan), args.out)
    return 0


def cmd_asof(args: argparse.Namespace) -> int:
    try:
        moment = dt.datetime.fromisoformat(args.date)
    except ValueError as exc:
        raise _error(f"ugyldig dato {args.date!r}; brug ÅÅÅÅ-MM-DD") from exc
    if len(args.date) == 10:
        moment += dt.timedelta(days=1) - dt.timedelta(microseconds=1)  # the whole day
    with connect(config.db_path(args.db)) as conn:
        # Filtered in the query, before the newest version is picked: one series costs what
        # it holds, not the whole database.
        frame = run_query(
            conn,
            "observations_as_of",
            as_of=moment,
            indicator_code=args.indicator or None,
            geo_code=args.geo or None,
        )
    columns = [
        "indicator_code",
        "geo_code",
        "period",
        "value",
        "numerator",
        "denominator",
        "suppressed",
        "uncertain",
        "batch_id",
    ]
    frame[columns].sort_values(columns[:3]).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    with connect(config.db_path(args.db)) as conn:
        log = run_query(conn, "import_log")
    for r in log.itertuples():
        print(
            f"{r.batch_id}\t{r.imported_at:%Y-%m-%d %H:%M}\t{r.imported_by}\t{r.kind}\t"
            f"{printable(r.file_name)}\t{r.values_loaded} indlæst, {r.values_revised} revideret\t"
            f"{r.sha256}"
        )
    return 0


def cmd_alias_add(args: argparse.Namespace) -> int:
    from etl.admin_commands import login_user
    from etl.aliases import AliasError, add_alias
    from monitor.auth import AuthError

    with connect(config.db_path(args.db)) as conn:
        try:
            user = login_user(args, conn)
            alias_id = add_alias(conn, user, args.kind, args.text, args.code)
        except (AliasError, AuthError) as exc:
            raise _error(str(exc)) from exc
    print(f"Tilknyttet ({args.kind}): '{printable(args.text)}' -> {args.code} (nr. {alias_id})")
    return 0


def cmd_alias_list(args: argparse.Namespace) -> int:
    from etl.aliases import list_aliases

    with connect(config.db_path(args.db)) as conn:
        frame = list_aliases(conn)
    for r in frame.itertuples():
        print(
            f"{r.kind}\t{printable(r.alias)}\t{r.code}\t{r.created_by}\t"
            f"{r.created_at:%Y-%m-%d %H:%M}"
        )
    return 0


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register the import commands on the CLI's subparsers."""
    p = sub.add_parser("load", help="indlæs filer (LBF, tryghed, lokale tal, Statistikbanken)")
    p.add_argument(
        "--kind",
        choices=["lbf", "tryghed", "lokal", "dst"],
        help="datatype (ellers genkendes den ud fra overskrifterne)",
    )
    p.add_argument("--sheet", help="kun dette ark i en Excel-fil")
    p.add_argument("--indicator", help="indikatoren en tabel fra Statistikbanken fodrer")
    p.add_argument("files", nargs="+", metavar="FIL")
    p.add_argument(
        "--accept-older",
        action="store_true",
        help="indlæs også en fil, der sætter tal tilbage til ældre værdier (en ældre levering)",
    )
    p.add_argument("--user", required=True, help="dit brugernavn (adgangskode i $MONITOR_PASSWORD)")
    p.set_defaults(handler=cmd_load)

    p = sub.add_parser("history", help="alle versioner af en indikators tal for en geografi")
    p.add_argument("--indicator", required=True)
    p.add_argument("--geo", required=True)
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser("asof", help="tallene som de stod på en dato (hvad så bestyrelsen?)")
    p.add_argument("date", help="ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM")
    p.add_argument("--indicator")
    p.add_argument("--geo")
    p.set_defaults(handler=cmd_asof)

    p = sub.add_parser("dump", help="de gældende tal, inkl. aggregater, som CSV eller Parquet")
    p.add_argument("--plan")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv")
    p.add_argument("--out")
    p.set_defaults(handler=cmd_dump)

    p = sub.add_parser(
        "overview", help="planens overblik som CSV: status pr. mål, indikator og område"
    )
    p.add_argument("--plan", required=True, help="plan-id (se: plans)")
    p.add_argument(
        "--year", type=int, help="opgjort for år (ellers det nyeste år med tal for et helt år)"
    )
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("--out", help="skriv til fil i stedet for standard output")
    p.set_defaults(handler=cmd_overview)

    p = sub.add_parser("alias", help="stavemåder af indikatorer, geografier og svarkategorier")
    alias = p.add_subparsers(dest="alias_command", required=True, metavar="HANDLING")
    a = alias.add_parser("add", help="knyt en stavemåde til en kode i registret")
    a.add_argument("--kind", required=True, choices=["indikator", "geografi", "svar"])
    a.add_argument("text", metavar="TEKST", help="stavemåden, som filerne skriver den")
    a.add_argument(
        "code", metavar="KODE", help="indikator- eller geografikode (svar: indikatorens kode)"
    )
    a.add_argument("--user", required=True, help="dit brugernavn (adgangskode i $MONITOR_PASSWORD)")
    a.set_defaults(handler=cmd_alias_add)
    a = alias.add_parser("list", help="vis tilknyttede stavemåder")
    a.set_defaults(handler=cmd_alias_list)

    p = sub.add_parser("imports", help="importloggen")
    p.set_defaults(handler=cmd_imports)
