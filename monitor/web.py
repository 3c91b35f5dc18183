"""Shared pieces of the Streamlit pages: the cached connection, the plan selector, banners.

Pages stay thin: they read widgets, call plain functions and draw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from monitor import config
from monitor.db import DatabaseError, connect, run_query


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    # One connection per process; each query takes its own cursor, since a DuckDB
    # connection is not thread-safe and Streamlit runs every session on its own thread.
    return connect(Path(path))


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the app's database (config.db_path()); stops the page with a Danish error."""
    path = config.db_path()
    if not path.exists():
        st.error(
            f"Databasen **{path}** findes ikke. Byg demodatabasen med `make run`, "
            f"eller opret en med `python -m etl --db {path} init`."
        )
        st.stop()
    try:
        return _connection(str(path)).cursor()
    except DatabaseError as exc:
        st.error(str(exc))
        st.stop()


def data_version(conn: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """A key that changes with every import and registry load; cached loaders take it."""
    return tuple(run_query(conn, "data_version").iloc[0])


@st.cache_data(show_spinner=False)
def cached_query(
    _conn: duckdb.DuckDBPyConnection, version: tuple, name: str, **params: Any
) -> pd.DataFrame:
    """A named query, cached until the data changes (fresh as of the last import)."""
    return run_query(_conn, name, **params)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query through the cache; fresh as of the last import or registry load."""
    conn = connection()
    return cached_query(conn, data_version(conn), name, **params)


def demo_banner() -> None:
    """Every page says so when it shows demo data."""
    if config.demo_mode():
        st.warning(
            "**Demodata.** Tallene er konstruerede til demonstration; kun baselines er fra "
            "planernes egne dokumenter.",
            icon="🧪",
        )


def plan_selector() -> str | None:
    """The plan selector at the top of every page; the choice follows the user between pages."""
    plans = query("plans")
    if plans.empty:
        st.info("Databasen har endnu ingen planer. Kør `python -m etl init`.")
        return None
    labels = dict(zip(plans["plan_id"], plans["name"], strict=True))
    # A widget's state does not survive a page change, so the choice is also kept under a
    # key of its own and given back to the widget.
    remembered = st.session_state.get("plan_id")
    if remembered not in labels:
        remembered = plans["plan_id"].iloc[0]
    st.session_state["plan_id"] = remembered
    st.session_state["plan"] = remembered
    return st.selectbox(
        "Helhedsplan",
        options=list(labels),
        format_func=labels.__getitem__,
        key="plan",
        on_change=_remember_plan,
    )


def _remember_plan() -> None:
    st.session_state["plan_id"] = st.session_state["plan"]


def current_plan() -> pd.Series:
    """The plan chosen in the sidebar (its row from `plans`); stops the page when there is none."""
    demo_banner()
    plan_id = plan_selector()
    plans = query("plans")
    if plan_id is None or plan_id not in set(plans["plan_id"]):
        st.stop()
    return plans.set_index("plan_id").loc[plan_id].rename(plan_id)
