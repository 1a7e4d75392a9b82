"""Save the README screenshot (docs/screenshot.svg) from the real app, headless.

    python docs/screenshot.py

It uses a throw-away progress store, with a few sessions queued, one watched
and one in progress, so the picture shows every pane at work.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from confplan.opening import load_catalogue
from confplan.paths import bundled_catalogue
from confplan.progress.store import ProgressStore
from confplan.tui.app import ConfplanApp

HERE = Path(__file__).resolve().parent


def _clock():  # type: ignore[no-untyped-def]
    tick = iter(range(1, 10_000))
    return lambda: f"2024-03-25T09:00:{next(tick) % 60:02d}.000000+00:00"


async def main() -> None:
    catalogue = load_catalogue(bundled_catalogue())
    with tempfile.TemporaryDirectory() as folder:
        store = ProgressStore(Path(folder) / "progress.sqlite3", clock=_clock())
        cid = catalogue.id
        store.watch(
            cid, ["eu24-spotify-backend", "eu24-lipstick-pig", "eu24-product-thinking-platforms"]
        )
        store.mark(cid, "eu24-product-thinking-platforms", "watched")
        store.rate(cid, "eu24-product-thinking-platforms", 5)
        store.mark(cid, "eu24-spotify-backend", "in-progress", 1230)
        app = ConfplanApp(store, catalogue, cursor_blink=False)
        async with app.run_test(size=(140, 42)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"platform", "enter", "j", "j")
            await pilot.pause(0.3)
            app.save_screenshot("screenshot.svg", str(HERE))
        store.close()


if __name__ == "__main__":
    asyncio.run(main())
