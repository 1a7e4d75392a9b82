"""The Textual application: wires the catalogue, the store writer and the screens."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from confplan.catalogue.catalogue import Catalogue
from confplan.errors import ConfplanError
from confplan.planner.commands import Command
from confplan.planner.state import PlannerState
from confplan.planner.writer import Report, StoreWriter
from confplan.preferences import Preferences
from confplan.preferences import load as load_preferences
from confplan.preferences import save as save_preferences
from confplan.progress.store import ProgressStore
from confplan.query import SORT_KEYS
from confplan.text import printable
from confplan.tui.palette import main_screen_commands
from confplan.tui.screens.key_order import settle
from confplan.tui.screens.main import MainScreen
from confplan.tui.store_reports import StoreReported, show_report

if TYPE_CHECKING:
    from confplan.tui.reminders import Reminders
    from confplan.tui.screens.loading import LoadingScreen


def _open_in_browser(url: str) -> bool:
    import webbrowser

    try:
        return webbrowser.open(url)
    except Exception:  # a broken browser setting is a failure to open, not a crash
        return False


class ConfplanApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "confplan"
    # Textual declares these as instance attributes, so no ClassVar here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-tiny-w"),
        (60, "-narrow"),
        (150, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-tiny-h"),
        (16, "-short"),
        (34, "-tall"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (every change is already saved)"),
        Binding(
            "ctrl+c",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit-ctrl-c",
            tooltip="Quit, like q",
        ),
        Binding("question_mark", "screen.help", "Keys", id="app.help", tooltip="Show these keys"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            id="app.commands",
            tooltip="Search every command by name",
        ),
    ]

    def __init__(
        self,
        store: ProgressStore,
        catalogue: Catalogue | None = None,
        *,
        load: Callable[..., Catalogue] | None = None,
        open_url: Callable[[str], object] | None = None,
        cursor_blink: bool = True,
        export_folder: Path | None = None,
        preferences_path: Path | None = None,
        time_zone: str | None = None,
        now: datetime.datetime | None = None,
    ) -> None:
        super().__init__()
        self.time_zone = time_zone  # --tz: the agenda's zone, over the preference
        # --now: the clock starts at this moment and runs on from it (rehearsing a day).
        self._now = (now, time.monotonic()) if now is not None else None
        self.preferences_path = preferences_path
        self.preferences = Preferences()
        self._preferences_problem: str | None = None
        if preferences_path is not None:
            self.preferences, self._preferences_problem = load_preferences(preferences_path)
        self.export_folder = export_folder or Path.home()
        self.cursor_blink = cursor_blink  # off for screenshots, which must be repeatable
        self.store = store
        self.catalogue = catalogue
        self._load = load
        self._open_url = open_url or _open_in_browser
        self.user_keys: dict[str, str] = {}  # the [keys] entries that apply: id to keys
        self.state: PlannerState | None = None
        self._laid: tuple[object, ...] = ()
        self.store_writer: StoreWriter | None = None
        self.error_message = ""  # printed by the launcher after the app has exited
        self.reminders: Reminders | None = None  # remind_minutes in the preferences
        self._loading: LoadingScreen | None = None  # shown while a catalogue is parsed

    # -- start-up -----------------------------------------------------------

    def on_mount(self) -> None:
        theme = self.preferences.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self._preferences_problem = f"unknown colour theme {theme!r} in the preferences"
        self.theme_changed_signal.subscribe(self, lambda t: self.remember(theme=t.name))
        if self._preferences_problem:
            self.notify_plain(self._preferences_problem, severity="warning", timeout=8)
        if self.preferences.keys:
            self._apply_user_keys()
        if self.catalogue is not None:
            # After the start-up batch: a frame drawn inside it is thrown away.
            self.call_later(self._start, self.catalogue)
        else:
            self._show_loading(
                "First start with this catalogue (or it changed): "
                "parsing it once; the next start uses the saved copy."
            )
            self._load_catalogue()

    def _show_loading(self, text: str) -> None:
        """The loading screen, imported only when a catalogue is parsed or reopened:
        a warm start never shows it."""
        from confplan.tui.screens.loading import LoadingScreen

        self._loading = LoadingScreen(text)
        self.push_screen(self._loading)

    def _apply_user_keys(self) -> None:
        """The [keys] table of the preferences, as Textual's keymap; what cannot apply
        (an unknown id, a key name or a clash) is said and left out."""
        from confplan.tui.screens.all_bindings import check_keys

        checked = check_keys(dict(self.preferences.keys), self.BINDINGS)
        self.user_keys = checked.keymap
        self.set_keymap(checked.keymap)
        if checked.problems:
            self.notify_plain(
                checked.summary(), title="Keys left as they were", severity="warning", timeout=12
            )

    @work(thread=True, exclusive=True, group="load")
    def _load_catalogue(self) -> None:
        assert self._load is not None
        started = time.monotonic()

        def progress(stage: str) -> None:
            self.call_from_thread(self._loading_stage, stage, time.monotonic() - started)

        later: list[Callable[[], None]] = []
        try:
            catalogue = self._load(progress, later.append)
        except ConfplanError as exc:
            self.error_message = str(exc)
            self.call_from_thread(self.exit, exc.exit_code, exc.exit_code)
            return
        self.call_from_thread(self._start, catalogue)
        for task in later:  # the cache entry, written once the sessions are on screen
            task()

    def _loading_stage(self, stage: str, elapsed: float) -> None:
        if self._loading is not None and self.screen is self._loading:
            self._loading.stage(stage, elapsed)

    def _lay_recaps(self) -> tuple[object, ...]:
        """Lay the user's own recaps over the catalogue; what was laid, to compare."""
        from confplan.progress.user_recaps import links

        assert self.catalogue is not None
        try:
            accepted = tuple(links(self.store, self.catalogue.id, accepted_only=True))
            if accepted or self.catalogue.added_recaps:
                from confplan.recaps.user import overlay  # the linker too: not at every start

                overlay(self.catalogue, self.store, self.store.path.parent)
        except ConfplanError as exc:
            self.notify_plain(f"Your recaps were not read: {exc}", severity="warning")
            return ()
        return accepted

    def recaps_changed(self) -> None:
        """The user's recaps may have changed (a decision, the command line): lay them
        again, and if what is laid changed, the recommendations with them."""
        laid = self._lay_recaps()
        if laid != self._laid and self.state is not None:
            self._laid = laid
            self.state.recommendations_changed()
            for screen in self.screen_stack:
                if isinstance(screen, MainScreen):
                    screen.recommendations_changed()

    def _start(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._laid = self._lay_recaps()
        self.title = f"confplan · {printable(catalogue.title)}"
        store = self.store
        sort = self.preferences.sort
        self.state = PlannerState(
            catalogue,
            store.entries(catalogue.id),
            store.history(catalogue.id),
            sort=sort if sort in SORT_KEYS else "consensus",
            scope=self.preferences.scope,
            zone=self._zone(),
        )
        if self._now is not None and self._now[0].tzinfo is None:  # --now without an offset
            from confplan.agenda import catalogue_zone

            zone = self.state.zone or catalogue_zone(catalogue) or datetime.UTC
            self._now = (self._now[0].replace(tzinfo=zone), self._now[1])
        self.store_writer = StoreWriter(store, catalogue.id, self._report)
        self.store_writer.start()
        if self.preferences.remind_minutes:  # off by default: imported only when on
            from confplan.tui.reminders import start_reminders

            self.reminders = start_reminders(self)
        loading, self._loading = self._loading, None
        if loading is not None and self.screen is loading:
            self.switch_screen(MainScreen(self.state))
        else:
            self.push_screen(MainScreen(self.state))

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; one that opened a screen returns once that screen is ready.

        Keys are looked up the moment they arrive (every binding of confplan's is
        a priority binding; see screens/key_order.py). A screen just pushed is
        built on its own message queue: until it has been, it has no focused
        field, and a key typed right after the one that opened it (the first
        letter of a note) would be lost. So the next key waits until the new
        screen has handled its first messages (composed, mounted, focused).
        """
        screen = self.screen
        handled = await super().run_action(action, default_namespace, namespaces)
        if self.screen is not screen and not self.screen.is_mounted:
            await settle(self.screen)
        return handled

    def _zone(self) -> datetime.tzinfo | None:
        """The agenda's zone: --tz, else the preference, else (None) the conference's."""
        from confplan.agenda import zone_named

        name = self.time_zone or self.preferences.time_zone
        if not name:
            return None
        try:
            return zone_named(name)
        except ConfplanError as exc:  # --tz was checked before start: the preference
            self.notify_plain(f"Preferences: {exc}", severity="warning", timeout=8)
            return None

    def clock(self) -> datetime.datetime:
        """Now (UTC), or the --now moment plus the time since start."""
        if self._now is None:
            return datetime.datetime.now(datetime.UTC)
        moment, started = self._now
        return moment + datetime.timedelta(seconds=time.monotonic() - started)

    # -- changes ------------------------------------------------------------

    def submit(self, command: Command) -> None:
        if self.store_writer is not None:
            self.store_writer.submit(command)

    def _report(self, report: Report) -> None:
        """Called on the store writer's thread: hand the report to the UI thread."""
        self.post_message(StoreReported(report))

    def on_store_reported(self, message: StoreReported) -> None:
        if self.state is not None:
            show_report(self, self.state, message.report)
            self._refresh_main()

    def take_back(self, *, redo: bool = False) -> None:
        """Undo (or redo) the last change; the store applies it only if nothing changed since."""
        state = self.state
        if state is None:
            return
        command = state.take_back(redo=redo)
        if command is None:
            self.notify_plain(f"Nothing to {'redo' if redo else 'undo'}.")
            return
        self.submit(command)

    def reopen(self, catalogue: Catalogue) -> None:
        """The catalogue was updated on disk (a followed schedule's refresh): start
        again on the new one, the store written up to date first."""
        if self.store_writer is not None:
            self.store_writer.stop()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._show_loading("The schedule was updated: opening it again.")
        self._start(catalogue)

    def _refresh_main(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_progress", None)
            if refresh is not None and screen.is_mounted:
                refresh()

    def notify_plain(self, message: str, **kwargs: Any) -> None:
        """A notification whose text is never read as markup."""
        self.notify(message, markup=False, **kwargs)

    def remember(self, **changes: str | None) -> None:
        """A preference changed: save it (in a worker; a failure is said, never fatal)."""
        updated = self.preferences.with_(**changes)
        if updated == self.preferences or self.preferences_path is None:
            return
        self.preferences = updated
        self._save_preferences(self.preferences_path, updated)

    @work(thread=True, group="preferences")
    def _save_preferences(self, path: Path, preferences: Preferences) -> None:
        try:
            save_preferences(path, preferences)
        except OSError as exc:
            message = f"Preferences not saved to {path}: {exc.strerror or exc}"
            self.call_from_thread(self.notify_plain, printable(message), severity="warning")

    def open_link(self, url: str) -> bool:
        """Open `url` in a browser; False if none could be started."""
        return self._open_url(url) is not False

    def wait_for_store(self, timeout: float = 5.0) -> bool:
        """Block until submitted changes are written (tests, and before exit)."""
        return self.store_writer.wait_idle(timeout) if self.store_writer else True

    async def action_quit(self) -> None:
        self.wait_for_store()
        self.exit(0)

    def on_unmount(self) -> None:
        if self.store_writer is not None:
            self.store_writer.stop()

    # -- command palette ----------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            yield from main_screen_commands(self, screen)
