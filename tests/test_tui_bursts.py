"""Keys arriving together (a fast typist, a macro, tmux send-keys) are handled in
order, each against the focus of its moment: none is lost or lands elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.widgets import Input, TextArea

from confplan.tui.screens.dialogs import NoteDialog
from confplan.tui.widgets.panes import DetailsPane
from confplan.tui.widgets.session_table import SessionTable
from tests.tui import Harness, current_id, main_screen, settle

NAMES = {"/": "slash", "?": "question_mark", " ": "space", "\r": "enter", "\x1b": "escape"}


def burst(app: App[object], *keys: str) -> None:
    """Queue every key at once, as a terminal delivers a burst: single characters
    are typed, longer names ("ctrl+s") are keys."""
    for key in keys:
        if len(key) == 1:
            name = NAMES.get(key, key)
            app.post_message(events.Key(name, None if key in "\r\x1b" else key))
        else:
            app.post_message(events.Key(key, None))


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def field(pilot) -> Input:  # type: ignore[no-untyped-def]
    return main_screen(pilot).query_one("#filter", Input)


def row(pilot, index: int) -> str:  # type: ignore[no-untyped-def]
    """The id of the session on this row of the list as it is now."""
    state = main_screen(pilot).state
    return state.catalogue.sessions[state.view[index]].id


async def test_filter_enter_then_w_watchlists_the_first_match(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot.app, *"/spotify\rw")
        await settle(pilot)
        assert field(pilot).value == "spotify"
        assert harness.queue() == [row(pilot, 0)]
        assert isinstance(pilot.app.focused, SessionTable)


async def test_filter_enter_then_j_moves_in_the_result(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot.app, *"/spotify\rj")
        await settle(pilot)
        state = main_screen(pilot).state
        assert field(pilot).value == "spotify"
        assert len(state.view) >= 2
        assert current_id(pilot) == row(pilot, 1)


async def test_the_same_through_pilot_press(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"spotify", "enter", "j", "w")
        await settle(pilot)
        assert harness.queue() == [row(pilot, 1)]


async def test_a_note_typed_at_once_is_saved_whole(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = current_id(pilot)
        burst(pilot.app, "n", *"two words", "ctrl+s", "j")
        await settle(pilot)
        assert session is not None
        assert harness.entries()[session].note == "two words"
        assert current_id(pilot) != session  # j, after the dialog closed, moved the list


async def test_slash_and_keys_typed_in_the_note_go_into_the_note(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = current_id(pilot)
        burst(pilot.app, "n", *"a/b?w 1q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteDialog)
        assert pilot.app.screen.query_one(TextArea).text == "a/b?w 1q"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert session is not None
        assert harness.entries()[session].note == "a/b?w 1q"
        assert harness.queue() == []  # the w was text, not the watchlist key


async def test_escape_in_a_burst_clears_what_was_typed(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot.app, *"/spotify\x1bj")
        await settle(pilot)
        state = main_screen(pilot).state
        assert field(pilot).value == ""
        assert state.text == ""
        assert current_id(pilot) == row(pilot, 1)


async def test_enter_then_keys_go_to_the_details(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot.app, "\r", "j", "w")
        await settle(pilot)
        assert isinstance(pilot.app.focused, DetailsPane)
        assert harness.queue() == [row(pilot, 0)]  # j scrolled the details, not the list


async def test_a_theme_chosen_in_a_burst_filters_before_the_next_key(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot.app, "1", "j", "\r", "w")
        await settle(pilot)
        state = main_screen(pilot).state
        assert state.theme is not None
        assert harness.queue() == [row(pilot, 0)]


async def test_a_resume_point_typed_at_once(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = current_id(pilot)
        burst(pilot.app, "s", *"05:10\r", "j")
        await settle(pilot)
        assert session is not None
        assert harness.entries()[session].position_s == 310
        assert current_id(pilot) != session


async def test_editing_keys_in_the_filter_act_in_order(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot.app, *"/abc", "backspace", "d", "left", "left", "x")
        await settle(pilot)
        assert field(pilot).value == "axbd"
        burst(pilot.app, "ctrl+u", *"xyz", "backspace", "q", "home", "w")
        await settle(pilot)
        assert field(pilot).value == "wxyqbd"
        assert main_screen(pilot).state.text == "wxyqbd"


async def test_editing_keys_in_the_note_act_in_order(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = current_id(pilot)
        burst(pilot.app, "n", *"abc", "backspace", "d", "\r", "e", "up", "f", "ctrl+s")
        await settle(pilot)
        assert session is not None
        assert harness.entries()[session].note == "afbd\ne"


# -- a real terminal -----------------------------------------------------------


def _screen(name: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-t", name, "-p"], capture_output=True, text=True, check=False
    ).stdout


def _wait_for(name: str, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = _screen(name)
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never shown; the screen:\n{_screen(name)}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_tmux_send_keys_in_one_go(tmp_path: Path) -> None:
    """The keys reach a real terminal together, as tmux send-keys sends them."""
    name = f"confplan-burst-{os.getpid()}"
    command = f"{sys.executable} -m confplan --data-dir {tmp_path}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command], check=True
    )
    try:
        _wait_for(name, "to go")
        subprocess.run(["tmux", "send-keys", "-t", name, "/", "spotify", "Enter", "w"], check=True)
        shown = _wait_for(name, "1 queued")
        assert "matching “spotify”" in shown
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)
