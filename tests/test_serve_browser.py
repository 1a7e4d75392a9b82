"""`confplan serve` in a real browser: Debian's Chromium, headless, driven by Playwright
(which is pointed at that browser and never downloads one).

The page draws the terminal in a canvas, so the test reads what the app sends over the
websocket (the screen's text, between escape sequences) to know when the planner is
drawn, types as a user would, and then asks the command line what the store holds.

Skipped where Chromium or Playwright is missing, except under CI (`CI` set), where
.ci/run installs Chromium and the test extras install Playwright: there it fails.
With CONFPLAN_SCREENSHOT=FILE it saves the browser's view there (the README's
docs/images/serve.png is made so).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import WAIT_S, in_ci, wait_until
from tests.test_serve_guard import Served, running

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The escape sequences between the screen's text (colours, cursor moves, modes).
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]")


def _absent(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI installs it: .ci/run and the test extras)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    """A page of a fresh headless Chromium (its own profile), offline but for 127.0.0.1."""
    if not CHROMIUM.exists():
        _absent(f"no {CHROMIUM} (Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _absent("playwright is not installed (the test extras)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 800},
        )
        outside: list[str] = []

        def refuse(route: Any) -> None:
            outside.append(route.request.url)
            route.abort()

        try:
            # Nothing leaves the machine, and the page asks for nothing elsewhere: its
            # template's web font is stopped by the server's content security policy.
            context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), refuse)
            yield context.pages[0] if context.pages else context.new_page()
            assert outside == [], f"the page asked for other hosts: {outside}"
        finally:
            context.close()


class Screen:
    """The text the app has sent to the page since `mark()`, escape sequences removed."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.frames: list[str] = []
        self.start = 0
        page.on("websocket", self._watch)

    def _watch(self, websocket: Any) -> None:
        websocket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
        self.frames.append(text)

    def mark(self) -> None:
        self.start = len(self.frames)

    def text(self) -> str:
        return ESCAPES.sub("", "".join(self.frames[self.start :]))

    def wait_for(self, found: Callable[[str], object], what: str) -> None:
        """Let the browser run until the text since `mark()` shows `what`."""
        deadline = time.monotonic() + WAIT_S
        while not found(self.text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"still waiting after {WAIT_S:g} s for {what}")
            self.page.wait_for_timeout(50)  # lets the page's events arrive meanwhile


def cli(*words: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "confplan", *words], capture_output=True, text=True, check=True
    )
    return done.stdout


def open_planner(page: Any, url: str) -> Screen:
    """`url` in `page`, once the planner is drawn there, with the keyboard on it."""
    screen = Screen(page)
    page.goto(url)
    screen.wait_for(lambda text: "Watchlist" in text and "Keys" in text, "the planner")
    # xterm.js reads keys from this element; a click would reach the planner as a mouse click
    page.locator(".xterm-helper-textarea").focus()
    return screen


def ids(*words: str) -> list[str]:
    return cli("list", *words, "--format", "ids").split()


def test_keys_typed_in_the_browser_change_the_store(browser_page: Any) -> None:
    target = ids("--search", "selajev")
    assert len(target) == 1, target
    other = next(i for i in ids() if i != target[0])  # the first row
    served = Served()
    started: list[int] = []
    try:
        screen = open_planner(browser_page, served.url)
        cli("watch", other)  # the command line writes while the browser's session is open
        screen.mark()
        browser_page.keyboard.type("/selajev")
        browser_page.keyboard.press("Enter")
        screen.wait_for(lambda text: re.search(r"\b1 of \d+", text), "the filtered list")
        browser_page.keyboard.press("w")
        wait_until(
            lambda: target[0] in ids("--watchlist"),
            "the session watchlisted in the browser, as the command line sees it",
        )
        assert ids("--watchlist") == [other, target[0]]
        screen.wait_for(lambda text: "2 queued" in text, "both changes on the watchlist")
        screenshot = os.environ.get("CONFPLAN_SCREENSHOT")
        if screenshot:
            screen.mark()
            browser_page.keyboard.press("Escape")  # the whole list again, for the picture
            screen.wait_for(lambda text: re.search(r"\b(\d+) of \1\b", text), "the whole list")
            browser_page.screenshot(path=screenshot)

        # A second tab: a planner of its own, on the same store.
        second = browser_page.context.new_page()
        open_planner(second, served.url)
        second.keyboard.press("x")  # the first row: watched
        wait_until(lambda: ids("--status", "watched") == [other], "the second tab's change")
        assert target[0] in ids("--watchlist")  # the first tab's change is kept
        started = served.apps()
        if Path("/proc/self/task").is_dir():  # where app processes can be counted
            assert len(started) == 2  # a planner for each tab
    finally:
        output = served.stop()  # with the pages still open
    assert "Traceback" not in output
    wait_until(lambda: not any(map(running, started)), "the planners to end with the server")
