"""Helpers for driving the TUI in tests."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from confplan.catalogue.catalogue import Catalogue
from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from confplan.tui.app import ConfplanApp
from confplan.tui.screens.main import MainScreen
from confplan.tui.widgets.session_table import SessionTable
from tests.helpers import BUNDLED, Clock

CATALOGUE_ID = "kubecon-recaps"


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


async def settle(pilot: Pilot) -> None:
    """Let every submitted change reach the store and its report reach the UI."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        assert app.wait_for_store(10)  # type: ignore[attr-defined]
        await pilot.pause()


def main_screen(pilot: Pilot) -> MainScreen:
    for screen in pilot.app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


def table(pilot: Pilot) -> SessionTable:
    return main_screen(pilot).query_one(SessionTable)


def current_id(pilot: Pilot) -> str | None:
    session = main_screen(pilot).current_session()
    return session.id if session else None


def row_text(pilot: Pilot, y: int) -> str:
    return table(pilot).render_line(y).text


def visible_rows(pilot: Pilot) -> list[str]:
    widget = table(pilot)
    return [widget.render_line(y).text for y in range(widget.size.height)]


def plain(widget) -> str:  # type: ignore[no-untyped-def]
    """The text a Static shows."""
    return str(widget.visual)
