"""Driving progress from the command line, as a user would."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from confplan import paths
from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from tests.helpers import BUNDLED, BUNDLED_TITLE

SPOTIFY = "eu24-spotify-backend"
LIPSTICK = "eu24-lipstick-pig"
EBPF = "eu24-ebpf-truth"


def test_watch_mark_rate_note_then_status(run_cli, data_dir: Path) -> None:
    assert run_cli("watch", SPOTIFY, LIPSTICK, EBPF)[0] == 0
    code, out, _ = run_cli("move", EBPF, "--to", "1")
    assert (code, out) == (0, f"{EBPF}: now at position 1\n")
    code, out, _ = run_cli("mark", SPOTIFY, "watched")
    assert (code, out) == (0, f"{SPOTIFY}: watched\n")
    code, out, _ = run_cli("mark", LIPSTICK, "in-progress", "--at", "12:30")
    assert (code, out) == (0, f"{LIPSTICK}: in progress (resume at 12:30)\n")
    assert run_cli("rate", SPOTIFY, "5")[0] == 0
    assert run_cli("note", SPOTIFY, "Share with the platform team")[0] == 0

    code, out, err = run_cli("status")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    catalogue = load_catalogue(BUNDLED)
    talks = sum(s.is_talk for s in catalogue)  # logistics, cancelled, event days: not counted
    assert lines[0] == f"{BUNDLED_TITLE}: {len(catalogue)} sessions, {talks} talks to watch"
    assert lines[1].split()[:2] == ["watched", "1"]
    assert lines[2].split()[:3] == ["in", "progress", "1"]
    assert lines[3].split()[:2] == ["unwatched", str(talks - 2)]
    assert lines[5].split() == ["recommended", "1", "1", "48"]
    # Spotify is 42 minutes and watched; 12 minutes of the Lipstick talk count too.
    assert "time watched  54m" in out
    assert "watchlist     3 sessions" in out
    assert "Watched in the last 7 days" in out

    code, out, _ = run_cli("list", "--watchlist", "--format", "ids")
    assert out.split() == [EBPF, SPOTIFY, LIPSTICK]
    code, out, _ = run_cli("show", SPOTIFY)
    assert "rating: ★★★★★ (5/5)" in out and "Share with the platform team" in out
    assert (data_dir / "progress.sqlite3").is_file()


def test_unknown_ids_are_refused_with_suggestions(run_cli, data_dir: Path) -> None:
    code, out, err = run_cli("watch", SPOTIFY, "eu24-lipstik-pig")
    assert code == 2 and out == ""
    assert "unknown session id 'eu24-lipstik-pig'" in err and LIPSTICK in err
    assert not data_dir.exists()  # nothing half-done: the valid id was not written either


def test_bad_values_exit_2(run_cli) -> None:
    assert run_cli("mark", SPOTIFY, "finished")[0] == 2
    assert run_cli("mark", SPOTIFY, "watched", "--at", "1:00")[0] == 2
    assert run_cli("mark", SPOTIFY, "in-progress", "--at", "1:75")[0] == 2
    assert run_cli("note", SPOTIFY)[0] == 2
    assert run_cli("move", SPOTIFY, "--to", "1")[0] == 2  # not on the watchlist
    code, _, err = run_cli("rate", SPOTIFY, "6")
    assert code == 2 and "1 to 5 stars, or 0 to clear" in err
    code, _, err = run_cli("mark", SPOTIFY, "finished")
    assert "use one of unwatched, in-progress, watched" in err


def test_unwatch_keeps_status_and_note(run_cli) -> None:
    run_cli("watch", SPOTIFY)
    run_cli("mark", SPOTIFY, "watched")
    run_cli("note", SPOTIFY, "good")
    code, out, _ = run_cli("unwatch", SPOTIFY, LIPSTICK)
    assert out.splitlines() == [
        f"{SPOTIFY}: removed from the watchlist",
        f"{LIPSTICK}: was not on the watchlist",
    ]
    code, out, _ = run_cli("show", SPOTIFY)
    assert code == 0
    assert "status: watched" in out and "note: good" in out and "watchlist: no" in out


def test_note_clear_and_stdin(run_cli, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("from a pipe\n"))
    assert run_cli("note", SPOTIFY, "-")[0] == 0
    assert "note: from a pipe" in run_cli("show", SPOTIFY)[1]
    assert run_cli("note", SPOTIFY, "--clear")[0] == 0
    assert "note:" not in run_cli("show", SPOTIFY)[1]


def test_dump_and_load_merge_newest_wins(run_cli, tmp_path: Path, monkeypatch) -> None:
    run_cli("watch", SPOTIFY, LIPSTICK)
    run_cli("mark", SPOTIFY, "watched")
    dump = tmp_path / "progress.json"
    code, out, _ = run_cli("progress", "dump", "-o", str(dump))
    assert code == 0
    data = json.loads(dump.read_text())
    assert data["format"] == "confplan-progress" and data["version"] == 1
    assert {e["session"] for e in data["entries"]} == {SPOTIFY, LIPSTICK}

    # Another machine: an empty store takes everything.
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "laptop"))
    code, out, _ = run_cli("progress", "load", str(dump))
    assert code == 0 and "2 entries taken" in out
    # There, Spotify is changed later: loading the older dump again keeps the newer change.
    run_cli("mark", SPOTIFY, "unwatched")
    code, out, _ = run_cli("progress", "load", str(dump))
    assert "0 entries taken, 1 the same, 1 kept" in out
    assert "status: unwatched" in run_cli("show", SPOTIFY)[1]

    # An existing file is not replaced without --force.
    code, _, err = run_cli("progress", "dump", "-o", str(dump))
    assert code == 2 and "--force" in err
    assert run_cli("progress", "dump", "-o", str(dump), "--force")[0] == 0


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "progress.json:1:2: not valid JSON"),
        ('{"format": "other"}', "not a confplan progress dump"),
        (
            '{"format": "confplan-progress", "version": 1, "entries": '
            '[{"catalogue": "c", "session": "s", "status": "done", "updated_at": "x"}], '
            '"history": []}',
            "entries[0]: 'status' must be one of",
        ),
    ],
)
def test_a_bad_dump_loads_nothing(run_cli, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "progress.json"
    path.write_text(content)
    code, _, err = run_cli("progress", "load", str(path))
    assert code == 2 and message in err


def test_orphans_are_kept_and_reported(run_cli, data_dir: Path) -> None:
    run_cli("watch", SPOTIFY)
    with ProgressStore(data_dir / "progress.sqlite3") as store:
        store.mark("kubecon-recaps", "eu24-session-since-removed", "watched")
    code, out, _ = run_cli("status")
    assert code == 0
    assert "1 saved entries are for sessions no longer in this catalogue" in out
    assert "eu24-session-since-removed (watched)" in out


def test_progress_lives_outside_the_virtualenv(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CONFPLAN_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    where = paths.data_dir()
    assert str(where).startswith(str(tmp_path / "home"))
    assert not str(where).startswith(sys.prefix)
