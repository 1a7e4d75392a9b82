"""What the linker looks up in a catalogue, built once: the titles by their first
two words, the schedule codes (as written: `1R2tJ` is not `1R2tj`), the recordings,
the speakers and the editions' names; and what it proposes."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.recaps.editions import Editions
from confplan.recaps.normal import normalise

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
SCHED_CODE = re.compile(r"(?i:sched\.co/|\.sched\.com/event/)([A-Za-z0-9]{3,12})")
YOUTUBE_ID = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:[^#\s]*&)?v=|embed/|shorts/|live/|v/)"
    r"|youtu\.be/)([A-Za-z0-9_-]{11})",
    re.I,
)
# "Keynote:", "Project Lightning Talk:", "⚡ Lightning Talk:": what a title is
# often written without.
PREFIX = re.compile(
    r"^\W*((?:project |cncf |sponsored )?"
    r"(?:keynote|panel|lightning talk|keynote panel|fireside chat|tutorial)[^:]{0,20}):\s+",
    re.I,
)
TALK_WORDS = re.compile(
    r"\b(keynote|talk|session|presentation|presented|presents|presenting|panel|workshop|"
    r"tutorial|demo|lightning|fireside|spoke|speaking|deep dive)s?\b",
    re.I,
)
# The words that, beside a speaker's name, say it is their talk ("Hykes's keynote",
# "a session by …"); singular: "between sessions" is no talk of theirs.
TALK_WORD = re.compile(
    r"keynote|talk|session|presentation|panel|workshop|tutorial|demo|lightning|fireside"
)


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
class Hit:
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
                stripped = PREFIX.sub("", name)
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
                for code in SCHED_CODE.findall(url):
                    self.sched.setdefault(code, i)
                video_url = session.recording is not None and session.recording.is_video
                for video in YOUTUBE_ID.findall(url) if video_url else ():
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
