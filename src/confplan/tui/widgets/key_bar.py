"""The key bar at the bottom: the keys that work now, from the live bindings.

One widget drawing one line, rather than Textual's Footer (a widget per key,
recomposed on every focus change): cheaper to start and to tab between panes.
When the line is too short for every key, `?` (help, which lists them all)
and `q` (quit) always stay; the others are shown in order while they fit.
`shown_key` is how the other panes name a key, as the user's [keys] rebound it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

ALWAYS = ("screen.help", "help", "quit", "app.quit")


def _declared(node: DOMNode, binding: Binding) -> tuple[int, int, int]:
    """Where a live binding was declared: the focused widget's keys first, then its
    screen's, then the app's; each node's in the order of its BINDINGS, and a binding's
    keys in the order written. (The live bindings are a map by key, in which a priority
    binding takes the place of the key it overrides, wherever that key came first.)"""
    declared = [b for cls in type(node).__mro__ for b in cls.__dict__.get("BINDINGS", ())]
    for index, candidate in enumerate(declared):
        if isinstance(candidate, Binding) and candidate.action == binding.action:
            keys = [key.strip() for key in candidate.key.split(",")]
            at = keys.index(binding.key) if binding.key in keys else len(keys)
            return -len(node.ancestors_with_self), index, at
    return -len(node.ancestors_with_self), len(declared), 0


def _in_declared_order(active: list[ActiveBinding]) -> list[ActiveBinding]:
    return sorted(active, key=lambda a: _declared(a.node, a.binding))


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[tuple[str, str, bool]] = []  # (key, description, always shown)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._draw()

    def _bindings_changed(self, screen: object) -> None:
        keys: list[tuple[str, str, bool]] = []
        seen: set[str] = set()
        for active in _in_declared_order(list(self.screen.active_bindings.values())):
            binding = active.binding
            if not binding.show or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            keys.append(
                (self.app.get_key_display(binding), binding.description, binding.action in ALWAYS)
            )
        keys.append(("^p", "Commands", False))
        self._keys = keys
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or self.app.size.width - 2
        room = width - sum(len(k) + len(d) + 3 for k, d, always in self._keys if always)
        shown = []
        for key, description, always in self._keys:
            cost = len(key) + len(description) + 3
            if always:
                shown.append((key, description))
            elif cost <= room:
                shown.append((key, description))
                room -= cost
            else:
                room = -1  # keep the order: nothing after a key that did not fit
        parts: list[str | tuple[str, str]] = []
        for key, description in shown:
            parts.append((key, "bold $footer-key-foreground"))
            parts.append(f" {description}  ")
        self.update(Content.assemble(*parts))


def shown_key(app: App[Any], binding_id: str, default: str) -> str:
    """The first key of a binding as the user rebound it, as the app displays keys."""
    keymap: Mapping[str, str] = getattr(app, "user_keys", {})
    first = keymap.get(binding_id, default).split(",")[0]
    shown: str = app.get_key_display(Binding(first, ""))
    return shown
