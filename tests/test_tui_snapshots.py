"""What the screen looks like, at fixed sizes (SVG snapshots in tests/__snapshots__).

After an intended change of appearance, look at the new pictures and accept
them with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui import Harness, settle


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def test_main_screen_80x24(harness: Harness, snap_compare) -> None:
    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=settle)


def test_main_screen_120x40(harness: Harness, snap_compare) -> None:
    assert snap_compare(harness.app, terminal_size=(120, 40), run_before=settle)


def test_main_screen_200x60(harness: Harness, snap_compare) -> None:
    assert snap_compare(harness.app, terminal_size=(200, 60), run_before=settle)


def test_help_screen(harness: Harness, snap_compare) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(harness.app, terminal_size=(120, 40), run_before=before)


def test_filtered_list_with_progress(harness: Harness, snap_compare) -> None:
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("w", "j", "w", "x", "slash", *"platform", "enter")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=(120, 40), run_before=before)


def test_too_small_terminal(harness: Harness, snap_compare) -> None:
    assert snap_compare(harness.app, terminal_size=(50, 12), run_before=settle)
