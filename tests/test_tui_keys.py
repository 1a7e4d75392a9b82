"""Every key of the TUI contract, asserting on the store and on what the widgets show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from confplan.tui.screens.dialogs import NoteDialog, RateDialog, ResumeDialog
from confplan.tui.screens.help import HelpScreen
from confplan.tui.widgets.panes import DetailsPane
from confplan.tui.widgets.side_lists import ThemeList, WatchlistPane
from tests.tui import (
    Harness,
    current_id,
    dialog_ready,
    main_screen,
    palette_searched,
    plain,
    settle,
    table,
    until,
    visible_rows,
)

SPOTIFY = "eu24-spotify-backend"
DETOUR = "eu24-ten-year-detour"
APPMOD = "eu24-app-modernization"


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


async def test_movement_keys(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert current_id(pilot) == SPOTIFY  # most recommended first
        await pilot.press("j")
        assert current_id(pilot) == DETOUR
        await pilot.press("down", "k")
        assert current_id(pilot) == DETOUR
        await pilot.press("up")
        assert current_id(pilot) == SPOTIFY
        await pilot.press("G")
        assert table(pilot).cursor == len(main_screen(pilot).state.in_scope()) - 1
        await pilot.press("g")
        assert table(pilot).cursor == 0
        details = main_screen(pilot).query_one(DetailsPane)
        assert "How Spotify Re-Created Our Entire Backend" in details.text


async def test_tab_cycles_panes_and_enter_escape(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        order = []
        for _ in range(5):
            await pilot.press("tab")
            order.append(pilot.app.focused.id)
        assert order == ["details", "watchlist", "progress", "themes", "sessions"]
        await pilot.press("shift+tab")
        assert pilot.app.focused.id == "themes"
        await pilot.press("tab", "enter")
        assert isinstance(pilot.app.focused, DetailsPane)
        await pilot.press("escape")
        assert pilot.app.focused.id == "sessions"


async def test_filter_as_you_type_and_escape_clears(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"selajev")  # accent-insensitive: Šelajev
        screen = main_screen(pilot)
        assert "Simplified Inner and Outer" in visible_rows(pilot)[0]
        assert len(screen.state.view) == 1
        await pilot.press(*["backspace"] * 6)
        assert len(screen.state.view) > 10  # "s": updated on every keystroke
        await pilot.press("enter")
        assert pilot.app.focused is table(pilot)
        assert screen.query_one("#filter", Input).value == "s"
        await pilot.press("escape")
        assert screen.query_one("#filter", Input).value == ""
        assert len(screen.state.view) == len(screen.state.in_scope())


async def test_filter_matches_company_event_and_theme(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        for text, expected in [
            ("chainguard", {"eu24-modern-container-images"}),  # affiliation
            ("argocon", {"eu24-argo-elastic"}),  # event
            ("data on kubernetes", {"eu24-k8s-data-platform"}),  # theme
        ]:
            await pilot.press("slash", *text)
            found = {screen.state.catalogue.sessions[i].id for i in screen.state.view}
            assert found == expected, text
            await pilot.press("escape")


async def test_watchlist_add_remove_and_reorder(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w", "j", "w", "j", "w")
        await settle(pilot)
        assert harness.queue() == [SPOTIFY, DETOUR, APPMOD]
        await pilot.press("K", "K")
        await settle(pilot)
        assert harness.queue() == [APPMOD, SPOTIFY, DETOUR]
        await pilot.press("J")
        await settle(pilot)
        assert harness.queue() == [SPOTIFY, APPMOD, DETOUR]
        watchlist = main_screen(pilot).query_one(WatchlistPane)
        assert watchlist.option_count == 3
        assert "3 queued" in str(watchlist.border_subtitle)
        await pilot.press("w")  # off again
        await settle(pilot)
        assert harness.queue() == [SPOTIFY, DETOUR]
        assert "★" in visible_rows(pilot)[0] and "★" not in visible_rows(pilot)[2]


async def test_reorder_from_the_watchlist_pane_keeps_the_highlight(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w", "j", "w", "j", "w")
        await settle(pilot)
        screen = main_screen(pilot)
        screen.set_focus(screen.query_one(WatchlistPane))
        await pilot.press("G")
        assert current_id(pilot) == APPMOD
        await pilot.press("K")
        await settle(pilot)
        assert harness.queue() == [SPOTIFY, APPMOD, DETOUR]
        assert current_id(pilot) == APPMOD


async def test_watched_toggle_and_in_progress(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].status == "watched"
        assert visible_rows(pilot)[0].lstrip().startswith("●")
        await pilot.press("x")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].status == "unwatched"
        await pilot.press("j", "s")
        assert isinstance(pilot.app.screen, ResumeDialog)
        await pilot.press(*"12:30", "enter")
        await settle(pilot)
        entry = harness.entries()[DETOUR]
        assert (entry.status, entry.position_s) == ("in-progress", 750)
        details = main_screen(pilot).query_one(DetailsPane).text
        assert "in progress, resume at 12:30" in details
        await pilot.press("j", "s", "enter")  # no resume point
        await settle(pilot)
        assert harness.entries()[APPMOD].status == "in-progress"
        assert harness.entries()[APPMOD].position_s is None


async def test_resume_dialog_rejects_bad_times_and_escape_cancels(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"12:75", "enter")
        assert isinstance(pilot.app.screen, ResumeDialog)
        hint = pilot.app.screen.query_one("#resume-hint")
        assert "59" in plain(hint)
        await pilot.press("escape")
        await settle(pilot)
        assert SPOTIFY not in harness.entries()


async def test_undo_is_repeatable(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w", "x", "r", "3")
        await settle(pilot)
        entry = harness.entries()[SPOTIFY]
        assert (entry.watchlist_pos, entry.status, entry.rating) == (1, "watched", 3)
        await pilot.press("u")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].rating is None
        await pilot.press("u")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].status == "unwatched"
        await pilot.press("u")
        await settle(pilot)
        assert harness.queue() == []
        await pilot.press("u")  # nothing left: a message, no error
        await settle(pilot)
        assert harness.queue() == []


async def test_rate_and_note(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(pilot.app.screen, RateDialog)
        await pilot.press("4")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].rating == 4
        await pilot.press("r", "0")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].rating is None
        await pilot.press("n")
        assert isinstance(pilot.app.screen, NoteDialog)
        await pilot.press(*"share [b]it[/b]", "ctrl+s")
        await settle(pilot)
        assert harness.entries()[SPOTIFY].note == "share [b]it[/b]"
        details = main_screen(pilot).query_one(DetailsPane).text
        assert "share [b]it[/b]" in details
        await pilot.press("n", "x", "escape")  # cancelled: unchanged
        await settle(pilot)
        assert harness.entries()[SPOTIFY].note == "share [b]it[/b]"


async def test_open_recording_and_search(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert harness.opened == ["https://www.youtube.com/watch?v=Iw5Tox2H87A"]
        await pilot.press("j", "j", "o")  # Application Modernization: only a search
        assert harness.opened[-1].startswith("https://www.youtube.com/results?search_query=")


async def test_help_lists_the_live_bindings(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = plain(pilot.app.screen.query_one("#help-keys"))
        for binding in main_screen(pilot).BINDINGS:
            assert (binding.tooltip or binding.description) in text  # type: ignore[union-attr]
        for key in [
            "j",
            "k",
            "g",
            "G",
            "tab",
            "⏎",
            "/",
            "w",
            "J",
            "K",
            "x",
            "s",
            "u",
            "r",
            "n",
            "o",
            "?",
            "^p",
            "q",
        ]:
            assert f"{key} " in text or f" {key}" in text, key
        await pilot.press("escape")
        assert pilot.app.screen is main_screen(pilot)


async def test_command_palette_runs_actions_by_name(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Watchlist")
        await palette_searched(pilot, "Watchlist")
        await pilot.press("enter")
        await settle(pilot)
        assert harness.queue() == [SPOTIFY]


async def test_sort_cycles(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("S")
        assert screen.state.sort == "date"
        await pilot.press("S")
        assert screen.state.sort == "title"
        titles = [screen.state.catalogue.sessions[i].title.casefold() for i in screen.state.view]
        assert titles == sorted(titles)
        await pilot.press("S")
        assert screen.state.sort == "duration"
        shown = [screen.state.catalogue.sessions[i] for i in screen.state.view]
        known = [s.duration_min for s in shown if s.duration_min is not None]
        assert shown[0].duration_min == min(known)  # the shortest known first
        assert [s.duration_min for s in shown[: len(known)]] == sorted(known)
        assert current_id(pilot) == SPOTIFY  # the cursor stays on its session


async def test_choosing_a_theme_filters(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.set_focus(screen.query_one(ThemeList))
        await pilot.press("j")  # Platform engineering
        expected = sum(
            "platform-engineering" in s.themes for s in harness.catalogue if s.recommended_by
        )
        assert len(screen.state.view) == expected
        await pilot.press("enter")
        assert pilot.app.focused is table(pilot)
        await pilot.press("escape")  # back to all themes
        assert len(screen.state.view) == len(screen.state.in_scope())


async def test_quit_keeps_everything(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w", "x", "q")
    assert harness.app.return_code == 0
    assert harness.queue() == [SPOTIFY]
    harness.store.close()
    again = Harness(tmp_path)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert visible_rows(pilot)[0].lstrip().startswith("● ★")


async def test_changes_from_another_process_appear(harness: Harness) -> None:
    from confplan.progress.store import ProgressStore

    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with ProgressStore(harness.store_path) as cli:
            cli.watch("kubecon-recaps", [DETOUR])
            cli.mark("kubecon-recaps", DETOUR, "watched")
        await until(  # the store is polled twice a second
            lambda: main_screen(pilot).state.status(DETOUR) == "watched",
            "the other process's change to appear",
        )
        assert main_screen(pilot).query_one(WatchlistPane).option_count == 1


async def test_a_failed_write_is_shown_and_nothing_breaks(harness: Harness, monkeypatch) -> None:
    from confplan.progress.store import StoreError

    def broken(*args, **kwargs):
        raise StoreError("could not write progress store: disk full")

    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(harness.store, "watch", broken)
        await pilot.press("w")
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]
        assert any("disk full" in m for m in messages)
        assert main_screen(pilot).state.entries.get(SPOTIFY) is None
        await pilot.press("j")  # still alive
        assert current_id(pilot) == DETOUR


def _burst(app, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys arriving together, faster than the app handles them (a macro, tmux send-keys)."""
    from textual import events

    names = {"/": "slash", "\r": "enter", ":": "colon", " ": "space"}
    for ch in text:
        app.post_message(events.Key(names.get(ch, ch), None if ch == "\r" else ch))


async def test_a_burst_of_keys_lands_where_it_was_meant(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _burst(pilot.app, "/spotify\rjw")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.query_one("#filter", Input).value == "spotify"
        assert len(screen.state.view) == 2
        assert harness.queue() == ["eu24-product-thinking-platforms"]  # j moved in the result
        _burst(pilot.app, "s")
        await dialog_ready(pilot, ResumeDialog)
        _burst(pilot.app, "05:10\r")
        await settle(pilot)
        assert harness.entries()["eu24-product-thinking-platforms"].position_s == 310
        _burst(pilot.app, "n")
        await dialog_ready(pilot, NoteDialog)
        _burst(pilot.app, "two words")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert harness.entries()["eu24-product-thinking-platforms"].note == "two words"


async def test_open_refuses_anything_but_http(tmp_path: Path) -> None:
    """The catalogue validator refuses such links; the TUI refuses them again."""
    import dataclasses

    from confplan.catalogue.catalogue import Catalogue
    from confplan.opening import load_catalogue
    from tests.helpers import BUNDLED

    document = load_catalogue(BUNDLED).document
    first = document.sessions[0]
    evil = dataclasses.replace(
        first, recording=dataclasses.replace(first.recording, url="file:///etc/passwd")
    )
    sessions = tuple(evil if s.id == first.id else s for s in document.sessions)
    catalogue = Catalogue(dataclasses.replace(document, sessions=sessions), BUNDLED)
    harness = Harness(tmp_path, catalogue)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        row = screen.state.row_of(first.id)
        table(pilot).cursor = row
        await pilot.press("o")
        assert harness.opened == []
        messages = [n.message for n in pilot.app._notifications]
        assert any("Refused to open 'file:///etc/passwd'" in m for m in messages)
