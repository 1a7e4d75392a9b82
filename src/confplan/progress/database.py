"""The progress store's SQLite file: opening it safely, refusing what must not be
touched, and running each change in one short transaction.

- WAL journal, `synchronous=FULL`: a change that returned has reached the disk.
- One short `BEGIN IMMEDIATE` transaction per change: two processes never
  interleave a read-modify-write, and a busy store is waited for, not failed.
- A damaged store is never written, reset or replaced: it is copied aside
  (quarantined) and the user is told how to recover (exit 2).
- A read-only store or folder is reported before anything is created.
- A store from a newer confplan (higher `user_version`) is refused.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self, TypeVar
from urllib.parse import quote

from confplan.errors import BadInputError, ConfplanError
from confplan.progress.models import now_utc
from confplan.progress.schema import MIGRATIONS, _statements

SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 10.0
BUSY_RETRIES = 5
SQLITE_HEADER = b"SQLite format 3\x00"

_T = TypeVar("_T")


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


class Database:
    """The store's SQLite file: opened (or refused) with care, one transaction per change."""

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
        self.schema_version = SCHEMA_VERSION  # the one found, if opened read-only and older
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
        self._check_kind()
        if not self.readonly:
            self._check_writable(exists)
        elif not exists:
            return  # nothing stored yet: every read answers "nothing"
        if exists and path.stat().st_size > 0:
            self._check_header()
        try:
            if self.readonly:
                uri = f"file:{quote(str(path.resolve()))}?mode=ro"
                if not os.access(path.parent, os.W_OK):
                    # A read-only folder or medium: SQLite cannot make the WAL's shared
                    # memory file beside the store, and nobody can write there: read
                    # the file as it is, without locks.
                    uri += "&immutable=1"
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

    def _check_kind(self) -> None:
        """A store is a regular file (links followed): opening a FIFO would wait for a
        writer forever, and a device or folder is not a store."""
        from confplan.fileio import file_kind

        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreRefusedError(
                f"cannot open progress store {self.path}: {exc.strerror or exc}"
            ) from None
        if not stat.S_ISREG(mode):
            raise StoreRefusedError(
                f"progress store {self.path} is {file_kind(mode)}, not a regular file; "
                "it was not touched (move it aside, or give another --data-dir)"
            )

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
            self.schema_version = version
            if self.readonly:
                return
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous = FULL")
            self._migrate(conn, version)
            self.schema_version = SCHEMA_VERSION
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
        if "could not decode" in text:  # a flipped bit in a text, or bytes put by hand
            column = str(exc).split(" with text ")[0].removeprefix("Could not decode to UTF-8 ")
            return self._corrupt(f"a text value is not UTF-8 ({column})")
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

    def __enter__(self) -> Self:
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

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run `work` in one immediate transaction, retrying while another writer holds the lock."""
        if self.readonly:
            raise _read_only(self.path)
        with self._lock:
            conn = self._connection()
            # SQLite waits up to `timeout` for the lock on each try; the retries are
            # for a busy answer given at once, within the same bound: never 5 x 10 s.
            deadline = time.monotonic() + self.timeout
            for attempt in range(BUSY_RETRIES):
                try:
                    with self._transaction(conn):
                        return work(conn)
                except sqlite3.OperationalError as exc:
                    text = str(exc).lower()
                    busy = "locked" in text or "busy" in text
                    if busy and attempt < BUSY_RETRIES - 1 and time.monotonic() < deadline:
                        time.sleep(0.05 * (attempt + 1))
                        continue
                    raise self._translate(exc) from None
                except sqlite3.Error as exc:
                    raise self._translate(exc) from None
                except UnicodeDecodeError as exc:
                    raise self._corrupt(f"a text value is not UTF-8 ({exc.reason})") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._conn is None:
                return []
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise self._translate(exc) from None
            except UnicodeDecodeError as exc:  # a damaged page, or bytes written by hand
                raise self._corrupt(f"a text value is not UTF-8 ({exc.reason})") from None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the progress store is closed")
        return self._conn
