"""The agenda's second view: a day as a grid, rooms across and start times down.

A virtual widget (only the visible lines are drawn), scrolled both ways; the
room names (top line) and the times (left column) stay in place while the cells
scroll. Each cell is a session starting then in that room (two lines of its
title); ┆ marks a room still busy with a session that started earlier. The cursor
is a cell: j/k go to the room's next or previous session, the screen's h/l to the
next room.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from confplan.agenda import Slot
from confplan.agenda_views import Grid, RoomNames
from confplan.text import printable
from confplan.tui.screens.key_order import at_once

TIME_W = 6  # "10:30 "
COLUMN_W = 24
ROW_H = 2
NO_ROOM_LABEL = "(no room)"

# For each session: its mark ("★ ") and the name of its style ("queued", "dim"...).
Marker = Callable[[Slot], tuple[str, str]]


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` cells, cut at spaces where it can,
    the last line ending in … if it does not fit."""
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        line = word
        while cell_len(line) > width and len(out) < lines - 1:
            out.append(set_cell_size(line, width))
            line = line[len(out[-1]) :]
    out.append(line)
    if len(out) > lines or cell_len(out[min(lines, len(out)) - 1]) > width:
        out = out[:lines]
        out[-1] = set_cell_size(out[-1], width - 1).rstrip().rstrip("…") + "…"
    return [set_cell_size(part, width) for part in out] + [" " * width] * (lines - len(out))


class AgendaGrid(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    AgendaGrid { height: 1fr; }
    AgendaGrid > .agenda-grid--header { background: $panel; text-style: bold; }
    AgendaGrid > .agenda-grid--time { color: $text-muted; }
    AgendaGrid > .agenda-grid--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; }
    AgendaGrid > .agenda-grid--queued { color: $accent; text-style: bold; }
    AgendaGrid > .agenda-grid--later { color: $text-muted; }
    AgendaGrid > .agenda-grid--clash { color: $error; text-style: bold; }
    AgendaGrid > .agenda-grid--dim { color: $text-disabled; }
    AgendaGrid > .agenda-grid--busy { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"agenda-grid--{name}"
        for name in ("header", "time", "cursor", "queued", "later", "clash", "dim", "busy")
    }
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            Binding("j,down", "move(1)", "Next", show=False, id="agenda.grid-down"),
            Binding("k,up", "move(-1)", "Previous", show=False, id="agenda.grid-up"),
            Binding("g,home", "edge(0)", "First", show=False, id="agenda.grid-first"),
            Binding("G,end", "edge(1)", "Last", show=False, id="agenda.grid-last"),
        ]
    )

    def __init__(self, on_move: Callable[[], None], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._on_move = on_move
        self.grid = Grid([], [], {}, set())
        self.names = RoomNames("")
        self.marker: Marker = lambda slot: ("", "")
        self.row = 0
        self.column = 0

    # -- data ---------------------------------------------------------------

    def show(self, grid: Grid, names: RoomNames, marker: Marker, keep: str | None) -> None:
        """A new day or filter: draw it, the cursor on `keep` if it is there."""
        self.grid, self.names, self.marker = grid, names, marker
        place = next(
            (cell for cell, slots in grid.cells.items() if any(s.id == keep for s in slots)),
            None,
        )
        if place is None:
            first = min(grid.cells, default=(0, 0))
            place = (min(self.row, max(len(grid.times) - 1, 0)), self.column)
            if not grid.at(*place):
                place = first
        self.row, self.column = place
        self._fit_virtual_size()
        self.call_after_refresh(self._follow)  # once its size is known (it may just be shown)
        self.refresh()

    def current(self) -> Slot | None:
        slots = self.grid.at(self.row, self.column)
        return slots[0] if slots else None

    # -- moving -------------------------------------------------------------

    def action_move(self, step: int) -> None:
        rows = range(self.row + step, len(self.grid.times) if step > 0 else -1, step)
        row = next((r for r in rows if self.grid.at(r, self.column)), None)
        if row is not None:
            self._go(row, self.column)

    def action_edge(self, last: int) -> None:
        rows = [r for r, c in self.grid.cells if c == self.column]
        if rows:
            self._go(max(rows) if last else min(rows), self.column)

    def step_column(self, step: int) -> None:
        column = min(max(self.column + step, 0), max(len(self.grid.rooms) - 1, 0))
        # the session on at this time in that room, else the room's next one
        rows = [r for r, c in self.grid.cells if c == column]
        before = [r for r in rows if r <= self.row]
        row = max(before) if before else min(rows, default=self.row)
        self._go(row, column)

    def _go(self, row: int, column: int) -> None:
        self.row, self.column = row, column
        self._follow()
        self.refresh()
        self._on_move()

    def _follow(self) -> None:
        """Scroll by whole cells so that the cursor's cell is in view (under the sticky
        room names and times)."""
        across = max((self.scrollable_content_region.width - TIME_W) // COLUMN_W, 1)
        down = max((self.scrollable_content_region.height - 1) // ROW_H, 1)
        first_column = int(self.scroll_offset.x) // COLUMN_W
        first_row = int(self.scroll_offset.y) // ROW_H
        first_column = min(max(first_column, self.column - across + 1), self.column)
        first_row = min(max(first_row, self.row - down + 1), self.row)
        self.scroll_to(x=first_column * COLUMN_W, y=first_row * ROW_H, animate=False, force=True)

    def _fit_virtual_size(self) -> None:
        """Room for every cell, and a little more: the last scroll stops on a whole
        column, as every other does."""
        region = self.scrollable_content_region
        spare = max(region.width - TIME_W, 0) % COLUMN_W
        rows = max(region.height - 1, 0) % ROW_H
        self.virtual_size = Size(
            TIME_W + COLUMN_W * len(self.grid.rooms) + spare,
            1 + ROW_H * len(self.grid.times) + rows,
        )

    def on_resize(self) -> None:
        self._fit_virtual_size()
        self._follow()

    # -- drawing ------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"agenda-grid--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        x = int(self.scroll_offset.x)
        if y == 0:
            style = base + self._style("header")
            cells = [
                Segment(set_cell_size(printable(self.names(r)) or NO_ROOM_LABEL, COLUMN_W - 1))
                for r in self.grid.rooms
            ]
            body = [s for cell in cells for s in (cell, Segment(" "))]
            return self._line(Segment(" " * TIME_W), body, x, width, style)
        line = y - 1 + int(self.scroll_offset.y)
        row, part = divmod(line, ROW_H)
        if row >= len(self.grid.times):
            return Strip.blank(width, base)
        label = f"{self.grid.times[row]:%H:%M} " if part == 0 else ""
        time = Segment(f"{label:<{TIME_W}}", base + self._style("time"))
        body = [
            segment
            for column in range(len(self.grid.rooms))
            for segment in self._cell(row, column, part, base)
        ]
        return self._line(time, body, x, width, base)

    def _line(self, time: Segment, body: list[Segment], x: int, width: int, style: Style) -> Strip:
        cells = Strip(body).crop(x, x + max(width - TIME_W, 0))
        return Strip([time, *cells]).adjust_cell_length(width, style).apply_style(style)

    def _cell(self, row: int, column: int, part: int, base: Style) -> list[Segment]:
        slots = self.grid.at(row, column)
        text = " " * (COLUMN_W - 1)
        style = base
        if slots:
            mark, name = self.marker(slots[0])
            title = printable(slots[0].session.listed_title())
            more = f" +{len(slots) - 1}" if len(slots) > 1 else ""
            text = _wrap(f"{mark}{title}", COLUMN_W - 1 - len(more), ROW_H)[part]
            text += more if part == ROW_H - 1 else " " * len(more)
            style = base + self._style(name) if name else base
        elif (row, column) in self.grid.running:
            text, style = set_cell_size("┆", COLUMN_W - 1), base + self._style("busy")
        if (row, column) == (self.row, self.column) and self.has_focus:
            style = base + self._style("cursor")
        return [Segment(text, style), Segment(" ", base)]
