"""Which edition of a conference a post is about, and which editions each passage names.

Everything comes from the catalogue's conference records, nothing from a list of
our own: a conference's city ("Paris", "Salt Lake City"), its region as its name
says it ("Europe", "North America", "China") or as its id abbreviates it ("eu",
"na" in `kccnceu2024`), its year, and the schedule sites of its events
(`kccnceu2025.sched.com`).

- A passage names an edition by its city (with a year when several editions were
  held there: "Amsterdam 2023"), or by its region with a year ("KubeCon EU 2025",
  "KubeCon + CloudNativeCon North America 2023"). A name that fits several
  editions ("Amsterdam", "KubeCon EU") is the one nearest the post's date, if it
  has one; else it names them all.
- The post's edition is the one named most, its title and headings counting
  three times, its links to an edition's schedule site twice, and its date (the
  edition it was written just before or after) twice.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Conference
from confplan.recaps.normal import normalise
from confplan.recaps.post import Post

# A post about an edition is written in the weeks before it (a preview) or the
# months after (a recap).
BEFORE_DAYS, AFTER_DAYS = 60, 150
_CONFERENCE_WORDS = frozenset({"kubecon", "cloudnativecon", "cloud", "native", "con", "and"})
_ID = re.compile(r"^[a-z]+?(eu|na|chn|cn|china|europe|india|japan|latam)(\d{4})$")
_WORD_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NEAR = 4  # words between a region and its year


@dataclass(frozen=True, slots=True)
class _Name:
    words: tuple[str, ...]
    conferences: frozenset[str]
    needs_year: bool  # a region ("Europe") names nothing without a year beside it


class Editions:
    """The names of the catalogue's editions, built once per catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.conferences: dict[str, Conference] = dict(catalogue.conferences)
        self.years = {c.id: c.start.year for c in self.conferences.values()}
        names: dict[tuple[str, ...], tuple[set[str], bool]] = {}
        for conf in self.conferences.values():
            for words, needs_year in _names_of(conf):
                entry = names.setdefault(words, (set(), needs_year))
                entry[0].add(conf.id)
        self.names: dict[str, list[_Name]] = defaultdict(list)
        for words, (ids, needs_year) in names.items():
            self.names[words[0]].append(_Name(words, frozenset(ids), needs_year))
        self.hosts: dict[str, str] = {}
        for conf in self.conferences.values():
            _add_host(self.hosts, conf.url, conf.id)
        for event in catalogue.events.values():
            _add_host(self.hosts, event.url, event.conference)

    def named(self, text: str, date: datetime.date | None) -> set[str]:
        """The editions a normalised line names (see the module's docstring)."""
        words = text.split()
        found: set[str] = set()
        for at, word in enumerate(words):
            for name in self.names.get(word, ()):
                if tuple(words[at : at + len(name.words)]) != name.words:
                    continue
                years = {
                    int(w)
                    for w in words[max(at - _NEAR, 0) : at + len(name.words) + _NEAR]
                    if _WORD_YEAR.match(w)
                }
                ids = {c for c in name.conferences if not years or self.years[c] in years}
                if name.needs_year and not (years and ids):
                    continue
                found |= self.nearest(ids or set(name.conferences), date)
        return found

    def nearest(self, ids: set[str], date: datetime.date | None) -> set[str]:
        """Of several editions a name fits, the one nearest the post's date."""
        if len(ids) <= 1 or date is None:
            return ids
        return {min(ids, key=lambda c: (self.distance(c, date), c))}

    def distance(self, conference: str, date: datetime.date) -> int:
        conf = self.conferences[conference]
        if date < conf.start:
            return (conf.start - date).days
        return max((date - conf.end).days, 0)

    def by_date(self, date: datetime.date | None) -> str | None:
        """The edition a post of this date is about: held just after or before it."""
        if date is None:
            return None
        near = [
            (self.distance(c, date), c)
            for c, conf in self.conferences.items()
            if conf.start - datetime.timedelta(days=BEFORE_DAYS)
            <= date
            <= conf.end + datetime.timedelta(days=AFTER_DAYS)
        ]
        return min(near)[1] if near else None


def _names_of(conf: Conference) -> list[tuple[tuple[str, ...], bool]]:
    found: list[tuple[tuple[str, ...], bool]] = []
    city = normalise(conf.city or "")
    if city and city != "virtual":
        found.append((tuple(city.split()), False))
    year = str(conf.start.year)
    region = [w for w in normalise(conf.name).split() if w not in _CONFERENCE_WORDS and w != year]
    if region:
        found.append((tuple(region), True))
    short = _ID.match(conf.id)
    if short and short.group(2) == year:
        found.append(((short.group(1),), True))
    return found


def _add_host(hosts: dict[str, str], url: str | None, conference: str) -> None:
    host = (urlsplit(url).hostname or "") if url else ""
    if host.endswith(".sched.com"):
        hosts.setdefault(host, conference)


@dataclass(slots=True)
class PostEditions:
    """The post's edition, and the editions each of its lines names."""

    main: str | None
    lines: dict[int, set[str]]  # line number → editions named there
    sections: dict[int, set[str]]  # line number → editions its last heading names


def read_editions(
    editions: Editions, post: Post, normal: list[str], session_editions: list[str]
) -> PostEditions:
    """`normal`: the post's lines, normalised; `session_editions`: the edition of each
    session a link of the post points at (direct evidence of what it is about)."""
    date = post.meta.date
    headings = {b.first for b in post.blocks if b.kind == "heading"}
    score: dict[str, float] = defaultdict(float)
    lines: dict[int, set[str]] = {}
    sections: dict[int, set[str]] = {}
    section: set[str] = set()
    for number, text in enumerate(normal, start=1):
        named = editions.named(text, date) if text else set()
        if named:
            lines[number] = named
            weight = 3.0 if number in headings else 1.0
            for conf in named:
                score[conf] += weight / len(named)
        if number in headings:
            section = named
        if section:
            sections[number] = section
    for said in (post.meta.title, post.meta.description):
        named = editions.named(normalise(said or ""), date)
        for conf in named:
            score[conf] += 3.0 / len(named)
    for item in post.links:
        host = (urlsplit(item.url).hostname or "").lower() if "sched.com" in item.url else ""
        if host in editions.hosts:
            score[editions.hosts[host]] += 2.0
    for conf in session_editions:
        score[conf] += 1.0
    dated = editions.by_date(date)
    if dated is not None:
        score[dated] += 2.0
    main = max(score, key=lambda c: (score[c], c == dated, c)) if score else None
    return PostEditions(main, lines, sections)
