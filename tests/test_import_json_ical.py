"""Importing schedule JSON and iCalendar, re-importing a newer version, and opening a
schedule directly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from confplan.importers import ical, schedule_json
from confplan.importers.common import ImportError_, write_catalogue
from confplan.opening import load_catalogue
from tests.conftest import shared_path

SCHED = ("kubecon-eu-2026-sched-ics", "kccnceu2026-all-20260303.ics")


def _import(run_cli, source: Path, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    code, _, err = run_cli("import", str(source), "-o", str(out), *extra)
    assert code == 0, err
    return load_catalogue(out)


@pytest.mark.parametrize(
    ("path", "count", "sample"),
    [
        (
            ("pretalx-democon-2022", "schedule.json"),
            35,
            ("3d4850d3-2dfb-5648-b82c-860600bf368a", "2022-09-06T01:50:00+02:00", 90,
             "Dark Red Room", ["Susan Martinez"]),
        ),
        (
            ("voc-schedule-examples", "pretalx-democon.json"),
            36,
            ("8079583e-8321-506c-95af-fd2903a5f075", "2020-12-14T09:00:00+01:00", 30,
             "Gray Room", ["Brian Robinson"]),
        ),
        (
            ("voc-schedule-examples", "frab-camp2019.json"),
            79,
            ("a0a0fcfe-b7fb-46e3-84b6-97a5406016b4", "2019-08-21T11:00:00+02:00", 30,
             "Curie", ["jinxx", "smtw"]),
        ),
        (
            ("voc-schedule-examples", "hub-schedule2.json"),
            2,
            ("270fa44c-821a-577f-8ca3-33e8d4a8c2a7", "2024-12-27T10:30:00+01:00", 30,
             "Saal 1", ["Gabriela Bogk", "Aline Blankertz"]),
        ),
        (
            ("pretalx-democon-2022", "schedule.ics"),
            36,
            ("pretalx-democon-XFUR3C@localhost", "2022-09-06T01:50:00+02:00", 90,
             "Dark Red Room", ["Susan Martinez"]),
        ),
        (
            SCHED,
            564,  # in the venue's zone, found from its LOCATIONs
            ("6d33234981cf5b14145b63b75fa9e0c0", "2026-03-24T09:00:00+01:00", 35,
             "Hall 12, Amsterdam, Netherlands", ["Jonathan Bryce", "Chris Aniszczyk"]),
        ),
    ],
    ids=lambda v: v[1] if isinstance(v, tuple) and len(v) == 2 else None,
)  # fmt: skip
def test_every_shared_json_and_ical_file_imports(  # type: ignore[no-untyped-def]
    tmp_path: Path, run_cli, path, count, sample
) -> None:
    catalogue = _import(run_cli, shared_path("external-data", *path), tmp_path / "out.yaml")
    assert len(catalogue) == count
    sid, start, minutes, room, people = sample
    (session,) = [s for s in catalogue if s.source_id == sid]  # the id is made from it
    assert (session.start.isoformat(), session.duration_min, session.room) == (start, minutes, room)
    assert [p.name for p in session.speakers] == people
    assert all(s.start.utcoffset() is not None for s in catalogue)


def test_the_pretalx_xcal_is_refused_as_another_xml(tmp_path: Path, run_cli) -> None:
    source = shared_path("external-data", "pretalx-democon-2022", "schedule.xcal")
    code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "root is <iCalendar>, expected <schedule>" in err


def test_sched_ical_traps(tmp_path: Path, run_cli) -> None:
    source = shared_path("external-data", *SCHED)
    utc = _import(run_cli, source, tmp_path / "utc.yaml", "--tz", "UTC")
    venue = _import(run_cli, source, tmp_path / "ams.yaml", "--tz", "Europe/Amsterdam")
    found = _import(run_cli, source, tmp_path / "found.yaml")  # the zone of its LOCATIONs
    assert utc.conferences["conference"].time_zone == "UTC"
    assert venue.conferences["conference"].time_zone == "Europe/Amsterdam"
    assert found.conferences["conference"].time_zone == "Europe/Amsterdam"
    assert [s.start for s in found] == [s.start for s in venue]
    # a UTC-only Sched calendar of an Amsterdam conference shows +01:00 times
    assert found.get("6d33234981cf5b14145b63b75fa9e0c0").start.isoformat().endswith("+01:00")
    keynote = venue.get("6d33234981cf5b14145b63b75fa9e0c0")
    assert keynote.start.isoformat() == "2026-03-24T09:00:00+01:00"  # same instant, venue time
    assert keynote.track == "KEYNOTE SESSIONS" and keynote.title.startswith("Keynote: Welcome")
    badges = [s for s in venue if s.title == "Badge Pick-Up"]
    assert len(badges) > 2 and len({s.id for s in badges}) == len(badges)  # same title, own UIDs
    # Escaped commas in LOCATION, entities in DESCRIPTION: text, not escapes or markup.
    assert all("\\," not in (s.room or "") for s in venue)
    assert not any(s.abstract and ("&nbsp" in s.abstract or "<br" in s.abstract) for s in venue)


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:Folded Con\r\n"
    "BEGIN:VEVENT\r\nUID:u1\r\nDTSTART;TZID=Europe/Berlin:20250329T230000\r\n"
    "DTEND;TZID=Europe/Berlin:20250330T030000\r\n"
    "SUMMARY:A very long title that is folded across\r\n  two lines\\, with a comma - Ann Lee\\, "
    "Maintainer\\, Acme & Bo Ng\\, Acme\r\nLOCATION:Room 1\\; upstairs\r\n"
    "DESCRIPTION:" + "x" * 3000 + "\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:u2\r\nDTSTART:20250330T013000\r\nDURATION:PT45M\r\n"
    "SUMMARY:Floating time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_ical_folding_escapes_dst_and_floating_times(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    floating_only = tmp_path / "floating.ics"
    floating_only.write_bytes(
        (ICS[: ICS.index("BEGIN:VEVENT")] + ICS[ICS.rindex("BEGIN:VEVENT") :]).encode()
    )
    monkeypatch.setenv("TZ", "America/Chicago")
    code, _, err = run_cli("import", str(floating_only), "-o", str(tmp_path / "f.yaml"))
    assert code == 0 and "local wall-clock time" in err  # never taken for UTC
    floating = load_catalogue(tmp_path / "f.yaml").get("u2")
    assert floating.start.isoformat() == "2025-03-30T01:30:00-05:00"  # as written, here
    pinned = _import(run_cli, floating_only, tmp_path / "p.yaml", "--tz", "Europe/Berlin")
    assert pinned.get("u2").start.isoformat() == "2025-03-30T01:30:00+01:00"
    source = tmp_path / "folded.ics"
    source.write_bytes(ICS.encode())
    catalogue = _import(run_cli, source, tmp_path / "o.yaml")  # the zone from TZID
    assert catalogue.conferences["conference"].time_zone == "Europe/Berlin"
    first = catalogue.get("u1")
    assert first.title == "A very long title that is folded across two lines, with a comma"
    assert [p.name for p in first.speakers] == ["Ann Lee", "Bo Ng"]
    assert first.room == "Room 1; upstairs" and len(first.abstract) == 3000
    assert first.duration_min == 180  # 23:00 CET to 03:00 CEST: the clocks went forward
    floating = catalogue.get("u2")
    assert floating.start.isoformat() == "2025-03-30T01:30:00+01:00"
    assert floating.date.isoformat() == "2025-03-29"  # after midnight: the evening before


def test_reimport_reports_changes_and_keeps_progress(tmp_path: Path, run_cli) -> None:
    original = shared_path("external-data", *SCHED).read_text(encoding="utf-8")
    out = tmp_path / "kubecon.yaml"
    first = tmp_path / "v1.ics"
    first.write_text(original, encoding="utf-8", newline="")
    catalogue = _import(run_cli, first, out, "--tz", "Europe/Amsterdam")
    moved, renamed, removed = (
        "6d33234981cf5b14145b63b75fa9e0c0",
        "c3fcdba10ac8228da1f5f45cfdc27b07",
        "d12556725da7816d8422a553dc44e27e",
    )
    assert run_cli("--catalogue", str(out), "watch", moved, removed)[0] == 0
    assert run_cli("--catalogue", str(out), "rate", renamed, "4")[0] == 0
    events = original.split("BEGIN:VEVENT")
    index = {uid: i for i, e in enumerate(events) for uid in re.findall(r"UID:(\w+)", e)}
    events[index[moved]] = events[index[moved]].replace("T08", "T09")
    events[index[renamed]] = re.sub(
        r"SUMMARY:[^\r\n]*", "SUMMARY:Renamed - Jo Doe", events[index[renamed]], count=1
    )
    added = events[index[removed]].replace("UID:", "UID:added").replace("SUMMARY:", "SUMMARY:New ")
    events[index[removed]] = added
    second = tmp_path / "v2.ics"
    second.write_text("BEGIN:VEVENT".join(events), encoding="utf-8", newline="")
    code, out_text, err = run_cli(
        "import", str(second), "--update", str(out), "--tz", "Europe/Amsterdam"
    )
    assert code == 0, err
    lines = out_text.splitlines()
    assert lines[0] == "added 1, removed 1, changed 2 (2 on your watchlist)"
    # named by title and id; those on the watchlist starred
    assert any(x.startswith("  added   'New ") and x.endswith(f"(added{removed})") for x in lines)
    assert any(
        x.startswith("  removed ★ '") and f"({removed}) (its progress is kept" in x for x in lines
    )
    assert any(x.startswith("  changed ★ '") and f"({moved}): time " in x for x in lines)
    assert any(f"'Renamed' ({renamed}): title" in x and "speakers" in x for x in lines)
    assert "2 change(s) to your watchlist flagged: `confplan changes` lists them" in lines
    code, out_text, _ = run_cli("--catalogue", str(out), "changes")
    assert code == 0 and "2 change(s) to your watchlist" in out_text
    assert moved in out_text and removed in out_text and "removed from the schedule" in out_text
    code, out_text, _ = run_cli("--catalogue", str(out), "show", moved)
    assert "⚑ changed at the schedule's update: time " in out_text.splitlines()[1]
    assert run_cli("--catalogue", str(out), "changes", "--seen", moved)[1] == (
        "1 change(s) marked seen\n"
    )
    assert "⚑" not in run_cli("--catalogue", str(out), "show", moved)[1]
    updated = load_catalogue(out)
    assert updated.id == catalogue.id and len(updated) == len(catalogue)
    code, out_text, _ = run_cli("--catalogue", str(out), "list", "--watchlist", "--format", "ids")
    assert out_text.split() == [moved]
    code, out_text, _ = run_cli("--catalogue", str(out), "status")
    assert "no longer in this catalogue" in out_text and removed in out_text
    assert "rated 4" in run_cli("--catalogue", str(out), "rate", renamed, "4")[1]


def test_a_schedule_opens_directly(tmp_path: Path, run_cli) -> None:
    for path in (
        ("fosdem", "fosdem-2025.xml"),
        ("pretalx-democon-2022", "schedule.json"),
        ("pretalx-democon-2022", "schedule.ics"),
    ):
        source = shared_path("external-data", *path)
        code, out, err = run_cli("--catalogue", str(source), "list", "--format", "ids")
        assert code == 0, err
        assert len(out.split()) in (943, 35, 36)
        cached = load_catalogue(source, cache_dir=tmp_path / "cache")
        again = load_catalogue(source, cache_dir=tmp_path / "cache")
        assert list(cached.index) == list(again.index)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    event=st.dictionaries(
        st.sampled_from(["guid", "id", "title", "date", "start", "duration", "room", "persons",
                         "links", "track", "abstract"]),
        st.recursive(
            st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
            lambda c: st.one_of(
                st.lists(c, max_size=3), st.dictionaries(st.text(max_size=5), c, max_size=3)
            ),
            max_leaves=6,
        ),
    )
)  # fmt: skip
@example(event={"start": 2147483648})  # an hour past a C int: was an OverflowError
def test_arbitrary_json_events_give_a_catalogue_or_a_clear_error(event: dict) -> None:
    import json

    document = {
        "schedule": {
            "conference": {
                "title": "X",
                "time_zone_name": "Europe/Paris",
                "days": [{"date": "2025-01-01", "rooms": {"R": [event]}}],
            }
        }
    }
    data = json.dumps(document).encode("utf-8", "surrogatepass")
    try:
        text = write_catalogue(schedule_json.read(data, "fuzz.json"), "fuzz.json")
    except ImportError_ as exc:
        assert str(exc).startswith("fuzz.json")
        return
    assert len(yaml.safe_load(text)["sessions"]) == 1


@settings(max_examples=60, deadline=None)
@given(
    summary=st.text(max_size=40),
    start=st.sampled_from(["20250101T100000Z", "20250101T100000", "2025", "", "20250101"]),
    extra=st.text(alphabet="ABCDEFGHIJ:;=,\\\r\n -", max_size=30),
)
def test_arbitrary_ical_gives_a_catalogue_or_a_clear_error(
    summary: str, start: str, extra: str
) -> None:
    clean = "".join(ch for ch in summary if ch.isprintable())
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        f"DTSTART:{start}\r\nSUMMARY:{clean}\r\n{extra}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    try:
        imported = ical.read(text.encode("utf-8", "surrogatepass"), "fuzz.ics", "UTC")
        write_catalogue(imported, "fuzz.ics")
    except ImportError_ as exc:
        assert str(exc).startswith(("fuzz.ics", "--tz"))


def test_hostile_text_is_imported_and_shown_literally(tmp_path: Path, run_cli) -> None:
    import json

    event = {
        "guid": "g1",
        "title": "Evil \u001b]52;c;QUFB\u0007 \u202etitle\u009b31m",
        "date": "2025-01-01T10:00:00+01:00",
        "duration": "00:30",
        "room": "R\u001b[2J",
        "persons": [{"public_name": "\u001b[31mMallory"}],
        "url": "javascript:alert(1)",
        "links": [{"url": "https://example.org/\u001b", "title": "x"}],
    }
    document = {
        "schedule": {
            "conference": {
                "title": "T\u001b]0;pwn\u0007",
                "time_zone_name": "Europe/Paris",
                "days": [{"date": "2025-01-01", "rooms": {"R": [event]}}],
            }
        }
    }
    source = tmp_path / "evil.json"
    source.write_text(json.dumps(document))
    code, out, err = run_cli("import", str(source), "-o", str(tmp_path / "evil.yaml"))
    assert code == 0 and "left out" in err  # the unsafe link and URL, not the whole import
    session = load_catalogue(tmp_path / "evil.yaml").get("g1")
    assert session.links == () and session.schedule_url is None
    assert session.title.startswith("Evil \x1b]52")  # kept as data
    for argv in (["show", "g1"], ["list"]):
        code, out, err = run_cli("--catalogue", str(tmp_path / "evil.yaml"), *argv)
        assert code == 0
        assert not any(ch in out + err for ch in "\x1b\x07\x9b\u202e")
        assert "␛]52" in out


def test_a_damaged_cache_entry_of_a_schedule_is_rebuilt_from_the_schedule(tmp_path: Path) -> None:
    """A block of sessions found damaged after a warm start is rebuilt from the file as
    what it is (imported), not parsed as a YAML catalogue."""
    source = shared_path("external-data", "pretalx-democon-2022", "schedule.json")
    cache = tmp_path / "cache"
    first = load_catalogue(source, cache_dir=cache)
    (entry,) = (cache / "catalogues").glob("*.cache")
    blob = entry.read_bytes()
    entry.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))  # the last block's last byte
    again = load_catalogue(source, cache_dir=cache)
    assert list(again.sessions) == list(first.sessions)
    assert not entry.exists()  # dropped: the next start writes it again
