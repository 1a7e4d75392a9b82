"""The commands that change one session (`mark`, `watch`...) check ids against a current
cache entry instead of building the catalogue, and parse with only their own module.
Both are shortcuts: whatever they cannot answer goes the long way, with the same result."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.catalogue import entry as entry_format
from confplan.catalogue import files, models
from confplan.cli import COMMAND_MODULES, build_parser, parse_arguments
from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from tests.helpers import BUNDLED, write_catalogue

SPOTIFY = "eu24-spotify-backend"


def _commands_of(module: str) -> set[str]:
    parser = build_parser((module,))
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_command_is_listed_with_its_module() -> None:
    modules = dict.fromkeys(COMMAND_MODULES.values())
    for module in modules:
        assert _commands_of(module) == {c for c, m in COMMAND_MODULES.items() if m == module}
    assert set(COMMAND_MODULES) == _commands_of_all()


def _commands_of_all() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


@pytest.mark.parametrize(
    "argv",
    [
        ["mark", SPOTIFY, "watched"],
        ["--data-dir", "d", "mark", SPOTIFY, "in-progress", "--at", "3:00"],
        ["mark", SPOTIFY, "watched", "--no-cache", "--catalogue", "c.yaml"],
        ["--data-dir", "list", "watch", "a", "b"],  # a command's name as an option's value
        ["list", "--status", "watched", "--sort", "title"],
        ["progress", "dump", "-o", "x.json"],
        ["recap", "accept", "r1", "--all"],
        ["agenda", "--day", "2", "--now"],
        ["export", "--format", "ics", "--tz", "Europe/Paris"],
        [],  # the TUI
        ["--tz", "Europe/Paris", "--now", "2024-03-20T10:00", "--no-cache"],
        ["--data-dir", "list"],  # the TUI, with a folder named like a command
    ],
)
def test_the_quick_parse_agrees_with_the_whole_parser(argv: list[str]) -> None:
    quick = vars(parse_arguments(argv))
    whole = vars(build_parser().parse_args(argv))
    assert quick.keys() == whole.keys()
    assert {k: v for k, v in quick.items() if k != "func"} == {
        k: v for k, v in whole.items() if k != "func"
    }
    if "func" in whole:
        assert quick["func"].__name__ == whole["func"].__name__


@pytest.mark.parametrize(
    "argv",
    [
        ["mark", SPOTIFY],  # a missing argument
        ["mark", SPOTIFY, "watched", "--bogus"],
        ["--data-dir", "mark", "frobnicate"],
        ["move", SPOTIFY, "--to", "first"],
        ["--tz"],
        ["--bogus"],
    ],
)
def test_a_mistake_gets_the_whole_parsers_message(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as quick:
        parse_arguments(argv)
    quick_err = capsys.readouterr().err
    with pytest.raises(SystemExit) as whole:
        build_parser().parse_args(argv)
    assert quick.value.code == whole.value.code == 2
    assert quick_err == capsys.readouterr().err


def test_recap_files_sit_where_the_cache_entry_is_read() -> None:
    assert models.Recap.__slots__[files.RECAP_FILE] == "file"


def _modules_after(*argv: str) -> tuple[int, set[str], str]:
    script = (
        "import json, sys\n"
        "from confplan.cli import main\n"
        f"code = main({list(argv)!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    code, modules = json.loads(proc.stdout.splitlines()[-1])
    return code, set(modules), proc.stderr


def test_mark_with_a_current_entry_does_not_build_the_catalogue(run_cli, data_dir: Path) -> None:
    code, modules, _ = _modules_after("mark", SPOTIFY, "watched")
    assert code == 0
    assert "confplan.catalogue.models" in modules  # no entry yet: built, and the entry written
    code, modules, _ = _modules_after("mark", SPOTIFY, "in-progress", "--at", "2h")
    assert code == 0
    assert "confplan.catalogue.models" not in modules
    assert "confplan.catalogue.catalogue" not in modules
    assert "confplan.cli.catalogue_cmds" not in modules
    catalogue_id = load_catalogue(BUNDLED).id
    store = ProgressStore(data_dir / "progress.sqlite3", readonly=True)
    try:
        entry = store.entries(catalogue_id)[SPOTIFY]
    finally:
        store.close()
    assert (entry.status, entry.position_s) == ("in-progress", 7200)


def test_the_length_warning_comes_from_the_entry_too(run_cli) -> None:
    assert run_cli("list", "--format", "ids")[0] == 0
    code, _, err = _modules_after("mark", SPOTIFY, "in-progress", "--at", "2h")
    assert code == 0 and "past the session's known length (42m)" in err


def test_an_unknown_id_still_gets_suggestions(run_cli) -> None:
    assert run_cli("list", "--format", "ids")[0] == 0
    code, out, err = run_cli("mark", "eu24-spotify-backendx", "watched")
    assert code == 2 and out == ""
    assert "unknown session id" in err and SPOTIFY in err


def test_an_edited_catalogue_is_not_answered_from_the_old_entry(
    tmp_path: Path, run_cli, data_dir: Path
) -> None:
    catalogue = write_catalogue(tmp_path / "c")
    assert run_cli("--catalogue", str(catalogue), "list", "--format", "ids")[0] == 0
    ids = run_cli("--catalogue", str(catalogue), "list", "--format", "ids")[1].split()
    # The session is renamed in the file; the entry for the old bytes must not vouch for it.
    text = catalogue.read_text()
    catalogue.write_text(text.replace(f"id: {ids[0]}\n", f"id: {ids[0]}-renamed\n", 1))
    code, _, err = run_cli("--catalogue", str(catalogue), "mark", ids[0], "watched")
    assert code == 2 and "unknown session id" in err
    code, out, _ = run_cli("--catalogue", str(catalogue), "mark", f"{ids[0]}-renamed", "watched")
    assert code == 0, out


def test_an_edited_recap_document_is_not_answered_from_the_old_entry(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    loaded = load_catalogue(catalogue, cache_dir=cache)
    known = files.known_sessions(catalogue, cache)
    assert known is not None and known.id == loaded.id
    first = loaded.columns.ids[0]
    assert first in known and known.duration_min(first) == loaded.duration_min(first)
    assert "no-such-session" not in known
    recap = next(iter(loaded.recaps.values()))
    seed = loaded.seed_path(recap)
    seed.write_text(seed.read_text() + "\nOne more line.\n")
    assert files.known_sessions(catalogue, cache) is None


def test_a_damaged_entry_head_is_not_trusted(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(catalogue, cache_dir=cache)
    (entry,) = (cache / "catalogues").glob("*.cache")
    blob = entry.read_bytes()
    # The body (search texts) and the blocks of sessions are not read to answer for
    # ids: their damage is found, and the entry rebuilt, by what reads them.
    entry.write_bytes(blob[:-10] + b"\0" * 10)
    assert files.known_sessions(catalogue, cache) is not None
    _, (_, blocks) = files.read_payload(cache, entry.stem)
    with pytest.raises(ValueError, match="damaged part"):
        blocks[-1]
    start = len(entry_format.MAGIC) + 8 + 32  # the head's first byte
    entry.write_bytes(blob[: start + 5] + b"\xff" + blob[start + 6 :])
    assert files.known_sessions(catalogue, cache) is None
    entry.write_bytes(blob[: start + 3])  # cut short
    assert files.known_sessions(catalogue, cache) is None
    entry.write_bytes(b"not an entry")
    assert files.known_sessions(catalogue, cache) is None
