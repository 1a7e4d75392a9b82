"""The export dialog: what, format, where; confirms, asks before replacing, reports failures."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, Label, RadioSet

from confplan.tui.app import ConfplanApp
from confplan.tui.screens.export_dialog import ConfirmDialog, ExportDialog
from tests.helpers import BUNDLED_TITLE
from tests.tui import Harness, settle, until


def _harness(tmp_path: Path) -> Harness:
    harness = Harness(tmp_path / "store")
    harness.app = ConfplanApp(
        harness.store, harness.catalogue, cursor_blink=False, export_folder=tmp_path / "exports"
    )
    (tmp_path / "exports").mkdir()
    return harness


async def _wait_closed(pilot) -> None:  # type: ignore[no-untyped-def]
    """The dialog closes once the export is written (in a worker)."""
    await until(
        lambda: not isinstance(pilot.app.screen, ExportDialog | ConfirmDialog),
        "the export dialog to close",
    )


def _message(dialog) -> str:  # type: ignore[no-untyped-def]
    return str(dialog.query_one("#export-message", Label).visual)


async def test_export_the_unwatched_watchlist_as_markdown(tmp_path: Path) -> None:
    harness = _harness(tmp_path)
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w", "j", "w", "x")  # two queued, the second watched
        await settle(pilot)
        await pilot.press("e")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        status = dialog.query_one("#export-status", RadioSet)
        assert status.pressed_button.name == "to-watch"  # the default: still to watch
        await pilot.press("right", "right", "enter")  # What: Unwatched
        dialog.query_one("#export-watchlist", Checkbox).value = True
        await pilot.pause()
        path = Path(dialog.query_one("#export-path", Input).value)
        assert path == tmp_path / "exports" / "confplan-watchlist-unwatched.md"
        await pilot.press("ctrl+s")
        await _wait_closed(pilot)
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# {BUNDLED_TITLE}\n\n1 session (watchlist, unwatched)")
        spotify = "How Spotify Re-Created Our Entire Backend Without Skipping a Beat"
        assert f"- [ ] 1. **{spotify}**" in text
        assert "A 10\\-year" not in text and "A 10-year Detour" not in text  # watched: left out
        messages = [n.message for n in pilot.app._notifications]
        assert f"Exported 1 session to {path}" in messages


async def test_format_choice_and_replacing_asks_first(tmp_path: Path) -> None:
    harness = _harness(tmp_path)
    target = tmp_path / "exports" / "confplan-to-watch.csv"
    target.write_text("older export")
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        dialog = pilot.app.screen
        dialog.query_one("#export-format", RadioSet).focus()
        await pilot.press("right", "enter")  # CSV
        assert dialog.query_one("#export-path", Input).value == str(target)
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        assert pilot.app.screen is dialog
        assert target.read_text() == "older export"
        assert "Not replaced" in str(dialog.query_one("#export-message", Label).visual)
        await pilot.press("ctrl+s", "y")
        await _wait_closed(pilot)
        assert target.read_text(encoding="utf-8").startswith("id,title,speakers")


async def test_a_failure_is_shown_and_the_dialog_stays(tmp_path: Path) -> None:
    harness = _harness(tmp_path)
    blocker = tmp_path / "exports" / "not-a-folder"
    blocker.write_text("a file")
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        dialog = pilot.app.screen
        field = dialog.query_one("#export-path", Input)
        field.value = "/proc/confplan-cannot-write-here.md"
        await pilot.press("ctrl+s")
        await until(lambda: "could not write" in _message(dialog), "the failure to be shown")
        assert "could not write /proc/confplan-cannot-write-here.md" in _message(dialog)
        assert pilot.app.screen is dialog  # still open: try another path
        field.value = str(blocker / "x.md")
        await pilot.press("ctrl+s")
        await until(lambda: "does not exist" in _message(dialog), "the second failure")
        await pilot.press("escape")
        assert pilot.app.screen is not dialog
