"""Filtering, searching and sorting sessions: pure functions over a catalogue and progress.

Results are lists of indexes into `catalogue.sessions`, so a view of 10,000
sessions is a list of ints, not a list of copies.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from confplan.catalogue.catalogue import Catalogue, track_name
from confplan.catalogue.models import NOTHING_TO_WATCH, SESSION_KINDS, Session
from confplan.errors import BadInputError
from confplan.progress.models import UNWATCHED, Entry
from confplan.text import fold, search_form

SORT_KEYS = ("consensus", "date", "title", "duration")


_QUOTED = re.compile(r'"([^"]*)(?:"|$)')


def terms(text: str) -> list[str]:
    """What to find, in the form search compares (`search_form`): each word of `text`,
    and each "quoted phrase" (a quote left open runs to the end, as while typing).
    Each starts with a space, so it is found at the start of a word only; a phrase's
    words follow one another, the last one a word's start ("btf reloc" finds
    "BTF relocation"). Punctuation inside a word splits it the same way: "cloud-native"
    is the phrase "cloud native"."""
    phrases: list[str] = []
    if '"' in text:

        def keep(match: re.Match[str]) -> str:
            phrases.append(match.group(1))
            return " "

        text = _QUOTED.sub(keep, text)
    needles = (search_form(word) for word in [*phrases, *text.split()])
    return [needle for needle in needles if len(needle) > 1]


def search(catalogue: Catalogue, text: str, within: Sequence[int] | None = None) -> list[int]:
    """Indexes whose search text holds every word and phrase of `text` (`terms`), each at
    the start of a word, in any case and with any accents."""
    words = terms(text)
    candidates = range(len(catalogue.sessions)) if within is None else within
    if not words:
        return list(candidates)
    hay = catalogue.haystacks
    # One pass per word, longest (most selective) first, each over what is left.
    result: Sequence[int] = candidates
    for word in sorted(set(words), key=len, reverse=True):
        result = [i for i in result if word in hay[i]]
        if not result:
            break
    return list(result)


class IncrementalSearch:
    """Searches as the user types.

    Results are remembered (the last MEMO queries): typing a letter narrows
    the result for the text before it instead of scanning everything again,
    a word already checked is not checked again, and deleting a letter finds
    the earlier result at once.

    `base` (default: every session, in catalogue order) is what a full scan
    covers, and fixes the order of results. The search texts are copied into
    one block of memory in that order: scanning 100,000 of them in sequence
    is about twice as fast as following them around the heap.
    """

    MEMO = 64

    def __init__(self, catalogue: Catalogue, base: Sequence[int] | None = None) -> None:
        self.catalogue = catalogue
        self.base: list[int] = list(range(len(catalogue.sessions)) if base is None else base)
        self._texts: list[str] | None = None  # made on the first search, not before
        # words -> (positions in base, session indexes)
        self._memo: OrderedDict[tuple[str, ...], tuple[list[int], list[int]]] = OrderedDict()

    def __call__(self, text: str) -> list[int]:
        words = tuple(sorted(set(terms(text))))
        if not words:
            return list(self.base)
        memo = self._memo
        found = memo.get(words)
        if found is not None:
            memo.move_to_end(words)
            return found[1]
        start: Sequence[int] = range(len(self.base))
        checked: tuple[str, ...] = ()
        for old_words, (old_positions, _) in memo.items():
            if len(old_positions) < len(start) and _narrows(old_words, words):
                start, checked = old_positions, old_words
        positions: Sequence[int] = start
        texts = self._texts if self._texts is not None else self._copy_texts()
        for word in sorted(set(words) - set(checked), key=len, reverse=True):
            positions = [p for p in positions if word in texts[p]]
            if not positions:
                break
        positions = list(positions)
        base = self.base
        result = [base[p] for p in positions]
        memo[words] = (positions, result)
        if len(memo) > self.MEMO:
            memo.popitem(last=False)
        return result

    def prepare(self) -> None:
        """Copy the search texts now (done by the first search otherwise: 30-60 ms of
        the first key typed at 100,000 sessions)."""
        if self._texts is None:
            self._copy_texts()

    def _copy_texts(self) -> list[str]:
        hay = self.catalogue.haystacks
        block = "\0".join(hay[i] for i in self.base)
        texts, at = [], 0
        for i in self.base:
            end = at + len(hay[i])
            texts.append(block[at:end])
            at = end + 1
        self._texts = texts
        return texts


def _narrows(old: Sequence[str], new: Sequence[str]) -> bool:
    """True if every match for `new` must also match `old`: each old term is part
    of some new term (so text holding all the new terms holds all the old ones; the
    space each term starts with keeps this true of word starts)."""
    return all(any(o in n for n in new) for o in old)


@dataclass(frozen=True, slots=True)
class Filter:
    theme: str | None = None
    event: str | None = None
    text: str = ""
    statuses: frozenset[str] | None = None
    watchlist_only: bool = False
    recommended: bool = False  # only sessions with at least one recommendation
    track: str | None = None
    conference: str | None = None
    kinds: frozenset[str] | None = None  # only these kinds
    # leave out what has nothing to watch (models.NOTHING_TO_WATCH), as default lists do
    hide_nothing_to_watch: bool = False


def apply(
    catalogue: Catalogue,
    spec: Filter,
    entries: Mapping[str, Entry],
    within: Sequence[int] | None = None,
) -> list[int]:
    """Indexes that pass every part of `spec` (text search first: it is the most selective)."""
    indexes = (
        search(catalogue, spec.text, within)
        if spec.text
        else (list(range(len(catalogue.sessions))) if within is None else list(within))
    )
    sessions = catalogue.sessions
    ids = catalogue.columns.ids
    if spec.recommended:
        recommendations = catalogue.columns.recommendations
        indexes = [i for i in indexes if recommendations[i]]
    if spec.track:
        tracks = catalogue.columns.tracks
        indexes = [i for i in indexes if tracks[i] == spec.track]
    if spec.conference:
        indexes = [i for i in indexes if sessions[i].conference == spec.conference]
    kinds = catalogue.columns.kinds
    if spec.kinds is not None:
        indexes = [i for i in indexes if kinds[i] in spec.kinds]
    elif spec.hide_nothing_to_watch:
        indexes = [i for i in indexes if kinds[i] not in NOTHING_TO_WATCH]
    if spec.theme:
        themes = catalogue.columns.themes
        indexes = [i for i in indexes if spec.theme in themes[i]]
    if spec.event:
        indexes = [i for i in indexes if sessions[i].event == spec.event]
    if spec.statuses is not None:
        wanted = spec.statuses
        indexes = [i for i in indexes if status_of(entries, ids[i]) in wanted]
    if spec.watchlist_only:
        indexes = [i for i in indexes if _queued(entries, ids[i])]
        indexes.sort(key=lambda i: entries[ids[i]].watchlist_pos or 0)
    return indexes


def status_of(entries: Mapping[str, Entry], session_id: str) -> str:
    entry = entries.get(session_id)
    return entry.status if entry is not None else UNWATCHED


def _queued(entries: Mapping[str, Entry], session_id: str) -> bool:
    entry = entries.get(session_id)
    return entry is not None and entry.watchlist_pos is not None


LAST = 1 << 62  # where a session without a date or a length sorts: after the others


def sorted_indexes(catalogue: Catalogue, indexes: Sequence[int], key: str) -> list[int]:
    """`indexes` in the order `key` names, titles (folded) breaking ties. Sorted in
    passes by precomputed values, stable: no function of ours runs per session.
    By date: by day, and within a day by start time where known (untimed after)."""
    columns = catalogue.columns
    ordered = sorted(indexes, key=columns.title_ranks.__getitem__)
    if key == "title":
        return ordered
    if key == "consensus":
        first = [-n for n in columns.recommendations]
    elif key == "date":
        if any(t is not None for t in columns.starts):  # only a schedule with times
            starts = [LAST if t is None else t for t in columns.starts]
            ordered.sort(key=starts.__getitem__)
        first = [LAST if d is None else d for d in columns.dates]
    elif key == "duration":
        first = [LAST if d is None else d for d in columns.durations]
    else:
        raise BadInputError(f"unknown sort {key!r}; use one of {', '.join(SORT_KEYS)}")
    ordered.sort(key=first.__getitem__)
    return ordered


# -- resolving what the user typed ---------------------------------------------


def suggest(word: str, choices: Sequence[str], limit: int = 3) -> list[str]:
    close = get_close_matches(word, choices, n=limit, cutoff=0.5)
    if len(close) < limit:
        folded = fold(word)
        for choice in choices:
            if folded in fold(choice) and choice not in close:
                close.append(choice)
                if len(close) == limit:
                    break
    return close


def unknown(kind: str, word: str, choices: Sequence[str]) -> BadInputError:
    near = suggest(word, choices)
    hint = f"did you mean: {', '.join(near)}?" if near else None
    return BadInputError(f"unknown {kind} {word!r}", hint=hint)


def resolve_session(catalogue: Catalogue, session_id: str) -> Session:
    session = catalogue.get(session_id)
    if session is None:
        raise unknown("session id", session_id, list(catalogue.index))
    return session


def _by_id_or_name(kind: str, word: str, items: Mapping[str, Any]) -> str:
    if word in items:
        return word
    for item_id, item in items.items():
        if fold(item.name) == fold(word):
            return item_id
    raise unknown(kind, word, list(items))


def resolve_track(catalogue: Catalogue, word: str) -> str:
    """A track by its name, in any case ("security" finds "Security")."""
    tracks = catalogue.tracks()
    if word in tracks:
        return word
    for track in tracks:
        if fold(track) == fold(word) or track_name(track) == fold(word):
            return track
    raise unknown("track", word, list(tracks))


def resolve_conference(catalogue: Catalogue, word: str) -> str:
    """An edition by its id, its name, its city or its year, or words of them together
    ("paris", "2025", "amsterdam 2026", "europe 2024", "kccnceu2026"). Several matching
    is an error that lists them."""
    if word in catalogue.conferences:
        return word
    wanted = fold(word).replace("+", " ").split()
    found = [c.id for c in catalogue.conferences.values() if wanted and _names(c, wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"{c} ({catalogue.conferences[c].name})" for c in found)
        raise BadInputError(
            f"conference {word!r} is ambiguous: it matches {listed}",
            hint="name one by its id, or add the year or the city",
        )
    raise unknown("conference", word, list(catalogue.conferences))


def _names(conference: Any, words: list[str]) -> bool:
    """Every word is the conference's id or year, or a word of its name, city or country."""
    known = {fold(conference.id), str(conference.start.year)}
    for text in (conference.name, conference.city or "", conference.country or ""):
        known.update(fold(text).replace("+", " ").split())
    whole = {fold(conference.name), fold(conference.city or "")}
    return " ".join(words) in whole or all(w in known for w in words)


def resolve_kind(word: str) -> str:
    """A session kind by name ("event day" is a co-located event's day)."""
    folded = fold(word).strip().replace(" ", "-")
    if folded in ("event-day", "co-located-event-day"):
        return "co-located"
    if folded == "canceled":
        return "cancelled"
    if folded in SESSION_KINDS:
        return folded
    raise unknown("kind", word, list(SESSION_KINDS))


def resolve_theme(catalogue: Catalogue, word: str) -> str:
    """A theme by id or by name (any case)."""
    return _by_id_or_name("theme", word, catalogue.themes)


def resolve_event(catalogue: Catalogue, word: str) -> str:
    """An event by id or by name (any case)."""
    return _by_id_or_name("event", word, catalogue.events)
