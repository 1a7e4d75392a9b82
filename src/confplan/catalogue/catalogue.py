"""A loaded catalogue: the validated document plus the lookups everyone needs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from confplan.catalogue.models import (
    CatalogueDocument,
    Conference,
    Event,
    Recap,
    Session,
    Theme,
)
from confplan.text import fold

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024


def document_lines(path: Path) -> list[str]:
    """A recap document's lines, numbered as an editor numbers them (split on newline only)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise OSError(f"{path}: larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
    text = data.decode("utf-8", errors="replace")
    if text.endswith("\n"):
        text = text[:-1]
    return [line.rstrip("\r") for line in text.split("\n")]


def search_text(session: Session, events: dict[str, Event], themes: dict[str, Theme]) -> str:
    """What `/` searches: title, official title, speakers, affiliations, event and themes."""
    parts = [session.title]
    if session.official_title:
        parts.append(session.official_title)
    for speaker in session.speakers:
        parts.append(speaker.name)
        if speaker.affiliation:
            parts.append(speaker.affiliation)
    event = events.get(session.event)
    parts.append(event.name if event else session.event)
    for theme_id in session.themes:
        theme = themes.get(theme_id)
        parts.append(theme.name if theme else theme_id)
    return fold("\n".join(parts))


class Catalogue:
    """The document, where it came from, and indexes built once."""

    __slots__ = (
        "conferences",
        "document",
        "events",
        "haystacks",
        "index",
        "path",
        "recaps",
        "sessions",
        "themes",
    )

    def __init__(
        self,
        document: CatalogueDocument,
        path: Path,
        haystacks: tuple[str, ...] | None = None,
    ) -> None:
        self.document = document
        self.path = path
        self.sessions: tuple[Session, ...] = document.sessions
        self.index: dict[str, int] = {s.id: i for i, s in enumerate(self.sessions)}
        self.conferences: dict[str, Conference] = {c.id: c for c in document.conferences}
        self.events: dict[str, Event] = {e.id: e for e in document.events}
        self.recaps: dict[str, Recap] = {r.id: r for r in document.recaps}
        self.themes: dict[str, Theme] = {t.id: t for t in document.themes}
        if haystacks is None or len(haystacks) != len(self.sessions):
            haystacks = tuple(search_text(s, self.events, self.themes) for s in self.sessions)
        self.haystacks = haystacks

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def title(self) -> str:
        return self.document.title

    def __len__(self) -> int:
        return len(self.sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(self.sessions)

    def get(self, session_id: str) -> Session | None:
        i = self.index.get(session_id)
        return None if i is None else self.sessions[i]

    def event_name(self, session: Session) -> str:
        event = self.events.get(session.event)
        return event.name if event else session.event

    def seed_path(self, recap: Recap) -> Path:
        """A recap's document, resolved against the catalogue's folder."""
        return (self.path.parent / recap.file).resolve()

    def excerpt(self, recap_id: str, lines: tuple[int, int]) -> str | None:
        """The recap's own words for a line range, read now from its file."""
        recap = self.recaps.get(recap_id)
        if recap is None:
            return None
        try:
            all_lines = document_lines(self.seed_path(recap))
        except OSError:
            return None
        start, end = lines
        chunk = all_lines[start - 1 : end]
        return "\n".join(line for line in chunk if line.strip()) or None
