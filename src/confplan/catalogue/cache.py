"""The catalogue cache: a validated catalogue kept on disk, so that a big file is
parsed once, and a start with it unchanged takes milliseconds.

    cache = CatalogueCache(folder, rebuild)
    key = cache.find(path)              # by the file's stamp: the file is not read
    key = cache.key(path, data, stamp)  # by its bytes, once it has been read
    catalogue = cache.get(key)          # None: no trustworthy entry
    cache.put(key, catalogue)           # or put(..., defer=...) to write it later

What it keeps, and why each piece is there:

- An entry per catalogue file, named by a hash of the file's bytes and path and
  of this confplan's version (`files.cache_key`): any edit, or another version,
  finds no entry and the file is parsed again.
- The stamp of a file (device, inode, size, modification and change times) with
  its entry's key, so that a warm start need not read and hash the whole file;
  only for a file unchanged for two seconds before it was read, so that an edit
  in the same clock tick cannot go unseen (`files.key_by_stamp`, `remember_key`).
- An entry's bytes (entry.py): a checked head (the catalogue without its
  sessions, the columns that sorting and counting need, the recap documents'
  stamps), the blocks' index, the search texts (read when first searched), then
  the sessions in blocks, each checked and decoded only when a session in it is
  first shown. A warm start of 100,000 sessions neither reads nor holds their rows
  or texts before its first frame. Texts found damaged are made again from the
  sessions.
- Anything that does not hold together (stale, truncated, tampered, another
  version's) is not an entry: `get` answers None and the caller parses. A block
  found damaged later rebuilds the sessions with `rebuild`, from the file itself.
- What is written is the catalogue as loaded: with `defer` (the TUI writes once
  the sessions are on screen) a copy is taken at once, so the user's own recaps,
  laid over the catalogue meanwhile, are never stored as the catalogue's.
- Failures to write are silent: the cache is optional. Entries are written to a
  temporary file, fsynced and renamed; the newest KEEP_ENTRIES are kept.
- `files.known_sessions` reads an entry's head alone, without this module or the
  catalogue's classes: `confplan mark` checks a session id in milliseconds.

The payload is `marshal` data of plain values (no classes, nothing that runs code).
Entries are plain files, not rows in SQLite: a loaded catalogue goes on reading its
blocks from the entry's open file, so an entry replaced or pruned meanwhile (by
another confplan) changes nothing for it, with no transaction held open, and a
damaged entry is one file to drop.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from confplan.catalogue import files, models
from confplan.catalogue.catalogue import Catalogue, Columns, with_aliases
from confplan.catalogue.entry import MAGIC, entry_parts
from confplan.catalogue.sessions import CHUNK, CacheDamagedError, SearchTexts, SessionList
from confplan.fileio import Stamp, atomic_write_bytes
from confplan.gcpause import paused_gc

__all__ = ["MAGIC", "CatalogueCache", "Key"]

KEEP_ENTRIES = 8

# Builds a catalogue from a file's bytes (what the cache is a shortcut for).
Rebuild = Callable[[Path, bytes], Catalogue]


class Key(NamedTuple):
    """Which entry holds a catalogue file's catalogue: the file, the entry's name, and
    the file's stamp when read (None: not to be remembered)."""

    path: Path
    name: str
    stamp: Stamp | None


class CatalogueCache:
    """Catalogues in the cache folder `folder`; see the module's note."""

    def __init__(self, folder: Path, rebuild: Rebuild) -> None:
        self.folder = folder
        self.rebuild = rebuild

    def find(self, path: Path) -> Key | None:
        """The key remembered for the file at `path` while its stamp is the same."""
        name = files.key_by_stamp(path, self.folder)
        return Key(path, name, None) if name is not None else None

    def key(self, path: Path, data: bytes, stamp: Stamp | None) -> Key:
        """The key for the file at `path`, read as `data` with `stamp`."""
        return Key(path, files.cache_key(data, path), stamp)

    def get(self, key: Key) -> Catalogue | None:
        """The catalogue in the entry for `key`, or None if there is no trustworthy one."""
        catalogue = _decode(files.read_payload(self.folder, key.name), key.path)
        if catalogue is not None:
            files.remember_key(key.path, self.folder, key.name, key.stamp)
            catalogue.sessions.fallback = self._reparser(key)
        return catalogue

    def put(
        self,
        key: Key,
        catalogue: Catalogue,
        defer: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        """Store `catalogue` as it is now, at once or (with `defer`) by the function
        handed to `defer`."""
        as_loaded = catalogue.frozen_copy() if defer is not None else catalogue

        def write() -> None:
            if self._write(key.name, as_loaded):
                files.remember_key(key.path, self.folder, key.name, key.stamp)

        if defer is not None:
            defer(write)
        else:
            write()

    def _reparser(self, key: Key) -> Callable[[], list[models.Session]]:
        """What a cached catalogue calls if a block of its sessions turns out damaged:
        drop the entry and build the sessions from the file, if it still has the
        bytes the entry was made from (the next start writes the entry again)."""

        def reparse() -> list[models.Session]:
            self._discard(key.name)
            try:
                data, _ = files.read_catalogue(key.path)
            except OSError:
                raise CacheDamagedError from None
            if files.cache_key(data, key.path) != key.name:
                raise CacheDamagedError
            return list(self.rebuild(key.path, data).sessions)

        return reparse

    def _write(self, name: str, catalogue: Catalogue) -> bool:
        entry = files.entry_path(self.folder, name)
        parts = entry_parts(
            (_shell(catalogue), _packed(catalogue.columns), _seed_stamps(catalogue)),
            tuple(catalogue.haystacks),
            catalogue.sessions.blocks(),
        )
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            if entry.is_symlink() or (entry.exists() and not entry.is_file()):
                entry.unlink()  # the cache is ours: a planted link or FIFO goes, never followed
            atomic_write_bytes(entry, parts)
            _prune(entry.parent)
        except OSError:
            return False
        return True

    def _discard(self, name: str) -> None:
        try:
            files.entry_path(self.folder, name).unlink()
        except OSError:
            pass


def _prune(folder: Path) -> None:
    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob("*.cache"), key=age, reverse=True)[KEEP_ENTRIES:]:
        try:
            old.unlink()
        except OSError:
            pass
    for stale in folder.glob("*.pickle"):  # entries of an older confplan
        try:
            stale.unlink()
        except OSError:
            pass


# -- a catalogue as an entry's plain values, and back ------------------------------


def _decode(stored: Any, path: Path) -> Catalogue | None:
    """The catalogue from an entry's parts, if they are what this version writes."""
    if stored is None:
        return None
    try:
        with paused_gc():  # many small objects: see gcpause.py
            (shell, columns, stamps), (texts, blocks) = stored
            columns = _unpacked(columns)
            count = len(columns.ids)
            index = _index_of(columns)
            if not (
                index is not None
                and _columns_fit(columns, count)
                and len(blocks) == (count + CHUNK - 1) // CHUNK
            ):
                return None
            haystacks = SearchTexts(texts.load, count)  # read when first searched
            catalogue = Catalogue.from_parts(
                _document_shell(shell),
                path,
                SessionList.lazy(blocks, count),
                columns,
                haystacks,
                index=index,
            )
            haystacks.fallback = catalogue.search_texts
        if _seed_stamps(catalogue) != stamps:
            return None
        return catalogue
    except Exception:  # a damaged entry is never fatal: rebuild it
        return None


def _seed_stamps(catalogue: Catalogue) -> list[tuple[str, int, int]]:
    return files.seed_stamps(catalogue.path, [recap.file for recap in catalogue.recaps.values()])


def _day(value: datetime.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _date(value: int | None) -> datetime.date | None:
    return datetime.date.fromordinal(value) if value is not None else None


def _day_of(value: int) -> datetime.date:
    return datetime.date.fromordinal(value)


def _shell(catalogue: Catalogue) -> tuple[Any, ...]:
    return (
        catalogue.format_version,
        catalogue.id,
        catalogue.title,
        catalogue.description,
        tuple(
            (
                c.id,
                c.name,
                _day(c.start),
                _day(c.end),
                c.city,
                c.country,
                c.venue,
                c.url,
                c.time_zone,
            )
            for c in catalogue.conferences.values()
        ),
        tuple(
            (e.id, e.conference, e.name, e.kind, _day(e.date), e.url)
            for e in catalogue.events.values()
        ),
        tuple(
            tuple(getattr(r, f) for f in models.Recap.__slots__) for r in catalogue.recaps.values()
        ),
        tuple((t.id, t.name, t.description, t.stressed_by) for t in catalogue.themes.values()),
    )


def _document_shell(shell: tuple[Any, ...]) -> models.CatalogueDocument:
    version, cid, title, description, conferences, events, recaps, themes = shell
    return models.CatalogueDocument(
        format_version=version,
        id=cid,
        title=title,
        sessions=(),
        description=description,
        conferences=tuple(
            models.Conference(c[0], c[1], _day_of(c[2]), _day_of(c[3]), *c[4:]) for c in conferences
        ),
        events=tuple(models.Event(e[0], e[1], e[2], e[3], _date(e[4]), e[5]) for e in events),
        recaps=tuple(models.Recap(*r) for r in recaps),
        themes=tuple(models.Theme(*t) for t in themes),
    )


def _all(kind: type, values: object) -> bool:
    return isinstance(values, tuple) and set(map(type, values)) <= {kind}


def _all_optional_int(values: object) -> bool:
    return isinstance(values, tuple) and set(map(type, values)) <= {int, type(None)}


def _within(values: tuple[int | None, ...], low: int, high: int) -> bool:
    present = [v for v in values if v is not None]
    return not present or (low <= min(present) and max(present) <= high)


THEMES = 1  # the themes column's place in Columns.parts()


def _packed(columns: Columns) -> tuple[Any, ...]:
    """The columns as an entry keeps them: the themes as a table of the distinct tuples
    of themes and each session's place in it (a few hundred tuples, not one per
    session: 35 ms less to read at 100,000 sessions)."""
    table: dict[tuple[str, ...], int] = {}
    places = tuple(table.setdefault(themes, len(table)) for themes in columns.themes)
    parts = list(columns.parts())
    parts[THEMES] = (tuple(table), places)
    return tuple(parts)


def _unpacked(parts: tuple[Any, ...]) -> Columns:
    """Columns from `_packed` parts (TypeError, ValueError or IndexError if not)."""
    table, places = parts[THEMES]
    if not (
        _all(tuple, table)
        and set(map(type, chain.from_iterable(table))) <= {str}
        and _all(int, places)
        and _within(places, 0, len(table) - 1)
    ):
        raise ValueError("not the themes this version writes")
    values = list(parts)
    values[THEMES] = tuple(map(table.__getitem__, places))
    return Columns(*values)


def _index_of(columns: Columns) -> dict[str, int] | None:
    """The columns' index of ids and aliases, if the ids are distinct texts and no
    alias is an id (None if not)."""
    ids = columns.ids
    if not (isinstance(ids, tuple) and _all(str, ids)):
        return None
    index = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) != len(ids):
        return None
    aliases = columns.aliases
    if not (
        isinstance(aliases, tuple)
        and set(map(type, aliases)) <= {tuple}
        and set(map(type, chain.from_iterable(aliases))) <= {str}
        and not any(map(index.__contains__, chain.from_iterable(aliases)))
    ):
        return None
    return with_aliases(index, aliases)


def _columns_fit(columns: Columns, count: int) -> bool:
    """The columns are what this version writes: sorting and counting trust them.
    (Checked a column at a time, in C: 100,000 sessions take milliseconds. The ids,
    aliases and themes are checked by `_index_of` and `_unpacked`.)"""
    return (
        all(isinstance(c, tuple) and len(c) == count for c in columns.parts())
        and _all(int, columns.recommendations)
        and _all_optional_int(columns.dates)
        and _within(columns.dates, 1, 3_699_999)
        and _all_optional_int(columns.durations)
        and set(map(type, columns.tracks)) <= {str, type(None)}
        and _all(int, columns.title_ranks)
        and _within(columns.title_ranks, 0, count - 1)
        and len(set(columns.title_ranks)) == count  # a permutation of the sessions
        and _all(str, columns.kinds)
        and _all(str, columns.conferences)
        and _all(bool, columns.timed)
        and _all_optional_int(columns.starts)
    )
