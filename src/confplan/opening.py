"""Opening a catalogue file, whatever it holds: the one way the command line and the
TUI get a catalogue.

A file is a YAML catalogue, or a published schedule (frab XML, schedule JSON,
iCalendar) told by its content and imported in memory. Either way the result is
a `Catalogue`, kept in the cache (catalogue/cache.py) so that the next start with
the same file skips reading and parsing it:

    the cache, by the file's stamp      (the file is not even read)
    else read the file; the cache, by its bytes
    else the bundled catalogue's snapshot, a schedule's import, or the YAML parsed;
         then put in the cache

This sits above both the catalogue package and the importers: the catalogue
package knows nothing of schedules, and the importers produce catalogues.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from confplan.catalogue.cache import CatalogueCache
from confplan.catalogue.catalogue import Catalogue
from confplan.gcpause import paused_gc

if TYPE_CHECKING:
    from confplan.catalogue.load import Progress
    from confplan.fileio import Stamp

# catalogue/load.py (reading, parsing, the snapshot) is imported when the cache
# does not answer by the file's stamp: a warm start of the TUI never needs it.

__all__ = ["cached_only", "load_catalogue"]

Defer = Callable[[Callable[[], None]], None]


def load_catalogue(
    path: Path,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    defer: Defer | None = None,
    trust_snapshot: bool = True,
) -> Catalogue:
    """The catalogue in the file at `path`: from the cache when it holds this exact
    file (and the bundled catalogue from its snapshot on a first start, unless
    `trust_snapshot` is off). Bad input raises a CatalogueError or an ImportError_.

    With `defer`, writing the cache entry is handed to it instead of done before
    returning (the TUI shows the sessions first, then writes)."""
    path = Path(path)
    if cache_dir is None:
        data, _ = _read(path)
        return _opened(path, data, progress, trust_snapshot)
    cache = CatalogueCache(cache_dir, _rebuild)
    cached = _by_stamp(cache, path)
    if cached is not None:
        return cached
    data, stamp = _read(path)
    key = cache.key(path, data, stamp)
    cached = cache.get(key)
    if cached is not None:
        return cached
    catalogue = _opened(path, data, progress, trust_snapshot)
    if progress and defer is None:
        progress("caching")
    cache.put(key, catalogue, defer)
    return catalogue


def cached_only(path: Path, cache_dir: Path) -> Catalogue | None:
    """The catalogue if the cache holds it (cheap), else None; never parses."""
    cache = CatalogueCache(cache_dir, _rebuild)
    cached = _by_stamp(cache, path)
    if cached is not None:
        return cached
    from confplan.catalogue import load

    try:
        data, stamp = load.read_file(path)
    except load.CatalogueError:
        return None
    key = cache.key(path, data, stamp)
    del data  # a big catalogue's bytes are not kept while its entry is read
    return cache.get(key)


def _read(path: Path) -> tuple[bytes, Stamp | None]:
    """The file's bytes and stamp (or a CatalogueError)."""
    from confplan.catalogue import load

    return load.read_file(path)


def _by_stamp(cache: CatalogueCache, path: Path) -> Catalogue | None:
    """The cached catalogue, while the file's stamp is the one remembered with its
    entry: the file is not read."""
    found = cache.find(path)
    return cache.get(found) if found is not None else None


def _opened(path: Path, data: bytes, progress: Progress | None, trust_snapshot: bool) -> Catalogue:
    """The catalogue from a file's bytes, when the cache does not hold it."""
    from confplan.catalogue import load

    catalogue = load.from_snapshot(path, data) if trust_snapshot else None
    return catalogue if catalogue is not None else _build(path, data, progress)


def _rebuild(path: Path, data: bytes) -> Catalogue:
    """What the cache rebuilds a damaged entry's sessions with."""
    return _build(path, data, None)


def _build(path: Path, data: bytes, progress: Progress | None) -> Catalogue:
    """The catalogue from a file's bytes: a schedule imported, or the YAML parsed."""
    from confplan.catalogue import load

    schedule = _schedule_format(data)
    if schedule is not None:
        return _imported(path, data, schedule, progress)
    return load.parse(path, data, progress)


def _schedule_format(data: bytes) -> str | None:
    """frab XML, schedule JSON or iCalendar (not a YAML catalogue), by content."""
    from confplan.importers import detect

    kind = detect.sniff(data)
    if kind == detect.SCHEDULE_JSON and b'"schedule"' not in data[:65536]:
        return None  # JSON is YAML too: a catalogue written as JSON is read as one
    return kind


def _imported(path: Path, data: bytes, kind: str, progress: Progress | None) -> Catalogue:
    """A schedule imported in memory: checked as the written catalogue would be, with no
    YAML written and parsed again in between."""
    from confplan.importers import detect
    from confplan.importers.common import checked

    if progress:
        progress("importing")
    with paused_gc():  # see gcpause.py
        imported = detect.reader(kind)(data, str(path))
        return Catalogue(checked(imported.document, path.name, path.parent), path)
