"""The README's promises: its key table matches the real bindings."""

from __future__ import annotations

import re

from textual.binding import Binding

from confplan.tui.app import ConfplanApp
from confplan.tui.screens.main import MainScreen
from confplan.tui.widgets.session_table import SessionTable
from tests.helpers import ROOT

DISPLAY = {
    "slash": "/",
    "question_mark": "?",
    "escape": "esc",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def test_every_bound_key_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Keys") : readme.index("## Use from scripts")]
    documented = set(re.findall(r"`([^`]+)`", table))
    bindings = [*ConfplanApp.BINDINGS, *MainScreen.BINDINGS, *SessionTable.BINDINGS]
    for binding in bindings:
        assert isinstance(binding, Binding)
        keys = [k.strip() for k in binding.key.split(",")]
        shown = [DISPLAY.get(k, k) for k in keys]
        # every binding is documented under at least one of its keys
        assert any(k in documented for k in shown), (binding.key, binding.description)


def test_every_agenda_key_is_in_the_readme() -> None:
    from confplan.tui.screens.agenda import AgendaList, AgendaScreen

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### The agenda") : readme.index("## Use from scripts")]
    documented = set(re.findall(r"`([^`]+)`", table))
    for binding in [*AgendaScreen.BINDINGS, *AgendaList.BINDINGS]:
        assert isinstance(binding, Binding)
        if binding.action == "help" or binding.key in ("j", "k", "g", "G"):
            continue  # the keys every list has, and help, are in the table above
        shown = [DISPLAY.get(k.strip(), k.strip()) for k in binding.key.split(",")]
        assert all(k in documented for k in shown), (binding.key, binding.description)


def test_the_readme_screenshot_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/screenshot.svg)" in readme
    assert (ROOT / "docs" / "screenshot.svg").read_text(encoding="utf-8").startswith("<svg")
