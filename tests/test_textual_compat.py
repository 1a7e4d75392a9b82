"""What confplan's textual_compat module relies on still holds in the installed Textual.

A failure here means a Textual release changed something private that
textual_compat.py reaches for: the message says what, and what to look at.
"""

from __future__ import annotations

import inspect

import textual
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input, Static

from confplan.tui.textual_compat import SteadyInput, set_virtual_size_quietly

BROKEN = (
    "Textual {version} changed {what}; confplan.tui.textual_compat relies on it (see "
    "set_virtual_size_quietly and SteadyInput): update them, or drop them if Textual no "
    "longer lays out the whole screen when a widget's virtual size changes."
)


def _broken(what: str) -> str:
    return BROKEN.format(version=textual.__version__, what=what)


def test_the_private_names_it_uses_are_there() -> None:
    assert callable(getattr(Input, "_watch_value", None)), _broken("Input._watch_value")
    update = getattr(Widget, "_scroll_update", None)
    assert callable(update), _broken("Widget._scroll_update")
    assert list(inspect.signature(update).parameters) == ["self", "virtual_size"], _broken(
        "the parameters of Widget._scroll_update"
    )


class Counting(SteadyInput):
    layouts = 0

    def refresh(self, *regions, repaint=True, layout=False, recompose=False):  # type: ignore[no-untyped-def,override]
        if layout:
            Counting.layouts += 1
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class Field(App[None]):
    CSS = "Counting { width: 12; height: 1; border: none; padding: 0; }"

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Counting()
            yield Static("below")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changes.append(event.value)


async def test_typing_lays_out_nothing_and_the_field_still_works() -> None:
    app = Field()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(Counting)
        field.focus()
        await pilot.pause()
        Counting.layouts = 0
        await pilot.press(*"a short")
        assert Counting.layouts == 0, _broken("how Input sets its virtual size")
        text = "a short filter, wider than the field"
        await pilot.press(*text.removeprefix("a short"))
        await pilot.pause()
        assert field.value == text
        # Once, as the text first overflows (the scrollbars' reactive), not per key.
        assert Counting.layouts <= 1, _broken("how Input sets its virtual size")
        assert field.virtual_size.width == len(text) + 1, _broken("Input's virtual size")
        assert field.scroll_x > 0, _broken("how Input scrolls to its cursor")
        assert app.changes[-1] == text, _broken("Input's Changed message")
        await pilot.press("home")
        assert field.scroll_x == 0
        field.value = ""
        await pilot.pause()
        assert field.cursor_position == 0, _broken("Input's cursor after its value changes")


async def test_a_list_grows_without_a_layout() -> None:
    """What the session list does with each filter keystroke: a new number of rows."""
    app = Field()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(Counting)
        await pilot.pause()
        Counting.layouts = 0
        set_virtual_size_quietly(field, Size(10, 1))  # within the field's 12 cells
        await pilot.pause()
        assert Counting.layouts == 0, _broken("how a widget's virtual size is set")
        assert field.virtual_size == Size(10, 1)
        set_virtual_size_quietly(field, Size(30, 1))  # overflows: the scrollbar's layout
        await pilot.pause()
        assert Counting.layouts <= 1, _broken("how a widget's virtual size is set")
        assert field.max_scroll_x > 0, _broken("the scroll limits that follow the virtual size")
