"""Schedules as they are published: JSON wrapped twice, 0-minute events, relative
links, events after midnight filed under the evening's day, the venue's zone for a
UTC-only calendar, and what an update reports (affiliations too)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from confplan.agenda import Timetable
from confplan.importers import frab_xml, schedule_json
from confplan.importers.common import write_catalogue
from confplan.importers.update import merge
from confplan.importers.values import absolute_url
from confplan.importers.venue import venue_zone
from confplan.opening import load_catalogue

EVENT = {
    "guid": "g1",
    "title": "Opening",
    "date": "2025-12-27T10:30:00+01:00",
    "start": "10:30",
    "duration": "00:00",
    "links": [{"url": "/media/39c3/opening.pdf", "title": "Slides"}],
    "url": "/39c3/talk/g1/",
}


def _json(base_url: str | None = "https://events.example.org/") -> dict[str, object]:
    schedule: dict[str, object] = {
        "version": "1",
        "conference": {
            "acronym": "39c3",
            "title": "39C3",
            "start": "2025-12-27",
            "end": "2025-12-30",
            "time_zone_name": "Europe/Berlin",
            "days": [{"index": 1, "date": "2025-12-27", "rooms": {"Saal 1": [EVENT]}}],
        },
    }
    if base_url:
        schedule["base_url"] = base_url
    return {"schedule": schedule}


def _written(tmp_path: Path, imported) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.yaml"
    path.write_text(write_catalogue(imported, "s"), encoding="utf-8")
    return path


def test_json_wrapped_twice_reads_and_keeps_a_zero_length(tmp_path: Path) -> None:
    twice = json.dumps({"schedule": _json()}).encode()
    catalogue = load_catalogue(_written(tmp_path, schedule_json.read(twice, "s.json")))
    (session,) = catalogue
    assert session.title == "Opening" and session.duration_min == 0  # not None
    assert session.start is not None and session.start.isoformat() == "2025-12-27T10:30:00+01:00"


def test_relative_links_are_resolved_against_base_url_or_the_url(tmp_path: Path) -> None:
    data = json.dumps(_json()).encode()
    (session,) = load_catalogue(_written(tmp_path, schedule_json.read(data, "s.json")))
    assert [link.url for link in session.links] == [
        "https://events.example.org/media/39c3/opening.pdf"
    ]
    assert session.schedule_url == "https://events.example.org/39c3/talk/g1/"
    bare = json.dumps(_json(base_url=None)).encode()
    imported = schedule_json.read(bare, "s.json", base_url="https://mirror.example.net/s.json")
    assert imported.document["sessions"][0]["links"][0]["url"] == (
        "https://mirror.example.net/media/39c3/opening.pdf"
    )
    nowhere = schedule_json.read(bare, "s.json")  # no base: left out, and said
    assert "links" not in nowhere.document["sessions"][0]
    assert any("not plain http(s)" in w for w in nowhere.warnings)


@pytest.mark.parametrize(
    ("url", "bases", "expected"),
    [
        ("/a.pdf", ("https://h.example/x/",), "https://h.example/a.pdf"),
        ("a.pdf", (None, "https://h.example/x/s.json"), "https://h.example/x/a.pdf"),
        ("https://o.example/a", ("https://h.example/",), "https://o.example/a"),
        ("javascript:alert(1)", ("https://h.example/",), "javascript:alert(1)"),
        ("/a.pdf", ("ftp://h.example/",), "/a.pdf"),
        ("www.mr-beam.org", ("https://h.example/x/",), "http://www.mr-beam.org"),
        ("flickr.com/derpoly", (), "http://flickr.com/derpoly"),
        ("slides.pdf", (), "slides.pdf"),
        ("slides.pdf", ("https://h.example/x/",), "https://h.example/x/slides.pdf"),
    ],
)
def test_absolute_url(url: str, bases: tuple[str | None, ...], expected: str) -> None:
    assert absolute_url(url, *bases) == expected


NIGHT = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference>
    <acronym>night</acronym><title>Night Con</title>
    <start>2024-12-27</start><end>2024-12-28</end><days>2</days>
    <day_change>06:00</day_change>
    <time_zone_name>Europe/Berlin</time_zone_name>
    <base_url>https://night.example.org/fahrplan/</base_url>
  </conference>
  <day index="1" date="2024-12-27">
    <room name="Club">
      <event guid="e1"><date>2024-12-27T20:00:00+01:00</date><duration>01:00</duration>
        <title>Evening</title></event>
    </room>
  </day>
  <day index="2" date="2024-12-28">
    <room name="Club">
      <event guid="e2"><date>2024-12-28T12:00:00+01:00</date><duration>01:00</duration>
        <title>Noon</title>
        <attachments><attachment href="/media/noon.pdf">Paper</attachment></attachments>
      </event>
      <event guid="e3"><date>2024-12-29T04:00:00+01:00</date><duration>01:00</duration>
        <title>Last dance</title></event>
    </room>
  </day>
</schedule>
"""


def test_an_event_after_midnight_stays_on_its_day(tmp_path: Path) -> None:
    imported = frab_xml.read(NIGHT.encode(), "night.xml")
    catalogue = load_catalogue(_written(tmp_path, imported))
    late = catalogue.get("e3")
    assert late is not None and late.date == datetime.date(2024, 12, 28)
    timetable = Timetable(catalogue)
    assert timetable.days == [datetime.date(2024, 12, 27), datetime.date(2024, 12, 28)]
    assert [s.id for s in timetable.by_day[datetime.date(2024, 12, 28)]] == ["e2", "e3"]
    noon = catalogue.get("e2")
    assert noon is not None
    assert [link.url for link in noon.links] == ["https://night.example.org/media/noon.pdf"]


@pytest.mark.parametrize(
    ("places", "names", "zone"),
    [
        (
            ["Hall 12, Amsterdam, Netherlands", "Entrance C, Amsterdam, Netherlands"],
            [],
            "Europe/Amsterdam",
        ),
        (["Moscone West, San Francisco, CA, United States"], [], "America/Los_Angeles"),
        (["Salt Lake City, UT, USA"], [], "America/Denver"),
        (["Room 101", "Hall A"], ["FOSDEM Brussels 2025"], "Europe/Brussels"),
        (["Room 101", "Hall A"], ["kccnceu2026"], None),
    ],
)
def test_the_venue_zone(places: list[str], names: list[str], zone: str | None) -> None:
    found = venue_zone(places, names)
    assert (found.zone if found else None) == zone


def test_an_affiliation_change_alone_is_reported(tmp_path: Path) -> None:
    data = _json()
    event = data["schedule"]["conference"]["days"][0]["rooms"]["Saal 1"][0]  # type: ignore[index]
    event["persons"] = [{"public_name": "Ann"}]
    old = load_catalogue(_written(tmp_path, schedule_json.read(json.dumps(data).encode(), "s")))
    new = schedule_json.read(json.dumps(data).encode(), "s").document
    new["sessions"][0]["speakers"] = [{"name": "Ann", "affiliation": "Acme"}]
    changes = merge(old, new)
    assert changes.changed == [("g1", ["affiliations Ann → Ann (Acme)"])]
    assert changes.flagged({"g1"}) == {}  # reported, not flagged
    assert changes.titles == {"g1": "Opening"}
