"""What the store writer reports back: brought to the UI thread as a message, laid
into the planner's state, and said to the user (a change not saved, an undo that
found the session changed elsewhere, an undo or redo done)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from confplan.planner.commands import Applied, Decide, TakeBack, Undo
from confplan.planner.state import PlannerState
from confplan.planner.writer import Failed, Reloaded, Report
from confplan.text import printable

if TYPE_CHECKING:
    from confplan.tui.app import ConfplanApp


class StoreReported(Message):
    """A report of the store writer's, posted from its thread to the app."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


def show_report(app: ConfplanApp, state: PlannerState, report: Report) -> None:
    """Lay `report` into the planner's state and say what needs saying."""
    if isinstance(report, Failed):
        command = report.command
        if report.conflict and isinstance(command, TakeBack):
            verb = "undone" if isinstance(command, Undo) else "redone"
            app.notify_plain(
                f"Not {verb}: {step_words(app, command)}. It was changed elsewhere "
                "since; nothing was touched.",
                severity="warning",
                timeout=8,
            )
        else:
            app.notify_plain(report.message, title="Not saved", severity="error", timeout=8)
        return
    if isinstance(report, Reloaded):
        state.reload(report.entries, report.history)
        app.recaps_changed()  # the command line may have added or decided some
    elif isinstance(report, Applied):
        state.record(report)
        command = report.command
        if isinstance(command, TakeBack):
            verb = "Undone" if isinstance(command, Undo) else "Redone"
            app.notify_plain(f"{verb}: {step_words(app, command)}.", timeout=5)
        elif isinstance(command, Decide):
            app.recaps_changed()


def step_words(app: ConfplanApp, command: TakeBack) -> str:
    """What an undo or redo is about, and to which session, in a few words."""
    step = command.change
    original = step if isinstance(command, Undo) else step.inverse()
    session = app.catalogue.get(command.session) if app.catalogue else None
    title = printable(session.title) if session else command.session
    if len(title) > 48:
        title = title[:47] + "…"
    return f"{original.describe()} · “{title}”"
