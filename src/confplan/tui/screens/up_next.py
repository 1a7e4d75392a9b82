"""Up next: what fits in the time you have, as `confplan next` lists it.

The watchlist in its order (with `m`, then the most recommended sessions), without
what is watched, filling a budget of minutes (45 by default; `+` and `-` change
it). Lengths marked `~` are estimates; a session in progress counts what is left;
sessions of unknown length are listed apart. `o` opens the highlighted one where
you stopped. What fits is plain data in `confplan.watching`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from confplan.text import format_clock, format_minutes, is_safe_url, printable
from confplan.tui.screens.key_order import at_once
from confplan.tui.widgets.key_bar import KeyBar
from confplan.tui.widgets.side_lists import ARROW_KEYS, VIM_KEYS
from confplan.watching import DEFAULT_BUDGET_MIN, MAX_BUDGET_MIN, UpNextItem, up_next

if TYPE_CHECKING:
    from confplan.planner.state import PlannerState
    from confplan.tui.app import ConfplanApp

STEP_MIN = 15

UP_NEXT_BINDINGS: list[BindingType] = [
    Binding(
        "o,enter", "open", "Open", id="next.open", tooltip="Open the recording, where you stopped"
    ),
    Binding(
        "plus,equals_sign", "budget(1)", "+15m", id="next.more-time", tooltip="15 minutes more"
    ),
    Binding("minus", "budget(-1)", "-15m", id="next.less-time", tooltip="15 minutes less"),
    Binding(
        "m",
        "more",
        "Recommended",
        id="next.more",
        tooltip="After the watchlist, the most recommended sessions too "
        "(again: the watchlist only)",
    ),
    Binding("escape,N", "close", "Back", id="next.close", tooltip="Back to the sessions"),
    Binding("question_mark", "help", "Keys", id="next.help", tooltip="Show these keys"),
]


class UpNextList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [*VIM_KEYS, *ARROW_KEYS]


class UpNextScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = at_once(UP_NEXT_BINDINGS)
    DEFAULT_CSS = """
    #next-title { height: auto; padding: 0 1; background: $panel; }
    #next-list { height: 1fr; border: none; }
    #next-footer { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, state: PlannerState, budget_min: int = DEFAULT_BUDGET_MIN) -> None:
        super().__init__()
        self.state = state
        self.budget_min = budget_min
        self.more = False
        self._rows: list[UpNextItem | None] = []  # per option (None: a heading)

    @property
    def planner(self) -> ConfplanApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="next-title")
        yield UpNextList(id="next-list")
        yield Static(id="next-footer")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_progress()
        self.set_focus(self.query_one(UpNextList))

    def refresh_progress(self) -> None:
        """Work out what fits again (after a change here or elsewhere)."""
        plan = up_next(self.state.catalogue, self.state.entries, self.budget_min, more=self.more)
        options: list[Option] = []
        self._rows = []
        for n, item in enumerate(plan.fits, start=1):
            options.append(Option(_row(f"{n:>2}.", item)))
            self._rows.append(item)
        if plan.unknown:
            options.append(
                Option(Content(f"Length unknown, not counted ({len(plan.unknown)})"), disabled=True)
            )
            self._rows.append(None)
            for item in plan.unknown:
                options.append(Option(_row("  -", item)))
                self._rows.append(item)
        listing = self.query_one(UpNextList)
        highlighted = listing.highlighted
        listing.set_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        scope = "watchlist, then the recaps' picks" if self.more else "watchlist"
        count = len(plan.fits)
        self.query_one("#next-title", Static).update(
            Content.assemble(
                ("Up next", "bold $accent"),
                f"  in {format_minutes(plan.budget_min)}: {count} "
                f"session{'' if count == 1 else 's'}, {format_minutes(plan.used_min)} · "
                f"from the {scope}",
            )
        )
        notes = ["~ an estimated length"]
        if plan.too_long:
            notes.append(f"{plan.too_long} more do not fit in what is left")
        if not options:
            notes.insert(0, "Nothing to watch: add sessions to the watchlist (w), or press m")
        self.query_one("#next-footer", Static).update(Content(" · ".join(notes)))

    def _current(self) -> UpNextItem | None:
        index = self.query_one(UpNextList).highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    def action_open(self) -> None:
        item = self._current()
        link = item.link if item else None
        if link is None or not is_safe_url(link.url):
            self.app.notify(
                "No recording or search link to open here.", severity="warning", markup=False
            )
            return
        what = link.what + (f" at {format_clock(link.position_s)}" if link.position_s else "")
        if self.planner.open_link(link.url):
            self.app.notify(f"Opening the {what}: {printable(link.url)[:80]}", markup=False)
        else:
            self.planner.copy_to_clipboard(link.url)
            self.app.notify(
                f"Could not open a browser for the {what}; the link is copied: "
                f"{printable(link.url)[:80]}",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def action_budget(self, step: int) -> None:
        self.budget_min = max(STEP_MIN, min(MAX_BUDGET_MIN, self.budget_min + step * STEP_MIN))
        self.refresh_progress()

    def action_more(self) -> None:
        self.more = not self.more
        self.refresh_progress()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from confplan.tui.screens.help import show_keys

        show_keys(self.app, [("Up next", self.BINDINGS), ("Lists", VIM_KEYS)])


def _row(number: str, item: UpNextItem) -> Content:
    parts: list[str | tuple[str, str]] = [
        (f"{number} ", "$text-muted"),
        (f"{item.length_label():>6}  ", "bold"),
        printable(item.session.title),
    ]
    position = item.link.saved_position_s if item.link else None
    if position is not None:
        left = "" if item.left_min is None else f", {format_minutes(item.left_min)} left"
        parts.append((f"  ◐ at {format_clock(position)}{left}", "$warning"))
    if item.source == "recommended":
        parts.append((f"  · recommended by {len(item.session.recommended_by)}", "$text-muted"))
    return Content.assemble(*parts)
