"""The seeds' own figures (data/seed_figures/) loaded through the normal import (issue 9).

Every new database gets them from `etl init` and `etl demo`: each figure is an observation
whose import file names the seed it comes from. A file already loaded loads nothing again.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.load import ImportReport, import_file
from monitor import config
from monitor.auth import User
from monitor.db import run_query

SEED_FIGURES = "seed_figures"


class SeedFiguresError(RuntimeError):
    """A seed figure file the import refused: the registry and the file disagree."""


def seed_figure_files(registry_dir: Path | None = None) -> list[Path]:
    """The seed figure files under the registry directory, in load order."""
    directory = (registry_dir or config.REGISTRY_DIR) / SEED_FIGURES
    return sorted(p for p in directory.glob("*") if p.suffix.lower() in (".csv", ".xlsx"))


def load_seed_figures(
    conn: duckdb.DuckDBPyConnection, user: User | None, registry_dir: Path | None = None
) -> list[ImportReport]:
    """Import every seed figure file as `user` (who must be allowed to import data)."""
    reports = []
    for path in seed_figure_files(registry_dir):
        report = import_file(conn, path, file_name=path.name, user=user)
        if report.errors:
            problems = "\n".join(str(p) for p in report.errors[:20])
            raise SeedFiguresError(f"Seedtallene i {path.name} kunne ikke indlæses:\n{problems}")
        reports.append(report)
    return reports


def seed_points(conn: duckdb.DuckDBPyConnection) -> set[tuple[str, str, str]]:
    """(indicator, geography, period) of every figure the seed files loaded: what a demo
    must not invent a value for."""
    found = run_query(conn, "seed_points")
    return {
        (str(r.indicator_code), str(r.geo_code), str(r.period)) for r in found.itertuples()
    }
