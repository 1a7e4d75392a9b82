"""What confplan remembers about a session for its user."""

from __future__ import annotations

import datetime
from collections import namedtuple

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

# Named tuples rather than dataclasses: `confplan mark` and the like import this module
# and nothing else that needs `dataclasses`, whose import (with `inspect`) and class
# set-up cost them about a tenth of their time. Made with `collections.namedtuple`, not
# `typing.NamedTuple`, which compiles every field's annotation at import (4 ms here).


class Entry(
    namedtuple(
        "Entry",
        ENTRY_FIELDS,
        defaults=(UNWATCHED, None, None, None, None, None, None, None, "", None),
    )
):
    """One session's progress. A session without an entry is unwatched and not queued.

    catalogue, session: str; status: one of STATUSES; position_s, rating,
    watchlist_pos: int | None; note, added_at, started_at, watched_at, plan:
    str | None; updated_at: str (ISO 8601, UTC).
    """

    __slots__ = ()

    @property
    def on_watchlist(self) -> bool:
        return self.watchlist_pos is not None

    def with_(self, **changes: object) -> Entry:
        return self._replace(**changes)


class HistoryItem(namedtuple("HistoryItem", HISTORY_FIELDS, defaults=(None, None))):
    """A status change, kept so "watched this week" and rewatches can be told.

    catalogue, session, at, status: str; previous: str | None; position_s: int | None.
    """

    __slots__ = ()
