"""Reminders while the TUI runs: `remind_minutes` (config.toml) before a watchlisted
session starts, a notification says so, once per session.

A Textual timer checks every CHECK_EVERY_S seconds against the app's clock (which
`--now` sets, and tests too); which sessions are due is plain data
(`confplan.agenda.due_reminders`). A session planned for later, or with nothing to
watch (badge pick-up), is not announced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from confplan import agenda
from confplan.text import printable

if TYPE_CHECKING:
    from confplan.agenda import Slot
    from confplan.tui.app import ConfplanApp

CHECK_EVERY_S = 20.0


class Reminders:
    """Tells once about each watchlisted session that starts within `minutes`."""

    def __init__(self, app: ConfplanApp, minutes: int) -> None:
        self.app = app
        self.minutes = minutes
        self.told: set[str] = set()
        self.timer: Timer | None = None

    def check(self) -> list[Slot]:
        """Notify about the sessions due now; what was told."""
        state = self.app.state
        if state is None:
            return []
        at = self.app.clock()
        due = agenda.due_reminders(state.slot_of, state.entries, at, self.minutes, self.told)
        for slot in due:
            self.told.add(slot.id)
            left = max(round((slot.start - at).total_seconds() / 60), 0)
            room = f" · {printable(slot.session.room)}" if slot.session.room else ""
            self.app.notify_plain(
                f"{slot.start:%H:%M} (in {left} min): {printable(slot.session.title)}{room}",
                title="Starting soon",
                timeout=30,
            )
        return due


def start_reminders(app: ConfplanApp) -> Reminders | None:
    """Start the reminder timer if `remind_minutes` is set (off by default)."""
    minutes = app.preferences.remind_minutes
    if not minutes:
        return None
    reminders = Reminders(app, minutes)
    reminders.timer = app.set_interval(CHECK_EVERY_S, reminders.check, name="reminders")
    app.call_after_refresh(reminders.check)
    return reminders
