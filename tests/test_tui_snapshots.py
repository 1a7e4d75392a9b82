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


def _queue(harness: Harness) -> None:
    """Six sessions on the watchlist, two of unknown length, one started."""
    talks = [s for s in harness.catalogue.sessions if s.is_talk]
    known = [s.id for s in talks if s.duration_min is not None][:4]
    unknown = [s.id for s in talks if s.duration_min is None][:2]
    harness.store.watch(harness.catalogue.id, [*known, *unknown])
    harness.store.mark(harness.catalogue.id, known[1], "in-progress", 600)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_watchlist_with_titles(harness: Harness, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    """Titles over two lines; the footer shortened by whole parts, never cut."""
    _queue(harness)

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=size, run_before=before)


def test_export_dialog_80x24(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """[x] and (•) read on or off without colour; every label fits at 80 columns."""
    harness = Harness(tmp_path, export_folder=Path("/home/me"))  # the same path every run

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("1", "j", "j", "e")
        await settle(pilot)
        await pilot.press("tab", "space")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=before)


def test_help_legend_80x24(harness: Harness, snap_compare) -> None:
    """The end of help: what the columns count and what every mark means."""

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=before)


def test_zoomed_details_80x24(harness: Harness, snap_compare) -> None:
    """z: the details take the whole screen, where about four lines showed."""

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("enter", "z")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=before)
