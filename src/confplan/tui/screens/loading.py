"""Shown while a catalogue that is not in the cache is parsed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator

STAGES = {
    "reading": "Reading the catalogue…",
    "parsing": "Parsing YAML…",
    "validating": "Checking every session and reference…",
    "indexing": "Building the search index…",
    "caching": "Saving a parsed copy so the next start is instant…",
}


class LoadingScreen(Screen[None]):
    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label(self.description, id="loading-what")
            yield LoadingIndicator()
            yield Label(STAGES["reading"], id="loading-stage")

    def stage(self, name: str, elapsed: float) -> None:
        text = STAGES.get(name, name)
        self.query_one("#loading-stage", Label).update(f"{text}  ({elapsed:.1f} s)")
