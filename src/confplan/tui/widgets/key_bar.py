"""The key bar at the bottom: the keys that work now, from the live bindings.

One widget drawing one line, rather than Textual's Footer (a widget per key,
recomposed on every focus change): cheaper to start and to tab between panes.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        parts: list[str | tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            parts.append((self.app.get_key_display(binding), "bold $footer-key-foreground"))
            parts.append(f" {binding.description}  ")
        parts.append(("^p", "bold $footer-key-foreground"))
        parts.append(" Commands")
        self.update(Content.assemble(*parts))
