"""Find the sessions a post names, with where and how sure.

Signals, strongest first (the finders of links and speakers are in mentions.py):

- a schedule link (`sched.co/CODE`, `…sched.com/event/CODE`, the code compared as
  written) or a YouTube link (watch, short, embed, live) that points at a session;
- a session's exact title (or its title without a "Keynote:" style prefix) written
  out word for word (case, accents, quotes and punctuation aside), in a line or
  wrapping onto the next line of its paragraph; or with a word or two slipped in;
- a close title: a quotation, list item, heading, link or emphasis that reads
  almost like a title (rapidfuzz's ratio over the whole strings, so a few words in
  common with a long title do not count);
- speakers: a speaker's full name in the passage raises a title match; a name
  alone ("Solomon Hykes's keynote") names a talk when that speaker has one talk at
  the edition and a talk word is beside the name; two speakers of one talk named
  together name it.

The post's edition (editions.py) decides between the editions a title was given
at: another edition's session needs direct evidence (a link to it, or its exact
title with that edition named in the passage). Traps that lower or drop a
proposal: a title that is an event's name, a title several sessions of the
edition share with no speaker to tell them apart, a passage naming only other
editions; what is not a talk (a co-located event's day, logistics, cancelled) is
only context. Missing a session is better than inventing one: only proposals at
or above THRESHOLD are taken by `--yes`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

from confplan.catalogue.models import NOT_TALKS, Session
from confplan.recaps.editions import PostEditions, read_editions
from confplan.recaps.index import (
    CLOSE,
    EXACT,
    SCHEDULE,
    SHOWN,
    SPEAKERS,
    THRESHOLD,
    YOUTUBE,
    YOUTUBE_ID,
    Hit,
    Index,
    Proposal,
)
from confplan.recaps.mentions import (
    named_near,
    passage_lines,
    sched_links,
    speakers_only,
    youtube_links,
)
from confplan.recaps.normal import normalise
from confplan.recaps.post import Post

MAX_SLIPPED = 2  # words of the writer's inside a title still read as that title
MAX_TITLE_WORDS = 60  # of the next line, the words a title starting here may run into

__all__ = [
    "CLOSE",
    "EXACT",
    "SCHEDULE",
    "SPEAKERS",
    "THRESHOLD",
    "YOUTUBE",
    "Index",
    "Proposal",
    "link",
    "link_post",
    "normalise",
]

_SEPARATORS = re.compile(r"\s+(?:—|–|-|\||with|by|from)\s+|\s*\(|\.\s+|:\s+(?=[a-z])")


def link(post: Post, index: Index, *, limit_lines: int = 200_000) -> list[Proposal]:
    """Every session the post names, best passage each, most confident first."""
    return link_post(post, index, limit_lines=limit_lines)[0]


def link_post(
    post: Post, index: Index, *, limit_lines: int = 200_000
) -> tuple[list[Proposal], str | None]:
    """The proposals, and the edition the post is about (None when it does not say)."""
    hits: list[Hit] = []
    normal = [
        "" if number in post.hidden else normalise(line)
        for number, line in enumerate(post.lines[:limit_lines], start=1)
    ]
    for number, text in enumerate(normal, start=1):
        if text:
            hits.extend(_exact(index, number, text, _next_in_block(post, normal, number)))
    hits.extend(_close(index, post, normal, {(h.index, h.line) for h in hits}))
    direct = sched_links(index, post)
    linked = [index.sessions[h.index].conference for h in direct]
    editions = read_editions(index.editions, post, normal, linked)
    if index.conference:
        editions.main = index.conference
    hits.extend(direct)
    hits.extend(youtube_links(index, post, editions))
    hits.extend(speakers_only(index, post, normal, hits, editions))
    return _proposals(index, post, normal, hits, editions), editions.main


def _next_in_block(post: Post, normal: list[str], number: int) -> str:
    """The next line when it continues the same paragraph (a title may wrap)."""
    if number >= len(normal) or post.block_of(number) != post.block_of(number + 1):
        return ""
    return normal[number]


def _exact(index: Index, number: int, text: str, following: str = "") -> list[Hit]:
    # Each title is compared with the words where its first two are, never searched
    # for in the whole line again: a line of a million words stays linear. A title
    # starting in this line may end in the next one of its paragraph.
    own = text.split()
    words = own + following.split()[:MAX_TITLE_WORDS] if following else own
    found: dict[int, Hit] = {}
    for i in range(min(len(own), len(words) - 1)):
        for alias_id in index.by_bigram.get(f"{words[i]} {words[i + 1]}", ()):
            title_words = index.alias_words[alias_id]
            if words[i : i + len(title_words)] == title_words:
                confidence, signal = (0.95 if len(title_words) > 3 else 0.85), EXACT
            elif _with_words_slipped_in(title_words, words, i):
                confidence, signal = 0.8, CLOSE
            else:
                continue
            session = index.alias_session[alias_id]
            hit = found.get(session)
            if hit is None or hit.confidence < confidence:
                found[session] = Hit(session, number, confidence, {signal})
    return list(found.values())


def _with_words_slipped_in(title: list[str], words: list[str], at: int) -> bool:
    """A title of four words or more, written out in order with one or two words of
    the writer's slipped in ("the opening keynote called for responsible innovation")."""
    end = at + len(title) - 1  # where the last word would be, give or take the slipped
    if len(title) < 4 or title[-1] not in words[end : end + MAX_SLIPPED + 1]:
        return False
    window = words[at : at + len(title) + MAX_SLIPPED]
    matched, slipped = 0, 0
    for word in window:
        if matched == len(title):
            break
        if word == title[matched]:
            matched += 1
        else:
            slipped += 1
    return matched == len(title) and 0 < slipped <= MAX_SLIPPED


def _candidates(text: str) -> list[str]:
    """A span and its head (before " — ", " with ", " (", …): where a title would be."""
    found = [text]
    head = _SEPARATORS.split(text, maxsplit=1)[0]
    if head != text:
        found.append(head)
    return found


def _close(index: Index, post: Post, normal: list[str], known: set[tuple[int, int]]) -> list[Hit]:
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
            hits.append(Hit(session, span.line, confidence, {CLOSE}))
    return hits


def _proposals(
    index: Index, post: Post, normal: list[str], hits: list[Hit], editions: PostEditions
) -> list[Proposal]:
    by_session: dict[int, list[Hit]] = defaultdict(list)
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
            lines = passage_lines(post, hit.line)
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
            near = named_near(post, editions, hit.line)
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
        if context:  # shown as context; one of many alike ("Badge Pick-Up") only if linked
            confidence = min(confidence, SHOWN)
            if session_index in shared and not matched & {SCHEDULE, YOUTUBE}:
                continue
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
            for video in YOUTUBE_ID.findall(item.url):
                if video not in index.youtube:
                    return f"https://www.youtube.com/watch?v={video}"
    return None
