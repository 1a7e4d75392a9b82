"""The session list repaints what changed, and what it shows is what a full repaint shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget

from confplan.tui.widgets.session_table import SessionTable
from confplan.tui.widgets.sessions_pane import SessionsPane
from tests.tui import Harness, main_screen, settle, until


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def _record_refreshes(widget: SessionTable | SessionsPane) -> list[tuple[Region, ...]]:
    """Every call of the widget's refresh from now on, by the regions it named."""
    calls: list[tuple[Region, ...]] = []
    refresh = widget.refresh

    def recording(*regions: Region, **options: Any) -> SessionTable | SessionsPane:
        calls.append(regions)
        return refresh(*regions, **options)

    widget.refresh = recording  # type: ignore[method-assign]
    return calls


async def test_moving_the_cursor_repaints_two_lines(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = main_screen(pilot).query_one(SessionTable)
        calls = _record_refreshes(table)
        await pilot.press("j")
        await settle(pilot)
        assert table.cursor == 1
        assert calls and all(calls), "a whole repaint"
        lines = [y for regions in calls for region in regions for y in range(*region.line_span)]
        assert sorted(lines) == [0, 1]


async def test_after_filtering_the_list_shows_what_a_full_repaint_shows(
    harness: Harness,
) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")  # the whole programme
        await settle(pilot)
        table = main_screen(pilot).query_one(SessionTable)
        screen = main_screen(pilot)
        for keys in (["slash", *"platform"], ["backspace"] * 4, ["j", "j"], ["backspace"] * 4):
            await pilot.press(*keys)
            await until(lambda: not screen.details_waiting, "the details after typing")
            await settle(pilot)
            shown = pilot.app.export_screenshot()
            table.refresh_rows()
            main_screen(pilot).query_one(SessionsPane).refresh()
            await settle(pilot)
            assert pilot.app.export_screenshot() == shown, keys


async def test_a_new_count_repaints_the_frame_s_borders_not_the_rows_inside(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        pane = main_screen(pilot).query_one(SessionsPane)
        calls: list[tuple[Region, ...]] = []
        refresh = Widget.refresh

        def recording(self: Widget, *regions: Region, **options: Any) -> Widget:
            if self is pane:
                calls.append(regions)
            return refresh(self, *regions, **options)

        monkeypatch.setattr(Widget, "refresh", recording)  # what Textual is asked to repaint
        await pilot.press("k")
        await settle(pilot)
        assert "matching" in str(pane.border_subtitle)
        height = pane.outer_size.height
        assert calls and all(len(regions) == 2 for regions in calls), "the whole frame"
        lines = {region.y for regions in calls for region in regions}
        assert lines == {-1, height - 2}  # just outside the content: the two borders
