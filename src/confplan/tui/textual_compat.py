"""The one place where confplan reaches past Textual's public API.

Everything here has no public equivalent in Textual 8.2. Each workaround is
checked against the installed Textual by tests/test_textual_compat.py, which
fails with a message naming what changed, so a Textual upgrade that breaks one
is seen at once rather than as a slow or broken screen.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input


def set_virtual_size_quietly(widget: Widget, size: Size) -> None:
    """Give a widget a new virtual (scrollable) size without a layout of the screen.

    Setting `virtual_size` lays out the whole screen, tens of milliseconds on the
    main screen; a widget whose own size does not depend on it (a fixed-height
    list, a one-line field) only needs its scroll limits and scrollbars updated,
    which Textual does in a private method. Textual itself does this when a
    layout sets the size (Widget._size_updated).
    """
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)


class SteadyInput(Input):
    """An Input that does not lay out the whole screen on every key.

    Input sets its virtual size (the width of its text) from its value watcher,
    and that reactive asks for a layout of the whole screen on each change:
    ~30 ms a key on the main screen. A field with a fixed size needs no layout
    when its text grows, only its own scroll limits updated, which is what is
    done here before Input's own watcher runs (it then finds the size already
    set and asks for nothing). Its Changed message, cursor and selection are
    Input's own.
    """

    def _watch_value(self, value: str) -> None:
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            set_virtual_size_quietly(self, size)
        super()._watch_value(value)
