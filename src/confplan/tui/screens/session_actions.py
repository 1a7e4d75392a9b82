"""What the main screen's keys do to the current session through a dialog or the
outside world: resume point, rating, note, its link, and the export dialog.

The base of MainScreen (which gives `current_session`, `state`, `planner`
and `notify_plain`); dialogs are imported when first used, since
most sessions never open most of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from confplan.planner.commands import Mark, Note, Rate
from confplan.progress.models import IN_PROGRESS
from confplan.text import format_clock, is_safe_url, printable

if TYPE_CHECKING:
    from confplan import export
    from confplan.catalogue.models import Session
    from confplan.planner.state import PlannerState
    from confplan.tui.app import ConfplanApp
    from confplan.watching import WatchLink


class SessionActions(Screen[None]):
    if TYPE_CHECKING:
        state: PlannerState

        @property
        def planner(self) -> ConfplanApp: ...

        def current_session(self) -> Session | None: ...

        def notify_plain(self, message: str, **kwargs: object) -> None: ...

    def action_in_progress(self) -> None:
        session = self.current_session()
        if session is None:
            return
        entry = self.state.entries.get(session.id)
        from confplan.tui.screens.dialogs import ResumeDialog

        def done(result: int | bool | None) -> None:
            if result is None:
                return
            position = None if result is False else int(result)
            self.planner.submit(Mark(self.state.entry_key(session.id), IN_PROGRESS, position))

        self.planner.push_screen(
            ResumeDialog(session.title, entry.position_s if entry else None), done
        )

    def action_rate(self) -> None:
        session = self.current_session()
        if session is None:
            return
        entry = self.state.entries.get(session.id)
        from confplan.tui.screens.dialogs import CLEAR, RateDialog

        def done(value: int | None) -> None:
            if value is not None:
                self.planner.submit(
                    Rate(self.state.entry_key(session.id), None if value == CLEAR else value)
                )

        self.planner.push_screen(RateDialog(session.title, entry.rating if entry else None), done)

    def action_note(self) -> None:
        session = self.current_session()
        if session is None:
            return
        entry = self.state.entries.get(session.id)
        from confplan.tui.screens.dialogs import NoteDialog

        def done(text: str | None) -> None:
            if text is not None:
                self.planner.submit(Note(self.state.entry_key(session.id), text or None))

        self.planner.push_screen(NoteDialog(session.title, entry.note if entry else None), done)

    def _link(self) -> WatchLink | None:
        """The current session's recording (or search) link, at the saved position for a
        session in progress, if safe."""
        from confplan.watching import watch_link  # only when a link is opened or copied

        session = self.current_session()
        link = None if session is None else watch_link(session, self.state.entries.get(session.id))
        if link is None:
            self.notify_plain("No recording or search link for this session.", severity="warning")
            return None
        if not is_safe_url(link.url):
            self.notify_plain(
                f"Refused to open {printable(link.url)[:80]!r}: not a plain http(s) link.",
                severity="error",
            )
            return None
        return link

    def action_open(self) -> None:
        link = self._link()
        if link is None:
            return
        url, what = link.url, link.what
        if link.position_s:
            what += f" at {format_clock(link.position_s)}"
        session = self.current_session()
        recording = session.recording if session is not None else None
        unconfirmed = recording is not None and recording.unconfirmed
        if self.planner.open_link(url):
            if unconfirmed:
                self.notify_plain(
                    "Opening an unconfirmed recording (matched with low confidence: it may "
                    f"be another session's): {printable(url)[:80]}",
                    severity="warning",
                    timeout=8,
                )
            else:
                self.notify_plain(f"Opening the {what}: {printable(url)[:80]}")
        else:
            self.notify_plain(
                f"Could not open a browser for the {what}. Press c to copy the link: "
                f"{printable(url)[:80]}",
                severity="warning",
                timeout=10,
            )

    def action_copy_url(self) -> None:
        link = self._link()
        if link is not None:
            self.planner.copy_to_clipboard(link.url)
            self.notify_plain(f"Copied the {link.what} link: {printable(link.url)[:80]}")

    def action_up_next(self) -> None:
        from confplan.tui.screens.up_next import UpNextScreen

        self.planner.push_screen(UpNextScreen(self.state))

    def action_export(self) -> None:
        from confplan import export
        from confplan.tui.screens.export_dialog import ExportDialog

        state = self.state
        theme = None
        if state.theme and state.theme in state.catalogue.themes:
            theme = (state.theme, state.catalogue.themes[state.theme].name)

        def make(selection: export.Selection) -> export.Export:
            return export.select(state.catalogue, state.entries, state.history, selection)

        options = export.Options(zone=state.zone)  # --tz, as the CLI's exports honour it
        self.planner.push_screen(ExportDialog(make, theme, self.planner.export_folder, options))
