"""Time and place in a catalogue: a conference's zone, a session's start, room, source id
and links; validated, cached, shown and listed."""

from __future__ import annotations

import json
from pathlib import Path

from confplan.opening import load_catalogue
from tests.helpers import MINI, write_catalogue

TIMED = MINI.replace(
    "    end: 2024-01-03\n", "    end: 2024-01-03\n    time_zone: Europe/Brussels\n"
).replace(
    "    kind: talk\n",
    "    kind: talk\n"
    "    start: 2024-01-02T23:30:00+01:00\n"
    "    duration_min: 45\n"
    "    room: H.2215 (Ferrer)\n"
    "    track: Go\n"
    "    source_id: 6f0b0c2e-guid\n"
    "    links:\n"
    "      - url: https://example.org/slides.pdf\n"
    "        title: Slides\n"
    "        kind: slides\n",
)


def test_time_and_place_are_read_cached_listed_and_shown(tmp_path: Path, run_cli) -> None:
    path = write_catalogue(tmp_path / "c", TIMED)
    cache = tmp_path / "cache"
    first = load_catalogue(path, cache_dir=cache)
    again = load_catalogue(path, cache_dir=cache)  # from the cache
    for catalogue in (first, again):
        session = catalogue.get("s1")
        assert session.start.isoformat() == "2024-01-02T23:30:00+01:00"
        assert (session.room, session.source_id, session.track) == (
            "H.2215 (Ferrer)",
            "6f0b0c2e-guid",
            "Go",
        )
        assert session.links[0].url == "https://example.org/slides.pdf"
        assert catalogue.conferences["conf"].time_zone == "Europe/Brussels"
    code, out, _ = run_cli("--catalogue", str(path), "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)[0]["session"]
    assert listed["start"] == "2024-01-02T23:30:00+01:00" and listed["room"] == "H.2215 (Ferrer)"
    code, out, _ = run_cli("--catalogue", str(path), "show", "s1")
    assert "when: 2024-01-02 23:30–2024-01-03 00:15 +01:00" in out
    assert "room: H.2215 (Ferrer)" in out and "Slides: https://example.org/slides.pdf" in out


def test_bad_times_and_zones_are_located(tmp_path: Path, run_cli) -> None:
    cases = {
        "naive": (TIMED.replace("23:30:00+01:00", "23:30:00"), "needs its UTC offset"),
        "outside": (TIMED.replace("2024-01-02T23:30", "2024-03-02T10:00"), "is outside conf"),
        "zone": (TIMED.replace("Europe/Brussels", "Mars/Olympus"), "unknown time zone"),
        "escape": (TIMED.replace("Europe/Brussels", "../../etc/passwd"), "unknown time zone"),
        "text": (TIMED.replace("2024-01-02T23:30:00+01:00", "soon"), "UTC offset"),
        "link": (TIMED.replace("https://example.org/slides", "file:///slides"), "links[0].url"),
    }
    for name, (text, says) in cases.items():
        path = write_catalogue(tmp_path / name, text)
        code, _, err = run_cli("validate", str(path))
        assert code == 2 and says in err, (name, err)
        assert err.startswith(f"{path}:"), name
