"""The catalogue cache: used when it matches, ignored and rebuilt when it does not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from confplan.catalogue import cache as catalogue_cache
from confplan.catalogue import entry as entry_format
from confplan.catalogue import files
from confplan.catalogue import load as load_module
from confplan.catalogue.load import CatalogueError
from confplan.opening import load_catalogue
from tests.helpers import MINI, wait_until, write_catalogue


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
    assert tuple(second.haystacks) == tuple(first.haystacks)
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
    # A damaged block of sessions is found when a session in it is first needed.
    assert catalogue.sessions[0].id == "s1"
    assert len(counted) == 2
    load_catalogue(path, cache_dir=cache)
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
    entry.write_bytes(entry_format.entry_blob(payload, payload, []))  # type: ignore[arg-type]
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
    assert tuple(cached.haystacks) == tuple(parsed.haystacks)


@pytest.mark.parametrize("texts", ["flipped", ("wrong", "count"), (1, 2)])
def test_search_texts_found_damaged_when_first_searched_are_made_again(
    tmp_path: Path, counted: list[Path], texts: object
) -> None:
    """The texts are read on the first search, not at the start: bytes flipped in them,
    or texts of the wrong count or kind, are made again from the sessions then."""
    from confplan.query import search

    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    parsed = load_catalogue(path, cache_dir=cache)
    (entry,) = _entries(cache)
    head, (part, blocks) = entry_format.read_entry(entry)
    good = part.load()
    if texts == "flipped":
        data = bytearray(entry.read_bytes())
        at = data.index(good[0].encode())
        data[at] ^= 0x20
        entry.write_bytes(bytes(data))
    else:
        entry.write_bytes(entry_format.entry_blob(head, texts, list(blocks)))
    cached = load_catalogue(path, cache_dir=cache)
    assert len(counted) == 1  # the head and the index held: no parse at the start
    assert search(cached, "session") == search(parsed, "session") != []
    assert tuple(cached.haystacks) == good


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

    def edit() -> bool:
        path.write_text(MINI.replace("Session one", "Session uno"), encoding="utf-8")  # same size
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # same mtime (cp -p, rsync -t)
        return path.stat().st_ctime_ns != old.st_ctime_ns

    # Edited again until the change time differs from the first write's: a coarse file
    # system clock gives writes close together the same one (settled files are older).
    wait_until(edit, "a change time past the first write's")
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


def test_an_entry_written_later_holds_the_catalogue_as_loaded(tmp_path: Path) -> None:
    """The TUI writes the entry once the sessions are on screen, when the user's own
    recaps may already lie over the catalogue: they must not be cached as its own."""
    from dataclasses import replace

    from confplan.catalogue.models import Recap, Recommendation

    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    later: list = []
    catalogue = load_catalogue(path, cache_dir=cache, defer=later.append)
    mine = Recap(id="mine", title="Mine", conference="conf", kind="recap", file="/x.md")
    session = catalogue.sessions[0]
    laid = replace(
        session, recommended_by=(*session.recommended_by, Recommendation("mine", (1, 1), "Mine."))
    )
    catalogue.add_recommendations([mine], {session.id: laid})
    assert catalogue.columns.recommendations == (2,)
    (write,) = later
    write()
    again = load_catalogue(path, cache_dir=cache)
    assert len(_entries(cache)) == 1
    assert "mine" not in again.recaps and again.columns.recommendations == (1,)
    assert [r.recap for r in again.sessions[0].recommended_by] == ["r1"]


def test_sessions_are_read_from_the_entry_as_it_was_when_loaded(
    tmp_path: Path, counted: list[Path]
) -> None:
    """The blocks of sessions stay in the entry's file until shown; an entry pruned or
    replaced meanwhile (another confplan, another version of the file) changes nothing
    for a catalogue already loaded."""
    path = write_catalogue(tmp_path / "c")
    cache = tmp_path / "cache"
    load_catalogue(path, cache_dir=cache)
    loaded = load_catalogue(path, cache_dir=cache)
    (entry,) = _entries(cache)
    entry.unlink()
    entry.write_bytes(b"something else entirely")
    assert loaded.sessions[0].title == "Session one" and len(counted) == 1


def test_an_entry_with_bytes_after_its_blocks_or_a_bad_index_is_refused(tmp_path: Path) -> None:
    good = entry_format.entry_blob(("head",), ("text",), [b"block"])
    target = tmp_path / "e.cache"
    target.write_bytes(good)
    head, (texts, blocks) = entry_format.read_entry(target)
    assert head == ("head",) and texts.load() == ("text",) and list(blocks) == [b"block"]
    target.write_bytes(good + b"more")
    assert entry_format.read_entry(target) is None
    assert entry_format.read_entry(target, body=False) == (("head",), None)
    target.write_bytes(entry_format.entry_blob(("head",), ("text",), [b"block"])[:-1])
    assert entry_format.read_entry(target) is None
    import hashlib
    import marshal

    def part(value: object) -> bytes:
        data = marshal.dumps(value)
        return len(data).to_bytes(8, "big") + hashlib.sha256(data).digest() + data

    index = ((-5, b"x" * 32),)  # a negative length
    target.write_bytes(entry_format.MAGIC + part(("head",)) + part(index) + part(("text",)))
    assert entry_format.read_entry(target) is None


@pytest.mark.parametrize("forgery", ["theme place out of range", "alias is an id", "ids repeat"])
def test_forged_themes_ids_or_aliases_in_a_head_are_rebuilt(
    tmp_path: Path, counted: list[Path], forgery: str
) -> None:
    """A head with a valid checksum but columns this version never writes: the
    catalogue is parsed again, never trusted."""
    second = MINI.replace(
        "sessions:\n  - id: s1",
        "sessions:\n  - id: s0\n    title: Session zero\n    conference: conf\n"
        "    event: main\n    kind: talk\n  - id: s1",
    )
    path = write_catalogue(tmp_path / "c", second)
    cache = tmp_path / "cache"
    parsed = load_catalogue(path, cache_dir=cache)
    assert len(parsed) == 2
    (entry,) = _entries(cache)
    (shell, columns, stamps), (texts, blocks) = entry_format.read_entry(entry)
    columns = list(columns)
    ids = columns[0]
    if forgery == "theme place out of range":
        table, places = columns[catalogue_cache.THEMES]
        columns[catalogue_cache.THEMES] = (table, (len(table), *places[1:]))
    elif forgery == "alias is an id":
        aliases = columns[files.COLUMN_ALIASES]
        columns[files.COLUMN_ALIASES] = ((ids[1],), *aliases[1:])
    else:
        columns[0] = (ids[1], *ids[1:])
    entry.write_bytes(
        entry_format.entry_blob((shell, tuple(columns), stamps), texts.load(), list(blocks))
    )
    again = load_catalogue(path, cache_dir=cache)
    assert len(counted) == 2
    assert again.columns == parsed.columns and again.index == parsed.index


def test_the_places_files_and_cache_read_in_a_head_are_the_columns_fields() -> None:
    """files.py reads an entry's head without the catalogue's classes, by place: the
    places must follow the fields of Columns and Recap."""
    from dataclasses import fields

    from confplan.catalogue import models
    from confplan.catalogue.catalogue import Columns

    names = [f.name for f in fields(Columns)]
    assert names[files.COLUMN_IDS] == "ids"
    assert names[files.COLUMN_DURATIONS] == "durations"
    assert names[files.COLUMN_ALIASES] == "aliases"
    assert names[catalogue_cache.THEMES] == "themes"
    assert models.Recap.__slots__[files.RECAP_FILE] == "file"
