"""Benchmark of issue 11 (run on demand, not in the test suite):

    .venv/bin/python -m bench.import_bench            # the full run, 1 M values (~10-20 min)
    .venv/bin/python -m bench.import_bench --afdelinger 840 --skip-xlsx   # a quick look
    .venv/bin/python -m bench.import_bench --only queries   # the plan queries alone, on the
                                                            # databases a full run left

Generates the 1 M-value LBF delivery (ten LBF indicators x 8.400 afdelinger x 12 years) as a
long CSV and as a wide XLSX in bench/out/ (git-ignored), registers the afdelinger through the
real registry load, and measures, each command in its own process (wall time and the child's
peak RSS from /usr/bin/time):

- `python -m etl load` of the long CSV; DuckDB's own read_csv of the same file with the
  numbers parsed (the floor); a naive pandas read + row-by-row insert (extrapolated from
  20.000 rows); the re-import of the same bytes (no-op); the XLSX import;
- a small import (1.008 values: 84 whole series) into the big database, and `etl asof
  --indicator --geo`;
- each dashboard query for one plan, in-process, at 1 M observations and again after growing
  the database 10x in SQL (copies of every observation for other afdelinger): for a plan
  without figures, for `bench-stor` (a boligområde of 100 afdelinger in a plan area of all the
  generated afdelinger) and for a scaling series of plans of one boligområde of 10, 100 and
  1.000 afdelinger (real plans have 1-5 boligområder of 2-40 afdelinger), so the cost is seen
  to grow with the plan's size and not with the database's.

`--only queries` measures the last step alone on bench/out/bench-1m.duckdb and
bench-10m.duckdb as they are (opening them applies any new migration and adds the scaling
plans) and writes bench/results-queries.json and .md.

Writes bench/results.json and bench/results.md (date, machine, git commit, the table with the
targets of issue 11).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.data import (
    ORG,
    PLAN_ID,
    afdeling_code,
    bench_registry,
    write_long_csv,
    write_wide_xlsx,
)
from monitor import stored_reads
from monitor.auth import User, add_user
from monitor.db import connect, run_query
from monitor.registry import Boligomraade, Goal, GoalIndicator, Registry, write_registry

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / "out"
USER, PASSWORD = "bench", "bench-adgang-1"
# Plans of one boligområde of this many afdelinger (the first generated ones), each following
# every LBF indicator for the boligområde and for the plan's whole area.
SCALING = (10, 100, 1000)
PLANS = ("vejleaaparken-2021-25", PLAN_ID, *(f"bench-skala-{n}" for n in SCALING))
PLAN_QUERIES = (
    "plan_series",
    "plan_chart_periods",
    "plan_baselines_detail",
    "plan_goal_indicators",
    "plan_targets",
    "plan_areas",
    "plan_area_members",
    "plan_activities",
)
# As measured in issue 11, before this work (its machine, quiet): for comparison.
ISSUE_BEFORE = {
    "load_csv": "16,1 s, 2,0 GB",
    "floor_read_csv": "0,9 s, 0,3 GB",
    "naive_pandas_rows": "≈ 490 s",
    "noop": "1,7 s, 0,3 GB",
    "load_xlsx": "67 s, 3,4 GB",
    "small_import_10m": "≈ 10 s, 1,7 GB",
    "asof_10m": "4–5 s, 1,1 GB",
}
TARGETS = {
    "load_csv": "< 8 s, < 1 GB",
    "load_xlsx": "< 60 s",
    "noop": "< 1 s",
    "small_import_1m": "koster hvad filen koster",
    "small_import_10m": "koster hvad filen koster",
    "asof_1m": "koster hvad svaret koster",
    "asof_10m": "koster hvad svaret koster",
}


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH_DIR
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        cwd=BENCH_DIR,
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "git_commit": commit + (" (with local changes)" if dirty else ""),
        "load_average_at_start": os.getloadavg(),
    }


def run_child(args: list[str], env: dict | None = None) -> dict:
    """Run a command; its wall time, its peak RSS (MB) and its output.

    The RSS comes from /usr/bin/time, not from wait4 here: on Linux a child's ru_maxrss starts
    from the RSS of the process that forked it, and this process holds a large database's
    query results by the end."""
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
        tempfile.NamedTemporaryFile("w+", suffix=".time") as timing,
    ):
        started = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", timing.name, *args],
            stdout=out,
            stderr=err,
            env={**os.environ, **(env or {})},
            check=False,
        )
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        measured = Path(timing.name).read_text().split()
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(int(measured[-1]) / 1024),
        "returncode": proc.returncode,
        "stdout": stdout[-2000:],
        "stderr": stderr[-2000:],
    }


def repeated(args: list[str], env: dict | None = None, times: int = 5) -> dict:
    """A short command run `times` times: the median wall time (one run of a second is at the
    mercy of the page cache and the scheduler), every run's time and the highest peak RSS."""
    runs = [run_child(args, env) for _ in range(times)]
    walls = [r["wall_s"] for r in runs]
    return {
        **runs[-1],
        "wall_s": round(statistics.median(walls), 2),
        "walls_s": walls,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "returncode": max(r["returncode"] for r in runs),
    }


def etl(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "etl", "--db", str(db), *args]


def scaling_registry(afdelinger: int) -> Registry:
    """bench_registry with the scaling plans (SCALING) added, as many as `afdelinger` allows."""
    reg = bench_registry(afdelinger)
    big = reg.plan(PLAN_ID)
    lbf = [i.code for i in reg.indicators if i.source_kind == "lbf"]
    plans = []
    for n in SCALING:
        if n > afdelinger:
            continue
        plan_id = f"bench-skala-{n}"
        area = f"Benchskala {n}"
        codes = [afdeling_code(k) for k in range(1, n + 1)]
        goal = Goal(
            id="skala-maal",
            kind="maal",
            indsatsomraade=big.goals[0].indsatsomraade,
            title=f"Skalamål ({n} afdelinger)",
            indicators=[
                GoalIndicator(indicator=code, geo=geo)
                for code in lbf
                for geo in (area, f"plan:{plan_id}")
            ],
        )
        plans.append(
            big.model_copy(
                update={
                    "id": plan_id,
                    "name": f"Benchmarkplan, {n} afdelinger (genereret)",
                    "afdelinger": [a for a in big.afdelinger if a.code in set(codes)],
                    "boligomraader": [Boligomraade(code=area, name=area, afdelinger=codes)],
                    "goals": [goal],
                }
            )
        )
    return reg.model_copy(update={"plans": [*reg.plans, *plans]})


def fresh_db(path: Path, afdelinger: int) -> None:
    """A database with the registries, the generated afdelinger and one administrator. Its
    plans are the seed plans and bench-stor, which reads every generated afdeling: an import
    stores that plan's reads (monitor/stored_reads.py), the worst case of one plan. The
    scaling plans join before the queries are timed (prepare_for_queries)."""
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with connect(path) as conn:
        add_user(conn, None, USER, "administrator", PASSWORD)
        write_registry(conn, bench_registry(afdelinger), User(USER, "administrator"))


def prepare_for_queries(db: Path) -> None:
    """Open `db` once for writing: apply any migration newer than the database, and add the
    scaling plans where it has none (a database from before them); the registry load is
    audited as any other."""
    with connect(db) as conn:
        afdelinger = conn.execute(
            "select count(*) from geography where level = 'afdeling' and organisation = ?",
            [ORG],
        ).fetchone()[0]
        have = {row[0] for row in conn.execute("select plan_id from plan").fetchall()}
        # grow() adds observations in raw SQL, past the writers that store the plans' reads:
        # store them as a write would (the time it takes is printed, the cost of a write); a
        # registry load stores them itself.
        started = time.perf_counter()
        if not all(plan in have for plan in PLANS[2:]):
            write_registry(conn, scaling_registry(afdelinger), User(USER, "administrator"))
        else:
            stored_reads.refresh(conn)
        print(f"{db.name}: plan reads stored in {time.perf_counter() - started:.1f} s", flush=True)
        conn.execute("checkpoint")


FLOOR_SCRIPT = """
import sys, duckdb
conn = duckdb.connect()
conn.execute('''
    create table t as
    select
        "Indikator", "Geografi", "Geografikode", "År",
        try_cast(replace(replace("Andel", ' %', ''), ',', '.') as double) as andel,
        try_cast(replace("Værdi", ',', '.') as double) as vaerdi,
        try_cast("Antal" as double) as antal,
        try_cast("Grundlag" as double) as grundlag
    from read_csv(?, delim = ';', header = true, all_varchar = true)
''', [sys.argv[1]])
print(conn.execute('select count(*), count(andel) + count(vaerdi) from t').fetchone())
"""

NAIVE_SCRIPT = """
import sys, time, duckdb, pandas as pd
rows = int(sys.argv[2])
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1], sep=';', nrows=rows, dtype=str, keep_default_na=False)
conn = duckdb.connect()
conn.execute('create table t (indikator varchar, geo varchar, code varchar, aar integer, '
             'andel double, vaerdi double, antal double, grundlag double)')
def number(text):
    text = text.replace(' %', '').replace('.', '').replace(',', '.')
    return float(text) if text else None
for row in frame.itertuples(index=False):
    conn.execute('insert into t values (?, ?, ?, ?, ?, ?, ?, ?)', [
        row[0], row[1], row[2], int(row[3]), number(row[4]), number(row[5]),
        number(row[6]), number(row[7])])
print(time.perf_counter() - started)
"""


def time_queries(db: Path, repeat: int = 7) -> dict:
    """Each plan query for each plan: best and median of `repeat` runs (ms), and rows."""
    results: dict = {}
    conn = duckdb.connect(str(db), read_only=True)
    conn.execute("set enable_progress_bar = false")
    try:
        have = {row[0] for row in conn.execute("select plan_id from plan").fetchall()}
        for plan in (p for p in PLANS if p in have):
            for name in PLAN_QUERIES:
                # What a page runs (stored_reads.read: the stored result where the writer left
                # one), and for the stored reads the live query beside it.
                ways = {name: stored_reads.read}
                if name in stored_reads.STORED_QUERIES:
                    ways[f"{name} (live)"] = run_query
                for label, read in ways.items():
                    read(conn, name, plan_id=plan)  # warm
                    times = []
                    for _ in range(repeat):
                        started = time.perf_counter()
                        frame = read(conn, name, plan_id=plan)
                        times.append((time.perf_counter() - started) * 1000)
                    results[f"{plan}/{label}"] = {
                        "best_ms": round(min(times), 1),
                        "median_ms": round(statistics.median(times), 1),
                        "rows": len(frame),
                    }
        observations = conn.execute("select count(*) from observation").fetchone()[0]
    finally:
        conn.close()
    results["_observations"] = observations
    return results


def grow(db: Path, copies: int) -> int:
    """Grow the database (copies + 1)x in SQL: every observation again for `copies` sets of
    other afdelinger (geo codes suffixed ~k; not in the registry, so no plan reads them)."""
    with duckdb.connect(str(db)) as conn:
        conn.execute("set enable_progress_bar = false")
        columns = (
            "indicator_code, period, period_type, year, value, numerator, denominator, "
            "suppressed, suppressed_below, uncertain, survey, note, raw_text, source_row, "
            "source_sheet, batch_id"
        )
        base = conn.execute("select max(observation_id) from observation").fetchone()[0]
        for k in range(1, copies + 1):
            conn.execute(
                f"insert into observation (geo_code, {columns}) "  # noqa: S608 - constants
                f"select geo_code || '~{k}', {columns} from observation "
                f"where observation_id <= {int(base)}"
            )
        conn.execute("checkpoint")
        return conn.execute("select count(*) from observation").fetchone()[0]


def small_file(source: Path, target: Path, rows: int = 1000) -> None:
    """The first `rows` values of the long file with the shares changed, to the end of the
    series they begin: a small revision (a register extract carries whole series; one cut
    short is an older delivery, which the import refuses unless confirmed)."""
    with source.open(encoding="utf-8") as handle, target.open("w", encoding="utf-8") as out:
        out.write(handle.readline())
        written, last_key = 0, None
        for line in handle:
            parts = line.rstrip("\n").split(";")
            key = (parts[0], parts[2])
            if written >= rows and key != last_key:
                break
            written, last_key = written + 1, key
            if parts[4]:
                number = float(parts[4].replace(" %", "").replace(",", ".")) + 0.1
                parts[4] = f"{number:.1f} %".replace(".", ",")
            else:
                parts[5] = f"{float(parts[5].replace(',', '.')) + 0.1:.1f}".replace(".", ",")
            out.write(";".join(parts) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--afdelinger", type=int, default=8400)
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--results", default=None, help="bench/results (results-queries)")
    parser.add_argument(
        "--only",
        choices=("queries",),
        help="only the plan queries, on bench/out/bench-1m.duckdb and bench-10m.duckdb",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.only == "queries":
        return only_queries(args.results or str(BENCH_DIR / "results-queries"))
    args.results = args.results or str(BENCH_DIR / "results")
    env = {"MONITOR_PASSWORD": PASSWORD, "MONITOR_DB_WAIT": "600"}
    result: dict = {"machine": machine(), "afdelinger": args.afdelinger, "runs": {}}
    runs = result["runs"]

    def step(name: str, outcome: dict) -> dict:
        runs[name] = outcome
        shown = {k: v for k, v in outcome.items() if k not in ("stdout", "stderr")}
        print(f"{name}: {json.dumps(shown)}", flush=True)
        return outcome

    registry = bench_registry(args.afdelinger)
    csv_path = OUT / f"lbf-lang-{args.afdelinger}.csv"
    xlsx_path = OUT / f"lbf-bred-{args.afdelinger}.xlsx"
    started = time.perf_counter()
    rows = write_long_csv(csv_path, args.afdelinger, registry)
    result["values"] = rows
    result["csv_mb"] = round(csv_path.stat().st_size / 1e6, 1)
    print(f"long CSV: {rows} values, {result['csv_mb']} MB ({time.perf_counter() - started:.0f} s)")

    base = OUT / "base.duckdb"
    fresh_db(base, args.afdelinger)
    big = OUT / "bench-1m.duckdb"
    shutil.copy(base, big)

    step("load_csv", run_child(etl(big, "load", "--user", USER, str(csv_path)), env))
    step("floor_read_csv", run_child([sys.executable, "-c", FLOOR_SCRIPT, str(csv_path)]))
    naive_rows = min(20_000, rows)
    naive = run_child([sys.executable, "-c", NAIVE_SCRIPT, str(csv_path), str(naive_rows)])
    try:
        measured = float(naive["stdout"].strip().splitlines()[-1])
        naive["extrapolated_s"] = round(measured * rows / naive_rows, 1)
        naive["measured_rows"] = naive_rows
    except (ValueError, IndexError):
        naive["extrapolated_s"] = None
    step("naive_pandas_rows", naive)
    step("noop", repeated(etl(big, "load", "--user", USER, str(csv_path)), env))

    small = OUT / "lbf-lille-1000.csv"
    small_file(csv_path, small)
    one_geo = "BENCH-1"
    indicator = next(i.code for i in registry.indicators if i.source_kind == "lbf")
    asof = ("asof", "2100-01-01", "--indicator", indicator, "--geo", one_geo)
    step("asof_1m", run_child(etl(big, *asof), env))
    prepare_for_queries(big)
    result["queries_1m"] = time_queries(big)
    print("queries at 1 M:", json.dumps(result["queries_1m"]), flush=True)

    big10 = OUT / "bench-10m.duckdb"
    shutil.copy(big, big10)
    started = time.perf_counter()
    result["observations_10m"] = grow(big10, 9)
    print(f"grown to {result['observations_10m']} ({time.perf_counter() - started:.0f} s)")
    prepare_for_queries(big10)
    result["queries_10m"] = time_queries(big10)
    print("queries at 10 M:", json.dumps(result["queries_10m"]), flush=True)
    step("asof_10m", run_child(etl(big10, *asof), env))
    step("small_import_10m", run_child(etl(big10, "load", "--user", USER, str(small)), env))
    step("small_import_1m", run_child(etl(big, "load", "--user", USER, str(small)), env))

    if not args.skip_xlsx:
        started = time.perf_counter()
        write_wide_xlsx(xlsx_path, args.afdelinger, registry)
        print(f"wide XLSX written ({time.perf_counter() - started:.0f} s)")
        result["xlsx_mb"] = round(xlsx_path.stat().st_size / 1e6, 1)
        xdb = OUT / "bench-xlsx.duckdb"
        shutil.copy(base, xdb)
        step("load_xlsx", run_child(etl(xdb, "load", "--user", USER, str(xlsx_path)), env))

    result["machine"]["load_average_at_end"] = os.getloadavg()
    Path(args.results + ".json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    Path(args.results + ".md").write_text(report(result), encoding="utf-8")
    print(f"wrote {args.results}.json and .md")
    return 0


def only_queries(results: str) -> int:
    """The plan queries alone, on the databases a full run left in bench/out/."""
    result: dict = {"machine": machine()}
    for key, name in (("queries_1m", "bench-1m.duckdb"), ("queries_10m", "bench-10m.duckdb")):
        db = OUT / name
        if not db.exists():
            print(f"{db} findes ikke: kør først hele benchmarken (uden --only).", file=sys.stderr)
            return 1
        prepare_for_queries(db)
        result[key] = time_queries(db)
        print(f"{key}:", json.dumps(result[key]), flush=True)
    result["machine"]["load_average_at_end"] = os.getloadavg()
    Path(results + ".json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    lines = [
        "# Benchmark: the dashboard's plan queries (issue 11)",
        "",
        *_machine_lines(result["machine"]),
        "- Run: `.venv/bin/python -m bench.import_bench --only queries` (on the databases of a "
        "full run in bench/out/).",
        "",
        *_query_lines(result),
    ]
    Path(results + ".md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {results}.json and .md")
    return 0


def _da(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def report(result: dict) -> str:
    m = result["machine"]
    runs = result["runs"]
    lines = [
        "# Benchmark: import, read path (issue 11)",
        "",
        *_machine_lines(m),
        f"- Data: {_da(result['values'], 0)} values ({result['afdelinger']} afdelinger × 10 "
        f"LBF-indikatorer × 12 år), long CSV {_da(result['csv_mb'])} MB"
        + (f", wide XLSX {_da(result['xlsx_mb'])} MB" if "xlsx_mb" in result else ""),
        "- Run: `.venv/bin/python -m bench.import_bench` (files and databases in bench/out/).",
        "",
        "## Import and command line (each its own process: wall, peak RSS by /usr/bin/time)",
        "",
        "| Step | Wall | Peak RSS | Target | Issue 11 (before) | Exit |",
        "|---|---|---|---|---|---|",
    ]
    labels = {
        "load_csv": "`etl load`, long CSV, empty DB",
        "floor_read_csv": "DuckDB `read_csv`, numbers parsed (floor)",
        "naive_pandas_rows": "pandas + row-by-row insert (extrapolated)",
        "noop": "re-import of the same bytes (no-op), median of 5",
        "load_xlsx": "`etl load`, wide XLSX, empty DB",
        "small_import_1m": "1.008-value import (84 whole series) into the 1 M DB",
        "small_import_10m": "1.008-value import (84 whole series) into the 10 M DB",
        "asof_1m": "`etl asof --indicator --geo`, 1 M DB",
        "asof_10m": "`etl asof --indicator --geo`, 10 M DB",
    }
    for key, label in labels.items():
        if key not in runs:
            continue
        r = runs[key]
        wall = r.get("extrapolated_s") if key == "naive_pandas_rows" else r["wall_s"]
        suffix = " (extrapol.)" if key == "naive_pandas_rows" else ""
        lines.append(
            f"| {label} | {_da(wall)} s{suffix} | {_da(r['peak_rss_mb'], 0)} MB | "
            f"{TARGETS.get(key, '')} | {ISSUE_BEFORE.get(key, '')} | {r['returncode']} |"
        )
    lines += ["", *_query_lines(result)]
    return "\n".join(lines)


def _machine_lines(m: dict) -> list[str]:
    return [
        f"- Date: {m['date']}; git commit {m['git_commit']}",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {_da(m['ram_gb'])} GB RAM; "
        f"Python {m['python']}, DuckDB {m['duckdb']}",
        f"- Load average at start {', '.join(_da(x, 2) for x in m['load_average_at_start'])}, "
        f"at end {', '.join(_da(x, 2) for x in m.get('load_average_at_end', ()))}. "
        + (
            "No other work ran on the machine (the load is the run's own)."
            if m["load_average_at_start"][0] < 1.5
            else "**The machine was busy with other work when this started: times are "
            "inflated and noisy.**"
        ),
    ]


def _query_lines(result: dict) -> list[str]:
    one_m, ten_m = result["queries_1m"], result["queries_10m"]
    lines = [
        "## Dashboard queries for one plan (in-process, best / median of 7, ms)",
        "",
        f"Observations: {_da(one_m['_observations'], 0)} and "
        f"{_da(ten_m['_observations'], 0)} (grown 10× in SQL). "
        f"`{PLANS[0]}` has no figures in this database (a plan's cost without data); "
        f"`{PLANS[1]}` follows 10 indicators in a boligområde of 100 afdelinger (96 figures); its "
        "plan area holds all the generated afdelinger. `bench-skala-N` (the scaling series) "
        "follows the 10 indicators for one boligområde of N afdelinger and for the plan's area "
        "(real plans: 1-5 boligområder of 2-40 afdelinger). Target: < 50 ms, growing with the "
        "plan, not the database. Before (issue 11): `plan_series` 0,3–0,4 s at 1 M, 10,6 s and "
        "3,1 GB at 10 M; at 1 M before the read-path macros (migration 017): `plan_series` "
        "1,1–2,5 s, `plan_chart_periods` 6,8–7,1 s (800.000+ rows). A page reads `plan_series` "
        "and `plan_chart_periods` stored by the last writer (migration 023, "
        "monitor/stored_reads.py): "
        "the rows without a suffix; `(live)` is the query itself, as a page runs it when the "
        "stored result is not for the present data.",
        "",
        "| Plan / query | 1 M best | 1 M median | 10 M best | 10 M median | rows |",
        "|---|---|---|---|---|---|",
    ]
    for key, one in one_m.items():
        if key.startswith("_") or key not in ten_m:
            continue
        ten = ten_m[key]
        lines.append(
            f"| {key} | {_da(one['best_ms'])} | {_da(one['median_ms'])} | "
            f"{_da(ten['best_ms'])} | {_da(ten['median_ms'])} | {one['rows']} |"
        )
    lines.append("")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
