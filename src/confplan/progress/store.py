"""The progress store: the user's watchlist, statuses, ratings and notes in SQLite.

This is the only data confplan owns. How the file is opened, refused and
written safely is in `database.py`; here are the operations on progress, each
one transaction. Progress is keyed by catalogue id and session id; entries for
sessions that left the catalogue stay (they are reported as orphans).

No Textual here: the command line and the TUI share this module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from confplan.progress.database import (
    BUSY_TIMEOUT_S,
    SCHEMA_VERSION,
    ChangedElsewhereError,
    CorruptStoreError,
    Database,
    NewerStoreError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
    StoreRefusedError,
)
from confplan.progress.flags import forget_clash_plan, note_clash_plans
from confplan.progress.models import (
    ATTEND,
    ENTRY_FIELDS,
    HISTORY_FIELDS,
    IN_PROGRESS,
    LATER,
    MAX_POSITION_S,
    PLANS,
    STATUSES,
    UNWATCHED,
    WATCHED,
    Entry,
    HistoryItem,
    Merged,
    entry_of,
    history_of,
)
from confplan.progress.schema import MIGRATIONS
from confplan.progress.undo import Step, Undoable, holds, parts
from confplan.text import format_clock

__all__ = [
    "BUSY_TIMEOUT_S",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ChangedElsewhereError",
    "CorruptStoreError",
    "Merged",
    "NewerStoreError",
    "ProgressStore",
    "ReadOnlyStoreError",
    "StoreBusyError",
    "StoreError",
    "StoreRefusedError",
]


class ProgressStore(Database):
    """Open with `ProgressStore(path)`; use as a context manager or call `close()`."""

    # -- reading -----------------------------------------------------------

    @property
    def _columns(self) -> str:
        """The entry columns to select; a store opened read-only before its upgrade to
        schema 2 has no plans yet (NULL stands in)."""
        if self.schema_version >= 2:
            return ", ".join(ENTRY_FIELDS)
        return ", ".join("NULL" if f == "plan" else f for f in ENTRY_FIELDS)

    def data_version(self) -> int:
        """Changes when another connection commits; cheap enough to poll."""
        rows = self._read("PRAGMA data_version")
        return int(rows[0][0]) if rows else 0

    def entry(self, catalogue: str, session: str) -> Entry | None:
        rows = self._read(
            f"SELECT {self._columns} FROM entries WHERE catalogue = ? AND session = ?",
            (catalogue, session),
        )
        return entry_of(rows[0]) if rows else None

    def entries(self, catalogue: str) -> dict[str, Entry]:
        rows = self._read(f"SELECT {self._columns} FROM entries WHERE catalogue = ?", (catalogue,))
        return {entry.session: entry for entry in map(entry_of, rows)}

    def watchlist(self, catalogue: str) -> list[Entry]:
        rows = self._read(
            f"SELECT {self._columns} FROM entries "
            "WHERE catalogue = ? AND watchlist_pos IS NOT NULL ORDER BY watchlist_pos",
            (catalogue,),
        )
        return [entry_of(row) for row in rows]

    def history(self, catalogue: str, session: str | None = None) -> list[HistoryItem]:
        sql = f"SELECT {', '.join(HISTORY_FIELDS)} FROM history WHERE catalogue = ?"
        params: list[Any] = [catalogue]
        if session is not None:
            sql += " AND session = ?"
            params.append(session)
        return [history_of(row) for row in self._read(sql + " ORDER BY at, id", params)]

    def orphans(self, catalogue: str, known: set[str] | dict[str, Any]) -> list[Entry]:
        """Entries whose session is no longer in the catalogue (kept, never deleted)."""
        return [e for sid, e in sorted(self.entries(catalogue).items()) if sid not in known]

    # -- writing -----------------------------------------------------------

    @staticmethod
    def _get(conn: sqlite3.Connection, catalogue: str, session: str) -> Entry | None:
        row = conn.execute(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries WHERE catalogue = ? AND session = ?",
            (catalogue, session),
        ).fetchone()
        return entry_of(row) if row else None

    @staticmethod
    def _put(conn: sqlite3.Connection, entry: Entry) -> None:
        conn.execute(
            f"INSERT OR REPLACE INTO entries ({', '.join(ENTRY_FIELDS)}) "
            f"VALUES ({', '.join('?' for _ in ENTRY_FIELDS)})",
            tuple(getattr(entry, f) for f in ENTRY_FIELDS),
        )

    def _record(
        self, conn: sqlite3.Connection, entry: Entry, previous: str | None, at: str
    ) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO history (catalogue, session, at, status, previous, position_s) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (entry.catalogue, entry.session, at, entry.status, previous, entry.position_s),
        )

    @staticmethod
    def _renumber(conn: sqlite3.Connection, catalogue: str, order: list[str]) -> None:
        for pos, session in enumerate(order, start=1):
            conn.execute(
                "UPDATE entries SET watchlist_pos = ? WHERE catalogue = ? AND session = ?",
                (pos, catalogue, session),
            )

    @staticmethod
    def _queue(conn: sqlite3.Connection, catalogue: str) -> list[str]:
        rows = conn.execute(
            "SELECT session FROM entries WHERE catalogue = ? AND watchlist_pos IS NOT NULL "
            "ORDER BY watchlist_pos, added_at, session",
            (catalogue,),
        ).fetchall()
        return [row[0] for row in rows]

    def watch(self, catalogue: str, sessions: Iterable[str]) -> list[Entry]:
        """Append sessions to the end of the watchlist (those already on it stay put)."""
        wanted = list(dict.fromkeys(sessions))

        def work(conn: sqlite3.Connection) -> list[Entry]:
            now = self.clock()
            queue = self._queue(conn, catalogue)
            done = []
            for session in wanted:
                entry = self._get(conn, catalogue, session) or Entry(catalogue, session)
                if not entry.on_watchlist:
                    queue.append(session)
                    entry = entry.with_(watchlist_pos=len(queue), added_at=now, updated_at=now)
                    self._put(conn, entry)
                done.append(entry)
            return done

        return self._write(work)

    def unwatch(self, catalogue: str, sessions: Iterable[str]) -> list[Entry]:
        """Take sessions off the watchlist; their status, rating and note stay."""
        unwanted = set(sessions)

        def work(conn: sqlite3.Connection) -> list[Entry]:
            now = self.clock()
            done = []
            for session in unwanted:
                entry = self._get(conn, catalogue, session)
                if entry is not None and entry.on_watchlist:
                    entry = entry.with_(
                        watchlist_pos=None, added_at=None, plan=None, updated_at=now
                    )
                    self._put(conn, entry)
                    done.append(entry)
            self._renumber(conn, catalogue, self._queue(conn, catalogue))
            return done

        return self._write(work)

    def move(self, catalogue: str, session: str, to: int) -> Entry:
        """Put a queued session at position `to` (1-based, clamped to the queue)."""

        def work(conn: sqlite3.Connection) -> Entry:
            queue = self._queue(conn, catalogue)
            if session not in queue:
                raise StoreRefusedError(f"{session} is not on the watchlist")
            queue.remove(session)
            index = min(max(to, 1), len(queue) + 1) - 1
            queue.insert(index, session)
            now = self.clock()
            self._renumber(conn, catalogue, queue)
            conn.execute(
                "UPDATE entries SET updated_at = ? WHERE catalogue = ? AND session = ?",
                (now, catalogue, session),
            )
            entry = self._get(conn, catalogue, session)
            assert entry is not None
            return entry

        return self._write(work)

    def mark(
        self, catalogue: str, session: str, status: str, position_s: int | None = None
    ) -> Entry:
        """Set a status; every call is dated in the history (a second "watched" is a rewatch)."""
        if status not in STATUSES:
            raise StoreRefusedError(f"unknown status {status!r}")
        if position_s is not None and not 0 <= position_s <= MAX_POSITION_S:
            raise StoreRefusedError(
                f"where to resume must be within {MAX_POSITION_S // 3600} hours, "
                f"not {format_clock(position_s) if position_s < 10**12 else 'that'}"
            )

        def work(conn: sqlite3.Connection) -> Entry:
            now = self.clock()
            entry = self._get(conn, catalogue, session) or Entry(catalogue, session)
            previous = entry.status if entry.updated_at else None
            if status == WATCHED:
                entry = entry.with_(
                    status=WATCHED,
                    watched_at=now,
                    started_at=entry.started_at or now,
                    position_s=None,
                )
            elif status == IN_PROGRESS:
                entry = entry.with_(
                    status=IN_PROGRESS,
                    started_at=entry.started_at or now,
                    watched_at=None,
                    position_s=position_s if position_s is not None else entry.position_s,
                )
            else:
                entry = entry.with_(
                    status=UNWATCHED, started_at=None, watched_at=None, position_s=None
                )
            entry = entry.with_(updated_at=now)
            self._put(conn, entry)
            self._record(conn, entry, previous, now)
            return entry

        return self._write(work)

    def choose(self, catalogue: str, session: str, later: Iterable[str]) -> list[Entry]:
        """Attend `session` (on the watchlist) and plan to watch the sessions it clashes
        with (`later`, those on the watchlist) later, in one transaction. Returns the
        entries written, `session`'s first."""
        others = [s for s in dict.fromkeys(later) if s != session]

        def work(conn: sqlite3.Connection) -> list[Entry]:
            now = self.clock()
            entry = self._get(conn, catalogue, session)
            if entry is None or not entry.on_watchlist:
                raise StoreRefusedError(f"{session} is not on the watchlist: add it first")
            done = [entry.with_(plan=ATTEND, updated_at=now)]
            for other in others:
                current = self._get(conn, catalogue, other)
                if current is not None and current.on_watchlist:
                    done.append(current.with_(plan=LATER, updated_at=now))
            for item in done:
                self._put(conn, item)
            note_clash_plans(conn, catalogue, session, [e.session for e in done[1:]])
            return done

        return self._write(work)

    def plan(self, catalogue: str, session: str, plan: str | None) -> Entry:
        """Set the plan of a session on the watchlist: attend, watch later, or none."""
        if plan is not None and plan not in PLANS:
            raise StoreRefusedError(f"unknown plan {plan!r}: {', '.join(PLANS)}")

        def work(conn: sqlite3.Connection) -> Entry:
            entry = self._get(conn, catalogue, session)
            if plan is not None and (entry is None or not entry.on_watchlist):
                raise StoreRefusedError(f"{session} is not on the watchlist: add it first")
            if entry is None:
                return Entry(catalogue, session)
            entry = entry.with_(plan=plan, updated_at=self.clock())
            self._put(conn, entry)
            forget_clash_plan(conn, catalogue, session)
            return entry

        return self._write(work)

    def rate(self, catalogue: str, session: str, rating: int | None) -> Entry:
        if rating is not None and not 1 <= rating <= 5:
            raise StoreRefusedError(f"a rating is 1 to 5, not {rating}")
        return self._update(catalogue, session, rating=rating)

    def note(self, catalogue: str, session: str, text: str | None) -> Entry:
        return self._update(catalogue, session, note=text or None)

    def _update(self, catalogue: str, session: str, **changes: Any) -> Entry:
        def work(conn: sqlite3.Connection) -> Entry:
            entry = self._get(conn, catalogue, session) or Entry(catalogue, session)
            entry = entry.with_(updated_at=self.clock(), **changes)
            self._put(conn, entry)
            return entry

        return self._write(work)

    def take_back(self, catalogue: str, change: Undoable) -> Entry:
        """Undo (or redo) a step or a group of steps: write their "before" values, but
        only while the store still holds every value they wrote; otherwise raise
        ChangedElsewhereError and change nothing. Fields a step did not write are left
        as they are. Returns the first step's session's entry."""
        steps = parts(change)

        def work(conn: sqlite3.Connection) -> Entry:
            for step in steps:
                current = self._get(conn, catalogue, step.session)
                if not holds(current or Entry(catalogue, step.session), step.expectation()):
                    raise ChangedElsewhereError(
                        f"{step.session} was changed elsewhere since; left as it is"
                    )
            now = self.clock()
            results = [self._take_back_one(conn, catalogue, step, now) for step in steps]
            return results[0]

        return self._write(work)

    def _take_back_one(
        self, conn: sqlite3.Connection, catalogue: str, step: Step, now: str
    ) -> Entry:
        session, target = step.session, step.target()
        current = self._get(conn, catalogue, session) or Entry(catalogue, session)
        fields = {k: v for k, v in target.items() if k != "watchlist_pos"}
        entry = current.with_(**fields, updated_at=now)
        if "watchlist_pos" in target:
            queue = [s for s in self._queue(conn, catalogue) if s != session]
            position = target["watchlist_pos"]
            if position is not None:
                queue.insert(min(max(position, 1), len(queue) + 1) - 1, session)
            entry = entry.with_(watchlist_pos=None)
            self._put(conn, entry)
            self._renumber(conn, catalogue, queue)
        else:
            self._put(conn, entry)
        if current.status != entry.status:
            self._record(conn, entry, current.status if current.updated_at else None, now)
        result = self._get(conn, catalogue, session)
        assert result is not None
        return result

    def merge(self, entries: Iterable[Entry], history: Iterable[HistoryItem]) -> Merged:
        """Merge entries (the newer `updated_at` wins) and history."""
        incoming = list(entries)
        items = list(history)

        def work(conn: sqlite3.Connection) -> Merged:
            taken = kept = same = 0
            touched: set[str] = set()
            for entry in incoming:
                current = self._get(conn, entry.catalogue, entry.session)
                if current == entry:
                    same += 1
                elif current is None or entry.updated_at > current.updated_at:
                    self._put(conn, entry)
                    touched.add(entry.catalogue)
                    taken += 1
                else:
                    kept += 1
            for item in items:
                conn.execute(
                    "INSERT OR IGNORE INTO history "
                    "(catalogue, session, at, status, previous, position_s) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    tuple(getattr(item, f) for f in HISTORY_FIELDS),
                )
            for catalogue in touched:
                self._renumber(conn, catalogue, self._queue(conn, catalogue))
            return Merged(taken, kept, same)

        return self._write(work)

    def all_entries(self) -> list[Entry]:
        rows = self._read(f"SELECT {self._columns} FROM entries ORDER BY catalogue, session")
        return [entry_of(row) for row in rows]

    def all_history(self) -> list[HistoryItem]:
        rows = self._read(
            f"SELECT {', '.join(HISTORY_FIELDS)} FROM history ORDER BY catalogue, session, at, id"
        )
        return [history_of(row) for row in rows]
