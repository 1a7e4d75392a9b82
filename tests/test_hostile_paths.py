"""Hostile input, round 2: paths read from data (a store row, a catalogue) never lead
outside their folder, whatever they say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers import MINI, write_catalogue

POST = "# My recap\n\nHow Spotify Re-Created Our Entire Backend Without Skipping a Beat.\n"


def _add_recap(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    code, _, err = run_cli("recap", "add", str(post), "--yes")
    assert code == 0, err


def _recap_id(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        return str(conn.execute("SELECT id FROM recaps").fetchone()[0])


def test_recap_remove_never_deletes_a_file_outside_the_data_folder(
    tmp_path: Path, run_cli, data_dir: Path
) -> None:
    _add_recap(tmp_path, run_cli)
    recap = _recap_id(data_dir)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    # data-dir/recaps/../../victim.txt is tmp_path/victim.txt
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        conn.execute("UPDATE recaps SET file = ?", ("../../victim.txt",))
    code, _, err = run_cli("show", "eu24-spotify-backend")
    assert code == 0, err
    code, _, err = run_cli("recap", "remove", recap)
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    code, out, _ = run_cli("recap", "list")
    assert recap not in out


def test_an_absolute_copy_name_in_the_store_is_never_read(
    tmp_path: Path, run_cli, data_dir: Path
) -> None:
    _add_recap(tmp_path, run_cli)
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret line\n" * 5, encoding="utf-8")
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        conn.execute("UPDATE recaps SET file = ?", (str(secret),))
    code, out, err = run_cli("show", "eu24-spotify-backend")
    assert code == 0, err
    assert "the secret line" not in out


def test_a_catalogue_recap_file_outside_its_folder_is_refused(tmp_path: Path, run_cli) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 3, encoding="utf-8")
    path = write_catalogue(tmp_path / "c", MINI.replace("file: seed.txt", "file: ../secret.txt"))
    code, out, err = run_cli("show", "s1", "--catalogue", str(path))
    assert code == 2
    assert "outside the catalogue's folder" in err
    assert "root:x" not in out + err
    absolute = write_catalogue(tmp_path / "d", MINI.replace("file: seed.txt", f"file: {secret}"))
    code, out, err = run_cli("validate", str(absolute))
    assert code == 2 and "outside the catalogue's folder" in err
    assert "root:x" not in out + err


def test_the_bundled_catalogue_still_names_its_seeds(run_cli) -> None:
    code, out, err = run_cli("show", "eu24-spotify-backend")
    assert code == 0, err
    assert "recap" in out.lower()
