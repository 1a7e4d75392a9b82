"""What an iCalendar event means in time, beyond its DTSTART: the occurrences of a
repeating event (RRULE, less its EXDATEs and the ones moved by a RECURRENCE-ID),
whether it is a day rather than a time, and its length when it starts in the gap
of a clock change. Bounded: a rule with no end gives at most MAX_OCCURRENCES."""

from __future__ import annotations

import datetime
from itertools import islice
from typing import Any

MAX_OCCURRENCES = 500  # a conference repeats a session a few times; a rule may never end

UTC = datetime.UTC


def instant(moment: datetime.datetime) -> datetime.datetime:
    """A moment comparable with any other: UTC when it has a zone, naive as given."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def is_all_day(prop: Any) -> bool:
    """Is this DTSTART a date (VALUE=DATE): a day, not a time?"""
    try:
        value = getattr(prop, "dt", None)
    except Exception:  # a broken property: not a usable date either
        return False
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def day_of(prop: Any) -> datetime.date | None:
    value = getattr(prop, "dt", None)
    return value if isinstance(value, datetime.date) else None


def moved(events: list[Any]) -> set[tuple[str, datetime.datetime]]:
    """(UID, instant) of each occurrence a RECURRENCE-ID event replaces."""
    found = set()
    for event in events:
        rid = event.get("RECURRENCE-ID")
        moment = getattr(rid, "dt", None) if rid is not None else None
        if isinstance(moment, datetime.datetime):
            found.add((str(event.get("UID", "")).strip(), instant(moment)))
    return found


def _excluded(event: Any) -> set[datetime.datetime]:
    values = event.get("EXDATE")
    found: set[datetime.datetime] = set()
    for item in values if isinstance(values, list) else [values] if values is not None else []:
        for dt in getattr(item, "dts", ()):
            moment = getattr(dt, "dt", None)
            if isinstance(moment, datetime.datetime):
                found.add(instant(moment))
    return found


def occurrences(event: Any, start: datetime.datetime) -> tuple[list[datetime.datetime], str]:
    """Each start of the event (its DTSTART first), and what to say about them ("" if
    nothing: no rule, or a rule read in full)."""
    rule = event.get("RRULE")
    if rule is None:
        return [start], ""
    # dateutil (declared; icalendar needs it too) has no type stubs.
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

    try:
        text = rule.to_ical().decode("ascii", "replace")
        starts = list(islice(iter(rrulestr(text, dtstart=start)), MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, OverflowError, AttributeError) as exc:
        return [start], f"its RRULE cannot be read ({str(exc)[:60]}); only the first kept"
    note = ""
    if len(starts) > MAX_OCCURRENCES:
        starts = starts[:MAX_OCCURRENCES]
        most = MAX_OCCURRENCES
        note = f"its RRULE repeats it more than {most} times; the first {most} kept"
    if not starts or instant(starts[0]) != instant(start):
        starts.insert(0, start)  # DTSTART counts even when the rule skips it
    gone = _excluded(event)
    return [s for s in starts if instant(s) not in gone], note


def wall_minutes(start: datetime.datetime, end: datetime.datetime) -> int | None:
    """The length as the clock on the wall reads it, when `start` names a time the
    clocks skipped (02:30 on the night they go forward): RFC 5545 reads it at the
    offset before the gap, which would leave the session no length. None otherwise."""
    zone = start.tzinfo
    if zone is None or end.tzinfo is not zone:
        return None
    settled = start.astimezone(UTC).astimezone(zone)
    if settled.replace(tzinfo=None) == start.replace(tzinfo=None):
        return None  # a time that exists
    return int((end.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() // 60)
