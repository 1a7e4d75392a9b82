"""Progress in numbers: counts per status, time watched and left, progress per theme.

Only talks count (catalogue.models.NOT_TALKS): badge pick-up, a cancelled session or a
co-located event's whole day is never something left to watch."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.progress.models import IN_PROGRESS, STATUSES, UNWATCHED, WATCHED, Entry, HistoryItem
from confplan.text import format_minutes


@dataclass(slots=True)
class Minutes:
    """A sum of durations that admits some sessions have no known length, and keeps
    the lengths known (the schedule's) apart from the estimated ones."""

    known: int = 0
    unknown: int = 0
    estimated: int = 0  # minutes from estimated lengths (not in `known`)

    def add(self, minutes: int | None, *, estimate: bool = False) -> None:
        if minutes is None:
            self.unknown += 1
        elif estimate:
            self.estimated += minutes
        else:
            self.known += minutes

    def label(self, unknown: str = "unknown") -> str:
        """ "3h10 + ≈12h05 + 4 unknown": known, estimated, then how many are unknown."""
        text = format_minutes(self.known)
        if self.estimated:
            text += f" + ≈{format_minutes(self.estimated)}"
        if self.unknown:
            text += f" + {self.unknown} {unknown}"
        return text


@dataclass(slots=True)
class ThemeProgress:
    theme_id: str
    name: str
    total: int = 0
    watched: int = 0
    in_progress: int = 0


@dataclass(slots=True)
class Summary:
    total: int
    counts: dict[str, int]
    watched_time: Minutes = field(default_factory=Minutes)
    left_time: Minutes = field(default_factory=Minutes)
    queue_length: int = 0
    queue_left: Minutes = field(default_factory=Minutes)
    themes: list[ThemeProgress] = field(default_factory=list)
    recent: list[HistoryItem] = field(default_factory=list)
    orphans: list[Entry] = field(default_factory=list)
    # Sessions that are not talks (models.NOT_TALKS), by kind: listed, never counted.
    not_talks: dict[str, int] = field(default_factory=dict)


def split_time(session: Session, entry: Entry | None) -> tuple[int | None, int | None]:
    """(minutes watched, minutes left) for one session; None where the length is unknown."""
    status = entry.status if entry else UNWATCHED
    duration = session.duration_min
    if status == WATCHED:
        return duration, 0
    if status == IN_PROGRESS:
        done = (entry.position_s or 0) // 60 if entry else 0
        if duration is None:
            return done, None
        done = min(done, duration)
        return done, duration - done
    return 0, duration


def summarise(
    catalogue: Catalogue,
    entries: Mapping[str, Entry],
    history: list[HistoryItem] | None = None,
    *,
    recent_days: int = 7,
    now: datetime.datetime | None = None,
) -> Summary:
    counts = dict.fromkeys(STATUSES, 0)
    summary = Summary(total=0, counts=counts)
    themes = {t.id: ThemeProgress(t.id, t.name) for t in catalogue.themes.values()}
    for session in catalogue.sessions:
        entry = entries.get(session.id)
        if not session.is_talk:  # nothing to watch: neither to go nor time left
            summary.not_talks[session.kind] = summary.not_talks.get(session.kind, 0) + 1
            if entry is not None and entry.watchlist_pos is not None:
                summary.queue_length += 1
            continue
        summary.total += 1
        status = entry.status if entry else UNWATCHED
        counts[status] += 1
        done, left = split_time(session, entry)
        estimate = session.estimated_length
        summary.watched_time.add(done, estimate=estimate)
        summary.left_time.add(left, estimate=estimate)
        if entry is not None and entry.watchlist_pos is not None:
            summary.queue_length += 1
            summary.queue_left.add(left, estimate=estimate)
        for theme_id in session.themes:
            progress = themes.get(theme_id)
            if progress is None:
                continue
            progress.total += 1
            if status == WATCHED:
                progress.watched += 1
            elif status == IN_PROGRESS:
                progress.in_progress += 1
    summary.themes = list(themes.values())
    summary.orphans = [e for sid, e in sorted(entries.items()) if sid not in catalogue.index]
    if history:
        moment = now or datetime.datetime.now(datetime.UTC)
        since = (moment - datetime.timedelta(days=recent_days)).isoformat()
        summary.recent = [
            h
            for h in history
            if h.status == WATCHED and h.at >= since and h.session in catalogue.index
        ]
        summary.recent.sort(key=lambda h: h.at, reverse=True)
    return summary


def bar(done: int, total: int, width: int = 20) -> str:
    """A text progress bar: `█████░░░░░`."""
    if total <= 0 or width <= 0:
        return "░" * max(width, 0)
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)
