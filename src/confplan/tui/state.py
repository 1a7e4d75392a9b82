"""What the TUI shows, as plain data: the filtered and sorted view, progress, undo.

No Textual here, so the logic is tested without a terminal. The view is a
list of indexes into the catalogue. Sorting and the theme filter are done
once per change of sort or theme; a keystroke in the filter only narrows
(or re-scans) that base list, so typing costs no more than the search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from confplan import query
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.progress.models import IN_PROGRESS, UNWATCHED, WATCHED, Entry, HistoryItem
from confplan.progress.summary import split_time
from confplan.progress.undo import Step, step_between

UNDO_LIMIT = 200


@dataclass(slots=True)
class ThemeCount:
    theme_id: str | None  # None is "All"
    name: str
    total: int = 0
    watched: int = 0


class PlannerState:
    def __init__(
        self,
        catalogue: Catalogue,
        entries: dict[str, Entry] | None = None,
        history: list[HistoryItem] | None = None,
        *,
        sort: str = "consensus",
    ) -> None:
        self.catalogue = catalogue
        self.entries: dict[str, Entry] = dict(entries or {})
        self.history: dict[str, list[HistoryItem]] = defaultdict(list)
        for item in history or []:
            self.history[item.session].append(item)
        self.theme: str | None = None
        self.text = ""
        self.sort = sort
        self.undo: list[Step] = []
        self.redo: list[Step] = []
        self._orders: dict[str, list[int]] = {}
        self._theme_totals: dict[str, int] | None = None
        self.view: list[int] = []
        self._rebase()

    # -- the view ------------------------------------------------------------

    def _order(self) -> list[int]:
        order = self._orders.get(self.sort)
        if order is None:
            order = query.sorted_indexes(
                self.catalogue, list(range(len(self.catalogue))), self.sort
            )
            self._orders[self.sort] = order
        return order

    def _rebase(self) -> None:
        order = self._order()
        if self.theme is not None:
            themes = self.catalogue.columns.themes
            theme = self.theme
            order = [i for i in order if theme in themes[i]]
        self._search = query.IncrementalSearch(self.catalogue, order)
        self.view = self._search(self.text)

    def set_text(self, text: str) -> list[int]:
        self.text = text
        self.view = self._search(text)
        return self.view

    def set_theme(self, theme: str | None) -> list[int]:
        if theme != self.theme:
            self.theme = theme
            self._rebase()
        return self.view

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
        if after is None:
            self.entries.pop(session_id, None)
        else:
            self.entries[session_id] = after
        if queue is not None:
            queued = {e.session for e in queue}
            for sid, entry in list(self.entries.items()):
                if entry.watchlist_pos is not None and sid not in queued:
                    self.entries[sid] = entry.with_(watchlist_pos=None)
            for entry in queue:
                self.entries[entry.session] = entry
        if history is not None:
            self.history[session_id] = list(history)

    def reload(self, entries: dict[str, Entry], history: list[HistoryItem]) -> None:
        self.entries = dict(entries)
        self.history = defaultdict(list)
        for item in history:
            self.history[item.session].append(item)

    def remember(self, session_id: str, before: Entry | None, after: Entry | None) -> None:
        """A new change: it can be undone, and what was undone before can no longer be
        redone (as in an editor)."""
        step = step_between(session_id, before, after)
        if step is not None:
            self.undo.append(step)
            del self.undo[:-UNDO_LIMIT]
            self.redo.clear()

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

    def queue_minutes_left(self) -> tuple[int, int]:
        """(known minutes left on the watchlist, sessions of unknown length)."""
        known = unknown = 0
        for entry, session in self.watchlist():
            _, left = split_time(session, entry)
            if left is None:
                unknown += 1
            else:
                known += left
        return known, unknown

    def theme_counts(self) -> list[ThemeCount]:
        """Sessions and watched sessions per theme ("All" first).

        Totals are counted once per catalogue; watched counts come from the
        entries (a user's few hundred), not from every session.
        """
        totals = self._theme_totals
        if totals is None:
            totals = dict.fromkeys(self.catalogue.themes, 0)
            for session_themes in self.catalogue.columns.themes:
                for theme_id in session_themes:
                    if theme_id in totals:
                        totals[theme_id] += 1
            self._theme_totals = totals
        watched = dict.fromkeys(totals, 0)
        watched_all = 0
        index = self.catalogue.index
        session_themes = self.catalogue.columns.themes
        for sid, entry in self.entries.items():
            if entry.status != WATCHED:
                continue
            i = index.get(sid)
            if i is None:
                continue
            watched_all += 1
            for theme_id in session_themes[i]:
                if theme_id in watched:
                    watched[theme_id] += 1
        themes = self.catalogue.themes
        return [
            ThemeCount(None, "All", len(self.catalogue), watched_all),
            *(ThemeCount(t, themes[t].name, totals[t], watched[t]) for t in totals),
        ]

    def counts(self) -> dict[str, int]:
        result = {UNWATCHED: len(self.catalogue), IN_PROGRESS: 0, WATCHED: 0}
        for sid, entry in self.entries.items():
            if entry.status != UNWATCHED and sid in self.catalogue.index:
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
