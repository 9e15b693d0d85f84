"""Headless Chromium for the HTML report tests (Debian's /usr/bin/chromium, never a downloaded one).

Install it with ``scripts/setup-browser.sh``.  Tests using these fixtures are
skipped, with a reason, only when /usr/bin/chromium is absent.
"""
from __future__ import annotations

import atexit
import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"

# playwright must never fetch a browser of its own
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (run scripts/setup-browser.sh)")


_SHARED: dict = {}


def _close_shared() -> None:
    try:
        _SHARED["browser"].close()
        _SHARED["playwright"].stop()
    except Exception:  # pragma: no cover - best effort at interpreter exit
        pass


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test process, however many test modules import this fixture
    (Playwright's sync API allows only one instance at a time)."""
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    if "browser" not in _SHARED:
        pw = sync_api.sync_playwright().start()
        _SHARED["playwright"] = pw
        _SHARED["browser"] = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        atexit.register(_close_shared)
    yield _SHARED["browser"]


@pytest.fixture
def page(browser):
    """A fresh page that refuses every network request and records page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def _request(req):
        if not req.url.startswith(("file:", "data:", "about:")):
            pg.requests.append(req.url)

    pg.on("request", _request)
    pg.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
    try:
        yield pg
    finally:
        context.close()


def open_report(page, html: str, name: str = "report.html") -> Path:
    """Write ``html`` under test-output/ and open it as a file:// page."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    return path
