"""The progress store, run on its own thread so the interface never waits on the disk.

The UI submits commands (planner/commands.py); this thread executes them in
order, one transaction each, as the command line does, and reports every result
(or failure) back through a callback that the app marshals onto its own
thread. Between commands it polls the store's `data_version`, so changes made
by another process (the CLI) come back to the UI within about half a second.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from confplan.errors import ConfplanError
from confplan.planner.commands import Applied, Command, execute
from confplan.planner.record import Record
from confplan.progress.models import Entry, HistoryItem
from confplan.progress.store import ChangedElsewhereError, ProgressStore

POLL_SECONDS = 0.5


class Failed(Record):
    """The store refused a command (or it failed): nothing was written."""

    command: Command
    message: str
    conflict: bool = False  # an undo or redo found the fields changed elsewhere


class Reloaded(Record):
    """Another process changed the store: here is everything for this catalogue."""

    entries: dict[str, Entry]
    history: list[HistoryItem]


Report = Applied | Failed | Reloaded


class StoreWriter:
    """Applies the commands submitted, in order, one at a time, on its own thread."""

    def __init__(
        self,
        store: ProgressStore,
        catalogue_id: str,
        report: Callable[[Report], None],
    ) -> None:
        self.store = store
        self.catalogue_id = catalogue_id
        self.report = report
        self._queue: queue.Queue[Command | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._version = store.data_version()
        self._thread = threading.Thread(target=self._run, name="confplan-store", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, command: Command) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(command)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish what was submitted, then stop (called when the app exits)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until every submitted command has been applied (for tests and exit)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            try:
                command = self._queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                self._poll()
                continue
            if command is None:
                return
            try:
                self.report(execute(self.store, self.catalogue_id, command))
            except ChangedElsewhereError as exc:
                self.report(Failed(command, str(exc), conflict=True))
            except Exception as exc:  # reported, never fatal to the app
                message = str(exc) if isinstance(exc, ConfplanError) else repr(exc)
                self.report(Failed(command, message))
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()

    def _poll(self) -> None:
        try:
            version = self.store.data_version()
            if version == self._version:
                return
            self._version = version
            self.report(
                Reloaded(
                    self.store.entries(self.catalogue_id),
                    self.store.history(self.catalogue_id),
                )
            )
        except Exception:  # a failing poll is retried on the next tick
            return
