"""iCalendar schedules (Sched, which runs KubeCon; pretalx), read with `icalendar`.

The library handles what real files do to the text format: CRLF, folded lines,
escaped commas and semicolons, very long lines, VTIMEZONE blocks. Here:

- the zone: `--tz`, else `X-WR-TIMEZONE`, else the first VTIMEZONE's or DTSTART's
  `TZID`. An all-UTC file (Sched's) keeps true instants; with `--tz` they are
  shown in the venue's zone. A floating time (no zone at all) needs `--tz`;
- the conference day: iCal lists no days, so a session starting before 04:00 local
  time belongs to the evening before (its start keeps the true date);
- SUMMARY "Title - Name, Role, Company & Name, …" gives the title and the speakers'
  names; LOCATION the room; the first CATEGORIES value the track; DESCRIPTION the
  abstract (HTML entities and tags turned into text); UID the identity.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import Any

from confplan.catalogue.models import DAY_CHANGE
from confplan.importers import recurrence
from confplan.importers.common import (
    Builder,
    ConferenceInfo,
    Imported,
    ImportError_,
    Record,
    elapsed_minutes,
)
from confplan.text import in_time_range

_NAME_GROUPS = re.compile(r" & |; ")


def _text(component: Any, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return None
    text = str(value).strip()
    return text or None


def _categories(component: Any) -> str | None:
    value = component.get("CATEGORIES")
    values = value if isinstance(value, list) else [value] if value is not None else []
    for item in values:
        cats = getattr(item, "cats", None)
        for cat in cats if cats is not None else [item]:
            text = str(cat).strip()
            if text:
                return text
    return None


def split_summary(summary: str) -> tuple[str, list[str]]:
    """("Title", ["Name", ...]) from "Title - Name, Role, Company & Name, Company"."""
    at = summary.rfind(" - ")
    if at <= 0:
        return summary.strip(), []
    title, tail = summary[:at].strip(), summary[at + 3 :].strip()
    groups = [g.strip() for g in _NAME_GROUPS.split(tail) if g.strip()]
    names = [g.split(", ")[0].strip() for g in groups]
    looks_like_names = names and all(
        n[:1].isupper() and len(n.split()) <= 5 and ":" not in n for n in names
    )
    if not title or not looks_like_names:
        return summary.strip(), []
    return title, names


def _moment(value: Any) -> datetime.datetime | None:
    try:
        moment = getattr(value, "dt", value)
    except Exception:  # a broken property ("DTSTART:2025"): no usable time
        return None
    if isinstance(moment, datetime.datetime):
        return moment
    if isinstance(moment, datetime.date):  # an all-day event
        return datetime.datetime.combine(moment, datetime.time())
    return None


def _zone_name(calendar: Any) -> str | None:
    named = _text(calendar, "X-WR-TIMEZONE")
    if named:
        return named
    for component in calendar.walk("VTIMEZONE"):
        tzid = _text(component, "TZID")
        if tzid:
            return tzid
    for component in calendar.walk("VEVENT"):
        start = component.get("DTSTART")
        tzid = getattr(start, "params", {}).get("TZID") if start is not None else None
        if tzid:
            return str(tzid)
    return None


_FOLD = re.compile(rb"\r?\n[ \t]")


def unfolded(data: bytes) -> bytes:
    """The file with its folded lines joined, at the byte level as RFC 5545 says: a
    line folded inside a UTF-8 character ("Caf\xc3" CRLF " \xa9") is one character
    again before the text is decoded."""
    return _FOLD.sub(b"", data)


def read(
    data: bytes, name: str, tz_name: str | None = None, *, base_url: str | None = None
) -> Imported:
    """A catalogue document from iCalendar bytes; ImportError_ on anything unusable."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(unfolded(data).decode("utf-8-sig", errors="replace"))
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        reason = (str(exc).splitlines() or [""])[0][:120]  # one line, never the file's
        raise ImportError_(f"{name}: not valid iCalendar: {reason}") from None
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise ImportError_(f"{name}: not an iCalendar file (no VCALENDAR)")
    builder = Builder(name, tz_name, base_url)
    calname = _text(calendar, "X-WR-CALNAME")
    builder.conference(
        ConferenceInfo(acronym=calname, title=calname, zone_name=_zone_name(calendar))
    )
    events = calendar.walk("VEVENT")
    if tz_name is None:
        _venue_zone(builder, calendar, events)
    replaced = recurrence.moved(events)
    for index, event in enumerate(events):
        uid = _text(event, "UID") or ""
        where = f"VEVENT #{index + 1} {uid[:40]!r}" if uid else f"VEVENT #{index + 1}"
        _add_event(builder, event, where, uid, replaced)
    if not builder.sessions and not builder.skipped:
        raise ImportError_(f"{name}: the calendar holds no events")
    return builder.imported()


UTC_NAMES = frozenset({"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal"})


def _venue_zone(builder: Builder, calendar: Any, events: list[Any]) -> None:
    """A calendar whose times are all UTC (Sched's) is shown in the venue's zone, found
    from the events' LOCATION (or the calendar's name): "Hall 7, Amsterdam,
    Netherlands" is Europe/Amsterdam."""
    named = (builder.info.zone_name or "").casefold()
    if named and named not in UTC_NAMES:
        return
    starts = [_moment(event.get("DTSTART")) for event in events]
    timed = [s for s in starts if s is not None and s.tzinfo is not None]
    if not timed or any(s.utcoffset() != datetime.timedelta(0) for s in timed):
        return
    if any(s is not None and s.tzinfo is None and s.time() != datetime.time() for s in starts):
        return  # floating times beside the UTC ones: not a UTC-only calendar
    from confplan.importers.venue import venue_zone

    venue = venue_zone((_text(e, "LOCATION") for e in events), [_text(calendar, "X-WR-CALNAME")])
    if venue is not None:
        builder.pin_zone(
            venue.zone,
            f"the calendar's times are all UTC; shown in {venue.zone}, the zone of "
            f"{venue.city} ({venue.country}) where it takes place (--tz to choose another)",
        )


def _add_event(
    builder: Builder,
    event: Any,
    where: str,
    uid: str,
    replaced: set[tuple[str, datetime.datetime]],
) -> None:
    """The event's sessions: one per occurrence (an all-day event: one untimed)."""
    title, persons = split_summary(_text(event, "SUMMARY") or "")
    record = Record(
        where=where,
        key=uid,
        title=title,
        start=None,
        room=_text(event, "LOCATION"),
        track=_categories(event),
        kind_text=_text(event, "X-KIND"),
        abstract_html=_text(event, "DESCRIPTION"),
        persons=persons,
        url=_text(event, "URL"),
    )
    if recurrence.is_all_day(event.get("DTSTART")):
        day = recurrence.day_of(event.get("DTSTART"))
        builder.add(replace(record, day=day, all_day=True))
        return
    start = _moment(event.get("DTSTART"))
    if start is None:
        builder.skip(where, "no DTSTART")
        return
    if not in_time_range(start):
        builder.skip(where, f"its start {start.isoformat()} is out of range")
        return
    minutes = _minutes(event, start)
    starts, note = recurrence.occurrences(event, start)
    if note:
        builder.warnings.append(f"{where}: {note}")
    for n, moment in enumerate(starts):
        if n and (uid, recurrence.instant(moment)) in replaced:
            continue  # moved: its own VEVENT (with RECURRENCE-ID) gives it
        local = moment
        if builder.tz is not None and moment.tzinfo is not None:
            local = moment.astimezone(datetime.UTC).astimezone(builder.tz)
        place = where if not n else f"{where} (occurrence {n + 1})"
        day = (local - DAY_CHANGE).date() if in_time_range(local) else None
        builder.add(replace(record, where=place, start=moment, day=day, minutes=minutes))


def _minutes(event: Any, start: datetime.datetime) -> int | None:
    end = _moment(event.get("DTEND"))
    if end is not None and not in_time_range(end):
        end = None
    try:
        duration = getattr(event.get("DURATION"), "dt", None)
    except Exception:  # a broken DURATION: no length
        duration = None
    minutes = None
    if end is not None and (end.tzinfo is None) == (start.tzinfo is None):
        minutes = recurrence.wall_minutes(start, end) or elapsed_minutes(start, end)
    elif isinstance(duration, datetime.timedelta):
        minutes = int(duration.total_seconds() // 60)
    return minutes if minutes is not None and minutes >= 0 else None
