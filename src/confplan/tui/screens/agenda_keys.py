"""The agenda's keys, each with an id and a description (help and the key bar are
made from them). All are priority bindings (see key_order.py); while the `/` filter
has the focus only FIELD_ACTIONS run, and the other keys are typed into it.

Two bindings may share a key: the first one whose action is enabled runs (the
screen's `check_action`). So h and ← move between rooms in the grid and between
days in the list, and Enter attends a session, or leaves the filter.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Keys that change the store: only with a session to act on.
DATA_ACTIONS = frozenset({"toggle_watchlist", "attend", "later", "undo", "redo"})
# What still acts while the filter has the focus (none of these keys types text).
FIELD_ACTIONS = frozenset({"back", "choose", "list_move", "redo"})
# Only in the grid, only in the list.
GRID_ACTIONS = frozenset({"column"})

FILTER_MOVES: list[BindingType] = [
    Binding(key, f"list_move('{action}')", show=False, id=f"agenda.filter-{name}")
    for key, action, name in (
        ("down", "cursor_down", "down"),
        ("up", "cursor_up", "up"),
        ("pagedown", "page_down", "page-down"),
        ("pageup", "page_up", "page-up"),
    )
]

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
        "enter",
        "choose",
        "Done",
        show=False,
        id="agenda.filter-done",
        tooltip="In the filter: keep it, and go to the sessions",
    ),
    Binding(
        "L",
        "later",
        "Later",
        id="agenda.later",
        tooltip="Watch this session later instead of attending it; again to undecide",
    ),
    Binding(
        "h,left",
        "column(-1)",
        "Room left",
        show=False,
        id="agenda.grid-left",
        tooltip="In the grid: the room to the left",
    ),
    Binding(
        "l,right",
        "column(1)",
        "Room right",
        show=False,
        id="agenda.grid-right",
        tooltip="In the grid: the room to the right",
    ),
    Binding(
        "h,left,left_square_bracket",
        "day(-1)",
        "Day before",
        id="agenda.previous-day",
        tooltip="The day before ([ in the grid)",
    ),
    Binding(
        "l,right,right_square_bracket",
        "day(1)",
        "Next day",
        id="agenda.next-day",
        tooltip="The next day (] in the grid)",
    ),
    Binding("t", "today", "Now", id="agenda.today", tooltip="Go to today, at the current time"),
    Binding(
        "slash",
        "filter",
        "Filter",
        id="agenda.filter",
        tooltip="Filter the day as you type (title, speaker, room, track)",
    ),
    Binding("T", "cycle_track(1)", "Track", id="agenda.track", tooltip="Only one track: the next"),
    Binding("R", "cycle_room(1)", "Room", id="agenda.room", tooltip="Only one room: the next"),
    Binding("m", "my_day", "My day", id="agenda.my-day", tooltip="Only the watchlist, or all"),
    Binding(
        "v",
        "toggle_grid",
        "Grid",
        id="agenda.grid",
        tooltip="Rooms by time (a column per room), or the list",
    ),
    Binding("u", "undo", "Undo", id="agenda.undo", tooltip="Undo the last change"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="agenda.redo", tooltip="Redo"),
    Binding(
        "escape",
        "back",
        "Back",
        id="agenda.back",
        tooltip="Leave the filter, or clear it and the track, room and my-day choices, "
        "or go back to the sessions",
    ),
    Binding("a", "close", "Back", show=False, id="agenda.close", tooltip="Back to the sessions"),
    Binding("question_mark", "help", "Keys", id="agenda.help", tooltip="Show these keys"),
    *FILTER_MOVES,
]
