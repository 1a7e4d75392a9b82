"""Exports of a timed catalogue: every format in the zone asked for (`--tz`), start,
end, room and schedule link in Markdown, CSV and JSON, ICS reminders (VALARM) read
back by two parsers, and times at the edges of the calendar."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from tests.test_agenda import AMS, ics

CHICAGO = ZoneInfo("America/Chicago")
EVENTS = (
    ("keynote", "20260324T090000", 30, "Hall 1"),
    ("ebpf", "20260324T100000", 45, "Room A"),
    ("badge", "20260324T080000", None, "Lobby"),  # an instant: no end
)


@pytest.fixture
def base(tmp_path: Path, run_cli) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    path = tmp_path / "con.ics"
    path.write_text(ics(*EVENTS), encoding="utf-8")
    base = ("--catalogue", str(path), "--data-dir", str(tmp_path / "d"))
    code, _, err = run_cli(*base, "watch", "keynote", "ebpf")
    assert code == 0, err
    return base


def test_chicago_calendar_with_one_alarm_per_event(tmp_path: Path, run_cli, base) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.ics"
    code, _, err = run_cli(
        "--tz", "America/Chicago", "export", *base, "--watchlist", "--format", "ics",
        "--alarm", "10", "-o", str(plan),
    )  # fmt: skip
    assert code == 0, err
    data = plan.read_bytes()
    events = Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Talk keynote", "Talk ebpf"]
    for event in events:
        start = event.decoded("DTSTART")
        assert str(event["DTSTART"].params["TZID"]) == "America/Chicago"
        assert start.utcoffset() == datetime.timedelta(hours=-5)  # CDT on 24 March
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == datetime.timedelta(minutes=-10)
        assert str(alarms[0]["DESCRIPTION"]) == str(event["SUMMARY"])
    keynote = events[0].decoded("DTSTART")
    assert keynote == datetime.datetime(2026, 3, 24, 3, 0, tzinfo=CHICAGO)  # 09:00 Amsterdam
    assert b"TRIGGER:-PT10M" in data
    # A second parser reads the same file the same way.
    parsed = vobject.readOne(data.decode("utf-8"))
    read = list(parsed.vevent_list)
    assert len(read) == 2
    assert read[0].dtstart.value == keynote
    assert read[0].dtstart.value.utcoffset() == datetime.timedelta(hours=-5)
    assert [len(e.valarm_list) for e in read] == [1, 1]
    assert read[1].valarm.trigger.value == datetime.timedelta(minutes=-10)


def test_export_tz_is_the_same_as_the_top_level_tz(run_cli, base) -> None:  # type: ignore[no-untyped-def]
    _, top, _ = run_cli("--tz", "America/Chicago", "export", *base, "--format", "csv")
    _, own, _ = run_cli("export", *base, "--format", "csv", "--tz", "America/Chicago")
    assert top == own
    assert "2026-03-24T03:00-05:00" in own


def test_every_text_format_carries_start_end_room_and_link(run_cli, base) -> None:  # type: ignore[no-untyped-def]
    code, text, _ = run_cli("export", *base, "--format", "csv", "--tz", "America/Chicago")
    assert code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["ebpf"]["start"] == "2026-03-24T04:00-05:00"
    assert rows["ebpf"]["end"] == "2026-03-24T04:45-05:00"
    assert rows["ebpf"]["room"] == "Room A"
    assert rows["badge"]["start"] == "2026-03-24T02:00-05:00" and rows["badge"]["end"] == ""

    code, text, _ = run_cli("export", *base, "--format", "md")
    assert code == 0
    assert f"Times in {AMS}." in text
    assert "Tue 2026-03-24 10:00–10:45 · Room A" in text
    code, text, _ = run_cli("export", *base, "--format", "md", "--tz", "America/Chicago")
    assert "Times in America/Chicago." in text and "04:00–04:45 · Room A" in text

    code, text, _ = run_cli("export", *base, "--format", "json", "--tz", "UTC")
    document = json.loads(text)
    assert document["time_zone"] == "UTC"
    ebpf = next(s for s in document["sessions"] if s["id"] == "ebpf")
    assert ebpf["start"] == "2026-03-24T09:00:00+00:00" and ebpf["room"] == "Room A"


def test_the_schedule_link_is_in_markdown_and_csv(tmp_path: Path, run_cli) -> None:
    text = """\
format_version: 1
id: linked
title: Linked
conferences:
  - {id: c, name: C, start: 2026-03-24, end: 2026-03-25, time_zone: Europe/Amsterdam}
events:
  - {id: main, conference: c, name: Main, kind: main}
sessions:
  - {id: s1, title: Talk, conference: c, event: main, kind: talk, room: "Hall 7",
     start: "2026-03-24T10:00:00+01:00", duration_min: 30,
     schedule_url: "https://example.org/s1"}
"""
    path = tmp_path / "linked.yaml"
    path.write_text(text, encoding="utf-8")
    base = ("--catalogue", str(path), "--no-cache")
    code, out, err = run_cli("export", *base, "--format", "md")
    assert code == 0, err
    assert "Tue 2026-03-24 10:00–10:30 · Hall 7" in out
    assert "[schedule](<https://example.org/s1>)" in out
    code, out, _ = run_cli("export", *base, "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["schedule_url"] == "https://example.org/s1" and row["room"] == "Hall 7"


@pytest.mark.parametrize(
    "argv",
    [
        ("--format", "md", "--alarm", "10"),  # a reminder needs a calendar
        ("--format", "ics", "--alarm", "-5"),
        ("--format", "ics", "--alarm", "ten"),
        ("--format", "ics", "--alarm", "99999999"),
        ("--format", "csv", "--tz", "Mars/Olympus"),
    ],
)
def test_bad_alarms_and_zones_are_exit_2(run_cli, base, argv, capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        code, out, err = run_cli("export", *base, *argv)
    except SystemExit as exc:  # refused by the argument parser, as every bad option is
        code, (out, err) = exc.code, capsys.readouterr()
    assert code == 2 and out == ""
    assert "Traceback" not in err and err.strip()


def test_the_time_zone_rules_cover_the_calendar_years(tmp_path: Path, run_cli) -> None:
    """icalendar's default VTIMEZONE stops in 2038: a 2045 session keeps its rules."""
    path = tmp_path / "far.ics"
    path.write_text(ics(("far", "20450710T100000", 30, "R")), encoding="utf-8")
    code, out, err = run_cli("export", "--catalogue", str(path), "--format", "ics")
    assert code == 0, err
    zone = next(c for c in Calendar.from_ical(out.encode()).walk("VTIMEZONE"))
    summer = zone.walk("DAYLIGHT")[0].to_ical().decode()
    assert "20450326T030000" in summer  # the clock change of March 2045 is listed
    assert vobject.readOne(out).vevent.dtstart.value.year == 2045


EDGE = """\
format_version: 1
id: edge
title: Edge
conferences:
  - {{id: c, name: C, start: 2026-03-24, end: 2026-03-25, time_zone: {zone}}}
  - {{id: far, name: Far, start: 9999-12-30, end: 9999-12-31, time_zone: {zone}}}
  - {{id: old, name: Old, start: 0001-01-01, end: 0001-01-02, time_zone: {zone}}}
events:
  - {{id: main, conference: c, name: Main, kind: main}}
  - {{id: far, conference: far, name: Far, kind: main}}
  - {{id: old, conference: old, name: Old, kind: main}}
sessions:
  - {{id: s1, title: Kept talk, conference: c, event: main, kind: talk,
     start: "2026-03-24T10:00:00+01:00", duration_min: 30}}
  - {{id: s2, title: Late, conference: far, event: far, kind: talk,
     start: "9999-12-31T23:59:00+14:00", duration_min: 30}}
  - {{id: s3, title: Early, conference: old, event: old, kind: talk,
     start: "0001-01-01T00:00:00-12:00", duration_min: 30}}
"""


@pytest.mark.parametrize("zone", ["America/Chicago", "Europe/Amsterdam", "Etc/GMT-14", "UTC"])
@pytest.mark.parametrize("tz", [None, "Pacific/Kiritimati", "Etc/GMT+12"])
def test_sessions_at_year_1_and_9999_never_break_the_calendar(
    tmp_path: Path,
    run_cli,  # type: ignore[no-untyped-def]
    zone: str,
    tz: str | None,
) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE.format(zone=zone), encoding="utf-8")
    argv = ["export", "--catalogue", str(path), "--no-cache", "--format", "ics", "--alarm", "5"]
    if tz:
        argv += ["--tz", tz]
    code, out, err = run_cli(*argv)
    assert code == 0, err
    assert "internal error" not in err and "Traceback" not in err
    assert "2 selected sessions without a time left out" in err  # years 1 and 9999
    events = Calendar.from_ical(out.encode()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Kept talk"]
    assert vobject.readOne(out).vevent.summary.value == "Kept talk"
    for fmt in ("md", "csv", "json", "m3u"):
        code, _, err = run_cli(*argv[:-4], "--format", fmt, *(["--tz", tz] if tz else []))
        assert code == 0, (fmt, err)


def test_times_at_the_ends_of_the_readable_years_keep_their_zone_rules(
    tmp_path: Path, run_cli
) -> None:
    """1900 and 2999 are read: the VTIMEZONE spans them, with and without DST."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN"]
    for uid, start in (("old", "19000101T120000Z"), ("far", "29991231T100000Z")):
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start}", "DURATION:PT30M"]
        lines += [f"SUMMARY:{uid}", "END:VEVENT"]
    path = tmp_path / "ends.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n", encoding="utf-8")
    for tz in ("America/Chicago", "Etc/GMT-14", "Europe/Amsterdam"):
        code, out, err = run_cli("--tz", tz, "export", "--catalogue", str(path), "--format", "ics")
        assert code in (0, 2) and "internal error" not in err, err
        if code == 0:
            events = Calendar.from_ical(out.encode()).walk("VEVENT")
            assert len(events) == 2
            years = {e.decoded("DTSTART").year for e in events}
            assert years <= {1899, 1900, 2999, 3000}, years  # shifted a day by the zone
