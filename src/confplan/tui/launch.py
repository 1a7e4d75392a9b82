"""Starting the TUI from the command line: open the store, find the catalogue, run."""

from __future__ import annotations

import argparse
import os
import sys

from confplan import paths
from confplan.catalogue.load import cached_only, load_catalogue
from confplan.progress.store import ProgressStore

# Below this size a cold catalogue is parsed before the first frame (well
# under a second); above it, the app starts at once and shows the parse.
SYNC_LOAD_BYTES = 1024 * 1024


def run_tui(args: argparse.Namespace) -> int:
    catalogue_path = paths.catalogue_path(args.catalogue)
    store_path = paths.store_path(paths.data_dir(args.data_dir))
    cache_dir = None if args.no_cache or os.environ.get("CONFPLAN_NO_CACHE") else paths.cache_dir()

    catalogue = cached_only(catalogue_path, cache_dir) if cache_dir else None
    loader = None
    if catalogue is None:
        try:
            size = catalogue_path.stat().st_size
        except OSError:
            size = 0
        if size <= SYNC_LOAD_BYTES:
            catalogue = load_catalogue(catalogue_path, cache_dir=cache_dir)
        else:

            def loader(progress):  # type: ignore[no-untyped-def]
                return load_catalogue(catalogue_path, cache_dir=cache_dir, progress=progress)

    store = ProgressStore(store_path)
    try:
        from confplan.tui.app import ConfplanApp

        app = ConfplanApp(store, catalogue, load=loader)
        app.run()
        if app.error_message:
            sys.stderr.write(app.error_message.rstrip("\n") + "\n")
        return app.return_code or 0
    finally:
        store.close()


__all__ = ["run_tui"]
