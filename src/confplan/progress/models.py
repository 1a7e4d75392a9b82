"""What confplan remembers about a session for its user."""

import datetime
from typing import Any, NamedTuple

from confplan.errors import BadInputError

UNWATCHED = "unwatched"
IN_PROGRESS = "in-progress"
WATCHED = "watched"
STATUSES = (UNWATCHED, IN_PROGRESS, WATCHED)

# Where to resume is within a recording; nothing lasts a week. A queue is not a billion long.
MAX_POSITION_S = 7 * 24 * 3600
MAX_WATCHLIST_POS = 1_000_000_000

STATUS_LABELS = {UNWATCHED: "unwatched", IN_PROGRESS: "in progress", WATCHED: "watched"}

# The plan for a session on the watchlist while the conference is on: attend it, or
# (the other side of a clash) watch it later. None: no decision yet.
ATTEND = "attend"
LATER = "later"
PLANS = (ATTEND, LATER)
PLAN_LABELS = {ATTEND: "attend", LATER: "watch later"}


def resolve_status(word: str) -> str:
    """A status as typed ("Watched", "in progress", "in_progress") in its stored form."""
    normal = word.strip().lower().replace(" ", "-").replace("_", "-")
    if normal in STATUSES:
        return normal
    raise BadInputError(f"unknown status {word!r}: use one of {', '.join(STATUSES)}")


def now_utc() -> str:
    """A timestamp that sorts as text: ISO 8601, UTC, microseconds."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


# Typed named tuples, in a module without `from __future__ import annotations`: with it,
# typing.NamedTuple would compile each field's annotation text at import (about 1.5 ms of
# every `confplan mark` for the progress records); evaluated, they cost what
# collections.namedtuple did. Not dataclasses: `confplan mark` imports nothing else that
# needs `dataclasses`, whose import (with `inspect`) would cost it about 10 ms. Callers
# rely on the tuple: `Entry(*row)`, `_replace`, `_asdict`. (See docs/PERFORMANCE.md.)


class Entry(NamedTuple):
    """One session's progress. A session without an entry is unwatched and not queued."""

    catalogue: str
    session: str
    status: str = UNWATCHED  # one of STATUSES
    position_s: int | None = None
    rating: int | None = None
    note: str | None = None
    watchlist_pos: int | None = None
    added_at: str | None = None
    started_at: str | None = None
    watched_at: str | None = None
    updated_at: str = ""  # ISO 8601, UTC
    plan: str | None = None  # one of PLANS

    @property
    def on_watchlist(self) -> bool:
        return self.watchlist_pos is not None

    def with_(self, **changes: Any) -> "Entry":
        return self._replace(**changes)


class HistoryItem(NamedTuple):
    """A status change, kept so "watched this week" and rewatches can be told."""

    catalogue: str
    session: str
    at: str
    status: str
    previous: str | None = None
    position_s: int | None = None


class Merged(NamedTuple):
    """What a merge did: entries taken, kept (newer here), and the same on both sides."""

    taken: int
    kept: int
    same: int


def _text(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    if isinstance(value, bytes):  # a BLOB written by hand: its text, if it has some
        return value.decode("utf-8", "replace")
    return str(value)


def _whole(value: Any, low: int, high: int) -> int | None:
    return value if type(value) is int and low <= value <= high else None


def entry_of(row: Any) -> Entry:
    """An entry from its row, checked like input: a store edited by hand (a position of
    'abc', a BLOB for a note) is read with each bad value taken as absent, never as
    something the rest of confplan trips on."""
    entry = Entry(*row)
    catalogue, session, status, position, rating, note, pos, *times, updated, plan = entry
    if (
        type(catalogue) is str
        and type(session) is str
        and status in STATUSES
        and (position is None or _whole(position, 0, MAX_POSITION_S) is not None)
        and (rating is None or _whole(rating, 1, 5) is not None)
        and (note is None or type(note) is str)
        and (pos is None or _whole(pos, 1, MAX_WATCHLIST_POS) is not None)
        and all(t is None or type(t) is str for t in times)
        and type(updated) is str
        and (plan is None or plan in PLANS)
    ):
        return entry
    added, started, watched = (_text(t) for t in times)
    return Entry(
        _text(catalogue) or "",
        _text(session) or "",
        status if status in STATUSES else UNWATCHED,
        _whole(position, 0, MAX_POSITION_S),
        _whole(rating, 1, 5),
        _text(note),
        _whole(pos, 1, MAX_WATCHLIST_POS),
        added,
        started,
        watched,
        _text(updated) or "",
        plan if plan in PLANS else None,
    )


def history_of(row: Any) -> HistoryItem:
    """A history item from its row, checked as `entry_of` does."""
    catalogue, session, at, status, previous, position = row
    return HistoryItem(
        _text(catalogue) or "",
        _text(session) or "",
        _text(at) or "",
        status if status in STATUSES else UNWATCHED,
        previous if previous in STATUSES else None,
        _whole(position, 0, MAX_POSITION_S),
    )


ENTRY_FIELDS: tuple[str, ...] = Entry._fields
HISTORY_FIELDS: tuple[str, ...] = HistoryItem._fields
