"""Debian's chromium driven by Playwright: no browser download, nothing from the network.

`scripts/test.sh` installs `chromium` when it is missing; without it the browser tests
fail (never skip)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Debian chromium, closed afterwards."""
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: apt-get install chromium (scripts/test.sh does)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A page with the console errors, uncaught exceptions and requests it produced."""

    page: Page
    problems: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)


def open_page(browser: Browser, url: str, *, downloads: bool = False) -> Watched:
    """A new page at `url` (1400×1000), watched from before the first byte loads."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=downloads
    )
    # Two cores shared by parallel work: generous waits (a failure still fails, later).
    context.set_default_timeout(120_000)
    page = context.new_page()
    watched = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            watched.problems.append(message.text)

    def on_request(request: Request) -> None:
        watched.requested.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watched.problems.append(str(exc)))
    page.on("request", on_request)
    page.goto(url)
    return watched
