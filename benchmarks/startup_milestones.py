"""Where a start-up's time goes, in a real terminal: wall-clock milestones of one start.

    tmux new-session -d -x 120 -y 40 \
        "python benchmarks/startup_milestones.py OUT MARKER [confplan options...]"

Runs confplan's TUI in the terminal it is given (a pty: tmux, or the driver's),
notes the milliseconds since this script started at each milestone, and appends
one line to OUT when the first frame holding MARKER (text of the first row) has
been written, then exits. The milestones: `import textual.app` (what a minimal
Textual app pays too), confplan's command line, the launcher, the TUI's modules,
the catalogue found, the store opened, the app made and mounted, the main screen
composed and mounted, and each write to the terminal (`w<bytes>`, `*` when it
holds MARKER).

It wraps functions of confplan and the terminal driver's `write`; nothing else of
Textual's. For the figures that count, use pty_driver.py: this says where to look.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import functools  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from typing import Any  # noqa: E402

marks: list[tuple[str, float]] = []


def mark(name: str) -> None:
    marks.append((name, (time.perf_counter() - T0) * 1000))


def main() -> None:
    out, marker = sys.argv[1], sys.argv[2]
    import textual.app  # noqa: F401

    mark("textual.app")
    import confplan.cli

    mark("confplan.cli")
    from confplan.cli import tui_launch

    mark("launcher")
    from confplan.tui import app as tui_app
    from confplan.tui.screens import main as main_screen

    mark("tui")
    from textual.drivers.linux_driver import LinuxDriver

    def dump() -> None:
        with open(out, "a", encoding="utf-8") as f:
            f.write(" | ".join(f"{n} {t:.0f}" for n, t in marks) + "\n")
        os._exit(0)

    write = LinuxDriver.write
    seen = threading.Event()

    def noted_write(self: Any, data: str) -> None:
        write(self, data)
        holds = marker in data
        mark(f"w{len(data)}{'*' if holds else ''}")
        if holds and not seen.is_set():
            seen.set()
            dump()

    LinuxDriver.write = noted_write  # type: ignore[method-assign]

    def around(owner: Any, name: str, label: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)  # Textual reads a handler's parameters through it
        def noted(*args: Any, **kwargs: Any) -> Any:
            mark(label)
            try:
                return inner(*args, **kwargs)
            finally:
                mark(label + " done")

        setattr(owner, name, noted)

    around(tui_launch, "find_catalogue", "catalogue")
    around(tui_launch, "_open_store", "store")
    around(tui_app.ConfplanApp, "__init__", "app init")
    around(tui_app.ConfplanApp, "on_mount", "app mount")
    around(tui_app.ConfplanApp, "_start", "start")
    around(main_screen.MainScreen, "on_mount", "screen mount")
    compose = main_screen.MainScreen.compose

    def noted_compose(self: Any) -> Any:
        mark("compose")
        yield from compose(self)
        mark("compose done")

    main_screen.MainScreen.compose = noted_compose  # type: ignore[method-assign]
    threading.Timer(30, dump).start()  # never seen: say what was
    sys.argv = ["confplan", *sys.argv[3:]]
    sys.exit(confplan.cli.main())


if __name__ == "__main__":
    main()
