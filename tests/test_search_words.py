"""Search (`list --search` and the TUI's `/`, both through `query`): over title, speakers,
companies, event, themes, track, room and abstract; each word at the start of a word;
quotes for a phrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan import query
from confplan.opening import load_catalogue
from tests.helpers import BUNDLED, MINI, shared_path, write_catalogue

SESSIONS = """\
  - id: rust
    title: Rust in production
    conference: conf
    event: main
    kind: talk
  - id: rustc
    title: Inside the compiler
    conference: conf
    event: main
    kind: talk
    abstract: How rustc lowers code, and the BTF relocation tricks of eBPF's loader.
  - id: trust
    title: Zero trust networks
    conference: conf
    event: main
    kind: talk
    speakers: [{name: Ana Trustworthy, affiliation: Entrust Ltd}]
  - id: room
    title: Something else
    conference: conf
    event: main
    kind: talk
    room: K.1.105 (La Fontaine)
    track: Cloud-Native Security
"""


@pytest.fixture
def catalogue(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_catalogue(write_catalogue(tmp_path / "c", MINI + SESSIONS), cache_dir=None)


def _found(catalogue, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    ids = [catalogue.sessions[i].id for i in query.search(catalogue, text)]
    incremental = query.IncrementalSearch(catalogue)
    assert [catalogue.sessions[i].id for i in incremental(text)] == ids
    return ids


def test_a_word_matches_at_a_word_start_never_inside(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _found(catalogue, "rust") == ["rust", "rustc"]
    assert _found(catalogue, "RUST") == ["rust", "rustc"]
    assert _found(catalogue, "trust") == ["trust"]  # and not "Entrust": inside a word
    assert _found(catalogue, "rustc") == ["rustc"]
    assert _found(catalogue, "ust") == []


def test_abstract_room_track_speakers_and_companies_are_searched(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _found(catalogue, "btf") == ["rustc"]
    assert _found(catalogue, "fontaine") == ["room"]
    assert _found(catalogue, "k.1.105") == ["room"]
    assert _found(catalogue, "security") == ["room"]
    assert _found(catalogue, "entrust") == ["trust"]
    assert _found(catalogue, "trustworthy") == ["trust"]


def test_quotes_make_a_phrase(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _found(catalogue, '"btf relocation"') == ["rustc"]
    assert _found(catalogue, '"btf reloc') == ["rustc"]  # a quote left open, while typing
    assert _found(catalogue, '"relocation btf"') == []
    assert _found(catalogue, "relocation btf") == ["rustc"]  # words, in any order
    assert _found(catalogue, "ebpf's") == ["rustc"]
    assert _found(catalogue, '"zero trust" networks') == ["trust"]
    # a phrase does not run from one part (the title) into the next (the event)
    assert _found(catalogue, '"production main"') == []


def test_punctuation_splits_words_as_in_the_text(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert _found(catalogue, "cloud-native") == ["room"]
    assert _found(catalogue, "native security") == ["room"]
    assert _found(catalogue, "--") == [c.id for c in catalogue.sessions]  # nothing to find


def test_the_bundled_catalogue_never_matches_inside_a_word() -> None:
    catalogue = load_catalogue(BUNDLED)
    for word in ("rust", "ops", "api"):
        for i in query.search(catalogue, word):
            assert f" {word}" in catalogue.haystacks[i]


def test_list_search_finds_abstracts_and_not_inside_words(run_cli, catalogue) -> None:  # type: ignore[no-untyped-def]
    cat = ["--catalogue", str(catalogue.path)]
    code, out, _ = run_cli("list", "--search", "btf relocation", "--format", "ids", *cat)
    assert (code, out.split()) == (0, ["rustc"])
    code, out, _ = run_cli("list", "--search", "rust", "--format", "ids", *cat)
    assert sorted(out.split()) == ["rust", "rustc"]


def test_a_fosdem_abstract_is_found(run_cli) -> None:
    fosdem = shared_path("external-data", "fosdem", "fosdem-2025.xml")
    code, out, _ = run_cli(
        "list", "--search", '"bpf type format"', "--format", "ids", "--catalogue", str(fosdem)
    )
    assert code == 0 and len(out.split()) >= 2
