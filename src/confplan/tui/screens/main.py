"""The main screen: themes, sessions, details, watchlist and progress.

The screen owns the panes and the keys that act on "the current session"
(the one highlighted in the focused list). Changes go to the store writer
through the app; the panes are refreshed when the store reports back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from confplan.catalogue.models import Session
from confplan.planner.commands import Shift, ToggleWatch, ToggleWatched
from confplan.planner.state import PlannerState
from confplan.tui.screens.change_flags import flag_line, load_flags
from confplan.tui.screens.main_focus import PaneFocus
from confplan.tui.screens.main_keys import (
    MAIN_BINDINGS,
)
from confplan.tui.widgets.fields import FilterInput
from confplan.tui.widgets.fitting import border_room
from confplan.tui.widgets.headers import header, sessions_titles
from confplan.tui.widgets.key_bar import KeyBar, shown_key
from confplan.tui.widgets.marks import table_header_tooltip
from confplan.tui.widgets.panes import (
    DetailsPane,
    ProgressPane,
    details_of,
    no_session_reason,
)
from confplan.tui.widgets.session_table import SessionTable
from confplan.tui.widgets.sessions_pane import SessionsPane
from confplan.tui.widgets.side_lists import ThemeList, WatchlistPane

if TYPE_CHECKING:
    from confplan.tui.app import ConfplanApp

# Dialogs, help and export are imported when first used: start-up time is
# a feature, and most sessions never open most dialogs.


def _settle_after_first_frame() -> None:
    """The screen is built: move its many long-lived objects out of the cyclic GC's
    sight, as the catalogue's were before start. Without this, full collections of
    ~50,000 objects ran every few seconds while typing (40-60 ms each)."""
    import gc

    gc.collect(1)
    gc.freeze()


DETAILS_AFTER_TYPING_S = 0.15  # a pause in typing this long shows the details


class MainScreen(PaneFocus):
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS
    ALLOW_IN_MAXIMIZED_VIEW = "KeyBar"  # zoomed (z), a pane keeps the keys under it
    # The list has the focus from the start: Textual's default (the first focusable
    # widget, the themes) styled the screen for that focus, then again for the list's.
    AUTO_FOCUS = "#sessions"

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state
        self._details_for: str | None = None
        # While the filter is typed into, the details wait until typing pauses: a key's
        # frame is then the list's alone (the wrapped details cost as much again).
        self._typing_pause: Timer | None = None
        self._source = "sessions"  # the list whose session details and keys act on
        # The first frame shows the header, the session list and the keys; the other
        # panes (themes, watchlist, progress, details) are filled right after it.
        self._panes_ready = False
        # The breakpoint classes Textual adds on the first resize, set now, so
        # the whole screen is not styled twice on start-up.
        width, height = self.app.size
        for breakpoints, size in (
            (self.app.HORIZONTAL_BREAKPOINTS, width),
            (self.app.VERTICAL_BREAKPOINTS, height),
        ):
            chosen = [name for threshold, name in breakpoints or [] if size >= threshold]
            if chosen:
                self.add_class(chosen[-1])

    @property
    def planner(self) -> ConfplanApp:
        """The app, as confplan's (a screen's `app` is typed as any App)."""
        return cast("ConfplanApp", self.app)

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield ThemeList(self._theme_highlighted, id="themes")
                yield WatchlistPane(id="watchlist")
                yield ProgressPane(id="progress")
            with Vertical(id="main"):
                with SessionsPane(id="sessions-pane"):
                    yield FilterInput(
                        self.filter_changed,
                        placeholder="filter: title, speaker, company, event, theme",
                        id="filter",
                    )
                    yield Static(id="table-header")
                    yield SessionTable(self.state, id="sessions")
                yield DetailsPane(id="details")
        yield Static(id="too-small")
        yield KeyBar()

    def on_mount(self) -> None:
        load_flags(self.planner, self.state)  # before any pane draws its marks
        self.query_one("#themes").border_title = "Themes"
        self.query_one("#watchlist").border_title = "Watchlist"
        self.query_one("#progress").border_title = "Progress"
        self.query_one("#details").border_title = "Details"
        field = self.query_one("#filter", Input)
        field.display = False
        field.cursor_blink = self.planner.cursor_blink
        table = self.query_one(SessionTable)
        table.header = self.query_one("#table-header", Static)
        table.header.tooltip = table_header_tooltip()
        # The panes are filled by on_resize, which follows at once with the sizes.
        table.reload()
        self.set_focus(table)
        self.call_after_refresh(self._fill_panes)

    def _fill_panes(self) -> None:
        """After the first frame: the panes beside the list, then the GC settles."""
        self._panes_ready = True
        self.refresh_progress()
        self.call_after_refresh(self.state.prepare_search)
        self.call_after_refresh(_settle_after_first_frame)

    def on_resize(self) -> None:
        self.refresh_all()
        size = self.size
        self.query_one("#too-small", Static).update(
            f"confplan needs at least 60×16; this terminal is {size.width}×{size.height}."
        )
        if self.maximized is not None and self.too_small():  # the message, not the pane
            self.minimize()

    # -- refreshing ----------------------------------------------------------

    def recommendations_changed(self) -> None:
        """The user's recaps changed the recommendations: the list and every count."""
        self.query_one(SessionTable).reload()
        self.refresh_all()

    def action_review_recaps(self) -> None:
        from confplan.tui.screens.recap_review import RecapReview

        self.app.push_screen(RecapReview())

    def refresh_all(self) -> None:
        self.refresh_progress()
        self._update_table_chrome()

    def refresh_progress(self) -> None:
        """Progress changed: every pane that shows it."""
        state = self.state
        if not self._panes_ready:  # the first frame: the list and the header only
            self.query_one(SessionTable).refresh_rows()
            self._update_title()
            return
        self.query_one(ThemeList).show_counts(state.theme_counts())
        self.query_one(WatchlistPane).show_queue(state)
        self.query_one(ProgressPane).show_progress(state)
        self.query_one(SessionTable).refresh_rows()
        self._update_title()
        self._details_for = None
        self._show_details()

    def _update_title(self) -> None:
        width = self.size.width or self.app.size.width
        self.query_one("#title-bar", Static).update(header(self.state, width))

    def _update_table_chrome(self) -> None:
        pane = self.query_one("#sessions-pane", SessionsPane)
        sort_key = shown_key(self.app, "main.sort", "S")
        pane.set_titles(*sessions_titles(self.state, sort_key, border_room(pane)))

    def _show_details(self) -> None:
        if not self._panes_ready or self._typing_pause is not None:
            return
        session = self.current_session()
        if session is None:
            why = no_session_reason(self.state)
            if self._details_for != why:
                self.query_one(DetailsPane).show(Content(why))
                self._details_for = why
            return
        if session.id == self._details_for:
            return
        self._details_for = session.id
        content = details_of(self.state, session)
        flagged = flag_line(self.state, session.id)
        self.query_one(DetailsPane).show(flagged + content if flagged else content)

    # -- which session ------------------------------------------------------

    def current_session(self) -> Session | None:
        """The session highlighted in the list last focused (the session list or the
        watchlist): details show it, and the keys act on it."""
        focused = self.focused
        if isinstance(focused, WatchlistPane) or (
            self._source == "watchlist" and not isinstance(focused, SessionTable | ThemeList)
        ):
            queue = self.query_one(WatchlistPane)
            session_id = queue.session_at(queue.highlighted)
            return self.state.catalogue.get(session_id) if session_id else None
        return self.query_one(SessionTable).current()

    def too_small(self) -> bool:
        width, height = self.size
        return width < 60 or height < 16

    # -- events from panes --------------------------------------------------

    @on(SessionTable.Highlighted)
    def _session_highlighted(self) -> None:
        self._show_details()

    @on(SessionTable.Selected)
    def _session_selected(self) -> None:
        self.set_focus(self.query_one(DetailsPane))

    def _theme_highlighted(self, theme: str | None) -> None:
        """Called by the theme list as its highlight moves (not by message: at once)."""
        if theme != self.state.theme:
            edition = self.state.conference
            self._apply_view(lambda: self.state.set_theme(theme), keep=False)
            if self.state.conference != edition:  # counts and the header follow the edition
                self.refresh_progress()

    @on(OptionList.OptionSelected, "#themes")
    def _theme_chosen(self) -> None:
        self.set_focus(self.query_one(SessionTable))

    @on(OptionList.OptionHighlighted, "#watchlist")
    def _queued_highlighted(self) -> None:
        self._show_details()

    @on(OptionList.OptionSelected, "#watchlist")
    def _queued_chosen(self) -> None:
        self.set_focus(self.query_one(DetailsPane))

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, WatchlistPane):
            self._source = "watchlist"
        elif isinstance(focused, SessionTable | ThemeList):
            self._source = "sessions"
        if self.maximized is not None and isinstance(focused, Widget):
            self.maximized = self._pane_of(focused)  # zoomed, the zoom follows the focus
        if not isinstance(focused, FilterInput) and self._typing_pause is not None:
            self._typing_pause.stop()  # typing is over: the details now
            self._typing_pause = None
        self._show_details()

    def _pane_of(self, widget: Widget) -> Widget:
        """The pane a focused widget stands for: the list and its filter are one pane."""
        if isinstance(widget, SessionTable | FilterInput):
            return self.query_one("#sessions-pane")
        return widget

    def action_zoom(self) -> None:
        """The focused pane takes the whole screen (Screen.maximized), or gives it back."""
        if self.maximized is not None:
            self.minimize()
        elif isinstance(self.focused, Widget) and not self.too_small():
            self.maximized = self._pane_of(self.focused)

    def filter_changed(self, value: str) -> None:
        if value != self.state.text:
            if self._typing_pause is None:
                self._typing_pause = self.set_timer(DETAILS_AFTER_TYPING_S, self._typing_paused)
            else:
                self._typing_pause.reset()
            self._apply_view(lambda: self.state.set_text(value), keep=False)

    def _typing_paused(self) -> None:
        self._typing_pause = None
        self._show_details()

    @property
    def details_waiting(self) -> bool:
        """The filter was typed into and the details wait for typing to pause."""
        return self._typing_pause is not None

    def _apply_view(self, change: Callable[[], object], *, keep: bool = True) -> None:
        """Change the view; the cursor stays on its session (a new sort), or goes to the
        first match (a new filter or theme)."""
        table = self.query_one(SessionTable)
        current = table.current()
        change()
        if keep:
            table.reload(keep=current.id if current else None)
        else:
            table.reload()
            table.cursor = 0
        self._update_table_chrome()
        self._show_details()

    # -- actions ------------------------------------------------------------

    def notify_plain(self, message: str, **kwargs: Any) -> None:
        """A notification whose text is never read as markup."""
        self.app.notify(message, markup=False, **kwargs)

    def action_toggle_watchlist(self) -> None:
        session = self.current_session()
        if session is not None:
            self.planner.submit(ToggleWatch(self.state.entry_key(session.id)))

    def action_move(self, step: int) -> None:
        session = self.current_session()
        if session is not None:
            self.planner.submit(Shift(self.state.entry_key(session.id), step))

    def action_toggle_watched(self) -> None:
        session = self.current_session()
        if session is not None:
            self.planner.submit(ToggleWatched(self.state.entry_key(session.id)))

    def action_undo(self) -> None:
        self.planner.take_back()

    def action_redo(self) -> None:
        self.planner.take_back(redo=True)

    def action_agenda(self) -> None:
        from confplan.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(self.state))

    def action_refresh_schedule(self) -> None:
        from confplan.tui.screens.changes import refresh_schedule

        refresh_schedule(self.planner)

    def action_changes(self) -> None:
        from confplan.tui.screens.changes import ChangesScreen

        self.app.push_screen(ChangesScreen(self.state))

    def action_scope(self) -> None:
        """Recommended sessions or the whole programme; the watchlist is the same."""
        self._apply_view(self.state.next_scope, keep=False)
        self.refresh_progress()
        self.planner.remember(scope=self.state.scope)

    def set_scope(self, scope: str) -> None:
        if scope != self.state.scope:
            self.action_scope()

    def action_sort(self) -> None:
        self._apply_view(self.state.next_sort)
        self.planner.remember(sort=self.state.sort)

    def sort_by(self, key: str) -> None:
        self._apply_view(lambda: self.state.set_sort(key))
        self.planner.remember(sort=self.state.sort)

    def action_help(self) -> None:
        from confplan.tui.screens.help import show_keys

        groups = [
            ("Everywhere", [*self.planner.BINDINGS, *self.BINDINGS]),
            ("Sessions", SessionTable.BINDINGS),
            ("Themes and watchlist", ThemeList.BINDINGS),
            ("Details and progress", DetailsPane.BINDINGS),
        ]
        show_keys(self.app, groups)
