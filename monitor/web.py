"""Shared pieces of the Streamlit pages: the cached connection, the plan selector, banners.

Pages stay thin: they read widgets, call plain functions and draw.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from monitor import auth, config, session
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
