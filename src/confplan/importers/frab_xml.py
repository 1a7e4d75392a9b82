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

import codecs
import re
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from confplan.importers.common import (
    Builder,
    ConferenceInfo,
    Imported,
    ImportError_,
    Record,
    clock_on,
    iso_date,
    iso_datetime,
    parse_duration,
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


def _conference(element: Element) -> ConferenceInfo:
    return ConferenceInfo(
        acronym=_text(element, "acronym"),
        title=_text(element, "title"),
        start=iso_date(_text(element, "start")),
        end=iso_date(_text(element, "end")),
        city=_text(element, "city"),
        venue=_text(element, "venue"),
        url=_text(element, "base_url") or _text(element, "url"),
        zone_name=_text(element, "time_zone_name"),
    )


def _links(event: Element) -> list[dict[str, str]]:
    """The event's own links and attachments, each with its own title and type."""
    found = []
    for group, default_kind in (("links", None), ("attachments", "attachment")):
        container = event.find(group)
        for child in container if container is not None else []:
            href = (child.get("href") or _text(child, "url") or "").strip()
            if not href:  # a relative one is resolved against the base URL later
                continue
            link = {"url": href}
            title = _text(child, "title") or (child.text or "").strip()
            if title:
                link["title"] = " ".join(title.split())
            kind = child.get("type") or _text(child, "type") or default_kind
            if kind:
                link["kind"] = kind
            found.append(link)
    return found


def _record(event: Element, day: str | None, room: str | None, warnings: list[str]) -> Record:
    label = event.get("guid") or event.get("id") or _text(event, "title") or "?"
    where = f"event {label.strip()[:60]!r}"
    listed = iso_date(day)
    start = iso_datetime(_text(event, "date"))
    if start is None:
        if _text(event, "date"):
            warnings.append(f"{where}: <date> is not ISO 8601; its day and <start> are used")
        start = clock_on(listed, _text(event, "start"))
    try:
        minutes = parse_duration(_text(event, "duration"))
    except ValueError as exc:
        warnings.append(f"{where}: {exc}; left out")
        minutes = None
    persons = event.find("persons")
    return Record(
        where=where,
        key=(event.get("guid") or "").strip() or (event.get("id") or "").strip(),
        title=_text(event, "title") or "",
        start=start,
        day=listed,
        minutes=minutes,
        room=_text(event, "room") or room,
        track=_text(event, "track"),
        kind_text=_text(event, "type"),
        abstract_html=_text(event, "abstract") or _text(event, "description"),
        subtitle=_text(event, "subtitle"),
        persons=[(p.text or "") for p in (persons if persons is not None else [])],
        links=_links(event),
        url=_text(event, "url"),
    )


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']{0,60})["']""")
FIRST_CHUNK = 64 * 1024
LARGEST_CHUNK = 64 * 1024 * 1024


class _Chunks:
    """The bytes for the parser, in chunks that double while no event comes out.

    expat (before 2.6) parses a token split over chunks again from its start on each
    new chunk, so a 20 MB comment fed 16 KB at a time costs minutes; chunks that grow
    while a token lasts keep that linear, and chunks that stay small otherwise keep
    few elements alive at once."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._at = 0
        self._size = FIRST_CHUNK
        self.events = 0
        self._events_then = -1

    def read(self, _size: int = -1) -> bytes:
        if self.events == self._events_then:
            self._size = min(self._size * 2, LARGEST_CHUNK)
        else:
            self._size = FIRST_CHUNK
        self._events_then = self.events
        chunk = self._data[self._at : self._at + self._size]
        self._at += len(chunk)
        return bytes(chunk)


def _check_encoding(data: bytes, name: str) -> None:
    """An encoding the XML declaration names must be one Python knows."""
    found = _DECLARED.match(data[:512].removeprefix(b"\xef\xbb\xbf"))
    if found is None:
        return
    label = found.group(1).decode("ascii", "replace")
    try:
        known = codecs.lookup(label).name in ("utf-8", "utf-16")
        # Besides those, expat reads only encodings of one character per byte.
        known = known or len(bytes(range(256)).decode(label, "replace")) == 256
    except (LookupError, ValueError, TypeError):  # unknown, or not a text encoding
        known = False
    if not known:
        raise ImportError_(
            f"{name}: the XML declares the encoding {label!r}, which cannot be read; "
            "save it as UTF-8"
        )


def read(
    data: bytes, name: str, tz_name: str | None = None, *, base_url: str | None = None
) -> Imported:
    """A catalogue document from frab XML bytes; ImportError_ naming the place on errors."""
    builder = Builder(name, tz_name, base_url)
    root_seen = False
    day: str | None = None
    room: str | None = None
    stack: list[str] = []
    _check_encoding(data, name)
    chunks = _Chunks(data)
    try:
        for kind, element in iterparse(chunks, events=("start", "end")):
            chunks.events += 1
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
                    day = (element.get("date") or "").strip() or None
                elif element.tag == "room" and stack[-2:-1] == ["day"]:
                    room = (element.get("name") or "").strip() or None
                continue
            stack.pop()
            if element.tag == "conference" and stack == ["schedule"]:
                builder.conference(_conference(element))
            elif element.tag == "event":
                builder.add(_record(element, day, room, builder.warnings))
                element.clear()
            elif element.tag in ("day", "room") and stack and stack[-1] in ("schedule", "day"):
                element.clear()
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise ImportError_(f"{name}:{line}:{column}: not well-formed XML") from None
    except DefusedXmlException as exc:
        reason = type(exc).__name__
        raise ImportError_(f"{name}: refused: {reason} (entities are not read)") from None
    if not root_seen:
        raise ImportError_(f"{name}: no XML element found")
    return builder.imported()
