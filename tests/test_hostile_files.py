"""Hostile input, round 2: files confplan writes. Copies of posts are private and a
symbolic link is not followed; temporary files an interrupted write left are removed."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from confplan.fileio import LEFTOVER_AGE_S, atomic_write_bytes

POST = "# R\n\nHow Spotify Re-Created Our Entire Backend Without Skipping a Beat.\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_copy_of_a_post_is_private(tmp_path: Path, run_cli, data_dir: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    post.chmod(0o644)
    code, _, err = run_cli("recap", "add", str(post), "--yes")
    assert code == 0, err
    (copy,) = (data_dir / "recaps").iterdir()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_post_through_a_symbolic_link_is_refused(tmp_path: Path, run_cli, data_dir) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(post)
    code, _, err = run_cli("recap", "add", str(link), "--yes")
    assert code == 2 and "a symbolic link" in err
    assert not (data_dir / "recaps").exists()


def test_temporary_files_left_by_a_killed_write_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "export.md"
    old = tmp_path / ".export.md.k1ll3d.tmp"
    young = tmp_path / ".export.md.wr1t1ng.tmp"  # another process's write, maybe
    other = tmp_path / ".other.md.k1ll3d.tmp"
    for leftover in (old, young, other):
        leftover.write_bytes(b"half")
    past = time.time() - LEFTOVER_AGE_S - 60
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    atomic_write_bytes(target, b"whole\n")
    assert target.read_bytes() == b"whole\n"
    assert not old.exists()
    assert young.exists() and other.exists()
