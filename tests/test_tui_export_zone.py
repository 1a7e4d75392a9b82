"""The TUI's export writes times in the zone the TUI was given (--tz), as the CLI's does."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from confplan.tui.screens.export_dialog import ConfirmDialog, ExportDialog
from tests.test_agenda_tui import make_harness
from tests.tui import settle, until


async def test_the_export_dialog_writes_times_in_the_tui_zone(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    harness = make_harness(
        tmp_path, time_zone="America/Chicago", export_folder=tmp_path / "exports"
    )
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await until(lambda: isinstance(pilot.app.screen, ExportDialog), "the export dialog")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.pause()
        path = Path(dialog.query_one("#export-path", Input).value)
        await pilot.press("ctrl+s")
        await until(
            lambda: not isinstance(pilot.app.screen, ExportDialog | ConfirmDialog),
            "the export written",
        )
    text = path.read_text(encoding="utf-8")
    assert "Times in America/Chicago." in text
    # 09:00 in Amsterdam (UTC+1 that day) is 03:00 in Chicago (UTC-5, summer time already)
    assert "**Opening keynote** · Test Con · Tue 2026-03-24 03:00–03:30" in text
