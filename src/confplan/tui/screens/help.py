"""The keys, generated from the live bindings so help cannot drift from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from confplan.tui.screens.key_order import at_once


def describe_bindings(
    groups: list[tuple[str, list[BindingType]]], key_display: Callable[[str], str]
) -> Content:
    parts: list[str | tuple[str, str]] = []
    for title, bindings in groups:
        rows = [b for b in bindings if isinstance(b, Binding) and b.description]
        if not rows:
            continue
        parts.append((f"{title}\n", "bold $accent"))
        for binding in rows:
            keys = " ".join(key_display(k.strip()) for k in binding.key.split(","))
            parts.append((f"  {keys:<16}", "bold"))
            parts.append(f"{binding.tooltip or binding.description}\n")
        parts.append("\n")
    return Content.assemble(*parts)


def show_keys(app: App[Any], groups: list[tuple[str, list[BindingType]]]) -> None:
    """Open the help screen on these groups of bindings, keys shown as the app shows them."""

    def display(key: str) -> str:
        shown: str = app.get_key_display(Binding(key, ""))
        return shown

    app.push_screen(HelpScreen(describe_bindings(groups, display)))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            Binding("escape,question_mark,q", "dismiss(None)", "Close help"),
            Binding("j,down", "scroll('down')", "Down", show=False),
            Binding("k,up", "scroll('up')", "Up", show=False),
            Binding("g,home", "scroll('home')", "Top", show=False),
            Binding("G,end", "scroll('end')", "Bottom", show=False),
            Binding("pagedown,ctrl+d", "scroll('page_down')", "Page down", show=False),
            Binding("pageup,ctrl+u", "scroll('page_up')", "Page up", show=False),
        ]
    )

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(Content.assemble(("Keys", "bold"), "  (Escape closes)\n"))
            yield Static(self.content, id="help-keys")

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#help", VerticalScroll)
        moves = {
            "down": scroller.scroll_down,
            "up": scroller.scroll_up,
            "home": scroller.scroll_home,
            "end": scroller.scroll_end,
            "page_down": scroller.scroll_page_down,
            "page_up": scroller.scroll_page_up,
        }
        moves[direction](animate=False)
