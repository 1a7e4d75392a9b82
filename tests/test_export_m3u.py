"""The playlist export (`--format m3u`), read back with the `m3u8` library's parser:
one #EXTINF per session with a recording, in the selection's order, in-progress
sessions starting where they were left (VLC's start-time and YouTube's t=)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import m3u8
import pytest

from confplan import export
from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from tests.helpers import ROOT, Clock
from tests.watch_fixture import watch_catalogue

AWKWARD = ROOT / "tests" / "fixtures" / "awkward" / "catalogue.yaml"
GOLDEN = ROOT / "tests" / "golden"


def _vlc_options(line: str, lineno: int, data: dict[str, Any], state: dict[str, Any]) -> bool:
    """A custom tag for the parser: #EXTVLCOPT lines, kept with the entry they precede."""
    if line.startswith("#EXTVLCOPT:"):
        segment = state.setdefault("segment", {})
        segment.setdefault("custom_parser_values", {}).setdefault("vlc", []).append(
            line.removeprefix("#EXTVLCOPT:")
        )
        return True
    return False


def parse(text: str) -> list[tuple[float, str, str, list[str]]]:
    assert text.startswith("#EXTM3U\n")
    playlist = m3u8.loads(text, custom_tags_parser=_vlc_options)
    return [
        (
            s.duration,
            s.title,
            s.uri,
            (s.custom_parser_values or {}).get("vlc", []),
        )
        for s in playlist.segments
    ]


@pytest.fixture
def catalogue_path(tmp_path: Path) -> Path:
    return watch_catalogue(tmp_path / "cat")


def test_the_watchlist_as_a_playlist(run_cli, catalogue_path: Path) -> None:
    cat = ["--catalogue", str(catalogue_path)]
    run_cli("watch", "short", "half", "mystery", "warm", "guess", *cat)
    run_cli("mark", "half", "in-progress", "--at", "23:45", *cat)
    code, out, err = run_cli("export", "--format", "m3u", "--watchlist", *cat)
    assert code == 0
    assert parse(out) == [
        (300.0, 'Short, "quoted" #1', "https://www.youtube.com/watch?v=SHORT", []),
        (1800.0, "Half an hour", "https://youtu.be/HALF?t=1425", ["start-time=1425"]),
        (600.0, "Guessed length", "https://vimeo.com/1", []),
    ]
    # a search and a session without a recording are no video to play
    assert "2 selected sessions without a recording left out of the playlist" in err


def test_any_selection_and_a_file(run_cli, catalogue_path: Path, tmp_path: Path) -> None:
    cat = ["--catalogue", str(catalogue_path)]
    run_cli("mark", "long", "in-progress", "--at", "1:00:00", *cat)
    run_cli("mark", "short", "watched", *cat)
    target = tmp_path / "queue.m3u"
    code, _, err = run_cli(
        "export", "--format", "m3u", "--status", "to-watch", "-o", str(target), *cat
    )
    assert code == 0 and "sessions written to" in err
    entries = parse(target.read_text(encoding="utf-8"))
    assert [uri for _, _, uri, _ in entries] == [
        "https://www.youtube.com/watch?v=LONG&t=3600",
        "https://youtu.be/HALF",
        "https://vimeo.com/1",
        "https://youtu.be/HOT",
    ]
    assert entries[0][3] == ["start-time=3600"]


def test_an_empty_playlist_is_still_a_playlist(run_cli, catalogue_path: Path) -> None:
    code, out, _ = run_cli(
        "export", "--format", "m3u", "--watchlist", "--catalogue", str(catalogue_path)
    )
    assert code == 0 and parse(out) == []


@pytest.fixture
def awkward_store(tmp_path: Path) -> ProgressStore:
    store = ProgressStore(tmp_path / "progress.sqlite3", clock=Clock())
    store.watch("awkward", ["formula", "quotes", "emoji"])
    store.mark("awkward", "emoji", "in-progress", 754)
    yield store
    store.close()


def test_golden_playlist_of_awkward_text(awkward_store: ProgressStore) -> None:
    """Titles with line breaks, controls and bidi marks stay on their one line; a
    link on another host keeps its own query; the golden file is byte for byte."""
    catalogue = load_catalogue(AWKWARD)
    chosen = export.select(
        catalogue, awkward_store.entries("awkward"), [], export.Selection(watchlist=True)
    )
    text = export.render(chosen, "m3u")
    golden = GOLDEN / "awkward-watchlist.m3u"
    if os.environ.get("CONFPLAN_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    entries = parse(text)
    assert len(entries) == 2  # the search is left out
    for _, title, _, _ in entries:
        assert title.isprintable()
    assert entries[1][3] == ["start-time=754"]
