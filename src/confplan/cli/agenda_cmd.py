"""`confplan agenda`, `attend` and `later`: the days of a conference you attend."""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from confplan import query
from confplan.cli.context import Context, err, out
from confplan.cli.options import given
from confplan.planner.commands import Attend, Plan, Watch, execute
from confplan.progress.models import LATER, PLAN_LABELS, Entry
from confplan.text import json_safe, printable

if TYPE_CHECKING:  # the agenda is imported by the commands that use it, not by every command
    from confplan.agenda import Slot, Timetable
    from confplan.agenda_views import RoomNames, View

NO_TIMES = (
    "this catalogue has no session times, so there is no agenda. Import a published "
    "schedule (frab XML, schedule JSON or iCal) with `confplan import FILE -o OUT.yaml`, "
    "then use `--catalogue OUT.yaml`."
)


def _no_times(ctx: Context, conference: str | None) -> str:
    """Why there is no agenda: the catalogue has no times, or this edition has none (and
    which do)."""
    catalogue = ctx.catalogue()
    timed = catalogue.timed_conferences()
    if conference is None or not timed:
        return NO_TIMES
    from confplan import query

    name = catalogue.conferences[query.resolve_conference(catalogue, conference)].name
    return f"{name} has no session times, so there is no agenda; these have: " + ", ".join(
        f"{catalogue.conferences[c].name} (--conference {c})" for c in timed
    )


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "agenda",
        parents=[common],
        help="the conference's days: sessions in time order, clashes, now and next",
        description="The timed sessions of the catalogue, day by day, in the conference's time "
        "zone. Watchlisted sessions are marked with their position; clashes among them (not "
        "planned for later) name each other.",
    )
    p.add_argument("--day", metavar="DAY", help="one day: YYYY-MM-DD, or 1 for the first day")
    p.add_argument("--watchlist", action="store_true", help="only sessions on the watchlist")
    p.add_argument(
        "--track", metavar="TRACK", type=given, help="only this track's sessions (its name)"
    )
    p.add_argument(
        "--room",
        metavar="ROOM",
        type=given,
        help="only this room's sessions (its name, or words of it)",
    )
    p.add_argument("--clashes", action="store_true", help="only watchlisted sessions that clash")
    p.add_argument(
        "--now",
        nargs="?",
        const="",
        metavar="TIME",
        help="what is on now and next on your watchlist (at TIME, YYYY-MM-DDTHH:MM, if given)",
    )
    p.add_argument(
        "--tz", metavar="ZONE", type=given, help="show times in this IANA zone (Europe/Paris)"
    )
    p.add_argument(
        "--conference",
        metavar="CONFERENCE",
        help="one edition (id, name, city or year): its sessions in its own zone",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_agenda)

    p = sub.add_parser(
        "attend",
        parents=[common],
        help="attend a session; those it clashes with go to watch later",
        description="Plan to attend a session (adding it to the watchlist if needed). The "
        "watchlisted sessions it clashes with stay on the watchlist, planned to watch later.",
    )
    p.add_argument("id", help="session id")
    p.set_defaults(func=cmd_attend)

    p = sub.add_parser(
        "later",
        parents=[common],
        help="plan to watch a watchlisted session later instead of attending",
        description="Keep a session on the watchlist as one to watch later (not attended), "
        "so it no longer clashes; --clear takes the plan back.",
    )
    p.add_argument("id", help="session id (on the watchlist)")
    p.add_argument("--clear", action="store_true", help="no plan: neither attend nor later")
    p.set_defaults(func=cmd_later)


def _timetable(ctx: Context, tz: str | None, conference: str | None = None) -> Timetable:
    from confplan import agenda, query
    from confplan.agenda import Timetable

    zone = agenda.zone_named(tz) if tz else None
    catalogue = ctx.catalogue()
    edition = query.resolve_conference(catalogue, conference) if conference else None
    return Timetable(catalogue, zone, edition)


def _entry_json(
    slot: Slot, entry: Entry | None, clashes: Mapping[str, tuple[str, ...]]
) -> dict[str, object]:
    session = slot.session
    return {
        "id": session.id,
        "title": session.title,
        "day": slot.day.isoformat(),
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "room": session.room,
        "track": session.track,
        "watchlist_position": entry.watchlist_pos if entry else None,
        "plan": entry.plan if entry else None,
        "clashes_with": list(clashes.get(session.id, ())),
    }


def _view(timetable: Timetable, args: argparse.Namespace, short: RoomNames) -> View:
    """--track, --room and --watchlist, checked against the timetable."""
    from confplan.agenda_views import View, resolve_room, resolve_track, rooms

    track = resolve_track(timetable.slots, args.track) if args.track else None
    room = resolve_room(rooms(timetable.slots), args.room, short) if args.room else None
    return View(track=track, room=room, mine=args.watchlist or args.clashes)


def _line(
    slot: Slot,
    entry: Entry | None,
    clashes: Mapping[str, tuple[str, ...]],
    timetable: Timetable,
    width: int | None,
    short: RoomNames,
) -> list[str]:
    session = slot.session
    when = f"{slot.start:%H:%M}" + ("" if slot.instant else f"–{slot.end:%H:%M}")
    if slot.end.date() != slot.start.date() and not slot.instant:
        when += "⁺¹"  # ends after midnight
    mark = ""
    if entry is not None and entry.on_watchlist:
        mark = "↓ " if entry.plan == LATER else "★ "
        mark += f"#{entry.watchlist_pos} "
        if entry.plan:
            mark += f"({PLAN_LABELS[entry.plan]}) "
    where = " · ".join(printable(x) for x in (short(session.room), session.track) if x)
    lines = [f"  {when:<13} {mark}{printable(session.title)}"]
    if where:
        lines.append(f"{'':16}{where}")
    for other in clashes.get(session.id, ()):
        other_slot = timetable.by_id[other]
        lines.append(
            f"{'':16}⚠ clashes with {other_slot.start:%H:%M} "
            f"{printable(other_slot.session.title)} ({other})"
        )
    if width is None:
        return lines
    return [line[:width] if len(line) > width else line for line in lines]


def cmd_agenda(ctx: Context, args: argparse.Namespace) -> int:
    from confplan import agenda
    from confplan.agenda_views import RoomNames, shown

    timetable = _timetable(ctx, args.tz or getattr(args, "tui_tz", None), args.conference)
    entries = ctx.entries()
    if not timetable:
        if args.format == "json":
            out(json.dumps({"time_zone": None, "without_time": timetable.untimed, "days": []}))
        err(f"confplan: {_no_times(ctx, args.conference)}")
        return 0
    clashes = agenda.clashes(timetable.by_id.get, entries)
    if args.now is not None:
        return _now_next(timetable, entries, args)
    short = RoomNames.of(timetable.slots)
    view = _view(timetable, args, short)
    days = [agenda.parse_day(args.day, timetable)] if args.day else timetable.days
    chosen: dict[datetime.date, list[Slot]] = {}
    for day in days:
        slots = shown(timetable, timetable.by_day[day], view, entries)
        if args.clashes:
            slots = [s for s in slots if s.id in clashes]
        if slots:
            chosen[day] = slots
    if args.format == "json":
        document = {
            "time_zone": timetable.zone_label(),
            "without_time": timetable.untimed,
            "clashes": agenda.clash_count(clashes),
            "days": [
                {
                    "day": day.isoformat(),
                    "sessions": [_entry_json(s, entries.get(s.id), clashes) for s in slots],
                }
                for day, slots in chosen.items()
            ],
        }
        out(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
        return 0
    # On a terminal, a line per line; piped, every value whole.
    width = max(shutil.get_terminal_size().columns, 40) if sys.stdout.isatty() else None
    count = agenda.clash_count(clashes)
    summary = [f"times in {timetable.zone_label()}"]
    if short.suffix:
        summary.append(f"rooms in {printable(short.where())}")
    if view.track or view.room:
        what = " and ".join(printable(x) for x in (view.track, short(view.room)) if x)
        summary.append(f"only {what}")
    if count:
        summary.append(f"{count} clash{'es' if count > 1 else ''} on your watchlist")
    if timetable.untimed:
        summary.append(f"{timetable.untimed} without a time")
    out(" · ".join(summary))
    if not chosen:
        why = " (the watchlist has none of these)." if view.mine else "."
        out("Nothing to show" + why)
    for day, slots in chosen.items():
        number = timetable.days.index(day) + 1
        out(f"\n{day:%a} {day.day} {day:%b %Y} · day {number} of {len(timetable.days)}")
        for slot in slots:
            for line in _line(slot, entries.get(slot.id), clashes, timetable, width, short):
                out(line)
    return 0


def _now_next(timetable: Timetable, entries: Mapping[str, Entry], args: argparse.Namespace) -> int:
    from confplan import agenda

    if args.now:
        at = agenda.parse_when(args.now, timetable.zone)
    else:
        at = datetime.datetime.now(datetime.UTC).astimezone(timetable.zone)
    found = agenda.now_and_next(timetable.by_id.get, entries, at)
    if args.format == "json":
        document = {
            "at": at.isoformat(),
            "time_zone": timetable.zone_label(),
            "now": [_entry_json(s, entries.get(s.id), {}) for s in found.now],
            "next": [_entry_json(s, entries.get(s.id), {}) for s in found.next],
        }
        out(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
        return 0
    out(f"{at:%a} {at.day} {at:%b %H:%M} ({timetable.zone_label()})")
    for label, slots in (("Now", found.now), ("Next", found.next)):
        if not slots:
            out(f"{label}: nothing on your watchlist")
            continue
        out(f"{label}:")
        for slot in slots:
            room = f" · {printable(slot.session.room)}" if slot.session.room else ""
            end = "" if slot.instant else f"–{slot.end:%H:%M}"
            out(f"  {slot.start:%H:%M}{end} {printable(slot.session.title)}{room}")
    return 0


def cmd_attend(ctx: Context, args: argparse.Namespace) -> int:
    from confplan import agenda

    catalogue = ctx.catalogue()
    session = query.resolve_session(catalogue, args.id)
    store = ctx.store(write=True)
    execute(store, catalogue.id, Watch(session.id))
    slot_of = agenda.slot_lookup(catalogue, None)
    if slot_of(session.id) is None:
        err(f"confplan: {session.id} has no time in this catalogue, so it clashes with nothing")
    losers = agenda.clash_losers(
        slot_of, catalogue.fold_entries(store.entries(catalogue.id)), session.id
    )
    applied = execute(store, catalogue.id, Attend(session.id, tuple(losers)))
    out(f"{session.id}: attending")
    for item in applied.others:
        if item.before is None or not item.before.on_watchlist:
            continue  # only those on the watchlist are planned
        other = catalogue.get(item.session)
        title = printable(other.title) if other else ""
        out(f"{item.session}: watch later (it clashed): {title}")
    return 0


def cmd_later(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.catalogue()
    session = query.resolve_session(catalogue, args.id)
    plan = Plan(session.id, None if args.clear else LATER)
    entry = execute(ctx.store(write=True), catalogue.id, plan).after
    planned = entry is not None and entry.plan is not None
    out(f"{session.id}: {'watch later' if planned else 'no plan'}")
    return 0
