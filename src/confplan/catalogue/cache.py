"""A cache of validated catalogues, so a large YAML file is parsed once.

Entries live in the user cache folder, one file per catalogue, named by a
hash of the catalogue's bytes and path and of this confplan's version. An
entry is used only if its checksum matches, its structure is what this
version writes, and the recap documents it was validated against are
unchanged; anything else (stale, truncated, tampered, written by another
version) is ignored and rebuilt.

The payload is `marshal` data of plain values (no classes, nothing that runs
code): the catalogue's small parts, per-session columns, search texts, and
the sessions as blocks of rows that are decoded only when a session in the
block is first shown. Entries are written to a temporary file, fsynced and
renamed into place.
"""

from __future__ import annotations

import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from confplan.catalogue import models
from confplan.catalogue.catalogue import Catalogue, Columns
from confplan.catalogue.entry import MAGIC, entry_parts
from confplan.catalogue.files import cache_key, entry_path, read_payload, seed_stamps
from confplan.catalogue.sessions import CHUNK, SessionList
from confplan.fileio import atomic_write_bytes
from confplan.gcpause import paused_gc

__all__ = ["MAGIC", "cache_key", "discard", "read", "write"]

KEEP_ENTRIES = 8


def _seed_stamps(catalogue: Catalogue) -> list[tuple[str, int, int]]:
    return seed_stamps(catalogue.path, [recap.file for recap in catalogue.recaps.values()])


def _day(value: datetime.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _date(value: int | None) -> datetime.date | None:
    return datetime.date.fromordinal(value) if value is not None else None


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
            models.Conference(c[0], c[1], _date(c[2]), _date(c[3]), *c[4:]) for c in conferences
        ),
        events=tuple(models.Event(e[0], e[1], e[2], e[3], _date(e[4]), e[5]) for e in events),
        recaps=tuple(models.Recap(*r) for r in recaps),
        themes=tuple(models.Theme(*t) for t in themes),
    )


def discard(cache_dir: Path, key: str) -> None:
    """Remove an entry found damaged after it was read."""
    try:
        entry_path(cache_dir, key).unlink()
    except OSError:
        pass


def _all(kind: type, values: object) -> bool:
    return isinstance(values, tuple) and set(map(type, values)) <= {kind}


def _all_optional_int(values: object) -> bool:
    return isinstance(values, tuple) and set(map(type, values)) <= {int, type(None)}


def _within(values: tuple[int | None, ...], low: int, high: int) -> bool:
    present = [v for v in values if v is not None]
    return not present or (low <= min(present) and max(present) <= high)


def _columns_fit(columns: Columns, count: int) -> bool:
    """The columns are what this version writes: sorting and counting trust them.
    (Checked a column at a time, in C: 100,000 sessions take milliseconds.)"""
    return (
        all(isinstance(c, tuple) and len(c) == count for c in columns.parts())
        and _all(str, columns.ids)
        and len(set(columns.ids)) == count
        and _all(str, columns.titles)
        and _all(tuple, columns.themes)
        and set(map(type, chain.from_iterable(columns.themes))) <= {str}
        and _all(int, columns.recommendations)
        and _all_optional_int(columns.dates)
        and _within(columns.dates, 1, 3_699_999)
        and _all_optional_int(columns.durations)
        and set(map(type, columns.tracks)) <= {str, type(None)}
        and _all(int, columns.title_ranks)
        and _within(columns.title_ranks, 0, count - 1)
        and len(set(columns.title_ranks)) == count  # a permutation of the sessions
    )


def read(cache_dir: Path, key: str, path: Path) -> Catalogue | None:
    """The cached catalogue for `key`, or None if there is no trustworthy entry."""
    stored = read_payload(cache_dir, key)
    if stored is None:
        return None
    try:
        with paused_gc():  # many small objects: see gcpause.py
            (shell, columns, stamps), (haystacks, blocks) = stored
            columns = Columns(*columns)
            count = len(columns.ids)
            if not (
                _columns_fit(columns, count)
                and _all(str, haystacks)
                and len(haystacks) == count
                and len(blocks) == (count + CHUNK - 1) // CHUNK
            ):
                return None
            catalogue = Catalogue.from_parts(
                _document_shell(shell), path, SessionList.lazy(blocks, count), columns, haystacks
            )
        if _seed_stamps(catalogue) != stamps:
            return None
        return catalogue
    except Exception:  # a damaged entry is never fatal: rebuild it
        return None


def write(cache_dir: Path, key: str, catalogue: Catalogue) -> bool:
    """Store `catalogue` under `key`; whether it was stored. Failures are silent (the
    cache is optional)."""
    entry = entry_path(cache_dir, key)
    parts = entry_parts(
        (_shell(catalogue), catalogue.columns.parts(), _seed_stamps(catalogue)),
        catalogue.haystacks,
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
