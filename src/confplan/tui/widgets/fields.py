"""Text fields whose own keys act in order with the characters typed into them.

A text field inserts a typed character as it handles the key, on its own
message queue. Its other keys (arrows, Backspace, Ctrl+W...) are ordinary
bindings, which Textual looks up only once the key has bubbled back up to the
app: in a burst such as "abc⌫d", the d is in before the Backspace acts, which
then deletes the d. Here the field runs its own bindings as it handles the key,
in arrival order (see screens/key_order.py for the keys outside fields).

The `/` filter of the main screen calls back with its text on every change,
instead of posting Input's Changed message: a key typed right after (say j,
after Enter) must move through the filtered list, and the message would be
handled later, after that key. Enter, Escape and Tab are the screen's keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, cast

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input

from confplan.tui.textual_compat import SteadyInput


@cache
def own_keys(widget_type: type[Widget]) -> dict[str, str]:
    """The key -> action map of a widget class's own BINDINGS (its bases' first)."""
    keys: dict[str, str] = {}
    for cls in reversed(widget_type.__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            keys[binding.key] = binding.action
    return keys


class InPlaceKeys:
    """Mixin for a text field: its own bindings run on its own queue, as keys arrive.
    (Not a Widget itself: Textual gathers a widget's CSS component classes along its
    bases, and a Widget in between hides Input's.)"""

    async def on_key(self, event: events.Key) -> None:
        field = cast(Widget, self)
        action = own_keys(type(field)).get(event.key)
        if action is not None:
            event.stop()  # handled here: not again when it reaches the app
            event.prevent_default()
            await field.run_action(action)


class TextField(InPlaceKeys, Input):
    """A one-line field (a dialog's) whose keys act in order with what is typed."""


class FilterInput(InPlaceKeys, SteadyInput):
    """The `/` filter: calls `on_change` with the new text on every change."""

    def __init__(self, on_change: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self._on_change(value)
