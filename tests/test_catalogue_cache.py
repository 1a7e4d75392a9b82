"""The catalogue cache: used when it matches, ignored and rebuilt when it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.catalogue import cache as catalogue_cache
from confplan.catalogue import load as load_module
from confplan.catalogue.load import load_catalogue
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
    import hashlib
    import marshal

    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    (entry,) = _entries(cache)
    data = marshal.dumps(payload)
    entry.write_bytes(catalogue_cache.MAGIC + hashlib.sha256(data).digest() + data)
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
