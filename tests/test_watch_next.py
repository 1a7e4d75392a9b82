"""What fits in the time you have: `confplan next` and the TUI's Up next view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.binding import Binding

from confplan.opening import load_catalogue
from confplan.progress.models import IN_PROGRESS, WATCHED
from confplan.progress.store import ProgressStore
from confplan.watching import up_next
from tests.helpers import ROOT, Clock
from tests.tui import Harness, settle, until
from tests.watch_fixture import watch_catalogue


@pytest.fixture
def catalogue_path(tmp_path: Path) -> Path:
    return watch_catalogue(tmp_path / "cat")


def _store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3", clock=Clock())


def _ids(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.session.id for item in items]


def test_the_watchlist_in_its_order_fills_the_budget(tmp_path: Path, catalogue_path) -> None:
    catalogue = load_catalogue(catalogue_path)
    with _store(tmp_path) as store:
        store.watch("mini", ["half", "long", "guess", "mystery", "short", "badge"])
        plan = up_next(catalogue, store.entries("mini"), 45)
    # half (30) fits, long (60) does not, guess (≈10) and short (5) do: 45 in all
    assert _ids(plan.fits) == ["half", "guess", "short"]
    assert plan.used_min == 45 and plan.too_long == 1
    assert [item.estimated for item in plan.fits] == [False, True, False]
    # unknown length: listed apart; logistics: nothing to watch
    assert _ids(plan.unknown) == ["mystery"]


def test_in_progress_counts_what_is_left_and_watched_is_skipped(
    tmp_path: Path, catalogue_path
) -> None:
    catalogue = load_catalogue(catalogue_path)
    with _store(tmp_path) as store:
        store.watch("mini", ["long", "half", "short"])
        store.mark("mini", "long", IN_PROGRESS, 40 * 60 + 30)  # 19.5 minutes left: 20
        store.mark("mini", "half", WATCHED)
        plan = up_next(catalogue, store.entries("mini"), 25)
    assert _ids(plan.fits) == ["long", "short"]
    first = plan.fits[0]
    assert (first.minutes, first.left_min) == (60, 20)
    assert first.link is not None and first.link.url.endswith("t=2430")


def test_more_adds_the_recommended_sessions_by_consensus(tmp_path: Path, catalogue_path) -> None:
    catalogue = load_catalogue(catalogue_path)
    with _store(tmp_path) as store:
        store.watch("mini", ["short"])
        assert _ids(up_next(catalogue, store.entries("mini"), 60).fits) == ["short"]
        plan = up_next(catalogue, store.entries("mini"), 60, more=True)
    assert _ids(plan.fits) == ["short", "hot", "warm"]
    assert [item.source for item in plan.fits] == ["watchlist", "recommended", "recommended"]
    assert _ids(plan.unknown) == ["s1"]  # recommended, length unknown


def test_next_json_gives_the_first_watchlisted_sessions_that_fit(run_cli, catalogue_path) -> None:
    cat = ["--catalogue", str(catalogue_path)]
    run_cli("watch", "short", "long", "half", "mystery", *cat)
    run_cli("mark", "half", "in-progress", "--at", "10:00", *cat)
    code, out, _ = run_cli("next", "--minutes", "30", "--format", "json", *cat)
    assert code == 0
    data = json.loads(out)
    assert [s["id"] for s in data["sessions"]] == ["short", "half"]
    assert (data["budget_min"], data["used_min"], data["too_long"]) == (30, 25, 1)
    half = data["sessions"][1]
    assert half == {
        "id": "half",
        "title": "Half an hour",
        "source": "watchlist",
        "watchlist_pos": 3,
        "minutes": 30,
        "estimated": False,
        "left_min": 20,
        "status": "in-progress",
        "position_s": 600,
        "url": "https://youtu.be/HALF?t=600",
        "url_kind": "recording",
        "url_start_s": 600,
        "recommended_by": 0,
    }
    assert [s["id"] for s in data["unknown_length"]] == ["mystery"]


def test_next_text(run_cli, catalogue_path) -> None:
    cat = ["--catalogue", str(catalogue_path)]
    run_cli("watch", "guess", "mystery", *cat)
    code, out, _ = run_cli("next", *cat)
    assert code == 0
    assert out.splitlines()[0] == "Up next in 45m: 1 session, 10m"
    assert "≈10m  Guessed length  [guess]" in out
    assert "Length unknown, not counted (1):" in out and "[mystery]" in out
    assert "   -      —  " in out  # the length unknown, as the list shows it


def test_next_with_an_empty_watchlist_says_what_to_do(run_cli, catalogue_path) -> None:
    code, out, _ = run_cli("next", "--catalogue", str(catalogue_path))
    assert code == 0 and "confplan watch ID" in out and "--more" in out


@pytest.mark.parametrize("minutes", ["0", "-5", "abc", "999999999"])
def test_next_refuses_a_bad_budget(run_cli, capsys, minutes: str) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli("next", f"--minutes={minutes}")
    assert exited.value.code == 2 and "minutes" in capsys.readouterr().err


async def test_up_next_in_the_tui(tmp_path: Path, catalogue_path) -> None:
    harness = Harness(tmp_path, load_catalogue(catalogue_path))
    harness.store.watch("mini", ["long", "half", "mystery"])
    harness.store.mark("mini", "half", IN_PROGRESS, 600)
    from confplan.tui.screens.up_next import UpNextList, UpNextScreen

    async with harness.app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await until(lambda: isinstance(pilot.app.screen, UpNextScreen), "Up next to open")
        screen = pilot.app.screen
        assert isinstance(screen, UpNextScreen)

        def title() -> str:
            return str(screen.query_one("#next-title").visual)

        assert "in 45m: 1 session, 20m" in title()
        listing = screen.query_one(UpNextList)
        assert "Half an hour" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("o")
        assert harness.opened == ["https://youtu.be/HALF?t=600"]
        await pilot.press("plus", "plus")  # 75 minutes: the long one fits, then not half
        assert "in 1h15: 1 session, 1h00" in title()
        await pilot.press("plus")
        assert "in 1h30: 2 sessions, 1h20" in title()
        await pilot.press("m")
        assert "recaps' picks" in title()
        await pilot.press("escape")
        await until(lambda: not isinstance(pilot.app.screen, UpNextScreen), "Up next to close")


def test_every_up_next_key_is_in_the_readme() -> None:
    from confplan.tui.screens.up_next import UpNextScreen

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Up next") : readme.index("## Use from scripts")]
    documented = set(re.findall(r"`([^`]+)`", table))
    display = {"plus": "+", "minus": "-", "escape": "esc", "equals_sign": "="}
    for binding in UpNextScreen.BINDINGS:
        assert isinstance(binding, Binding)
        if binding.action == "help":
            continue
        keys = [display.get(k.strip(), k.strip()) for k in binding.key.split(",")]
        assert all(k in documented for k in keys), binding.key


def test_up_next_at_80x24(tmp_path: Path, catalogue_path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """What Up next looks like (accept a change with --snapshot-update)."""
    harness = Harness(tmp_path, load_catalogue(catalogue_path, cache_dir=None))
    harness.store.watch("mini", ["long", "half", "guess", "mystery", "short"])
    harness.store.mark("mini", "half", IN_PROGRESS, 600)

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=before)
