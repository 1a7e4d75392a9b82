"""The agenda in the TUI: days, the clash flagged everywhere, choosing, undo (its
snapshots are in test_agenda_snapshots.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from confplan.opening import load_catalogue
from confplan.progress.models import ATTEND, LATER
from confplan.tui.screens.agenda import AgendaScreen
from confplan.tui.widgets.panes import DetailsPane
from tests.helpers import write_catalogue
from tests.test_agenda import AMS, ics
from tests.tui import Harness, main_screen, plain, settle

EVENTS = (
    ("keynote", "20260324T090000", 30, "Hall 1"),
    ("ebpf", "20260324T100000", 30, "Room A"),
    ("wasm", "20260324T101500", 30, "Room B"),  # clashes with ebpf
    ("lunch", "20260324T123000", 60, "Hall 1"),
    ("late", "20260325T003000", 30, "Bar"),  # after midnight: still the 24th
    ("friday", "20260325T093000", 45, "Room A"),
)
NOW = datetime.datetime(2026, 3, 24, 10, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    path = tmp_path / "con.ics"
    path.write_text(ics(*EVENTS), encoding="utf-8")
    catalogue = load_catalogue(path, cache_dir=None)
    harness = Harness(tmp_path, catalogue, now=NOW)
    harness.store.watch(catalogue.id, ["keynote", "ebpf", "wasm", "late", "friday"])
    return harness


def agenda_screen(pilot) -> AgendaScreen:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


async def test_agenda_days_clash_choice_and_undo(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = plain(main_screen(pilot).query_one("#title-bar"))
        assert "⚠ 1 clash" in header
        await pilot.press("a")
        screen = agenda_screen(pilot)
        title = plain(screen.query_one("#agenda-title"))
        assert "Tue 24 Mar 2026" in title and "day 1 of 2" in title and AMS in title
        assert "⚠ 1 clash" in title
        # The conference is on (--now): the "now" line sits before what starts later,
        # and the highlight is on the first session after it.
        assert screen._rows.index(None) == 2  # after keynote (09:00) and ebpf (10:00)
        assert screen.current_id() == "wasm"
        now_panel = plain(screen.query_one("#agenda-now"))
        assert "Now" in now_panel and "Talk ebpf" in now_panel and "Next" in now_panel
        assert screen._rows[-1] == "late"  # 00:30 belongs to the evening before
        await pilot.press("enter")  # attend wasm: ebpf goes to watch later
        await settle(pilot)
        entries = harness.entries()
        assert entries["wasm"].plan == ATTEND and entries["ebpf"].plan == LATER
        assert entries["ebpf"].watchlist_pos is not None  # still on the watchlist
        assert "clash" not in plain(screen.query_one("#agenda-title"))
        await pilot.press("u")
        await settle(pilot)
        entries = harness.entries()
        assert entries["wasm"].plan is None and entries["ebpf"].plan is None
        assert "⚠ 1 clash" in plain(screen.query_one("#agenda-title"))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert harness.entries()["ebpf"].plan == LATER
        await pilot.press("l")
        assert "Wed 25 Mar 2026" in plain(screen.query_one("#agenda-title"))
        assert screen._rows == ["friday"]  # not the conference's "today": no now line
        await pilot.press("l", "right_square_bracket")  # no day after the last
        assert "day 2 of 2" in plain(screen.query_one("#agenda-title"))
        await pilot.press("h", "t")
        assert screen.day == datetime.date(2026, 3, 24)
        # L plans the highlighted session for later, and again takes it back.
        await pilot.press("k", "k")
        assert screen.current_id() == "keynote"
        await pilot.press("L")
        await settle(pilot)
        assert harness.entries()["keynote"].plan == LATER
        await pilot.press("L")
        await settle(pilot)
        assert harness.entries()["keynote"].plan is None
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, AgendaScreen)


async def test_the_watchlist_and_details_name_the_other_session(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")  # the watchlist pane
        await pilot.press("j")
        screen = main_screen(pilot)
        details = screen.query_one(DetailsPane).text
        assert "clash" in details and "Talk wasm" in details
        queue = screen.query_one("#watchlist")
        texts = [str(queue.get_option_at_index(i).prompt) for i in range(queue.option_count)]
        assert any("⚠ clashes with Talk" in t for t in texts), texts


async def test_an_untimed_catalogue_explains_itself(tmp_path: Path) -> None:
    # a catalogue without times (the bundled one has KubeCon EU 2026's)
    harness = Harness(tmp_path, load_catalogue(write_catalogue(tmp_path / "untimed")))
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        screen = agenda_screen(pilot)
        assert "its sessions have no times" in plain(screen.query_one("#agenda-empty"))
        await pilot.press("w", "l", "enter")  # nothing to act on; nothing breaks
        await settle(pilot)
        assert harness.entries() == {}
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, AgendaScreen)


async def test_the_zone_shown_follows_tz(tmp_path: Path) -> None:
    path = tmp_path / "con.ics"
    path.write_text(ics(*EVENTS), encoding="utf-8")
    harness = Harness(tmp_path, load_catalogue(path, cache_dir=None), time_zone="Asia/Tokyo")
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        screen = agenda_screen(pilot)
        assert "Asia/Tokyo" in plain(screen.query_one("#agenda-title"))
        first = screen.timetable.slots[0]
        assert f"{first.start:%H:%M}" == "17:00"  # 09:00 in Amsterdam (+01:00)
