"""What the agenda shows of a day (agenda_views): words, track, room and "my day"
filters, rooms without their shared suffix, the room-by-time grid; reminders due; and
`confplan agenda --track/--room`."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from confplan import agenda
from confplan.agenda import Timetable
from confplan.agenda_views import (
    RoomNames,
    View,
    make_grid,
    resolve_room,
    resolve_track,
    rooms,
    shared_suffix,
    shown,
    tracks,
)
from confplan.errors import BadInputError
from confplan.opening import load_catalogue
from confplan.progress.models import LATER, Entry

AMS = "Europe/Amsterdam"
CET = datetime.timezone(datetime.timedelta(hours=1))
SUFFIX = ", Amsterdam, Netherlands"
# (uid, local start, minutes, room, track, title)
EVENTS = (
    ("keynote", "20260324T090000", 30, "Hall 12", "Keynote", "Opening keynote"),
    ("helm", "20260324T100000", 30, "Room 2", "Apps", "Helm charts at scale"),
    ("ebpf", "20260324T100000", 45, "Room 10", "Security", "eBPF in the kernel"),
    ("wasm", "20260324T101500", 30, "Hall 1-5 | Solutions Showcase", "Apps", "Wasm everywhere"),
    ("lunch", "20260324T123000", 60, "Hall 12", "", "Lunch"),
    ("late", "20260325T003000", 30, "Bar", "", "Late talk"),
    ("friday", "20260325T093000", 45, "Room 2", "Security", "Supply chains"),
)


def schedule(events: tuple[tuple[str, str, int, str, str, str], ...] = EVENTS) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "X-WR-CALNAME:Test Con"]
    lines.append(f"X-WR-TIMEZONE:{AMS}")
    for uid, start, minutes, room, track, title in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART;TZID={AMS}:{start}"]
        lines += [f"DURATION:PT{minutes}M", f"SUMMARY:{title}"]
        lines.append("LOCATION:" + (room + SUFFIX).replace(",", "\\,"))
        if track:
            lines.append(f"CATEGORIES:{track}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def table(tmp_path: Path) -> Timetable:
    path = tmp_path / "con.ics"
    path.write_text(schedule(), encoding="utf-8")
    return Timetable(load_catalogue(path, cache_dir=None))


def entries(*ids: str, later: tuple[str, ...] = ()) -> dict[str, Entry]:
    return {
        sid: Entry("c", sid, watchlist_pos=n, plan=LATER if sid in later else None)
        for n, sid in enumerate(ids, start=1)
    }


@pytest.mark.parametrize(
    ("names", "suffix"),
    [
        (["Hall 1-5 | Solutions Showcase" + SUFFIX, "Room A" + SUFFIX], SUFFIX),
        (["Hall 1, Amsterdam", "Mall 1, Amsterdam"], ", Amsterdam"),  # cut at a separator
        (["Room A (B1)", "Room B (B1)"], " (B1)"),
        (  # a co-located event across town keeps its address; the rest lose the tail
            ["A" + SUFFIX, "B" + SUFFIX, "C" + SUFFIX, "Hotel, Street 1 | 1078 GZ Amsterdam"],
            SUFFIX,
        ),
        (["A" + SUFFIX, "Hotel, Street 1", "Inn, Road 2"], ""),  # too few share it
        (["Hall 1", "Hall 2"], ""),  # "1" and "2" share nothing; "Hall" is the front
        (["Amsterdam, NL", "X, Amsterdam, NL"], ", NL"),  # no room left empty
        (["Main hall" + SUFFIX], ""),  # one room: nothing to compare
        ([], ""),
        (["a-b", "c-b"], ""),  # a dash inside a word is no separator
    ],
)
def test_the_shared_suffix_is_cut_at_a_separator(names: list[str], suffix: str) -> None:
    assert shared_suffix(names) == suffix
    short = RoomNames(suffix)
    for name in names:
        assert short(name) and (not suffix or not short(name).endswith(suffix))


def test_room_names_say_where(table: Timetable) -> None:
    short = RoomNames.of(table.slots)
    assert short.suffix == SUFFIX and short.where() == "Amsterdam, Netherlands"
    assert short("Room 2" + SUFFIX) == "Room 2" and short(None) == ""


def test_filters_words_track_room_and_my_day(table: Timetable) -> None:
    day = table.by_day[datetime.date(2026, 3, 24)]
    mine = entries("keynote", "ebpf", "wasm")

    def ids(view: View) -> list[str]:
        return [s.id for s in shown(table, day, view, mine)]

    assert ids(View()) == ["keynote", "helm", "ebpf", "wasm", "lunch", "late"]
    assert ids(View("helm")) == ["helm"]
    assert ids(View("ELM")) == []  # at word starts, as `/` in the session list
    assert ids(View("showcase")) == ["wasm"]  # the room is searched too
    assert ids(View(track="Apps")) == ["helm", "wasm"]
    assert ids(View(track="Apps", mine=True)) == ["wasm"]
    assert ids(View(room="Hall 12" + SUFFIX)) == ["keynote", "lunch"]
    assert ids(View(mine=True)) == ["keynote", "ebpf", "wasm"]
    assert not View().narrowed and View(" ").narrowed is False and View(mine=True).narrowed


def test_tracks_and_rooms_in_natural_order(table: Timetable) -> None:
    assert tracks(table.slots) == ["Apps", "Keynote", "Security"]
    short = RoomNames.of(table.slots)
    assert [short(r) for r in rooms(table.slots)] == [
        "Bar", "Hall 1-5 | Solutions Showcase", "Hall 12", "Room 2", "Room 10"
    ]  # fmt: skip
    names = rooms(table.slots)
    assert resolve_room(names, "room 10", short) == "Room 10" + SUFFIX
    assert resolve_room(names, "showcase", short).startswith("Hall 1-5")
    with pytest.raises(BadInputError, match="more than one room"):
        resolve_room(names, "hall", short)
    with pytest.raises(BadInputError, match="unknown room"):
        resolve_room(names, "kitchen", short)
    assert resolve_track(table.slots, "security") == "Security"
    with pytest.raises(BadInputError, match="unknown track"):
        resolve_track(table.slots, "cooking")


def test_the_grid_places_sessions_by_room_and_start(table: Timetable) -> None:
    grid = make_grid(table.by_day[datetime.date(2026, 3, 24)])
    short = RoomNames.of(table.slots)
    assert [short(r) for r in grid.rooms][:2] == ["Bar", "Hall 1-5 | Solutions Showcase"]
    times = [f"{t:%H:%M}" for t in grid.times]
    assert times == ["09:00", "10:00", "10:15", "12:30", "00:30"]
    column = {short(r): i for i, r in enumerate(grid.rooms)}
    assert [s.id for s in grid.at(1, column["Room 10"])] == ["ebpf"]
    assert (2, column["Room 10"]) in grid.running  # ebpf (to 10:45) still on at 10:15
    assert (2, column["Room 2"]) in grid.running  # helm (to 10:30)
    assert (3, column["Room 10"]) not in grid.running
    assert grid.at(0, column["Bar"]) == []


def test_reminders_are_due_once_for_planned_sessions(table: Timetable) -> None:
    queue = entries("keynote", "ebpf", "wasm", later=("wasm",))
    at = datetime.datetime(2026, 3, 24, 8, 52, tzinfo=CET)  # keynote at 09:00
    due = agenda.due_reminders(table.by_id.get, queue, at, 10, set())
    assert [s.id for s in due] == ["keynote"]
    assert agenda.due_reminders(table.by_id.get, queue, at, 10, {"keynote"}) == []
    assert agenda.due_reminders(table.by_id.get, queue, at, 5, set()) == []  # not yet
    started = at + datetime.timedelta(minutes=9)  # 09:01: keynote has begun, ebpf is 59 away
    assert agenda.due_reminders(table.by_id.get, queue, started, 10, set()) == []
    ebpf = agenda.due_reminders(table.by_id.get, queue, at + datetime.timedelta(hours=1), 10, set())
    assert [s.id for s in ebpf] == ["ebpf"]
    soon = datetime.datetime(2026, 3, 24, 10, 5, tzinfo=CET)  # wasm at 10:15 is for later
    assert agenda.due_reminders(table.by_id.get, queue, soon, 15, set()) == []


def test_agenda_command_track_and_room(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "con.ics"
    path.write_text(schedule(), encoding="utf-8")
    base = ("agenda", "--catalogue", str(path), "--day", "1")
    code, out, err = run_cli(*base, "--track", "apps")
    assert code == 0, err
    assert "Helm charts at scale" in out and "Wasm everywhere" in out
    assert "eBPF" not in out and "only Apps" in out
    assert "rooms in Amsterdam, Netherlands" in out
    assert "Hall 1-5 | Solutions Showcase · Apps" in out  # room shortened, then track
    assert SUFFIX not in out
    code, out, _ = run_cli(*base, "--room", "room 10", "--format", "json")
    document = __import__("json").loads(out)
    assert [e["id"] for d in document["days"] for e in d["sessions"]] == ["ebpf"]
    assert document["days"][0]["sessions"][0]["room"] == "Room 10" + SUFFIX  # whole in JSON
    code, _, err = run_cli(*base, "--room", "hall")
    assert code == 2 and "more than one room" in err
    code, _, err = run_cli(*base, "--track", "cooking")
    assert code == 2 and "unknown track" in err
