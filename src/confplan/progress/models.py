"""What confplan remembers about a session for its user."""

from __future__ import annotations

import datetime
from typing import NamedTuple

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


# Named tuples rather than dataclasses: `confplan mark` and the like import this module
# and nothing else that needs `dataclasses`, whose import (with `inspect`) and class
# set-up cost them about a tenth of their time.
class Entry(NamedTuple):
    """One session's progress. A session without an entry is unwatched and not queued."""

    catalogue: str
    session: str
    status: str = UNWATCHED
    position_s: int | None = None
    rating: int | None = None
    note: str | None = None
    watchlist_pos: int | None = None
    added_at: str | None = None
    started_at: str | None = None
    watched_at: str | None = None
    updated_at: str = ""
    plan: str | None = None

    @property
    def on_watchlist(self) -> bool:
        return self.watchlist_pos is not None

    def with_(self, **changes: object) -> Entry:
        return self._replace(**changes)


class HistoryItem(NamedTuple):
    """A status change, kept so "watched this week" and rewatches can be told."""

    catalogue: str
    session: str
    at: str
    status: str
    previous: str | None = None
    position_s: int | None = None


ENTRY_FIELDS = (
    "catalogue",
    "session",
    "status",
    "position_s",
    "rating",
    "note",
    "watchlist_pos",
    "added_at",
    "started_at",
    "watched_at",
    "updated_at",
    "plan",
)
HISTORY_FIELDS = ("catalogue", "session", "at", "status", "previous", "position_s")
