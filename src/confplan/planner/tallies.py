"""The themes pane's counts: sessions and watched sessions per theme, per edition and
per programme track, in the scope shown.

Totals are counted once per catalogue, scope and edition; watched counts come from the
entries (a user's few hundred), not from every session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from confplan.progress.models import WATCHED

if TYPE_CHECKING:
    from confplan.catalogue.catalogue import Catalogue
    from confplan.planner.state import PlannerState

TRACK = "track:"  # a theme id starting with this chooses a programme track
CONFERENCE = "conference:"  # ... and this an edition (alone: every edition)


@dataclass(slots=True)
class ThemeCount:
    theme_id: str | None  # None is "All"
    name: str
    total: int = 0
    watched: int = 0


def edition_name(catalogue: Catalogue, conference_id: str) -> str:
    """An edition as lists and headers name it: "Paris 2024" (its city and year),
    else its name."""
    conference = catalogue.conferences.get(conference_id)
    if conference is None:
        return conference_id
    if conference.city and conference.city.casefold() != "virtual":
        return f"{conference.city} {conference.start.year}"
    return conference.name


def theme_counts(state: PlannerState) -> list[ThemeCount]:
    """ "All" first, then each theme, each edition (when there are several) and each
    track, with its sessions and how many are watched."""
    columns = state.catalogue.columns
    key = (state.scope, state.conference)
    totals = state._theme_totals.get(key)
    if totals is None:
        totals = state._theme_totals[key] = _count(state)
    watched = dict.fromkeys(totals, 0)
    watched_all = 0
    index = state.catalogue.index
    for sid, entry in state.entries.items():
        i = index.get(sid)
        if entry.status != WATCHED or i is None:
            continue
        conference = CONFERENCE + columns.conferences[i]
        if conference in watched and state.scoped(i, any_edition=True):
            watched[conference] += 1
            watched[CONFERENCE] += 1
        if not state.scoped(i):
            continue
        watched_all += 1
        for theme_id in columns.themes[i]:
            if theme_id in watched:
                watched[theme_id] += 1
        track = columns.tracks[i]
        if track is not None and TRACK + track in watched:
            watched[TRACK + track] += 1
    return [
        ThemeCount(None, "All", len(state.in_scope()), watched_all),
        *(ThemeCount(t, _name(state, t), totals[t], watched[t]) for t in totals),
    ]


def _name(state: PlannerState, key: str) -> str:
    if key.startswith(TRACK):
        return key.removeprefix(TRACK)
    if key == CONFERENCE:
        return "All editions"
    if key.startswith(CONFERENCE):
        return edition_name(state.catalogue, key.removeprefix(CONFERENCE))
    theme = state.catalogue.themes.get(key)
    return theme.name if theme else key


def _count(state: PlannerState) -> dict[str, int]:
    """Sessions per theme, per edition (keyed CONFERENCE + id, counted in the scope
    whatever the edition chosen, newest first), then per track (TRACK + name)."""
    catalogue = state.catalogue
    columns = catalogue.columns
    totals = dict.fromkeys(catalogue.themes, 0)
    tracks: dict[str, int] = {}
    for i in state.in_scope():
        for theme_id in columns.themes[i]:
            if theme_id in totals:
                totals[theme_id] += 1
        track = columns.tracks[i]
        if track is not None:
            tracks[track] = tracks.get(track, 0) + 1
    editions: dict[str, int] = {}
    for i in range(len(catalogue)):
        if state.scoped(i, any_edition=True):
            editions[columns.conferences[i]] = editions.get(columns.conferences[i], 0) + 1
    if len(catalogue.conferences) > 1:
        totals[CONFERENCE] = sum(editions.values())  # every edition
        newest = sorted(catalogue.conferences.values(), key=lambda c: c.start, reverse=True)
        for conference in newest:
            if editions.get(conference.id):
                totals[CONFERENCE + conference.id] = editions[conference.id]
    for track in catalogue.tracks():
        if track in tracks:
            totals[TRACK + track] = tracks[track]
    return totals
