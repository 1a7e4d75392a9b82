"""The catalogue cache: used when it matches, ignored and rebuilt when it does not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from confplan.catalogue import cache as catalogue_cache
from confplan.catalogue import files
from confplan.catalogue import load as load_module
from confplan.catalogue.load import CatalogueError, load_catalogue
from tests.helpers import MINI, write_catalogue


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every real parse."""
    calls: list[Path] = []
    real = load_module.parse

    def parse(path, data, progress=None):
        calls.append(path)
        return real(path, data, progress)

    monkeypatch.setattr(load_module, "parse", parse)
    return calls


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "catalogues").glob("*.cache"))


def test_second_load_comes_from_the_cache(tmp_path: Path, counted: list[Path]) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    first = load_catalogue(path, cache_dir=cache)
    second = load_catalogue(path, cache_dir=cache)
    assert len(counted) == 1
    assert second.document == first.document
    assert second.haystacks == first.haystacks
    assert len(_entries(cache)) == 1


def test_an_edited_catalogue_is_parsed_again(tmp_path: Path, counted: list[Path]) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    path.write_text(MINI.replace("Session one", "Session uno"), encoding="utf-8")
    again = load_catalogue(path, cache_dir=cache)
    assert len(counted) == 2
    assert again.sessions[0].title == "Session uno"


def test_an_edited_seed_invalidates_the_entry(tmp_path: Path, counted: list[Path]) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    (tmp_path / "c" / "seed.txt").write_text("only one line\n", encoding="utf-8")
    with pytest.raises(load_module.CatalogueError) as info:
        load_catalogue(path, cache_dir=cache)
    assert "do not exist: the recap has 1 lines" in str(info.value)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),  # one bit flipped
        lambda blob: b"garbage",
        lambda blob: b"",
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    tmp_path: Path, counted: list[Path], damage
) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    (entry,) = _entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    catalogue = load_catalogue(path, cache_dir=cache)
    assert len(counted) == 2
    assert catalogue.sessions[0].id == "s1"
    assert catalogue_cache.MAGIC in entry.read_bytes()  # rewritten


@pytest.mark.parametrize(
    "payload",
    [
        ("not", "the", "right", "shape"),
        ((), (), (), (), ()),
        {"a": 1},
        "text",
    ],
)
def test_a_planted_entry_with_a_valid_checksum_but_wrong_shape_is_rebuilt(
    tmp_path: Path, counted: list[Path], payload: object
) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    (entry,) = _entries(cache)
    entry.write_bytes(files.entry_blob(payload, payload))  # type: ignore[arg-type]
    catalogue = load_catalogue(path, cache_dir=cache)
    assert len(counted) == 2
    assert catalogue.sessions[0].id == "s1"


def test_sessions_from_the_cache_equal_the_parsed_ones(tmp_path: Path) -> None:
    from tests.helpers import BUNDLED

    cache = tmp_path / "cache"
    parsed = load_catalogue(BUNDLED, cache_dir=cache)
    cached = load_catalogue(BUNDLED, cache_dir=cache)
    assert cached.sessions is not parsed.sessions
    assert list(cached.sessions) == list(parsed.sessions)
    assert cached.document == parsed.document
    assert cached.columns == parsed.columns
    assert cached.haystacks == parsed.haystacks


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "c")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    catalogue = load_catalogue(path, cache_dir=blocker)
    assert len(catalogue) == 1


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once (by default one changed in the last two
    seconds is hashed every time: its stamp could miss an edit in the same tick)."""
    monkeypatch.setattr(files, "SETTLED_NS", 0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every read of a catalogue file's bytes."""
    calls: list[Path] = []
    real = files.read_stamped

    def read_stamped(path, limit):
        calls.append(Path(path))
        return real(path, limit)

    monkeypatch.setattr(files, "read_stamped", read_stamped)
    return calls


def test_a_settled_file_is_not_read_again_while_its_stamp_holds(
    tmp_path: Path, counted: list[Path], reads: list[Path], settled: None
) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    first = load_catalogue(path, cache_dir=cache)
    assert reads == [path] and len(counted) == 1
    assert len(list((cache / "catalogues").glob("*.stamp"))) == 1
    second = load_catalogue(path, cache_dir=cache)
    third = files.known_sessions(path, cache)
    assert reads == [path] and len(counted) == 1  # neither read the file
    assert second.document == first.document and third is not None and "s1" in third


def test_an_edit_that_keeps_the_modification_time_is_still_seen(
    tmp_path: Path, counted: list[Path], settled: None
) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    old = path.stat()
    time.sleep(0.05)  # past the clock tick of the first write (settled files are that old)
    path.write_text(MINI.replace("Session one", "Session uno"), encoding="utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # and the same mtime (cp -p, rsync -t)
    assert path.stat().st_size == old.st_size and path.stat().st_mtime_ns == old.st_mtime_ns
    again = load_catalogue(path, cache_dir=cache)
    assert again.sessions[0].title == "Session uno" and len(counted) == 2


def test_a_file_edited_moments_ago_is_hashed_every_time(tmp_path: Path, reads: list[Path]) -> None:
    path = write_catalogue(tmp_path / "c")
    then = time.time() - 60
    os.utime(path, (then, then))  # an old mtime does not help: the change time is now
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    load_catalogue(path, cache_dir=cache)
    assert len(reads) == 2
    assert not list((cache / "catalogues").glob("*.stamp"))


def test_a_damaged_stamp_or_a_lower_size_limit_goes_the_long_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path], settled: None
) -> None:
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    (stamp,) = (cache / "catalogues").glob("*.stamp")
    stamp.write_bytes(b"\x00garbage")
    assert load_catalogue(path, cache_dir=cache).id == "mini"
    assert len(reads) == 2
    monkeypatch.setenv(files.ENV_MAX_BYTES, "10")
    with pytest.raises(CatalogueError, match="over the 10-byte limit"):
        load_catalogue(path, cache_dir=cache)
