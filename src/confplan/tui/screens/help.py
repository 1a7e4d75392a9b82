"""The keys, generated from the bindings (as the user's [keys] rebound them) so help
cannot drift from them; then what the list's columns count and what each mark means."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from confplan.tui.screens.key_order import at_once
from confplan.tui.widgets.marks import COLUMNS, LEGEND, with_keys


def describe_bindings(
    groups: list[tuple[str, list[BindingType]]],
    key_display: Callable[[str], str],
    keymap: Mapping[str, str] | None = None,
) -> Content:
    """The keys of each group, as rebound by `keymap` (binding id to keys), then the
    legend of the marks."""
    keymap = keymap or {}
    parts: list[str | tuple[str, str]] = []
    for title, bindings in groups:
        rows = [b for b in bindings if isinstance(b, Binding) and b.description]
        if not rows:
            continue
        parts.append((f"{title}\n", "bold $accent"))
        for binding in rows:
            written = keymap.get(binding.id or "", binding.key)
            keys = " ".join(key_display(k.strip()) for k in written.split(","))
            parts.append((f"  {keys:<16}", "bold"))
            parts.append(f"{binding.tooltip or binding.description}\n")
        parts.append("\n")

    def key_of(binding_id: str, default: str) -> str:
        return key_display(keymap.get(binding_id, default).split(",")[0])

    return Content.assemble(*parts, *legend_parts(key_of))


def legend_parts(key_of: Callable[[str, str], str]) -> list[str | tuple[str, str]]:
    """What the session list's columns count, and what every mark means."""
    parts: list[str | tuple[str, str]] = [("Columns of the session list\n", "bold $accent")]
    for name, meaning in COLUMNS:
        parts += [(f"  {name:<8}", "bold"), f"{meaning}\n"]
    parts.append(("\nMarks\n", "bold $accent"))
    for mark, meaning in LEGEND:
        parts += [(f"  {mark:<4}", "bold"), f"{with_keys(meaning, key_of)}\n"]
    return parts


def show_keys(app: App[Any], groups: list[tuple[str, list[BindingType]]]) -> None:
    """Open the help screen on these groups of bindings, keys shown as the app shows them
    (and as the user's [keys] rebound them)."""

    def display(key: str) -> str:
        shown: str = app.get_key_display(Binding(key, ""))
        return shown

    keymap: Mapping[str, str] = getattr(app, "user_keys", {})
    app.push_screen(HelpScreen(describe_bindings(groups, display, keymap)))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            Binding("escape,question_mark,q", "dismiss(None)", "Close help", id="help.close"),
            Binding("j,down", "scroll('down')", "Down", show=False, id="help.down"),
            Binding("k,up", "scroll('up')", "Up", show=False, id="help.up"),
            Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
            Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.bottom"),
            Binding(
                "pagedown,ctrl+d",
                "scroll('page_down')",
                "Page down",
                show=False,
                id="help.page-down",
            ),
            Binding("pageup,ctrl+u", "scroll('page_up')", "Page up", show=False, id="help.page-up"),
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
