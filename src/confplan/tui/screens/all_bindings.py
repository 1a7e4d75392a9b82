"""Every binding of the TUI, grouped by what is active at the same time.

The user's `[keys]` table is checked against these groups (tui/keymap.py): an id
must name one of the bindings, and a key given to it must not be taken by another
binding of a group it is in. A screen's keys work together with the app's (a
dialog's without them: a modal screen stops the app's keys) and with those of the
widget that has the focus, one widget at a time.

Imported only when the user has a `[keys]` table (and by `confplan config check`):
it imports every screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.binding import BindingType
from textual.dom import DOMNode

from confplan.tui.keymap import Checked, Context, check
from confplan.tui.screens.agenda import AgendaList, AgendaScreen
from confplan.tui.screens.agenda_grid import AgendaGrid
from confplan.tui.screens.changes import ChangesScreen
from confplan.tui.screens.dialogs import NoteDialog, RateDialog, ResumeDialog
from confplan.tui.screens.export_dialog import ConfirmDialog, ExportDialog
from confplan.tui.screens.help import HelpScreen
from confplan.tui.screens.link_dialog import LinkDialog
from confplan.tui.screens.main import MainScreen
from confplan.tui.screens.recap_review import ProposalList, RecapReview
from confplan.tui.screens.up_next import UpNextList, UpNextScreen
from confplan.tui.widgets.panes import DetailsPane
from confplan.tui.widgets.session_table import SessionTable
from confplan.tui.widgets.side_lists import ThemeList


def declared(node: type[DOMNode]) -> list[BindingType]:
    """The bindings a class declares, with those of the classes it builds on."""
    return [b for cls in reversed(node.__mro__) for b in cls.__dict__.get("BINDINGS", ())]


def contexts(app_bindings: Sequence[BindingType]) -> list[Context]:
    app = list(app_bindings)
    groups: list[Context] = []
    main = [*app, *declared(MainScreen)]
    for where, widget in (
        ("in the session list", SessionTable),
        ("in the themes and watchlist", ThemeList),
        ("in the details and progress", DetailsPane),
    ):
        groups.append(Context(where, [*main, *declared(widget)]))
    for where, screen, focused in (
        ("in the agenda", AgendaScreen, AgendaList),
        ("in the agenda's grid", AgendaScreen, AgendaGrid),
        ("in up next", UpNextScreen, UpNextList),
        ("in your recaps", RecapReview, ProposalList),
    ):
        groups.append(Context(where, [*app, *declared(screen), *declared(focused)]))
    for where, dialog in (
        ("in help", HelpScreen),
        ("in the changes", ChangesScreen),
        ("in the link dialog", LinkDialog),
        ("in the export dialog", ExportDialog),
        ("when asked to confirm", ConfirmDialog),
        ("in the rating dialog", RateDialog),
        ("in the note dialog", NoteDialog),
        ("in the resume dialog", ResumeDialog),
    ):
        groups.append(Context(where, declared(dialog)))
    return groups


def check_keys(entries: Mapping[str, str], app_bindings: Sequence[BindingType]) -> Checked:
    """The user's [keys] entries checked against every binding: those that apply, and
    why the others do not."""
    return check(entries, contexts(app_bindings))
