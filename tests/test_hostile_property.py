"""Hostile input, round 2, as a property: whatever a command is given (lone surrogates,
bytes that are not UTF-8, times at the edge of the calendar, nesting thousands deep),
it answers with a result or clear lines and exit 2 or 1, never "internal error" and
never a traceback. A new bug of the class fails here before a user sees it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SPOTIFY = "eu24-spotify-backend"
ICS = (
    "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Amsterdam\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20260324T100000\r\nDURATION:PT30M\r\nSUMMARY:Talk a\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
EDGES = [
    "0001-01-01T00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59-12:00",
    "9999-12-31T23:59:59.999999-23:59",
    "1900-01-01T00:00+14:00",
    "2999-12-31T23:59-12:00",
    "25:99",
    "2025-02-30T10:00",
    "2025-02-01T10:00:00+00:17:30",
    "99999999999:00",
]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any code point, lone surrogates included; bytes that are not UTF-8, as Python
# hands them over from argv (surrogate escapes); times at the edges; deep nesting.
any_char = st.characters(blacklist_categories=())
raw_bytes = st.binary(max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape"))
edges = st.sampled_from(EDGES)
nesting = st.tuples(st.sampled_from(["[", "{", "<div>", "(", "- "]), st.integers(1, 3000)).map(
    lambda pair: pair[0] * pair[1]
)
hostile = st.one_of(st.text(any_char, max_size=30), raw_bytes, edges, nesting)


def _clean(result: tuple[int, str, str]) -> None:
    code, out, err = result
    assert code in (0, 1, 2), result
    assert "internal error" not in err and "Traceback" not in out + err, err
    if code:
        assert err.strip(), "a failure says why"


@pytest.fixture
def run(run_cli) -> Callable[..., tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    """run_cli, with argparse's own exit (a usage error) as its exit code."""

    def call(*argv: str) -> tuple[int, str, str]:
        try:
            return run_cli(*argv)  # type: ignore[no-any-return]
        except SystemExit as exc:
            return int(exc.code or 0), "", "usage"

    return call


@SETTINGS
@given(text=hostile)
def test_arguments(tmp_path: Path, run, text: str) -> None:
    ics = tmp_path / "c.ics"
    ics.write_text(ICS, encoding="utf-8")
    for argv in (
        ("note", SPOTIFY, text),
        ("show", text),
        ("list", "--search", text),
        ("agenda", "--catalogue", str(ics), "--now", text),
        ("agenda", "--catalogue", str(ics), "--day", text),
        ("agenda", "--catalogue", str(ics), "--tz", text),
        ("export", "--status", "all", "--tz", text, "--format", "ics"),
    ):
        _clean(run(*argv))


def _json_schedule(title: str, when: str, duration: str) -> str:
    event = {"guid": "g1", "date": when, "title": title, "duration": duration, "persons": [title]}
    good = {"guid": "g2", "date": "2025-02-01T10:00:00+01:00", "title": "ok", "duration": "0:30"}
    day = {"date": when[:10], "rooms": {title: [event, good]}}
    conference = {"title": title, "time_zone_name": "Europe/Brussels", "days": [day]}
    return json.dumps({"schedule": {"conference": conference}})


def _xml_schedule(title: str, when: str, duration: str) -> str:
    return (
        f"<schedule><conference><title>{title}</title></conference>"
        f'<day date="{when[:10]}"><room name="A"><event guid="g1"><date>{when}</date>'
        f"<start>{when[11:16]}</start><title>{title}</title><duration>{duration}</duration>"
        "</event></room></day></schedule>"
    )


def _ical_schedule(title: str, when: str, duration: str) -> str:
    stamp = when.replace("-", "").replace(":", "")[:15]
    return (
        f"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:{title}\r\nBEGIN:VEVENT\r\nUID:{title}\r\n"
        f"DTSTART:{stamp}\r\nDURATION:PT{duration}M\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


@SETTINGS
@given(
    title=hostile,
    when=st.one_of(edges, st.text(any_char, max_size=25)),
    duration=st.one_of(st.sampled_from(["0:30", "99999:99", "-5", ""]), st.text(max_size=8)),
    shape=st.sampled_from([_json_schedule, _xml_schedule, _ical_schedule]),
    how=st.sampled_from(["utf-8", "surrogatepass", "latin-1"]),
)
def test_imports(tmp_path: Path, run, title: str, when: str, duration: str, shape, how) -> None:  # type: ignore[no-untyped-def]
    text = shape(title, when, duration)
    if how == "latin-1":
        data = text.encode("utf-8", "surrogatepass").decode("latin-1").encode("utf-8")
    else:
        data = text.encode("utf-8", "surrogatepass")
    source = tmp_path / "in.schedule"
    source.write_bytes(data)
    out = tmp_path / "out.yaml"
    result = run("import", str(source), "-o", str(out), "--force")
    _clean(result)
    if result[0] == 0:  # what import wrote, every command reads
        for argv in (("list",), ("agenda",), ("export", "--status", "all", "--format", "ics")):
            _clean(run(*argv, "--catalogue", str(out)))


@SETTINGS
@given(
    body=st.one_of(hostile, nesting.map(lambda n: n * 2)),
    suffix=st.sampled_from([".md", ".html", ".txt"]),
)
def test_recap_posts(tmp_path: Path, run, body: str, suffix: str) -> None:
    post = tmp_path / f"post{suffix}"
    post.write_bytes(("# Title\n\n" + body + "\n").encode("utf-8", "surrogatepass"))
    _clean(run("recap", "add", str(post), "--dry-run"))


@SETTINGS
@given(body=st.one_of(hostile, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_progress_dumps(tmp_path: Path, run, body: str) -> None:
    dump = tmp_path / "dump.json"
    dump.write_bytes(body.encode("utf-8", "surrogatepass"))
    _clean(run("progress", "load", str(dump)))
    wrapped = {
        "format": "confplan-progress",
        "version": 1,
        "entries": [{"catalogue": body, "session": body, "updated_at": body}],
    }
    dump.write_text(json.dumps(wrapped), encoding="utf-8")
    _clean(run("progress", "load", str(dump)))
