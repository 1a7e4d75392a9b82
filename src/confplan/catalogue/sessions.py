"""A catalogue's sessions, by index: the validated objects after a parse, or compact
rows from the cache, built into sessions on first use.

A cached block holds CHUNK rows, each marshalled on its own: reading a block
costs reading and checking its bytes, and only the row asked for is decoded.
(Blocks of 64 rows decoded whole made a filter keystroke at 100,000 sessions,
whose matches are scattered over as many blocks as rows shown, cost 10-30 ms
more than at 10,000.)"""

from __future__ import annotations

import datetime
import marshal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from confplan.catalogue.models import (
    Link,
    Recommendation,
    Recording,
    Session,
    Speaker,
)
from confplan.errors import BadInputError

CHUNK = 16  # sessions per cached block: what is read to show one of them


def session_row(s: Session) -> tuple[Any, ...]:
    recording = s.recording
    return (
        s.id,
        s.title,
        s.conference,
        s.event,
        s.kind,
        tuple((p.name, p.affiliation, p.role) for p in s.speakers),
        s.official_title,
        s.title_is_descriptive,
        s.date.toordinal() if s.date else None,
        s.duration_min,
        s.themes,
        s.schedule_url,
        s.slides_url,
        None
        if recording is None
        else (recording.kind, recording.url, recording.confidence, recording.note),
        tuple((r.recap, r.lines, r.why) for r in s.recommended_by),
        s.abstract,
        s.notes,
        s.track,
        s.start.isoformat() if s.start else None,
        s.room,
        s.source_id,
        tuple((link.url, link.title, link.kind) for link in s.links),
        s.duration_source,
        s.aliases,
    )


def session_from_row(row: tuple[Any, ...]) -> Session:
    recording = row[13]
    return Session(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        tuple(Speaker(*p) for p in row[5]),
        row[6],
        row[7],
        datetime.date.fromordinal(row[8]) if row[8] is not None else None,
        row[9],
        row[10],
        row[11],
        row[12],
        Recording(*recording) if recording is not None else None,
        tuple(Recommendation(r[0], tuple(r[1]), r[2]) for r in row[14]),
        row[15],
        row[16],
        row[17],
        datetime.datetime.fromisoformat(row[18]) if row[18] is not None else None,
        row[19],
        row[20],
        tuple(Link(*link) for link in row[21]),
        row[22],
        tuple(row[23]),
    )


class CacheDamagedError(BadInputError):
    """A cached catalogue turned out damaged and could not be rebuilt on the spot."""

    def __init__(self) -> None:
        super().__init__(
            "the catalogue cache entry was damaged and has been removed; run confplan again"
        )


class SessionList(Sequence[Session]):
    """The sessions, by index; built from cached rows on first access when lazy."""

    __slots__ = ("_blocks", "_made", "_rows", "fallback")

    def __init__(self, sessions: Sequence[Session]) -> None:
        self._made: list[Session | None] = list(sessions)
        self._blocks: Sequence[bytes] = ()
        self._rows: dict[int, tuple[bytes, ...]] = {}  # blocks read: marshalled rows
        # Builds every session afresh (from the catalogue file) if a cached block
        # turns out damaged when it is first read.
        self.fallback: Callable[[], list[Session]] | None = None

    @classmethod
    def lazy(cls, blocks: Sequence[bytes], count: int) -> SessionList:
        """Sessions to build from `blocks` (CHUNK rows each) when first asked for."""
        self = cls(())
        self._blocks = blocks
        self._made = [None] * count
        return self

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Session: ...

    @overload
    def __getitem__(self, index: slice) -> list[Session]: ...

    def __getitem__(self, index: int | slice) -> Session | list[Session]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._made)))]
        made = self._made[index]
        if made is None:
            if index < 0:
                index += len(self._made)
            try:
                made = self._build(index)
            except Exception:
                made = self._rebuild(index)
        return made

    def _build(self, index: int) -> Session:
        block = index // CHUNK
        rows = self._rows.get(block)
        if rows is None:
            rows = self._rows[block] = marshal.loads(self._blocks[block])
        made = session_from_row(marshal.loads(rows[index % CHUNK]))
        if not (isinstance(made.id, str) and isinstance(made.title, str)):
            raise TypeError("not a session row")
        self._made[index] = made
        return made

    def _rebuild(self, index: int) -> Session:
        """A damaged cached block: build every session from the catalogue file instead."""
        if self.fallback is None:
            raise CacheDamagedError
        sessions = self.fallback()
        if len(sessions) != len(self._made):
            raise CacheDamagedError
        self._made = list(sessions)
        self._blocks, self._rows, self.fallback = (), {}, None
        return sessions[index]

    def __iter__(self) -> Iterator[Session]:
        for i in range(len(self._made)):
            yield self[i]

    def copy(self) -> SessionList:
        """Another list of the same sessions, built or not (replacing in one leaves the
        other as it was)."""
        other = SessionList(())
        other._made, other._blocks, other._rows = list(self._made), self._blocks, self._rows
        other.fallback = self.fallback
        return other

    def replace(self, index: int, session: Session) -> None:
        """Put another version of a session in its place (the user's recaps add theirs)."""
        self[index]  # built first: a later build must not overwrite it
        self._made[index] = session

    def blocks(self) -> list[bytes]:
        """The sessions as marshalled blocks of CHUNK rows (for the cache)."""
        sessions = list(self)
        return [
            marshal.dumps(tuple(marshal.dumps(session_row(s)) for s in sessions[i : i + CHUNK]))
            for i in range(0, len(sessions), CHUNK)
        ]


class SearchTexts(Sequence[str]):
    """Each session's search text, from the cache entry when first asked for: a search
    needs them, the first frame does not (68 MB of text at 100,000 sessions). Texts
    that turn out damaged are made again from the sessions by `fallback`."""

    __slots__ = ("_count", "_load", "_texts", "fallback")

    def __init__(self, load: Callable[[], object], count: int) -> None:
        self._load: Callable[[], object] | None = load
        self._count = count
        self._texts: tuple[str, ...] | None = None
        self.fallback: Callable[[], Sequence[str]] | None = None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        texts = self._texts if self._texts is not None else self._read()
        return texts[index]

    def _read(self) -> tuple[str, ...]:
        texts: object = None
        if self._load is not None:
            try:
                texts = self._load()
            except (OSError, ValueError, EOFError, TypeError):
                texts = None
        if not (
            isinstance(texts, tuple)
            and len(texts) == self._count
            and set(map(type, texts)) <= {str}
        ):
            if self.fallback is None:
                raise CacheDamagedError
            texts = tuple(self.fallback())
            if len(texts) != self._count:
                raise CacheDamagedError
        self._texts, self._load, self.fallback = texts, None, None
        return texts
