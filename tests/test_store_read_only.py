"""A data folder that cannot be written (a read-only medium, a folder without write
permission) still shows what is stored: reading commands work, writing ones say why not."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from confplan.progress import database
from confplan.progress.store import ProgressStore

SPOTIFY = "eu24-spotify-backend"


def _only_folder_unwritable(folder: Path, real=os.access):
    def access(path, mode, *args, **kwargs):
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real(path, mode, *args, **kwargs)

    return access


def test_a_store_in_an_unwritable_folder_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as store:
        store.watch("c", [SPOTIFY])
    monkeypatch.setattr(database.os, "access", _only_folder_unwritable(tmp_path))
    with ProgressStore(path, readonly=True) as store:
        assert [entry.session for entry in store.watchlist("c")] == [SPOTIFY]
    assert not (tmp_path / "progress.sqlite3-shm").exists()  # nothing made beside it


@pytest.fixture
def read_only_mount(data_dir: Path):
    """`data_dir` seen through a read-only bind mount (needs the right to mount)."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting needs root and mount(8)")
    data_dir.mkdir(parents=True, exist_ok=True)
    view = data_dir.parent / "read-only-view"
    view.mkdir()
    try:
        subprocess.run(["mount", "--bind", data_dir, view], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        pytest.skip("no right to mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", view], check=True, capture_output=True)
        yield view
    finally:
        subprocess.run(["umount", view], check=False, capture_output=True)


def test_reading_commands_work_on_a_read_only_medium(
    run_cli, data_dir: Path, read_only_mount: Path
) -> None:
    assert run_cli("watch", SPOTIFY)[0] == 0
    for argv in (("list", "--watchlist"), ("progress", "dump"), ("status",)):
        code, _, err = run_cli("--data-dir", str(read_only_mount), *argv)
        assert code == 0, (argv, err)
    assert SPOTIFY in run_cli("--data-dir", str(read_only_mount), "list", "--watchlist")[1]
    code, _, err = run_cli("--data-dir", str(read_only_mount), "watch", "eu24-lipstick-pig")
    assert code != 0 and "read-only" in err and "Traceback" not in err
