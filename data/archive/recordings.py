"""Recordings you can trust: each matched video checked against its session.

The source matched videos by fuzzy title, edition by edition, so a yearly session
("Welcome + Opening Remarks", a SIG's intro) can carry another year's video, and one
video can sit on several sessions. Here a video is checked against every session of
every edition it is matched to; the speakers its title names must be the session's;
a generic recurring title is never above `low` unless the video names the year or city.
"""

from __future__ import annotations

import collections
import difflib
import re
from dataclasses import dataclass
from typing import Any

from build_programmes import normal

from archive.speakers import person_like

GENERIC = re.compile(
    r"opening remarks|closing remarks|\bwelcome\b|project updates?|graduated project|"
    r"incubating project|\bsig\b|\bwg\b|\btag\b|intro(duction)?\b.*\b(to|and|&)\b|"
    r"deep dive|office hours|awards?\b|wrap[- ]?up|what'?s new|update$|updates$|"
    r"^keynote: (panel|closing|opening)|lightning talks?$|community awards|end user award|"
    r"q&a|q\+a|\bama\b|ask me anything|town hall|\bmeeting\b|state of\b",
    re.I,
)


@dataclass
class Candidate:
    """One session with its matched video, as the check sees it."""

    key: str  # the source's note file
    conference: str
    year: str
    city: str
    title: str
    speakers: list[str]
    video: str
    video_title: str | None
    score: float | None


def _title_part(video_title: str) -> str:
    return video_title.rsplit(" - ", 1)[0] if " - " in video_title else video_title


def _same_title(title: str, video_title: str) -> bool:
    return normal(title).strip() == normal(_title_part(video_title)).strip()


def similarity(title: str, video_title: str) -> float:
    ours, theirs = normal(title).strip(), normal(_title_part(video_title)).strip()
    if theirs.startswith(ours) or normal(video_title).strip().startswith(ours):
        return 1.0
    return difflib.SequenceMatcher(None, ours, theirs).ratio()


def _near(word: str, words: set[str]) -> bool:
    if word in words:
        return True
    return len(word) >= 5 and any(
        difflib.SequenceMatcher(None, word, other).ratio() >= 0.8 for other in words
    )


def speakers_agree(candidate: Candidate) -> bool | None:
    """True when the video's title names one of the session's speakers (a first name, or
    a surname with a typo allowed), False when it names people and none of them, None when it
    cannot tell."""
    if not candidate.video_title or not candidate.speakers:
        return None
    theirs = set(normal(candidate.video_title).split())
    names = [normal(n).split() for n in candidate.speakers]
    firsts = {n[0] for n in names if len(n) > 1 and len(n[0]) > 2}
    surnames = {n[-1] for n in names if n and len(n[-1]) > 2}
    if firsts & theirs or any(_near(word, theirs) for word in surnames):
        return True
    tail = candidate.video_title.rsplit(" - ", 1)[-1] if " - " in candidate.video_title else ""
    names = [t for t in re.split(r", | & |; ", tail) if person_like(t)]
    return False if names else None


def names_year_or_city(candidate: Candidate) -> bool:
    text = (candidate.video_title or "").casefold()
    return candidate.year in text or (
        candidate.city != "Virtual" and candidate.city.casefold() in text
    )


def owners(group: list[Candidate]) -> set[str]:
    """Which sessions sharing one video may keep it: those whose speakers it names, else
    those whose edition's year or city it names, else those whose title it is exactly;
    else all those it does not contradict."""
    agreeing = {c.key for c in group if speakers_agree(c)}
    if agreeing:
        return agreeing
    placed = {c.key for c in group if names_year_or_city(c)}
    if placed:
        return placed
    exact = {c.key for c in group if c.video_title and _same_title(c.title, c.video_title)}
    if exact and len(exact) < len(group):
        return exact  # "Rook: Intro and Deep Dive with Ceph" is not "... with Ceph Storage"
    return {c.key for c in group if speakers_agree(c) is not False}


def tier(candidate: Candidate, shared: int) -> tuple[str | None, str]:
    """(confidence or None for "not this session's video", the reason)."""
    agree = speakers_agree(candidate)
    if agree is False:
        return None, "the video's title names other speakers"
    if candidate.video_title is None:
        also = f" (and to {shared - 1} other sessions)" if shared > 1 else ""
        return "low", f"matched by the source data{also}; no video title to check it against"
    close = similarity(candidate.title, candidate.video_title)
    generic = bool(GENERIC.search(candidate.title)) and not names_year_or_city(candidate)
    score = candidate.score or 0.0
    if generic:
        return "low", "a title that recurs every year; the video names neither year nor city"
    if shared > 1:
        return "low", f"the same video fits {shared} sessions (a talk given more than once?)"
    if close >= 0.97 and score >= 0.95 and (agree or shared == 1):
        return "high", "the title and speakers match"
    if close >= 0.97 and agree:
        return "high", "the title and speakers match"
    if score >= 0.85 and close >= (0.8 if agree else 0.9):
        return "medium", "the title matches closely"
    if agree and close >= 0.6:
        return "medium", "the speakers match and the title is close"
    return "low", "a loose match by title"


def check(candidates: list[Candidate]) -> dict[str, tuple[str | None, str]]:
    """Each candidate's tier (None: the video is not its recording) and why."""
    groups: dict[str, list[Candidate]] = collections.defaultdict(list)
    for candidate in candidates:
        groups[candidate.video].append(candidate)
    result = {}
    for group in groups.values():
        titled = next((c.video_title for c in group if c.video_title), None)
        for candidate in group:  # a title known from another year checks this one too
            candidate.video_title = candidate.video_title or titled
        keep = owners(group) if len(group) > 1 else {group[0].key}
        for candidate in group:
            if candidate.key not in keep:
                result[candidate.key] = (None, "another session's recording")
            else:
                result[candidate.key] = tier(candidate, len(keep))
    return result


def recording(candidate: Candidate | None, verdict: tuple[str | None, str] | None,
              search: str | None) -> dict[str, Any] | None:  # fmt: skip
    if candidate is None or verdict is None or verdict[0] is None:
        note = f"A matched video was set aside: {verdict[1]}." if verdict else None
        found: dict[str, Any] | None = {"kind": "search", "url": search} if search else None
        if found and note:
            found["note"] = note
        return found
    record: dict[str, Any] = {
        "kind": "video",
        "url": f"https://www.youtube.com/watch?v={candidate.video}",
        "confidence": verdict[0],
    }
    if candidate.video_title:
        score = f" (score {candidate.score:.2f})" if candidate.score is not None else ""
        record["note"] = f"Matched{score} to “{candidate.video_title}”: {verdict[1]}."
    else:
        record["note"] = f"{verdict[1][0].upper()}{verdict[1][1:]}."
    return record
