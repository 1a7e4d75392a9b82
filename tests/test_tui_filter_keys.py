"""Keys while filtering, as in fzf and k9s: ↓ ↑ PgDn PgUp ctrl+n ctrl+p move the list's
selection at once, the filter keeps its text, and the keys after them act on the list;
none is typed into the filter or lost, in a burst too."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from confplan.tui.widgets.fields import FilterInput
from confplan.tui.widgets.session_table import SessionTable
from tests.test_tui_bursts import burst
from tests.tui import Harness, current_id, main_screen, settle


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def _field(pilot) -> Input:  # type: ignore[no-untyped-def]
    return main_screen(pilot).query_one("#filter", Input)


def _row(pilot, index: int) -> str:  # type: ignore[no-untyped-def]
    state = main_screen(pilot).state
    return state.catalogue.sessions[state.view[index]].id


async def test_slash_rust_down_w_watchlists_one_session_and_keeps_the_filter(
    harness: Harness,
) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")  # the whole programme: more than one match
        await settle(pilot)
        await pilot.press("slash", *"rust", "down", "w")
        await settle(pilot)
        assert _field(pilot).value == "rust"
        assert len(main_screen(pilot).state.view) >= 2
        assert harness.queue() == [_row(pilot, 1)]
        assert isinstance(pilot.app.focused, SessionTable)


async def test_the_same_in_one_burst(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        burst(pilot.app, *"/rust", "down", "w")
        await settle(pilot)
        assert _field(pilot).value == "rust"
        assert harness.queue() == [_row(pilot, 1)]


@pytest.mark.parametrize(
    ("keys", "row"),
    [
        (["down", "down"], 2),  # the second ↓ is the list's own
        (["ctrl+n"], 1),
        (["down", "up"], 0),
        (["up"], 0),  # already at the top
        (["pagedown"], None),
    ],
)
async def test_moving_keys_from_the_filter(harness: Harness, keys: list[str], row) -> None:  # type: ignore[no-untyped-def]
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        burst(pilot.app, *"/platform", *keys[:1])
        await settle(pilot)
        await pilot.press(*keys[1:])
        await settle(pilot)
        assert _field(pilot).value == "platform"
        if row is None:
            assert main_screen(pilot).query_one(SessionTable).cursor > 1
        else:
            assert current_id(pilot) == _row(pilot, row)


async def test_ctrl_p_in_the_filter_moves_up_and_elsewhere_opens_the_palette(
    harness: Harness,
) -> None:
    from textual.command import CommandPalette

    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("slash", *"platform", "ctrl+n", "slash", "ctrl+p")
        await settle(pilot)
        assert _field(pilot).value == "platform"
        assert current_id(pilot) == _row(pilot, 0)
        assert not isinstance(pilot.app.screen, CommandPalette)
        await pilot.press("ctrl+p")  # the list has the focus now
        await settle(pilot)
        assert isinstance(pilot.app.screen, CommandPalette)


async def test_slash_again_goes_back_to_the_filter_with_its_text(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"spot", "down", "slash")
        await settle(pilot)
        assert isinstance(pilot.app.focused, FilterInput)
        assert _field(pilot).value == "spot"
        await pilot.press("end", *"ify")
        await settle(pilot)
        assert _field(pilot).value == "spotify"


async def test_the_moves_are_in_the_help(harness: Harness) -> None:
    from confplan.tui.screens.main_keys import FILTER_MOVES

    keys = {b.key for b in FILTER_MOVES}  # type: ignore[union-attr]
    assert keys == {"down,ctrl+n", "up,ctrl+p", "pagedown", "pageup"}
    for binding in FILTER_MOVES:
        assert "In the filter" in (binding.tooltip or "")  # type: ignore[union-attr]


async def test_the_details_follow_the_filter_once_typing_pauses_or_ends(
    harness: Harness,
) -> None:
    """While the filter is typed into, the details wait (a key's frame is the list's
    alone); they show the first match once typing pauses, and at once when the list
    takes the focus."""
    from confplan.tui.widgets.panes import DetailsPane
    from tests.tui import until

    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")  # the whole programme
        await settle(pilot)
        screen = main_screen(pilot)
        details = screen.query_one(DetailsPane)
        await pilot.press("slash", *"rust")
        await until(lambda: not screen.details_waiting, "a pause in typing")
        first = screen.state.catalogue.sessions[screen.state.view[0]]
        assert first.title in details.text
        await pilot.press(*" ebpf", "enter")  # Enter: the list, and the details at once
        assert not screen.details_waiting
        first = screen.state.catalogue.sessions[screen.state.view[0]]
        assert first.title in details.text
