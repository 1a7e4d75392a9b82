"""Mentions found by links and by speakers, and where a mention's passage is and
which editions it names."""

from __future__ import annotations

from confplan.recaps.editions import PostEditions
from confplan.recaps.index import (
    SCHED_CODE,
    SCHEDULE,
    SPEAKERS,
    TALK_WORDS,
    YOUTUBE,
    YOUTUBE_ID,
    Hit,
    Index,
)
from confplan.recaps.normal import normalise
from confplan.recaps.post import Post


def sched_links(index: Index, post: Post) -> list[Hit]:
    hits = []
    for item in post.links:
        if item.line in post.hidden:
            continue
        for code in SCHED_CODE.findall(item.url):
            session = index.sched.get(code)
            if session is not None:
                hits.append(Hit(session, item.line, 0.99, {SCHEDULE}))
    return hits


def youtube_links(index: Index, post: Post, editions: PostEditions) -> list[Hit]:
    """A recording's link names its session; one that several editions share (each
    year's "Welcome + Opening Remarks" may point at one upload) names the one of the
    edition the passage, or else the post, is about."""
    hits = []
    for item in post.links:
        for video in YOUTUBE_ID.findall(item.url):
            sessions = index.youtube.get(video, [])
            if len(sessions) > 1:
                near = near_or_main(post, editions, item.line)
                sessions = [i for i in sessions if index.sessions[i].conference in near]
            if len(sessions) == 1 and item.line not in post.hidden:
                hits.append(Hit(sessions[0], item.line, 0.97, {YOUTUBE}))
    return hits


def near_or_main(post: Post, editions: PostEditions, line: int) -> set[str]:
    """The editions named near a line, or else the post's own."""
    near = named_near(post, editions, line)
    return near or ({editions.main} if editions.main else set())


def named_near(post: Post, editions: PostEditions, line: int) -> set[str]:
    """The editions named in a line's passage, or else in its section's heading."""
    first, last = passage_lines(post, line)
    named: set[str] = set()
    for number in range(first, last + 1):
        named |= editions.lines.get(number, set())
    return named or editions.sections.get(line, set())


def names_in(index: Index, text: str) -> list[str]:
    words = text.split()
    names: dict[str, None] = {}
    for i in range(len(words) - 1):
        for name in index.speaker_bigrams.get(f"{words[i]} {words[i + 1]}", ()):
            name_words = name.split()
            if name not in names and words[i : i + len(name_words)] == name_words:
                names[name] = None
    return list(names)


def speakers_only(
    index: Index, post: Post, normal: list[str], hits: list[Hit], editions: PostEditions
) -> list[Hit]:
    """A speaker named with a talk word beside the name, who has one talk at the
    edition the passage (or else the post) is about: that talk. A speaker with
    several talks there, or named without a talk word, is a guess shown below the
    threshold."""
    named = {h.index for h in hits}
    found = []
    for number, text in enumerate(normal, start=1):
        for name in names_in(index, text):
            raw = post.lines[number - 1]
            near = talk_near(raw, name)
            where = near_or_main(post, editions, number)
            sessions = [
                i
                for i in index.speakers[name]
                if index.sessions[i].is_talk
                and (editions.main is None or index.sessions[i].conference in where)
            ]
            confidence = 0.82 if near else 0.6 if TALK_WORDS.search(raw) else 0.4
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
            found.append(Hit(sessions[0], number, confidence, {SPEAKERS}))
    return found


def talk_near(raw: str, name: str) -> str:
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
        if TALK_WORDS.fullmatch(word):
            return word.removesuffix("s") if word.endswith("s") and len(word) > 4 else word
    return ""


def passage_lines(post: Post, line: int) -> tuple[int, int]:
    block = post.block_of(line)
    if block.last - block.first > 12:  # a long run of lines: keep to the line itself
        return line, line
    return block.first, block.last
