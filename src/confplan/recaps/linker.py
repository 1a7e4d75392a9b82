"""Find the sessions a post names, with where and how sure.

Signals, strongest first:

- a schedule link (`sched.co/CODE`, `…sched.com/event/CODE`) or a YouTube link
  (watch, short, embed, live) that points at a session of the catalogue;
- a session's exact title (or its title without a "Keynote:" style prefix) written
  out in a line, word for word (case, accents, quotes and punctuation aside);
- a close title: a quotation, list item, heading, link or emphasis that reads
  almost like a title (rapidfuzz's ratio over the whole strings, so a few words in
  common with a long title do not count);
- speakers: a speaker's full name in the passage raises a title match; a name
  alone ("Solomon Hykes's keynote") names a session when that speaker has one
  session here and the words around it speak of a talk.

Traps that lower or drop a proposal: a title that is an event's name (a
co-located day as a whole), a title shared by several sessions with no speaker
to tell them apart, a passage that names another edition (a year or a city of
another conference) but not this session's. Missing a session is better than
inventing one: only proposals at or above THRESHOLD are taken by `--yes`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.recaps.post import Post

THRESHOLD = 0.8  # what `--yes` takes
SHOWN = 0.5  # below this, a guess is not even shown
EXACT, CLOSE, SCHEDULE, YOUTUBE, SPEAKERS = (
    "exact title",
    "close title",
    "schedule link",
    "YouTube link",
    "speakers",
)

_SCHED = re.compile(r"(?:sched\.co/|\.sched\.com/event/)([A-Za-z0-9]{3,12})", re.I)
_YOUTUBE = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:[^#\s]*&)?v=|embed/|shorts/|live/|v/)"
    r"|youtu\.be/)([A-Za-z0-9_-]{11})",
    re.I,
)
_PREFIX = re.compile(
    r"^((?:keynote|panel|lightning talk|keynote panel|fireside chat)[^:]{0,20}):\s+", re.I
)
_TALK_WORDS = re.compile(
    r"\b(keynote|talk|session|presentation|presented|presents|presenting|panel|workshop|"
    r"tutorial|demo|lightning|fireside|spoke|speaking|deep dive)s?\b",
    re.I,
)
_YEAR = re.compile(r"\b(20\d\d)\b")
_SEPARATORS = re.compile(r"\s+(?:—|–|-|\||with|by|from)\s+|\s*\(|\.\s+|:\s+(?=[a-z])")
_APOSTROPHES = re.compile("[’‘`´]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")


def normalise(text: str) -> str:
    """Words only: accents, case, quotes and punctuation set aside."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", _APOSTROPHES.sub("'", text)))
    text = text.casefold()
    text = _POSSESSIVE.sub("", text).replace("'", "")  # "Hykes's" is "Hykes"
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@dataclass(frozen=True, slots=True)
class Proposal:
    session_id: str
    title: str
    lines: tuple[int, int]
    confidence: float
    matched_by: tuple[str, ...]
    passage: str
    video: str | None = None  # a YouTube link in the post, for a session with only a search

    @property
    def taken(self) -> bool:
        return self.confidence >= THRESHOLD


@dataclass(slots=True)
class _Hit:
    index: int
    line: int
    confidence: float
    matched_by: set[str] = field(default_factory=set)


class Index:
    """What the linker looks up, built once per catalogue (and conference)."""

    def __init__(self, catalogue: Catalogue, conference: str | None = None) -> None:
        self.catalogue = catalogue
        self.sessions: list[Session] = []
        self.aliases: list[str] = []
        self.alias_words: list[list[str]] = []
        self.alias_session: list[int] = []
        by_bigram: dict[str, list[int]] = defaultdict(list)
        self.sched: dict[str, int] = {}
        self.youtube: dict[str, int] = {}
        self.speakers: dict[str, list[int]] = defaultdict(list)
        events = {normalise(e.name) for e in catalogue.events.values()}
        by_title: dict[str, list[int]] = defaultdict(list)
        for session in catalogue.sessions:
            if conference and session.conference != conference:
                continue
            by_title[normalise(session.title)].append(len(self.sessions))
            self.sessions.append(session)
        # Sessions whose title another session has too: speakers must tell them apart.
        self.shared: set[int] = {i for group in by_title.values() if len(group) > 1 for i in group}
        for i, session in enumerate(self.sessions):
            names = {session.title, session.official_title or ""}
            for name in list(names):
                stripped = _PREFIX.sub("", name)
                names.add(stripped)
            for name in names:
                alias = normalise(name)
                words = alias.split()
                if len(words) < 3 or len(alias) < 12 or alias in events:
                    continue
                self.aliases.append(alias)
                self.alias_words.append(words)
                self.alias_session.append(i)
                by_bigram[" ".join(words[:2])].append(len(self.aliases) - 1)
            for url in _session_urls(session):
                for code in _SCHED.findall(url):
                    self.sched.setdefault(code.lower(), i)
                for video in _YOUTUBE.findall(url):
                    if session.recording is not None and session.recording.is_video:
                        self.youtube.setdefault(video, i)
            for speaker in session.speakers:
                name = normalise(speaker.name)
                if len(name.split()) >= 2:
                    self.speakers[name].append(i)
        self.by_bigram = dict(by_bigram)
        self.speaker_bigrams: dict[str, list[str]] = defaultdict(list)
        for name in self.speakers:
            self.speaker_bigrams[" ".join(name.split()[:2])].append(name)
        self.years = {c.id: str(c.start.year) for c in catalogue.conferences.values()}
        self.cities = {c.id: normalise(c.city) for c in catalogue.conferences.values() if c.city}


def _session_urls(session: Session) -> list[str]:
    urls = [session.schedule_url or ""]
    if session.recording is not None:
        urls.append(session.recording.url)
    urls.extend(link.url for link in session.links)
    return urls


def link(post: Post, index: Index, *, limit_lines: int = 200_000) -> list[Proposal]:
    """Every session the post names, best passage each, most confident first."""
    hits: list[_Hit] = []
    normal = [normalise(line) for line in post.lines[:limit_lines]]
    for number, text in enumerate(normal, start=1):
        if text:
            hits.extend(_exact(index, number, text))
    hits.extend(_close(index, post, normal, {(h.index, h.line) for h in hits}))
    hits.extend(_links(index, post))
    hits.extend(_speakers_only(index, post, normal, hits))
    return _proposals(index, post, normal, hits)


def _exact(index: Index, number: int, text: str) -> list[_Hit]:
    # Each title is compared with the words where its first two are, never searched
    # for in the whole line again: a line of a million words stays linear.
    words = text.split()
    found: dict[int, _Hit] = {}
    for i in range(len(words) - 1):
        for alias_id in index.by_bigram.get(f"{words[i]} {words[i + 1]}", ()):
            title_words = index.alias_words[alias_id]
            if words[i : i + len(title_words)] != title_words:
                continue
            session = index.alias_session[alias_id]
            confidence = 0.95 if len(title_words) > 3 else 0.85
            if session in index.shared:
                confidence = 0.55  # several sessions have this title: speakers must decide
            hit = found.get(session)
            if hit is None or hit.confidence < confidence:
                found[session] = _Hit(session, number, confidence, {EXACT})
    return list(found.values())


def _candidates(text: str) -> list[str]:
    """A span and its head (before " — ", " with ", " (", …): where a title would be."""
    found = [text]
    head = _SEPARATORS.split(text, maxsplit=1)[0]
    if head != text:
        found.append(head)
    return found


def _close(index: Index, post: Post, normal: list[str], known: set[tuple[int, int]]) -> list[_Hit]:
    from rapidfuzz import fuzz, process

    hits = []
    seen: set[tuple[int, str]] = set()
    best_of: dict[str, tuple[str, float, int] | None] = {}  # a long post repeats itself
    for span in post.spans:
        for candidate in _candidates(span.text):
            text = normalise(candidate)
            words = text.split()
            if not 3 <= len(words) <= 30 or (span.line, text) in seen:
                continue
            seen.add((span.line, text))
            if text not in best_of:
                best_of[text] = process.extractOne(
                    text, index.aliases, scorer=fuzz.ratio, score_cutoff=80
                )
            best = best_of[text]
            if best is None:
                continue
            _, score, alias_id = best
            session = index.alias_session[alias_id]
            if (session, span.line) in known or score >= 99.5:
                continue  # the exact match already has it
            confidence = 0.45 + (score - 80) / 20 * 0.3  # 80 → 0.45, 95 → 0.67
            hits.append(_Hit(session, span.line, confidence, {CLOSE}))
    return hits


def _links(index: Index, post: Post) -> list[_Hit]:
    hits = []
    for item in post.links:
        for code in _SCHED.findall(item.url):
            session = index.sched.get(code.lower())
            if session is not None:
                hits.append(_Hit(session, item.line, 0.99, {SCHEDULE}))
        for video in _YOUTUBE.findall(item.url):
            session = index.youtube.get(video)
            if session is not None:
                hits.append(_Hit(session, item.line, 0.97, {YOUTUBE}))
    return hits


def _names_in(index: Index, text: str) -> list[str]:
    words = text.split()
    names: dict[str, None] = {}
    for i in range(len(words) - 1):
        for name in index.speaker_bigrams.get(f"{words[i]} {words[i + 1]}", ()):
            name_words = name.split()
            if name not in names and words[i : i + len(name_words)] == name_words:
                names[name] = None
    return list(names)


def _speakers_only(index: Index, post: Post, normal: list[str], hits: list[_Hit]) -> list[_Hit]:
    """A speaker named with a talk word, with one session here: that session."""
    named = {h.index for h in hits}
    found = []
    for number, text in enumerate(normal, start=1):
        for name in _names_in(index, text):
            raw = post.lines[number - 1]
            near = _talk_near(raw, name)
            sessions = index.speakers[name]
            if len(sessions) > 1 and near:  # "X's keynote": the one keynote of theirs
                sessions = [
                    i
                    for i in sessions
                    if near in index.sessions[i].kind
                    or near in normalise(index.sessions[i].title).split()
                ]
            if len(sessions) != 1 or sessions[0] in named:
                continue
            confidence = 0.82 if near else 0.6 if _TALK_WORDS.search(raw) else 0.4
            found.append(_Hit(sessions[0], number, confidence, {SPEAKERS}))
    return found


def _talk_near(raw: str, name: str) -> str:
    """The talk word within three words after the name ("Hykes's keynote") or right
    before it ("a talk by …"), singular; "" if there is none."""
    text = normalise(raw)
    at = text.find(name)
    if at < 0:
        return ""
    after = text[at + len(name) :].split()[:3]
    before = text[:at].split()[-3:]
    words = after + (before if before and before[-1] == "by" else [])
    for word in words:
        if _TALK_WORDS.fullmatch(word):
            return word.removesuffix("s") if word.endswith("s") and len(word) > 4 else word
    return ""


def _passage_lines(post: Post, line: int) -> tuple[int, int]:
    block = post.block_of(line)
    if block.last - block.first > 12:  # a long run of lines: keep to the line itself
        return line, line
    return block.first, block.last


def _proposals(index: Index, post: Post, normal: list[str], hits: list[_Hit]) -> list[Proposal]:
    by_session: dict[int, list[_Hit]] = defaultdict(list)
    for hit in hits:
        by_session[hit.index].append(hit)
    proposals = []
    for session_index, found in by_session.items():
        session = index.sessions[session_index]
        scored = []
        found.sort(key=lambda h: h.line)
        at_lines = [h.line for h in found]
        for hit in found:
            lines = _passage_lines(post, hit.line)
            block_text = " ".join(normal[lines[0] - 1 : lines[1]])
            confidence, matched = hit.confidence, set(hit.matched_by)
            # Every signal for this session in the same passage counts (found by
            # bisection: a post naming a talk 100,000 times stays linear).
            nearby = found[bisect_left(at_lines, lines[0]) : bisect_right(at_lines, lines[1])]
            for other in nearby:
                if other is not hit:
                    matched |= other.matched_by
                    confidence = max(confidence, other.confidence)
            names = [normalise(s.name) for s in session.speakers]
            spoken = any(name and f" {name} " in f" {block_text} " for name in names)
            if spoken and matched != {SPEAKERS}:  # a speaker named beside a title
                matched.add(SPEAKERS)
                confidence += 0.25 if CLOSE in matched else 0.04
                if session_index in index.shared and EXACT in matched:
                    confidence = 0.9  # the speakers tell the shared titles apart
            confidence = _edition_penalty(index, session, block_text, confidence)
            # Of equal mentions, the one with the most words around it: the post's own
            # comment on the talk rather than a passing list or caption.
            said = len(post.lines[hit.line - 1])
            scored.append((round(min(confidence, 0.99), 2), said, lines, matched))
        # The session is as sure as its best mention; its passage is the mention with
        # the most said around it among the sure ones.
        confidence = max(s[0] for s in scored)
        floor = min(confidence, THRESHOLD)
        _, _, lines, matched = max((s for s in scored if s[0] >= floor), key=lambda s: s[1])
        matched = set().union(*(s[3] for s in scored))
        if confidence < SHOWN:
            continue
        order = [EXACT, CLOSE, SCHEDULE, YOUTUBE, SPEAKERS]
        proposals.append(
            Proposal(
                session.id,
                session.title,
                lines,
                confidence,
                tuple(m for m in order if m in matched),
                "\n".join(post.lines[lines[0] - 1 : lines[1]]).strip()[:600],
                _video_near(index, post, session, lines),
            )
        )
    proposals.sort(key=lambda p: (-p.confidence, p.lines, p.session_id))
    return proposals


def _edition_penalty(index: Index, session: Session, text: str, confidence: float) -> float:
    """A passage naming another edition (its year, or another conference's city) and
    not this session's is likely about a talk elsewhere."""
    year = index.years.get(session.conference)
    years = set(_YEAR.findall(text))
    city = index.cities.get(session.conference)
    other_cities = {c for cid, c in index.cities.items() if cid != session.conference and c}
    elsewhere = (year is not None and years and year not in years) or (
        any(f" {c} " in f" {text} " for c in other_cities)
        and not (city and f" {city} " in f" {text} ")
    )
    return confidence * 0.6 if elsewhere else confidence


def _video_near(index: Index, post: Post, session: Session, lines: tuple[int, int]) -> str | None:
    """A YouTube link in the passage (or an embed just after it) that no session has,
    for a session whose recording is only a search."""
    if session.recording is not None and session.recording.is_video:
        return None
    for item in post.links:
        if lines[0] <= item.line <= lines[1] + 2:
            for video in _YOUTUBE.findall(item.url):
                if video not in index.youtube:
                    return f"https://www.youtube.com/watch?v={video}"
    return None
