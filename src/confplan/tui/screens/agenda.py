"""The agenda: one conference day at a time, in time order, with the watchlist's
clashes, the current time and what is on now and next; or the same day as a grid
of rooms by time (v).

What the agenda knows (days, clashes, now and next, filters, the grid) is plain
data in `confplan.agenda` and `confplan.agenda_views`; this screen draws it and
turns keys into store changes, which go through the app like the main screen's
(undo included). `/` filters the day as the main screen's filter does (keys in a
burst keep their order: see key_order.py and widgets/fields.py); T and R keep one
track or room, m only the watchlist ("my day").
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static

from confplan import agenda
from confplan.agenda import Slot, Timetable
from confplan.agenda_views import RoomNames, View, make_grid, next_choice, rooms, shown, tracks
from confplan.planner.commands import Attend, Plan, ToggleWatch
from confplan.progress.models import LATER, Entry
from confplan.text import printable
from confplan.tui.screens import agenda_rows as rows_
from confplan.tui.screens.agenda_grid import AgendaGrid
from confplan.tui.screens.agenda_keys import (
    AGENDA_BINDINGS,
    FIELD_ACTIONS,
    GRID_ACTIONS,
)
from confplan.tui.screens.key_order import at_once, settle, takes_typing
from confplan.tui.widgets.fields import FilterInput
from confplan.tui.widgets.key_bar import KeyBar
from confplan.tui.widgets.side_lists import VIM_KEYS

if TYPE_CHECKING:
    from confplan.planner.state import PlannerState
    from confplan.tui.app import ConfplanApp

NO_TIMES = (
    "No agenda for this catalogue: its sessions have no times.\n\n"
    "The agenda plans the days of a conference you attend. Import the published "
    "schedule (frab XML, schedule JSON or iCal) and open it:\n\n"
    "  confplan import schedule.ics -o conf.yaml\n"
    "  confplan --catalogue conf.yaml\n\n"
    "Escape goes back to the sessions."
)
# The filter's arrow keys, for the grid.
GRID_MOVES = {"cursor_down": "move(1)", "cursor_up": "move(-1)", "page_down": "move(1)"}
NOTHING_SHOWN = "Nothing on this day matches: Esc clears the filter."


class AgendaList(OptionList):
    # Enter attends (the list would otherwise "select", which means nothing here).
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [*VIM_KEYS, Binding("enter", "screen.attend", "Attend", id="agenda.list-attend")]
    )


class AgendaScreen(Screen[None]):
    DEFAULT_CSS = """
    AgendaScreen #agenda-filter { height: 1; border: none; padding: 0 1; }
    AgendaScreen #agenda-now { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = at_once(AGENDA_BINDINGS)

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state
        # the edition chosen in the themes pane, else every timed session
        self.timetable = Timetable(state.catalogue, state.zone, state.conference)
        self.short = RoomNames.of(self.timetable.slots)
        self.day: datetime.date | None = self.timetable.day_to_show(self.planner.clock())
        self.view = View()
        self.grid_mode = False
        self._rows: list[str | None] = []  # session id per option (None: the "now" line)

    @property
    def planner(self) -> ConfplanApp:
        return cast("ConfplanApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title")
        yield Static(id="agenda-now")
        if self.timetable:
            yield FilterInput(
                self._filter_changed,
                placeholder="filter this day: title, speaker, room, track",
                id="agenda-filter",
            )
            yield AgendaList(id="agenda-list")
            yield AgendaGrid(self._draw_detail, id="agenda-grid")
            yield Static(id="agenda-detail")
        else:
            yield Static(NO_TIMES, id="agenda-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.timetable:
            field = self.query_one(FilterInput)
            field.display = False
            field.cursor_blink = self.planner.cursor_blink
            self.query_one(AgendaGrid).display = False
            self.refresh_progress(to_now=True)
            self.set_focus(self.query_one(AgendaList))
        else:
            self._draw_title()
            self.query_one("#agenda-now").display = False

    def on_resize(self) -> None:
        if self.timetable:
            self.refresh_progress()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the filter has the focus, the keys that type text are typed into it;
        Enter leaves it. h and l move between rooms in the grid, days in the list."""
        if not self.timetable:
            return action in ("close", "back", "help")
        in_field = takes_typing(self.focused)
        if in_field and action not in FIELD_ACTIONS:
            return False
        if action in ("choose", "list_move"):
            return in_field
        if action in GRID_ACTIONS:
            return self.grid_mode
        return True

    # -- drawing -------------------------------------------------------------

    def _day_slots(self) -> list[Slot]:
        if self.day is None:
            return []
        return shown(self.timetable, self.timetable.by_day[self.day], self.view, self.state.entries)

    def refresh_progress(self, *, to_now: bool = False) -> None:
        """Progress, the day or the filter changed: redraw, keeping the highlighted
        session."""
        self._draw_title()
        if not self.timetable or self.day is None:
            return
        now = self.planner.clock().astimezone(self.timetable.zone)
        slots = self._day_slots()
        if self.grid_mode:
            grid = self.query_one(AgendaGrid)
            keep = grid.current()
            if to_now:  # t: what is on now, or next
                keep = next((s for s in slots if s.end > now), keep)
            grid.show(make_grid(slots), self.short, self._grid_mark, keep.id if keep else None)
        else:
            self._fill_list(slots, now, to_now=to_now)
        self._draw_now(now)
        self._draw_detail()

    def _fill_list(self, slots: list[Slot], now: datetime.datetime, *, to_now: bool) -> None:
        listing = self.query_one(AgendaList)
        keep = self.current_id()
        clashes = self.state.clashes()
        show_now = self.timetable.is_on(now) and agenda.day_of(now) == self.day
        width = max((listing.scrollable_content_region.width or self.size.width or 80) - 1, 30)
        empty = NOTHING_SHOWN if self.view.narrowed else None
        options, rows, now_row = rows_.day_options(
            slots,
            self.state.entries,
            clashes,
            self.state.slot_of,
            self.short,
            width,
            now if show_now else None,
            empty,
            self.state.flags,
        )
        self._rows = rows
        highlighted = listing.highlighted
        listing.set_options(options)
        if keep is not None and keep in rows and not to_now:
            listing.highlighted = rows.index(keep)
        elif to_now and now_row is not None:
            listing.highlighted = min(now_row + 1, len(rows) - 1)
            if rows[listing.highlighted] is None:
                listing.highlighted = max(now_row - 1, 0)
        elif rows:
            listing.highlighted = rows_.nearest_session(rows, min(highlighted or 0, len(rows) - 1))
        listing.scroll_to_highlight()

    def _grid_mark(self, slot: Slot) -> tuple[str, str]:
        state = self.state
        return rows_.grid_mark(slot, state.entries.get(slot.id), state.clashes(), state.flags)

    def _draw_title(self) -> None:
        count = agenda.clash_count(self.state.clashes()) if self.timetable else 0
        title = rows_.title_line(self.timetable, self.day, count, self._narrowing())
        self.query_one("#agenda-title", Static).update(title)

    def _narrowing(self) -> list[str]:
        return rows_.view_words(self.view, self.short, grid=self.grid_mode)

    def _draw_now(self, now: datetime.datetime) -> None:
        panel = self.query_one("#agenda-now", Static)
        found = agenda.now_and_next(self.state.slot_of, self.state.entries, now)
        if not self.timetable.is_on(now) or not (found.now or found.next):
            panel.display = False
            return
        panel.display = True
        width = max((panel.scrollable_content_region.width or self.size.width - 2), 20)
        panel.update(rows_.now_next_line(found, self.short, width))

    def _draw_detail(self) -> None:
        slot = self.current_slot()
        detail = self.query_one("#agenda-detail", Static)
        if slot is None:
            detail.update("")
            return
        width = max(detail.scrollable_content_region.width or self.size.width - 2, 20)
        entry, flag = self.state.entries.get(slot.id), self.state.flags.get(slot.id)
        detail.update(rows_.detail_lines(slot, entry, width, flag))

    # -- which session -------------------------------------------------------

    def current_id(self) -> str | None:
        slot = self.current_slot()
        return slot.id if slot is not None else None

    def current_slot(self) -> Slot | None:
        if not self.timetable:
            return None
        if self.grid_mode:
            return self.query_one(AgendaGrid).current()
        index = self.query_one(AgendaList).highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        session_id = self._rows[index]
        return self.timetable.by_id.get(session_id) if session_id else None

    @on(OptionList.OptionHighlighted, "#agenda-list")
    def _highlighted(self) -> None:
        self._draw_detail()

    # -- the view: filter, track, room, my day, grid -------------------------

    def _filter_changed(self, value: str) -> None:
        if value != self.view.text:
            self._set_view(View(value, self.view.track, self.view.room, self.view.mine))

    def _set_view(self, view: View) -> None:
        self.view = view
        self.refresh_progress()

    def action_filter(self) -> None:
        field = self.query_one(FilterInput)
        field.display = True
        self.set_focus(field)

    async def _leave_field(self) -> None:
        """Before a key takes the focus from the filter: let it handle what was typed."""
        if takes_typing(self.focused):
            await settle(self.focused)

    def _body(self) -> AgendaList | AgendaGrid:
        return self.query_one(AgendaGrid) if self.grid_mode else self.query_one(AgendaList)

    async def action_choose(self) -> None:
        await self._leave_field()
        field = self.query_one(FilterInput)
        field.display = bool(field.value)
        self.set_focus(self._body())

    async def action_list_move(self, action: str) -> None:
        await self.action_choose()
        if self.grid_mode:
            action = GRID_MOVES.get(action, action)
        await self._body().run_action(action)

    async def action_back(self) -> None:
        """Leave the filter; else clear what narrows the day; else go back."""
        await self._leave_field()
        field = self.query_one(FilterInput) if self.timetable else None
        if field is not None and self.focused is field:
            await self.action_choose()
        elif field is not None and (self.view.narrowed or field.value):
            field.value = ""
            field.display = False
            self._set_view(View())
        else:
            self.dismiss(None)

    def action_cycle_track(self, step: int) -> None:
        track = next_choice(tracks(self.timetable.slots), self.view.track, step)
        self._set_view(View(self.view.text, track, self.view.room, self.view.mine))

    def action_cycle_room(self, step: int) -> None:
        room = next_choice(rooms(self.timetable.slots), self.view.room, step)
        self._set_view(View(self.view.text, self.view.track, room, self.view.mine))

    def action_my_day(self) -> None:
        view = self.view
        self._set_view(View(view.text, view.track, view.room, not view.mine))

    def action_toggle_grid(self) -> None:
        keep = self.current_id()
        self.grid_mode = not self.grid_mode
        listing, grid = self.query_one(AgendaList), self.query_one(AgendaGrid)
        listing.display, grid.display = not self.grid_mode, self.grid_mode
        if self.grid_mode:
            grid.show(make_grid(self._day_slots()), self.short, self._grid_mark, keep)
        self.set_focus(self._body())
        self.refresh_progress()
        if not self.grid_mode and keep in self._rows:
            listing.highlighted = self._rows.index(keep)

    def action_column(self, step: int) -> None:
        self.query_one(AgendaGrid).step_column(step)

    # -- actions -------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_day(self, step: int) -> None:
        days = self.timetable.days
        if not days or self.day is None:
            return
        index = min(max(days.index(self.day) + step, 0), len(days) - 1)
        if days[index] != self.day:
            self.day = days[index]
            self.query_one(AgendaList).highlighted = 0
            self.refresh_progress()

    def action_today(self) -> None:
        day = self.timetable.day_to_show(self.planner.clock())
        self.day = day
        self.refresh_progress(to_now=True)

    def action_toggle_watchlist(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            self.planner.submit(ToggleWatch(self.state.entry_key(slot.id)))

    def _queued(self, refusal: str) -> tuple[Slot, Entry] | None:
        """The highlighted session and its entry, if it is on the watchlist; else say
        `refusal`."""
        slot = self.current_slot()
        if slot is None:
            return None
        entry = self.state.entries.get(slot.id)
        if entry is None or not entry.on_watchlist:
            self.planner.notify_plain(refusal)
            return None
        return slot, entry

    def action_attend(self) -> None:
        queued = self._queued("Add it to the watchlist first (w), then attend it.")
        if queued is None:
            return
        slot, _ = queued
        losers = agenda.clash_losers(self.state.slot_of, self.state.entries, slot.id)
        self.planner.submit(Attend(slot.id, tuple(losers)))
        if losers:
            names = ", ".join(
                printable(s.session.title)[:40]
                for s in (self.state.slot_of(i) for i in losers)
                if s is not None
            )
            self.planner.notify_plain(f"Attending; to watch later: {names}", timeout=6)

    def action_later(self) -> None:
        queued = self._queued("Only a session on the watchlist can be watched later (w).")
        if queued is None:
            return
        slot, entry = queued
        self.planner.submit(
            Plan(self.state.entry_key(slot.id), None if entry.plan == LATER else LATER)
        )

    def action_undo(self) -> None:
        self.planner.take_back()

    def action_redo(self) -> None:
        self.planner.take_back(redo=True)

    def action_help(self) -> None:
        from confplan.tui.screens.help import show_keys

        show_keys(
            self.app,
            [("Agenda", self.BINDINGS), ("Lists", VIM_KEYS), ("Grid", AgendaGrid.BINDINGS)],
        )
