"""What an export holds: the sessions a selection covers, with their progress.

The formats (export.py, export_json.py, export_ics.py, export_m3u.py) all write an
`Export` with `Options`; this module is what they share, so that none imports
another's module for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from confplan import query
from confplan.agenda import SlotOf, catalogue_zone, slot_lookup, zone_label
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.progress.models import (
    IN_PROGRESS,
    STATUS_LABELS,
    STATUSES,
    UNWATCHED,
    Entry,
    HistoryItem,
)

TO_WATCH = "to-watch"  # still to watch: unwatched and in progress
STATUS_CHOICES = (TO_WATCH, "all", *STATUSES)
_TO_WATCH_SET = frozenset({UNWATCHED, IN_PROGRESS})


def combine_statuses(words: list[str] | None) -> str:
    """One status label from several choices (`--status` may be repeated): "all",
    "to-watch", one status, or several joined by "+"."""
    chosen: set[str] = set()
    for word in words or ["all"]:
        if word == "all":
            return "all"
        chosen |= _TO_WATCH_SET if word == TO_WATCH else {word}
    if chosen == set(STATUSES):
        return "all"
    if chosen == _TO_WATCH_SET:
        return TO_WATCH
    return "+".join(s for s in STATUSES if s in chosen)


def status_set(label: str) -> frozenset[str] | None:
    """The statuses a label covers (None: all); ValueError for an unknown one."""
    if label == "all":
        return None
    if label == TO_WATCH:
        return _TO_WATCH_SET
    parts = frozenset(label.split("+"))
    if not parts <= set(STATUSES):
        raise ValueError(label)
    return parts


def status_words(label: str) -> str:
    if label == "all":
        return "all statuses"
    if label == TO_WATCH:
        return "still to watch"
    return " or ".join(STATUS_LABELS[s] for s in label.split("+"))


@dataclass(frozen=True, slots=True)
class Selection:
    """Which sessions to export."""

    status: str = "all"  # a label: see combine_statuses
    watchlist: bool = False
    theme: str | None = None

    def slug(self) -> str:
        """A short name for default file names: `watchlist-unwatched`, `all`."""
        parts = []
        if self.watchlist:
            parts.append("watchlist")
        if self.theme:
            parts.append(self.theme)
        if self.status != "all" or not parts:
            parts.append(self.status)
        return "-".join(parts)


@dataclass(slots=True)
class Export:
    catalogue: Catalogue
    selection: Selection
    rows: list[tuple[Session, Entry | None]]
    history: Mapping[str, list[HistoryItem]] = field(default_factory=dict)
    exported_at: datetime.datetime | None = None

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for _, entry in self.rows:
            counts[entry.status if entry else UNWATCHED] += 1
        return counts


def select(
    catalogue: Catalogue,
    entries: Mapping[str, Entry],
    history: Mapping[str, list[HistoryItem]] | list[HistoryItem],
    selection: Selection,
    *,
    exported_at: datetime.datetime | None = None,
) -> Export:
    """The sessions a selection covers: watchlist order with --watchlist, else catalogue order."""
    spec = query.Filter(
        theme=selection.theme,
        statuses=status_set(selection.status),
        watchlist_only=selection.watchlist,
    )
    indexes = query.apply(catalogue, spec, entries)
    rows = [(catalogue.sessions[i], entries.get(catalogue.sessions[i].id)) for i in indexes]
    if isinstance(history, list):
        grouped: dict[str, list[HistoryItem]] = {}
        for item in history:
            grouped.setdefault(item.session, []).append(item)
        history = grouped
    return Export(catalogue, selection, rows, history, exported_at)


@dataclass(frozen=True, slots=True)
class Options:
    """How to write an export."""

    zone: datetime.tzinfo | None = None  # the times in this zone; else the conference's
    alarm_min: int | None = None  # ics: a reminder this many minutes before each event


DEFAULT = Options()


def slots(export: Export, options: Options) -> SlotOf:
    """Each selected session's place in time, in the zone of the export."""
    return slot_lookup(export.catalogue, options.zone)


def zone_words(export: Export, options: Options) -> str | None:
    """The zone the export's times are in (None: no selected session has a time)."""
    slot_of = slots(export, options)
    first = next((s for s in (slot_of(x.id) for x, _ in export.rows) if s is not None), None)
    if first is None:
        return None
    zone = options.zone or catalogue_zone(export.catalogue) or first.start.tzinfo
    return zone_label(zone, first.start) if zone is not None else None
