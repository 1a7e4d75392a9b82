"""Shown while a catalogue that is not in the cache is parsed (a big one takes seconds).

What moves is a spinner and a clock, redrawn four times a second: the parse runs in
a thread and needs the interpreter's lock, and every frame drawn meanwhile takes it
away (Textual's animated LoadingIndicator, at 16 frames a second, made a cold start
of 10,000 sessions measurably slower).
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label

STAGES = {
    "reading": "Reading the catalogue…",
    "parsing": "Parsing YAML…",
    "validating": "Checking every session and reference…",
    "indexing": "Building the search index…",
    "caching": "Saving a parsed copy so the next start is instant…",
}

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class LoadingScreen(Screen[None]):
    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description
        self._stage = "reading"
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label(Content(self.description), id="loading-what")
            yield Label(STAGES["reading"], id="loading-stage")
            yield Label("", id="loading-time")

    def on_mount(self) -> None:
        self.set_interval(0.25, self._tick)

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._started
        spinner = SPINNER[int(elapsed * 4) % len(SPINNER)]
        self.query_one("#loading-time", Label).update(f"{spinner} {elapsed:.1f} s")

    def stage(self, name: str, elapsed: float) -> None:
        self._stage = name
        self.query_one("#loading-stage", Label).update(Content(STAGES.get(name, name)))
