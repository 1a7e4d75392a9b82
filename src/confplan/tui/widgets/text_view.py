"""A scrollable block of text that redraws itself without a screen layout.

A Static inside a scroll container changes height with its text, so each
update re-lays out (and repaints) the whole screen. Here the text is wrapped
once per width into lines and only this widget repaints: moving through the
session list costs the details pane one render, not a full frame.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

SCROLL_KEYS: list[BindingType] = [
    Binding("j,down", "scroll_down", "Down", show=False, id="text.down", priority=True),
    Binding("k,up", "scroll_up", "Up", show=False, id="text.up", priority=True),
    Binding("g,home", "scroll_home", "Top", show=False, id="text.top", priority=True),
    Binding("G,end", "scroll_end", "Bottom", show=False, id="text.bottom", priority=True),
    Binding(
        "pagedown,ctrl+d", "page_down", "Page down", show=False, id="text.page-down", priority=True
    ),
    Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="text.page-up", priority=True),
]


class TextView(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = SCROLL_KEYS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = Content("")
        self._lines: list[Strip] = []
        self._wrapped_at = -1

    def render_lines(self, crop: Region) -> list[Strip]:
        self._wrap()
        return super().render_lines(crop)

    @property
    def text(self) -> str:
        """The plain text shown (for tests and accessibility)."""
        return self._content.plain

    def show(self, content: Content, *, keep_scroll: bool = False) -> None:
        """Show `content`; it is wrapped when next drawn (once, however often it changes)."""
        self._content = content
        self._wrapped_at = -1
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False)
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        self._lines = Visual.to_strips(
            self, self._content, width, None, self.visual_style, pad=True
        )
        self._wrapped_at = width
        size = Size(width, len(self._lines))
        if size != self.virtual_size:  # a new size re-lays out the screen: only when needed
            self.virtual_size = size

    def on_resize(self, event: events.Resize) -> None:
        self._wrapped_at = -1

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._lines):
            return self._lines[index].crop_extend(0, width, self.visual_style.rich_style)
        return Strip.blank(width, self.visual_style.rich_style)
