"""Where the main screen's keys take the focus: between the panes, into the filter
and back, and which keys act while the filter has it (a base of MainScreen, on
SessionActions; MainScreen gives `state`, `current_session` and `too_small`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import Input

from confplan.tui.screens.key_order import settle, takes_typing
from confplan.tui.screens.main_keys import DATA_ACTIONS, FIELD_ACTIONS, PANE_ORDER
from confplan.tui.screens.session_actions import SessionActions
from confplan.tui.widgets.fields import FilterInput
from confplan.tui.widgets.panes import DetailsPane
from confplan.tui.widgets.session_table import SessionTable
from confplan.tui.widgets.side_lists import ThemeList, WatchlistPane


class PaneFocus(SessionActions):
    if TYPE_CHECKING:

        def too_small(self) -> bool: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the filter has the focus, the keys that type text are typed into it.
        While the terminal is too small to show the panes, keys that change data
        do nothing (the user cannot see what they would act on)."""
        focused = self.focused
        if takes_typing(focused) and action not in FIELD_ACTIONS:
            return False
        if action == "choose":
            return isinstance(focused, SessionTable | ThemeList | WatchlistPane | FilterInput)
        if action == "list_move":  # in the filter only; elsewhere the lists' own keys
            return isinstance(focused, FilterInput)
        if action == "scope" and len(self.state.scopes) == 1:
            return False  # one programme, no recommendations: nothing to switch to
        return not (action in DATA_ACTIONS and self.is_mounted and self.too_small())

    async def _leave_field(self) -> None:
        """Before a key acts on the filter or takes the focus from it: let the field
        handle the keys typed before this one."""
        if takes_typing(self.focused):
            await settle(self.focused)

    async def action_choose(self) -> None:
        await self._leave_field()
        focused = self.focused
        if isinstance(focused, FilterInput | ThemeList):
            self.set_focus(self.query_one(SessionTable))
        elif self.current_session() is not None:
            self.set_focus(self.query_one(DetailsPane))

    async def action_list_move(self, action: str) -> None:
        """From the filter: the list takes the keys, and its selection moves."""
        await self._leave_field()
        table = self.query_one(SessionTable)
        self.set_focus(table)
        await table.run_action(action)

    def action_jump(self, name: str) -> None:
        target = self.query_one(f"#{name}")
        if target.display:
            self.set_focus(target)

    async def action_pane(self, step: int) -> None:
        await self._leave_field()
        visible = [name for name in PANE_ORDER if self.query_one(f"#{name}").display]
        focused = self.focused
        current = focused.id if isinstance(focused, Widget) else None
        if current == "filter":
            current = "sessions"
        index = visible.index(current) if current in visible else -1
        self.set_focus(self.query_one(f"#{visible[(index + step) % len(visible)]}"))

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        self.set_focus(field)

    async def action_back(self) -> None:
        await self._leave_field()
        if self.maximized is not None:
            self.minimize()
            return
        field = self.query_one("#filter", Input)
        focused = self.focused
        if focused is field or (not isinstance(focused, SessionTable) and not field.value):
            if focused is field and field.value:
                field.value = ""
                field.display = False
            elif focused is field:
                field.display = False
            self.set_focus(self.query_one(SessionTable))
            return
        if field.value:
            field.value = ""
            field.display = False
            return
        if self.state.theme is not None:
            self.query_one(ThemeList).highlighted = 0
