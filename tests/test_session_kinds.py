"""Kinds in the product: logistics and cancelled sessions leave the default list and the
recommended sessions, are dimmed where shown and never count as something to watch; a
co-located event's whole day is listed as one entry, and is not a talk either."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.opening import load_catalogue
from confplan.planner.state import PROGRAMME, PlannerState
from confplan.progress.store import ProgressStore
from confplan.progress.summary import summarise
from tests.helpers import MINI, write_catalogue
from tests.tui import Harness, main_screen, settle


def _session(sid: str, kind: str, title: str, extra: str = "") -> str:
    return (
        f"  - id: {sid}\n    title: '{title}'\n    conference: conf\n    event: main\n"
        f"    kind: {kind}\n    duration_min: 30\n{extra}"
    )


RECOMMENDED = "    recommended_by:\n      - recap: r1\n        lines: [1, 2]\n        why: Go.\n"
KINDS = (
    MINI
    + _session("badge", "logistics", "Badge Pick-Up", RECOMMENDED)
    + _session("gone", "cancelled", "CANCELLED: A talk")
    + _session("day", "co-located", "ArgoCon - Full Day Event")
    + _session("talk2", "talk", "Another talk")
)


@pytest.fixture
def catalogue_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_catalogue(tmp_path / "cat", KINDS)
    monkeypatch.setenv("CONFPLAN_CATALOGUE", str(path))
    return path


def test_the_default_list_leaves_out_logistics_and_cancelled(catalogue_path: Path, run_cli) -> None:
    code, out, _ = run_cli("list", "--format", "ids")
    assert (code, sorted(out.split())) == (0, ["day", "s1", "talk2"])
    code, out, _ = run_cli("list")
    assert "event day: ArgoCon" in out
    assert (
        out.splitlines()[-1]
        == "3 of 5 sessions (2 logistics or cancelled left out: --all shows them)"
    )
    code, out, _ = run_cli("list", "--all", "--format", "ids")
    assert sorted(out.split()) == ["badge", "day", "gone", "s1", "talk2"]
    code, out, _ = run_cli("list", "--all")
    assert "logistics: Badge Pick-Up" in out and "CANCELLED: A talk" in out
    assert "cancelled: CANCELLED" not in out  # said once
    code, out, _ = run_cli("list", "--kind", "logistics", "--kind", "canceled", "--format", "ids")
    assert sorted(out.split()) == ["badge", "gone"]
    code, out, _ = run_cli("list", "--kind", "event day", "--format", "ids")
    assert out.split() == ["day"]
    code, _, err = run_cli("list", "--kind", "gig")
    assert code == 2 and "unknown kind 'gig'" in err


def test_a_logistics_session_on_the_watchlist_is_listed_there(
    catalogue_path: Path, run_cli
) -> None:
    assert run_cli("watch", "badge", "talk2")[0] == 0
    _, out, _ = run_cli("list", "--watchlist", "--format", "ids")
    assert out.split() == ["badge", "talk2"]
    _, out, _ = run_cli("status")
    assert "watchlist     2 sessions, 30m left" in out  # badge pick-up is nothing to watch


def test_status_counts_talks_only(catalogue_path: Path, run_cli) -> None:
    assert run_cli("mark", "gone", "watched")[0] == 0
    assert run_cli("mark", "s1", "watched")[0] == 0
    _, out, _ = run_cli("status")
    lines = out.splitlines()
    assert lines[0].endswith(": 5 sessions, 2 talks to watch")
    assert lines[1].split()[:2] == ["watched", "1"]
    assert lines[3].split()[:2] == ["unwatched", "1"]
    assert "  not counted   1 co-located event day, 1 logistics entry, 1 cancelled session" in lines
    assert "time left     30m" in out  # talk2; not the badge pick-up, the day or the cancelled


def test_the_planner_counts_and_scopes(catalogue_path: Path) -> None:
    catalogue = load_catalogue(catalogue_path)
    with ProgressStore(catalogue_path.parent / "p.sqlite3") as store:
        store.watch("mini", ["badge", "talk2"])
        store.mark("mini", "gone", "watched")
        entries = store.entries("mini")
    state = PlannerState(catalogue, entries)
    ids = [catalogue.sessions[i].id for i in state.view]
    assert ids == ["s1"]  # recommended: the badge pick-up, though recommended, is not
    assert state.counts() == {"unwatched": 1, "in-progress": 0, "watched": 0}
    state.set_scope(PROGRAMME)
    assert len(state.view) == 5  # the whole programme shows everything (dimmed)
    assert state.counts() == {"unwatched": 2, "in-progress": 0, "watched": 0}
    left = state.queue_minutes_left()
    assert (left.known, left.estimated, left.unknown) == (30, 0, 0)
    summary = summarise(catalogue, entries)
    assert summary.total == 2 and summary.not_talks == {
        "logistics": 1,
        "cancelled": 1,
        "co-located": 1,
    }


async def test_logistics_rows_are_dimmed(catalogue_path: Path, tmp_path: Path) -> None:
    harness = Harness(tmp_path, load_catalogue(catalogue_path))
    async with harness.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("p")
        await settle(pilot)
        table = screen.query_one("#sessions")
        palette = table._make_palette()
        rows = {}
        for index in screen.state.view:
            session = screen.state.catalogue.sessions[index]
            segments = table._row_segments(session, None, 100, False, palette)
            title = next(s for s in segments if session.listed_title()[:10] in s.text)
            rows[session.id] = (title.text, title.style)
        assert rows["badge"][1] == palette["dim"] and rows["gone"][1] == palette["dim"]
        assert rows["talk2"][1] == palette["base"] and rows["day"][1] == palette["base"]
        assert rows["day"][0].startswith("event day: ArgoCon")


def test_logistics_on_the_watchlist_is_never_next_nor_a_clash(tmp_path: Path) -> None:
    import datetime

    from confplan import agenda

    start = "    start: 2024-01-02T10:00:00+01:00\n"
    text = (
        MINI.replace("    themes: [t1]\n", f"    themes: [t1]\n    duration_min: 30\n{start}")
        + _session("badge", "logistics", "Badge Pick-Up", start)
        + _session("gone", "cancelled", "CANCELLED: A talk", start)
    )
    catalogue = load_catalogue(write_catalogue(tmp_path / "timed", text))
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.watch("mini", ["badge", "gone", "s1"])
        entries = store.entries("mini")
    slot_of = agenda.Timetable(catalogue).by_id.get
    assert agenda.clashes(slot_of, entries) == {}
    at = datetime.datetime(2024, 1, 2, 8, 0, tzinfo=datetime.UTC)
    assert [s.id for s in agenda.now_and_next(slot_of, entries, at).next] == ["s1"]
