"""The `/` filter field of the main screen.

Enter is a binding here (not the Submitted message), so the focus is back on the
list before the next key is looked up; the screen filters as the value changes,
not when the Changed message arrives.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Input


class FilterInput(Input):
    """The `/` filter. Enter is a binding here (not the Submitted message), so
    the focus is back on the list before the next key is looked up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "done", "Keep filter", show=False, tooltip="Keep the filter, back to the list"
        ),
    ]

    def action_done(self) -> None:
        done = getattr(self.screen, "filter_done", None)
        if done is not None:
            done()

    def _watch_value(self, value: str) -> None:
        # Input lays out the whole screen on every key (its width as a scrollable);
        # this field has a fixed size and no suggester: its own scrolling is enough.
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            self.set_reactive(Input.virtual_size, size)
            self._scroll_update(size)

    def watch_value(self, value: str) -> None:
        # Filter now, not when the Changed message arrives: a key typed right
        # after (say j, after Enter) must move through the filtered list.
        changed = getattr(self.screen, "filter_changed", None) if self.is_mounted else None
        if changed is not None:
            changed(value)
