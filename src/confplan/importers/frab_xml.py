"""frab/Pentabarf schedule XML (FOSDEM, the CCC congresses, pretalx exports).

Read through `defusedxml` (no entity expansion, no external entities), event by
event: each `<event>` is turned into a session as soon as it closes and then
dropped, so a 100,000-event file is never held as one tree.

What real files do, and what is done about it:
- times: an event's `<date>` (ISO 8601 with an offset) is its true start; without
  one, the `<day date>` and `<start>` HH:MM, in the zone of `time_zone_name` or
  `--tz`. Starts are shown in the conference's zone. Without any zone or offset
  the import stops and asks for `--tz`: a local time is never labelled as UTC;
- the conference day: a session's `date` is the `<day>` it is listed under, so a
  talk at 01:00 belongs to the evening before (FOSDEM's `day_change`), while its
  start keeps the true date;
- identity: `guid`, else `id`, else title and start; the same guid at two times
  is two occurrences, both kept;
- durations `H:MM`, `HH:MM`, `HH:MM:SS`, zero; titles trimmed; persons may be
  absent; abstracts are HTML (entity-escaped, too) turned into text;
- `<links>` and `<attachments>` are read only as the event's own children, with
  each child's own title and type, never mistaken for the event's.
"""

from __future__ import annotations

import datetime
import io
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from confplan.importers.common import (
    Imported,
    ImportError_,
    html_to_text,
    parse_duration,
    session_id,
    session_kind,
    slug,
    zone,
)


def _text(element: Element | None, tag: str) -> str | None:
    """The text of the direct child `tag` of `element`, trimmed; None if empty."""
    if element is None:
        return None
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    value = child.text.strip()
    return value or None


def _time(text: str | None) -> datetime.time | None:
    if not text:
        return None
    parts = text.strip().split(":")
    try:
        return datetime.time(int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)
    except (ValueError, IndexError):
        return None


class _Reader:
    def __init__(self, name: str, tz_name: str | None) -> None:
        self.name = name
        self.tz_override = zone(tz_name)
        if tz_name and self.tz_override is None:
            raise ImportError_(f"--tz: unknown time zone {tz_name!r} (an IANA name)")
        self.conference: dict[str, Any] = {}
        self.tz: datetime.tzinfo | None = self.tz_override
        self.tz_name: str | None = tz_name
        self.sessions: list[dict[str, Any]] = []
        self.seen: dict[str, int] = {}
        self.warnings: list[str] = []
        self.day_date: str | None = None
        self.room_name: str | None = None

    def conference_element(self, element: Element) -> None:
        named = _text(element, "time_zone_name")
        if self.tz_override is None and named:
            self.tz = zone(named)
            self.tz_name = named if self.tz is not None else None
            if self.tz is None:
                self.warnings.append(f"unknown time_zone_name {named!r}: using the offsets given")
        self.conference = {
            "acronym": _text(element, "acronym"),
            "title": _text(element, "title"),
            "start": _text(element, "start"),
            "end": _text(element, "end"),
            "city": _text(element, "city"),
            "venue": _text(element, "venue"),
            "url": _text(element, "base_url") or _text(element, "url"),
        }

    def start_of(self, event: Element, where: str) -> datetime.datetime:
        full = _text(event, "date")
        moment = None
        if full:
            try:
                moment = datetime.datetime.fromisoformat(full)
            except ValueError:
                self.warnings.append(f"{where}: <date> {full[:30]!r} is not ISO 8601; ignored")
        if moment is None:
            clock = _time(_text(event, "start"))
            if clock is None or self.day_date is None:
                raise ImportError_(f"{self.name}: {where}: no <date> and no day and <start>")
            moment = datetime.datetime.combine(datetime.date.fromisoformat(self.day_date), clock)
        if moment.tzinfo is None:
            if self.tz is None:
                raise ImportError_(
                    f"{self.name}: {where}: times without a time zone, and the file names none; "
                    "give the conference's zone with --tz (for example --tz Europe/Berlin)"
                )
            moment = moment.replace(tzinfo=self.tz)
        if self.tz is not None:
            moment = moment.astimezone(self.tz)  # shown in the conference's zone
        return moment

    def event(self, event: Element) -> None:
        label = event.get("guid") or event.get("id") or _text(event, "title") or "?"
        where = f"event {label.strip()[:60]!r}"
        title = (_text(event, "title") or "").strip()
        start = self.start_of(event, where)
        guid = (event.get("guid") or "").strip()
        key = guid or (event.get("id") or "").strip()
        if not key:
            key = f"{title}@{start.isoformat()}"
            self.warnings.append(f"{where}: no guid or id; keyed on its title and start")
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        sid = session_id(key)
        if count > 1:  # the same guid at another time: a second occurrence, kept
            sid = f"{sid}.{start:%Y%m%d%H%M}"
        session: dict[str, Any] = {"id": sid, "title": title or "(untitled)"}
        subtitle = _text(event, "subtitle")
        persons = [
            {"name": " ".join((p.text or "").split())}
            for p in (event.find("persons") or [])
            if (p.text or "").strip()
        ]
        if persons:
            session["speakers"] = persons
        session["conference"] = "conference"
        session["event"] = "main"
        session["kind"] = session_kind(_text(event, "type"))
        day = self.day_date or start.date().isoformat()
        session["date"] = datetime.date.fromisoformat(day)
        try:
            minutes = parse_duration(_text(event, "duration"))
        except ValueError as exc:
            self.warnings.append(f"{where}: {exc}; left out")
            minutes = None
        if minutes:
            session["duration_min"] = min(minutes, 24 * 60)
        track = _text(event, "track")
        if track:
            session["track"] = track
        session["start"] = start.isoformat()
        room = _text(event, "room") or self.room_name
        if room:
            session["room"] = room
        session["source_id"] = key
        url = _text(event, "url")
        if url:
            session["schedule_url"] = url
        abstract = html_to_text(_text(event, "abstract")) or html_to_text(
            _text(event, "description")
        )
        if subtitle:
            abstract = f"{subtitle}\n\n{abstract}" if abstract else subtitle
        if abstract:
            session["abstract"] = abstract
        links = self.links(event)
        if links:
            session["links"] = links
        self.sessions.append(session)

    @staticmethod
    def links(event: Element) -> list[dict[str, Any]]:
        found = []
        for group, kind in (("links", None), ("attachments", "attachment")):
            container = event.find(group)
            for child in container if container is not None else []:
                href = (child.get("href") or _text(child, "url") or "").strip()
                if not href.startswith(("http://", "https://")):
                    continue
                title = _text(child, "title") or (child.text or "").strip() or None
                link: dict[str, Any] = {"url": href}
                if title:
                    link["title"] = " ".join(title.split())
                link_kind = child.get("type") or _text(child, "type") or kind
                if link_kind:
                    link["kind"] = link_kind
                found.append(link)
        return found

    def document(self) -> dict[str, Any]:
        conference = self.conference
        dates = sorted(s["date"] for s in self.sessions)
        start = _date(conference.get("start")) or (dates[0] if dates else None)
        end = _date(conference.get("end")) or (dates[-1] if dates else start)
        if start is None or end is None:
            raise ImportError_(f"{self.name}: the schedule has no dates and no events")
        if dates:
            start, end = min(start, dates[0]), max(end, dates[-1])
        title = conference.get("title") or conference.get("acronym") or "Imported schedule"
        conf: dict[str, Any] = {"id": "conference", "name": title, "start": start, "end": end}
        for key in ("city", "venue"):
            if conference.get(key):
                conf[key] = conference[key]
        if (conference.get("url") or "").startswith(("http://", "https://")):
            conf["url"] = conference["url"]
        if self.tz_name:
            conf["time_zone"] = self.tz_name
        return {
            "format_version": 1,
            "id": slug(conference.get("acronym") or title),
            "title": title,
            "conferences": [conf],
            "events": [{"id": "main", "conference": "conference", "name": title, "kind": "main"}],
            "sessions": self.sessions,
        }


def _date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def read(data: bytes, name: str, tz_name: str | None = None) -> Imported:
    """A catalogue document from frab XML bytes; ImportError_ with FILE:LINE on errors."""
    reader = _Reader(name, tz_name)
    root_seen = False
    try:
        parser = iterparse(io.BytesIO(data), events=("start", "end"))
        stack: list[str] = []
        for kind, element in parser:
            if kind == "start":
                if not root_seen:
                    root_seen = True
                    if element.tag != "schedule":
                        raise ImportError_(
                            f"{name}: not a frab/Pentabarf schedule: the XML's root is "
                            f"<{str(element.tag)[:40]}>, expected <schedule>"
                        )
                stack.append(element.tag)
                if element.tag == "day":
                    reader.day_date = (element.get("date") or "").strip() or None
                elif element.tag == "room" and len(stack) >= 2 and stack[-2] == "day":
                    reader.room_name = (element.get("name") or "").strip() or None
                continue
            stack.pop()
            if element.tag == "conference" and stack == ["schedule"]:
                reader.conference_element(element)
            elif element.tag == "event":
                reader.event(element)
                element.clear()
            elif element.tag == "day":
                element.clear()
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise ImportError_(f"{name}:{line}:{column}: not well-formed XML") from None
    except DefusedXmlException as exc:
        raise ImportError_(
            f"{name}: refused: {type(exc).__name__} (entities are not read)"
        ) from None
    if not root_seen:
        raise ImportError_(f"{name}: no XML element found")
    return Imported(reader.document(), reader.warnings)
