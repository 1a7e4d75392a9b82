"""The agenda in the TUI (issue 23): the day it opens on, `/` filtering without losing
or misplacing keys, track and room filters, "my day", the room-by-time grid, rooms
without their shared suffix, tracks on the rows, the now/next line in one line."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from confplan.opening import load_catalogue
from confplan.tui.screens.agenda import AgendaList, AgendaScreen
from confplan.tui.screens.agenda_grid import AgendaGrid
from confplan.tui.widgets.fields import FilterInput
from tests.test_agenda_views import CET, SUFFIX, schedule
from tests.tui import Harness, plain, settle

DURING = datetime.datetime(2026, 3, 24, 10, 5, tzinfo=CET)


def make_harness(tmp_path: Path, now: datetime.datetime = DURING, **options: object) -> Harness:
    path = tmp_path / "con.ics"
    path.write_text(schedule(), encoding="utf-8")
    catalogue = load_catalogue(path, cache_dir=None)
    harness = Harness(tmp_path, catalogue, now=now, **options)
    harness.store.watch(catalogue.id, ["keynote", "ebpf", "wasm", "late"])
    return harness


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return make_harness(tmp_path)


async def open_agenda(pilot) -> AgendaScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


def shown_ids(screen: AgendaScreen) -> list[str]:
    return [r for r in screen._rows if r is not None]


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (DURING, datetime.date(2026, 3, 24)),
        (datetime.datetime(2026, 3, 25, 11, 0, tzinfo=CET), datetime.date(2026, 3, 25)),
        (datetime.datetime(2026, 3, 10, 9, 0, tzinfo=CET), datetime.date(2026, 3, 24)),
        (datetime.datetime(2026, 9, 1, 9, 0, tzinfo=CET), datetime.date(2026, 3, 24)),
    ],
    ids=["first-day", "second-day", "before", "after"],
)
async def test_opens_on_today_during_the_conference_else_the_first_day(
    tmp_path: Path, now: datetime.datetime, day: datetime.date
) -> None:
    harness = make_harness(tmp_path, now)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        screen = await open_agenda(pilot)
        assert screen.day == day


async def test_rooms_lose_their_shared_suffix_and_rows_show_the_track(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        screen = await open_agenda(pilot)
        listing = screen.query_one(AgendaList)
        texts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        wasm = next(t for t in texts if t.startswith("10:15"))
        assert "Hall 1-5 | Solutions Showcase" in wasm and "Amsterdam" not in wasm
        assert "Apps" in wasm
        assert "Security" in next(t for t in texts if t.startswith("10:00–10:45"))
        # the details keep the whole name
        while screen.current_id() != "wasm":
            await pilot.press("j")
        assert "Solutions Showcase" + SUFFIX in plain(screen.query_one("#agenda-detail"))


async def test_a_typed_burst_filters_and_never_jumps_days(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        screen = await open_agenda(pilot)
        day = screen.day
        # h and l change days, t goes to today, w and L change the store: typed here.
        await pilot.press("slash", *"helm", "enter", "w")
        await settle(pilot)
        field = screen.query_one(FilterInput)
        assert field.value == "helm" and screen.view.text == "helm"
        assert screen.day == day
        assert shown_ids(screen) == ["helm"]
        assert harness.entries()["helm"].on_watchlist  # w, after Enter, acted on the row
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"talk", "down")
        assert screen.view.text == "talk" and shown_ids(screen) == ["late"]
        assert screen.focused is screen.query_one(AgendaList)
        await pilot.press("escape")  # clears the filter
        assert screen.view.text == "" and len(shown_ids(screen)) == 6
        assert isinstance(pilot.app.screen, AgendaScreen)
        await pilot.press("slash", *"zzz", "enter")
        assert "Nothing on this day matches" in str(
            screen.query_one(AgendaList).get_option_at_index(0).prompt
        )
        await pilot.press("escape", "escape")  # clears, then back to the sessions
        assert not isinstance(pilot.app.screen, AgendaScreen)


async def test_keys_typed_as_the_agenda_opens_are_all_kept(harness: Harness) -> None:
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", "slash", *"wasm every", "enter", "m", "v")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgendaScreen)
        assert screen.view.text == "wasm every" and screen.view.mine and screen.grid_mode
        assert screen.current_id() == "wasm"


async def test_track_room_and_my_day_filters(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("T")  # the first track, by name: Apps
        assert screen.view.track == "Apps"
        assert shown_ids(screen) == ["helm", "wasm"]
        assert "track Apps" in plain(screen.query_one("#agenda-title"))
        await pilot.press("m")  # my day: the watchlist only
        assert shown_ids(screen) == ["wasm"]
        await pilot.press("T", "T", "T")  # Keynote, Security, then every track
        assert screen.view.track is None
        assert shown_ids(screen) == ["keynote", "ebpf", "wasm", "late"]
        await pilot.press("m", "R")  # rooms in natural order: Bar first
        assert screen.view.room == "Bar" + SUFFIX
        assert shown_ids(screen) == ["late"]
        assert "room Bar" in plain(screen.query_one("#agenda-title"))
        await pilot.press("escape")  # clears every choice
        assert not screen.view.narrowed and len(shown_ids(screen)) == 6


async def test_the_grid_has_a_column_per_room_and_moves_both_ways(harness: Harness) -> None:
    async with harness.app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("v")
        grid = screen.query_one(AgendaGrid)
        assert grid.display and not screen.query_one(AgendaList).display
        assert screen.focused is grid
        names = [screen.short(r) for r in grid.grid.rooms]
        assert names == ["Bar", "Hall 1-5 | Solutions Showcase", "Hall 12", "Room 2", "Room 10"]
        assert [f"{t:%H:%M}" for t in grid.grid.times] == [
            "09:00", "10:00", "10:15", "12:30", "00:30"
        ]  # fmt: skip
        assert screen.current_id() == "wasm"  # the session highlighted in the list
        await pilot.press("l")  # the next room, at this time: still busy with keynote? no
        assert screen.current_id() == "keynote"  # Hall 12: its session at or before 10:15
        await pilot.press("j")
        assert screen.current_id() == "lunch"
        await pilot.press("l", "l")
        assert screen.current_id() == "ebpf" and grid.scroll_offset.x > 0  # scrolled right
        await pilot.press("h", "h", "h", "h")
        assert screen.current_id() == "late" and grid.scroll_offset.x == 0
        await pilot.press("right_square_bracket")  # ] is the next day in the grid
        assert screen.day == datetime.date(2026, 3, 25)
        await pilot.press("left_square_bracket", "w")
        await settle(pilot)
        assert screen.day == datetime.date(2026, 3, 24)
        assert harness.entries()[screen.current_id() or ""].on_watchlist is not None
        await pilot.press("t")  # now: 10:05, the first session still on
        assert screen.current_id() == "helm"
        await pilot.press("v")
        assert screen.query_one(AgendaList).display and not grid.display


async def test_the_grid_scrolls_down_to_the_last_row(tmp_path: Path) -> None:
    events = tuple(
        (f"s{i}", f"20260324T{9 + i // 4:02d}{(i % 4) * 15:02d}00", 15, "Room 1", "", f"T{i}")
        for i in range(30)
    )
    path = tmp_path / "long.ics"
    path.write_text(schedule(events), encoding="utf-8")
    harness = Harness(tmp_path, load_catalogue(path, cache_dir=None), now=DURING)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("v", "G")
        grid = screen.query_one(AgendaGrid)
        assert screen.current_id() == "s29" and grid.scroll_offset.y > 0
        await pilot.press("g")
        assert screen.current_id() == "s0" and grid.scroll_offset.y == 0


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_now_and_next_is_one_line_never_cut(tmp_path: Path, width: int) -> None:
    harness = make_harness(tmp_path)
    async with harness.app.run_test(size=(width, 24)) as pilot:
        screen = await open_agenda(pilot)
        panel = screen.query_one("#agenda-now")
        text = plain(panel)
        assert "\n" not in text and "Now " in text and "Next " in text
        assert panel.size.height == 1
        assert len(text) <= panel.size.width  # shortened parts, not a cut line
        assert "10:00" in text and "10:15" in text


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
def test_the_now_next_line_with_many_sessions_fits_and_says_how_many_more(
    tmp_path: Path, width: int
) -> None:
    from confplan.agenda import NowNext, Timetable
    from confplan.agenda_views import RoomNames
    from confplan.tui.screens.agenda_rows import now_next_line

    path = tmp_path / "con.ics"
    path.write_text(schedule(), encoding="utf-8")
    table = Timetable(load_catalogue(path, cache_dir=None))
    running = tuple(table.by_id[i] for i in ("keynote", "helm", "ebpf", "wasm"))
    line = now_next_line(NowNext(running, (table.by_id["lunch"],)), RoomNames(SUFFIX), width)
    text = line.plain
    assert line.cell_length <= width and "\n" not in text
    assert text.startswith("Now 09:00 ") and "Next 12:30 " in text
    if width < 100:
        assert "+" in text  # fewer sessions, and how many more
    if width >= 160:
        assert "+" not in text and text.count("(") == 5  # all four, and their rooms
