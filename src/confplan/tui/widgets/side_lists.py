"""The themes and watchlist panes: short lists with vim keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from confplan.catalogue.models import Session
from confplan.planner.state import PlannerState
from confplan.planner.tallies import CONFERENCE, TRACK, ThemeCount
from confplan.progress.models import LATER, WATCHED, Entry
from confplan.progress.summary import Minutes
from confplan.text import clip, printable
from confplan.tui.widgets.fitting import border_room, first_fitting, wrap
from confplan.tui.widgets.key_bar import shown_key
from confplan.tui.widgets.marks import (
    CLASH,
    FLAG,
    LATER_MARK,
    STATUS_MARKS,
    UNKNOWN_LENGTH,
    UNWATCHED_MARK,
)

# Priority bindings, like every key of confplan's (see screens/key_order.py): the
# list moves the moment the key arrives, before the keys behind it are handed out.
VIM_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="lists.down", priority=True),
    Binding("k", "cursor_up", "Up", show=False, id="lists.up", priority=True),
    Binding("g", "first", "Top", show=False, id="lists.top", priority=True),
    Binding("G", "last", "Bottom", show=False, id="lists.bottom", priority=True),
]
# OptionList's own arrow and page keys, as priority bindings for the same reason;
# with no description, help lists only the vim keys, as before.
ARROW_KEYS: list[BindingType] = [
    Binding("down", "cursor_down", show=False, id="lists.arrow-down", priority=True),
    Binding("up", "cursor_up", show=False, id="lists.arrow-up", priority=True),
    Binding("home", "first", show=False, id="lists.home", priority=True),
    Binding("end", "last", show=False, id="lists.end", priority=True),
    Binding("pagedown", "page_down", show=False, id="lists.page-down", priority=True),
    Binding("pageup", "page_up", show=False, id="lists.page-up", priority=True),
]

ALL_THEMES = "theme:*"


class ThemeList(OptionList):
    """Every theme with its session count and how much of it is watched.

    Calls `on_theme` with the highlighted theme (None: all themes) as the highlight
    moves, at once: a key typed right after must act on the list of that theme,
    and the OptionHighlighted message would be handled after that key.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*VIM_KEYS, *ARROW_KEYS]

    _counts: list[ThemeCount] | None = None

    def __init__(self, on_theme: Callable[[str | None], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_theme = on_theme
        self._redrawing = False

    def watch_highlighted(self, index: int | None) -> None:
        if index is not None and self.is_mounted and not self._redrawing:
            self._on_theme(self.theme_at(index))

    def on_resize(self) -> None:
        if self._counts is not None:
            self.show_counts(self._counts)

    def show_counts(self, counts: list[ThemeCount], width: int | None = None) -> None:
        """One line per theme: its name, then watched/total."""
        self._counts = counts
        width = width or self.scrollable_content_region.width or 26
        highlighted = self.highlighted
        options = []
        headings: set[str] = set()
        for count in counts:
            empty = count.total == 0
            tally = "" if empty else f"{count.watched}/{count.total}"
            name_width = max(width - len(tally) - 3, 4)
            name = printable(count.name)
            if cell_len(name) > name_width:
                name = set_cell_size(name, name_width - 1) + "…"
            name += " " * (name_width - cell_len(name))  # wide characters (emoji) count twice
            style = "$success" if count.total and count.watched == count.total else "$text-muted"
            if empty:  # a theme the recaps name that no session covers: dimmed, still there
                name = clip(printable(count.name), width - 1)
                prompt = Content.assemble((f"{name}\n  no sessions yet", "$text-disabled"))
            else:
                prompt = Content.assemble(f"{name} ", (tally, style))
            option_id = ALL_THEMES if count.theme_id is None else f"theme:{count.theme_id}"
            for prefix, title in ((CONFERENCE, "Conferences"), (TRACK, "Tracks")):
                key = count.theme_id or ""
                if key.startswith(prefix) and title not in headings:
                    headings.add(title)
                    heading = Content.assemble((title, "bold $text-muted"))
                    options.append(Option(heading, id=f"heading:{title.lower()}", disabled=True))
            options.append(Option(prompt, id=option_id))
        self._redrawing = True  # the same theme, highlighted again
        try:
            self.set_options(options)
            if options:
                self.highlighted = min(highlighted or 0, len(options) - 1)
                self.scroll_to_highlight()  # the list is built again: keep it in sight
        finally:
            self._redrawing = False

    def theme_at(self, index: int | None) -> str | None:
        if index is None or not 0 <= index < self.option_count:
            return None
        option_id = self.get_option_at_index(index).id or ALL_THEMES
        if option_id == ALL_THEMES or not option_id.startswith("theme:"):
            return None
        return option_id.removeprefix("theme:")


class WatchlistPane(OptionList):
    """The user's queue, in their order."""

    BINDINGS: ClassVar[list[BindingType]] = [*VIM_KEYS, *ARROW_KEYS]

    _state: PlannerState | None = None

    def on_resize(self) -> None:
        if self._state is not None:
            self.show_queue(self._state)

    def show_queue(self, state: PlannerState, width: int | None = None) -> None:
        """Redraw the queue, keeping the highlight on the same session."""
        self._state = state
        width = width or self.scrollable_content_region.width or 26
        highlighted = self.highlighted
        keep = self.session_at(highlighted)
        options: list[Option] = []
        queue = state.watchlist()
        clashes = state.clashes()
        for entry, session in queue:
            flag = ""
            if session.id in clashes:
                flag = f"{CLASH} "
            elif session.id in state.flags:  # changed at the schedule's update, unseen
                flag = f"{FLAG} "
            elif entry.plan == LATER:
                flag = f"{LATER_MARK} "
            prompt = _queued_line(state, entry, session, width, flag, clashes.get(session.id, ()))
            options.append(Option(prompt, id=f"queued:{session.id}"))
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)
            if keep is not None:
                self.select_session(keep)
        self.border_subtitle = Content(self._footer(state, len(queue)))

    def _footer(self, state: PlannerState, queued: int) -> str:
        """How many are queued and the time they take, in whole parts that fit."""
        if not queued:
            add = shown_key(self.app, "main.watchlist", "w")
            return first_fitting((f"empty: press {add}", "empty"), border_room(self))
        left = state.queue_minutes_left()
        known = Minutes(left.known, 0, left.estimated).label()
        return first_fitting(
            (
                f"{queued} queued · {left.label()} left",
                f"{queued} queued · {left.label()}",
                f"{queued} · {left.label()}",
                f"{queued} queued · {known}",  # the sessions of unknown length show "—"
                f"{queued} queued",
            ),
            border_room(self),
        )

    def session_at(self, index: int | None) -> str | None:
        if index is None or not 0 <= index < self.option_count:
            return None
        option_id = self.get_option_at_index(index).id or ""
        return option_id.removeprefix("queued:") or None

    def select_session(self, session_id: str) -> None:
        for index in range(self.option_count):
            if self.session_at(index) == session_id:
                self.highlighted = index
                return


def _queued_line(
    state: PlannerState,
    entry: Entry,
    session: Session,
    width: int,
    flag: str,
    clashes: tuple[str, ...],
) -> Content:
    """A queued session: its place, status and length, and its title over two lines
    (the sidebar is narrow: a title cut at 15 characters says little), after its flag."""
    glyph = STATUS_MARKS.get(entry.status, UNWATCHED_MARK)
    length = session.length_label() or UNKNOWN_LENGTH
    first, rest = max(width - 13, 8), max(width - 7, 8)  # a cell spare on the right
    lines = wrap(flag + printable(session.title), [first, rest])
    title_style = "$error" if clashes else ""
    parts: list[str | tuple[str, str]] = [
        (f"{entry.watchlist_pos:>2}. ", "$text-muted"),
        (glyph + " ", "$success" if entry.status == WATCHED else ""),
        (set_cell_size(lines[0] if lines else "", first), title_style),
        (f" {length:>5}", "$text-muted"),
    ]
    for line in lines[1:]:
        parts.append((f"\n      {line}", title_style))
    for other in clashes:
        clashing = state.catalogue.get(other)
        if clashing is not None:
            text = clip(f"⚠ clashes with {printable(clashing.title)}", width - 6)
            parts.append((f"\n      {text}", "$error"))
    return Content.assemble(*parts)
