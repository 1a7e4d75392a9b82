"""The catalogue's data: conferences, events, recaps, themes and sessions.

These are plain frozen dataclasses, so the command line, the TUI and a warm
cache use them without importing pydantic. `schema.py` validates documents
into these same classes (each carries a `__pydantic_config__` that forbids
unknown keys), so there is one definition of the format, not two.

Field names are the YAML keys; `docs/catalogue.md` documents each one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal, get_args

from confplan.catalogue.files import FORMAT_VERSION as FORMAT_VERSION  # the format's version
from confplan.text import ESTIMATE, format_minutes

_STRICT = {"extra": "forbid"}
# Every id in a catalogue (catalogue, conference, event, recap, theme, session).
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")


SessionKind = Literal[
    "keynote",
    "talk",
    "panel",
    "fireside-chat",
    "lightning",
    "workshop",
    "other",
    "maintainer",  # a project's own session (KubeCon's Maintainer Track)
    "co-located",  # a whole co-located event day, listed as one entry
    "logistics",  # badge pick-up, kiosks, cloakroom: nothing to watch
    "cancelled",  # announced, then cancelled
]
EventKind = Literal["keynote", "main", "co-located", "other"]
RecapKind = Literal["preview", "recap"]
RecordingKind = Literal["video", "search"]
DurationSource = Literal["schedule", "estimate"]
Confidence = Literal["high", "medium", "low"]

SESSION_KINDS: tuple[str, ...] = get_args(SessionKind)
# Kinds with nothing to watch: out of the default list and the recommended sessions,
# dimmed where shown, never counted as something to watch.
NOTHING_TO_WATCH = frozenset({"logistics", "cancelled"})
# Kinds that are not talks: the above, and a co-located event's whole day listed as one
# entry (what is watched is its talks, not the day). Counted apart from the talks.
NOT_TALKS = NOTHING_TO_WATCH | {"co-located"}
# What a title is prefixed with in lists where it is not a talk.
KIND_PREFIX = {"co-located": "event day: ", "logistics": "logistics: ", "cancelled": "cancelled: "}


# A conference day runs from 04:00 to 04:00 local time: a talk at 01:00 belongs to the
# evening before, as schedules print it.
DAY_CHANGE = datetime.timedelta(hours=4)


@dataclass(frozen=True, slots=True)
class Conference:
    __pydantic_config__ = _STRICT

    id: str
    name: str
    start: datetime.date
    end: datetime.date
    city: str | None = None
    country: str | None = None
    venue: str | None = None
    url: str | None = None
    time_zone: str | None = None  # an IANA name: the zone the schedule's times are in


@dataclass(frozen=True, slots=True)
class Event:
    """A part of a conference: its keynotes, its main tracks, or a co-located event."""

    __pydantic_config__ = _STRICT

    id: str
    conference: str
    name: str
    kind: EventKind
    date: datetime.date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Recap:
    """A document (preview or recap) that points readers at sessions."""

    __pydantic_config__ = _STRICT

    id: str
    title: str
    conference: str
    kind: RecapKind
    file: str
    title_is_descriptive: bool = False
    author: str | None = None
    publication: str | None = None
    url: str | None = None
    attribution_note: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    __pydantic_config__ = _STRICT

    id: str
    name: str
    description: str = ""
    stressed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    __pydantic_config__ = _STRICT

    name: str
    affiliation: str | None = None
    role: str | None = None

    def label(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recap's pointer to a session: where it says so, and why (in our words)."""

    __pydantic_config__ = _STRICT

    recap: str
    lines: tuple[int, int]
    why: str


@dataclass(frozen=True, slots=True)
class Recording:
    """Where to watch a session.

    `video` is a known recording, with how sure we are that it is the right
    one; `search` is only a search for it, and must never be shown as the
    recording itself.
    """

    __pydantic_config__ = _STRICT

    kind: RecordingKind
    url: str
    confidence: Confidence | None = None
    note: str | None = None

    @property
    def is_video(self) -> bool:
        return self.kind == "video"

    @property
    def unconfirmed(self) -> bool:
        """A video matched with low confidence: it may be another session's."""
        return self.kind == "video" and self.confidence == "low"


@dataclass(frozen=True, slots=True)
class Link:
    """A link the schedule gives for a session: slides, a recording, anything else."""

    __pydantic_config__ = _STRICT

    url: str
    title: str | None = None
    kind: str | None = None  # as the source says: "slides", "recording", a MIME type


@dataclass(frozen=True, slots=True)
class Session:
    __pydantic_config__ = _STRICT

    id: str
    title: str
    conference: str
    event: str
    kind: SessionKind
    speakers: tuple[Speaker, ...] = ()
    official_title: str | None = None
    title_is_descriptive: bool = False
    date: datetime.date | None = None
    duration_min: int | None = None
    themes: tuple[str, ...] = ()
    schedule_url: str | None = None
    slides_url: str | None = None
    recording: Recording | None = None
    recommended_by: tuple[Recommendation, ...] = ()
    abstract: str | None = None
    notes: str | None = None
    track: str | None = None  # the programme's track, as the schedule names it
    start: datetime.datetime | None = None  # with its UTC offset, in the conference's zone
    room: str | None = None
    source_id: str | None = None  # the guid, UID or id it was imported from
    links: tuple[Link, ...] = ()
    # where duration_min comes from: the schedule's slot, or an estimate (docs/catalogue.md)
    duration_source: DurationSource | None = None
    aliases: tuple[str, ...] = ()  # other ids of this same session; they still resolve

    @property
    def is_talk(self) -> bool:
        """Something to watch: not logistics, not cancelled, not a whole event day."""
        return self.kind not in NOT_TALKS

    @property
    def nothing_to_watch(self) -> bool:
        return self.kind in NOTHING_TO_WATCH

    @property
    def estimated_length(self) -> bool:
        """The length is an estimate (from the transcript), not the schedule's slot."""
        return self.duration_min is not None and self.duration_source == "estimate"

    def length_words(self) -> str:
        """ "42m (the schedule's slot)", "≈42m (estimated)", "unknown"."""
        if self.duration_min is None:
            return "unknown"
        source = {"schedule": " (the schedule's slot)", "estimate": " (estimated)"}
        return self.length_label() + source.get(self.duration_source or "", "")

    def length_label(self) -> str:
        """ "42m", "≈42m" for an estimate, "" when unknown."""
        if self.duration_min is None:
            return ""
        return (ESTIMATE if self.estimated_length else "") + format_minutes(self.duration_min)

    def listed_title(self) -> str:
        """The title as lists show it: "event day: ", "logistics: " or "cancelled: "
        before what is not a talk (a title already saying it is cancelled as it is)."""
        prefix = KIND_PREFIX.get(self.kind, "")
        if self.kind == "cancelled" and "cancel" in self.title.casefold():
            prefix = ""
        return prefix + self.title

    def speaker_names(self) -> str:
        return ", ".join(s.name for s in self.speakers)

    def speaker_labels(self) -> str:
        return "; ".join(s.label() for s in self.speakers)


@dataclass(frozen=True, slots=True)
class Source:
    """Where an imported catalogue was fetched from, to fetch it again (`confplan
    refresh`): the URL, and the server's validators for a conditional request."""

    __pydantic_config__ = _STRICT

    url: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class CatalogueDocument:
    """A whole catalogue file, as written."""

    __pydantic_config__ = _STRICT

    format_version: int
    id: str
    title: str
    sessions: tuple[Session, ...]
    description: str | None = None
    conferences: tuple[Conference, ...] = ()
    events: tuple[Event, ...] = ()
    recaps: tuple[Recap, ...] = ()
    themes: tuple[Theme, ...] = ()
    source: Source | None = None  # set by `confplan import URL`
