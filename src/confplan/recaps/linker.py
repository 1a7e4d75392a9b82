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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import NOT_TALKS, Session
from confplan.recaps.editions import Editions, PostEditions, read_editions
from confplan.recaps.normal import normalise
from confplan.recaps.post import Post

__all__ = ["THRESHOLD", "Index", "Proposal", "link", "normalise"]

THRESHOLD = 0.8  # what `--yes` takes
SHOWN = 0.5  # below this, a guess is not even shown
EXACT, CLOSE, SCHEDULE, YOUTUBE, SPEAKERS = (
    "exact title",
    "close title",
    "schedule link",
    "YouTube link",
    "speakers",
)

# The host in any case, the code as written: `1R2tJ` and `1R2tj` are two sessions.
_SCHED = re.compile(r"(?i:sched\.co/|\.sched\.com/event/)([A-Za-z0-9]{3,12})")
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
_SEPARATORS = re.compile(r"\s+(?:—|–|-|\||with|by|from)\s+|\s*\(|\.\s+|:\s+(?=[a-z])")


@dataclass(frozen=True, slots=True)
class Proposal:
    session_id: str
    title: str
    lines: tuple[int, int]
    confidence: float
    matched_by: tuple[str, ...]
    passage: str
    video: str | None = None  # a YouTube link in the post, for a session with only a search
    # Not a talk (a co-located event's day, logistics, cancelled): shown as context,
    # never taken by --yes.
    context: bool = False

    @property
    def taken(self) -> bool:
        return self.confidence >= THRESHOLD and not self.context


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
        self.conference = conference  # the edition given (--conference), if any
        self.sessions: list[Session] = []
        self.aliases: list[str] = []
        self.alias_words: list[list[str]] = []
        self.alias_session: list[int] = []
        by_bigram: dict[str, list[int]] = defaultdict(list)
        self.sched: dict[str, int] = {}
        self.youtube: dict[str, list[int]] = defaultdict(list)
        self.speakers: dict[str, list[int]] = defaultdict(list)
        events = {normalise(e.name) for e in catalogue.events.values()}
        by_title: dict[str, list[int]] = defaultdict(list)
        for session in catalogue.sessions:
            if conference and session.conference != conference:
                continue
            by_title[normalise(session.title)].append(len(self.sessions))
            self.sessions.append(session)
        # Sessions whose title another session has too (of the same edition, or of
        # any when the post's edition is unknown): speakers must tell them apart.
        self.shared_anywhere: set[int] = set()
        self.shared_in_edition: set[int] = set()
        for group in by_title.values():
            if len(group) > 1:
                self.shared_anywhere.update(group)
                editions = [self.sessions[i].conference for i in group]
                self.shared_in_edition.update(
                    i for i, c in zip(group, editions, strict=True) if editions.count(c) > 1
                )
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
                    self.sched.setdefault(code, i)
                video_url = session.recording is not None and session.recording.is_video
                for video in _YOUTUBE.findall(url) if video_url else ():
                    if i not in self.youtube[video]:
                        self.youtube[video].append(i)
            for speaker in session.speakers:
                name = normalise(speaker.name)
                if len(name.split()) >= 2:
                    self.speakers[name].append(i)
        self.by_bigram = dict(by_bigram)
        self.speaker_bigrams: dict[str, list[str]] = defaultdict(list)
        for name in self.speakers:
            self.speaker_bigrams[" ".join(name.split()[:2])].append(name)
        self.editions = Editions(catalogue)


def _session_urls(session: Session) -> list[str]:
    urls = [session.schedule_url or ""]
    if session.recording is not None:
        urls.append(session.recording.url)
    urls.extend(link.url for link in session.links)
    return urls


def link(post: Post, index: Index, *, limit_lines: int = 200_000) -> list[Proposal]:
    """Every session the post names, best passage each, most confident first."""
    return link_post(post, index, limit_lines=limit_lines)[0]


def link_post(
    post: Post, index: Index, *, limit_lines: int = 200_000
) -> tuple[list[Proposal], str | None]:
    """The proposals, and the edition the post is about (None when it does not say)."""
    hits: list[_Hit] = []
    normal = [
        "" if number in post.hidden else normalise(line)
        for number, line in enumerate(post.lines[:limit_lines], start=1)
    ]
    for number, text in enumerate(normal, start=1):
        if text:
            hits.extend(_exact(index, number, text))
    hits.extend(_close(index, post, normal, {(h.index, h.line) for h in hits}))
    direct = _sched_links(index, post)
    linked = [index.sessions[h.index].conference for h in direct]
    editions = read_editions(index.editions, post, normal, linked)
    if index.conference:
        editions.main = index.conference
    hits.extend(direct)
    hits.extend(_youtube_links(index, post, editions))
    hits.extend(_speakers_only(index, post, normal, hits, editions))
    return _proposals(index, post, normal, hits, editions), editions.main


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


def _sched_links(index: Index, post: Post) -> list[_Hit]:
    hits = []
    for item in post.links:
        if item.line in post.hidden:
            continue
        for code in _SCHED.findall(item.url):
            session = index.sched.get(code)
            if session is not None:
                hits.append(_Hit(session, item.line, 0.99, {SCHEDULE}))
    return hits


def _youtube_links(index: Index, post: Post, editions: PostEditions) -> list[_Hit]:
    """A recording's link names its session; one that several editions share (each
    year's "Welcome + Opening Remarks" may point at one upload) names the one of the
    edition the passage, or else the post, is about."""
    hits = []
    for item in post.links:
        for video in _YOUTUBE.findall(item.url):
            sessions = index.youtube.get(video, [])
            if len(sessions) > 1:
                near = _near_or_main(post, editions, item.line)
                sessions = [i for i in sessions if index.sessions[i].conference in near]
            if len(sessions) == 1 and item.line not in post.hidden:
                hits.append(_Hit(sessions[0], item.line, 0.97, {YOUTUBE}))
    return hits


def _near_or_main(post: Post, editions: PostEditions, line: int) -> set[str]:
    """The editions named near a line, or else the post's own."""
    near = _named_near(post, editions, line)
    return near or ({editions.main} if editions.main else set())


def _named_near(post: Post, editions: PostEditions, line: int) -> set[str]:
    """The editions named in a line's passage, or else in its section's heading."""
    first, last = _passage_lines(post, line)
    named: set[str] = set()
    for number in range(first, last + 1):
        named |= editions.lines.get(number, set())
    return named or editions.sections.get(line, set())


def _names_in(index: Index, text: str) -> list[str]:
    words = text.split()
    names: dict[str, None] = {}
    for i in range(len(words) - 1):
        for name in index.speaker_bigrams.get(f"{words[i]} {words[i + 1]}", ()):
            name_words = name.split()
            if name not in names and words[i : i + len(name_words)] == name_words:
                names[name] = None
    return list(names)


def _speakers_only(
    index: Index, post: Post, normal: list[str], hits: list[_Hit], editions: PostEditions
) -> list[_Hit]:
    """A speaker named with a talk word beside the name, who has one talk at the
    edition the passage (or else the post) is about: that talk. A speaker with
    several talks there, or named without a talk word, is a guess shown below the
    threshold."""
    named = {h.index for h in hits}
    found = []
    for number, text in enumerate(normal, start=1):
        for name in _names_in(index, text):
            raw = post.lines[number - 1]
            near = _talk_near(raw, name)
            where = _near_or_main(post, editions, number)
            sessions = [
                i
                for i in index.speakers[name]
                if index.sessions[i].is_talk
                and (editions.main is None or index.sessions[i].conference in where)
            ]
            confidence = 0.82 if near else 0.6 if _TALK_WORDS.search(raw) else 0.4
            if len(sessions) > 1 and near:  # "X's keynote": the one keynote of theirs
                sessions = [
                    i
                    for i in sessions
                    if near in index.sessions[i].kind
                    or near in normalise(index.sessions[i].title).split()
                ]
                confidence = 0.7
            if len(sessions) != 1 or sessions[0] in named:
                continue
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


def _proposals(
    index: Index, post: Post, normal: list[str], hits: list[_Hit], editions: PostEditions
) -> list[Proposal]:
    by_session: dict[int, list[_Hit]] = defaultdict(list)
    for hit in hits:
        by_session[hit.index].append(hit)
    shared = index.shared_in_edition if editions.main else index.shared_anywhere
    proposals: list[tuple[Proposal, bool]] = []
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
            if session_index in shared and matched <= {EXACT, CLOSE}:
                confidence = min(confidence, 0.55)  # several sessions have this title
            names = [normalise(s.name) for s in session.speakers]
            spoken = any(name and f" {name} " in f" {block_text} " for name in names)
            if spoken and matched != {SPEAKERS}:  # a speaker named beside a title
                matched.add(SPEAKERS)
                confidence += 0.25 if CLOSE in matched else 0.04
                if session_index in shared and EXACT in matched:
                    confidence = 0.9  # the speakers tell the shared titles apart
            near = _named_near(post, editions, hit.line)
            fits = _fits_edition(session, matched, near, editions.main)
            if not fits:
                confidence *= 0.6
            said = len(post.lines[hit.line - 1])
            scored.append((round(min(confidence, 0.99), 2), said, lines, matched, fits))
        # The session is as sure as its best mention; its passage is the mention with
        # the most said around it among the sure ones.
        confidence = max(s[0] for s in scored)
        floor = min(confidence, THRESHOLD)
        _, _, lines, matched, _ = max((s for s in scored if s[0] >= floor), key=lambda s: s[1])
        matched = set().union(*(s[3] for s in scored))
        context = session.kind in NOT_TALKS
        if context:
            confidence = min(confidence, SHOWN)
        if confidence < SHOWN:
            continue
        order = [EXACT, CLOSE, SCHEDULE, YOUTUBE, SPEAKERS]
        proposal = Proposal(
            session.id,
            session.title,
            lines,
            confidence,
            tuple(m for m in order if m in matched),
            "\n".join(post.lines[lines[0] - 1 : lines[1]]).strip()[:600],
            _video_near(index, post, session, lines),
            context,
        )
        proposals.append((proposal, any(s[4] for s in scored)))
    return _one_edition_per_title(proposals)


def _fits_edition(session: Session, matched: set[str], near: set[str], main: str | None) -> bool:
    """Is the session of the edition its passage speaks of? Of the post's edition,
    unless the passage names others only; of another, only on direct evidence: a
    link to the session, or its exact title with that edition named in the passage."""
    conference = session.conference
    if main is None or conference == main:
        return not near or conference in near or (main is not None and main in near)
    return SCHEDULE in matched or YOUTUBE in matched or (EXACT in matched and conference in near)


def _one_edition_per_title(found: list[tuple[Proposal, bool]]) -> list[Proposal]:
    """A title several editions have is the one of the edition that fits: the others,
    lowered for not fitting, are not shown at all."""
    fitting = {normalise(p.title) for p, fits in found if fits}
    proposals = [p for p, fits in found if fits or normalise(p.title) not in fitting]
    proposals.sort(key=lambda p: (-p.confidence, p.lines, p.session_id))
    return proposals


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
