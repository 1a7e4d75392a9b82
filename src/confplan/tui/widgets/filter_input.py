"""The `/` filter field of the main screen.

The screen filters as the value changes, through the callback given to the
field, not when Input's Changed message arrives: a key typed right after (say
j, after Enter) must move through the filtered list, and the message would be
handled later, after that key. Enter, Escape and Tab are the screen's keys; the
field's own (arrows, Backspace...) act in order with the letters (fields.py).
"""

from __future__ import annotations

from collections.abc import Callable

from confplan.tui.textual_compat import SteadyInput
from confplan.tui.widgets.fields import InPlaceKeys


class FilterInput(InPlaceKeys, SteadyInput):
    """The `/` filter: calls `on_change` with the new text on every change."""

    def __init__(self, on_change: Callable[[str], None], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self._on_change(value)
