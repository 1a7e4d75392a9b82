"""What the TUI shows, as plain data: the filtered and sorted view, progress, undo.

No Textual here, so the logic is tested without a terminal. It uses the query
and the agenda, so neither of them (nor anything below) imports it. The view is a
list of indexes into the catalogue. Sorting and the theme filter are done
once per change of sort or theme; a keystroke in the filter only narrows
(or re-scans) that base list, so typing costs no more than the search.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from confplan import agenda, query
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.planner import tallies
from confplan.planner.commands import Applied, Redo, TakeBack, Undo
from confplan.planner.tallies import CONFERENCE, TRACK, ThemeCount
from confplan.progress.models import IN_PROGRESS, UNWATCHED, WATCHED, Entry, HistoryItem
from confplan.progress.summary import Minutes, split_time
from confplan.progress.undo import Undoable

UNDO_LIMIT = 200
RECOMMENDED, PROGRAMME = "recommended", "programme"
SCOPE_NAMES = {RECOMMENDED: "Recommended", PROGRAMME: "Whole programme"}


class PlannerState:
    def __init__(
        self,
        catalogue: Catalogue,
        entries: dict[str, Entry] | None = None,
        history: list[HistoryItem] | None = None,
        *,
        sort: str = "consensus",
        scope: str | None = None,
        zone: datetime.tzinfo | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.zone = zone  # the agenda's zone; None: the catalogue's own
        self._slot_of: agenda.SlotOf | None = None
        self._clashes: dict[str, tuple[str, ...]] | None = None
        self.scope = scope or RECOMMENDED
        self._find_recommended()
        self.entries: dict[str, Entry] = catalogue.fold_entries(entries or {})
        self.history: dict[str, list[HistoryItem]] = defaultdict(list)
        for item in history or []:
            self.history[catalogue.canonical(item.session)].append(item)
        self.theme: str | None = None
        self.conference: str | None = None  # the edition shown (None: every one)
        self.text = ""
        self.flags: dict[str, str] = {}  # what an update changed, per session, until seen
        self.sort = sort
        self.undo: list[Undoable] = []
        self.redo: list[Undoable] = []
        self._orders: dict[tuple[str, str], list[int]] = {}  # by sort and scope
        # by scope and edition (planner/tallies.py)
        self._theme_totals: dict[tuple[str, str | None], dict[str, int]] = {}
        self.view: list[int] = []
        self._rebase()

    def _find_recommended(self) -> None:
        """The recommended sessions and the scopes they make. The recaps' picks come
        first when there are any (and anything else besides); a catalogue without
        recommendations has only its whole programme."""
        recommendations = self.catalogue.columns.recommendations
        listed = self.catalogue.listed_by_default()  # never logistics or cancelled
        self._recommended = [i for i, n in enumerate(recommendations) if n and listed[i]]
        self._recommended_set = set(self._recommended)
        self._talks = self.catalogue.talks()
        has_both = bool(self._recommended) and len(self._recommended) < len(self.catalogue)
        self.scopes = (RECOMMENDED, PROGRAMME) if has_both else (PROGRAMME,)
        if self.scope not in self.scopes:
            self.scope = self.scopes[0]

    def recommendations_changed(self) -> None:
        """The user's recaps changed what is recommended: counts and orders again."""
        self._find_recommended()
        self._orders.clear()
        self._theme_totals.clear()
        self._rebase()

    # -- the view ------------------------------------------------------------

    def _order(self) -> list[int]:
        """The scope's sessions in the order of the sort (the recommended ones sorted
        alone: at 100,000 sessions, 5,000 of them, not every session)."""
        key = (self.sort, self.scope)
        order = self._orders.get(key)
        if order is None:
            held = self._recommended if self.scope == RECOMMENDED else range(len(self.catalogue))
            order = query.sorted_indexes(self.catalogue, list(held), self.sort)
            self._orders[key] = order
        return order

    def in_scope(self) -> list[int] | range:
        """The indexes of the sessions the scope holds (in the edition chosen, if one
        is), in catalogue order."""
        held = self._recommended if self.scope == RECOMMENDED else range(len(self.catalogue))
        if self.conference is None:
            return held
        conferences = self.catalogue.columns.conferences
        return [i for i in held if conferences[i] == self.conference]

    def _rebase(self) -> None:
        order = self._order()
        if self.conference is not None:
            conferences = self.catalogue.columns.conferences
            order = [i for i in order if conferences[i] == self.conference]
        if self.theme is not None and self.theme.startswith(TRACK):
            tracks = self.catalogue.columns.tracks
            track = self.theme.removeprefix(TRACK)
            order = [i for i in order if tracks[i] == track]
        elif self.theme is not None:
            themes = self.catalogue.columns.themes
            theme = self.theme
            order = [i for i in order if theme in themes[i]]
        self._search = query.IncrementalSearch(self.catalogue, order)
        self.view = self._search(self.text)

    def prepare_search(self) -> None:
        """Make the first search as quick as the others (the UI calls it when idle)."""
        self._search.prepare()

    def set_text(self, text: str) -> list[int]:
        self.text = text
        self.view = self._search(text)
        return self.view

    def set_theme(self, theme: str | None) -> list[int]:
        """A theme, a track (TRACK + name) or an edition (CONFERENCE + id: the themes
        then count within it; CONFERENCE alone: every edition) to show."""
        if theme is not None and theme.startswith(CONFERENCE):
            conference = theme.removeprefix(CONFERENCE) or None
            if conference != self.conference or self.theme is not None:
                self.conference, self.theme = conference, None
                self._rebase()
        elif theme != self.theme:
            self.theme = theme
            self._rebase()
        return self.view

    def set_scope(self, scope: str) -> list[int]:
        if scope in self.scopes and scope != self.scope:
            self.scope = scope
            self._rebase()
        return self.view

    def next_scope(self) -> str:
        scopes = self.scopes
        self.set_scope(scopes[(scopes.index(self.scope) + 1) % len(scopes)])
        return self.scope

    def set_sort(self, sort: str) -> list[int]:
        if sort not in query.SORT_KEYS:
            raise ValueError(sort)
        if sort != self.sort:
            self.sort = sort
            self._rebase()
        return self.view

    def next_sort(self) -> str:
        keys = query.SORT_KEYS
        self.set_sort(keys[(keys.index(self.sort) + 1) % len(keys)])
        return self.sort

    def session_at(self, row: int) -> Session | None:
        if 0 <= row < len(self.view):
            return self.catalogue.sessions[self.view[row]]
        return None

    def row_of(self, session_id: str) -> int | None:
        index = self.catalogue.index.get(session_id)
        if index is None:
            return None
        try:
            return self.view.index(index)
        except ValueError:
            return None

    # -- progress ------------------------------------------------------------

    def slot_of(self, session_id: str) -> agenda.Slot | None:
        """A session's place in the agenda (None without a time), made when first asked."""
        if self._slot_of is None:
            self._slot_of = agenda.slot_lookup(self.catalogue, self.zone)
        return self._slot_of(session_id)

    def clashes(self) -> dict[str, tuple[str, ...]]:
        """Watchlisted sessions (not planned for later) that share time, each with the
        sessions it clashes with; counted again only after progress changed."""
        if self._clashes is None:
            self._clashes = agenda.clashes(self.slot_of, self.entries)
        return self._clashes

    def entry_key(self, session_id: str) -> str:
        """The id a change to the session is written under (catalogue.entry_key)."""
        entries = {entry.session: entry for entry in self.entries.values()}
        return self.catalogue.entry_key(session_id, entries)

    def status(self, session_id: str) -> str:
        entry = self.entries.get(session_id)
        return entry.status if entry else UNWATCHED

    def apply(
        self,
        session_id: str,
        after: Entry | None,
        queue: list[Entry] | None = None,
        history: list[HistoryItem] | None = None,
    ) -> None:
        """Take the store's word for a session (and, after queue changes, for the queue)."""
        self._clashes = None
        session_id = self.catalogue.canonical(session_id)
        if after is None:
            self.entries.pop(session_id, None)
        else:
            self.entries[session_id] = after
        if queue is not None:
            queued = {e.session for e in queue}
            for sid, entry in list(self.entries.items()):
                if entry.watchlist_pos is not None and entry.session not in queued:
                    self.entries[sid] = entry.with_(watchlist_pos=None)
            for entry in queue:
                self.entries[self.catalogue.canonical(entry.session)] = entry
        if history is not None:
            self.history[session_id] = list(history)

    def reload(self, entries: dict[str, Entry], history: list[HistoryItem]) -> None:
        self._clashes = None
        self.entries = self.catalogue.fold_entries(entries)
        self.history = defaultdict(list)
        for item in history:
            self.history[self.catalogue.canonical(item.session)].append(item)

    def record(self, applied: Applied) -> None:
        """The store's word on a command: take the entries it wrote, and remember how
        to take it back. A new change can be undone, and what was undone before can
        no longer be redone (as in an editor); an undo can be redone, a redo undone."""
        command, step = applied.command, applied.take_back
        if isinstance(command, Undo) and step is not None:
            self.redo.append(step)
        elif isinstance(command, Redo) and step is not None:
            self.undo.append(step)
        elif step is not None:
            self.undo.append(step)
            del self.undo[:-UNDO_LIMIT]
            self.redo.clear()
        first, *others = applied.written
        self.apply(
            first.session,
            first.after,
            list(applied.queue) if applied.queue is not None else None,
            list(applied.history) if applied.history is not None else None,
        )
        for item in others:
            self.apply(item.session, item.after)

    def take_back(self, *, redo: bool = False) -> TakeBack | None:
        """The command undoing the last change (or redoing the last undo), taken off
        its stack; None when there is nothing to take back."""
        steps = self.redo if redo else self.undo
        if not steps:
            return None
        step = steps.pop()
        return Redo(step) if redo else Undo(step)

    # -- summaries for the side panes ---------------------------------------

    def watchlist(self) -> list[tuple[Entry, Session]]:
        queued = []
        for entry in self.entries.values():
            if entry.watchlist_pos is None:
                continue
            session = self.catalogue.get(entry.session)
            if session is not None:
                queued.append((entry, session))
        queued.sort(key=lambda pair: pair[0].watchlist_pos or 0)
        return queued

    def queue_minutes_left(self) -> Minutes:
        """Time left on the watchlist: known, estimated, and sessions of unknown length."""
        left = Minutes()
        for entry, session in self.watchlist():
            if session.is_talk:  # nothing to watch: no time left on it
                left.add(split_time(session, entry)[1], estimate=session.estimated_length)
        return left

    def theme_counts(self) -> list[ThemeCount]:
        """Sessions and watched sessions per theme ("All" first), per conference, then
        per track, in the scope shown (planner/tallies.py)."""
        return tallies.theme_counts(self)

    def scoped(self, index: int, *, any_edition: bool = False) -> bool:
        """Whether the session at `index` is in the scope shown (and, unless
        `any_edition`, in the edition chosen)."""
        if self.scope == RECOMMENDED and index not in self._recommended_set:
            return False
        conferences = self.catalogue.columns.conferences
        return any_edition or self.conference is None or conferences[index] == self.conference

    def counts(self) -> dict[str, int]:
        """Talks per status in the scope shown (what is not a talk is not counted)."""
        talks = self._talks
        scoped = self.in_scope()
        result = {UNWATCHED: sum(1 for i in scoped if talks[i]), IN_PROGRESS: 0, WATCHED: 0}
        index = self.catalogue.index
        for sid, entry in self.entries.items():
            i = index.get(sid)
            if entry.status == UNWATCHED or i is None or not talks[i] or not self.scoped(i):
                continue
            result[entry.status] += 1
            result[UNWATCHED] -= 1
        return result

    def recently_watched(self, limit: int = 8) -> list[tuple[str, Session]]:
        items = [
            (h.at, h.session)
            for history in self.history.values()
            for h in history
            if h.status == WATCHED
        ]
        items.sort(reverse=True)
        result = []
        seen: set[str] = set()
        for at, sid in items:
            session = self.catalogue.get(sid)
            if session is None or sid in seen or self.status(sid) != WATCHED:
                continue
            seen.add(sid)
            result.append((at, session))
            if len(result) == limit:
                break
        return result
