"""The progress store, run on its own thread so the interface never waits on the disk.

The UI submits changes; this thread applies them in order, one transaction
each, and reports every result (or failure) back through a callback that
the app marshals onto its own thread. Between changes it polls the store's
`data_version`, so changes made by another process (the CLI) come back to
the UI within about half a second.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from confplan.errors import ConfplanError
from confplan.progress.models import UNWATCHED, WATCHED, Entry, HistoryItem
from confplan.progress.store import ChangedElsewhereError, ProgressStore, StoreRefusedError
from confplan.progress.undo import parts

POLL_SECONDS = 0.5
QUEUE_OPS = frozenset({"watch", "unwatch", "move", "take_back", "toggle_watch", "shift"})
DO, UNDO, REDO = "do", "undo", "redo"


@dataclass(slots=True)
class Change:
    """One request: `op` names a ProgressStore method, applied to `session`."""

    op: str
    session: str
    args: tuple[Any, ...] = ()
    kind: str = DO  # DO a new change, or UNDO / REDO a remembered step (args: the step)


@dataclass(slots=True)
class Applied:
    change: Change
    before: Entry | None
    after: Entry | None
    history: list[HistoryItem] = field(default_factory=list)
    queue: list[Entry] | None = None  # the whole watchlist, after changes that reorder it
    # Other sessions the change wrote (choosing one side of a clash): (id, before, after).
    others: list[tuple[str, Entry | None, Entry | None]] = field(default_factory=list)


@dataclass(slots=True)
class Failed:
    change: Change
    message: str
    conflict: bool = False  # an undo or redo found the fields changed elsewhere


@dataclass(slots=True)
class Reloaded:
    """Another process changed the store: here is everything for this catalogue."""

    entries: dict[str, Entry]
    history: list[HistoryItem]


Report = Applied | Failed | Reloaded


class StoreThread:
    def __init__(
        self,
        store: ProgressStore,
        catalogue_id: str,
        report: Callable[[Report], None],
    ) -> None:
        self.store = store
        self.catalogue_id = catalogue_id
        self.report = report
        self._queue: queue.Queue[Change | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._version = store.data_version()
        self._thread = threading.Thread(target=self._run, name="confplan-store", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, change: Change) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(change)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish what was submitted, then stop (called when the app exits)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until every submitted change has been applied (for tests and exit)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            try:
                change = self._queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                self._poll()
                continue
            if change is None:
                return
            try:
                self.report(self._apply(change))
            except ChangedElsewhereError as exc:
                self.report(Failed(change, str(exc), conflict=True))
            except Exception as exc:  # reported, never fatal to the app
                message = str(exc) if isinstance(exc, ConfplanError) else repr(exc)
                self.report(Failed(change, message))
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

    def _apply(self, change: Change) -> Applied:
        store, catalogue, session = self.store, self.catalogue_id, change.session
        before = store.entry(catalogue, session)
        op = change.op
        also: list[str] = []
        if op == "choose":
            also = [s for s in change.args[0] if s != session]
        elif op == "take_back":
            also = [step.session for step in parts(change.args[0])[1:]]
        others_before = {sid: store.entry(catalogue, sid) for sid in also}
        # Toggles and relative moves are decided here, against the store, so
        # that keys pressed faster than results come back still act in order.
        if op == "toggle_watch":
            op = "unwatch" if before is not None and before.on_watchlist else "watch"
        elif op == "toggle_watched":
            watched = before is not None and before.status == WATCHED
            op, change.args = "mark", (UNWATCHED if watched else WATCHED, None)
        elif op == "shift":
            if before is None or before.watchlist_pos is None:
                raise StoreRefusedError("not on the watchlist: press w to add it first")
            op, change.args = "move", (max(before.watchlist_pos + change.args[0], 1),)
        if op == "watch":
            store.watch(catalogue, [session])
        elif op == "unwatch":
            store.unwatch(catalogue, [session])
        elif op == "move":
            store.move(catalogue, session, *change.args)
        elif op == "mark":
            store.mark(catalogue, session, *change.args)
        elif op == "rate":
            store.rate(catalogue, session, *change.args)
        elif op == "note":
            store.note(catalogue, session, *change.args)
        elif op == "take_back":
            store.take_back(catalogue, *change.args)
        elif op == "choose":
            store.choose(catalogue, session, *change.args)
        elif op == "plan":
            store.plan(catalogue, session, *change.args)
        elif op == "decide":  # a proposal of the user's recap: (recap id, accepted)
            from confplan.progress.user_recaps import decide

            decide(store, change.args[0], session, change.args[1])
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown change {op!r}")
        after = store.entry(catalogue, session)
        queue = store.watchlist(catalogue) if op in QUEUE_OPS else None
        others = [(sid, was, store.entry(catalogue, sid)) for sid, was in others_before.items()]
        return Applied(change, before, after, store.history(catalogue, session), queue, others)
