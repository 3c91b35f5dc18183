"""Shared pieces of the Streamlit pages: the run's connection, the plan selector, banners.

Pages stay thin: they read widgets, call plain functions and draw.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from monitor import auth, config, session, stored_reads
from monitor.db import DatabaseError, connect, run_query

# (file, title, Material icon, url path, permission needed to see it), by section.
PAGES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "Mål": [
        ("pages/overblik.py", "Overblik", ":material/dashboard:", "overblik", "read"),
        ("pages/indikator.py", "Indikator", ":material/show_chart:", "indikator", "read"),
        ("pages/sammenlign.py", "Sammenlign", ":material/compare_arrows:", "sammenlign", "read"),
        ("pages/maal.py", "Mål og baselines", ":material/flag:", "maal", "read"),
        ("pages/plan.py", "Plan", ":material/edit_document:", "plan", "read"),
        ("pages/praesentation.py", "Præsentation", ":material/slideshow:", "praesentation", "read"),
    ],
    "Opfølgning": [
        ("pages/opfoelgning.py", "Opfølgning", ":material/edit_note:", "opfoelgning", "read"),
        ("pages/moeder.py", "Bestyrelsesmøder", ":material/groups:", "moeder", "read"),
        ("pages/revision.py", "Revision", ":material/fact_check:", "revision", "read_audit"),
    ],
    "Administration": [
        ("pages/importer.py", "Import", ":material/upload_file:", "import", "import_data"),
        ("pages/brugere.py", "Brugere", ":material/manage_accounts:", "brugere", "manage_users"),
    ],
}


def nav_pages(user: auth.User | None) -> dict[str, list[st.Page]]:
    """Every page by section; those the role may not use are hidden from the navigation but
    still routed, so a typed-in URL gets the page's own Danish refusal, not a silent redirect.
    The start page (/) opens the Overblik at its own path (/overblik), so both work."""
    sections: dict[str, list[st.Page]] = {}
    for section, entries in PAGES.items():
        sections[section] = [
            st.Page(
                file,
                title=title,
                icon=icon,
                url_path=url,
                visibility="visible" if user and user.can(permission) else "hidden",
            )
            for file, title, icon, url, permission in entries
        ]
    overblik = sections["Mål"][0]

    def start() -> None:
        st.switch_page(overblik, query_params=st.query_params.to_dict())

    sections["Mål"].append(
        st.Page(start, title="Start", url_path="start", default=True, visibility="hidden")
    )
    return sections


def login_pages(conn: duckdb.DuckDBPyConnection) -> list[st.Page]:
    """Every page's path, each drawing only the log-in form: the path asked for is kept, and
    the real page opens on it after log-in (pages are told apart by their url_path)."""

    def login() -> None:
        if session.login_form(conn) is not None:
            st.rerun()

    pages = [
        st.Page(login, title=title, icon=icon, url_path=url)
        for entries in PAGES.values()
        for _file, title, icon, url, _permission in entries
    ]
    return [*pages, st.Page(login, title="Log ind", url_path="start", default=True)]


def _leave_pages_folder_mode() -> None:
    """Run the page through app.py, never on its own.

    Streamlit treats a `pages/` folder beside the entry script as an old-style multipage app
    until the first `st.navigation` call in the server process: on a freshly started server a
    deep link (/brugere) would run pages/brugere.py directly, without app.py's navigation and
    user bar. The page notices that here, switches the mode off and reruns, and app.py takes
    over with the same URL. (`PagesManager.uses_pages_directory` is the flag `st.navigation`
    itself clears.)"""
    from streamlit.runtime.pages_manager import PagesManager

    # Only a browser session has a URL; streamlit.testing's AppTest runs pages on their own
    # by design (and resets the flag on every run), so it is left alone.
    if PagesManager.uses_pages_directory and st.context.url:
        PagesManager.uses_pages_directory = False
        st.rerun()


def logged_in() -> auth.User:
    """The logged-in user (app.py logs in before any page runs); stops the page otherwise."""
    _leave_pages_folder_mode()
    conn = connection()
    user = session.current_user(conn)
    if user is None:
        # Logged out, closed or changed since app.py ran: the page shows the login form only.
        if session.login_form(conn) is not None:
            st.rerun()
        st.stop()
    return user  # type: ignore[return-value]


def page_user(permission: str) -> auth.User:
    """The logged-in user, when the role may `permission`; else a Danish refusal, page stopped.

    Navigation hides such pages already; this holds for a typed-in URL too."""
    try:
        return auth.require(logged_in(), permission)
    except auth.PermissionDenied as exc:
        st.error(str(exc), icon=":material/block:")
        st.stop()
        raise  # for type checkers: st.stop() does not return


# The app holds the database file only while a script run reads or writes: app.py opens the
# run's connection on first use and closes it when the run ends (`database_for_run`), so the
# command line (`etl load`, `etl revision`, a nightly job) can use the file between reruns.
# Each Streamlit session runs on its own thread, hence one slot per thread; DuckDB shares one
# instance per file among the connections of a process, and closes the file with the last.
_run = threading.local()
_migrated: set[str] = set()
_migrated_lock = threading.Lock()


def open_database(path: Path, on_busy: Any = None) -> duckdb.DuckDBPyConnection:
    """Open the app's database file, waiting (with `on_busy` told) while another process holds
    it. The schema is brought up to date on the first open in this process only."""
    key = str(path.resolve())
    with _migrated_lock:
        first = key not in _migrated
    conn = connect(path, migrate_schema=first, on_busy=on_busy)
    if first:
        with _migrated_lock:
            _migrated.add(key)
    return conn


@contextmanager
def database_for_run() -> Iterator[None]:
    """Wrap one script run (app.py): the connection `connection()` opens is closed when the run
    ends, however it ends (st.stop, st.rerun, an error)."""
    outer = getattr(_run, "conn", None), getattr(_run, "active", False)
    _run.conn, _run.active = None, True
    try:
        yield
    finally:
        conn = _run.conn
        _run.conn, _run.active = outer
        if conn is not None:
            conn.close()


def _busy_notice() -> tuple[Any, Any]:
    slot: dict[str, Any] = {}

    def on_busy(message: str) -> None:
        text = message[0].upper() + message[1:] + " …"
        slot["box"] = st.info(text, icon=":material/hourglass_top:")

    def done() -> None:
        if "box" in slot:
            slot["box"].empty()

    return on_busy, done


def connection() -> duckdb.DuckDBPyConnection:
    """The run's connection to the app's database (config.db_path()), opened on first use and
    closed when the run ends; stops the page with a Danish error. While another process holds
    the file the page says so and waits (config.db_wait_seconds())."""
    path = config.db_path()
    if not path.exists():
        st.error(
            f"Databasen **{path}** findes ikke. Byg demodatabasen med `make run`, "
            f"eller opret en med `python -m etl --db {path} init`."
        )
        st.stop()
    conn = getattr(_run, "conn", None) if getattr(_run, "active", False) else None
    if conn is not None:
        return conn
    on_busy, done = _busy_notice()
    try:
        conn = open_database(path, on_busy)
    except DatabaseError as exc:
        done()
        st.error(str(exc))
        st.stop()
    done()
    if getattr(_run, "active", False):
        _run.conn = conn
    # Outside app.py's run (a script run on its own) the connection closes when dropped.
    return conn


def data_version(conn: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """A key that changes with every write (import, registry load, any audited change), also
    one made by another process; cached loaders take it."""
    return tuple(run_query(conn, "data_version").iloc[0])


@st.cache_data(show_spinner=False)
def cached_query(
    _conn: duckdb.DuckDBPyConnection, database: str, version: tuple, name: str, **params: Any
) -> pd.DataFrame:
    """A named query, cached until the data changes (fresh as of the last import). Keyed by
    the database file too: two copies of one file can have the same data version. A plan's
    series and chart periods come stored, when stored for the present data (stored_reads)."""
    return stored_reads.read(_conn, name, **params)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query through the cache; fresh as of the last import or registry load."""
    conn = connection()
    database = str(config.db_path().resolve())
    return cached_query(conn, database, data_version(conn), name, **params)


def demo_banner() -> None:
    """Every page says so when it shows demo data: one line, so the figures still fit on a
    projector's first screen."""
    if config.demo_mode():
        st.markdown(
            ":material/science: **Demodata.** Tallene er konstruerede til demonstration; "
            "kun baselines er fra planernes egne dokumenter."
        )


def plan_selector(where: Any = None) -> str | None:
    """The plan selector at the top of every page. The choice follows the user between pages
    and lives in the URL (?plan=...), so a view can be bookmarked and shared."""
    plans = query("plans")
    if plans.empty:
        st.info("Databasen har endnu ingen planer. Kør `python -m etl init`.")
        return None
    labels = dict(zip(plans["plan_id"], plans["name"], strict=True))
    # A widget's state does not survive a page change, so the choice is also kept under a
    # key of its own ("plan_id") and given back to the widget.
    return url_selectbox(
        "Helhedsplan",
        list(labels),
        key="plan",
        param="plan",
        default=st.session_state.get("plan_id", plans["plan_id"].iloc[0]),
        format_func=labels.__getitem__,
        remember_as="plan_id",
        where=where,
    )


def url_selectbox(
    label: str,
    options: list[Any],
    *,
    key: str,
    param: str,
    default: Any,
    format_func: Any = str,
    remember_as: str | None = None,
    where: Any = None,
) -> Any:
    """A selectbox whose choice is kept in the URL as ?param=value: a link opens the same view,
    also on a freshly started server. The URL wins over the session when both are set; a value
    the options do not hold falls back to `default`."""
    by_text = {str(o): o for o in options}
    wanted = st.query_params.get(param)
    current = st.session_state.get(key)
    if wanted in by_text:
        value = by_text[wanted]
    elif current in options:
        value = current
    else:
        value = default if default in options else options[0]
    # Always given to the widget explicitly: a widget on another page is another widget, and
    # would otherwise start from its first option.
    st.session_state[key] = value

    def sync() -> None:
        st.query_params[param] = str(st.session_state[key])
        if remember_as:
            st.session_state[remember_as] = st.session_state[key]

    value = (where or st).selectbox(
        label, options=options, format_func=format_func, key=key, on_change=sync
    )
    st.query_params[param] = str(value)
    if remember_as:
        st.session_state[remember_as] = value
    return value


def current_plan(where: Any = None) -> pd.Series:
    """The plan chosen at the top of the page (its row from `plans`), for a logged-in user who
    may read; stops the page when there is none. `where`: a column to draw the selector in."""
    page_user("read")
    demo_banner()
    plan_id = plan_selector(where)
    plans = query("plans")
    if plan_id is None or plan_id not in set(plans["plan_id"]):
        st.stop()
    return plans.set_index("plan_id").loc[plan_id].rename(plan_id)


def followup_year(plan: pd.Series, label: str, key: str) -> int:
    """The year selector of the follow-up pages: the plan's years so far, last year first
    chosen (the follow-up written in a year is on the year before)."""
    from monitor import followup_view

    today = dt.date.today()
    years = followup_view.followup_years(plan["period_start"], plan["period_end"], today)
    default = followup_view.default_followup_year(years, today)
    return int(url_selectbox(label, years, key=key, param="aar", default=default))
