"""Importing frab/Pentabarf XML: every shared file, and the traps real files set."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confplan.importers import frab_xml
from confplan.importers.common import ImportError_, write_catalogue
from confplan.opening import load_catalogue
from tests.conftest import shared_path


def _import(run_cli, source: Path, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    code, _, err = run_cli("import", str(source), "-o", str(out), *extra)
    assert code == 0, err
    assert "sessions imported" in err
    return load_catalogue(out)


@pytest.mark.parametrize(
    ("path", "count", "zone", "sample"),
    [
        (
            ("fosdem", "fosdem-2025.xml"),
            943,
            "Europe/Brussels",
            (
                "ea099777-c164-5c6f-952a-a8b41a25fcef",
                "Moving work into the middle end",
                "2025-02-01T11:05:00+01:00",
                20,
                "K.3.201",
                "LLVM",
                ["Jon Chesterfield"],
            ),
        ),
        (
            ("ccc-38c3", "schedule-38c3-20251206.xml"),
            1007,
            "Europe/Berlin",
            (
                "270fa44c-821a-577f-8ca3-33e8d4a8c2a7",
                "38C3: Opening Ceremony",
                "2024-12-27T10:30:00+01:00",
                30,
                "Saal 1",
                "CCC",
                ["Gabriela Bogk", "Senficon", "Aline Blankertz"],
            ),
        ),
        (
            ("ccc-31c3", "schedule-31c3.xml"),
            138,
            None,
            (
                "29aecfd7-2e44-4f49-ab86-29b5e0877325",
                "31C3 Opening Event",
                "2014-12-27T11:00:00+01:00",
                30,
                "Saal 1",
                "CCC",
                ["erdgeist", "Geraldine de Bastion"],
            ),
        ),
        (
            ("pretalx-democon-2022", "schedule.xml"),
            35,
            "Europe/Berlin",
            (
                "3d4850d3-2dfb-5648-b82c-860600bf368a",
                "Persevering cohesive concept",
                "2022-09-06T01:50:00+02:00",
                90,
                "Dark Red Room",
                "Organic",
                ["Susan Martinez"],
            ),
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, tuple) and isinstance(v[0], str) else None,
)
def test_every_shared_frab_file_imports(  # type: ignore[no-untyped-def]
    tmp_path: Path, run_cli, path, count, zone, sample
) -> None:
    source = shared_path("external-data", *path)
    catalogue = _import(run_cli, source, tmp_path / "out.yaml")
    assert len(catalogue) == count
    (conference,) = catalogue.conferences.values()
    assert conference.time_zone == zone
    sid, title, start, minutes, room, track, people = sample
    session = catalogue.get(sid)
    assert session is not None
    assert (session.title, session.start.isoformat(), session.duration_min) == (
        title,
        start,
        minutes,
    )
    assert (session.room, session.track, [p.name for p in session.speakers]) == (
        room,
        track,
        people,
    )
    assert session.source_id == sid
    assert all(s.start is not None and s.start.utcoffset() is not None for s in catalogue)
    # Abstracts are text, never markup: no tag or entity survives.
    assert not any(s.abstract and ("<p>" in s.abstract or "&amp;" in s.abstract) for s in catalogue)


def test_importing_again_gives_the_same_ids(tmp_path: Path, run_cli) -> None:
    source = shared_path("external-data", "fosdem", "fosdem-2025.xml")
    first = _import(run_cli, source, tmp_path / "a.yaml")
    second = _import(run_cli, source, tmp_path / "b.yaml")
    assert list(first.index) == list(second.index)


SCHEDULE = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference>
    <acronym>trap</acronym><title>Trap Con</title>
    <start>2025-03-29</start><end>2025-03-30</end>
    {zone}
  </conference>
  <day index="1" date="2025-03-29">
    <room name="Hall A">
      <event guid="g-late" id="1">
        <date>2025-03-30T01:30:00+01:00</date><start>01:30</start><duration>0:45</duration>
        <title>  Late night talk  </title><type>Lightning talk</type>
        <abstract>&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;</abstract>
        <persons><person id="9">Ann</person></persons>
        <links>
          <link href="https://example.org/slides">
            <title>Slides title</title><type>slides</type>
          </link>
        </links>
        <attachments>
          <attachment href="https://example.org/a.pdf" type="pdf">Paper</attachment>
        </attachments>
      </event>
      <event guid="g-twice" id="2">
        <date>2025-03-29T10:00:00+01:00</date><duration>00:30:00</duration><title>Twice</title>
      </event>
      <event guid="g-twice" id="3">
        <date>2025-03-29T15:00:00+01:00</date><duration>00:00</duration><title>Twice</title>
      </event>
      <event id="4"><start>12:00</start><duration>01:00</duration><title>No guid</title></event>
      <event><start>13:00</start><duration>00:20</duration><title>No ids</title></event>
    </room>
  </day>
</schedule>
"""


def test_the_traps(tmp_path: Path, run_cli) -> None:
    source = tmp_path / "trap.xml"
    source.write_text(SCHEDULE.format(zone="<time_zone_name>Europe/Paris</time_zone_name>"))
    catalogue = _import(run_cli, source, tmp_path / "out.yaml")
    late = catalogue.get("g-late")
    assert late.title == "Late night talk" and late.kind == "lightning"
    assert late.date.isoformat() == "2025-03-29"  # the conference day it is listed under
    assert late.start.isoformat() == "2025-03-30T01:30:00+01:00"  # its true date
    assert late.duration_min == 45 and late.room == "Hall A"
    assert late.abstract == "Fish & chips"
    assert [(link.title, link.kind) for link in late.links] == [
        ("Slides title", "slides"),
        ("Paper", "pdf"),
    ]
    twice = sorted(s.id for s in catalogue if s.title == "Twice")
    assert twice == ["g-twice", "g-twice.202503291500"]  # two occurrences, both kept
    assert catalogue.get("g-twice.202503291500").duration_min == 0  # zero: a point in time, kept
    assert catalogue.get("4").start.isoformat() == "2025-03-29T12:00:00+01:00"
    keyed = [s for s in catalogue if s.title == "No ids"]
    assert len(keyed) == 1 and keyed[0].source_id.startswith("No ids@2025-03-29T13:00")


def test_a_zone_the_times_contradict_keeps_their_offsets(tmp_path: Path, run_cli) -> None:
    """pretalx has written time_zone_name UTC for events at +01:00: the times win."""
    source = tmp_path / "contradicted.xml"
    source.write_text(SCHEDULE.format(zone="<time_zone_name>UTC</time_zone_name>"))
    code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "out.yaml"))
    assert code == 0 and "kept as given" in err
    catalogue = load_catalogue(tmp_path / "out.yaml")
    assert catalogue.get("g-late").start.isoformat() == "2025-03-30T01:30:00+01:00"
    assert catalogue.conferences["conference"].time_zone is None


def test_local_times_are_read_as_wall_clock_time(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "local.xml"
    local = SCHEDULE.format(zone="")
    local = local[: local.index('<event guid="g-late"')] + local[local.index('<event id="4">') :]
    source.write_text(local)
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # this computer's zone, never taken for UTC
    code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "wall.yaml"))
    assert code == 0 and "read as local wall-clock time" in err and "--tz" in err
    wall = load_catalogue(tmp_path / "wall.yaml")
    assert wall.get("4").start.isoformat() == "2025-03-29T12:00:00+09:00"  # as written
    assert wall.conferences["conference"].time_zone == "Asia/Tokyo"
    catalogue = _import(run_cli, source, tmp_path / "out.yaml", "--tz", "America/New_York")
    assert catalogue.get("4").start.isoformat() == "2025-03-29T12:00:00-04:00"
    code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "x.yaml"), "--tz", "Nowhere")
    assert code == 2 and "unknown time zone" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("<!doctype html><html><body>Schedule</body></html>", "expected frab/Pentabarf XML"),
        ('<?xml version="1.0"?><rss><channel/></rss>', "root is <rss>, expected <schedule>"),
        ('{"schedule": {}}', "not a frab/pretalx schedule JSON"),
        ('{"schedule": {"conference": {"days": [{}]}}}', "days[].rooms is missing"),
        ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "holds no events"),
        ('{"a": ' * 100 + "1" + "}" * 100, "nested deeper"),
        ("<schedule><conference>", "not well-formed XML"),
        ("name,title\n", "expected frab/Pentabarf XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            "<schedule><conference><title>&b;</title></conference></schedule>",
            "refused",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<schedule><conference><title>&x;</title></conference></schedule>",
            "refused",
        ),
    ],
)
def test_what_is_not_a_frab_schedule_is_refused(  # type: ignore[no-untyped-def]
    tmp_path: Path, run_cli, content: str, says: str
) -> None:
    source = tmp_path / "input.dat"
    source.write_text(content)
    code, _, err = run_cli("import", str(source), "-o", str(tmp_path / "out.yaml"))
    assert code == 2 and says in err, err
    assert err.count("\n") == 1 and "internal error" not in err
    assert not (tmp_path / "out.yaml").exists()


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(max_size=30),
    duration=st.text(alphabet="0123456789:x ", max_size=9),
    date=st.one_of(st.none(), st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=12)),
    guid=st.text(max_size=12),
)
def test_arbitrary_event_values_give_a_catalogue_or_a_clear_error(
    title: str, duration: str, date: str | None, guid: str
) -> None:
    from xml.sax.saxutils import escape, quoteattr

    clean = lambda text: "".join(ch for ch in text if ch.isprintable())  # noqa: E731
    event = (
        f"<event guid={quoteattr(clean(guid))}><title>{escape(clean(title))}</title>"
        f"<start>10:00</start><duration>{escape(duration)}</duration>"
        + (f"<date>{escape(clean(date))}</date>" if date is not None else "")
        + "</event>"
    )
    xml = (
        "<schedule><conference><title>X</title><time_zone_name>Europe/Paris</time_zone_name>"
        f'</conference><day date="2025-01-01"><room name="R">{event}</room></day></schedule>'
    )
    try:
        imported = frab_xml.read(xml.encode("utf-8"), "fuzz.xml")
        text = write_catalogue(imported, "fuzz.xml")
    except ImportError_ as exc:
        assert str(exc).startswith("fuzz.xml")
        return
    document = yaml.safe_load(text)
    assert len(document["sessions"]) == 1
