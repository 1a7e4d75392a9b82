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


ENTRY_FIELDS: tuple[str, ...] = Entry._fields
HISTORY_FIELDS: tuple[str, ...] = HistoryItem._fields
