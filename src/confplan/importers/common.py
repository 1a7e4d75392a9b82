"""What every importer shares: the catalogue document it builds, ids, durations, times,
HTML turned into text, and writing the result as a catalogue a person can edit.

An importer returns a plain document (the shape of a catalogue file) and a list of
warnings; `write_catalogue` checks it with the same validation as any catalogue
before a byte is written, so `confplan validate` always accepts what `import` wrote.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from confplan.htmltext import html_to_text
from confplan.importers.errors import BadEvent, ImportError_
from confplan.importers.output import CHECK_BLOCK, checked, write_catalogue
from confplan.importers.values import (
    absolute_url,
    clock_on,
    elapsed_minutes,
    iso_date,
    iso_datetime,
    local_zone,
    parse_duration,
    session_id,
    session_kind,
    slug,
    zone,
)
from confplan.text import in_time_range, is_safe_url


@dataclass
class Imported:
    """A schedule turned into a catalogue document, and what was noticed on the way."""

    document: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # each session's place in the source
    skipped: list[str] = field(default_factory=list)  # "place: why" of each event left out
    checked: bool = False  # the document passed the catalogue's checks already
    notes: list[str] = field(default_factory=list)  # how it was read (the zone found)


@dataclass
class Record:
    """One event as a schedule gives it, before it is a session."""

    where: str  # how to name it in a message
    key: str  # guid, UID or id ("" if none)
    title: str
    start: datetime.datetime | None  # naive when the file gives no offset
    day: datetime.date | None = None  # the conference day it is listed under
    minutes: int | None = None
    room: str | None = None
    track: str | None = None
    kind_text: str | None = None
    abstract_html: str | None = None
    subtitle: str | None = None
    persons: list[str] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    url: str | None = None
    all_day: bool = False  # a day (`day`), not a time: an untimed session of that date


@dataclass
class ConferenceInfo:
    acronym: str | None = None
    title: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    city: str | None = None
    venue: str | None = None
    url: str | None = None
    zone_name: str | None = None  # as the file names it


class Builder:
    """Sessions from records: ids (guid, id, else title and start; a repeated key is a
    second occurrence, kept), times shown in the conference's zone (a time without an
    offset is read in that zone, and without a zone the import stops and asks for
    --tz: a local time is never labelled as UTC), the conference day kept as `date`."""

    def __init__(self, name: str, tz_name: str | None, base_url: str | None = None) -> None:
        self.name = name
        self.base_url = base_url  # where the schedule was fetched from, for relative links
        self.override = zone(tz_name)
        if tz_name and self.override is None:
            raise ImportError_(f"--tz: unknown time zone {tz_name!r} (an IANA name)")
        self.tz_name = tz_name if self.override is not None else None
        self.tz: datetime.tzinfo | None = self.override
        self.info = ConferenceInfo()
        self.sessions: list[dict[str, Any]] = []
        self.seen: dict[str, int] = {}
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.places: list[str] = []
        self.skipped: list[str] = []
        self._placed: dict[tuple[str, datetime.date], str] = {}  # key and start (or day): where
        self._given: list[datetime.datetime | None] = []  # each start with its own offset
        self._disagree = 0  # starts whose offset is not the named zone's at that moment

    def conference(self, info: ConferenceInfo) -> None:
        self.info = info
        if self.override is None and info.zone_name:
            self.tz = zone(info.zone_name)
            self.tz_name = info.zone_name if self.tz is not None else None
            if self.tz is None:
                self.warnings.append(
                    f"unknown time zone {info.zone_name!r}: times keep their own offsets"
                )

    def pin_zone(self, name: str, why: str) -> None:
        """Show the times in zone `name` (found, not given by the file), as --tz does."""
        found = zone(name)
        if found is not None and self.override is None:
            self.override = self.tz = found
            self.tz_name = name
            self.notes.append(why)

    def skip(self, where: str, why: str) -> None:
        self.skipped.append(f"{where}: {why}")

    def add(self, record: Record) -> None:
        """The record as a session; one that cannot be is skipped and reported."""
        try:
            self._add(record)
        except BadEvent as exc:
            self.skip(record.where, str(exc))

    def _add(self, record: Record) -> None:
        title = " ".join(record.title.split())
        if record.all_day:  # a day, not a time: a session of that date, untimed
            if record.day is None or not in_time_range(record.day):
                raise BadEvent("an all-day event without a usable date")
            key = record.key.strip() or f"{title}@{record.day.isoformat()}"
            self._place(record, key, record.day)
            session = self._session(record, session_id(key), title, key)
            session["date"] = record.day
            self._keep(record, session, None)
            return
        start, given = self._start(record)
        key = record.key.strip()
        if not key:
            key = f"{title}@{start.isoformat()}"
            self.warnings.append(f"{record.where}: no guid or id; keyed on its title and start")
        sid = session_id(key)
        if self._place(record, key, start) > 1:  # the same key at another time: kept
            sid = f"{sid}.{start:%Y%m%d%H%M}"
        session = self._session(record, sid, title, key)
        session["date"] = record.day or start.date()
        if record.minutes is not None and record.minutes >= 0:  # 0: a point in time, kept
            session["duration_min"] = min(record.minutes, 24 * 60)
        session["start"] = start.isoformat()
        self._keep(record, session, given)

    def _start(self, record: Record) -> tuple[datetime.datetime, datetime.datetime | None]:
        """The record's start in the conference's zone, and as the file gave it (None
        when the file gave no offset)."""
        start = record.start
        if start is None:
            raise BadEvent("no start time")
        if not in_time_range(start):
            raise BadEvent(f"its start {start.isoformat()} is out of range")
        given = None if start.tzinfo is None else start
        if start.tzinfo is None:
            if self.tz is None:
                self._read_as_local()
            start = start.replace(tzinfo=self.tz)
        elif (
            self.tz is not None
            and self.override is None
            and start.utcoffset() != start.astimezone(self.tz).utcoffset()
        ):
            self._disagree += 1
        if self.tz is not None:
            # Through UTC: a wall time in a clock change's gap (02:30 on the night
            # clocks go forward) is shown as the instant it names (03:30).
            start = start.astimezone(datetime.UTC).astimezone(self.tz)
        return start, given

    def _read_as_local(self) -> None:
        """Times with no zone in a file that names none (older FOSDEM files): read as
        the local wall-clock time they are, as schedule apps do: shown as written, in
        this computer's zone, and said so. --tz pins the conference's instead."""
        self.tz, self.tz_name = local_zone()
        here = self.tz_name or "this computer's zone"
        self.notes.append(
            f"the schedule's times name no time zone: read as local wall-clock time, shown "
            f"as written in {here}; give the conference's zone with --tz to pin it (for "
            "example --tz Europe/Brussels)"
        )

    def _place(self, record: Record, key: str, when: datetime.date) -> int:
        """Note the event's key and time; how many events had this key. The same key
        at the same time twice is one event listed twice: the second is skipped."""
        if (key, when) in self._placed:
            raise BadEvent(f"the same event as {self._placed[key, when]} (same id and start)")
        self._placed[key, when] = record.where
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        return count

    def _session(self, record: Record, sid: str, title: str, key: str) -> dict[str, Any]:
        """The session's fields but its times."""
        session: dict[str, Any] = {"id": sid, "title": title or "(untitled)"}
        persons = [" ".join(p.split()) for p in record.persons if p and p.strip()]
        if persons:
            session["speakers"] = [{"name": p} for p in persons]
        session.update(conference="conference", event="main")
        session["kind"] = session_kind(record.kind_text)
        if record.track:
            session["track"] = " ".join(record.track.split())
        if record.room:
            session["room"] = " ".join(record.room.split())
        session["source_id"] = key
        url = self._absolute(record.url)
        if url and is_safe_url(url):
            session["schedule_url"] = url
        elif url:
            self.warnings.append(f"{record.where}: its URL is not a plain http(s) link; left out")
        abstract = html_to_text(record.abstract_html)
        subtitle = (record.subtitle or "").strip()
        if subtitle:
            abstract = f"{subtitle}\n\n{abstract}" if abstract else subtitle
        if abstract:
            session["abstract"] = abstract
        resolved = [
            {**link, "url": self._absolute(str(link.get("url", "")))} for link in record.links
        ]
        links = [link for link in resolved if is_safe_url(link["url"])]
        if len(links) < len(record.links):
            self.warnings.append(f"{record.where}: a link that is not plain http(s) was left out")
        if links:
            session["links"] = links
        return session

    def _absolute(self, url: str | None) -> str | None:
        """A relative link (`/media/talk.pdf`) resolved against the schedule's base_url,
        else the URL it was fetched from; an absolute one as it is."""
        return absolute_url(url, self.info.url, self.base_url)

    def _keep(
        self, record: Record, session: dict[str, Any], given: datetime.datetime | None
    ) -> None:
        self.sessions.append(session)
        self.places.append(record.where)
        self._given.append(given)

    def _trust_the_offsets(self) -> None:
        """The file names a zone its own times contradict (pretalx writing "UTC" for
        events at +01:00): keep each time in the offset it was given, and say so."""
        given = [g for g in self._given if g is not None]
        if not given or self._disagree * 2 <= len(given):
            return
        self.warnings.append(
            f"the file names the time zone {self.tz_name!r}, but its times are at other "
            "offsets: they are kept as given (use --tz to show them in a zone)"
        )
        for session, start in zip(self.sessions, self._given, strict=True):
            if start is not None:
                session["start"] = start.isoformat()
        self.tz_name = None

    def imported(self) -> Imported:
        """The catalogue document: the sessions that pass a catalogue's checks (an
        event that does not is skipped and reported with its place in the source);
        refused when none is left."""
        self._trust_the_offsets()
        _keep_valid(self)
        if self.skipped and not self.sessions:
            raise ImportError_(f"{self.name}: no usable event: {_listed(self.skipped)}")
        if self.skipped:
            self.warnings.insert(
                0, f"{len(self.skipped)} event(s) skipped: {_listed(self.skipped)}"
            )
        imported = Imported(self._document(), self.warnings, self.places, self.skipped)
        imported.checked = True
        imported.notes = self.notes
        return imported

    def _document(self) -> dict[str, Any]:
        info = self.info
        dates = sorted(s["date"] for s in self.sessions)
        start = info.start or (dates[0] if dates else None)
        end = info.end or (dates[-1] if dates else start)
        if start is None or end is None:
            raise ImportError_(f"{self.name}: the schedule has no dates and no events")
        if dates:
            start, end = min(start, dates[0]), max(end, dates[-1])
        title = info.title or info.acronym or "Imported schedule"
        conf: dict[str, Any] = {"id": "conference", "name": title, "start": start, "end": end}
        if info.city:
            conf["city"] = info.city
        if info.venue:
            conf["venue"] = info.venue
        if info.url and is_safe_url(info.url):
            conf["url"] = info.url
        if self.tz_name:
            conf["time_zone"] = self.tz_name
        return {
            "format_version": 1,
            "id": slug(info.acronym or title),
            "title": title,
            "conferences": [conf],
            "events": [{"id": "main", "conference": "conference", "name": title, "kind": "main"}],
            "sessions": self.sessions,
        }


def _listed(skipped: list[str], shown: int = 5) -> str:
    more = f"; and {len(skipped) - shown} more" if len(skipped) > shown else ""
    return "; ".join(skipped[:shown]) + more


def _keep_valid(builder: Builder) -> None:
    """Drop (and report) the sessions a catalogue would refuse, and repeated ids. A
    problem outside the sessions (the conference) is the whole file's: refused."""
    frame = builder._document() if builder.sessions else None
    kept: list[dict[str, Any]] = []
    places: list[str] = []
    seen: dict[str, str] = {}
    for at in range(0, len(builder.sessions), CHECK_BLOCK):
        block = builder.sessions[at : at + CHECK_BLOCK]
        where = builder.places[at : at + CHECK_BLOCK]
        while bad := _refused(builder, {**(frame or {}), "sessions": block}):
            for i, why in sorted(bad.items()):
                builder.skip(where[i], why)
            block = [s for i, s in enumerate(block) if i not in bad]
            where = [w for i, w in enumerate(where) if i not in bad]
        for session, place in zip(block, where, strict=True):
            first = seen.setdefault(session["id"], place)
            if first != place:
                builder.skip(place, f"its id {session['id']!r} is also {first}'s")
                continue
            kept.append(session)
            places.append(place)
    builder.sessions, builder.places = kept, places


def _refused(builder: Builder, document: dict[str, Any]) -> dict[int, str]:
    """Which sessions of `document` a catalogue refuses, and why (by index)."""
    from pathlib import Path

    from confplan.catalogue import schema

    if not document["sessions"]:
        return {}
    shaped, issues = schema.validate_shape(document)
    if shaped is not None:
        issues = schema.check_meaning(shaped, Path(builder.name).parent)
    bad: dict[int, str] = {}
    for issue in issues:
        path = issue.path
        if path[:1] != ("sessions",) or len(path) < 2 or not isinstance(path[1], int):
            raise ImportError_(
                f"{builder.name}: the imported catalogue is not valid: "
                f"{schema.dotted(path)}: {issue.message}"
            )
        bad.setdefault(path[1], f"{schema.dotted(path[2:]) or 'the event'}: {issue.message}")
    return bad


__all__ = [  # with the values' readers and the output's, which callers take from here
    "Builder",
    "ConferenceInfo",
    "ImportError_",
    "Imported",
    "Record",
    "checked",
    "clock_on",
    "elapsed_minutes",
    "iso_date",
    "iso_datetime",
    "parse_duration",
    "session_id",
    "session_kind",
    "slug",
    "write_catalogue",
    "zone",
]
