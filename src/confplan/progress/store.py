"""The progress store: the user's watchlist, statuses, ratings and notes in SQLite.

This is the only data confplan owns, so the rules are strict:

- WAL journal, `synchronous=FULL`: a change that returned has reached the disk.
- One short `BEGIN IMMEDIATE` transaction per change: two processes never
  interleave a read-modify-write, and a busy store is waited for, not failed.
- A damaged store is never written, reset or replaced: it is copied aside
  (quarantined) and the user is told how to recover (exit 2).
- A read-only store or folder is reported before anything is created.
- A store from a newer confplan (higher `user_version`) is refused.
- Progress is keyed by catalogue id and session id; entries for sessions
  that left the catalogue stay (they are reported as orphans).

No Textual here: the command line and the TUI share this module.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from confplan.errors import BadInputError, ConfplanError
from confplan.progress.models import (
    ENTRY_FIELDS,
    HISTORY_FIELDS,
    IN_PROGRESS,
    MAX_POSITION_S,
    STATUSES,
    UNWATCHED,
    WATCHED,
    Entry,
    HistoryItem,
    now_utc,
)
from confplan.progress.undo import Step, holds
from confplan.text import format_clock

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 10.0
BUSY_RETRIES = 5
SQLITE_HEADER = b"SQLite format 3\x00"

_SCHEMA_V1 = """
CREATE TABLE entries (
    catalogue     TEXT NOT NULL,
    session       TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'unwatched'
                  CHECK (status IN ('unwatched', 'in-progress', 'watched')),
    position_s    INTEGER CHECK (position_s IS NULL OR position_s >= 0),
    rating        INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    note          TEXT,
    watchlist_pos INTEGER CHECK (watchlist_pos IS NULL OR watchlist_pos >= 1),
    added_at      TEXT,
    started_at    TEXT,
    watched_at    TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (catalogue, session)
) WITHOUT ROWID;
CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    catalogue  TEXT NOT NULL,
    session    TEXT NOT NULL,
    at         TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('unwatched', 'in-progress', 'watched')),
    previous   TEXT,
    position_s INTEGER
);
CREATE UNIQUE INDEX history_unique ON history (catalogue, session, at, status);
CREATE INDEX entries_watchlist ON entries (catalogue, watchlist_pos)
    WHERE watchlist_pos IS NOT NULL;
"""

# Each step takes the store from version N-1 to N, inside one transaction.
MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1}


class Merged(NamedTuple):
    """What a merge did: entries taken, kept (newer here), and the same on both sides."""

    taken: int
    kept: int
    same: int


class StoreError(ConfplanError):
    """The store could not do what was asked (exit 1)."""


class StoreBusyError(StoreError):
    pass


class StoreRefusedError(BadInputError):
    """The store must not be touched as it is (exit 2)."""


class CorruptStoreError(StoreRefusedError):
    pass


class NewerStoreError(StoreRefusedError):
    pass


class ReadOnlyStoreError(StoreRefusedError):
    pass


class ChangedElsewhereError(StoreRefusedError):
    """An undo or redo found that another process changed the same fields since."""


def _has_write_bits(path: Path) -> bool:
    """Writable by permission bits; honoured even for root, who ignores them."""
    try:
        return bool(path.stat().st_mode & 0o222) and os.access(path, os.W_OK)
    except OSError:
        return False


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _read_only(path: Path) -> ReadOnlyStoreError:
    return ReadOnlyStoreError(f"progress store {path} is read-only: nothing was changed")


class ProgressStore:
    """Open with `ProgressStore(path)`; use as a context manager or call `close()`."""

    def __init__(
        self,
        path: Path,
        *,
        readonly: bool = False,
        clock: Callable[[], str] = now_utc,
        timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.clock = clock
        self.timeout = timeout
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._open()

    # -- opening -----------------------------------------------------------

    def _open(self) -> None:
        path = self.path
        exists = path.exists()
        # Side files that were there before we opened (a WAL holding committed
        # changes after a crash) belong in a quarantine copy; ours do not.
        self._sidecars = [
            suffix
            for suffix in ("-wal", "-journal")
            if _nonempty(path.with_name(path.name + suffix))
        ]
        if not self.readonly:
            self._check_writable(exists)
        elif not exists:
            return  # nothing stored yet: every read answers "nothing"
        if exists and path.stat().st_size > 0:
            self._check_header()
        try:
            if self.readonly:
                uri = f"file:{quote(str(path.resolve()))}?mode=ro"
                conn = sqlite3.connect(
                    uri,
                    uri=True,
                    timeout=self.timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(
                    path, timeout=self.timeout, isolation_level=None, check_same_thread=False
                )
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        self._conn = conn
        try:
            self._prepare(conn)
        except BaseException:
            self._conn = None
            conn.close()
            raise

    def _check_writable(self, exists: bool) -> None:
        folder = self.path.parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReadOnlyStoreError(
                    f"cannot create the data folder {folder}: {exc.strerror or exc}"
                ) from None
        if not _has_write_bits(folder):
            raise ReadOnlyStoreError(f"data folder {folder} is read-only: nothing was changed")
        if exists and not _has_write_bits(self.path):
            raise _read_only(self.path)

    def _check_header(self) -> None:
        try:
            with self.path.open("rb") as handle:
                header = handle.read(100)
        except OSError as exc:
            raise StoreError(f"cannot read progress store {self.path}: {exc.strerror}") from None
        if len(header) < 100 or not header.startswith(SQLITE_HEADER):
            raise self._corrupt("it is not an SQLite database (bad or truncated header)")

    def _prepare(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise NewerStoreError(
                    f"progress store {self.path} was written by a newer confplan "
                    f"(schema {version}, this one knows {SCHEMA_VERSION}); "
                    "it was not changed. Upgrade confplan to use it."
                )
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                detail = "; ".join(str(row[0]) for row in check[:3])
                raise self._corrupt(f"the integrity check failed: {detail}")
            if version == 0:
                tables = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                ).fetchone()[0]
                if tables:
                    raise StoreRefusedError(
                        f"{self.path} is an SQLite database but not a confplan progress store; "
                        "it was not changed"
                    )
            if self.readonly:
                return
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous = FULL")
            self._migrate(conn, version)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        while version < SCHEMA_VERSION:
            target = version + 1
            with self._transaction(conn):
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= target:  # another process migrated meanwhile
                    version = current
                    continue
                for statement in _statements(MIGRATIONS[target]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")
            version = target

    # -- errors ------------------------------------------------------------

    def _corrupt(self, reason: str) -> CorruptStoreError:
        copy = self._quarantine()
        if copy is not None:
            kept = f"A copy of its bytes is at {copy}."
        else:
            kept = "No copy could be made (is the folder read-only?)."
        return CorruptStoreError(
            f"progress store {self.path} is damaged: {reason}. It was left untouched. {kept}",
            hint=(
                "To recover: run `sqlite3 COPY .recover | sqlite3 recovered.sqlite3` on the "
                f"copy, or move {self.path.name} aside to start afresh and restore a dump with "
                "`confplan progress load FILE`."
            ),
        )

    def _quarantine(self) -> Path | None:
        import hashlib
        import shutil

        try:
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:12]
        except OSError:
            return None
        copy = self.path.with_name(f"{self.path.name}.corrupt-{digest}")
        try:
            if not copy.exists():
                shutil.copyfile(self.path, copy)
            for suffix in self._sidecars:
                side = self.path.with_name(self.path.name + suffix)
                target = copy.with_name(copy.name + suffix)
                if side.exists() and not target.exists():
                    shutil.copyfile(side, target)
        except OSError:
            return None
        return copy

    def _translate(self, exc: sqlite3.Error) -> ConfplanError:
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            return _read_only(self.path)
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return self._corrupt(str(exc))
        if "locked" in text or "busy" in text:
            return StoreBusyError(
                f"progress store {self.path} stayed busy (another confplan is writing); "
                "nothing was changed, try again"
            )
        if "disk is full" in text or "disk i/o" in text:
            return StoreError(f"could not write progress store {self.path}: {exc}")
        if "unable to open" in text:
            return StoreError(f"cannot open progress store {self.path}: {exc}")
        return StoreError(f"progress store {self.path}: {exc}")

    # -- plumbing ----------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _write(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `work` in one immediate transaction, retrying while another writer holds the lock."""
        if self.readonly:
            raise _read_only(self.path)
        with self._lock:
            conn = self._connection()
            for attempt in range(BUSY_RETRIES):
                try:
                    with self._transaction(conn):
                        return work(conn)
                except sqlite3.OperationalError as exc:
                    text = str(exc).lower()
                    if ("locked" in text or "busy" in text) and attempt < BUSY_RETRIES - 1:
                        time.sleep(0.05 * (attempt + 1))
                        continue
                    raise self._translate(exc) from None
                except sqlite3.Error as exc:
                    raise self._translate(exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._conn is None:
                return []
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise self._translate(exc) from None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the progress store is closed")
        return self._conn

    # -- reading -----------------------------------------------------------

    def data_version(self) -> int:
        """Changes when another connection commits; cheap enough to poll."""
        rows = self._read("PRAGMA data_version")
        return int(rows[0][0]) if rows else 0

    def entry(self, catalogue: str, session: str) -> Entry | None:
        rows = self._read(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries WHERE catalogue = ? AND session = ?",
            (catalogue, session),
        )
        return Entry(*rows[0]) if rows else None

    def entries(self, catalogue: str) -> dict[str, Entry]:
        rows = self._read(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries WHERE catalogue = ?", (catalogue,)
        )
        return {row[1]: Entry(*row) for row in rows}

    def watchlist(self, catalogue: str) -> list[Entry]:
        rows = self._read(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries "
            "WHERE catalogue = ? AND watchlist_pos IS NOT NULL ORDER BY watchlist_pos",
            (catalogue,),
        )
        return [Entry(*row) for row in rows]

    def history(self, catalogue: str, session: str | None = None) -> list[HistoryItem]:
        sql = f"SELECT {', '.join(HISTORY_FIELDS)} FROM history WHERE catalogue = ?"
        params: list[Any] = [catalogue]
        if session is not None:
            sql += " AND session = ?"
            params.append(session)
        return [HistoryItem(*row) for row in self._read(sql + " ORDER BY at, id", params)]

    def catalogues(self) -> list[str]:
        rows = self._read(
            "SELECT catalogue FROM entries UNION SELECT catalogue FROM history ORDER BY 1"
        )
        return [row[0] for row in rows]

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
        return Entry(*row) if row else None

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
                    entry = entry.with_(watchlist_pos=None, added_at=None, updated_at=now)
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

    def take_back(self, catalogue: str, step: Step) -> Entry:
        """Undo (or redo) `step`: write its "before" values, but only while the store
        still holds the values it wrote; otherwise raise ChangedElsewhereError and
        change nothing. Fields the step did not write are left as they are."""
        session = step.session
        expect, target = step.expectation(), step.target()

        def work(conn: sqlite3.Connection) -> Entry:
            current = self._get(conn, catalogue, session) or Entry(catalogue, session)
            if not holds(current, expect):
                raise ChangedElsewhereError(f"{session} was changed elsewhere since; left as it is")
            now = self.clock()
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

        return self._write(work)

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
        rows = self._read(
            f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries ORDER BY catalogue, session"
        )
        return [Entry(*row) for row in rows]

    def all_history(self) -> list[HistoryItem]:
        rows = self._read(
            f"SELECT {', '.join(HISTORY_FIELDS)} FROM history ORDER BY catalogue, session, at, id"
        )
        return [HistoryItem(*row) for row in rows]


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
