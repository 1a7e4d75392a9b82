"""The Changes view (what a schedule's update changed in the watchlist, until seen) and
the refresh key's work: fetching a followed schedule again in a worker thread, so the
screen never waits on the network, then opening the updated catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from confplan.errors import ConfplanError
from confplan.text import printable
from confplan.tui.widgets.marks import FLAG

if TYPE_CHECKING:
    from confplan.following import Refreshed
    from confplan.planner.state import PlannerState
    from confplan.tui.app import ConfplanApp


def refresh_schedule(app: ConfplanApp) -> None:
    """Fetch the catalogue's schedule again, in a worker thread."""
    catalogue = app.catalogue
    if catalogue is None:
        return
    path, store_path = catalogue.path, app.store.path
    app.notify_plain("Fetching the schedule again…", timeout=3)

    def work() -> None:
        from confplan import following

        try:
            done = following.refresh(path, store_path)
            reopened = None if done.updated is None else _load(path)
        except ConfplanError as exc:  # its text may quote the server: made safe to show
            text = printable(str(exc), single_line=False)
            app.call_from_thread(app.notify_plain, text, severity="error", timeout=10)
            return
        except Exception as exc:  # what no check foresaw must not end the planner
            detail = printable((str(exc).splitlines() or [""])[0][:200])
            text = f"The refresh failed ({type(exc).__name__}: {detail})"
            app.call_from_thread(app.notify_plain, text, severity="error", timeout=10)
            return
        app.call_from_thread(_refreshed, app, done, reopened)

    app.run_worker(work, thread=True, exclusive=True, group="refresh", name="refresh")


def _load(path: Any) -> Any:
    from confplan import paths
    from confplan.opening import load_catalogue

    return load_catalogue(path, cache_dir=paths.cache_dir())


def _refreshed(app: ConfplanApp, done: Refreshed, catalogue: Any) -> None:
    updated = done.updated
    if updated is None or catalogue is None:
        app.notify_plain("The schedule has not changed since the last fetch.", timeout=5)
        return
    changes = updated.changes
    words = changes.summary()
    if updated.flagged:
        words += f"; {len(updated.flagged)} on your watchlist: C shows them"
    if updated.unplanned:
        words += f"; {len(updated.unplanned)} no longer clash, no longer planned for later"
    app.reopen(catalogue)
    app.notify_plain(f"Schedule updated: {words}", timeout=10)


class ChangesScreen(ModalScreen[None]):
    """The watchlisted sessions an update changed, until seen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="changes.close"),
        Binding("x,space", "seen", "Seen", id="changes.seen", tooltip="Mark this change seen"),
        Binding("A", "seen_all", "All seen", id="changes.all-seen", tooltip="Mark all seen"),
    ]
    DEFAULT_CSS = """
    ChangesScreen { align: center middle; }
    ChangesScreen > Vertical {
        width: 90%; height: 80%; border: round $accent; background: $surface;
    }
    ChangesScreen OptionList { height: 1fr; }
    """

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Changes to your watchlist"
            yield Static(id="changes-help")
            yield OptionList(id="changes-list")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        state = self.state
        found = self.query_one(OptionList)
        found.clear_options()
        for sid, what in state.flags.items():
            session = state.catalogue.get(sid)
            title = session.title if session is not None else "(no longer in the schedule)"
            prompt = Content.assemble(
                (f"{FLAG} {printable(title)}\n", "bold"), (f"   {printable(what)}", "")
            )
            found.add_option(Option(prompt, id=sid))
        count = len(state.flags)
        help_text = (
            f"{count} change(s) since you last looked. x: seen · A: all seen · Esc: close"
            if count
            else "No changes to your watchlist since you last looked. Esc closes."
        )
        self.query_one("#changes-help", Static).update(Content(help_text))
        if count:
            found.highlighted = 0
            found.focus()

    def action_seen(self) -> None:
        found = self.query_one(OptionList)
        index = found.highlighted
        if index is None or not found.option_count:
            return
        sid = found.get_option_at_index(index).id
        if sid is not None:
            self._mark([sid])

    def action_seen_all(self) -> None:
        self._mark(list(self.state.flags))

    def _mark(self, sessions: list[str]) -> None:
        from confplan.progress import flags

        app = cast("ConfplanApp", self.app)
        try:
            flags.seen(app.store, self.state.catalogue.id, sessions)
        except ConfplanError as exc:
            app.notify_plain(f"Not marked seen: {exc}", severity="error")
            return
        for sid in sessions:
            self.state.flags.pop(sid, None)
        self._show()
        for screen in app.screen_stack:  # the watchlist's marks and the details
            refresh = getattr(screen, "refresh_progress", None)
            if refresh is not None and screen.is_mounted:
                refresh()
