"""The store under abuse: kill -9, concurrent writers, damage, read-only, newer, symlinks."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from confplan.progress.store import (
    SCHEMA_VERSION,
    CorruptStoreError,
    NewerStoreError,
    ProgressStore,
    ReadOnlyStoreError,
)

WORKER = Path(__file__).with_name("store_worker.py")


def _spawn(store: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(store), prefix, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _acks(output: str) -> list[int]:
    return [int(line.split()[1]) for line in output.splitlines() if line.startswith("ack ")]


def _expect(store: ProgressStore, prefix: str, acked: list[int]) -> None:
    """Every acknowledged change is in the store."""
    entries = store.entries("cat")
    for i in acked:
        entry = entries.get(f"{prefix}-{i // 4}")
        assert entry is not None, (prefix, i)
        step = i % 4
        if step == 0:
            assert entry.watchlist_pos is not None, (prefix, i)
        elif step == 1:
            assert entry.status == "in-progress" and entry.position_s == i, (prefix, i)
        elif step == 2:
            assert entry.rating == 1 + i % 5, (prefix, i)
        else:
            assert entry.note == f"note {i}", (prefix, i)


def _integrity(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


# The kill test kills KILL_ROUNDS workers (three in four once they are writing), or
# as many as it can in KILL_TIME_S; ENOUGH_KILLS_MID_RUN of them landing while the
# worker was writing proves enough. A slow machine runs fewer rounds in the time,
# and is never failed for it.
KILL_ROUNDS = 200
KILL_TIME_S = 120.0
ENOUGH_KILLS_MID_RUN = 10


def _first_ack(proc: subprocess.Popen[str]) -> str:
    """The worker's output up to its first acknowledged change (however long that
    takes): once it is there, the worker is in its stream of writes."""
    assert proc.stdout is not None
    seen = ""
    while not seen.endswith("ack 0\n"):
        line = proc.stdout.readline()
        if not line:  # it ended before writing anything
            proc.wait(timeout=30)
            raise AssertionError(f"the worker stopped: {proc.stderr.read() if proc.stderr else ''}")
        seen += line
    return seen


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    rng = random.Random(20240319)
    acked: dict[str, list[int]] = {}
    kills_mid_run = 0
    stop = time.monotonic() + KILL_TIME_S
    round_ = 0
    while round_ < KILL_ROUNDS and time.monotonic() < stop:
        prefix = f"r{round_}"
        proc = _spawn(path, prefix, 100_000)
        seen = ""
        # The random delays choose when the kill lands; nothing waits on them.
        if round_ % 4 == 0:
            # Kill it anywhere in its life, opening and creating the schema included.
            time.sleep(rng.uniform(0.0, 0.15))
        else:
            # Kill it somewhere in its stream of writes.
            seen = _first_ack(proc)
            time.sleep(rng.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        acked[prefix] = _acks(seen + out)
        if path.exists() and path.stat().st_size:
            _integrity(path)
        if acked[prefix]:  # it was writing: what it acknowledged is there, every time
            kills_mid_run += 1
            with ProgressStore(path) as store:
                _expect(store, prefix, acked[prefix])
        round_ += 1
    assert kills_mid_run >= ENOUGH_KILLS_MID_RUN, "too few kills landed while it was writing"
    with ProgressStore(path) as store:
        for prefix, numbers in acked.items():
            _expect(store, prefix, numbers)
    _integrity(path)


@pytest.mark.slow
def test_concurrent_writers_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    workers = [_spawn(path, f"w{n}", 400) for n in range(4)]
    results = [w.communicate(timeout=120) for w in workers]
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        assert _acks(out) == list(range(400))
    with ProgressStore(path) as store:
        for n in range(4):
            _expect(store, f"w{n}", list(range(400)))
        queue = store.watchlist("cat")
        # 4 writers x 100 sessions each, every one queued once, positions 1..400 with no gaps
        assert [e.watchlist_pos for e in queue] == list(range(1, 401))
    _integrity(path)


def _make_store(path: Path) -> None:
    with ProgressStore(path) as store:
        store.watch("cat", [f"s{i}" for i in range(200)])
        for i in range(0, 200, 3):
            store.note("cat", f"s{i}", "x" * 500)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "scribbled", "short-header"],
)
def test_a_damaged_store_is_refused_kept_and_copied(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "progress.sqlite3"
    _make_store(path)
    blob = path.read_bytes()
    if damage == "garbage":
        broken = os.urandom(len(blob))
    elif damage == "truncated":
        broken = blob[: len(blob) // 3]
    elif damage == "scribbled":
        broken = blob[:4096] + os.urandom(len(blob) - 8192) + blob[-4096:]
    else:
        broken = blob[:50]
    path.write_bytes(broken)
    with pytest.raises(CorruptStoreError) as info:
        ProgressStore(path)
    message = str(info.value)
    assert str(path) in message and "damaged" in message and "recover" in message
    assert info.value.exit_code == 2
    assert path.read_bytes() == broken  # never overwritten
    copies = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == broken
    with pytest.raises(CorruptStoreError):
        ProgressStore(path)  # a second attempt: same refusal, no second copy
    assert len(list(tmp_path.glob("progress.sqlite3.corrupt-*"))) == 1


def test_a_damaged_store_through_the_cli(tmp_path: Path, run_cli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    store = data_dir / "progress.sqlite3"
    store.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    code, out, err = run_cli("watch", "eu24-lipstick-pig")
    assert code == 2 and out == ""
    assert "damaged" in err and "Traceback" not in err
    assert store.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 4000


def test_a_read_only_data_folder_is_reported_and_untouched(data_dir: Path, run_cli) -> None:
    data_dir.mkdir(parents=True)
    data_dir.chmod(0o555)
    try:
        code, out, err = run_cli("watch", "eu24-lipstick-pig")
        assert code == 2 and out == ""
        assert (
            err.strip()
            == f"confplan: error: data folder {data_dir} is read-only: nothing was changed"
        )
        assert list(data_dir.iterdir()) == []
    finally:
        data_dir.chmod(0o755)


def test_a_read_only_store_is_reported_and_untouched(data_dir: Path, run_cli) -> None:
    path = data_dir / "progress.sqlite3"
    _make_store(path)
    before = path.read_bytes()
    names = sorted(p.name for p in data_dir.iterdir())
    path.chmod(0o444)
    try:
        code, out, err = run_cli("mark", "eu24-lipstick-pig", "watched")
        assert code == 2 and out == ""
        assert (
            err.strip()
            == f"confplan: error: progress store {path} is read-only: nothing was changed"
        )
        assert path.read_bytes() == before
        assert sorted(p.name for p in data_dir.iterdir()) == names
    finally:
        path.chmod(0o644)


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _make_store(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerStoreError) as info:
        ProgressStore(path)
    assert "newer confplan" in str(info.value) and info.value.exit_code == 2
    assert path.read_bytes() == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5


def test_another_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    with pytest.raises(Exception, match="not a confplan progress store"):
        ProgressStore(path)


def test_a_symlinked_store_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "confplan.sqlite3"
    real.parent.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    link = data / "progress.sqlite3"
    link.symlink_to(real)  # dangling until the first write: a fresh dotfiles checkout
    with ProgressStore(link) as store:
        store.watch("cat", ["a", "b"])
        store.mark("cat", "a", "watched")
    assert link.is_symlink() and real.is_file()
    with ProgressStore(real) as store:
        assert [e.session for e in store.watchlist("cat")] == ["a", "b"]


def test_read_only_commands_do_not_create_a_store(data_dir: Path, run_cli) -> None:
    code, out, _ = run_cli("status")
    assert code == 0 and " sessions" in out
    assert not data_dir.exists()


def test_readonly_open_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _make_store(path)
    with ProgressStore(path, readonly=True) as store:
        assert len(store.watchlist("cat")) == 200
        with pytest.raises(ReadOnlyStoreError):
            store.watch("cat", ["new"])
