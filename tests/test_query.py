"""Search, filters and sorting: the incremental search always equals a plain scan."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from confplan import query
from confplan.opening import load_catalogue
from confplan.text import search_form
from tests.helpers import BUNDLED

LETTERS = "abcé É"
TYPED = LETTERS + '-"'  # and what makes phrases


def fake_catalogue(haystacks: list[str]) -> SimpleNamespace:
    forms = tuple(search_form(h) for h in haystacks)
    return SimpleNamespace(haystacks=forms, sessions=tuple(range(len(forms))), raw=haystacks)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", query.fold(text))


def _holds(text: str, term: str) -> bool:
    """Written apart from the search: the term's words follow one another in `text`'s
    words, the last one a word's start and the others whole words."""
    words, wanted = _words(text), _words(term)
    *whole, last = wanted
    n = len(wanted)
    return any(
        words[i : i + n - 1] == whole and words[i + n - 1].startswith(last)
        for i in range(len(words) - n + 1)
    )


def brute(raw: list[str], text: str, base: list[int]) -> list[int]:
    terms = query.terms(text)
    return [i for i in base if all(_holds(raw[i], t) for t in terms)]


@settings(max_examples=200, deadline=None)
@given(
    haystacks=st.lists(st.text(alphabet=LETTERS, max_size=12), max_size=30),
    typed=st.lists(st.text(alphabet=TYPED, max_size=6), min_size=1, max_size=25),
    reverse=st.booleans(),
)
def test_incremental_search_equals_a_plain_scan(
    haystacks: list[str], typed: list[str], reverse: bool
) -> None:
    catalogue = fake_catalogue(haystacks)
    base = list(range(len(haystacks)))
    if reverse:
        base.reverse()
    searcher = query.IncrementalSearch(catalogue, base)  # type: ignore[arg-type]
    for text in typed:
        assert searcher(text) == brute(catalogue.raw, text, base), text


def test_typing_and_deleting_on_the_bundled_catalogue() -> None:
    catalogue = load_catalogue(BUNDLED)
    searcher = query.IncrementalSearch(catalogue)
    text = ""
    for ch in "platform spotify":
        text += ch
        assert searcher(text) == query.search(catalogue, text)
    while text:
        text = text[:-1]
        assert searcher(text) == query.search(catalogue, text)


def test_sort_orders() -> None:
    catalogue = load_catalogue(BUNDLED)
    everything = list(range(len(catalogue)))
    by_consensus = query.sorted_indexes(catalogue, everything, "consensus")
    counts = [len(catalogue.sessions[i].recommended_by) for i in by_consensus]
    assert counts == sorted(counts, reverse=True)
    by_duration = query.sorted_indexes(catalogue, everything, "duration")
    minutes = [catalogue.sessions[i].duration_min for i in by_duration]
    known = [m for m in minutes if m is not None]
    assert minutes[: len(known)] == sorted(known)  # shortest first, unknown lengths last
    assert len(known) > 2000 and minutes[0] == min(known)
    by_date = query.sorted_indexes(catalogue, everything, "date")
    dates = [catalogue.sessions[i].date for i in by_date if catalogue.sessions[i].date]
    assert dates == sorted(dates)
