"""The export dialog (`e`): what, which format, where; asks before replacing a file.

Writing happens in a worker thread; a failure (read-only folder, full disk)
is shown in the dialog, which stays open so another path can be tried. The
file is written atomically, so a failure leaves any old file as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from confplan import export
from confplan.errors import ConfplanError
from confplan.fileio import write_file
from confplan.text import clip, printable
from confplan.tui.screens.key_order import at_once, settle
from confplan.tui.widgets.fields import TextField
from confplan.tui.widgets.key_bar import shown_key

STATUS_LABELS = {
    export.TO_WATCH: "Still to watch",
    "all": "Everything",
    "unwatched": "Unwatched",
    "in-progress": "In progress",
    "watched": "Watched",
}
FORMAT_LABELS = {"md": "Markdown", "csv": "CSV", "json": "JSON"}
# "Only the theme “…”" fits the dialog at 80 columns (a theme's name is cut on purpose).
THEME_ROOM = 36


class TextCheckbox(Checkbox):
    """A checkbox that reads on or off without its colour: [x] or [ ]."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = "x" if self.value else " "

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "x" if self.value else " "


class TextRadioButton(RadioButton):
    """A choice that reads chosen or not without its colour: (•) or ( )."""

    BUTTON_LEFT = "("
    BUTTON_RIGHT = ")"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = "•" if self.value else " "

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "•" if self.value else " "


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; `y` or Enter says yes, `n` or Escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
            Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        ]
    )

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question))
            yield Label("y replaces it, n or Escape goes back.", classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ExportDialog(ModalScreen[str | None]):
    """Returns the path written, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            Binding("escape", "cancel", "Cancel", id="export.cancel"),
            Binding("ctrl+s", "export_now", "Export", id="export.now"),
        ]
    )

    def __init__(
        self,
        make_export: Callable[[export.Selection], export.Export],
        theme: tuple[str, str] | None,
        folder: Path,
        options: export.Options = export.DEFAULT,
    ) -> None:
        super().__init__()
        self.make_export = make_export
        self.options = options  # the time zone (the TUI's --tz) the times are written in
        self.theme = theme  # (id, name) of the theme shown in the list, if any
        self.folder = folder
        self._suggested = ""  # the last path we proposed; anything else the user typed

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="export"):
            yield Static(Content.assemble(("Export", "bold"), "  sessions and your progress"))
            with Horizontal(classes="row choices"):
                yield Label("What", classes="field-name")
                with RadioSet(id="export-status", compact=True):
                    for value, label in STATUS_LABELS.items():
                        yield TextRadioButton(
                            label, value=value == export.TO_WATCH, name=value, compact=True
                        )
            with Horizontal(classes="row"):
                yield Label("", classes="field-name")
                yield TextCheckbox("Only the watchlist", id="export-watchlist", compact=True)
            if self.theme is not None:
                with Horizontal(classes="row"):
                    yield Label("", classes="field-name")
                    name = clip(printable(self.theme[1]), THEME_ROOM)
                    only_theme = Content(f"Only the theme “{name}”")
                    yield TextCheckbox(only_theme, id="export-theme", compact=True)
            with Horizontal(classes="row"):
                yield Label("Format", classes="field-name")
                with RadioSet(id="export-format", compact=True):
                    for value, label in FORMAT_LABELS.items():
                        yield TextRadioButton(label, value=value == "md", name=value, compact=True)
            with Horizontal(classes="row"):
                yield Label("File", classes="field-name")
                yield TextField(id="export-path", compact=True)
            with Horizontal(classes="row", id="export-buttons"):
                yield Label("", classes="field-name")
                yield Button("Export", variant="primary", id="export-go", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)
            export_key = "Ctrl+S"
            if "export.now" in getattr(self.app, "user_keys", {}):  # rebound in [keys]
                export_key = shown_key(self.app, "export.now", "ctrl+s")
            yield Label(
                f"Tab moves, arrows and Space choose, {export_key} exports, Esc cancels.",
                id="export-message",
            )

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self._suggest_path()
        self.set_focus(self.query_one("#export-status", RadioSet))  # now: keys may be waiting

    # -- the choices --------------------------------------------------------

    def selection(self) -> export.Selection:
        status = self.query_one("#export-status", RadioSet).pressed_button
        theme_box = self.query("#export-theme")
        only_theme = bool(theme_box) and theme_box.first(Checkbox).value
        return export.Selection(
            status=(status.name if status else None) or "all",
            watchlist=self.query_one("#export-watchlist", Checkbox).value,
            theme=self.theme[0] if only_theme and self.theme else None,
        )

    def fmt(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return (pressed.name if pressed else None) or "md"

    def _suggest_path(self) -> None:
        """Name the file after the choices, unless the user has typed a name."""
        field = self.query_one("#export-path", Input)
        if field.value and field.value != self._suggested:
            return
        name = f"confplan-{self.selection().slug()}.{self.fmt()}"
        self._suggested = str(self.folder / name)
        field.value = self._suggested

    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _choice_changed(self) -> None:
        self._suggest_path()

    def _say(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#export-message", Label)
        label.update(Content(text))
        label.set_class(error, "error")

    # -- exporting ----------------------------------------------------------

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    async def action_cancel(self) -> None:
        await settle(self.focused)  # what was typed goes to the field, not the screen below
        self.dismiss(None)

    async def action_export_now(self) -> None:
        """Ctrl+S: with every key typed before it in the path."""
        await settle(self.focused)
        self.action_export()

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def action_export(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._say("Give a file name.", error=True)
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            self._say(f"{path} is a folder; give a file name.", error=True)
            return
        if path.exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(path, force=True)
                else:
                    self._say("Not replaced. Choose another name, or Escape.")

            self.app.push_screen(ConfirmDialog(f"{path} exists. Replace it?"), answered)
            return
        self._write(path, force=False)

    def _write(self, path: Path, *, force: bool) -> None:
        chosen = self.make_export(self.selection())
        chosen.exported_at = datetime.datetime.now(datetime.UTC)
        text = export.render(chosen, self.fmt(), self.options)
        self._say("Writing…")
        self._write_in_thread(path, text, len(chosen.rows), force)

    @work(thread=True, exclusive=True, group="export")
    def _write_in_thread(self, path: Path, text: str, count: int, force: bool) -> None:
        try:
            write_file(path, text, force=force)
        except ConfplanError as exc:
            self.app.call_from_thread(self._say, str(exc), error=True)
            return
        self.app.call_from_thread(self._written, path, count)

    def _written(self, path: Path, count: int) -> None:
        noun = "session" if count == 1 else "sessions"
        self.app.notify(f"Exported {count} {noun} to {path}", markup=False)
        self.dismiss(str(path))
