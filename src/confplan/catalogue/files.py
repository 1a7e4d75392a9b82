"""A catalogue's file and its cache entry, read without the catalogue's models.

`cache.py` is the cache's interface, and turns catalogues into entries and back;
this module knows how big a catalogue file may be, how an entry's key is made,
where it lives and how its payload is trusted, and nothing about sessions. That
lets the commands that change one session's progress (`mark`, `watch`, `rate`...)
check a session id against an entry's id column (`known_sessions`) without
defining the catalogue's classes, which is most of such a command's time.

An entry's key is a hash of the catalogue's bytes. So that a warm start need not
read and hash the whole file (100 MB for a big programme), the key found for a
file is remembered with the file's stamp (device, inode, size, modification and
change times: `fileio.stamp_of`); while the stamp is the same, so is the key. A
stamp is remembered only for a file last modified some seconds before it was
read, so an edit in the same clock tick as the read cannot go unseen.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import time
from pathlib import Path
from typing import Any

from confplan import __version__
from confplan.catalogue.entry import read_entry
from confplan.fileio import Stamp, atomic_write_bytes, read_regular, read_stamped, stamp_of
from confplan.paths import resolved

FORMAT_VERSION = 1  # the catalogue format this confplan reads (`format_version:` in YAML)

# A generous cap: the 100,000-session benchmark catalogue is about 70 MB.
# Anything far larger is a mistake (or an attack), not a conference.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
ENV_MAX_BYTES = "CONFPLAN_MAX_CATALOGUE_BYTES"

CACHE_FORMAT = 15  # bump when the payload changes shape
SETTLED_NS = 2_000_000_000  # a file unmodified this long before it was read: its stamp holds
KEEP_STAMPS = 32

# Where the parts sit in an entry's head (see cache.write).
SHELL, COLUMNS, STAMPS = range(3)
SHELL_ID, SHELL_RECAPS = 1, 6
RECAP_FILE = 4  # a recap's `file` in the shell (models.Recap's field order)
COLUMN_IDS, COLUMN_DURATIONS, COLUMN_ALIASES = 0, 4, 7


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


def _stamp_path(cache_dir: Path, path: Path) -> Path:
    name = f"{__version__}\0{CACHE_FORMAT}\0{FORMAT_VERSION}\0{resolved(path)}"
    return cache_dir / "catalogues" / f"{hashlib.sha256(name.encode()).hexdigest()}.stamp"


def read_catalogue(path: Path) -> tuple[bytes, Stamp | None]:
    """The catalogue file's bytes (regular, within `max_bytes`), with its stamp."""
    return read_stamped(path, max_bytes())


def key_by_stamp(path: Path, cache_dir: Path) -> str | None:
    """The cache key remembered for the catalogue at `path` as it is now (the same
    stamp), without reading it; None when there is none or anything is amiss."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes():
            return None  # reading it reports what is wrong
        stamp, key = marshal.loads(read_regular(_stamp_path(cache_dir, path), 4096))
        if tuple(stamp) == stamp_of(info) and type(key) is str and len(key) == 64:
            return key
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return None


def remember_key(path: Path, cache_dir: Path, key: str, stamp: Stamp | None) -> None:
    """Remember that the catalogue with `stamp` has `key` (see the module's note);
    failures are silent, as everything about the cache."""
    if stamp is None or time.time_ns() - max(stamp[3], stamp[4]) < SETTLED_NS:
        return  # changed too lately (the change time counts: mtime can be set back)
    target = _stamp_path(cache_dir, path)
    try:
        if target.is_file() and key_by_stamp(path, cache_dir) == key:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, marshal.dumps((stamp, key)))
        stamps = sorted(
            target.parent.glob("*.stamp"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in stamps[KEEP_STAMPS:]:
            old.unlink()
    except OSError:
        return


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


def read_payload(cache_dir: Path, key: str, *, body: bool = True) -> Any:
    """The entry for `key` (see entry.py), or None when there is none or it does not
    hold together; with `body` off, only its head is read."""
    return read_entry(entry_path(cache_dir, key), body=body)


class KnownSessions:
    """A catalogue's id and its sessions' ids, aliases and lengths, as its cache entry
    has them."""

    __slots__ = ("_aliases", "_minutes", "_own", "id")

    def __init__(
        self,
        catalogue_id: str,
        ids: tuple[str, ...],
        minutes: tuple[Any, ...],
        aliases: tuple[tuple[str, ...], ...] = (),
    ):
        self.id = catalogue_id
        self._minutes = dict(zip(ids, minutes, strict=True))
        self._own: dict[str, str] = {}  # alias -> the session's id
        self._aliases: dict[str, tuple[str, ...]] = {}
        for sid, more in zip(ids, aliases, strict=False):
            if more:
                self._aliases[sid] = more
                for alias in more:
                    self._own.setdefault(alias, sid)

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._minutes or session_id in self._own

    def canonical(self, session_id: str) -> str:
        """The session's own id for an id or an alias (an unknown id as it is)."""
        return (
            self._own.get(session_id, session_id) if session_id not in self._minutes else session_id
        )

    def aliases_of(self, session_id: str) -> tuple[str, ...]:
        return self._aliases.get(session_id, ())

    def duration_min(self, session_id: str) -> int | None:
        return self._minutes.get(self.canonical(session_id))


def known_sessions(catalogue_path: Path, cache_dir: Path) -> KnownSessions | None:
    """The sessions of the catalogue at `catalogue_path` from a current cache entry, or
    None when there is no trustworthy one (or anything else is amiss): the caller then
    loads the catalogue, which reports every problem as usual."""
    try:
        stamp = None
        key = key_by_stamp(catalogue_path, cache_dir)
        if key is None:
            data, stamp = read_catalogue(catalogue_path)
            key = cache_key(data, catalogue_path)
        payload = read_payload(cache_dir, key, body=False)
        if payload is None:
            return None
        head = payload[0]
        shell, columns, stamps = head[SHELL], head[COLUMNS], head[STAMPS]
        files = [recap[RECAP_FILE] for recap in shell[SHELL_RECAPS]]
        ids, minutes = columns[COLUMN_IDS], columns[COLUMN_DURATIONS]
        aliases = columns[COLUMN_ALIASES]
        if (
            not isinstance(shell[SHELL_ID], str)
            or not set(map(type, ids)) <= {str}
            or not set(map(type, minutes)) <= {int, type(None)}
            or not set(map(type, aliases)) <= {tuple}
            or not all(type(a) is str for more in aliases for a in more)
            or not all(type(f) is str for f in files)
            or seed_stamps(catalogue_path, files) != stamps
        ):
            return None
        remember_key(catalogue_path, cache_dir, key, stamp)
        return KnownSessions(shell[SHELL_ID], ids, minutes, aliases)
    except (OSError, ValueError, TypeError, IndexError, KeyError):
        return None
