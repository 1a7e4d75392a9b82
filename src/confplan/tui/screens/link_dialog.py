"""Search the catalogue for a session to link to one of the user's recaps.

The search is the `/` filter's (query.search: every word at a word's start), run
as each key is typed; the sessions of the recap's own edition come first. Enter
takes the highlighted session (the first if none is), once every key typed
before it is in the field: a burst such as "l spotify⏎" links what was typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from confplan import query
from confplan.catalogue.catalogue import Catalogue
from confplan.text import printable
from confplan.tui.screens.key_order import settle
from confplan.tui.widgets.fields import FilterInput

SHOWN = 30  # matches listed at once; typing more words narrows them


class LinkDialog(ModalScreen[str | None]):
    """Pick a session of the catalogue; returns its id, or None (Escape)."""

    DEFAULT_CSS = """
    LinkDialog #link-matches { height: auto; max-height: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True, id="link.cancel"),
        Binding("enter", "pick", "Link", priority=True, id="link.pick"),
        Binding("down", "move(1)", "Next", priority=True, show=False, id="link.down"),
        Binding("up", "move(-1)", "Previous", priority=True, show=False, id="link.up"),
    ]

    def __init__(self, catalogue: Catalogue, recap_title: str, conference: str) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.recap_title = recap_title
        self.conference = conference
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                Content.assemble(
                    ("Link a session to", "bold"),
                    "\n",
                    (printable(self.recap_title)[:200], "$text-muted"),
                )
            )
            yield FilterInput(self._search, id="link-search", placeholder="words of the title…")
            yield OptionList(id="link-matches")
            yield Label("Enter links the highlighted session, Escape cancels.", classes="hint")

    def on_mount(self) -> None:
        field = self.query_one(FilterInput)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.set_focus(field)  # now, not after the keys already waiting

    def _search(self, text: str) -> None:
        """The matches for what is typed, the recap's edition first."""
        catalogue = self.catalogue
        found = query.search(catalogue, text) if text.strip() else []
        found.sort(key=lambda i: catalogue.sessions[i].conference != self.conference)
        sessions = [catalogue.sessions[i] for i in found[:SHOWN]]
        self._ids = [s.id for s in sessions]
        listing = self.query_one(OptionList)
        listing.set_options(
            Option(
                Content.assemble(
                    printable(s.listed_title())[:90],
                    (f"  · {printable(s.speaker_names())[:40]} · {s.conference}", "$text-muted"),
                )
            )
            for s in sessions
        )
        if sessions:
            listing.highlighted = 0

    def action_move(self, by: int) -> None:
        listing = self.query_one(OptionList)
        if self._ids:
            current = listing.highlighted or 0
            listing.highlighted = max(0, min(current + by, len(self._ids) - 1))

    async def action_pick(self) -> None:
        await settle(self.query_one(FilterInput))
        index = self.query_one(OptionList).highlighted
        if self._ids:
            self.dismiss(self._ids[index if index is not None and index < len(self._ids) else 0])

    async def action_cancel(self) -> None:
        await settle(self.focused)
        self.dismiss(None)
