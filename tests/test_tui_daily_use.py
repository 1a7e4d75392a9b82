"""The TUI does what it says: the watchlist's session, the first match, small screens,
links without a browser, preferences that survive a restart, pane keys, empty themes."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Static

from confplan.tui.app import ConfplanApp
from confplan.tui.screens.help import HelpScreen
from confplan.tui.widgets.key_bar import KeyBar
from confplan.tui.widgets.panes import DetailsPane
from confplan.tui.widgets.side_lists import ThemeList, WatchlistPane
from tests.tui import Harness, current_id, main_screen, settle, table

SPOTIFY = "eu24-spotify-backend"
DETOUR = "eu24-ten-year-detour"


async def test_enter_from_the_watchlist_shows_and_acts_on_its_session(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "w")  # the watchlist holds DETOUR; the list is on DETOUR
        await settle(pilot)
        await pilot.press("k")  # the list moves back to SPOTIFY
        await pilot.press("4")
        assert isinstance(pilot.app.focused, WatchlistPane)
        await pilot.press("enter")
        assert isinstance(pilot.app.focused, DetailsPane)
        assert "A 10-year Detour" in main_screen(pilot).query_one(DetailsPane).text
        assert current_id(pilot) == DETOUR
        await pilot.press("x")  # acts on the watchlist's session, not the list's
        await settle(pilot)
        entries = harness.entries()
        assert entries[DETOUR].status == "watched"
        assert SPOTIFY not in entries
        await pilot.press("2")  # back to the list: its session again
        assert current_id(pilot) == SPOTIFY


async def test_filter_and_theme_put_the_cursor_on_the_first_match(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        assert table(pilot).cursor > 0
        await pilot.press("slash", *"platform", "enter")
        assert table(pilot).cursor == 0
        assert current_id(pilot) == main_screen(pilot).state.session_at(0).id
        await pilot.press("escape", "G", "1", "j", "enter")  # themes: the first real theme
        assert table(pilot).cursor == 0
        assert main_screen(pilot).state.theme is not None


async def test_a_terminal_too_small_ignores_keys_that_change_data(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        await pilot.press("w", "x", "r", "3")
        await settle(pilot)
        assert harness.entries() == {}
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert harness.queue() == [SPOTIFY]


async def test_at_80x24_the_key_bar_keeps_help_and_quit_and_the_header_its_counts(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        bar = str(screen.query_one(KeyBar).visual)
        assert "? Keys" in bar and "q Quit" in bar
        assert len(bar.rstrip()) <= 78
        header = str(screen.query_one("#title-bar", Static).visual)
        assert "● 0 watched" in header and "○ 48 to go" in header
        assert len(header) <= 80


async def test_open_without_a_browser_offers_to_copy(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    harness.app._open_url = lambda url: False  # no browser could be started
    notes: list[str] = []
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("o")
        assert "Could not open a browser" in notes[-1] and "Press c to copy" in notes[-1]
        await pilot.press("c")
        assert pilot.app.clipboard == "https://www.youtube.com/watch?v=Iw5Tox2H87A"
        assert notes[-1].startswith("Copied the recording link")


def _app(harness: Harness, config: Path) -> ConfplanApp:
    return ConfplanApp(
        harness.store, harness.catalogue, cursor_blink=False, preferences_path=config
    )


async def test_theme_and_sort_survive_a_restart(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    config = tmp_path / "config" / "config.toml"
    app = _app(harness, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")  # consensus -> date
        pilot.app.theme = "textual-light"
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    text = config.read_text()
    assert 'sort = "date"' in text and 'theme = "textual-light"' in text
    again = _app(harness, config)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-light"
        assert main_screen(pilot).state.sort == "date"


async def test_a_broken_config_is_reported_and_ignored(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text('theme = "unclosed\nsort = 3\n')
    app = _app(harness, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]
        assert any(str(config) in m and "preferences ignored" in m for m in messages)
        assert main_screen(pilot).state.sort == "consensus"
        await pilot.press("w")
        await settle(pilot)
        assert harness.queue() == [SPOTIFY]  # the app works as usual


async def test_number_keys_jump_to_panes_and_ctrl_c_quits(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panes = ("themes", "details", "watchlist", "progress", "sessions")
        for key, pane in zip("13452", panes, strict=True):
            await pilot.press(key)
            assert pilot.app.focused.id == pane
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert pilot.app.return_code == 0
        assert not pilot.app.is_running


async def test_help_scrolls_to_the_end_with_G_and_End(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        scroller = pilot.app.screen.query_one("#help", VerticalScroll)
        assert scroller.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y


async def test_themes_with_no_sessions_are_dimmed_and_explained(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        themes = screen.query_one(ThemeList)
        empty = [c for c in screen.state.theme_counts() if c.total == 0]
        assert empty, "the bundled catalogue has themes that no session covers"
        index = next(
            i for i in range(themes.option_count) if themes.theme_at(i) == empty[0].theme_id
        )
        assert "no sessions yet" in str(themes.get_option_at_index(index).prompt)
        await pilot.press("1")
        themes.highlighted = index
        await pilot.pause()
        details = screen.query_one(DetailsPane).text
        assert "No sessions on this theme yet" in details
