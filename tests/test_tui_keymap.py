"""The user's keys: a [keys] table in config.toml rebinds bindings by id; what cannot
apply is reported (when the TUI starts, and by `confplan config check`) and left out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding

from confplan.preferences import Preferences, load, save
from confplan.tui.app import ConfplanApp
from confplan.tui.keymap import key_name
from confplan.tui.screens.all_bindings import check_keys, contexts
from confplan.tui.screens.help import HelpScreen
from confplan.tui.widgets.key_bar import KeyBar
from tests.helpers import ROOT
from tests.tui import Harness, current_id, main_screen, plain, settle, until


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _app(tmp_path: Path, config: Path) -> tuple[Harness, ConfplanApp, list[str]]:
    harness = Harness(tmp_path, preferences_path=config)
    said: list[str] = []
    app = harness.app
    original = app.notify_plain

    def notify_plain(message: str, **kwargs: Any) -> None:
        said.append(message)
        original(message, **kwargs)

    app.notify_plain = notify_plain  # type: ignore[method-assign]
    return harness, app, said


# -- key names and the check --------------------------------------------------


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("W", "W"),
        ("?", "question_mark"),
        ("+", "plus"),
        ("ctrl+w", "ctrl+w"),
        ("Enter", "enter"),
        ("f2", "f2"),
        ("ctrl+?", "ctrl+question_mark"),
        ("slash", "slash"),
        ("bogus", None),
        ("ctrl+bogus", None),
        ("hyperctrl+a", None),
        ("", None),
        ("a b", None),
    ],
)
def test_key_names_are_read_as_textual_names_them(written: str, named: str | None) -> None:
    assert key_name(written) == named


def test_every_binding_has_an_id_and_each_id_one_meaning() -> None:
    meanings: dict[str, tuple[str, str]] = {}
    for context in contexts(ConfplanApp.BINDINGS):
        for binding in context.bindings:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            meaning = (binding.key, binding.action)
            assert meanings.setdefault(binding.id, meaning) == meaning, binding.id
    assert len(meanings) > 90
    from confplan.tui.screens import all_bindings

    named = [getattr(all_bindings, name) for name in dir(all_bindings)]
    confplan_classes = {
        base
        for cls in named
        if isinstance(cls, type)
        for base in cls.__mro__
        if base.__module__.startswith("confplan.")
    }
    for cls in confplan_classes:
        for binding in cls.__dict__.get("BINDINGS", ()):
            assert isinstance(binding, Binding) and binding.id, (cls.__name__, binding)


def test_the_readme_lists_every_binding_id() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z]+\.[a-z0-9-]+)`", readme))
    ids = {
        b.id
        for context in contexts(ConfplanApp.BINDINGS)
        for b in context.bindings
        if isinstance(b, Binding) and b.id
    }
    assert ids - listed == set()


def test_bad_entries_are_refused_and_the_others_apply() -> None:
    checked = check_keys(
        {
            "main.watchlist": "W",
            "main.bogus": "x",
            "main.note": "ctrl+bogus",
            "main.watched": "j",  # the session list's "down"
            "main.rate": "n",  # note's key, while note keeps it
        },
        ConfplanApp.BINDINGS,
    )
    assert checked.keymap == {"main.watchlist": "W"}
    problems = "\n".join(checked.problems)
    assert "main.bogus: no binding has this id" in problems
    assert "main.note = 'ctrl+bogus': not a key name" in problems
    assert "main.watched = 'j': j is already “Down” (sessions.down)" in problems
    assert "main.rate = 'n': n is already “Note” (main.note)" in problems


def test_keys_may_be_swapped_in_one_table() -> None:
    checked = check_keys({"main.rate": "n", "main.note": "r"}, ConfplanApp.BINDINGS)
    assert checked.problems == []
    assert checked.keymap == {"main.rate": "n", "main.note": "r"}


# -- config.toml ----------------------------------------------------------------


def test_the_keys_table_is_read_dotted_or_quoted_and_kept_on_save(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        'sort = "date"\n[keys]\nmain.watchlist = "W"\n"main.zoom" = "f2"\n'
        'main.note = 3\nbad = "x"\n',
    )
    preferences, problem = load(path)
    assert preferences.keys == (("main.watchlist", "W"), ("main.zoom", "f2"))
    assert problem is not None
    assert "[keys] main.note must be a short text" in problem
    assert "[keys] 'bad' is not a binding id" in problem
    save(path, preferences.with_(sort="title"))
    again, problem = load(path)
    assert problem is None
    assert again == Preferences(sort="title", keys=preferences.keys)


def test_a_keys_value_that_is_no_table_is_reported(tmp_path: Path) -> None:
    preferences, problem = load(_config(tmp_path, 'keys = "W"\n'))
    assert preferences.keys == ()
    assert problem is not None and "'keys' must be a table" in problem


# -- in the TUI -----------------------------------------------------------------


async def test_a_rebound_key_acts_and_the_key_bar_help_and_palette_follow(
    tmp_path: Path,
) -> None:
    config = _config(
        tmp_path, '[keys]\n"main.watchlist" = "W"\n"main.zoom" = "f2"\n"main.open" = "O"\n'
    )
    harness, app, said = _app(tmp_path, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert said == []
        first = current_id(pilot)
        await pilot.press("w")  # no longer the watchlist's key
        await settle(pilot)
        assert harness.queue() == []
        await pilot.press("W")
        await settle(pilot)
        assert harness.queue() == [first]
        bar = plain(main_screen(pilot).query_one(KeyBar))
        assert "W Watchlist" in bar and "w Watchlist" not in bar
        assert "f2 Zoom" in bar
        assert "empty" not in str(main_screen(pilot).query_one("#watchlist").border_subtitle)

        commands = {c.title: c.help for c in app.get_system_commands(main_screen(pilot))}
        assert commands["Watchlist"] == "Key: W"

        await pilot.press("f2")
        await until(lambda: main_screen(pilot).maximized is not None, "the zoom")
        await pilot.press("f2")
        await until(lambda: main_screen(pilot).maximized is None, "the zoom undone")

        await pilot.press("question_mark")
        await until(lambda: isinstance(app.screen, HelpScreen), "help")
        text = app.screen.content.plain  # type: ignore[attr-defined]
        assert re.search(r"^  W +Add the session to the watchlist", text, re.M)
        assert re.search(r"^  f2 +The focused pane takes the whole screen", text, re.M)
        assert "a recording is known: O opens it" in text  # the legend too


async def test_bad_entries_are_said_at_start_and_the_good_ones_apply(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        '[keys]\n"main.bogus" = "x"\n"main.watched" = "j"\n"main.note" = "ctrl+nope"\n'
        '"main.watchlist" = "W"\n',
    )
    harness, app, said = _app(tmp_path, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(said) == 1
        assert "main.bogus: no binding has this id" in said[0]
        assert "main.watched = 'j': j is already “Down”" in said[0]
        assert "main.note = 'ctrl+nope': not a key name" in said[0]
        first = current_id(pilot)
        await pilot.press("j")  # still moves down
        await settle(pilot)
        assert current_id(pilot) != first
        await pilot.press("W")
        await settle(pilot)
        assert len(harness.queue()) == 1
        assert app.return_code is None  # running, not crashed


# -- confplan config check -----------------------------------------------------


def test_config_check_reports_bad_entries_and_exits_2(tmp_path: Path, run_cli) -> None:
    config = tmp_path / "config-dir" / "config.toml"  # where the tests' config dir points
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"main.watchlist" = "W"\n"main.bogus" = "x"\n', encoding="utf-8")
    code, out, err = run_cli("config", "check")
    assert code == 2
    assert "main.bogus: no binding has this id (ignored)" in err
    assert "Traceback" not in err
    config.write_text('[keys]\n"main.watchlist" = "W"\n', encoding="utf-8")
    code, out, err = run_cli("config", "check")
    assert (code, err) == (0, "")
    assert "fine; 1 key rebound" in out
    code, out, err = run_cli("config", "path")
    assert (code, out.strip()) == (0, str(config))
