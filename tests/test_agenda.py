"""The agenda: days, clashes, now and next, time zones, plans in the store, ICS export."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar

from confplan import agenda
from confplan.agenda import Timetable
from confplan.opening import load_catalogue
from confplan.progress.models import ATTEND, LATER, Entry
from confplan.progress.store import ChangedElsewhereError, ProgressStore, StoreRefusedError
from confplan.progress.undo import Group, step_between
from tests.conftest import shared_path
from tests.helpers import Clock, write_catalogue

AMS = "Europe/Amsterdam"


def ics(*events: tuple[str, str, int | None, str], zone: str = AMS) -> str:
    """A calendar of (uid, local start YYYYMMDDTHHMMSS, minutes or None, room) events."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "X-WR-CALNAME:Test Con",
        f"X-WR-TIMEZONE:{zone}",
    ]
    for uid, start, minutes, room in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART;TZID={zone}:{start}"]
        if minutes is not None:
            lines.append(f"DURATION:PT{minutes}M")
        lines += [f"SUMMARY:Talk {uid}", f"LOCATION:{room}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def timed(tmp_path: Path, *events: tuple[str, str, int | None, str], zone: str = AMS):  # type: ignore[no-untyped-def]
    path = tmp_path / "con.ics"
    path.write_text(ics(*events, zone=zone), encoding="utf-8")
    return load_catalogue(path, cache_dir=None), path


def queued(*ids: str, later: tuple[str, ...] = ()) -> dict[str, Entry]:
    return {
        sid: Entry("c", sid, watchlist_pos=n, plan=LATER if sid in later else None)
        for n, sid in enumerate(ids, start=1)
    }


# -- clashes ----------------------------------------------------------------------


def test_clash_rules_touching_inside_midnight_and_instants(tmp_path: Path) -> None:
    catalogue, _ = timed(
        tmp_path,
        ("a", "20260324T100000", 30, "R1"),  # 10:00-10:30
        ("b", "20260324T103000", 15, "R2"),  # touches a: no clash
        ("c", "20260324T100500", 10, "R3"),  # inside a
        ("d", "20260324T233000", 60, "R1"),  # 23:30-00:30, across midnight
        ("e", "20260325T000000", 15, "R2"),  # 00:00-00:15: inside d, after midnight
        ("f", "20260324T110000", None, "R1"),  # an instant at 11:00
        ("g", "20260324T105000", 10, "R2"),  # 10:50-11:00: f starts as g ends
        ("h", "20260324T110000", None, "R3"),  # another instant at 11:00
        ("i", "20260324T120000", 60, "R1"),  # 12:00-13:00
        ("j", "20260324T123000", None, "R2"),  # an instant inside i
    )
    table = Timetable(catalogue)
    found = agenda.clashes(table.by_id.get, queued(*"abcdefghij"))
    assert found == {
        "a": ("c",),
        "c": ("a",),
        "d": ("e",),
        "e": ("d",),
        "f": ("h",),
        "h": ("f",),
        "i": ("j",),
        "j": ("i",),
    }
    assert agenda.clash_count(found) == 4
    # A session planned for later, or not on the watchlist, clashes with nothing.
    assert agenda.clashes(table.by_id.get, queued("a", "c", later=("c",))) == {}
    assert agenda.clashes(table.by_id.get, queued("a")) == {}
    # Zero-length at the very start of a running session clashes; at its end it does not.
    assert agenda.overlap(table.by_id["f"], table.by_id["h"])
    assert not agenda.overlap(table.by_id["g"], table.by_id["f"])


def test_day_boundary_after_midnight(tmp_path: Path) -> None:
    catalogue, _ = timed(
        tmp_path,
        ("late", "20260324T233000", 60, "R1"),
        ("night", "20260325T013000", 30, "R1"),  # before 04:00: still the 24th's evening
        ("morning", "20260325T090000", 30, "R1"),
    )
    table = Timetable(catalogue)
    assert [d.isoformat() for d in table.days] == ["2026-03-24", "2026-03-25"]
    assert [s.id for s in table.by_day[datetime.date(2026, 3, 24)]] == ["late", "night"]
    assert [s.id for s in table.by_day[datetime.date(2026, 3, 25)]] == ["morning"]


def test_clock_change_day_and_other_zones(tmp_path: Path) -> None:
    # 29 March 2026: Amsterdam's clocks go from 02:00 to 03:00.
    catalogue, _ = timed(
        tmp_path,
        ("over", "20260329T013000", 90, "R1"),  # 01:30 CET + 90 min = 04:00 CEST
        ("after", "20260329T033000", 30, "R2"),  # 03:30 CEST: 30 minutes inside "over"
        ("noon", "20260329T120000", 60, "R1"),
    )
    table = Timetable(catalogue)
    over, after = table.by_id["over"], table.by_id["after"]
    assert over.end.strftime("%H:%M %z") == "04:00 +0200"
    assert agenda.overlap(over, after)
    assert table.zone_label() == AMS
    new_york = Timetable(catalogue, agenda.zone_named("America/New_York"))
    noon = new_york.by_id["noon"]
    assert noon.start.strftime("%Y-%m-%d %H:%M %z") == "2026-03-29 06:00 -0400"
    # 01:30 in Amsterdam is 20:30 the evening before in New York: another day there.
    assert new_york.by_id["over"].day == datetime.date(2026, 3, 28)
    assert new_york.by_id["over"].end - new_york.by_id["over"].start == datetime.timedelta(
        minutes=90
    )
    with pytest.raises(Exception, match="unknown time zone"):
        agenda.zone_named("Mars/Olympus")
    with pytest.raises(Exception, match="unknown time zone"):
        agenda.zone_named("../../etc/passwd")


def test_now_and_next(tmp_path: Path) -> None:
    catalogue, _ = timed(
        tmp_path,
        ("a", "20260324T100000", 30, "R1"),
        ("b", "20260324T110000", 30, "R2"),
        ("c", "20260324T110000", 45, "R3"),
        ("d", "20260324T140000", 30, "R3"),
    )
    table = Timetable(catalogue)
    zone = table.zone
    at = datetime.datetime(2026, 3, 24, 10, 10, tzinfo=zone)
    found = agenda.now_and_next(table.by_id.get, queued("a", "b", "c", "d"), at)
    assert [s.id for s in found.now] == ["a"]
    assert [s.id for s in found.next] == ["b", "c"]  # both start next
    found = agenda.now_and_next(table.by_id.get, queued("a", "b", "c", "d", later=("b",)), at)
    assert [s.id for s in found.next] == ["c"]
    assert table.is_on(at)
    assert not table.is_on(at + datetime.timedelta(days=2))
    assert table.day_to_show(at + datetime.timedelta(days=30)) == table.days[0]  # issue 23
    assert table.day_to_show(at - datetime.timedelta(days=30)) == table.days[0]


# -- real schedules -----------------------------------------------------------------


def test_fosdem_day_with_parallel_rooms() -> None:
    catalogue = load_catalogue(
        shared_path("external-data", "fosdem", "fosdem-2025.xml"), cache_dir=None
    )
    table = Timetable(catalogue)
    assert table.zone_label() == "Europe/Brussels"
    assert [d.isoformat() for d in table.days] == ["2025-02-01", "2025-02-02"]
    saturday = table.by_day[datetime.date(2025, 2, 1)]
    assert all(s.start.utcoffset() == datetime.timedelta(hours=1) for s in saturday)
    # Two talks at the same time in different rooms clash; the next one in a room does not.
    by_start: dict[datetime.datetime, list] = {}
    for slot in saturday:
        if not slot.instant:
            by_start.setdefault(slot.start, []).append(slot)
    _, parallel = next((k, v) for k, v in sorted(by_start.items()) if len(v) >= 2)
    one, two = parallel[0], parallel[1]
    assert one.session.room != two.session.room
    following = next(
        s
        for s in saturday
        if s.session.room == one.session.room and s.start == one.end and not s.instant
    )
    found = agenda.clashes(table.by_id.get, queued(one.id, two.id, following.id))
    assert found[one.id] == (two.id,)
    assert following.id not in found
    assert agenda.clash_losers(table.by_id.get, queued(one.id, two.id), one.id) == [two.id]


def test_sched_ical_new_user_plan_resolve_and_export(tmp_path: Path, run_cli) -> None:
    """Import the Sched iCal, put five talks of one day on the watchlist (two clash),
    see the clash, resolve it, export the plan as ICS and read it back."""
    source = shared_path(
        "external-data", "kubecon-eu-2026-sched-ics", "kccnceu2026-all-20260303.ics"
    )
    out = tmp_path / "kc.yaml"
    code, _, err = run_cli("import", str(source), "--tz", AMS, "-o", str(out))
    assert code == 0, err
    catalogue = load_catalogue(out, cache_dir=None)
    table = Timetable(catalogue)
    assert table.zone_label() == AMS
    day = table.by_day[datetime.date(2026, 3, 24)]
    talks = [s for s in day if s.session.track and 20 <= (s.session.duration_min or 0) <= 40]
    first, rival = next((a, b) for a in talks for b in talks if a.start == b.start and a.id < b.id)
    rest = [s for s in talks if s.start >= first.end + datetime.timedelta(hours=1)]
    calm: list = []
    for slot in rest:
        if all(not agenda.overlap(slot, other) for other in calm):
            calm.append(slot)
        if len(calm) == 3:
            break
    chosen = [first, rival, *calm]
    base = ("--catalogue", str(out), "--data-dir", str(tmp_path / "d"))
    assert run_cli(*base, "watch", *(s.id for s in chosen))[0] == 0

    code, text, _ = run_cli(*base, "agenda", "--day", "2026-03-24", "--watchlist")
    assert code == 0
    assert "1 clash on your watchlist" in text
    assert f"⚠ clashes with {rival.start:%H:%M}" in text
    code, text, _ = run_cli(*base, "agenda", "--clashes", "--format", "json")
    document = json.loads(text)
    listed = [e for d in document["days"] for e in d["sessions"]]
    assert {e["id"] for e in listed} == {first.id, rival.id}
    assert next(e for e in listed if e["id"] == first.id)["clashes_with"] == [rival.id]
    assert document["time_zone"] == AMS and document["clashes"] == 1

    code, text, _ = run_cli(*base, "attend", first.id)
    assert code == 0 and f"{rival.id}: watch later" in text
    code, text, _ = run_cli(*base, "agenda", "--clashes", "--format", "json")
    assert json.loads(text)["clashes"] == 0

    at = (first.start + datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    code, text, _ = run_cli(*base, "agenda", "--now", at, "--format", "json")
    now_next = json.loads(text)
    assert [e["id"] for e in now_next["now"]] == [first.id]  # the rival is for later
    assert [e["id"] for e in now_next["next"]] == [calm[0].id]

    plan = tmp_path / "plan.ics"
    code, _, err = run_cli(*base, "export", "--format", "ics", "--watchlist", "-o", str(plan))
    assert code == 0, err
    calendar = Calendar.from_ical(plan.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 5
    assert {uid.split(".")[0] for uid in events} == {s.id for s in chosen}
    for slot in chosen:
        event = events[f"{slot.id}.{catalogue.id}@confplan"]
        assert event.decoded("DTSTART") == slot.start
        assert event.decoded("DTEND") == slot.end
        assert str(event["DTSTART"].params["TZID"]) == AMS
        assert str(event["LOCATION"]) == slot.session.room
        assert str(event["SUMMARY"]) == slot.session.title
        assert slot.session.schedule_url in str(event["DESCRIPTION"])
    assert str(events[f"{rival.id}.{catalogue.id}@confplan"]["TRANSP"]) == "TRANSPARENT"
    assert any(c.name == "VTIMEZONE" and str(c["TZID"]) == AMS for c in calendar.walk())
    # Exported again, the UIDs are the same: a calendar app updates, not duplicates.
    again = tmp_path / "again.ics"
    run_cli(*base, "export", "--format", "ics", "--watchlist", "-o", str(again))
    assert {str(e["UID"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")} == set(
        events
    )


def test_ics_export_leaves_untimed_sessions_out(tmp_path: Path, run_cli) -> None:
    untimed = write_catalogue(tmp_path / "untimed")  # no session has a time
    base = ("--catalogue", str(untimed), "--data-dir", str(tmp_path / "d"))
    code, text, err = run_cli(*base, "export", "--format", "ics", "--status", "watched")
    assert code == 0
    assert Calendar.from_ical(text.encode()).walk("VEVENT") == []
    code, text, err = run_cli(*base, "agenda")
    assert code == 0 and "no session times" in err
    code, text, err = run_cli(*base, "export", "--format", "ics")
    assert "without a time left out of the calendar" in err


# -- the command line's errors ------------------------------------------------------


def test_agenda_bad_input_is_exit_2(tmp_path: Path, run_cli) -> None:
    _, path = timed(tmp_path, ("a", "20260324T100000", 30, "R1"))
    base = ("--catalogue", str(path), "--data-dir", str(tmp_path / "d"))
    for extra, words in (
        (("--tz", "Nowhere/City"), "unknown time zone"),
        (("--day", "2026-03-30"), "no sessions on day"),
        (("--day", "99"), "no sessions on day"),
        (("--now", "tomorrow\x1b[2J"), "cannot read the time"),
    ):
        code, _, err = run_cli(*base, "agenda", *extra)
        assert code == 2 and words in err, (extra, err)
        assert "\x1b" not in err
    code, _, err = run_cli(*base, "later", "a")
    assert code == 2 and "not on the watchlist" in err
    code, text, _ = run_cli(*base, "agenda", "--day", "1")
    assert code == 0 and "Talk a" in text


# -- the store ----------------------------------------------------------------------


def test_choose_plan_and_undo_as_one(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3", clock=Clock())
    store.watch("c", ["a", "b", "x"])
    before = {s: store.entry("c", s) for s in ("a", "b")}
    written = store.choose("c", "a", ["b", "not-queued"])
    assert [(e.session, e.plan) for e in written] == [("a", ATTEND), ("b", LATER)]
    group = Group(
        tuple(step_between(s, before[s], store.entry("c", s)) for s in ("a", "b"))  # type: ignore[misc]
    )
    assert "1 other session" in group.describe()
    # Another process changes b's plan: undoing the choice touches neither.
    store.plan("c", "b", None)
    with pytest.raises(ChangedElsewhereError):
        store.take_back("c", group.inverse().inverse())
    assert store.entry("c", "a").plan == ATTEND
    store.plan("c", "b", LATER)
    store.take_back("c", group)
    assert store.entry("c", "a").plan is None and store.entry("c", "b").plan is None
    with pytest.raises(StoreRefusedError):
        store.choose("c", "nope", [])
    with pytest.raises(StoreRefusedError):
        store.plan("c", "a", "maybe")
    store.unwatch("c", ["x"])
    store.plan("c", "a", LATER)
    store.unwatch("c", ["a"])
    assert store.entry("c", "a").plan is None  # off the watchlist, no plan is left


def test_a_version_1_store_is_upgraded_and_readable_before(tmp_path: Path) -> None:
    from confplan.progress.schema import _SCHEMA_V1, _statements

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for statement in _statements(_SCHEMA_V1):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO entries (catalogue, session, status, watchlist_pos, updated_at) "
        "VALUES ('c', 's', 'watched', 1, '2024-01-01T00:00:00+00:00')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with ProgressStore(path, readonly=True) as store:  # read-only: not upgraded, still read
        assert store.entry("c", "s").plan is None
        assert store.schema_version == 1
    with ProgressStore(path) as store:
        entry = store.entry("c", "s")
        assert entry.status == "watched" and entry.watchlist_pos == 1 and entry.plan is None
        store.plan("c", "s", LATER)
    with ProgressStore(path, readonly=True) as store:
        assert store.entry("c", "s").plan == LATER


def test_plans_travel_in_dumps(tmp_path: Path, run_cli) -> None:
    from confplan.progress import transfer

    store = ProgressStore(tmp_path / "p.sqlite3", clock=Clock())
    store.watch("c", ["a"])
    store.plan("c", "a", LATER)
    raw = transfer.dump_text(store).encode()
    entries, _ = transfer.parse(raw, "dump.json")
    assert entries[0].plan == LATER
    with pytest.raises(Exception, match="'plan' must be one of"):
        transfer.parse(raw.replace(b'"later"', b'"someday"'), "dump.json")
