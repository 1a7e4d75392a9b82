"""What every importer shares: the catalogue document it builds, ids, durations, times,
HTML turned into text, and writing the result as a catalogue a person can edit.

An importer returns a plain document (the shape of a catalogue file) and a list of
warnings; `write_catalogue` checks it with the same validation as any catalogue
before a byte is written, so `confplan validate` always accepts what `import` wrote.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from confplan.errors import BadInputError
from confplan.text import printable

SESSION_KINDS = (
    ("keynote", "keynote"),
    ("lightning", "lightning"),
    ("workshop", "workshop"),
    ("tutorial", "workshop"),
    ("panel", "panel"),
    ("podium", "panel"),
    ("fireside", "fireside-chat"),
    ("lecture", "talk"),
    ("talk", "talk"),
)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")


class ImportError_(BadInputError):
    """A schedule that cannot be imported (exit 2)."""


@dataclass
class Imported:
    """A schedule turned into a catalogue document, and what was noticed on the way."""

    document: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def session_kind(text: str | None) -> str:
    """A schedule's free-text type ("Talk 40 (30min +10 Q&A)", "lecture") as a kind."""
    lowered = (text or "").casefold()
    for word, kind in SESSION_KINDS:
        if word in lowered:
            return kind
    return "talk"  # "devroom", "maintrack", "lecture (de)": a talk unless it says otherwise


def slug(text: str, default: str = "conference") -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._")[:60]
    return cleaned or default


def session_id(key: str) -> str:
    """A catalogue id from a source key (a guid or an id), stable across imports."""
    key = key.strip()
    if _ID.fullmatch(key):
        return key
    cleaned = slug(key, "")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{cleaned[:40]}-{digest}" if cleaned else f"s-{digest}"


def parse_duration(text: str | None) -> int | None:
    """Minutes from `H:MM`, `HH:MM`, `HH:MM:SS` (or plain minutes); None if absent."""
    if text is None or not text.strip():
        return None
    parts = text.strip().split(":")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        raise ValueError(f"not a duration: {text.strip()[:20]!r}")
    numbers = [int(p) for p in parts]
    if len(numbers) == 1:
        return numbers[0]
    hours, minutes = numbers[0], numbers[1]
    seconds = numbers[2] if len(numbers) == 3 else 0
    return hours * 60 + minutes + (1 if seconds >= 30 else 0)


def zone(name: str | None) -> datetime.tzinfo | None:
    """An IANA zone by name, or None if the name is empty or unknown."""
    if not name:
        return None
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name.strip())
    except Exception:  # unknown, or not a zone name
        return None


class _TextOf(HTMLParser):
    """The text of an HTML fragment: entities decoded, tags dropped, blocks on new lines."""

    BLOCKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str | None) -> str | None:
    """Plain text from an abstract that may be HTML (never markup in the catalogue)."""
    if fragment is None or not fragment.strip():
        return None
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if line or (paragraphs and paragraphs[-1]):
            paragraphs.append(line)
    return "\n".join(paragraphs).strip() or None


def write_catalogue(imported: Imported, source_name: str) -> str:
    """The catalogue text for `imported`, checked as any catalogue is."""
    import yaml

    from confplan.catalogue import schema

    document = imported.document
    _, issues = schema.validate_shape(document)
    if issues:  # a bug in an importer, never the user's input: say where
        details = "; ".join(f"{schema.dotted(i.path)}: {i.message}" for i in issues[:3])
        raise ImportError_(f"{source_name}: the imported catalogue is not valid: {details}")
    header = f"# Imported by confplan from {printable(source_name)}. Edit it freely.\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
