"""Undo and redo take back only what their own change wrote, and only while it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.progress.models import Entry
from confplan.progress.store import ChangedElsewhereError, ProgressStore
from confplan.progress.undo import step_between
from tests.helpers import Clock
from tests.tui import Harness, main_screen, settle

CAT = "cat"
SPOTIFY = "eu24-spotify-backend"


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    with ProgressStore(tmp_path / "p.sqlite3", clock=Clock()) as opened:
        yield opened


def other(store: ProgressStore) -> ProgressStore:
    """A second connection: another process's view of the same file."""
    return ProgressStore(store.path, clock=Clock())


def test_undo_of_mark_keeps_what_another_process_saved(store: ProgressStore) -> None:
    before = store.entry(CAT, "a")
    after = store.mark(CAT, "a", "watched")
    step = step_between("a", before, after)
    with other(store) as cli:
        cli.note(CAT, "a", "keep me")
        cli.rate(CAT, "a", 5)
        cli.watch(CAT, ["a"])
    store.take_back(CAT, step)
    entry = store.entry(CAT, "a")
    assert entry.status == "unwatched"
    assert (entry.note, entry.rating, entry.watchlist_pos) == ("keep me", 5, 1)
    assert entry.watched_at is None


def test_undo_refuses_when_its_own_fields_changed_elsewhere(store: ProgressStore) -> None:
    after = store.mark(CAT, "a", "watched")
    step = step_between("a", None, after)
    with other(store) as cli:
        cli.mark(CAT, "a", "in-progress", 60)
    held = store.entry(CAT, "a")
    with pytest.raises(ChangedElsewhereError, match="changed elsewhere"):
        store.take_back(CAT, step)
    assert store.entry(CAT, "a") == held  # nothing touched, not even updated_at


def test_undo_of_watch_survives_renumbering_but_not_a_rewatch(store: ProgressStore) -> None:
    store.watch(CAT, ["x", "y"])
    before = store.entry(CAT, "a")
    (after,) = store.watch(CAT, ["a"])
    step = step_between("a", before, after)
    with other(store) as cli:
        cli.unwatch(CAT, ["x"])  # "a" moves from 3 to 2: not a change to "a"
    store.take_back(CAT, step)
    assert [e.session for e in store.watchlist(CAT)] == ["y"]

    (after,) = store.watch(CAT, ["a"])
    step = step_between("a", None, after)
    with other(store) as cli:
        cli.unwatch(CAT, ["a"])
        cli.watch(CAT, ["a"])  # taken off and added again: a new addition
    with pytest.raises(ChangedElsewhereError):
        store.take_back(CAT, step)
    assert [e.session for e in store.watchlist(CAT)] == ["y", "a"]


def test_undo_and_redo_of_unwatch_and_move(store: ProgressStore) -> None:
    store.watch(CAT, ["a", "b", "c"])
    before = store.entry(CAT, "b")
    (after,) = store.unwatch(CAT, ["b"])
    step = step_between("b", before, after)
    store.take_back(CAT, step)
    assert [e.session for e in store.watchlist(CAT)] == ["a", "b", "c"]
    store.take_back(CAT, step.inverse())  # redo
    assert [e.session for e in store.watchlist(CAT)] == ["a", "c"]

    before = store.entry(CAT, "c")
    after = store.move(CAT, "c", 1)
    step = step_between("c", before, after)
    assert step.describe() == "move to position 1 in the watchlist"
    store.take_back(CAT, step)
    assert [e.session for e in store.watchlist(CAT)] == ["a", "c"]


def test_step_between_lists_only_changed_fields() -> None:
    before = Entry(CAT, "a", note="n", rating=2)
    after = before.with_(rating=4, updated_at="t")
    step = step_between("a", before, after)
    assert step.fields == ("rating",)
    assert step.describe() == "rate 4/5"
    assert step_between("a", before, before.with_(updated_at="later")) is None


async def test_tui_undo_after_cli_changes_loses_nothing(tmp_path: Path, run_cli) -> None:
    """The issue's scenario: x in the TUI; note, rate and watch from a shell; u in the TUI."""
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        with ProgressStore(harness.store_path) as cli:
            cli.note(harness.catalogue.id, SPOTIFY, "keep me")
            cli.rate(harness.catalogue.id, SPOTIFY, 5)
            cli.watch(harness.catalogue.id, [SPOTIFY])
        notes: list[str] = []
        pilot.app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("u")
        await settle(pilot)
        entry = harness.entries()[SPOTIFY]
        assert entry.status == "unwatched"
        assert (entry.note, entry.rating, entry.watchlist_pos) == ("keep me", 5, 1)
        assert notes and notes[-1].startswith("Undone: mark watched · “How Spotify")
        await pilot.press("ctrl+r")
        await settle(pilot)
        entry = harness.entries()[SPOTIFY]
        assert (entry.status, entry.note, entry.rating) == ("watched", "keep me", 5)
        assert notes[-1].startswith("Redone: mark watched")


async def test_tui_undo_refused_when_changed_elsewhere(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r", "3")
        await settle(pilot)
        with ProgressStore(harness.store_path) as cli:
            cli.rate(harness.catalogue.id, SPOTIFY, 1)
        notes: list[str] = []
        pilot.app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("u")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].rating == 1
        assert "Not undone: rate 3/5" in notes[-1]
        assert "changed elsewhere" in notes[-1]
        assert main_screen(pilot).state.undo == []


async def test_tui_undo_names_a_session_filtered_out_of_view(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("slash", *"zzzz-nothing", "enter")
        notes: list[str] = []
        pilot.app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("u")
        await settle(pilot)
        assert harness.queue() == []
        assert notes[-1].startswith("Undone: add to the watchlist · “How Spotify")
        assert len(main_screen(pilot).state.redo) == 1
