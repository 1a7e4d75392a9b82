"""The agenda: a conference's timed sessions by day, the watchlist's clashes, now and next.

Plain data, no Textual: the TUI's agenda view and `confplan agenda` both read it.

- Times are compared as instants (UTC) and shown in one zone: the conference's,
  or the one the user asks for. Ends are computed through UTC, so a session over
  a clock change keeps its real length.
- A conference day runs from 04:00 to 04:00 in the zone shown: a talk at 01:00
  belongs to the evening before, as schedules print it.
- Two sessions clash when they share time: one ending at 10:00 and the next
  starting at 10:00 do not. A session of no known length is an instant; it
  clashes with a session running at that instant, or with another at the same
  instant.
- Only sessions on the watchlist that are not planned for later clash: choosing
  one side of a clash plans the others for later (catch-up), and the clash is
  resolved.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import DAY_CHANGE, Session
from confplan.errors import BadInputError
from confplan.progress.models import LATER, Entry
from confplan.text import FIRST_YEAR, LAST_YEAR, in_time_range

UTC = datetime.UTC


@dataclass(frozen=True, slots=True)
class Slot:
    """A timed session, as the agenda shows it."""

    session: Session
    start: datetime.datetime  # in the zone shown
    end: datetime.datetime  # equal to start when the length is unknown
    day: datetime.date  # the conference day, in the zone shown

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def instant(self) -> bool:
        return self.end == self.start


def zone_named(name: str) -> datetime.tzinfo:
    """An IANA time zone by name ("Europe/Paris", "UTC"); a clear error otherwise."""
    from zoneinfo import ZoneInfo

    text = name.strip()
    try:
        if not text or text.startswith(("/", ".")) or ".." in text:
            raise ValueError(text)
        return ZoneInfo(text)
    except Exception:
        raise BadInputError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Paris, "
            "America/Chicago or UTC"
        ) from None


def zone_label(zone: datetime.tzinfo, at: datetime.datetime | None = None) -> str:
    """How the header names a zone: its IANA key, else its offset."""
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    offset = (at or datetime.datetime.now(UTC)).astimezone(zone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def catalogue_zone(
    catalogue: Catalogue, conference_id: str | None = None
) -> datetime.tzinfo | None:
    """The zone the schedule is in: the conference's, else that of the first conference
    with timed sessions that names one (of any conference, when none has times); None
    when none does (each time is then shown in its own offset)."""
    if conference_id is not None:
        order = [conference_id]
    else:
        order = catalogue.timed_conferences() or list(catalogue.conferences)
    for conference in (catalogue.conferences[c] for c in order if c in catalogue.conferences):
        if conference.time_zone:
            try:
                return zone_named(conference.time_zone)
            except BadInputError:
                continue
    return None


def make_slot(session: Session, zone: datetime.tzinfo | None) -> Slot | None:
    """The session's place in time, shown in `zone` (else in its own offset)."""
    if session.start is None or not in_time_range(session.start):
        return None  # a time no agenda can place (year 1 or 9999, by hand) counts as untimed
    start = session.start.astimezone(UTC)
    end = start + datetime.timedelta(minutes=session.duration_min or 0)
    shown = zone or session.start.tzinfo or UTC
    local = start.astimezone(shown)
    day = day_of(local)
    if session.date is not None and local.hour < 12 and (day - session.date).days == 1:
        day = session.date  # after midnight, filed under the evening before (day_change)
    return Slot(session, local, end.astimezone(shown), day)


class Timetable:
    """The catalogue's timed sessions (of one conference, if `conference` names one) in
    time order, by day, in one zone (built once)."""

    def __init__(
        self,
        catalogue: Catalogue,
        zone: datetime.tzinfo | None = None,
        conference: str | None = None,
    ) -> None:
        zone = zone or catalogue_zone(catalogue, conference)
        slots = []
        untimed = 0
        conferences = catalogue.columns.conferences
        self.catalogue = catalogue
        self.index: dict[str, int] = {}  # session id -> its place in the catalogue
        for i, session in enumerate(catalogue.sessions):
            if conference is not None and conferences[i] != conference:
                continue
            slot = make_slot(session, zone)
            if slot is None:
                untimed += 1
            else:
                slots.append(slot)
                self.index[session.id] = i
        slots.sort(key=lambda s: (s.start, s.end, s.session.title.casefold(), s.id))
        self.zone: datetime.tzinfo = zone or (slots[0].start.tzinfo if slots else None) or UTC
        self.untimed = untimed
        self.slots: list[Slot] = slots
        self.by_day: dict[datetime.date, list[Slot]] = {}
        for slot in slots:
            self.by_day.setdefault(slot.day, []).append(slot)
        self.days: list[datetime.date] = sorted(self.by_day)
        self.by_id: dict[str, Slot] = {slot.id: slot for slot in slots}

    def __bool__(self) -> bool:
        return bool(self.slots)

    def zone_label(self) -> str:
        return zone_label(self.zone, self.slots[0].start if self.slots else None)

    def day_to_show(self, now: datetime.datetime) -> datetime.date | None:
        """Today while the conference is on (or the next day with sessions, on a day
        off in between); before or after it, its first day."""
        if not self.days:
            return None
        today = day_of(now.astimezone(self.zone))
        if self.days[0] <= today <= self.days[-1]:
            return next(d for d in self.days if d >= today)
        return self.days[0]

    def is_on(self, now: datetime.datetime) -> bool:
        """Is the conference on at `now` (between its first start and its last end)?"""
        if not self.slots:
            return False
        last = max(slot.end for slot in self.slots)
        return self.slots[0].start <= now <= last


def day_of(local: datetime.datetime) -> datetime.date:
    """The conference day of a local time (a day runs from 04:00 to 04:00)."""
    return (local - DAY_CHANGE).date()


def overlap(a: Slot, b: Slot) -> bool:
    """Do two sessions share time? Touching ends do not; instants are points."""
    if a.instant and b.instant:
        return a.start == b.start
    if a.instant:
        return b.start <= a.start < b.end
    if b.instant:
        return a.start <= b.start < a.end
    return a.start < b.end and b.start < a.end


SlotOf = Callable[[str], "Slot | None"]


def slot_lookup(catalogue: Catalogue, zone: datetime.tzinfo | None) -> SlotOf:
    """Finds slots one session at a time, for when only the watchlist's are needed."""
    zone = zone or catalogue_zone(catalogue)
    made: dict[str, Slot | None] = {}

    def slot_of(session_id: str) -> Slot | None:
        if session_id not in made:
            session = catalogue.get(session_id)
            made[session_id] = make_slot(session, zone) if session is not None else None
        return made[session_id]

    return slot_of


def planned(slot_of: SlotOf, entries: Mapping[str, Entry]) -> list[Slot]:
    """The watchlist's timed sessions that are not planned for later, in time order.
    `slot_of` finds a session's slot (a Timetable's `by_id.get`, or a lookup that
    makes the few slots the watchlist needs). What has nothing to watch (logistics, a
    cancelled session) is left out."""
    slots = []
    for sid, entry in entries.items():
        if entry.on_watchlist and entry.plan != LATER:
            slot = slot_of(sid)
            # badge pick-up or a cancelled session: never next, never a clash
            if slot is not None and not slot.session.nothing_to_watch:
                slots.append(slot)
    slots.sort(key=lambda s: (s.start, s.end, s.id))
    return slots


def clashes(slot_of: SlotOf, entries: Mapping[str, Entry]) -> dict[str, tuple[str, ...]]:
    """For each planned session that clashes, the planned sessions it clashes with (in
    time order). A sweep over the sessions in start order."""
    found: dict[str, list[str]] = {}
    active: list[Slot] = []
    for slot in planned(slot_of, entries):
        # Earlier sessions still running at this start (an instant only at the same one).
        active = [o for o in active if o.end > slot.start or o.start == slot.start]
        for other in active:
            if overlap(other, slot):
                found.setdefault(other.id, []).append(slot.id)
                found.setdefault(slot.id, []).append(other.id)
        active.append(slot)
    return {sid: tuple(others) for sid, others in found.items()}


def due_reminders(
    slot_of: SlotOf,
    entries: Mapping[str, Entry],
    at: datetime.datetime,
    minutes: int,
    told: Set[str],
) -> list[Slot]:
    """The planned sessions that start in the next `minutes` after `at` (or at `at`)
    and were not told yet (`told`: their ids), in time order."""
    until = at + datetime.timedelta(minutes=minutes)
    return [
        slot
        for slot in planned(slot_of, entries)
        if at <= slot.start <= until and slot.id not in told
    ]


def clash_count(found: Mapping[str, Sequence[str]]) -> int:
    """How many pairs of sessions clash."""
    return sum(len(others) for others in found.values()) // 2


@dataclass(frozen=True, slots=True)
class NowNext:
    now: tuple[Slot, ...]  # planned sessions running at the moment
    next: tuple[Slot, ...]  # the planned sessions starting next (all at the same time)


def now_and_next(slot_of: SlotOf, entries: Mapping[str, Entry], at: datetime.datetime) -> NowNext:
    running, upcoming = [], []
    for slot in planned(slot_of, entries):
        if slot.start <= at < slot.end or (slot.instant and slot.start == at):
            running.append(slot)
        elif slot.start > at:
            upcoming.append(slot)
    following = tuple(s for s in upcoming if upcoming and s.start == upcoming[0].start)
    return NowNext(tuple(running), following)


def read_moment(text: str, what: str = "") -> datetime.datetime:
    """A moment typed by the user, ISO 8601 (`2025-02-01T10:30`, a space for the `T`
    too), with its offset if it has one. A clear error otherwise (`what` says which
    option it was)."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise BadInputError(
            f"{what}cannot read the time {text!r}: use YYYY-MM-DDTHH:MM, optionally with an "
            "offset such as +01:00"
        ) from None
    if not in_time_range(moment):
        raise BadInputError(
            f"{what}the time {text!r} is out of range: give one from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


def parse_when(text: str, zone: datetime.tzinfo) -> datetime.datetime:
    """A moment typed by the user, in `zone` (read in it when it has no offset)."""
    moment = read_moment(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def parse_day(text: str, timetable: Timetable) -> datetime.date:
    """`YYYY-MM-DD`, or a day number (1 is the first day): one of the timetable's days."""
    value = text.strip()
    if value.isdigit() and len(value) <= 3:
        number = int(value)
        if 1 <= number <= len(timetable.days):
            return timetable.days[number - 1]
    else:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and day in timetable.by_day:
            return day
    listed = ", ".join(d.isoformat() for d in timetable.days[:10]) or "none"
    raise BadInputError(f"no sessions on day {text!r}; the days are: {listed}")


def clash_losers(slot_of: SlotOf, entries: Mapping[str, Entry], chosen: str) -> list[str]:
    """The planned sessions that clash with `chosen` (which is attended instead)."""
    slot = slot_of(chosen)
    if slot is None:
        return []
    others = planned(slot_of, entries)
    return [other.id for other in others if other.id != chosen and overlap(slot, other)]
