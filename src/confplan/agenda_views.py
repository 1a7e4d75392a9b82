"""What the agenda shows of a day: a filter (words, a track, a room, "my day"), the
rooms' names without what they all share, and the room-by-time grid.

Plain data, no Textual, over `confplan.agenda`'s timetable: the TUI's agenda and
`confplan agenda` both use it.

- The words are searched as `/` searches the session list (`query.terms`: at word
  starts, in any case and with any accents, in title, speakers, room, track...).
- KubeCon's rooms end ", Amsterdam, Netherlands": the tail most rooms share is cut
  at a separator (a comma, a bar, a dash between spaces...), so "Hall 1-5 |
  Solutions Showcase" fits; the few with an address of their own stay whole. Nothing
  is cut when fewer than two rooms differ, or when a room would be left empty.
- The grid has a column per room (in natural order: "Room 2" before "Room 10") and a
  row per start time of the day; a session fills its start row and is marked as
  running in the rows after it that start before it ends.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from confplan import query
from confplan.agenda import Slot, Timetable
from confplan.catalogue.catalogue import track_name
from confplan.errors import BadInputError
from confplan.progress.models import Entry
from confplan.text import fold

# Where a room's name may be cut: ", Amsterdam", " | Level 2", " - North", " (Hall 7)".
_SEPARATOR = re.compile(r"\s*(?:[,;|·/–—(]|\s-\s)")
NO_ROOM = ""
SHARED_BY = 2 / 3  # how many of the rooms share a tail for it to be cut


@dataclass(frozen=True, slots=True)
class View:
    """Which sessions of a day the agenda shows."""

    text: str = ""  # words, as `/` types them
    track: str | None = None
    room: str | None = None  # a room's full name
    mine: bool = False  # "my day": only the watchlist

    @property
    def narrowed(self) -> bool:
        return bool(self.text.strip() or self.track or self.room or self.mine)


def shown(
    timetable: Timetable, slots: Sequence[Slot], view: View, entries: Mapping[str, Entry]
) -> list[Slot]:
    """The slots `view` lets through, in their order."""
    if not view.narrowed:
        return list(slots)
    words = query.terms(view.text)
    hay = timetable.catalogue.haystacks
    index = timetable.index
    kept = []
    for slot in slots:
        session = slot.session
        if view.track is not None and session.track != view.track:
            continue
        if view.room is not None and (session.room or NO_ROOM) != view.room:
            continue
        if view.mine and not ((e := entries.get(slot.id)) is not None and e.on_watchlist):
            continue
        if words and not all(word in hay[index[slot.id]] for word in words):
            continue
        kept.append(slot)
    return kept


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts "Room 2" before "Room 10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def tracks(slots: Iterable[Slot]) -> list[str]:
    """The tracks of these sessions, by name."""
    found = {s.session.track for s in slots if s.session.track}
    return sorted((t for t in found if t), key=lambda t: (track_name(t), t))


def rooms(slots: Iterable[Slot]) -> list[str]:
    """The rooms of these sessions, in natural order (NO_ROOM last, if any has none)."""
    found = {s.session.room or NO_ROOM for s in slots}
    named = sorted((r for r in found if r), key=lambda r: (_natural(r), r))
    return [*named, NO_ROOM] if NO_ROOM in found else named


def shared_suffix(names: Iterable[str]) -> str:
    """The tail that (nearly) every room shares, from a separator on (", Amsterdam,
    Netherlands"): the longest one at least SHARED_BY of the rooms end with, each
    keeping a name of its own; "" when there is none, or fewer than two rooms. Not all:
    a co-located event in a hotel across town has an address of its own."""
    distinct = sorted({n for n in names if n})
    if len(distinct) < 2:
        return ""
    counts: dict[str, int] = {}
    for name in distinct:
        tails = {name[m.start() :] for m in _SEPARATOR.finditer(name) if name[: m.start()].strip()}
        for tail in tails:
            counts[tail] = counts.get(tail, 0) + 1
    enough = max(2, math.ceil(SHARED_BY * len(distinct)))
    shared = [tail for tail, count in counts.items() if count >= enough]
    return max(shared, key=lambda t: (len(t), t), default="")


@dataclass(slots=True)
class RoomNames:
    """Short names for the rooms of a timetable (the shared tail cut)."""

    suffix: str
    _short: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, slots: Iterable[Slot]) -> RoomNames:
        return cls(shared_suffix(s.session.room or "" for s in slots))

    def __call__(self, room: str | None) -> str:
        if not room:
            return ""
        short = self._short.get(room)
        if short is None:
            short = room
            if self.suffix and room.endswith(self.suffix) and len(room) > len(self.suffix):
                short = room[: -len(self.suffix)].rstrip()
            self._short[room] = short
        return short

    def where(self) -> str:
        """The shared tail, as a place: "Amsterdam, Netherlands"."""
        return _SEPARATOR.sub("", self.suffix, count=1).strip().rstrip(")")


@dataclass(frozen=True, slots=True)
class Grid:
    """A day as a table: rooms across, start times down."""

    rooms: list[str]  # the columns (full names; NO_ROOM for sessions without one)
    times: list[datetime.datetime]  # the rows: each start time of the day
    cells: dict[tuple[int, int], list[Slot]]  # (row, column): the sessions starting there
    running: set[tuple[int, int]]  # (row, column): a session that started earlier is on

    def at(self, row: int, column: int) -> list[Slot]:
        return self.cells.get((row, column), [])


def make_grid(slots: Sequence[Slot]) -> Grid:
    columns = rooms(slots)
    column_of = {room: i for i, room in enumerate(columns)}
    times = sorted({s.start for s in slots})
    row_of = {t: i for i, t in enumerate(times)}
    cells: dict[tuple[int, int], list[Slot]] = {}
    running: set[tuple[int, int]] = set()
    for slot in slots:
        row, column = row_of[slot.start], column_of[slot.session.room or NO_ROOM]
        cells.setdefault((row, column), []).append(slot)
        later = row + 1
        while later < len(times) and times[later] < slot.end:
            running.add((later, column))
            later += 1
    return Grid(columns, times, cells, running)


def resolve_room(names: Sequence[str], word: str, short: RoomNames) -> str:
    """A room the user named: its full or short name in any case, else the only room
    whose name holds the words; a clear error otherwise."""
    folded = fold(word.strip())
    for name in names:
        if folded and folded in (fold(name), fold(short(name))):
            return name
    holding = [n for n in names if folded and folded in fold(n)]
    if len(holding) == 1:
        return holding[0]
    choices = [short(n) for n in names if n]
    if len(holding) > 1:
        listed = ", ".join(short(n) for n in holding[:5])
        raise BadInputError(f"room {word!r} names more than one room: {listed}")
    raise query.unknown("room", word, choices)


def resolve_track(slots: Sequence[Slot], word: str) -> str:
    """A track of these sessions by its name, in any case ("security" finds "Security")."""
    names = tracks(slots)
    folded = fold(word.strip())
    for name in names:
        if folded in (fold(name), track_name(name)):
            return name
    raise query.unknown("track", word, names)


def next_choice(choices: list[str], current: str | None, step: int) -> str | None:
    """The next of `choices` after `current` (`step` 1 or -1), then None (all) again:
    what cycling through the tracks or the rooms shows."""
    order: list[str | None] = [None, *choices]
    index = order.index(current) if current in order else 0
    return order[(index + step) % len(order)]
