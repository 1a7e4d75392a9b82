"""Aliases: when two entries turn out to be one session, both ids lead to it.

A session's `aliases` are the ids of entries merged into it. Every lookup by id
(show, mark, watch, exports, the TUI) resolves an alias to its session, from a parse,
the snapshot or the cache alike. Progress saved under an alias (before the merge) is
the session's: it is read under every id of the session (its own id first, then its
aliases in order) and changes to it are written where it is kept, so neither entry is
lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confplan.catalogue.files import known_sessions
from confplan.opening import load_catalogue
from confplan.planner.state import PlannerState
from confplan.progress.store import ProgressStore
from tests.helpers import MINI, write_catalogue

ALIASED = (
    MINI
    + """\
    duration_min: 30
    duration_source: estimate
    aliases: [s1-old, s1-older]
  - id: s2
    title: Session two
    conference: conf
    event: main
    kind: talk
    duration_min: 40
    duration_source: schedule
"""
)


@pytest.fixture
def catalogue_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_catalogue(tmp_path / "cat", ALIASED)
    monkeypatch.setenv("CONFPLAN_CATALOGUE", str(path))
    return path


def test_a_cached_load_keeps_aliases_and_length_sources(
    catalogue_path: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    parsed = load_catalogue(catalogue_path, cache_dir=cache)
    cached = load_catalogue(catalogue_path, cache_dir=cache)
    assert cached is not parsed and not cached.sessions._made[0]  # really from the cache
    for catalogue in (parsed, cached):
        one = catalogue.get("s1-older")
        assert one is not None and one.id == "s1"
        assert one.aliases == ("s1-old", "s1-older")
        assert (one.duration_min, one.duration_source) == (30, "estimate")
        assert catalogue.get("s2").duration_source == "schedule"  # type: ignore[union-attr]
        assert "s1-old" in catalogue and catalogue.canonical("s1-old") == "s1"
        assert catalogue.duration_min("s1-old") == 30
    known = known_sessions(catalogue_path, cache)
    assert known is not None and "s1-old" in known and known.canonical("s1-old") == "s1"
    assert known.duration_min("s1-older") == 30 and "s3" not in known


def test_show_mark_and_watch_take_an_alias(catalogue_path: Path, run_cli) -> None:
    code, out, _ = run_cli("show", "s1-old")
    assert code == 0 and "Session one" in out and "id: s1" in out
    code, out, _ = run_cli("mark", "s1-old", "watched")
    assert (code, out) == (0, "s1: watched\n")  # no entry under the alias: its own id
    code, out, _ = run_cli("list", "--status", "watched", "--format", "ids")
    assert out.split() == ["s1"]
    code, out, _ = run_cli("show", "s1-older", "--format", "json")
    assert json.loads(out)["progress"]["status"] == "watched"


def test_progress_under_an_alias_is_the_sessions(
    catalogue_path: Path, data_dir: Path, run_cli
) -> None:
    """Progress saved under an id that has since become an alias: shown on the session,
    changed where it is kept, counted once."""
    with ProgressStore(data_dir / "progress.sqlite3") as store:
        store.mark("mini", "s1-older", "watched")
        store.rate("mini", "s1-older", 4)
    code, out, _ = run_cli("show", "s1")
    assert code == 0 and "★★★★" in out and "watched" in out
    assert run_cli("note", "s1", "kept with the rating")[0] == 0
    with ProgressStore(data_dir / "progress.sqlite3") as store:
        entries = store.entries("mini")
    assert set(entries) == {"s1-older"}  # written where the session's progress is
    assert entries["s1-older"].note == "kept with the rating"
    code, out, _ = run_cli("status")
    assert out.splitlines()[1].split()[:2] == ["watched", "1"]
    assert "no longer in this catalogue" not in out  # not an orphan


def test_the_session_id_wins_over_an_alias_and_neither_is_lost(catalogue_path: Path) -> None:
    catalogue = load_catalogue(catalogue_path)
    with ProgressStore(catalogue_path.parent / "p.sqlite3") as store:
        store.rate("mini", "s1-older", 2)
        store.rate("mini", "s1-old", 3)
        entries = store.entries("mini")
        assert catalogue.fold_entries(entries)["s1"].rating == 3  # the first alias in order
        store.rate("mini", "s1", 5)
        entries = store.entries("mini")
    folded = catalogue.fold_entries(entries)
    assert set(folded) == {"s1"} and folded["s1"].rating == 5
    assert set(entries) == {"s1", "s1-old", "s1-older"}  # every entry kept
    state = PlannerState(catalogue, entries, scope="all")
    assert state.entries["s1"].rating == 5 and state.entry_key("s1-old") == "s1"
    assert len(state.watchlist()) == 0


def test_the_planner_writes_where_the_entry_is(catalogue_path: Path) -> None:
    catalogue = load_catalogue(catalogue_path)
    with ProgressStore(catalogue_path.parent / "p.sqlite3") as store:
        store.watch("mini", ["s1-old"])
        state = PlannerState(catalogue, store.entries("mini"), scope="all")
    assert state.entry_key("s1") == "s1-old"
    assert [session.id for _, session in state.watchlist()] == ["s1"]
    assert state.entries["s1"].on_watchlist


ALIAS_PROBLEMS = {
    "an alias that is a session's id": (
        "aliases: [s2]",
        "36:15: sessions[0].aliases[0]: alias 's2' is the id of a session (sessions[1].id)",
    ),
    "an alias twice": (
        "aliases: [s1-old, s1-old]",
        "36:23: sessions[0].aliases[1]: alias 's1-old' is already an alias "
        "(sessions[0].aliases[0])",
    ),
}


@pytest.mark.parametrize("name", list(ALIAS_PROBLEMS))
def test_the_schema_refuses_an_alias_that_repeats_an_id(name: str, tmp_path: Path, run_cli) -> None:
    replacement, expected = ALIAS_PROBLEMS[name]
    text = ALIASED.replace("aliases: [s1-old, s1-older]", replacement)
    path = write_catalogue(tmp_path / "bad", text)
    code, out, err = run_cli("validate", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"{path}:{expected}"]


def test_an_alias_of_another_session_is_refused(tmp_path: Path, run_cli) -> None:
    text = ALIASED + "    aliases: [s1-old]\n"
    path = write_catalogue(tmp_path / "bad", text)
    code, _, err = run_cli("validate", str(path))
    assert code == 2
    assert (
        "sessions[1].aliases[0]: alias 's1-old' is already an alias (sessions[0].aliases[0])" in err
    )
