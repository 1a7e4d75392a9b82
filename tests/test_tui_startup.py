"""Starting up: loading a catalogue with visible progress, refusing bad input, small screens."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from confplan import paths
from confplan.catalogue.load import CatalogueError, Diagnostic
from confplan.cli.tui_launch import _open_store
from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore, ReadOnlyStoreError
from confplan.tui.app import ConfplanApp
from confplan.tui.screens.loading import LoadingScreen
from tests.helpers import BUNDLED, MINI, write_catalogue
from tests.tui import Harness, main_screen, settle, until, visible_rows


async def test_a_slow_load_shows_progress_then_the_sessions(tmp_path: Path) -> None:
    release = threading.Event()

    cache = tmp_path / "cache"

    def load(progress, defer):  # type: ignore[no-untyped-def]
        progress("parsing")
        release.wait(10)
        return load_catalogue(BUNDLED, cache_dir=cache, progress=progress, defer=defer)

    app = ConfplanApp(ProgressStore(tmp_path / "p.sqlite3"), load=load, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:

        def stage() -> str:
            if not isinstance(app.screen, LoadingScreen):
                return ""
            return str(app.screen.query_one("#loading-stage", Static).visual)

        await until(lambda: stage().startswith("Parsing"), "the loading screen to say so")
        assert "Parsing YAML" in stage()
        release.set()
        await until(lambda: not isinstance(app.screen, LoadingScreen), "the sessions")
        await settle(pilot)
        assert "How Spotify Re-Created" in visible_rows(pilot)[0]
        # the cache is written after the sessions are shown
        await until(lambda: list(cache.glob("catalogues/*.cache")), "the cache entry")
        assert len(list(cache.glob("catalogues/*.cache"))) == 1


async def test_a_broken_catalogue_while_loading_exits_2(tmp_path: Path) -> None:
    def load(progress, defer):  # type: ignore[no-untyped-def]
        raise CatalogueError([Diagnostic("cat.yaml", 3, 5, "unknown theme 'x'")])

    app = ConfplanApp(ProgressStore(tmp_path / "p.sqlite3"), load=load)
    async with app.run_test(size=(100, 30)):
        await until(lambda: not app.is_running, "the app to exit")
    assert app.return_code == 2
    assert app.error_message == "cat.yaml:3:5: unknown theme 'x'"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if standard input and output were a terminal."""
    monkeypatch.setattr("confplan.cli.tui_launch.has_terminal", lambda: True)


def test_without_a_terminal_the_tui_says_so_in_one_line(run_cli) -> None:
    code, out, err = run_cli()
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "needs a terminal" in err and "confplan list" in err


def test_a_data_dir_that_is_a_file_is_refused_by_every_command(
    tmp_path: Path, run_cli, terminal: None
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    for argv in ([], ["list"], ["status"], ["show", "eu24-spotify-backend"], ["watch", "x"]):
        code, _, err = run_cli("--data-dir", str(not_a_folder), *argv)
        assert code == 2, argv
        assert f"data folder {not_a_folder} is not a folder" in err


def test_the_command_refuses_a_broken_catalogue_before_starting(
    tmp_path: Path, run_cli, terminal: None
) -> None:
    path = write_catalogue(tmp_path / "c", MINI.replace("themes: [t1]", "themes: [t9]"))
    code, _, err = run_cli("--catalogue", str(path))
    assert code == 2
    assert err == f"{path}:29:14: sessions[0].themes[0]: unknown theme 't9'\n"


def test_a_read_only_data_folder_opens_the_store_to_read(data_dir: Path) -> None:
    """The TUI shows what a read-only data folder holds; each change then says that
    nothing was saved, and why (the writer reports the store's refusal)."""
    data_dir.mkdir(parents=True)
    with ProgressStore(paths.store_path(data_dir)) as store:
        store.watch("c", ["s1"])
    data_dir.chmod(0o555)
    try:
        store = _open_store(paths.store_path(data_dir))
        try:
            assert store.readonly
            assert [e.session for e in store.watchlist("c")] == ["s1"]
            with pytest.raises(ReadOnlyStoreError, match="read-only: nothing was changed"):
                store.watch("c", ["s2"])
        finally:
            store.close()
    finally:
        data_dir.chmod(0o755)


async def test_a_terminal_too_small_says_so_and_recovers(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        notice = screen.query_one("#too-small", Static)
        assert notice.display and "needs at least 60×16" in str(notice.visual)
        assert not screen.query_one("#body").display
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not notice.display
        assert screen.query_one("#body").display
        assert "How Spotify" in visible_rows(pilot)[0]


async def test_light_and_dark_themes(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dark_cursor = main_screen(pilot).query_one("#sessions").render_line(0)
        pilot.app.theme = "textual-light"
        await settle(pilot)
        assert not pilot.app.current_theme.dark
        light_cursor = main_screen(pilot).query_one("#sessions").render_line(0)
        assert light_cursor.text == dark_cursor.text
        assert light_cursor != dark_cursor  # same words, other colours
