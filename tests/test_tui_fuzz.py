"""Any sequence of keys: no crash, and what the TUI shows matches what is stored."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tui import Harness, main_screen, settle

KEYS = [
    "j",
    "k",
    "g",
    "G",
    "down",
    "up",
    "pagedown",
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "slash",
    "w",
    "J",
    "K",
    "x",
    "s",
    "u",
    "r",
    "n",
    "o",
    "S",
    "question_mark",
    "1",
    "3",
    "5",
    "0",
    "a",
    "p",
    "colon",
    "ctrl+s",
    "backspace",
    "left_square_bracket",
]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(keys=st.lists(st.sampled_from(KEYS), max_size=30))
def test_any_key_sequence_keeps_the_store_consistent(keys: list[str], tmp_path_factory) -> None:
    harness = Harness(tmp_path_factory.mktemp("keys"))

    async def run() -> None:
        async with harness.app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
            await settle(pilot)
            assert pilot.app.is_running
            shown = main_screen(pilot).state.entries
            stored = harness.entries()
            assert shown == stored
            queue = sorted(e.watchlist_pos for e in stored.values() if e.watchlist_pos)
            assert queue == list(range(1, len(queue) + 1))
            await pilot.press("escape", "escape", "escape", "q")
        assert harness.app.return_code == 0

    try:
        asyncio.run(run())
    finally:
        harness.store.close()
