"""Every page, opened by its own path as the administrator (who may open all of them), at the
two sizes the board meets: a laptop (1400×1000) and a projector (1280×720). Screenshots go to
screenshots/page-<path>-<size>.png for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.web import PAGES
from tests.browser.conftest import login, screenshot, settle

pytestmark = pytest.mark.browser
SIZES = ((1400, 1000), (1280, 720))


def test_every_page_at_both_sizes(serve, page, demo_db_file: Path) -> None:
    app = serve(demo_db_file, env={"MONITOR_DEMO": "1"})
    page.goto(f"{app.url}/overblik?plan=vejleaaparken-2021-25")
    login(page, "admin", "admin")
    for entries in PAGES.values():
        for _file, _title, _icon, url_path, _permission in entries:
            page.goto(f"{app.url}/{url_path}?plan=vejleaaparken-2021-25")
            # A new address is a new session: log in again (the start of every shared link).
            login(page, "admin", "admin", sidebar=url_path != "praesentation")
            settle(page)
            assert page.get_by_text("Page not found").count() == 0, url_path
            assert page.get_by_text("må ikke").count() == 0, url_path
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(300)
                screenshot(page, f"page-{url_path}-{width}x{height}")
            page.set_viewport_size({"width": 1400, "height": 1000})
