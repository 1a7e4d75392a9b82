"""The TUI side of following a schedule: U fetches it again in a worker and opens the
update, flagged sessions are marked in the watchlist and the details, and C lists the
changes, where they are marked seen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from textual.widgets import OptionList

from confplan.opening import load_catalogue
from confplan.progress import flags
from confplan.progress.store import ProgressStore
from confplan.tui.screens.changes import ChangesScreen
from confplan.tui.widgets.panes import DetailsPane
from tests.test_follow import FIRST, SECOND, Served, serving
from tests.tui import Harness, main_screen, settle, until, visible_rows


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """The schedule's server, on 127.0.0.1 only."""
    yield from serving()


def _followed(tmp_path: Path, run_cli, served: Served) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.yaml"
    assert run_cli("import", served.url, "-o", str(out), "--tz", "Europe/Amsterdam")[0] == 0
    assert run_cli("--catalogue", str(out), "watch", "mesh", "keynote")[0] == 0
    return out


def _refreshed(tmp_path: Path, run_cli, httpserver: HTTPServer, home: Path) -> Harness:  # type: ignore[no-untyped-def]
    """A followed schedule refreshed from the command line after a change: its
    watchlisted "mesh" moved, flagged; the TUI's harness on it."""
    served = Served(httpserver, FIRST)
    out = _followed(tmp_path, run_cli, served)
    served.change(SECOND)
    assert run_cli("refresh", str(out))[0] == 0
    return Harness(home, load_catalogue(out, cache_dir=None))


async def test_u_refreshes_and_c_lists_the_changes(
    tmp_path: Path, run_cli, httpserver: HTTPServer, isolated_paths: Path
) -> None:
    served = Served(httpserver, FIRST)
    out = _followed(tmp_path, run_cli, served)
    served.change(SECOND)
    harness = Harness(isolated_paths, load_catalogue(out, cache_dir=None))
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await until(
            lambda: main_screen(pilot).state.flags.get("mesh", "").startswith("time "),
            "the refreshed schedule, its change flagged",
        )
        screen = main_screen(pilot)
        assert harness.app.catalogue is not None
        assert harness.app.catalogue.get("new") is not None  # the new schedule is open
        queue = screen.query_one("#watchlist", OptionList)
        shown = [str(queue.get_option_at_index(i).prompt) for i in range(queue.option_count)]
        # (a watchlist title may wrap over two lines, its length beside the first)
        assert any("⚑ Service" in line and "meshes" in line for line in shown), shown
        rows = [line for line in visible_rows(pilot) if "Service meshes" in line]
        assert rows and rows[0].split()[1] == "⚑"  # the session list marks it too
        await pilot.press("C")
        await until(lambda: isinstance(pilot.app.screen, ChangesScreen), "the Changes view")
        changes = pilot.app.screen
        listed = changes.query_one("#changes-list", OptionList).get_option_at_index(0)
        assert "Service meshes" in str(listed.prompt)
        await pilot.press("x")
        await until(lambda: not main_screen(pilot).state.flags, "the change marked seen")
        with ProgressStore(harness.store_path, readonly=True) as store:
            assert flags.flags(store, "democon") == {}


async def test_u_on_an_unchanged_schedule_says_so(
    tmp_path: Path, run_cli, httpserver: HTTPServer, isolated_paths: Path
) -> None:
    served = Served(httpserver, FIRST)
    out = _followed(tmp_path, run_cli, served)
    harness = Harness(isolated_paths, load_catalogue(out, cache_dir=None))
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await until(
            lambda: any("not changed" in str(n.message) for n in pilot.app._notifications),
            "the word that nothing changed",
        )
        assert served.requests[-1].get("If-None-Match") == '"v1"'


async def test_a_flag_shows_in_the_details(
    tmp_path: Path, run_cli, httpserver: HTTPServer, isolated_paths: Path
) -> None:
    harness = _refreshed(tmp_path, run_cli, httpserver, isolated_paths)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.state.flags["mesh"].startswith("time ")
        await pilot.press("4")  # the watchlist
        await until(lambda: screen.current_session() is not None, "a watchlisted session")
        while screen.current_session().id != "mesh":  # type: ignore[union-attr]
            await pilot.press("down")
            await settle(pilot)
        assert "⚑ changed at the schedule's update: time" in screen.query_one(DetailsPane).text


async def test_a_flag_shows_in_the_agenda(
    tmp_path: Path, run_cli, httpserver: HTTPServer, isolated_paths: Path
) -> None:
    """The agenda marks a flagged session's row ⚑, as the session list does, and its
    details say what changed."""
    from textual.widgets import Static

    from confplan.tui.screens.agenda import AgendaList, AgendaScreen

    harness = _refreshed(tmp_path, run_cli, httpserver, isolated_paths)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await until(lambda: isinstance(pilot.app.screen, AgendaScreen), "the agenda")
        agenda = pilot.app.screen
        listing = agenda.query_one(AgendaList)
        await until(lambda: listing.option_count > 0, "the day's sessions")
        prompts = {
            listing.get_option_at_index(i).id: str(listing.get_option_at_index(i).prompt)
            for i in range(listing.option_count)
        }
        assert "⚑ Service meshes" in prompts["slot:mesh"], prompts
        assert "⚑" not in prompts["slot:keynote"]
        listing.highlighted = listing.get_option_index("slot:mesh")
        await settle(pilot)
        detail = str(agenda.query_one("#agenda-detail", Static).content)
        assert "⚑ time " in detail, detail
