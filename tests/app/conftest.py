"""AppTest fixtures: the real app.py against a real database file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitor import config

APP = str(config.PROJECT_ROOT / "app.py")


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Build an AppTest of app.py on the given database; demo mode on request."""

    def make(db: Path, *, demo: bool = False) -> AppTest:
        monkeypatch.setenv("MONITOR_DB", str(db))
        if demo:
            monkeypatch.setenv("MONITOR_DEMO", "1")
        else:
            monkeypatch.delenv("MONITOR_DEMO", raising=False)
        return AppTest.from_file(APP, default_timeout=60)

    return make
