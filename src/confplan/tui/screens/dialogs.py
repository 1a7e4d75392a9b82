"""Small modal dialogs: rating, note, resume point. Escape always cancels.

Their keys are priority bindings, like all of confplan's (see key_order.py):
a key that closes a dialog closes it the moment it arrives, after the field
has taken the keys typed before it, so the keys behind it reach the screen
under the dialog.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from confplan.text import format_clock, parse_clock, printable
from confplan.tui.screens.key_order import settle
from confplan.tui.widgets.fields import InPlaceKeys, TextField

CLEAR = 0  # the value a dialog returns to clear a rating

ResultType = TypeVar("ResultType")
CurrentType = TypeVar("CurrentType")


class NoteArea(InPlaceKeys, TextArea):
    """The note's text area, whose keys act in order with what is typed (fields.py)."""


class SessionDialog(ModalScreen[ResultType], Generic[ResultType, CurrentType]):
    """A question about one session: its title shown under the dialog's own."""

    def __init__(self, session_title: str, current: CurrentType) -> None:
        super().__init__()
        self.session_title = session_title
        self.current = current

    def heading(self, text: str) -> Static:
        return Static(
            Content.assemble(
                (text, "bold"), "\n", (printable(self.session_title)[:200], "$text-muted")
            )
        )

    def focus_field(self, field: Input | TextArea) -> None:
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.set_focus(field)  # now, not after the keys already waiting

    async def field_text(self, field: Input | TextArea) -> str:
        """The field's text, with every key typed before this moment in it."""
        await settle(field)
        return field.text if isinstance(field, TextArea) else field.value

    async def action_cancel(self) -> None:
        await settle(self.focused)  # what was typed goes to the field, not to the screen below
        self.dismiss(None)


class RateDialog(SessionDialog[int | None, int | None]):
    """1-5 rates, 0 clears, Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rate.cancel", priority=True),
        *[
            Binding(str(n), f"rate({n})", f"{n} stars", show=False, id=f"rate.{n}", priority=True)
            for n in range(1, 6)
        ],
        Binding(
            "0,backspace,delete",
            f"rate({CLEAR})",
            "Clear rating",
            show=False,
            id="rate.clear",
            priority=True,
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield self.heading("Rate this session")
            stars = "★" * (self.current or 0) + "☆" * (5 - (self.current or 0))
            yield Label(f"now: {stars}" if self.current else "not rated yet")
            yield Label("Press 1–5 to rate, 0 to clear, Escape to cancel.", classes="hint")

    def action_rate(self, value: int) -> None:
        self.dismiss(value)


class NoteDialog(SessionDialog[str | None, str]):
    """Edit the note; Ctrl+S saves (an empty note clears it), Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel", priority=True),
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
    ]

    def __init__(self, session_title: str, current: str | None) -> None:
        super().__init__(session_title, current or "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield self.heading("Note")
            yield NoteArea(self.current, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Label("Ctrl+S saves (empty clears the note), Escape cancels.", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        self.focus_field(area)
        area.move_cursor(area.document.end)

    async def action_save(self) -> None:
        self.dismiss((await self.field_text(self.query_one(TextArea))).strip())


class ResumeDialog(SessionDialog[int | bool | None, int | None]):
    """Where to resume (MM:SS or H:MM:SS). Enter with nothing marks in progress without a
    position (returns False); Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="resume.cancel", priority=True),
        Binding("enter", "confirm", "Confirm", show=False, id="resume.confirm", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield self.heading("Mark in progress")
            yield TextField(
                value=format_clock(self.current) if self.current else "",
                placeholder="resume at MM:SS (optional)",
                id="resume-at",
            )
            yield Label("Enter confirms, Escape cancels.", classes="hint", id="resume-hint")

    def on_mount(self) -> None:
        self.focus_field(self.query_one(Input))

    async def action_confirm(self) -> None:
        text = (await self.field_text(self.query_one(Input))).strip()
        if not text:
            self.dismiss(False)
            return
        try:
            self.dismiss(parse_clock(text))
        except ValueError as exc:
            self.query_one("#resume-hint", Label).update(Content(str(exc)))
