"""A catalogue's file and its cache entry, read without the catalogue's models.

`cache.py` writes and rebuilds entries; this module knows how big a catalogue
file may be, how an entry's key is made, where it lives and how its payload is
trusted, and nothing about sessions. That lets the commands that change one
session's progress (`mark`, `watch`, `rate`...) check a session id against an
entry's id column (`known_sessions`) without defining the catalogue's classes,
which is most of such a command's time.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from confplan import __version__
from confplan.fileio import read_regular
from confplan.paths import resolved

FORMAT_VERSION = 1  # the catalogue format this confplan reads (`format_version:` in YAML)

# A generous cap: the 100,000-session benchmark catalogue is about 70 MB.
# Anything far larger is a mistake (or an attack), not a conference.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
ENV_MAX_BYTES = "CONFPLAN_MAX_CATALOGUE_BYTES"

MAGIC = b"confplan-catalogue-cache\n"
CACHE_FORMAT = 5  # bump when the payload changes shape
MAX_ENTRY_BYTES = 2 * 1024 * 1024 * 1024  # far above what a 256 MiB catalogue makes

# Where the parts sit in an entry's payload (see cache.write).
SHELL, COLUMNS, HAYSTACKS, BLOCKS, STAMPS = range(5)
SHELL_ID, SHELL_RECAPS = 1, 6
RECAP_FILE = 4  # a recap's `file` in the shell (models.Recap's field order)
COLUMN_IDS, COLUMN_DURATIONS = 0, 5


def max_bytes() -> int:
    raw = os.environ.get(ENV_MAX_BYTES)
    if raw and raw.isdigit():
        return int(raw)
    return DEFAULT_MAX_BYTES


def cache_key(data: bytes, path: Path) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{CACHE_FORMAT}\0{FORMAT_VERSION}\0{resolved(path)}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "catalogues" / f"{key}.cache"


def seed_stamps(catalogue_path: Path, recap_files: list[str]) -> list[tuple[str, int, int]]:
    """Size and modification time of each recap document, resolved against the
    catalogue's folder: an entry is stale when one of them changed."""
    stamps = []
    for file in recap_files:
        path = resolved(catalogue_path.parent / file)
        try:
            st = path.stat()
        except OSError:
            stamps.append((str(path), -1, -1))
        else:
            stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return stamps


def read_payload(cache_dir: Path, key: str) -> Any:
    """The decoded payload of the entry for `key`, or None when there is none or its
    checksum does not hold. Its shape is for the caller to check."""
    try:
        blob = read_regular(entry_path(cache_dir, key), MAX_ENTRY_BYTES)
    except OSError:
        return None
    if not blob.startswith(MAGIC):
        return None
    view = memoryview(blob)
    digest, payload = view[len(MAGIC) : len(MAGIC) + 32], view[len(MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects: the cyclic GC would scan them over and over
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    finally:
        if gc_was_enabled:
            gc.enable()


class KnownSessions:
    """A catalogue's id and its sessions' ids and lengths, as its cache entry has them."""

    __slots__ = ("_minutes", "id")

    def __init__(self, catalogue_id: str, ids: tuple[str, ...], minutes: tuple[Any, ...]):
        self.id = catalogue_id
        self._minutes = dict(zip(ids, minutes, strict=True))

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._minutes

    def duration_min(self, session_id: str) -> int | None:
        return self._minutes.get(session_id)


def known_sessions(catalogue_path: Path, cache_dir: Path) -> KnownSessions | None:
    """The sessions of the catalogue at `catalogue_path` from a current cache entry, or
    None when there is no trustworthy one (or anything else is amiss): the caller then
    loads the catalogue, which reports every problem as usual."""
    try:
        data = read_regular(catalogue_path, max_bytes())
        payload = read_payload(cache_dir, cache_key(data, catalogue_path))
        if payload is None:
            return None
        shell, columns, stamps = payload[SHELL], payload[COLUMNS], payload[STAMPS]
        files = [recap[RECAP_FILE] for recap in shell[SHELL_RECAPS]]
        ids, minutes = columns[COLUMN_IDS], columns[COLUMN_DURATIONS]
        if (
            not isinstance(shell[SHELL_ID], str)
            or not all(type(i) is str for i in ids)
            or not all(m is None or type(m) is int for m in minutes)
            or not all(type(f) is str for f in files)
            or seed_stamps(catalogue_path, files) != stamps
        ):
            return None
        return KnownSessions(shell[SHELL_ID], ids, minutes)
    except (OSError, ValueError, TypeError, IndexError, KeyError):
        return None
