"""The agenda: one conference day at a time, in time order, with the watchlist's
clashes, the current time and what is on now and next.

What the agenda knows (days, clashes, now and next) is plain data in
`confplan.agenda`; this screen draws it and turns keys into store changes,
which go through the app like the main screen's (undo included).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.cells import cell_len, set_cell_size
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from confplan import agenda
from confplan.agenda import Slot, Timetable
from confplan.planner.commands import Attend, Plan, ToggleWatch
from confplan.progress.models import LATER, PLAN_LABELS, WATCHED, Entry
from confplan.text import printable
from confplan.tui.screens.key_order import at_once
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

AGENDA_BINDINGS: list[BindingType] = [
    Binding(
        "w",
        "toggle_watchlist",
        "Watchlist",
        id="agenda.watchlist",
        tooltip="Add the session to the watchlist, or take it off",
    ),
    Binding(
        "enter",
        "attend",
        "Attend",
        show=False,  # shown by the list, whose own Enter this replaces
        id="agenda.attend",
        tooltip="Attend this session: the watchlisted sessions it clashes with go to "
        "watch later (still on the watchlist, not attended)",
    ),
    Binding(
        "L",
        "later",
        "Later",
        id="agenda.later",
        tooltip="Watch this session later instead of attending it; again to undecide",
    ),
    Binding(
        "h,left,left_square_bracket",
        "day(-1)",
        "Day before",
        id="agenda.previous-day",
        tooltip="The day before",
    ),
    Binding(
        "l,right,right_square_bracket",
        "day(1)",
        "Next day",
        id="agenda.next-day",
        tooltip="The next day",
    ),
    Binding("t", "today", "Now", id="agenda.today", tooltip="Go to today, at the current time"),
    Binding("u", "undo", "Undo", id="agenda.undo", tooltip="Undo the last change"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="agenda.redo", tooltip="Redo"),
    Binding("escape,a", "close", "Back", id="agenda.close", tooltip="Back to the sessions"),
    Binding("question_mark", "help", "Keys", id="agenda.help", tooltip="Show these keys"),
]

DATA_ACTIONS = frozenset({"toggle_watchlist", "attend", "later", "undo", "redo"})


class AgendaList(OptionList):
    # Enter attends (the list would otherwise "select", which means nothing here).
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [*VIM_KEYS, Binding("enter", "screen.attend", "Attend", id="agenda.list-attend")]
    )


def _fit(text: str, width: int) -> str:
    """Clip to `width` cells (with an ellipsis) and pad to it."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return text + " " * (width - cell_len(text))


def _when(slot: Slot) -> str:
    if slot.instant:
        return f"{slot.start:%H:%M}"
    after_midnight = "⁺" if slot.end.date() != slot.start.date() else ""
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}{after_midnight}"


class AgendaScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = at_once(AGENDA_BINDINGS)

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state
        # the edition chosen in the themes pane, else every timed session
        self.timetable = Timetable(state.catalogue, state.zone, state.conference)
        self.day: datetime.date | None = self.timetable.day_to_show(self.planner.clock())
        self._rows: list[str | None] = []  # session id per option (None: the "now" line)

    @property
    def planner(self) -> ConfplanApp:
        return cast("ConfplanApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title")
        yield Static(id="agenda-now")
        if self.timetable:
            yield AgendaList(id="agenda-list")
            yield Static(id="agenda-detail")
        else:
            yield Static(NO_TIMES, id="agenda-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.timetable:
            self.refresh_progress(to_now=True)
            self.set_focus(self.query_one(AgendaList))
        else:
            self._draw_title()
            self.query_one("#agenda-now").display = False

    def on_resize(self) -> None:
        if self.timetable:
            self.refresh_progress()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in DATA_ACTIONS or action in ("day", "today"):
            return bool(self.timetable)
        return True

    # -- drawing -------------------------------------------------------------

    def refresh_progress(self, *, to_now: bool = False) -> None:
        """Progress or the day changed: redraw, keeping the highlighted session."""
        self._draw_title()
        if not self.timetable or self.day is None:
            return
        listing = self.query_one(AgendaList)
        keep = self.current_id()
        clashes = self.state.clashes()
        now = self.planner.clock().astimezone(self.timetable.zone)
        show_now = self.timetable.is_on(now) and agenda.day_of(now) == self.day
        width = max((listing.scrollable_content_region.width or self.size.width or 80) - 1, 30)
        options: list[Option] = []
        rows: list[str | None] = []
        now_row = None
        for slot in self.timetable.by_day[self.day]:
            if show_now and now_row is None and slot.start > now:
                now_row = len(options)
                options.append(self._now_line(now, width))
                rows.append(None)
            options.append(self._option(slot, clashes, width))
            rows.append(slot.id)
        if show_now and now_row is None:
            now_row = len(options)
            options.append(self._now_line(now, width))
            rows.append(None)
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
            listing.highlighted = min(highlighted or 0, len(rows) - 1)
        listing.scroll_to_highlight()
        self._draw_now(now)
        self._draw_detail()

    def _now_line(self, now: datetime.datetime, width: int) -> Option:
        label = f" now {now:%H:%M} "
        rule = "─" * max((width - len(label)) // 2, 2)
        return Option(Content.assemble((f"{rule}{label}{rule}", "bold $error")), disabled=True)

    def _option(self, slot: Slot, clashes: dict[str, tuple[str, ...]], width: int) -> Option:
        entry = self.state.entries.get(slot.id)
        session = slot.session
        queued = entry is not None and entry.on_watchlist
        later = queued and entry is not None and entry.plan == LATER
        mark, mark_style = "  ", ""
        if later:
            mark, mark_style = "↓ ", "$text-muted"
        elif queued:
            mark, mark_style = "★ ", "bold $accent"
        if entry is not None and entry.status == WATCHED:
            mark = "● " if not queued else mark
        clash = slot.id in clashes
        room = printable(session.room or "")
        room_width = min(cell_len(room), max(width // 4, 10)) if room else 0
        title_width = width - 13 - 2 - (room_width + 2 if room else 0) - (2 if clash else 0)
        title = _fit(printable(session.listed_title()), title_width)
        title_style = "bold" if queued and not later else "$text-muted" if later else ""
        if session.nothing_to_watch:  # badge pick-up, cloakroom, a cancelled session
            title_style = "$text-disabled"
        parts: list[str | tuple[str, str]] = [
            (f"{_when(slot):<13}", "$text-muted"),
            (mark, mark_style),
            (title, title_style),
        ]
        if clash:
            parts.append(("⚠ ", "bold $error"))
        if room:
            parts.append(("  " + _fit(room, room_width), "$text-muted"))
        for other in clashes.get(slot.id, ()):
            other_slot = self.state.slot_of(other)
            if other_slot is None:
                continue
            line = f"clashes with {printable(other_slot.session.title)} ({_when(other_slot)})"
            parts.append(("\n" + " " * 15 + _fit("⚠ " + line, width - 15), "$error"))
        return Option(Content.assemble(*parts), id=f"slot:{slot.id}")

    def _draw_title(self) -> None:
        timetable = self.timetable
        parts: list[str | tuple[str, str]] = [("Agenda", "bold $accent")]
        if self.day is not None:
            number = timetable.days.index(self.day) + 1
            day = self.day
            parts += [
                "  ",
                (f"{day:%a} {day.day} {day:%b %Y}", "bold"),
                f" · day {number} of {len(timetable.days)}",
                f" · {timetable.zone_label()}",
            ]
        count = agenda.clash_count(self.state.clashes()) if timetable else 0
        if count:
            parts.append((f" · ⚠ {count} clash{'es' if count > 1 else ''}", "bold $error"))
        if timetable and timetable.untimed:
            parts.append((f" · {timetable.untimed} without a time", "$text-muted"))
        self.query_one("#agenda-title", Static).update(Content.assemble(*parts))

    def _draw_now(self, now: datetime.datetime) -> None:
        panel = self.query_one("#agenda-now", Static)
        found = agenda.now_and_next(self.state.slot_of, self.state.entries, now)
        if not self.timetable.is_on(now) or not (found.now or found.next):
            panel.display = False
            return
        panel.display = True
        parts: list[str | tuple[str, str]] = []
        for label, slots in (("Now", found.now), ("Next", found.next)):
            if not slots:
                continue
            if parts:
                parts.append("   ")
            parts.append((f"{label} ", "bold"))
            parts.append(
                " · ".join(
                    f"{s.start:%H:%M} {printable(s.session.title)}"
                    + (f" ({printable(s.session.room)})" if s.session.room else "")
                    for s in slots
                )
            )
        panel.update(Content.assemble(*parts))

    def _draw_detail(self) -> None:
        slot = self.current_slot()
        detail = self.query_one("#agenda-detail", Static)
        if slot is None:
            detail.update("")
            return
        session = slot.session
        entry = self.state.entries.get(slot.id)
        facts = [session.speaker_names(), session.room, session.track]
        line = " · ".join(printable(f) for f in facts if f)
        status = "not on the watchlist: w adds it"
        if entry is not None and entry.on_watchlist:
            plan = PLAN_LABELS[entry.plan] if entry.plan else "no plan yet"
            status = f"watchlist #{entry.watchlist_pos} · {plan}"
        width = max(detail.scrollable_content_region.width or self.size.width - 2, 20)
        parts: list[str | tuple[str, str]] = [
            (_fit(printable(session.title), width).rstrip(), "bold"),
            "\n",
            (_fit(line, width).rstrip(), "$text-muted"),
            "\n",
            _fit(f"{_when(slot)} · {status}", width).rstrip(),
        ]
        detail.update(Content.assemble(*parts))

    # -- which session -------------------------------------------------------

    def current_id(self) -> str | None:
        if not self.timetable:
            return None
        index = self.query_one(AgendaList).highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    def current_slot(self) -> Slot | None:
        session_id = self.current_id()
        return self.timetable.by_id.get(session_id) if session_id else None

    @on(OptionList.OptionHighlighted, "#agenda-list")
    def _highlighted(self) -> None:
        self._draw_detail()

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

        show_keys(self.app, [("Agenda", self.BINDINGS), ("Lists", VIM_KEYS)])
