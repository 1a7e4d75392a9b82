"""Mentions found by links and by speakers, and where a mention's passage is and
which editions it names."""

from __future__ import annotations

from confplan.recaps.editions import PostEditions
from confplan.recaps.index import (
    PREFIX,
    SCHED_CODE,
    SCHEDULE,
    SPEAKERS,
    TALK_WORD,
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
    edition the passage, or else the post, is about; of several sessions there, the
    one whose title (without "Keynote:") the passage says."""
    hits = []
    for item in post.links:
        for video in YOUTUBE_ID.findall(item.url):
            sessions = index.youtube.get(video, [])
            if len(sessions) > 1:
                near = near_or_main(post, editions, item.line)
                sessions = [i for i in sessions if index.sessions[i].conference in near]
            if len(sessions) > 1:
                sessions = _titled_in_passage(index, post, item.line, sessions)
            if len(sessions) == 1 and item.line not in post.hidden:
                hits.append(Hit(sessions[0], item.line, 0.97, {YOUTUBE}))
    return hits


def _titled_in_passage(index: Index, post: Post, line: int, sessions: list[int]) -> list[int]:
    first, last = passage_lines(post, line)
    words = set(normalise(" ".join(post.lines[first - 1 : last])).split())
    return [
        i
        for i in sessions
        if set(normalise(PREFIX.sub("", index.sessions[i].title)).split()) <= words
    ]


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
    """Talks named by their speakers alone, at the edition the passage (or else the
    post) is about:

    - a speaker with a talk word beside the name ("Olson's talk") who has one talk
      there: that talk;
    - two or more speakers of one talk named together ("by Ann Lee and Bo Ng"):
      that talk, if no other talk there has them both;
    - a speaker with several talks there, one of which the line names by a word of
      its title no other has ("Gazitt's talk about AuthZEN"): that talk;
    - otherwise a guess shown below the threshold (one of that kind: "X's keynote",
      or a name without a talk word beside it)."""
    named = {h.index for h in hits}
    found = []
    for number, text in enumerate(normal, start=1):
        names = names_in(index, text)
        if not names:
            continue
        where = near_or_main(post, editions, number)
        raw = post.lines[number - 1]
        talks = {
            name: [
                i
                for i in index.speakers[name]
                if index.sessions[i].is_talk
                and (editions.main is None or index.sessions[i].conference in where)
            ]
            for name in names
        }
        found.extend(_together(talks, number, named))
        for name, sessions in talks.items():
            near = talk_near(raw, name)
            confidence = 0.82 if near else 0.6 if TALK_WORDS.search(raw) else 0.4
            if len(sessions) > 1 and near:
                sessions, confidence = _which_talk(index, sessions, text, near)
            if len(sessions) != 1 or sessions[0] in named:
                continue
            named.add(sessions[0])
            found.append(Hit(sessions[0], number, confidence, {SPEAKERS}))
    return found


def _together(talks: dict[str, list[int]], number: int, named: set[int]) -> list[Hit]:
    """The one talk that two or more of the speakers named in a line share."""
    count: dict[int, int] = {}
    for sessions in talks.values():
        for i in sessions:
            count[i] = count.get(i, 0) + 1
    shared = [i for i, n in count.items() if n >= 2]
    if len(shared) != 1 or shared[0] in named:
        return []
    named.add(shared[0])
    return [Hit(shared[0], number, 0.85, {SPEAKERS})]


def _which_talk(index: Index, sessions: list[int], text: str, near: str) -> tuple[list[int], float]:
    """Of a speaker's talks, the one a word of its title (not of the others') names
    in the line, taken; else the one of the kind named ("keynote"), a guess."""
    words = set(text.split())
    titles = {i: set(normalise(index.sessions[i].title).split()) for i in sessions}
    said = [
        i
        for i, title in titles.items()
        if {w for w in title if len(w) > 4 and w in words and not TALK_WORD.fullmatch(w)}
        - set().union(*(t for j, t in titles.items() if j != i))
    ]
    if len(said) == 1:
        return said, 0.82
    kind = [i for i in sessions if near in index.sessions[i].kind or near in titles[i]]
    return kind, 0.7


def talk_near(raw: str, name: str) -> str:
    """The talk word (singular) within three words after the name ("Hykes's
    keynote", "X gave a talk") or right before it, after "by" ("a talk by …"); ""
    if there is none."""
    text = normalise(raw)
    at = text.find(name)
    if at < 0:
        return ""
    after = text[at + len(name) :].split()[:3]
    before = text[:at].split()[-3:]
    words = after + (before if before and before[-1] in ("by", "from") else [])
    return next((word for word in words if TALK_WORD.fullmatch(word)), "")


def passage_lines(post: Post, line: int) -> tuple[int, int]:
    block = post.block_of(line)
    if block.last - block.first > 12:  # a long run of lines: keep to the line itself
        return line, line
    return block.first, block.last
