"""Review the sessions the user's own recaps propose: accept or reject each.

`confplan recap add POST` stores the proposals; those not taken by `--yes` wait
here. A decision is saved at once (through the store writer, like every change)
and the recommendations follow: counts, the Recommended scope, details. `l`
searches the catalogue for a session the matcher missed and links it by hand (to
the recap of the highlighted line); `u` takes a link off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from confplan.errors import ConfplanError
from confplan.planner.commands import Decide, LinkByHand, Unlink
from confplan.progress import user_recaps
from confplan.progress.user_recaps import RecapLink, UserRecap
from confplan.text import line_span, printable
from confplan.tui.screens.key_order import at_once
from confplan.tui.screens.link_dialog import LinkDialog
from confplan.tui.widgets.key_bar import KeyBar
from confplan.tui.widgets.side_lists import ARROW_KEYS, VIM_KEYS

if TYPE_CHECKING:
    from confplan.tui.app import ConfplanApp

EMPTY = (
    "No recaps of your own yet.\n\n"
    "Add any post (Markdown, HTML or text) from a shell:\n\n"
    "  confplan recap add my-notes.md\n\n"
    "confplan finds the sessions it names; review them here. Escape goes back."
)


class ProposalList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            *VIM_KEYS,
            *ARROW_KEYS,
            Binding("space,enter", "screen.accept_or_reject", "Accept/reject", id="recaps.toggle"),
        ]
    )


class RecapReview(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = at_once(
        [
            Binding("escape,R", "close", "Back", id="recaps.close", tooltip="Back to the sessions"),
            Binding("y", "decide(True)", "Accept", id="recaps.accept", tooltip="Accept the link"),
            Binding("n", "decide(False)", "Reject", id="recaps.reject", tooltip="Reject the link"),
            Binding(
                "l",
                "link",
                "Link…",
                id="recaps.link",
                tooltip="Search the catalogue and link a session to this recap by hand",
            ),
            Binding("u", "unlink", "Unlink", id="recaps.unlink", tooltip="Take the link off"),
        ]
    )

    def __init__(self) -> None:
        super().__init__()
        self._links: list[RecapLink] = []
        self._recaps: dict[str, UserRecap] = {}

    @property
    def planner(self) -> ConfplanApp:
        return cast("ConfplanApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield ProposalList(id="review-list")
        yield Static(id="review-passage")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_progress()
        self.set_focus(self.query_one(ProposalList))

    def refresh_progress(self) -> None:
        """Read the proposals again (after a decision here or elsewhere)."""
        catalogue = self.planner.catalogue
        if catalogue is None:
            return
        store = self.planner.store
        self._recaps = {r.id: r for r in user_recaps.recaps(store, catalogue.id)}
        names = {recap_id: r.title for recap_id, r in self._recaps.items()}
        self._links = user_recaps.links(store, catalogue.id)
        listing = self.query_one(ProposalList)
        highlighted = listing.highlighted
        options = []
        for item in self._links:
            session = catalogue.get(item.session)
            title = printable(session.listed_title() if session else item.session)
            box = "[x]" if item.accepted else "[ ]"
            options.append(
                Option(
                    Content.assemble(
                        (f"{box} ", "bold $success" if item.accepted else ""),
                        (f"{item.confidence:.2f} ", "$text-muted"),
                        title,
                        (
                            f"  · {printable(names.get(item.recap, item.recap))[:40]}, "
                            f"{line_span((item.first_line, item.last_line))}",
                            "$text-muted",
                        ),
                    )
                )
            )
        listing.set_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        accepted = sum(item.accepted for item in self._links)
        heading = Content.assemble(
            ("Your recaps", "bold $accent"),
            f"  {accepted} of {len(self._links)} proposed sessions accepted · "
            "space accepts or rejects",
        )
        self.query_one("#review-title", Static).update(heading if self._links else Content(EMPTY))
        self._show_passage()

    def _current(self) -> RecapLink | None:
        index = self.query_one(ProposalList).highlighted
        if index is None or not 0 <= index < len(self._links):
            return None
        return self._links[index]

    @on(OptionList.OptionHighlighted, "#review-list")
    def _show_passage(self) -> None:
        item = self._current()
        panel = self.query_one("#review-passage", Static)
        catalogue = self.planner.catalogue
        if item is None or catalogue is None:
            panel.update("")
            return
        recap = self._recaps.get(item.recap)  # read with the links, not on every move
        text = ""
        if recap is not None:
            from confplan.catalogue.catalogue import document_lines
            from confplan.recaps.user import copy_path

            try:
                lines = document_lines(copy_path(self.planner.store.path.parent, recap.file))
                text = "\n".join(lines[item.first_line - 1 : item.last_line]).strip()
            except OSError:
                text = "(the copy of the post is missing)"
        panel.update(
            Content.assemble(
                (f"matched by {item.matched_by.replace('+', ', ')}\n", "$text-muted"),
                printable(text, single_line=False)[:800],
            )
        )

    def _decide(self, accepted: bool | None) -> None:
        item = self._current()
        if item is None:
            return
        value = (not item.accepted) if accepted is None else accepted
        self.planner.submit(Decide(item.session, item.recap, value))

    def action_accept_or_reject(self) -> None:
        self._decide(None)

    def action_decide(self, accepted: bool) -> None:
        self._decide(accepted)

    def _target(self) -> UserRecap | None:
        """The recap to link to: the highlighted line's, else the one added last."""
        item = self._current()
        if item is not None and item.recap in self._recaps:
            return self._recaps[item.recap]
        return next(reversed(self._recaps.values()), None)

    def action_link(self) -> None:
        recap = self._target()
        catalogue = self.planner.catalogue
        if recap is None or catalogue is None:
            self.planner.notify_plain("No recap to link to: `confplan recap add POST` adds one.")
            return

        def chosen(session_id: str | None) -> None:
            if session_id is not None:
                self._link(recap, session_id)

        self.app.push_screen(LinkDialog(catalogue, recap.title, recap.conference), chosen)

    def _link(self, recap: UserRecap, session_id: str) -> None:
        from confplan.recaps.user import hand_link

        catalogue = self.planner.catalogue
        assert catalogue is not None
        store = self.planner.store
        try:
            item = hand_link(catalogue, store, store.path.parent, recap.id, session_id)
        except ConfplanError as exc:
            self.planner.notify_plain(str(exc), severity="warning")
            return
        self.planner.submit(LinkByHand.of(item))

    def action_unlink(self) -> None:
        item = self._current()
        if item is not None:
            self.planner.submit(Unlink(item.session, item.recap, False))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from confplan.tui.screens.help import show_keys

        show_keys(self.app, [("Your recaps", [*self.BINDINGS, *ProposalList.BINDINGS])])
