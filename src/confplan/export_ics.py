"""The iCalendar (RFC 5545) export: the selected timed sessions as a calendar.

Written with the `icalendar` library. Each event's UID is made of the session and
catalogue ids, so exporting again and importing into a calendar app updates the
events instead of duplicating them. Times carry the conference's zone (with its
VTIMEZONE); the room is the LOCATION; the schedule and recording links are in the
URL and the description. Sessions without a time are left out (`skipped`), and
so are times no calendar can place (before 1900 or after 2999, set by hand).

With `alarm_min`, each event carries a VALARM that a calendar app shows that many
minutes before it starts. The VTIMEZONE covers the calendar's own dates (not
icalendar's default of 1970 to 2038, which would leave a 2045 event without its
rules).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from confplan.agenda import Slot, Timetable, make_slot
from confplan.catalogue.models import Session
from confplan.errors import BadInputError
from confplan.export_selection import Export, status_words
from confplan.progress.models import LATER, PLAN_LABELS, STATUS_LABELS, UNWATCHED, Entry
from confplan.text import is_safe_url, printable

if TYPE_CHECKING:
    from icalendar import Alarm, Calendar

PRODID = "-//confplan//confplan agenda//EN"


def uid(export: Export, session_id: str) -> str:
    return f"{session_id}.{export.catalogue.id}@confplan"


def skipped(export: Export) -> int:
    """How many selected sessions have no time (and are not in the calendar)."""
    return sum(1 for session, _ in export.rows if make_slot(session, None) is None)


def to_ics(
    export: Export, zone: datetime.tzinfo | None = None, *, alarm_min: int | None = None
) -> str:
    from icalendar import Calendar, Event

    catalogue = export.catalogue
    timetable = Timetable(catalogue, zone)
    stamp = export.exported_at or datetime.datetime.now(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", printable(f"{catalogue.title} · {status_words_for(export)}"))
    calendar.add("x-wr-timezone", timetable.zone_label())
    placed: list[Slot] = []
    for session, entry in export.rows:
        slot = timetable.by_id.get(session.id)
        if slot is None:
            continue
        placed.append(slot)
        event = Event()
        event.add("uid", uid(export, session.id))
        event.add("dtstamp", stamp.astimezone(datetime.UTC))
        event.add("dtstart", slot.start)
        if not slot.instant:
            event.add("dtend", slot.end)
        event.add("summary", printable(session.title))
        if session.room:
            event.add("location", printable(session.room))
        if session.track:
            event.add("categories", [printable(session.track)])
        links = _links(session)
        if links:
            event.add("url", links[0][1])
        event.add("description", _description(export, session, entry, links))
        if entry is not None and entry.plan == LATER:
            event.add("transp", "TRANSPARENT")  # not attended: free time in the calendar
        if alarm_min is not None:
            event.add_component(_alarm(session, alarm_min))
        calendar.add_component(event)
    _add_zones(calendar, placed)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _alarm(session: Session, minutes: int) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", datetime.timedelta(minutes=-minutes))
    alarm.add("description", printable(session.title) or "confplan")
    return alarm


def _add_zones(calendar: Calendar, placed: list[Slot]) -> None:
    """The VTIMEZONE of each zone the events use, over the calendar's years (whole
    years: both clock changes of each, whatever a calendar app checks)."""
    if not placed:
        return
    first = datetime.date(min(slot.start for slot in placed).year - 1, 1, 1)
    last = datetime.date(max(slot.end for slot in placed).year + 2, 1, 1)
    try:
        calendar.add_missing_timezones(first_date=first, last_date=last)
    except (OverflowError, ValueError) as exc:  # dates at the edge of what Python holds
        raise BadInputError(
            f"cannot write the time zone rules for {first} to {last}: {exc}"
        ) from None


def status_words_for(export: Export) -> str:
    words = status_words(export.selection.status)
    return f"watchlist, {words}" if export.selection.watchlist else words


def _links(session: Session) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if session.schedule_url and is_safe_url(session.schedule_url):
        found.append(("Schedule", session.schedule_url))
    if session.recording is not None and is_safe_url(session.recording.url):
        label = "Recording" if session.recording.is_video else "Search for the recording"
        found.append((label, session.recording.url))
    for link in session.links:
        if is_safe_url(link.url) and all(url != link.url for _, url in found):
            found.append((printable(link.title or link.kind or "Link"), link.url))
    return found


def _description(
    export: Export, session: Session, entry: Entry | None, links: list[tuple[str, str]]
) -> str:
    lines: list[str] = []
    if session.speakers:
        lines.append(printable(session.speaker_names()))
    if session.track:
        lines.append(f"Track: {printable(session.track)}")
    status = entry.status if entry else UNWATCHED
    plan = f", {PLAN_LABELS[entry.plan]}" if entry is not None and entry.plan else ""
    queued = f", watchlist #{entry.watchlist_pos}" if entry and entry.watchlist_pos else ""
    lines.append(f"confplan: {STATUS_LABELS[status]}{queued}{plan}")
    lines.extend(f"{label}: {url}" for label, url in links)
    return "\n".join(lines)
