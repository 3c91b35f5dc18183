"""The one place for configuration: database path, demo mode, users store."""

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


def current_user() -> str:
    """The operating-system user, recorded on CLI imports."""
    return os.environ.get("MONITOR_USER") or os.environ.get("USER") or "ukendt"


def users_path() -> Path:
    """The users store, outside the git tree: $MONITOR_USERS, else the user's data directory
    ($XDG_DATA_HOME or ~/.local/share)/boligsocial-monitor/users.json."""
    env = os.environ.get("MONITOR_USERS")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "boligsocial-monitor" / "users.json"
