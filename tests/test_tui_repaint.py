"""The session list repaints what changed, and what it shows is what a full repaint shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region

from confplan.tui.widgets.session_table import SessionTable
from tests.tui import Harness, main_screen, settle


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def _record_refreshes(table: SessionTable) -> list[tuple[Region, ...]]:
    """Every call of the table's refresh from now on, by the regions it named."""
    calls: list[tuple[Region, ...]] = []
    refresh = table.refresh

    def recording(*regions: Region, **options: Any) -> SessionTable:
        calls.append(regions)
        return refresh(*regions, **options)

    table.refresh = recording  # type: ignore[method-assign]
    return calls


async def test_moving_the_cursor_repaints_two_lines(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = main_screen(pilot).query_one(SessionTable)
        calls = _record_refreshes(table)
        await pilot.press("j")
        await settle(pilot)
        assert table.cursor == 1
        lines = [region for regions in calls for region in regions]
        assert calls and all(calls), "a whole repaint"
        assert sorted(region.y for region in lines) == [0, 1]


async def test_after_filtering_the_list_shows_what_a_full_repaint_shows(
    harness: Harness,
) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")  # the whole programme
        await settle(pilot)
        table = main_screen(pilot).query_one(SessionTable)
        for keys in (["slash", *"platform"], ["backspace"] * 4, ["j", "j"], ["backspace"] * 4):
            await pilot.press(*keys)
            await settle(pilot)
            shown = pilot.app.export_screenshot()
            table.refresh_rows()
            await settle(pilot)
            assert pilot.app.export_screenshot() == shown, keys
