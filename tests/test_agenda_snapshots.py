"""What the agenda looks like (SVG snapshots in tests/__snapshots__): the day as a list
and as a grid, at 80x24 and 120x40, on a schedule whose rooms all end in the same
", Amsterdam, Netherlands", at a fixed moment (--now) of the conference.

After an intended change of appearance, look at the new pictures and accept them
with `pytest tests/test_agenda_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_agenda_tui import make_harness
from tests.tui import Harness, settle

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return make_harness(tmp_path)


def keys(*pressed: str):  # type: ignore[no-untyped-def]
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        if pressed:
            await pilot.press(*pressed)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_agenda_list(harness: Harness, snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(harness.app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_agenda_grid(harness: Harness, snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(harness.app, terminal_size=size, run_before=keys("v"))


def test_agenda_my_day_filtered(harness: Harness, snap_compare) -> None:
    before = keys("m", "slash", *"wasm", "enter")
    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=before)
