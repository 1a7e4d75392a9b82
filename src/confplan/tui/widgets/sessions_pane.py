"""The frame around the filter and the session list."""

from __future__ import annotations

from typing import Self

from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region


class SessionsPane(Vertical):
    """The frame around the filter and the list. Its title and subtitle (the count of
    matches) change on every key typed into the filter; a title set through Textual
    repaints the whole frame, and with it every row inside. Here only the border
    lines that hold them are repainted."""

    _titles: tuple[object, object] = (None, None)
    _border_only = False

    def set_titles(self, title: Content, subtitle: Content) -> None:
        if (title, subtitle) == self._titles:
            return
        self._titles = (title, subtitle)
        self._border_only = True
        try:
            self.border_title = title
            self.border_subtitle = subtitle
        finally:
            self._border_only = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._border_only and not (regions or layout or recompose) and self.is_mounted:
            # Regions are relative to the content: the borders lie just outside it.
            left, top = self.content_offset
            width, height = self.outer_size
            regions = (
                Region(-left, -top, width, 1),
                Region(-left, height - top - 1, width, 1),
            )
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
