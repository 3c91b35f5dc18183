"""The one place for configuration: database path, demo mode, the audit key."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REGISTRY_DIR = DATA_DIR
QUERIES_DIR = PROJECT_ROOT / "queries"
DEFAULT_DB = DATA_DIR / "monitor.duckdb"
DEMO_DB = DATA_DIR / "demo.duckdb"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file: an explicit --db, else $MONITOR_DB, else data/monitor.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("MONITOR_DB")
    return Path(env) if env else DEFAULT_DB


def demo_mode() -> bool:
    """Demo mode (make run): demo users exist and every page says the data is demo data."""
    return os.environ.get("MONITOR_DEMO", "") not in ("", "0", "false", "nej")


def audit_key() -> bytes | None:
    """The audit log's HMAC key from $MONITOR_AUDIT_KEY, or None when it is not set. Keep it
    outside the database (and its backups): whoever can rewrite the file cannot then re-sign
    the chain."""
    value = os.environ.get("MONITOR_AUDIT_KEY", "").strip()
    return value.encode("utf-8") if value else None


DEFAULT_DB_WAIT_SECONDS = 60.0


def db_wait_seconds() -> float:
    """How long a reader or writer waits for another process's lock on the database file
    before it gives up with an error: $MONITOR_DB_WAIT seconds, default 60."""
    value = os.environ.get("MONITOR_DB_WAIT", "").strip().replace(",", ".")
    try:
        return max(0.0, float(value)) if value else DEFAULT_DB_WAIT_SECONDS
    except ValueError:
        return DEFAULT_DB_WAIT_SECONDS
