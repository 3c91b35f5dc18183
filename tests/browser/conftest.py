"""Serve the real app with `streamlit run` and drive it in Debian's headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor import config

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = config.PROJECT_ROOT / "screenshots"
# Without these, Chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedApp:
    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db.parent / f"streamlit-{self.port}.log"
        environment = {**os.environ, "MONITOR_DB": str(db), **(env or {})}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(config.PROJECT_ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit stopped: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., ServedApp]]:
    apps: list[ServedApp] = []

    def start(db: Path, env: dict[str, str] | None = None) -> ServedApp:
        # A private copy: DuckDB lets one process write a file, and the AppTest tests of this
        # session may still hold the shared fixture open.
        own = tmp_path / f"served-{len(apps)}.duckdb"
        shutil.copy(db, own)
        apps.append(ServedApp(own, env))
        return apps[-1]

    yield start
    for app in apps:
        app.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(60_000)  # 2 cores: a rerun under load can take long
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to the git-ignored screenshots/ folder, for a person."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, name: str, password: str, *, sidebar: bool = True) -> None:
    """Log in through the form, as a person would (`sidebar`: wait for the user bar; the
    Præsentation page hides it)."""
    page.get_by_role("button", name="Log ind").wait_for()
    page.get_by_label("Brugernavn", exact=True).fill(name)
    page.get_by_label("Adgangskode", exact=True).fill(password)
    page.get_by_role("button", name="Log ind").click()
    if not sidebar:
        page.get_by_role("button", name="Log ind").wait_for(state="detached")
        return
    try:
        page.get_by_text(f"Logget ind som {name}", exact=False).first.wait_for()
    except Exception:
        screenshot(page, f"failed-login-{name}")
        raise


def logout(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    page.get_by_role("button", name="Log ind").wait_for()
    settle(page)


def settle(page) -> None:
    """Wait until the app has finished its rerun: Streamlit's running indicator has come and
    gone (a quick rerun may show none, so a short wait for it to appear first)."""
    status = page.get_by_test_id("stStatusWidget")
    try:
        status.wait_for(state="visible", timeout=700)
    except Exception:  # noqa: BLE001 - no indicator: the rerun was quicker than that
        pass
    status.wait_for(state="hidden", timeout=60_000)


def choose(page, label: str, option: str) -> None:
    """Pick an option in the Streamlit selectbox with the given label, and wait until the
    app shows it chosen (the value is the combobox input's)."""
    from playwright.sync_api import expect

    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    chosen = box.get_by_role("combobox")
    if option in chosen.input_value():
        return  # already chosen (the choice follows the user between pages)
    box.click()
    page.get_by_role("option", name=option, exact=False).first.click()
    settle(page)
    expect(chosen).to_have_value(re.compile(re.escape(option)))


def go_to(page, title: str) -> None:
    """Follow the sidebar navigation (a new URL would start a new session)."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    path = (link.get_attribute("href") or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    target = re.compile(rf"/{re.escape(path)}(\?|$)")
    # A click that lands while the old page's rerun still writes its query parameters can be
    # undone by that rerun (seen in CI under load): let the app go idle first, and click
    # again if the new page has not come.
    for attempt in range(3):
        settle(page)
        link.click()
        try:
            # Wait for the new page, not the old one still on screen.
            page.wait_for_url(target, timeout=20_000)
            break
        except Exception:  # noqa: BLE001 - the click was swallowed; try once more
            if attempt == 2:
                raise
    settle(page)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failing browser test, a screenshot of where the page stood: failed-<test>.png."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "page" in item.fixturenames:
        page = item.funcargs.get("page")
        if page is not None:
            try:
                screenshot(page, f"failed-{item.name}")
            except Exception:  # noqa: BLE001 - the page may be gone; the report stands
                pass
