"""Speakers from Sched's "Title - Name, Company & Name2, Company2" titles.

The source's flat `speakers` list mixes people and companies, and was cut at the last
" - " of the title, so a company with a dash ("A.P. Moller - Maersk") or a title with
one loses its speakers. Here the split and the reading of each part use what the whole
archive says: a part that ends a group of speakers anywhere ("A & B, X") is a company,
a part that opens one is a person, and the first names of known people tell a person
from a company where the line alone cannot.
"""

from __future__ import annotations

import collections
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from build_programmes import _COMPANY_WORDS, _ROLE, _clean, _tokens

_FORBIDDEN = re.compile(r"[:|!?()\[\]/@#;0-9]")
# a nickname: "Vytautas (Valas) Valancius", 'Jean-Charles "JC" Lopez'
_NICKNAME = re.compile(r"[(\"“]\w+[)\"”] ")
_PARTICLES = {"de", "da", "van", "von", "der", "den", "del", "la", "le", "du", "di", "dos", "das"}
_PARTICLES |= {"bin", "al", "ten", "ter", "zu", "y", "e", "st."}
_NOT_NAMES = set(
    "a an the of for and with to in on your you us we our my how why what is are at by from "
    "into it its let's don't we'll be not new day event session sessions workshop talk intro "
    "introduction deep dive update updates hands-on contribfest lightning kiosks kiosk sold out "
    "unconference remarks panel keynote project meeting hub pass required access all "
    "full half half-day full-day demo sponsored office hours meetup yoga run".split()
)
_MORE_ROLES = re.compile(
    r"\b(maintainer|maintainers|contributor|ambassador|member|chair|co-chair|lead|"
    r"community manager|steering committee|tech lead|organizer|student)\b",
    re.I,
)
_ROLE_WORDS = re.compile(r"\b(senior|staff|chief|general manager|gm|program manager)\b", re.I)


def person_like(name: str) -> bool:
    """A name as people write theirs: two to five capitalised words, no title words."""
    name = _NICKNAME.sub("", name)
    words = name.split()
    if not 2 <= len(words) <= 5 or _FORBIDDEN.search(name) or " - " in name:
        return False
    if name.isupper() and len(name) > 4:
        return False
    for word in words:
        lowered = word.casefold()
        if lowered in _NOT_NAMES:
            return False
        if not word[0].isupper() and lowered not in _PARTICLES:
            return False
    return True


def is_role(text: str) -> bool:
    return bool(_ROLE.search(text) or _MORE_ROLES.search(text) or _ROLE_WORDS.search(text))


def role_only(text: str) -> bool:
    """A job title and nothing else: "Principal Engineer", "Maintainer", not "Red Hat"."""
    return is_role(text) and not _COMPANY_WORDS.search(text)


@dataclass
class Knowledge:
    """What the whole archive says about names: companies, people, first names."""

    companies: collections.Counter[str] = field(default_factory=collections.Counter)
    people: collections.Counter[str] = field(default_factory=collections.Counter)
    first_names: set[str] = field(default_factory=set)

    def company(self, token: str) -> bool:
        return self.companies[token] > self.people[token]

    def person(self, token: str) -> bool:
        if self.people[token] > self.companies[token]:
            return True
        return not self.companies[token] and self.name_like(token)

    def name_like(self, token: str) -> bool:
        """A person's name by its shape, or a known first name and a name's shape."""
        words = token.split()
        return (
            1 < len(words) <= 5
            and words[0] in self.first_names
            and not _FORBIDDEN.search(token)
            and all(w[0].isupper() for w in words)
        )


_INVISIBLE = re.compile("[\u200b\u200e\u200f\ufeff]")  # zero-width space, direction marks


def normalise(text: str) -> str:
    text = _clean(_INVISIBLE.sub("", text).replace("\u00a0", " "))
    return text.replace(", & ", " & ").replace(",& ", " & ")


def learn(titles: Iterable[str]) -> Knowledge:
    """Companies and people from the tails that can only be read one way."""
    known = Knowledge()
    for whole in titles:
        tail = normalise(whole).rpartition(" - ")[2]
        if " | " in tail or ", " not in tail:
            continue
        for group in tail.split("; "):
            tokens = _tokens(group)
            if not tokens or not person_like(tokens[0][0]):
                continue
            known.people[tokens[0][0]] += 1
            if len(tokens) > 1 and tokens[-1][1] == ", ":
                known.companies[tokens[-1][0]] += 1
            for (token, sep), after in itertools.pairwise(tokens[1:]):
                if sep == " & " and after[1] == ", " and _capitalised(token):
                    known.people[token] += 1
    firsts = collections.Counter(n.split()[0] for n in known.people.elements() if person_like(n))
    firsts.subtract(n.split()[0] for n in known.companies.elements() if n.split())
    known.first_names = {name for name, count in firsts.items() if count > 0}
    return known


def _capitalised(token: str) -> bool:
    """One to five capitalised words: a name where the place says it is one."""
    words = token.split()
    return 0 < len(words) <= 5 and all(w[0].isupper() for w in words) and not token.isupper()


def _and_names(tail: str, known: Knowledge) -> str:
    """ "Katherine Druckman and Lori Lorusso": two known first names joined by "and"."""
    left, separator, right = tail.partition(" and ")
    if separator and known.name_like(left) and known.name_like(right.split(", ")[0]):
        return f"{left} & {right}"
    return tail


def split_title(whole: str, known: Knowledge) -> tuple[str, str]:
    """(title, speakers' line): the first " - " after which a speakers' line begins."""
    text = normalise(whole)
    at = text.find(" - ")
    while at > 0:
        tail = _and_names(text[at + 3 :], known)
        first = _tokens(tail.split("; ")[0])
        name = first[0][0] if first else ""
        if (
            (person_like(name) or known.people[name] > known.companies[name])
            and not known.company(name)
            and (", " in tail or " & " in tail or known.person(name))
        ):
            return text[:at].strip(), tail
        at = text.find(" - ", at + 1)
    return text, ""


def parse(line: str, known: Knowledge) -> list[dict[str, str]]:
    """People with their affiliations and roles from a speakers' line."""
    people: list[dict[str, str]] = []
    for group in filter(None, (g.strip() for g in line.split("; "))):
        tokens = _tokens(group)
        pending: list[dict[str, str]] = []
        last: tuple[str, list[dict[str, str]]] = ("person", [])
        for i, (token, separator) in enumerate(tokens):
            after = tokens[i + 1][1] if i + 1 < len(tokens) else None
            joined = not known.person(token) and (after is None or not person_like(token))
            if separator == " & " and last[0] != "person" and joined:
                # "Founder & CEO", "DHL Data & Analytics": one role or company with "&"
                for person in last[1]:
                    person[last[0]] += f" & {token}"
                continue
            kind = _read(token, separator, after, pending, known) if i else "person"
            if kind == "role":
                role = pending[-1].get("role")
                pending[-1]["role"] = f"{role}, {token}" if role else token
                last = ("role", [pending[-1]])
            elif kind == "company":
                fresh = [p for p in pending if "affiliation" not in p]
                for person in fresh:
                    person["affiliation"] = token
                last = ("affiliation", fresh)
                pending = []
            else:
                person = {"name": token}
                people.append(person)
                pending.append(person)
                last = ("person", [])
    return [{k: p[k] for k in ("name", "affiliation", "role") if k in p} for p in people]


def _read(
    token: str, separator: str, after: str | None, pending: list[dict[str, str]], known: Knowledge
) -> str:
    """What a part after the first of a group is: "person", "company" or "role"."""
    if separator == " & ":
        return "company" if known.company(token) and not known.person(token) else "person"
    if pending and "role" not in pending[-1] and is_role(token):
        if after is not None or role_only(token):  # "Name, Principal Engineer, Broadcom"
            return "role"
        if not known.company(token):
            return "role" if len(pending) == 1 else "company"
    if pending and "role" in pending[-1] and after == ", " and not known.person(token):
        return "role"  # "Vice President, Business Development, Stacklet"
    if not pending or known.company(token) or after is None:
        return "company"
    if known.person(token):
        return "person"
    return "company" if after == " & " or not person_like(token) else "person"


# -- the check ------------------------------------------------------------------------


def suspicious(session: dict[str, Any], known: Knowledge) -> list[str]:
    """Why the speakers of a session look wrong, if they do."""
    found = []
    speakers = session.get("speakers") or []
    someone_affiliated = any("affiliation" in p for p in speakers)
    for person in speakers:
        name = person["name"]
        if known.company(name) and not known.person(name):
            found.append(f"{name!r} is a company elsewhere")
        elif not (person_like(name) or known.person(name)):
            found.append(f"{name!r} reads as a fragment")
        if someone_affiliated and "affiliation" not in person and "role" not in person:
            found.append(f"{name!r} has no affiliation where the others have one")
    tail = _tokens(session["title"].rpartition(" - ")[2])
    alone = not speakers and session["kind"] in ("talk", "maintainer", "lightning", "keynote")
    if (
        " - " in session["title"]
        and tail
        and (known.people[tail[0][0]] > 1 or (person_like(tail[0][0]) and (len(tail) > 1 or alone)))
    ):
        found.append(f"the title still ends with a name: {tail[0][0]!r}")
    return found
