"""Starting the TUI from the command line: open the store, find the catalogue (cache
first), then import and run the Textual app (the only place outside tui/ that does)."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from confplan import paths
from confplan.catalogue.catalogue import Catalogue
from confplan.errors import BadInputError
from confplan.opening import cached_only, load_catalogue
from confplan.progress.store import ProgressStore, ReadOnlyStoreError

# Below this size a cold catalogue is parsed before the first frame (well
# under a second); above it, the app starts at once and shows the parse.
SYNC_LOAD_BYTES = 1024 * 1024

# A loader gets a progress callback and a `defer` for the cache write.
Loader = Callable[[Callable[[str], None], Callable[[Callable[[], None]], None]], Catalogue]


def find_catalogue(
    catalogue_path: Path, cache_dir: Path | None
) -> tuple[Catalogue | None, Loader | None]:
    """The catalogue now (cached, or small enough to parse now), or a loader for a worker."""
    try:
        size = catalogue_path.stat().st_size
    except OSError:
        size = 0
    if size <= SYNC_LOAD_BYTES:  # load_catalogue looks in the cache first
        return load_catalogue(catalogue_path, cache_dir=cache_dir), None
    catalogue = cached_only(catalogue_path, cache_dir) if cache_dir else None
    if catalogue is not None:
        return catalogue, None

    def loader(
        progress: Callable[[str], None], defer: Callable[[Callable[[], None]], None]
    ) -> Catalogue:
        return load_catalogue(catalogue_path, cache_dir=cache_dir, progress=progress, defer=defer)

    return None, loader


def _settle_memory() -> None:
    """The catalogue is loaded and will not change: take its many objects out of the
    cyclic GC's sight, so that its collections stay cheap (a measured 2x on the
    first screen with 10,000 sessions)."""
    import gc

    gc.freeze()


def _cache_dir(no_cache: bool) -> Path | None:
    return None if no_cache or os.environ.get("CONFPLAN_NO_CACHE") else paths.cache_dir()


# The driver textual-serve names for the app it starts (`confplan serve`): the app
# then speaks to the browser through pipes, which are no terminal.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def has_terminal() -> bool:
    """Both standard input and output are a terminal (the TUI reads keys and draws), or
    the app is served to a browser by Textual's web driver."""
    if os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER:
        return True
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def _clock_options(args: argparse.Namespace) -> tuple[str | None, datetime.datetime | None]:
    """--tz and --now, checked before anything starts."""
    time_zone = getattr(args, "tui_tz", None)
    text = getattr(args, "tui_now", None)
    if not (time_zone or text):
        return None, None
    from confplan.agenda import read_moment, zone_named

    if time_zone:
        zone_named(time_zone)  # a clear error now, not a warning in the app
    # Without an offset, the app reads it in the agenda's zone once the catalogue is known.
    return time_zone, read_moment(text, "--now: ") if text else None


def run_tui(args: argparse.Namespace) -> int:
    if not has_terminal():
        raise BadInputError(
            "the terminal UI needs a terminal for input and output; "
            "`confplan list` lists the sessions instead (see `confplan --help`)"
        )
    time_zone, now = _clock_options(args)
    catalogue_path = paths.catalogue_path(args.catalogue)
    data_dir = paths.data_dir(args.data_dir)
    paths.check_data_dir(data_dir)
    store_path = paths.store_path(data_dir)
    catalogue, loader = find_catalogue(catalogue_path, _cache_dir(args.no_cache))
    if catalogue is not None:
        _settle_memory()
    store = _open_store(store_path)
    try:
        from confplan.preferences import config_path
        from confplan.tui.app import ConfplanApp

        app = ConfplanApp(
            store,
            catalogue,
            load=loader,
            preferences_path=config_path(),
            time_zone=time_zone,
            now=now,
        )
        app.run()
        if app.error_message:
            sys.stderr.write(app.error_message.rstrip("\n") + "\n")
        return app.return_code or 0
    finally:
        store.close()


def _open_store(store_path: Path) -> ProgressStore:
    """The store to write; in a folder that cannot be written, the store to read (each
    change then says that nothing was saved, and why)."""
    try:
        return ProgressStore(store_path)
    except ReadOnlyStoreError:
        return ProgressStore(store_path, readonly=True)


def run_tui_headless(catalogue_path: Path, data_dir: Path, size: tuple[int, int]) -> None:
    """The same start-up, without a terminal (for benchmarks)."""
    catalogue, loader = find_catalogue(catalogue_path, _cache_dir(False))
    if catalogue is not None:
        _settle_memory()
    store = ProgressStore(paths.store_path(data_dir))
    from confplan.tui.app import ConfplanApp

    ConfplanApp(store, catalogue, load=loader).run(headless=True, size=size)


def refused_keys(entries: Mapping[str, str]) -> list[str]:
    """Why the TUI would leave some of the user's [keys] entries out (config check)."""
    from confplan.tui.app import ConfplanApp
    from confplan.tui.screens.all_bindings import check_keys

    return check_keys(entries, ConfplanApp.BINDINGS).problems
