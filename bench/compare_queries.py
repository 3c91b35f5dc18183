"""Before/after of the plan queries in one run (issue 11), on two copies of one database:

    .venv/bin/python -m bench.compare_queries --ref main \\
        --before bench/out/before-1m.duckdb --after bench/out/after-1m.duckdb

`--before` is a copy left at the schema of `--ref` (opened read-only, never migrated) and is
queried with the query texts of `--ref` (git show); `--after` is the same copy migrated by this
tree and queried with this tree's texts. The runs alternate (before, after, before, ...) so a
machine shared with other work inflates both alike; best and median wall time (ms) and the
process CPU time (ms, every DuckDB thread) per run are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import time
from pathlib import Path

import duckdb

from bench.import_bench import PLAN_QUERIES, PLANS
from monitor.db import query_sql

ROOT = Path(__file__).resolve().parent.parent


def text_at(ref: str, name: str) -> str:
    return subprocess.run(
        ["git", "show", f"{ref}:queries/{name}.sql"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout


def run(conn: duckdb.DuckDBPyConnection, sql: str, plan: str) -> tuple[float, float, int]:
    params = {"plan_id": plan} if re.search(r"\$plan_id\b", sql) else None
    wall, cpu = time.perf_counter(), time.process_time()
    frame = conn.execute(sql, params).df()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, len(frame)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--queries", default="plan_series,plan_chart_periods")
    args = parser.parse_args(argv)
    names = [n for n in args.queries.split(",") if n in PLAN_QUERIES]
    before = duckdb.connect(args.before, read_only=True)
    after = duckdb.connect(args.after, read_only=True)
    for conn in (before, after):
        conn.execute("set enable_progress_bar = false")
    plans = {row[0] for row in after.execute("select plan_id from plan").fetchall()}
    print(f"before: {args.before} (queries of {args.ref}); after: {args.after} (this tree)")
    print()
    print(
        "| Plan / query | before best | before median | before CPU | after best "
        "| after median | after CPU | rows |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for plan in (p for p in PLANS if p in plans):
        for name in names:
            old_sql, new_sql = text_at(args.ref, name), query_sql(name)
            old_rows = run(before, old_sql, plan)[2]  # warm both
            new_rows = run(after, new_sql, plan)[2]
            if old_rows != new_rows:
                print(f"| {plan}/{name} | rows differ: before {old_rows}, after {new_rows} |")
            timings: dict[str, list[tuple[float, float, int]]] = {"before": [], "after": []}
            for _ in range(args.repeat):
                timings["before"].append(run(before, old_sql, plan))
                timings["after"].append(run(after, new_sql, plan))
            cells = []
            for side in ("before", "after"):
                walls = [t[0] for t in timings[side]]
                cpus = [t[1] for t in timings[side]]
                cells += [
                    f"{min(walls):.1f}",
                    f"{statistics.median(walls):.1f}",
                    f"{statistics.median(cpus):.0f}",
                ]
            print(f"| {plan}/{name} | {' | '.join(cells)} | {new_rows} |", flush=True)
    before.close()
    after.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
