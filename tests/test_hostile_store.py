"""Hostile input, round 2: the progress store and config.toml as found on disk. A store
that is not a regular file is refused at once (exit 2, never a hang); damaged text is
quarantined with a clear message; values edited by hand are checked like input."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from confplan.preferences import CHOICES, load
from confplan.progress.store import ProgressStore
from confplan.query import SORT_KEYS

SPOTIFY = "eu24-spotify-backend"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_store_is_refused_without_waiting(run_cli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    os.mkfifo(data_dir / "progress.sqlite3")
    for argv in (("list",), ("status",), ("watch", SPOTIFY)):
        code, _, err = run_cli(*argv)
        assert code == 2 and "is a FIFO (named pipe), not a regular file" in err, err


def test_a_store_that_is_a_folder_or_a_device_is_exit_2(run_cli, data_dir: Path) -> None:
    (data_dir / "progress.sqlite3").mkdir(parents=True)
    code, _, err = run_cli("list")
    assert code == 2 and "is a folder, not a regular file" in err
    (data_dir / "progress.sqlite3").rmdir()
    if Path("/dev/null").exists():
        (data_dir / "progress.sqlite3").symlink_to("/dev/null")
        code, _, err = run_cli("status")
        assert code == 2 and "is a character device" in err


def test_a_bit_flipped_text_is_quarantined(run_cli, data_dir: Path) -> None:
    assert run_cli("note", SPOTIFY, "HELLOWORLDNOTE")[0] == 0
    path = data_dir / "progress.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(path.read_bytes())
    at = raw.find(b"HELLOWORLDNOTE")
    raw[at + 3 : at + 5] = b"\xff\xfe"
    path.write_bytes(bytes(raw))
    code, _, err = run_cli("show", SPOTIFY)
    assert code == 2, err
    assert "is damaged: a text value is not UTF-8" in err
    assert list(data_dir.glob("progress.sqlite3.corrupt-*"))


def test_values_edited_by_hand_are_read_as_absent(run_cli, data_dir: Path) -> None:
    assert run_cli("watch", SPOTIFY)[0] == 0
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        conn.execute("UPDATE entries SET position_s = 'abc', note = x'68656c6c6fff', added_at = 5")
    for argv in (("show", SPOTIFY), ("list",), ("export", "--status", "all"), ("status",)):
        code, out, err = run_cli(*argv)
        assert code == 0, (argv, err)
    code, out, _ = run_cli("show", SPOTIFY)
    assert "hello\ufffd" in out
    code, _, err = run_cli("progress", "dump")
    assert code == 0, err
    assert run_cli("mark", SPOTIFY, "in-progress")[0] == 0
    with ProgressStore(data_dir / "progress.sqlite3", readonly=True) as store:
        entry = store.entry("kubecon-recaps", SPOTIFY)
    assert entry is not None and entry.position_s is None and entry.note == "hello\ufffd"


def test_a_recap_row_edited_by_hand_is_read_as_text(tmp_path: Path, run_cli, data_dir) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "# R\n\nHow Spotify Re-Created Our Entire Backend Without Skipping a Beat.\n",
        encoding="utf-8",
    )
    assert run_cli("recap", "add", str(post), "--yes")[0] == 0
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        conn.execute("UPDATE recaps SET file = x'2e2e2f78', title = 42")
        conn.execute("UPDATE recap_links SET matched_by = x'00', video = 7")
    for argv in (("recap", "list"), ("show", SPOTIFY), ("list",)):
        code, _, err = run_cli(*argv)
        assert code == 0, (argv, err)


def test_config_toml_nested_thousands_deep_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    preferences, problem = load(path)
    assert preferences.sort is None
    assert problem is not None and "nested too deep" in problem


def test_an_unknown_sort_in_config_toml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('sort = "x"\nscope = "programme"\n', encoding="utf-8")
    preferences, problem = load(path)
    assert preferences.sort is None and preferences.scope == "programme"
    assert problem is not None and "sort = 'x' is not one of consensus" in problem


def test_the_sort_choices_are_the_query_sort_keys() -> None:
    assert CHOICES["sort"] == SORT_KEYS


def test_a_store_held_by_another_writer_fails_within_its_timeout(data_dir: Path) -> None:
    from confplan.progress.database import BUSY_RETRIES, StoreBusyError

    path = data_dir / "progress.sqlite3"
    data_dir.mkdir(parents=True)
    ProgressStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    tries = []
    try:
        with ProgressStore(path, timeout=0.2) as store:
            original = store._transaction

            def counted(conn):  # type: ignore[no-untyped-def]
                tries.append(1)
                return original(conn)

            store._transaction = counted  # type: ignore[method-assign]
            with pytest.raises(StoreBusyError, match="stayed busy"):
                store.watch("c", ["s1"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Each try waits the whole timeout: the retries never multiply it.
    assert len(tries) < BUSY_RETRIES
