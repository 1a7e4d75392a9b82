"""The session list: a virtual table that renders only the rows on screen.

Rows are indexes into the catalogue (see PlannerState.view); a frame costs
the same for 48 sessions as for 100,000. Text is never parsed as markup:
each cell is plain text made printable, cut to its width in cells.

A repaint costs what changed: each row's rendered strip is kept by what it
shows (session, cursor, width, progress entry), and when the view or the
cursor changes only the screen lines that now show another row are refreshed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from confplan.progress.models import IN_PROGRESS, WATCHED
from confplan.text import printable
from confplan.tui.textual_compat import set_virtual_size_quietly

if TYPE_CHECKING:
    from confplan.catalogue.models import Session
    from confplan.planner.state import PlannerState

STATUS_GLYPH = {WATCHED: "●", IN_PROGRESS: "◐"}
UNWATCHED_GLYPH = "○"
QUEUED_GLYPH = "★"
FLAG_GLYPH = "⚑"  # changed at a schedule's update, not yet seen
VIDEO_GLYPH = "▶"
UNCONFIRMED_GLYPH = "▷"  # a video matched with low confidence
SEARCH_GLYPH = "?"


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: cut (with an ellipsis) or padded."""
    if width <= 0:
        return ""
    if len(text) > width * 2:  # a 10,000-character title: cut before measuring
        text = text[: width * 2]
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def layout(width: int) -> tuple[int, int, int]:
    """(title, speakers, event) widths for a table `width` cells wide.

    A row is: space, status, space, queued, space, video, space (7 cells),
    the title, then optional speakers and event columns (each with a leading
    space), the length (6) and the number of recommending recaps (4).
    """
    if width >= 140:
        speakers, event = 28, 24
    elif width >= 95:
        speakers, event = 18, 16
    elif width >= 75:
        speakers, event = 18, 0
    else:
        speakers, event = 0, 0
    extra = (speakers + 1 if speakers else 0) + (event + 1 if event else 0)
    return max(width - 17 - extra, 4), speakers, event


def _runs(lines: list[int], width: int) -> list[Region]:
    """Ascending line numbers as regions of consecutive lines."""
    regions: list[Region] = []
    for y in lines:
        last = regions[-1] if regions else None
        if last is not None and last.bottom == y:
            regions[-1] = Region(0, last.y, width, last.height + 1)
        else:
            regions.append(Region(0, y, width, 1))
    return regions


class SessionTable(ScrollView, can_focus=True):
    """The filtered sessions, one per row, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="sessions.down", priority=True),
        Binding("k,up", "cursor_up", "Up", show=False, id="sessions.up", priority=True),
        Binding("g,home", "first", "Top", show=False, id="sessions.top", priority=True),
        Binding("G,end", "last", "Bottom", show=False, id="sessions.bottom", priority=True),
        Binding(
            "pagedown,ctrl+d",
            "page_down",
            "Page down",
            show=False,
            id="sessions.page-down",
            priority=True,
        ),
        Binding(
            "pageup,ctrl+u", "page_up", "Page up", show=False, id="sessions.page-up", priority=True
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-table--cursor",
        "session-table--watched",
        "session-table--in-progress",
        "session-table--unwatched",
        "session-table--queued",
        "session-table--search",
        "session-table--dim",
    }

    cursor = reactive(0, always_update=True, repaint=False)  # see _repaint_changed

    class Highlighted(Message):
        def __init__(self, session_id: str | None) -> None:
            super().__init__()
            self.session_id = session_id

    class Selected(Message):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id

    def __init__(self, state: PlannerState, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state
        self._palette: dict[str, Style] | None = None
        self._rows: dict[tuple[object, ...], Strip] = {}
        # What each screen line shows, as drawn (its row's key), and the scroll
        # offset it was drawn at: a change of view repaints only the lines that differ.
        self._drawn: dict[int, tuple[object, ...]] = {}
        self._drawn_at = -1
        self.header: Static | None = None
        self._header_width = -1  # the column titles, kept in step with the width

    # -- data ---------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.state.view)

    def current(self) -> Session | None:
        return self.state.session_at(self.cursor)

    def reload(self, keep: str | None = None) -> None:
        """The view changed: resize, keep the cursor on `keep` if it is still shown."""
        self._resize_rows(Size(self.size.width, self.row_count))
        row = self.state.row_of(keep) if keep else None
        self.cursor = row if row is not None else min(self.cursor, max(self.row_count - 1, 0))
        self._repaint_changed()

    def _resize_rows(self, size: Size) -> None:
        """A new number of rows. Setting `virtual_size` lays out the whole screen (tens
        of milliseconds per keystroke in the filter); only this list's scrollbar needs
        to know, unless the scrollbar appears or goes, which changes the list's width."""
        if size == self.virtual_size:
            return
        had_scrollbar = self.show_vertical_scrollbar
        set_virtual_size_quietly(self, size)
        if self.show_vertical_scrollbar != had_scrollbar:
            self.refresh(layout=True)

    def refresh_rows(self) -> None:
        """Progress or recommendations changed: draw every row on screen afresh (a
        session laid over by the user's recaps keeps its index, not its content)."""
        self._rows.clear()
        self._drawn.clear()
        self.refresh()

    def _line_key(self, row: int, width: int) -> tuple[object, ...] | None:
        """What the row shows, without building its session (that may mean reading
        a block of the cache): its index, cursor, width and progress entry."""
        view = self.state.view
        if not 0 <= row < len(view):
            return None
        index = view[row]
        entry = self.state.entries.get(self.state.catalogue.columns.ids[index])
        return (index, row == self.cursor, width, entry)

    def _repaint_changed(self) -> None:
        """Refresh the screen lines that would show another row than they do."""
        top = int(self.scroll_offset.y)
        if top != self._drawn_at or not self._drawn:
            self.refresh()
            return
        width, height = self.row_width, self.size.height
        changed = [y for y in range(height) if self._drawn.get(y) != self._line_key(top + y, width)]
        if len(changed) * 2 > height:  # most of it: one region is cheaper to compose
            self.refresh()
        elif changed:
            self.refresh(*_runs(changed, self.size.width))

    # -- cursor -------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count - 1)) if self.row_count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self._repaint_changed()
        session = self.current()
        self.post_message(self.Highlighted(session.id if session else None))

    def _scroll_cursor_into_view(self) -> None:
        if self.row_count:
            self.scroll_to_region(
                Region(0, self.cursor, max(self.size.width, 1), 1), animate=False, force=True
            )

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.row_count)
        self._scroll_cursor_into_view()

    @property
    def row_width(self) -> int:
        """Cells available to a row (the scrollbar takes the rest)."""
        return self.scrollable_content_region.width

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_count - 1

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 1, 1)

    def action_select(self) -> None:
        session = self.current()
        if session is not None:
            self.post_message(self.Selected(session.id))

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_offset.y)
        if 0 <= row < self.row_count:
            self.cursor = row

    # -- rendering ----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        top = int(self.scroll_offset.y)
        if top != self._drawn_at:
            self._drawn.clear()
            self._drawn_at = top
        width = self.row_width
        palette = self._palette or self._make_palette()
        key = self._line_key(top + y, width)
        if key is None:
            self._drawn.pop(y, None)
            return Strip.blank(width, palette["base"])
        self._drawn[y] = key
        strip = self._rows.get(key)
        if strip is None:
            session_index, is_cursor, _, entry = key
            session = self.state.catalogue.sessions[cast(int, session_index)]
            segments = self._row_segments(session, entry, width, bool(is_cursor), palette)
            # Neighbours of one style joined: fewer style changes to compose and write.
            strip = Strip(segments).adjust_cell_length(width, palette["base"]).simplify()
            if len(self._rows) > 4096:
                self._rows.clear()
            self._rows[key] = strip
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles are looked up once per frame, not once per cell: they change
        # with the theme and with focus (the cursor colour). Rendered rows are
        # kept while the styles stay the same.
        palette = self._make_palette()
        if palette != self._palette:
            self._rows.clear()
            self._drawn.clear()
        self._palette = palette
        width = self.row_width
        if self.header is not None and width != self._header_width:
            # Here, not on resize: only now is the width final (scrollbar included).
            self._header_width = width
            self.header.update(Content(self.header_text(width)))
        return super().render_lines(crop)

    def _make_palette(self) -> dict[str, Style]:
        def part(name: str) -> Style:
            return self.get_component_rich_style(f"session-table--{name}", partial=True)

        palette: dict[str, Style] = {}
        for prefix, base in (("", self.rich_style), ("cursor-", None)):
            if base is None:
                base = palette["base"] + part("cursor")
            palette[f"{prefix}base"] = base
            for name in ("dim", "watched", "in-progress", "unwatched", "queued", "search"):
                palette[f"{prefix}{name}"] = base + part(name)
        return palette

    def _row_segments(
        self,
        session: Session,
        entry: object,
        width: int,
        is_cursor: bool,
        palette: dict[str, Style],
    ) -> list[Segment]:
        p = "cursor-" if is_cursor else ""
        dim = palette[f"{p}dim"]
        # logistics and cancelled sessions: the whole row dimmed
        base = dim if session.nothing_to_watch else palette[f"{p}base"]
        status = getattr(entry, "status", None)
        status_style = palette[
            p
            + (
                "watched"
                if status == WATCHED
                else "in-progress"
                if status == IN_PROGRESS
                else "unwatched"
            )
        ]
        queued = entry is not None and getattr(entry, "watchlist_pos", None) is not None
        recording = session.recording
        video = recording is not None and recording.is_video
        glyph = SEARCH_GLYPH
        if recording is not None and recording.is_video:
            glyph = UNCONFIRMED_GLYPH if recording.unconfirmed else VIDEO_GLYPH
        title_w, speakers_w, event_w = layout(width)
        segments = [
            Segment(" ", base),
            Segment(STATUS_GLYPH.get(status or "", UNWATCHED_GLYPH), status_style),
            Segment(" ", base),
            Segment(
                FLAG_GLYPH if session.id in self.state.flags else QUEUED_GLYPH if queued else " ",
                palette[f"{p}queued"],
            ),
            Segment(" ", base),
            Segment(glyph, base if video else palette[f"{p}search"]),
            Segment(" ", base),
            Segment(fit(printable(session.listed_title()), title_w), base),
        ]
        if speakers_w:
            segments.append(Segment(" " + fit(printable(session.speaker_names()), speakers_w), dim))
        if event_w:
            event = printable(self.state.catalogue.event_name(session))
            segments.append(Segment(" " + fit(event, event_w), dim))
        segments.append(Segment(f" {session.length_label():>5}", dim))
        count = len(session.recommended_by)
        segments.append(Segment(f" {count:>2} " if count else "    ", base))
        return segments

    def header_text(self, width: int) -> str:
        """The column titles, aligned with `render_line` (shown above the table)."""
        title_w, speakers_w, event_w = layout(width)
        text = " Marks " + fit("Title", title_w)  # the marks are explained in help (?)
        if speakers_w:
            text += " " + fit("Speakers", speakers_w)
        if event_w:
            text += " " + fit("Event", event_w)
        if text.endswith("   "):  # "Length" reaches into the blank end of the column before
            return text[:-3] + "Length Recaps"
        return text + "Len Recaps"
