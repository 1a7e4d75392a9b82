"""The command palette's entries for the main screen: every binding that is a
command (with its key, as rebound), the two scopes and the four sorts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding

from confplan.tui.widgets.key_bar import shown_key

if TYPE_CHECKING:
    from confplan.tui.app import ConfplanApp
    from confplan.tui.screens.main import MainScreen

MOMENTS = ("back", "choose", "list_move")  # keys of the moment, not commands


def main_screen_commands(app: ConfplanApp, screen: MainScreen) -> Iterable[SystemCommand]:
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or binding.action.split("(")[0] in MOMENTS:
            continue
        action = binding.action
        keys = app.user_keys.get(binding.id or "", binding.key).split(",")
        yield SystemCommand(
            binding.description,
            f"Key: {', '.join(app.get_key_display(Binding(k, '')) for k in keys)}",
            lambda action=action: app.run_action(action, screen),
        )
    for scope, label in (
        ("recommended", "Show the recommended sessions"),
        ("programme", "Show the whole programme"),
    ):
        yield SystemCommand(
            label,
            f"Key: {shown_key(app, 'main.scope', 'p')} switches",
            lambda scope=scope: screen.set_scope(scope),
        )
    for sort in ("consensus", "date", "title", "duration"):
        yield SystemCommand(
            f"Sort by {sort}",
            "Order the session list",
            lambda sort=sort: screen.sort_by(sort),
        )
