"""Hostile input, round 2: schedules to import. Every one gives the right result or
one clear line with exit 2; a bad event is skipped and named by its place in the
source, the rest kept."""

from __future__ import annotations

from pathlib import Path

import yaml

EXTREME = ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:00-12:00")


def _xml(*events: str) -> str:
    return (
        "<schedule><conference><title>X</title>"
        "<time_zone_name>Europe/Brussels</time_zone_name></conference>"
        '<day date="2025-02-01"><room name="A">' + "".join(events) + "</room></day></schedule>"
    )


def _event(guid: str, when: str, title: str = "Talk") -> str:
    return (
        f'<event guid="{guid}"><date>{when}</date><title>{title}</title>'
        "<duration>00:30</duration></event>"
    )


def _sessions(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))["sessions"]  # type: ignore[no-any-return]


def test_an_unknown_xml_encoding_is_one_clear_line(tmp_path: Path, run_cli) -> None:
    for label in ("x-klingon", "rot13", "utf-7", "shift_jis"):
        source = tmp_path / "k.xml"
        source.write_text(f"<?xml version='1.0' encoding='{label}'?><schedule/>")
        code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "k.yaml"))
        assert code == 2, err
        assert f"encoding '{label}'" in err and err.count("\n") == 1, err


def test_extreme_times_in_xml_are_skipped_and_named(tmp_path: Path, run_cli) -> None:
    good = _event("good", "2025-02-01T10:00:00+01:00", "Kept")
    source = tmp_path / "s.xml"
    source.write_text(
        _xml(_event("old", EXTREME[0]), _event("new", EXTREME[1]), good), encoding="utf-8"
    )
    out = tmp_path / "s.yaml"
    code, _, err = run_cli("import", str(source), "-o", str(out))
    assert code == 0, err
    assert "2 event(s) skipped" in err and "event 'old'" in err and "event 'new'" in err
    assert [s["title"] for s in _sessions(out)] == ["Kept"]


def test_only_bad_events_is_refused_naming_them(tmp_path: Path, run_cli) -> None:
    source = tmp_path / "s.xml"
    source.write_text(_xml(_event("old", EXTREME[0])), encoding="utf-8")
    code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "s.yaml"))
    assert code == 2 and "no usable event" in err and "event 'old'" in err
    assert not (tmp_path / "s.yaml").exists()


def test_a_bad_start_among_good_events_is_skipped_with_its_place(tmp_path: Path, run_cli) -> None:
    events = [
        _event(f"g{i}", f"2025-02-01T{10 + i // 6:02d}:{i % 6 * 10:02d}:00+01:00")
        for i in range(50)
    ]
    bad = '<event guid="bad"><start>25:99</start><title>Bad</title></event>'
    odd = _event("odd", "2025-02-01T10:00:00+00:17:30", "Odd offset")
    source = tmp_path / "s.xml"
    source.write_text(_xml(*events[:25], bad, odd, *events[25:]), encoding="utf-8")
    out = tmp_path / "s.yaml"
    code, _, err = run_cli("import", str(source), "-o", str(out))
    assert code == 0, err
    assert "event 'bad': no start time" in err
    assert "sessions[" not in err  # the source's place, not the generated catalogue's
    assert {f"g{i}" for i in range(50)} <= {s["id"] for s in _sessions(out)}


def test_extreme_times_in_json_and_ical_are_skipped(tmp_path: Path, run_cli) -> None:
    source = tmp_path / "s.json"
    source.write_text(
        '{"schedule":{"conference":{"title":"J","time_zone_name":"UTC","days":[{"date":'
        '"2025-02-01","rooms":{"A":[{"guid":"j1","date":"9999-12-31T23:59:00-12:00",'
        '"title":"x","duration":"0:30"},{"guid":"j2","date":"2025-02-01T10:00:00+00:00",'
        '"title":"y","duration":"0:30"}]}}]}}}',
        encoding="utf-8",
    )
    out = tmp_path / "j.yaml"
    code, _, err = run_cli("import", str(source), "-o", str(out))
    assert code == 0 and "rooms['A'][0]" in err, err
    ics = tmp_path / "s.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:00010101T000000Z\r\n"
        b"SUMMARY:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:99991231T235900Z\r\n"
        b"SUMMARY:y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    code, _, err = run_cli("import", str(ics), "-o", str(tmp_path / "i.yaml"))
    assert code == 2 and "VEVENT #1 'a'" in err and "out of range" in err, err


def test_an_extreme_ical_catalogue_opens_and_its_agenda_works(tmp_path: Path, run_cli) -> None:
    ics = tmp_path / "s.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Paris\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"DTSTART:00010101T000000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\n"
        b"DTSTART:20250201T100000Z\r\nDURATION:PT30M\r\nSUMMARY:Kept\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    code, out, err = run_cli("agenda", "--catalogue", str(ics))
    assert code == 0, err
    assert "Kept" in out


def test_a_lone_surrogate_in_json_becomes_the_replacement_character(
    tmp_path: Path, run_cli
) -> None:
    source = tmp_path / "s.json"
    source.write_text(
        '{"schedule":{"conference":{"title":"J\\udc00","time_zone_name":"UTC","days":[{"date":'
        '"2025-02-01","rooms":{"A\\ud800":[{"guid":"j1","date":"2025-02-01T10:00:00+00:00",'
        '"title":"a\\ud800","duration":"0:30","persons":["B\\udfff"]}]}}]}}}',
        encoding="utf-8",
    )
    out = tmp_path / "s.yaml"
    code, _, err = run_cli("import", str(source), "-o", str(out))
    assert code == 0, err
    (session,) = _sessions(out)
    assert session["title"] == "a\ufffd" and session["room"] == "A\ufffd"
    code, text, err = run_cli("list", "--catalogue", str(out))
    assert code == 0 and "a\ufffd" in text, err
    code, _, err = run_cli(
        "export", "--catalogue", str(out), "--status", "all", "-o", str(tmp_path / "e.md")
    )
    assert code == 0, err


def test_an_ical_line_folded_inside_a_character_is_unfolded_as_bytes(
    tmp_path: Path, run_cli
) -> None:
    ics = tmp_path / "s.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Paris:"
        b"20250201T100000\r\nDURATION:PT30M\r\nSUMMARY:Caf\xc3\r\n \xa9 talk\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    out = tmp_path / "s.yaml"
    code, _, err = run_cli("import", str(ics), "-o", str(out))
    assert code == 0, err
    assert _sessions(out)[0]["title"] == "Café talk"


def test_a_huge_xml_comment_is_read(tmp_path: Path, run_cli) -> None:
    comment = "<!--" + "x" * (20 << 20) + "-->"
    source = tmp_path / "s.xml"
    source.write_text(
        _xml(comment, _event("good", "2025-02-01T10:00:00+01:00", "Kept"), comment),
        encoding="utf-8",
    )
    out = tmp_path / "s.yaml"
    code, _, err = run_cli("import", str(source), "-o", str(out))
    assert code == 0, err
    assert [s["title"] for s in _sessions(out)] == ["Kept"]


def test_identical_events_keep_one_and_name_the_others(tmp_path: Path, run_cli) -> None:
    vevent = (
        b"BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20250201T100000Z\r\nDURATION:PT30M\r\n"
        b"SUMMARY:Twice\r\nEND:VEVENT\r\n"
    )
    ics = tmp_path / "s.ics"
    ics.write_bytes(b"BEGIN:VCALENDAR\r\n" + vevent * 3 + b"END:VCALENDAR\r\n")
    out = tmp_path / "s.yaml"
    code, _, err = run_cli("import", str(ics), "-o", str(out))
    assert code == 0, err
    assert "2 event(s) skipped" in err
    assert len(_sessions(out)) == 1


def _ics(*events: tuple[str, str]) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDURATION:PT30M\r\n"
        f"SUMMARY:Talk {uid}\r\nEND:VEVENT\r\n"
        for uid, start in events
    )
    return f"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:UTC\r\n{body}END:VCALENDAR\r\n".encode()


def test_update_from_another_conference_needs_force(tmp_path: Path, run_cli) -> None:
    first = tmp_path / "a.ics"
    first.write_bytes(_ics(("a1", "20250201T100000Z"), ("a2", "20250201T110000Z")))
    out = tmp_path / "c.yaml"
    assert run_cli("import", str(first), "-o", str(out))[0] == 0
    before = out.read_bytes()
    other = tmp_path / "b.ics"
    other.write_bytes(_ics(("b1", "20250301T100000Z")))
    code, _, err = run_cli("import", str(other), "--update", str(out))
    assert code == 2 and "no session in common" in err and "--force" in err
    assert out.read_bytes() == before
    code, _, err = run_cli("import", str(other), "--update", str(out), "--force")
    assert code == 0, err
    kept = tmp_path / "c.yaml.before-update"
    assert kept.read_bytes() == before and str(kept) in err


def test_update_that_removes_sessions_keeps_a_copy(tmp_path: Path, run_cli) -> None:
    first = tmp_path / "a.ics"
    first.write_bytes(_ics(("a1", "20250201T100000Z"), ("a2", "20250201T110000Z")))
    out = tmp_path / "c.yaml"
    assert run_cli("import", str(first), "-o", str(out))[0] == 0
    text = out.read_text(encoding="utf-8").replace(
        "  source_id: a2\n", "  source_id: a2\n  notes: written by hand\n"
    )
    out.write_text(text, encoding="utf-8")
    first.write_bytes(_ics(("a1", "20250201T100000Z")))
    code, _, err = run_cli("import", str(first), "--update", str(out))
    assert code == 0, err
    assert "written by hand" in (tmp_path / "c.yaml.before-update").read_text(encoding="utf-8")


AMS_EVENTS = (
    "BEGIN:VEVENT\r\nUID:r\r\nDTSTART;TZID=Europe/Amsterdam:20260324T100000\r\n"
    "DURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=5\r\n"
    "EXDATE;TZID=Europe/Amsterdam:20260326T100000\r\nSUMMARY:Daily\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:r\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20260327T100000\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20260327T150000\r\nDURATION:PT30M\r\n"
    "SUMMARY:Daily moved\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:allday\r\nDTSTART;VALUE=DATE:20260325\r\n"
    "DTEND;VALUE=DATE:20260326\r\nSUMMARY:Hackathon day\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:gap\r\nDTSTART;TZID=Europe/Amsterdam:20260329T023000\r\n"
    "DTEND;TZID=Europe/Amsterdam:20260329T033000\r\nSUMMARY:In the gap\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:forever\r\nDTSTART;TZID=Europe/Amsterdam:20260324T080000\r\n"
    "RRULE:FREQ=MINUTELY\r\nSUMMARY:Forever\r\nEND:VEVENT\r\n"
)


def test_ical_recurrences_all_day_events_and_clock_change_gaps(tmp_path: Path, run_cli) -> None:
    ics = tmp_path / "r.ics"
    ics.write_text(
        f"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Amsterdam\r\n{AMS_EVENTS}END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.yaml"
    code, _, err = run_cli("import", str(ics), "-o", str(out))
    assert code == 0, err
    sessions = {s["id"]: s for s in _sessions(out)}
    daily = sorted(s["start"] for s in sessions.values() if s["title"] == "Daily")
    # COUNT=5 from the 24th, less the EXDATE'd 26th and the 27th moved to 15:00
    assert daily == [
        "2026-03-24T10:00:00+01:00",
        "2026-03-25T10:00:00+01:00",
        "2026-03-28T10:00:00+01:00",
    ]
    moved = [s for s in sessions.values() if s["title"] == "Daily moved"]
    assert [s["start"] for s in moved] == ["2026-03-27T15:00:00+01:00"]
    allday = sessions["allday"]
    assert "start" not in allday and str(allday["date"]) == "2026-03-25"
    gap = sessions["gap"]  # 02:30 does not exist that night: it is 03:30 summer time
    assert gap["start"] == "2026-03-29T03:30:00+02:00" and gap["duration_min"] == 60
    assert sum(s["title"] == "Forever" for s in sessions.values()) == 500
    assert "more than 500 times" in err
