"""The schedule JSON of frab and pretalx (`{"schedule": {"conference": {"days": ...}}}`).

Read with size and depth bounds. Each day's `rooms` maps a room name to its events;
an event's `date` (ISO 8601 with an offset) is its true start, else the day's date
and its `start`. Persons carry `public_name`, `name` or both. The "schedule v2"
variant that lists only rooms and tracks has no events and is refused as such.
Everything else (times, identity, occurrences, abstracts) is done as for the XML.
"""

from __future__ import annotations

import json
import re
from typing import Any

from confplan.importers.common import (
    Builder,
    ConferenceInfo,
    Imported,
    ImportError_,
    Record,
    clock_on,
    elapsed_minutes,
    iso_date,
    iso_datetime,
    parse_duration,
)
from confplan.text import without_surrogates

MAX_DEPTH = 64


def _depth_ok(data: bytes) -> bool:
    """A cheap bound on nesting before json.loads recurses into it."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                return False
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return True


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _without_surrogates(value: Any) -> Any:
    """The document with each lone surrogate (a JSON escape like "\\ud800" with no
    partner, which no file can hold) made U+FFFD. Nesting is bounded (MAX_DEPTH)."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _person(value: Any) -> str:
    if isinstance(value, dict):
        return _str(value.get("public_name")) or _str(value.get("name")) or ""
    return _str(value) or ""


def _links(event: dict[str, Any]) -> list[dict[str, str]]:
    found = []
    for group, default_kind in (("links", None), ("attachments", "attachment")):
        items = event.get(group)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            url = _str(item.get("url")) or _str(item.get("href"))
            if not url:
                continue
            link = {"url": url}
            title = _str(item.get("title"))
            if title:
                link["title"] = " ".join(title.split())
            kind = _str(item.get("type")) or default_kind
            if kind:
                link["kind"] = kind
            found.append(link)
    return found


def _record(event: dict[str, Any], day: Any, room: str, where: str, warnings: list[str]) -> Record:
    listed = iso_date(_str(day))
    start = iso_datetime(_str(event.get("date")))
    if start is None:
        start = clock_on(listed, _str(event.get("start")))
    try:
        minutes = parse_duration(_str(event.get("duration")))
    except ValueError as exc:
        warnings.append(f"{where}: {exc}; left out")
        minutes = None
    persons = event.get("persons")
    return Record(
        where=where,
        key=_str(event.get("guid")) or _str(event.get("id")) or "",
        title=_str(event.get("title")) or "",
        start=start,
        day=listed,
        minutes=minutes,
        room=_str(event.get("room")) or room,
        track=_str(event.get("track")),
        kind_text=_str(event.get("type")),
        abstract_html=_str(event.get("abstract")) or _str(event.get("description")),
        subtitle=_str(event.get("subtitle")),
        persons=[_person(p) for p in (persons if isinstance(persons, list) else [])],
        links=_links(event),
        url=_str(event.get("url")),
    )


def _schedule_of(root: Any) -> dict[Any, Any]:
    """The `schedule` object, also where a file wraps it twice (`{"schedule":
    {"schedule": {...}}}`, as some CCC files do); {} when there is none."""
    found = root.get("schedule") if isinstance(root, dict) else None
    for _ in range(3):
        if not isinstance(found, dict) or "conference" in found:
            break
        inner = found.get("schedule")
        if not isinstance(inner, dict):
            break
        found = inner
    return found if isinstance(found, dict) else {}


def read(
    data: bytes, name: str, tz_name: str | None = None, *, base_url: str | None = None
) -> Imported:
    """A catalogue document from schedule JSON bytes; errors name the JSON path."""
    if not _depth_ok(data):
        raise ImportError_(f"{name}: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        root = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{name}: not UTF-8 text (at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise ImportError_(f"{name}: not usable JSON: {exc}") from None
    if _SURROGATE_ESCAPE.search(data):
        root = _without_surrogates(root)
    schedule = _schedule_of(root)
    conference = schedule.get("conference")
    if not isinstance(conference, dict):
        raise ImportError_(
            f"{name}: not a frab/pretalx schedule JSON: expected "
            '{"schedule": {"conference": {...}}} at the top'
        )
    days = conference.get("days")
    version2 = isinstance(schedule.get("events"), list)
    if not version2 and (
        not isinstance(days, list)
        or not any(isinstance(day, dict) and "rooms" in day for day in days)
    ):
        raise ImportError_(
            f"{name}: schedule.conference.days[].rooms is missing: expected the frab/pretalx "
            "schedule JSON, where each day maps rooms to their events"
        )
    builder = Builder(name, tz_name, base_url)
    builder.conference(
        ConferenceInfo(
            acronym=_str(conference.get("acronym")),
            title=_str(conference.get("title")),
            start=iso_date(_str(conference.get("start"))),
            end=iso_date(_str(conference.get("end"))),
            url=_str(schedule.get("base_url")) or _str(conference.get("url")),
            zone_name=_str(conference.get("time_zone_name")),
        )
    )
    if version2:
        _read_version2(schedule, days if isinstance(days, list) else [], builder, name)
        return builder.imported()
    for d, day in enumerate(days if isinstance(days, list) else []):
        here = f"schedule.conference.days[{d}]"
        if not isinstance(day, dict) or not isinstance(day.get("rooms"), dict):
            raise ImportError_(f'{name}: {here}: expected an object with "rooms"')
        for room, events in day["rooms"].items():
            if not isinstance(events, list):
                raise ImportError_(f"{name}: {here}.rooms[{room!r}]: expected a list of events")
            for e, event in enumerate(events):
                where = f"{here}.rooms[{str(room)[:40]!r}][{e}]"
                if not isinstance(event, dict):
                    raise ImportError_(f"{name}: {where}: expected an event object")
                builder.add(_record(event, day.get("date"), str(room), where, builder.warnings))
    return builder.imported()


def _read_version2(schedule: dict[Any, Any], days: list[Any], builder: Builder, name: str) -> None:
    """ "schedule v2": one list of events, each with its start and end, the room and
    track as objects, and participants with roles; a day is the one whose span holds
    the start."""
    spans = []
    for day in days:
        if isinstance(day, dict):
            begin, end = iso_datetime(_str(day.get("start"))), iso_datetime(_str(day.get("end")))
            listed = iso_date(_str(day.get("date")))
            if begin and end and listed and begin.tzinfo and end.tzinfo:
                spans.append((begin, end, listed))
    for e, event in enumerate(schedule["events"]):
        where = f"schedule.events[{e}]"
        if not isinstance(event, dict):
            raise ImportError_(f"{name}: {where}: expected an event object")
        start = iso_datetime(_str(event.get("start")))
        end = iso_datetime(_str(event.get("end")))
        minutes = None
        if start and end and (start.tzinfo is None) == (end.tzinfo is None):
            minutes = elapsed_minutes(start, end)
        listed = None
        if start is not None and start.tzinfo is not None:
            listed = next((day for begin, stop, day in spans if begin <= start < stop), None)
        room, track = event.get("room"), event.get("track")
        people = event.get("participants")
        builder.add(
            Record(
                where=where,
                key=_str(event.get("guid")) or _str(event.get("code")) or "",
                title=_str(event.get("title")) or "",
                start=start,
                day=listed,
                minutes=minutes if minutes is not None and minutes >= 0 else None,
                room=_str(room.get("name")) if isinstance(room, dict) else _str(room),
                track=(_str(track.get("name")) or _str(track.get("slug")))
                if isinstance(track, dict)
                else _str(track),
                kind_text=_str(event.get("type")),
                abstract_html=_str(event.get("abstract")) or _str(event.get("description")),
                subtitle=_str(event.get("subtitle")),
                persons=[
                    _person(p)
                    for p in (people if isinstance(people, list) else [])
                    if not isinstance(p, dict) or _str(p.get("role")) in (None, "SPEAKER")
                ],
                links=_links(event),
                url=_str(event.get("url")),
            )
        )
