"""Child process for the start-up benchmark: start an app headless, print when its first
frame has been drawn, and exit at once.

    python benchmarks/first_frame.py minimal
    python benchmarks/first_frame.py confplan CATALOGUE DATA_DIR CACHE_DIR

The parent (run.py) times from spawning this process to reading "frame", so
interpreter start-up and imports count, as they do for a user. For confplan
the frame that counts is the first one showing the session list (a cold start
of a big catalogue first shows a loading screen; that is timed separately).
"""

from __future__ import annotations

import os
import sys


def _frame_reached(app) -> None:  # type: ignore[no-untyped-def]
    sys.stdout.write("frame\n")
    sys.stdout.flush()
    os._exit(0)  # the measurement is taken: skip the shutdown


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(_frame_reached, self)

    Minimal().run(headless=True, size=(120, 40))


def confplan(catalogue: str, data_dir: str, cache_dir: str) -> None:
    os.environ["CONFPLAN_CACHE_DIR"] = cache_dir
    from pathlib import Path

    from confplan.cli import tui_launch as launch
    from confplan.tui.screens.main import MainScreen

    original = MainScreen.on_mount

    def on_mount(self) -> None:  # type: ignore[no-untyped-def]
        original(self)
        self.call_after_refresh(_frame_reached, self.app)

    MainScreen.on_mount = on_mount  # type: ignore[method-assign]
    launch.run_tui_headless(Path(catalogue), Path(data_dir), size=(120, 40))


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        minimal()
    else:
        confplan(*sys.argv[2:5])
