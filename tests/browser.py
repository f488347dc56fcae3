"""Headless Chromium for browser tests (Debian's ``chromium`` driven by Playwright).

Pages are loaded with every request outside the machine blocked and recorded, so a test can
assert that a page made none. Outside CI a missing browser skips the test with a message saying
how to install it; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _missing(reason: str):
    msg = f"{reason}; install it with `apt-get install chromium` and `pip install playwright` (no browser download needed)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)


@dataclass
class PageVisit:
    """What happened while a page loaded."""

    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests that tried to leave the machine
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt opened by the page (dismissed)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path


def is_local(url: str) -> bool:
    u = urlparse(url)
    if u.scheme in ("file", "data", "about", "blob"):
        return True
    return u.scheme in ("http", "https", "ws") and (u.hostname or "") in LOCAL_HOSTS


class Browser:
    def __init__(self, browser):
        self._browser = browser

    def visit(self, url: str, *, wait_until: str = "load", viewport=(1280, 800)) -> PageVisit:
        """Open ``url`` in a fresh context with the network outside the machine blocked."""
        context = self._browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        visit = PageVisit(page)

        def route(r):
            req_url = r.request.url
            if is_local(req_url):
                r.continue_()
            else:
                visit.blocked.append(req_url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda req: visit.requests.append(req.url))
        page.on("requestfailed", lambda req: visit.failed.append(req.url))
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
        page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until=wait_until)
        return visit


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    if not exe:
        _missing("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield Browser(b)
        finally:
            b.close()
