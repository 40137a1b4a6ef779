"""The HTML report in a real headless Chromium (Debian's `chromium`, installed by .ci/run),
driven over the Chrome DevTools protocol: no console errors, nothing fetched, the cluster
navigation and the question filter work, it prints, and a screenshot is taken."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from dedup.render.to_html import render_html
from tests.test_analyze import analysis

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--window-size=1400,1000",
    "--remote-debugging-port=0",
)


def chromium_path() -> str:
    """Debian's chromium; its absence is a failure (CI installs it), never a skip."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: apt-get install chromium (.ci/run does)")
    return found


class Browser:
    """One headless Chromium page over the DevTools protocol (websocket-client)."""

    def __init__(self, profile: Path) -> None:
        self.proc = subprocess.Popen(
            [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
            targets = json.load(r)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True
        )
        self.events: list[dict[str, Any]] = []
        self._id = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result; events seen meanwhile are kept."""
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            for event in self.events[seen:]:
                if event.get("method") == method:
                    return event
            seen = len(self.events)
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            self.events.append(json.loads(self.ws.recv()))
        raise AssertionError(f"no {method} within {timeout} s")

    def js(self, expression: str) -> Any:
        """Evaluate in the page; exceptions fail the test."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression: str, timeout: float = 10) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"never true: {expression}")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors seen so far."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(json.dumps(params["exceptionDetails"])[:300])
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                out.append(json.dumps(params["args"])[:300])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                out.append(params["entry"]["text"])
        return out

    def requested(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        if hasattr(self, "ws"):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Browser, Path]]:
    """The fixture's report loaded in one browser page, shared by this module's tests."""
    folder = tmp_path_factory.mktemp("html")
    report = folder / "report.html"
    report.write_text(render_html(analysis()), encoding="utf-8")
    browser = Browser(folder / "profile")
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable")
        browser.send("Page.navigate", url=report.as_uri())
        browser.wait_for_event("Page.loadEventFired")
        yield browser, folder
    finally:
        browser.close()


def _slaapzalen_cluster() -> str:
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    return next(
        c.id
        for c in an.question_clusters
        if any(qs[m].text.startswith("Op welke termijn worden slaapzalen") for m in c.members)
    )


def test_loads_without_console_errors_or_requests(page: tuple[Browser, Path]) -> None:
    """The page loads with no console error or exception and fetches nothing but itself."""
    browser, folder = page
    assert browser.js("document.title").startswith("Duplicate questions and reused answers")
    assert browser.js("document.querySelectorAll('article.cluster').length") == len(
        analysis().question_clusters
    ) + len(analysis().answer_clusters)
    assert browser.problems() == []
    report = (folder / "report.html").as_uri()
    assert [u for u in browser.requested() if u != report and not u.startswith("data:")] == []


def test_cluster_navigation_scrolls_to_the_cluster(page: tuple[Browser, Path]) -> None:
    """Clicking a cluster in the navigation shows that cluster at the top and marks the link."""
    browser, _ = page
    cid = _slaapzalen_cluster()
    browser.js(f"document.querySelector('.nav-clusters a[href=\"#{cid}\"]').click()")
    assert browser.wait_until(f"location.hash === '#{cid}'")
    top = browser.wait_until(
        f"(function(){{var t=document.getElementById('{cid}').getBoundingClientRect().top;"
        "return t >= 0 && t < 40 ? String(t) : '';}())"
    )
    assert float(top) < 40
    assert browser.js(
        f"document.querySelector('.nav-clusters a[href=\"#{cid}\"]').classList.contains('current')"
    )
    text = browser.js(f"document.getElementById('{cid}').innerText")
    assert "VVD" in text and "D66" in text and "slaapzalen getransformeerd" in text
    assert browser.problems() == []


def _visible_rows(browser: Browser) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = browser.js(
        "Array.from(document.querySelectorAll('#all-table tbody tr'))"
        ".filter(function(r){return r.offsetParent !== null;})"
        ".map(function(r){return {id: r.cells[0].innerText, fraction: r.dataset.fraction,"
        " text: r.cells[6].innerText, cluster: r.dataset.cluster};})"
    )
    return rows


def _set(browser: Browser, element: str, value: str, event: str) -> None:
    browser.js(
        f"(function(){{var e=document.getElementById('{element}'); e.value={json.dumps(value)};"
        f"e.dispatchEvent(new Event('{event}', {{bubbles: true}}));}}())"
    )


def test_question_filter_narrows_the_table(page: tuple[Browser, Path]) -> None:
    """Typing a word, choosing a fraction and a status filter the table and update the count."""
    browser, _ = page
    an = analysis()
    total = len(an.segmentation.part_one())
    assert len(_visible_rows(browser)) == total
    _set(browser, "q-search", "slaapzalen", "input")
    rows = _visible_rows(browser)
    expected = [q.id for q in an.segmentation.part_one() if "slaapzalen" in q.text.lower()]
    assert [r["id"] for r in rows] == expected and len(expected) >= 3
    assert browser.js("document.getElementById('q-count').textContent") == (
        f"{len(expected)} of {total} questions"
    )
    _set(browser, "q-fraction", "D66", "change")
    rows = _visible_rows(browser)
    assert rows and all(r["fraction"] == "D66" for r in rows)
    _set(browser, "q-status", "duplicate", "change")
    assert all(r["cluster"] for r in _visible_rows(browser))
    _set(browser, "q-search", "zzzz-no-such-word", "input")
    assert _visible_rows(browser) == []
    assert browser.js("document.getElementById('q-empty').hidden") is False
    for element, event in (("q-search", "input"), ("q-fraction", "change"), ("q-status", "change")):
        _set(browser, element, "", event)
    assert len(_visible_rows(browser)) == total
    assert browser.problems() == []


def test_screenshot_and_print(page: tuple[Browser, Path]) -> None:
    """A screenshot of the top of the report is a real PNG; printing gives a multi-page PDF."""
    browser, folder = page
    browser.js("window.scrollTo({top: 0, behavior: 'instant'})")
    browser.wait_until("window.scrollY === 0")
    shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
    assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 20_000
    (folder / "report.png").write_bytes(shot)
    keep = os.environ.get("DEDUP_SCREENSHOT_DIR")
    if keep:
        Path(keep, "report.png").write_bytes(shot)
    pdf = base64.b64decode(browser.send("Page.printToPDF", printBackground=False)["data"])
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 5
    assert browser.problems() == []
