"""The main screen's keys: each with an id and a description, so help, the key bar
and the command palette are generated from them and cannot drift.

Every one is a priority binding (see key_order.py): it runs the moment its key
arrives, so keys in a burst are handled in order, against the focus of their
moment. While the filter has the focus, only FIELD_ACTIONS run; the other keys
are typed into it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

PANE_ORDER = ("themes", "sessions", "details", "watchlist", "progress")
DATA_ACTIONS = frozenset(
    {
        "toggle_watchlist",
        "move",
        "toggle_watched",
        "in_progress",
        "undo",
        "redo",
        "rate",
        "note",
        "export",
        "open",
        "copy_url",
    }
)

# What the keys still do while the filter has the focus (none of them types text).
FIELD_ACTIONS = frozenset({"pane", "back", "redo", "choose", "list_move"})

# In the filter, as in fzf and k9s, these move the list's selection at once: the filter
# keeps its text (and where its cursor is) and the keys that follow act on the list.
FILTER_MOVES: list[BindingType] = [
    Binding(
        key,
        f"list_move('{action}')",
        description,
        show=False,
        id=f"main.filter-{name}",
        tooltip=f"In the filter: {tooltip} the list, which takes the next keys",
        priority=True,
    )
    for key, action, name, description, tooltip in (
        ("down,ctrl+n", "cursor_down", "down", "Next match", "down"),
        ("up,ctrl+p", "cursor_up", "up", "Previous match", "up"),
        ("pagedown", "page_down", "page-down", "Page down", "a page down"),
        ("pageup", "page_up", "page-up", "Page up", "a page up"),
    )
]

MAIN_BINDINGS: list[BindingType] = [
    Binding("tab", "pane(1)", "Next pane", show=False, id="main.next-pane", priority=True),
    Binding(
        "shift+tab", "pane(-1)", "Previous pane", show=False, id="main.previous-pane", priority=True
    ),
    *(
        Binding(
            str(number),
            f"jump('{name}')",
            f"{name.capitalize()} pane",
            show=False,
            id=f"main.pane-{number}",
            tooltip=f"Go to the {name} pane",
            priority=True,
        )
        for number, name in enumerate(PANE_ORDER, start=1)
    ),
    Binding(
        "slash",
        "filter",
        "Filter",
        id="main.filter",
        tooltip='Filter as you type, at word starts ("quotes" for a phrase)',
        priority=True,
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        id="main.back",
        tooltip="Back out of a pane, or clear the filter, or show all themes",
        priority=True,
    ),
    Binding(
        "z",
        "zoom",
        "Zoom",
        id="main.zoom",
        tooltip="The focused pane takes the whole screen (z or Escape: back)",
        priority=True,
    ),
    Binding(
        "w",
        "toggle_watchlist",
        "Watchlist",
        id="main.watchlist",
        tooltip="Add the session to the watchlist, or take it off",
        priority=True,
    ),
    Binding(
        "J",
        "move(1)",
        "Later",
        show=False,
        id="main.move-down",
        tooltip="Move the session down the watchlist",
        priority=True,
    ),
    Binding(
        "K",
        "move(-1)",
        "Sooner",
        show=False,
        id="main.move-up",
        tooltip="Move the session up the watchlist",
        priority=True,
    ),
    Binding(
        "x",
        "toggle_watched",
        "Watched",
        id="main.watched",
        tooltip="Mark watched; again to mark unwatched",
        priority=True,
    ),
    Binding(
        "s",
        "in_progress",
        "Started",
        id="main.in-progress",
        tooltip="Mark in progress, with where to resume",
        priority=True,
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        id="main.undo",
        tooltip="Undo the last change (repeatable)",
        priority=True,
    ),
    Binding(
        "ctrl+r",
        "redo",
        "Redo",
        show=False,
        id="main.redo",
        tooltip="Redo what was undone",
        priority=True,
    ),
    Binding(
        "r", "rate", "Rate", id="main.rate", tooltip="Rate 1 to 5 stars (0 clears)", priority=True
    ),
    Binding("n", "note", "Note", id="main.note", tooltip="Write or edit your note", priority=True),
    Binding(
        "o",
        "open",
        "Open",
        id="main.open",
        tooltip="Open the recording where you stopped, or a search for it",
        priority=True,
    ),
    Binding(
        "c",
        "copy_url",
        "Copy link",
        show=False,
        id="main.copy-url",
        tooltip="Copy the recording (or search) link, for when no browser opens",
        priority=True,
    ),
    Binding(
        "e",
        "export",
        "Export",
        id="main.export",
        tooltip="Export sessions and progress as Markdown, CSV or JSON",
        priority=True,
    ),
    Binding(
        "p",
        "scope",
        "Programme",
        id="main.scope",
        tooltip="Switch between the recommended sessions and the whole programme",
        priority=True,
    ),
    Binding(
        "a",
        "agenda",
        "Agenda",
        id="main.agenda",
        tooltip="The agenda: the conference's days in time order, the watchlist's clashes, "
        "now and next",
        priority=True,
    ),
    Binding(
        "N",
        "up_next",
        "Up next",
        show=False,
        id="main.up-next",
        tooltip="Up next: what fits in the time you have (45 minutes; + and - change it)",
        priority=True,
    ),
    Binding(
        "R",
        "review_recaps",
        "Your recaps",
        show=False,
        id="main.recaps",
        tooltip="Review the sessions your own recaps name (confplan recap add): accept or "
        "reject each",
        priority=True,
    ),
    Binding(
        "S",
        "sort",
        "Sort",
        show=False,
        id="main.sort",
        tooltip="Sort by recap consensus, date, title or duration",
        priority=True,
    ),
    Binding(
        "U",
        "refresh_schedule",
        "Refresh schedule",
        show=False,
        id="main.refresh-schedule",
        tooltip="Fetch the followed schedule again (confplan import URL) and update it; "
        "what changed in your watchlist is flagged ⚑",
        priority=True,
    ),
    Binding(
        "C",
        "changes",
        "Changes",
        show=False,
        id="main.changes",
        tooltip="What the schedule's updates changed in your watchlist, until seen",
        priority=True,
    ),
    *FILTER_MOVES,
    # Enter, here rather than on each list: it moves the focus, at once (see
    # key_order.py), which a list's Selected message would do only later.
    Binding(
        "enter",
        "choose",
        "Details",
        show=False,
        id="main.choose",
        tooltip="Open the session's details (on a theme: its sessions; in the filter: "
        "keep it, back to the list)",
        priority=True,
    ),
]
