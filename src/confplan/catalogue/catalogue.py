"""A loaded catalogue: its sessions, the lookups everyone needs, and columns for speed.

Sessions are a `SessionList` (sessions.py): after a parse they are the validated objects;
from the cache they are built on first use from compact rows, so starting on
10,000 sessions builds the few dozen on screen, not all of them. Sorting,
filtering by theme and counting use plain columns (`Columns`) instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from itertools import compress
from pathlib import Path
from typing import Any, TypeVar

from confplan.catalogue.models import (
    NOT_TALKS,
    NOTHING_TO_WATCH,
    CatalogueDocument,
    Conference,
    Event,
    Recap,
    Session,
    Theme,
)
from confplan.catalogue.sessions import SessionList
from confplan.fileio import read_regular
from confplan.paths import resolved
from confplan.text import fold, search_form

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024

T = TypeVar("T")


def document_lines(path: Path) -> list[str]:
    """A recap document's lines, numbered as an editor numbers them (split on newline only).

    Raises OSError (a FIFO, a device, a link loop, a file over the size cap)."""
    data = read_regular(path, MAX_DOCUMENT_BYTES)
    text = data.decode("utf-8", errors="replace")
    if text.endswith("\n"):
        text = text[:-1]
    return [line.rstrip("\r") for line in text.split("\n")]


def track_name(track: str) -> str:
    """A track's name to sort and match by: folded, without Sched's emoji ("⚡ Lightning")."""
    return fold(track).strip(" ⚡🚨🪧")


def search_text(session: Session, events: dict[str, Event], themes: dict[str, Theme]) -> str:
    """What `/` and `list --search` search: title, official title, speakers,
    affiliations, event, themes, track, room and abstract, each in its `search_form`
    on a line of its own (so a phrase never runs from one part into the next)."""
    parts = [session.title]
    if session.official_title:
        parts.append(session.official_title)
    for speaker in session.speakers:
        parts.append(speaker.name)
        if speaker.affiliation:
            parts.append(speaker.affiliation)
    event = events.get(session.event)
    parts.append(event.name if event else session.event)
    for theme_id in session.themes:
        theme = themes.get(theme_id)
        parts.append(theme.name if theme else theme_id)
    if session.track:
        parts.append(session.track)
    if session.room:
        parts.append(session.room)
    if session.abstract:
        parts.append(session.abstract)
    return "\n".join(search_form(part) for part in parts)


# -- sessions as rows of plain values (for the cache) ----------------------------


def with_aliases(index: dict[str, int], aliases: Sequence[tuple[str, ...]]) -> dict[str, int]:
    """`index` (each id's place) with each session's aliases leading to its place too
    (the first session's, should two share one)."""
    for i in compress(range(len(aliases)), aliases):  # the few sessions with aliases
        for alias in aliases[i]:
            index.setdefault(alias, i)
    return index


@dataclass(frozen=True, slots=True)
class Columns:
    """Per-session values that sorting, theme filters and counts need for every session."""

    ids: tuple[str, ...]
    themes: tuple[tuple[str, ...], ...]
    recommendations: tuple[int, ...]
    dates: tuple[int | None, ...]  # proleptic ordinals
    durations: tuple[int | None, ...]
    tracks: tuple[str | None, ...]
    # Each session's place in the order of titles (folded: case and accents aside), so
    # that sorting compares ints instead of folding every title at every start.
    title_ranks: tuple[int, ...]
    # Each session's other ids (entries merged into it), which still lead to it.
    aliases: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]
    conferences: tuple[str, ...]
    timed: tuple[bool, ...]  # has a start
    starts: tuple[int | None, ...]  # start times, in seconds since the epoch

    @classmethod
    def of(cls, sessions: Sequence[Session]) -> Columns:
        titles = tuple(s.title for s in sessions)
        ranks = [0] * len(titles)
        folded = [fold(t) for t in titles]
        for rank, index in enumerate(sorted(range(len(titles)), key=folded.__getitem__)):
            ranks[index] = rank
        return cls(
            ids=tuple(s.id for s in sessions),
            themes=tuple(s.themes for s in sessions),
            recommendations=tuple(len(s.recommended_by) for s in sessions),
            dates=tuple(s.date.toordinal() if s.date else None for s in sessions),
            durations=tuple(s.duration_min for s in sessions),
            tracks=tuple(s.track for s in sessions),
            title_ranks=tuple(ranks),
            aliases=tuple(s.aliases for s in sessions),
            kinds=tuple(s.kind for s in sessions),
            conferences=tuple(s.conference for s in sessions),
            timed=tuple(s.start is not None for s in sessions),
            starts=tuple(int(s.start.timestamp()) if s.start else None for s in sessions),
        )

    def index(self) -> dict[str, int]:
        """Each session's place by its id and by each of its aliases."""
        return with_aliases(dict(zip(self.ids, range(len(self.ids)), strict=True)), self.aliases)

    def parts(self) -> tuple[tuple[Any, ...], ...]:
        """Every column, in field order (as `Columns(*parts)` takes them back)."""
        return tuple(getattr(self, field.name) for field in fields(self))


class Catalogue:
    """Sessions, lookups, columns and search texts, built once per load."""

    __slots__ = (
        "added_recaps",
        "columns",
        "conferences",
        "description",
        "events",
        "format_version",
        "haystacks",
        "id",
        "index",
        "originals",
        "path",
        "recaps",
        "sessions",
        "source",
        "themes",
        "title",
    )

    def __init__(
        self,
        document: CatalogueDocument,
        path: Path,
        haystacks: tuple[str, ...] | None = None,
    ) -> None:
        self._set_meta(document, path)
        self.sessions = SessionList(document.sessions)
        self.columns = Columns.of(document.sessions)
        # By id and by alias: every lookup by id (show, mark, exports...) resolves both.
        self.index: dict[str, int] = self.columns.index()
        self.haystacks: Sequence[str] = (
            haystacks
            if haystacks is not None and len(haystacks) == len(self.sessions)
            else self.search_texts()
        )

    def _set_meta(self, document: CatalogueDocument, path: Path) -> None:
        self.path = path
        self.format_version = document.format_version
        self.id = document.id
        self.title = document.title
        self.description = document.description
        self.source = document.source  # where it is followed from, if anywhere
        self.conferences: dict[str, Conference] = {c.id: c for c in document.conferences}
        self.events: dict[str, Event] = {e.id: e for e in document.events}
        self.recaps: dict[str, Recap] = {r.id: r for r in document.recaps}
        self.themes: dict[str, Theme] = {t.id: t for t in document.themes}
        # What the user's own recaps changed, to take it back before laying them again.
        self.originals: dict[str, Session] = {}
        self.added_recaps: set[str] = set()

    @classmethod
    def from_parts(
        cls,
        shell: CatalogueDocument,
        path: Path,
        sessions: SessionList,
        columns: Columns,
        haystacks: Sequence[str],
        *,
        index: dict[str, int] | None = None,
    ) -> Catalogue:
        """A catalogue from cached parts (`shell` is the document without its sessions)."""
        self = cls.__new__(cls)
        self._set_meta(shell, path)
        self.sessions = sessions
        self.columns = columns
        self.index = columns.index() if index is None else index
        self.haystacks = haystacks
        return self

    def search_texts(self) -> tuple[str, ...]:
        """Each session's search text, made from the sessions."""
        return tuple(search_text(s, self.events, self.themes) for s in self.sessions)

    def frozen_copy(self) -> Catalogue:
        """A copy that what is laid over this catalogue later (the user's recaps) does
        not change: what the cache is written from after the catalogue is in use. Cheap:
        the sessions and columns themselves are immutable and shared."""
        copy = Catalogue.__new__(Catalogue)
        for name in Catalogue.__slots__:
            setattr(copy, name, getattr(self, name))
        for name in ("conferences", "events", "recaps", "themes", "originals"):
            setattr(copy, name, dict(getattr(self, name)))
        copy.added_recaps = set(self.added_recaps)
        copy.sessions = self.sessions.copy()
        return copy

    @property
    def document(self) -> CatalogueDocument:
        """The whole document (builds every session: for validation reports and tests)."""
        return CatalogueDocument(
            format_version=self.format_version,
            id=self.id,
            title=self.title,
            sessions=tuple(self.sessions),
            description=self.description,
            conferences=tuple(self.conferences.values()),
            events=tuple(self.events.values()),
            recaps=tuple(self.recaps.values()),
            themes=tuple(self.themes.values()),
            source=self.source,
        )

    def __len__(self) -> int:
        return len(self.sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(self.sessions)

    def add_recommendations(self, recaps: Sequence[Recap], updated: dict[str, Session]) -> None:
        """Lay the user's own recaps over the catalogue: their documents, and the
        sessions they recommend in their new versions (counts follow)."""
        for recap in recaps:
            self.recaps[recap.id] = recap
            self.added_recaps.add(recap.id)
        self._put(updated)

    def restore_originals(self) -> None:
        """Take back what add_recommendations laid over the catalogue."""
        for recap_id in self.added_recaps:
            self.recaps.pop(recap_id, None)
        self.added_recaps.clear()
        originals, self.originals = self.originals, {}
        self._put(originals, keep=False)
        self.originals.clear()

    def _put(self, updated: dict[str, Session], *, keep: bool = True) -> None:
        counts = list(self.columns.recommendations)
        for session_id, session in updated.items():
            i = self.index.get(session_id)
            if i is None:
                continue
            if keep:
                self.originals.setdefault(session_id, self.sessions[i])
            self.sessions.replace(i, session)
            counts[i] = len(session.recommended_by)
        if updated:
            self.columns = replace(self.columns, recommendations=tuple(counts))

    def tracks(self) -> dict[str, int]:
        """The programme's tracks with their session counts, by name."""
        counts: dict[str, int] = {}
        for track in self.columns.tracks:
            if track is not None:
                counts[track] = counts.get(track, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: track_name(item[0])))

    def recommended_count(self) -> int:
        return sum(1 for n in self.columns.recommendations if n)

    def timed_conferences(self) -> list[str]:
        """The conferences that have sessions with a start, in the catalogue's order."""
        columns = self.columns
        found = {c for c, t in zip(columns.conferences, columns.timed, strict=True) if t}
        return [c for c in self.conferences if c in found]

    def talks(self) -> list[bool]:
        """For each session, whether it is something to watch (models.NOT_TALKS)."""
        return [kind not in NOT_TALKS for kind in self.columns.kinds]

    def listed_by_default(self) -> list[bool]:
        """For each session, whether default lists show it (models.NOTHING_TO_WATCH)."""
        return [kind not in NOTHING_TO_WATCH for kind in self.columns.kinds]

    def get(self, session_id: str) -> Session | None:
        """The session with this id, or with this id among its aliases."""
        i = self.index.get(session_id)
        return None if i is None else self.sessions[i]

    def canonical(self, session_id: str) -> str:
        """The session's own id for an id or an alias (an unknown id as it is)."""
        i = self.index.get(session_id)
        return session_id if i is None else self.columns.ids[i]

    def fold_entries(self, entries: Mapping[str, T]) -> dict[str, T]:
        """Progress entries by the id of their session. An entry kept under an alias
        (the id of an entry since merged into another) is the session's when the
        session has none under its own id; else the first alias's that has one. The
        entry under the other ids stays in the store, unshown, and is never lost."""
        folded: dict[str, T] = {}
        aliased: list[tuple[int, str, T]] = []
        for sid, entry in entries.items():
            own = self.canonical(sid)
            if own == sid:
                folded[sid] = entry
            else:
                aliases = self.columns.aliases[self.index[sid]]
                aliased.append((aliases.index(sid), own, entry))
        for _, own, entry in sorted(aliased, key=lambda item: item[0]):
            folded.setdefault(own, entry)
        return folded

    def entry_key(self, session_id: str, entries: Mapping[str, Any]) -> str:
        """Where a session's progress is written: under the id its entry is kept under
        (an alias, for an entry made before the merge), else under its own id."""
        own = self.canonical(session_id)
        i = self.index.get(own)
        if own in entries or i is None:
            return own
        return next((a for a in self.columns.aliases[i] if a in entries), own)

    def __contains__(self, session_id: object) -> bool:
        return session_id in self.index

    def aliases_of(self, session_id: str) -> tuple[str, ...]:
        i = self.index.get(session_id)
        return () if i is None else self.columns.aliases[i]

    def duration_min(self, session_id: str) -> int | None:
        """A session's length, as `files.KnownSessions` answers it from a cache entry."""
        i = self.index.get(session_id)
        return None if i is None else self.columns.durations[i]

    def event_name(self, session: Session) -> str:
        event = self.events.get(session.event)
        return event.name if event else session.event

    def recap_name(self, recap_id: str, *, short: bool = False) -> str:
        """How a recap is named: "Title (Author)", or with `short` the author alone
        (the title when there is no author)."""
        recap = self.recaps.get(recap_id)
        if recap is None:
            return recap_id
        if short:
            return recap.author or recap.title
        return f"{recap.title} ({recap.author})" if recap.author else recap.title

    def seed_path(self, recap: Recap) -> Path:
        """A recap's document, resolved against the catalogue's folder."""
        return resolved(self.path.parent / recap.file)

    def excerpt(self, recap_id: str, lines: tuple[int, int]) -> str | None:
        """The recap's own words for a line range, read now from its file."""
        recap = self.recaps.get(recap_id)
        if recap is None:
            return None
        try:
            all_lines = document_lines(self.seed_path(recap))
        except OSError:
            return None
        start, end = lines
        chunk = all_lines[start - 1 : end]
        return "\n".join(line for line in chunk if line.strip()) or None
