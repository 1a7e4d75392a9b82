"""The change flags (⚑) a followed schedule's update leaves on sessions, as the main
screen draws them from its first frame. The Changes view that lists them, and the
refresh that sets them, are in changes.py, imported when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from confplan.errors import ConfplanError
from confplan.text import printable
from confplan.tui.widgets.marks import FLAG

if TYPE_CHECKING:
    from confplan.planner.state import PlannerState
    from confplan.tui.app import ConfplanApp


def load_flags(app: ConfplanApp, state: PlannerState) -> None:
    """The store's unseen flags, into the state the panes draw from."""
    from confplan.progress import flags

    try:
        found = flags.flags(app.store, state.catalogue.id)
    except ConfplanError as exc:
        app.notify_plain(f"The change flags were not read: {exc}", severity="warning")
        return
    state.flags = {sid: flag.what for sid, flag in found.items()}


def flag_line(state: PlannerState, session_id: str) -> Content | None:
    """The details' line for a flagged session, or None."""
    what = state.flags.get(session_id)
    if what is None:
        return None
    return Content.assemble(
        (f"{FLAG} changed at the schedule's update: {printable(what)}\n", "bold $warning"),
        ("  (C lists the changes; mark them seen there)\n\n", "$text-muted"),
    )
