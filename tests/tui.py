"""Helpers for driving the TUI in tests.

Tests wait on conditions, never for a fixed time: `settle(pilot)` lets every
submitted change reach the store and its report reach the UI; `until(predicate,
what)` lets the app run until a condition holds (a dialog closed, a worker's
result shown, another process's change polled in); `dialog_ready(pilot, kind)`
waits until a dialog is on top with a field focused, so keys typed next go to it;
`palette_searched(pilot, typed)` until the command palette shows its matches.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from confplan.catalogue.catalogue import Catalogue
from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from confplan.tui.app import ConfplanApp
from confplan.tui.screens.main import MainScreen
from confplan.tui.widgets.session_table import SessionTable
from tests.helpers import BUNDLED, WAIT_S, Clock

CATALOGUE_ID = "kubecon-recaps"
S = TypeVar("S", bound=Screen[Any])


class Harness:
    """An app on the bundled (or a given) catalogue, a store, and the URLs it opened."""

    def __init__(self, folder: Path, catalogue: Catalogue | None = None, **options: object) -> None:
        self.store_path = folder / "progress.sqlite3"
        self.store = ProgressStore(self.store_path, clock=Clock())
        self.catalogue = catalogue or load_catalogue(BUNDLED)
        self.opened: list[str] = []
        self.app = ConfplanApp(
            self.store,
            self.catalogue,
            open_url=self.opened.append,
            cursor_blink=False,
            **options,  # type: ignore[arg-type]
        )

    def entries(self):  # type: ignore[no-untyped-def]
        """What is really on disk, through a separate connection."""
        with ProgressStore(self.store_path, readonly=True) as other:
            return other.entries(self.catalogue.id)

    def queue(self) -> list[str]:
        with ProgressStore(self.store_path, readonly=True) as other:
            return [e.session for e in other.watchlist(self.catalogue.id)]


async def settle(pilot: Pilot[Any]) -> None:
    """Let every submitted change reach the store and its report reach the UI."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        assert app.wait_for_store(WAIT_S)  # type: ignore[attr-defined]
        await pilot.pause()


async def until(predicate: Callable[[], object], what: str, timeout: float = WAIT_S) -> None:
    """Let the app run until `predicate()` is true; fail naming `what` if it is not
    after `timeout` seconds (generous: see WAIT_S)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s for {what}")
        await asyncio.sleep(0.01)  # the app runs on this loop meanwhile


async def dialog_ready(pilot: Pilot[Any], kind: type[S]) -> S:
    """Wait until a `kind` screen is on top and one of its widgets has the focus."""

    def ready() -> bool:
        focused = pilot.app.focused
        return (
            isinstance(pilot.app.screen, kind)
            and focused is not None
            and focused.screen is pilot.app.screen
        )

    await until(ready, f"{kind.__name__} to open and take the keys")
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def palette_searched(pilot: Pilot[Any], typed: str) -> None:
    """Wait until the command palette has searched for `typed` (what was typed into it)
    and highlights its best match, so that enter runs that command."""

    def found() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette) or palette.query_one(Input).value != typed:
            return False
        if any(w.node is palette and not w.is_finished for w in pilot.app.workers):
            return False  # still searching
        return palette.query_one(CommandList).highlighted is not None

    await until(found, f"the command palette's matches for {typed!r}")


def main_screen(pilot: Pilot[Any]) -> MainScreen:
    for screen in pilot.app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


def table(pilot: Pilot[Any]) -> SessionTable:
    return main_screen(pilot).query_one(SessionTable)


def current_id(pilot: Pilot[Any]) -> str | None:
    session = main_screen(pilot).current_session()
    return session.id if session else None


def row_text(pilot: Pilot[Any], y: int) -> str:
    return table(pilot).render_line(y).text


def visible_rows(pilot: Pilot[Any]) -> list[str]:
    widget = table(pilot)
    return [widget.render_line(y).text for y in range(widget.size.height)]


def plain(widget) -> str:  # type: ignore[no-untyped-def]
    """The text a Static shows."""
    return str(widget.visual)
