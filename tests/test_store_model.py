"""The store behaves like a simple model, whatever sequence of changes it is given."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from confplan.progress import transfer
from confplan.progress.models import STATUSES
from confplan.progress.store import ProgressStore
from tests.helpers import Clock

SESSIONS = st.sampled_from([f"s{i}" for i in range(6)])
CAT = "cat"


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="confplan-model-"))
        self.path = self.folder / "progress.sqlite3"
        self.clock = Clock()
        self.store = ProgressStore(self.path, clock=self.clock)
        self.queue: list[str] = []
        self.status: dict[str, str] = {}
        self.rating: dict[str, int] = {}
        self.notes: dict[str, str] = {}
        self.position: dict[str, int] = {}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(session=SESSIONS)
    def watch(self, session: str) -> None:
        self.store.watch(CAT, [session])
        if session not in self.queue:
            self.queue.append(session)

    @rule(session=SESSIONS)
    def unwatch(self, session: str) -> None:
        self.store.unwatch(CAT, [session])
        if session in self.queue:
            self.queue.remove(session)

    @precondition(lambda self: self.queue)
    @rule(data=st.data(), to=st.integers(min_value=1, max_value=8))
    def move(self, data: st.DataObject, to: int) -> None:
        session = data.draw(st.sampled_from(self.queue))
        self.store.move(CAT, session, to)
        self.queue.remove(session)
        self.queue.insert(min(to, len(self.queue) + 1) - 1, session)

    @rule(
        session=SESSIONS,
        status=st.sampled_from(STATUSES),
        at=st.one_of(st.none(), st.integers(min_value=0, max_value=7200)),
    )
    def mark(self, session: str, status: str, at: int | None) -> None:
        self.store.mark(CAT, session, status, at if status == "in-progress" else None)
        self.status[session] = status
        if status == "in-progress":
            if at is not None:
                self.position[session] = at
        else:
            self.position.pop(session, None)

    @rule(session=SESSIONS, rating=st.one_of(st.none(), st.integers(min_value=1, max_value=5)))
    def rate(self, session: str, rating: int | None) -> None:
        self.store.rate(CAT, session, rating)
        if rating is None:
            self.rating.pop(session, None)
        else:
            self.rating[session] = rating

    @rule(session=SESSIONS, text=st.one_of(st.none(), st.text(max_size=40)))
    def note(self, session: str, text: str | None) -> None:
        self.store.note(CAT, session, text)
        if text:
            self.notes[session] = text
        else:
            self.notes.pop(session, None)

    @rule()
    def crash_and_reopen(self) -> None:
        # Drop the connection without a clean close, as a killed process would.
        self.store._conn = None
        self.store = ProgressStore(self.path, clock=self.clock)

    @rule()
    def dump_and_load_into_a_fresh_store(self) -> None:
        text = transfer.dump_text(self.store)
        entries, history = transfer.parse(text.encode(), "dump.json")
        other = self.folder / "other.sqlite3"
        other.unlink(missing_ok=True)
        with ProgressStore(other) as fresh:
            fresh.merge(entries, history)
            again = json.loads(transfer.dump_text(fresh))
        original = json.loads(text)
        assert again["entries"] == original["entries"]
        assert again["history"] == original["history"]

    @rule()
    def load_own_dump_changes_nothing(self) -> None:
        before = self.store.all_entries()
        entries, history = transfer.parse(transfer.dump_text(self.store).encode(), "d")
        merged = self.store.merge(entries, history)
        assert merged.taken == 0 and merged.kept == 0 and merged.same == len(before)
        assert self.store.all_entries() == before

    @invariant()
    def matches_the_model(self) -> None:
        assert [e.session for e in self.store.watchlist(CAT)] == self.queue
        assert [e.watchlist_pos for e in self.store.watchlist(CAT)] == list(
            range(1, len(self.queue) + 1)
        )
        entries = self.store.entries(CAT)
        for session in {f"s{i}" for i in range(6)}:
            entry = entries.get(session)
            status = entry.status if entry else "unwatched"
            assert status == self.status.get(session, "unwatched"), session
            assert (entry.rating if entry else None) == self.rating.get(session), session
            assert (entry.note if entry else None) == self.notes.get(session), session
            assert (entry.position_s if entry else None) == self.position.get(session), session


StoreMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestStoreModel = StoreMachine.TestCase
