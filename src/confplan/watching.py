"""Watching: where to resume a recording, and what fits in the time you have.

`watch_link` is the link `o`, `confplan open` and the playlist export use: the
recording, starting where an in-progress session was left (YouTube reads `t=`
seconds; other hosts' links are given unchanged, and a search is never offset).

`up_next` is what `confplan next` and the TUI's Up next view show: the watchlist
in its order (then, if asked, the most recommended sessions), without what is
watched or is nothing to watch, filling a budget of minutes with the sessions'
lengths. A session in progress counts what is left of it; a session of unknown
length is listed apart, never counted as nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from confplan import query
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.progress.models import IN_PROGRESS, WATCHED, Entry
from confplan.text import ESTIMATE, UNKNOWN_LENGTH, format_minutes

DEFAULT_BUDGET_MIN = 45
MAX_BUDGET_MIN = 7 * 24 * 60

# Entries of a programme that are nothing to watch: a whole co-located day, the
# badge pick-up, a cancelled talk.
NOT_TO_WATCH = frozenset({"co-located", "logistics", "cancelled"})

_YOUTUBE = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"})
_YOUTU_BE = frozenset({"youtu.be", "www.youtu.be"})


# -- resuming --------------------------------------------------------------------


def resume_position(entry: Entry | None) -> int | None:
    """Where to resume, in seconds: only for a session in progress, past its start."""
    if entry is None or entry.status != IN_PROGRESS or not entry.position_s:
        return None
    return entry.position_s if entry.position_s > 0 else None


def at_position(url: str, seconds: int) -> str | None:
    """`url` starting at `seconds`, for a host whose links can say so (YouTube:
    `t=` on a video or live link, `start=` on an embedded player); None for others."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host in _YOUTU_BE and parts.path.strip("/"):
        name = "t"
    elif host in _YOUTUBE and parts.path.startswith("/embed/"):
        name = "start"
    elif host in _YOUTUBE and (
        (parts.path == "/watch" and "v=" in parts.query) or parts.path.startswith("/live/")
    ):
        name = "t"
    else:
        return None
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    params.append((name, str(int(seconds))))
    return urlunsplit(parts._replace(query=urlencode(params)))


@dataclass(frozen=True, slots=True)
class WatchLink:
    """The link to open for a session, and what it is."""

    url: str
    is_video: bool  # False: only a search for the recording
    position_s: int | None  # where the link starts, when it starts past 0
    saved_position_s: int | None  # where the user stopped (even if the link cannot say)

    @property
    def what(self) -> str:
        return "recording" if self.is_video else "search"


def watch_link(session: Session, entry: Entry | None) -> WatchLink | None:
    """The recording (or search) link for `session`, at the saved position if it is
    in progress and the host can start there; None if there is no link at all."""
    recording = session.recording
    if recording is None:
        return None
    saved = resume_position(entry)
    if saved is not None and recording.is_video:
        resumed = at_position(recording.url, saved)
        if resumed is not None:
            return WatchLink(resumed, True, saved, saved)
    return WatchLink(recording.url, recording.is_video, None, saved)


# -- what fits -------------------------------------------------------------------

Source = Literal["watchlist", "recommended"]


@dataclass(frozen=True, slots=True)
class UpNextItem:
    session: Session
    entry: Entry | None
    source: Source
    minutes: int | None  # the session's length, as the schedule says or as estimated
    estimated: bool  # the length is an estimate
    left_min: int | None  # what is left to watch (the whole length unless in progress)
    link: WatchLink | None

    def length_label(self) -> str:
        """ "42m", "≈42m" for an estimate, "—" when unknown."""
        if self.minutes is None:
            return UNKNOWN_LENGTH
        return (ESTIMATE if self.estimated else "") + format_minutes(self.minutes)


@dataclass(frozen=True, slots=True)
class UpNext:
    budget_min: int
    fits: tuple[UpNextItem, ...]  # in order: the watchlist's, then the recaps' consensus
    unknown: tuple[UpNextItem, ...]  # length unknown: not counted
    too_long: int  # candidates left out because they did not fit in what was left

    @property
    def used_min(self) -> int:
        return sum(item.left_min or 0 for item in self.fits)


def left_of(session: Session, entry: Entry | None) -> int | None:
    """Minutes left to watch: the length, less where an in-progress session stopped
    (rounded up: 30 s left is a minute to find)."""
    length = session.duration_min
    if length is None:
        return None
    position = resume_position(entry) or 0
    return max(0, -(-(length * 60 - position) // 60))


def _item(session: Session, entry: Entry | None, source: Source) -> UpNextItem:
    return UpNextItem(
        session,
        entry,
        source,
        session.duration_min,
        session.duration_min is not None and session.duration_source == "estimate",
        left_of(session, entry),
        watch_link(session, entry),
    )


def _worth_watching(session: Session, entry: Entry | None) -> bool:
    return session.kind not in NOT_TO_WATCH and (entry is None or entry.status != WATCHED)


def candidates(
    catalogue: Catalogue, entries: Mapping[str, Entry], *, more: bool
) -> list[UpNextItem]:
    """What could come next, in order: the watchlist's, then (with `more`) the
    recommended sessions by recap consensus."""
    found: list[UpNextItem] = []
    queued = query.apply(catalogue, query.Filter(watchlist_only=True), entries)
    for i in queued:
        session = catalogue.sessions[i]
        entry = entries.get(session.id)
        if _worth_watching(session, entry):
            found.append(_item(session, entry, "watchlist"))
    if more:
        recommended = query.apply(catalogue, query.Filter(recommended=True), entries)
        ids = catalogue.columns.ids
        rest = [i for i in recommended if not _on_watchlist(entries.get(ids[i]))]
        for i in query.sorted_indexes(catalogue, rest, "consensus"):
            session = catalogue.sessions[i]
            entry = entries.get(session.id)
            if _worth_watching(session, entry):
                found.append(_item(session, entry, "recommended"))
    return found


def _on_watchlist(entry: Entry | None) -> bool:
    return entry is not None and entry.watchlist_pos is not None


def up_next(
    catalogue: Catalogue,
    entries: Mapping[str, Entry],
    budget_min: int = DEFAULT_BUDGET_MIN,
    *,
    more: bool = False,
) -> UpNext:
    """Fill `budget_min` minutes in order: each candidate that fits in what is left is
    taken, one that does not is passed over (a shorter one after it may fit)."""
    left = budget_min
    fits: list[UpNextItem] = []
    unknown: list[UpNextItem] = []
    too_long = 0
    for item in candidates(catalogue, entries, more=more):
        if item.left_min is None:
            unknown.append(item)
        elif item.left_min <= left:
            fits.append(item)
            left -= item.left_min
        else:
            too_long += 1
    return UpNext(budget_min, tuple(fits), tuple(unknown), too_long)
