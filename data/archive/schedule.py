"""KubeCon EU 2026's own calendar laid on its sessions: start, length, room, track.

The Sched export is all UTC; confplan's iCal importer reads it in the venue's zone
(Europe/Amsterdam) and splits each SUMMARY into title and speakers. Its events carry
Sched's hash ids, not the event codes of the catalogue, so they are matched by title
(and speakers where several share one), and what matches nothing is reported.
"""

from __future__ import annotations

import collections
import datetime
import difflib
from pathlib import Path
from typing import Any

from build_programmes import normal

from archive.speakers import Knowledge, split_title

CALENDAR = Path("external-data/kubecon-eu-2026-sched-ics/kccnceu2026-all-20260303.ics")
CONFERENCE = "kccnceu2026"
ZONE = "Europe/Amsterdam"
FIRST_DAY, LAST_DAY = datetime.date(2026, 3, 23), datetime.date(2026, 3, 26)


def read_calendar(shared: Path) -> list[dict[str, Any]]:
    from confplan.importers import ical

    path = shared / CALENDAR
    imported = ical.read(path.read_bytes(), path.name, ZONE)
    return sorted(imported.document["sessions"], key=lambda s: (s["start"], s["title"]))


def _title(event: dict[str, Any], known: Knowledge | None) -> str:
    """A calendar title, with any speakers the importer left in it taken off."""
    title = event["title"]
    return normal(split_title(title, known)[0] if known else title).strip()


def _names(session: dict[str, Any]) -> set[str]:
    return {normal(p["name"]).strip() for p in session.get("speakers") or []}


def _pair(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """Sessions and calendar events with the same title: by shared speaker, then in order
    (the repeated badge pick-ups and cloakrooms have nothing else to tell them apart)."""
    pairs, left = [], list(theirs)
    for session in ours:
        best = next((t for t in left if _names(t) & _names(session)), None)
        best = best or (left[0] if left else None)
        if best is not None:
            pairs.append((session, best))
            left.remove(best)
    return pairs


def match(
    sessions: list[dict[str, Any]], events: list[dict[str, Any]], known: Knowledge | None = None
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(session, event) pairs, and the sessions and events left without one."""
    ours: dict[str, list[dict]] = collections.defaultdict(list)
    theirs: dict[str, list[dict]] = collections.defaultdict(list)
    for session in sessions:
        ours[normal(session["title"]).strip()].append(session)
    for event in events:
        theirs[_title(event, known)].append(event)
    pairs = []
    for title in list(ours):
        if title in theirs:
            pairs += _pair(ours[title], theirs[title])
    used_s = {id(s) for s, _ in pairs}
    used_e = {id(e) for _, e in pairs}
    rest_s = [s for s in sessions if id(s) not in used_s]
    rest_e = [e for e in events if id(e) not in used_e]
    for session in list(rest_s):  # a title cut or written differently: close, same people
        title = normal(session["title"]).strip()
        for event in rest_e:
            other = _title(event, known)
            close = difflib.SequenceMatcher(None, title, other).ratio()
            inside = min(len(title), len(other)) >= 20 and (
                title.startswith(other) or other.startswith(title)
            )
            if close >= 0.9 or inside or (close >= 0.6 and _names(event) & _names(session)):
                pairs.append((session, event))
                rest_s.remove(session)
                rest_e.remove(event)
                break
    return pairs, rest_s, rest_e


def room_of(event: dict[str, Any]) -> str | None:
    room = event.get("room")
    return room.removesuffix(", Amsterdam, Netherlands") if room else None


def lay_on(sessions: list[dict[str, Any]], shared: Path, known: Knowledge) -> list[str]:
    """Start, length, room (and track where the programme has none) from the calendar;
    the report lines of what matched nothing."""
    mine = [s for s in sessions if s["conference"] == CONFERENCE]
    events = read_calendar(shared)
    pairs, lonely_sessions, lonely_events = match(mine, events, known)
    for session, event in pairs:
        start = event["start"]
        session["start"] = start if isinstance(start, str) else start.isoformat()
        day = datetime.date.fromisoformat(str(event["date"])) if event.get("date") else None
        if day and FIRST_DAY <= day <= LAST_DAY:  # badge pick-up the day before has none
            session["date"] = day
        if event.get("duration_min"):
            session["duration_min"] = event["duration_min"]
            session["duration_source"] = "schedule"
        room = room_of(event)
        if room:
            session["room"] = room
        if event.get("track") and session.get("track") in (None, "Unclassified"):
            session["track"] = event["track"]
        session["source_id"] = event["source_id"]
    out = [
        f"EU 2026 calendar: {len(events)} events, {len(pairs)} matched to the "
        f"{len(mine)} sessions; {len(lonely_sessions)} sessions and {len(lonely_events)} "
        "events without a match"
    ]
    out += [f"  session without an event: {s['id']} {s['title']!r}" for s in lonely_sessions]
    out += [f"  event without a session: {e['start']} {e['title']!r}" for e in lonely_events]
    return out
