"""Hostile input, round 2: the command line. Invalid UTF-8, unbounded streams and
times at the edge of the calendar give one clear line and exit 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

SPOTIFY = "eu24-spotify-backend"
ICS = (
    "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Amsterdam\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20260324T100000\r\nDURATION:PT30M\r\nSUMMARY:Talk a\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def cli_bytes(*argv: bytes | str, stdin: object = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "confplan", *argv],
        capture_output=True,
        stdin=stdin,  # type: ignore[arg-type]
        timeout=120,
    )


def test_a_note_from_stdin_that_is_not_utf8(run_cli, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"bad \xff")))
    code, _, err = run_cli("note", SPOTIFY, "-")
    assert code == 2 and "not UTF-8 text (at byte 4)" in err


def test_a_note_argument_that_is_not_utf8() -> None:
    done = cli_bytes("note", SPOTIFY, b"bad \xff")
    assert done.returncode == 2, done.stderr
    assert b"not UTF-8 text" in done.stderr and b"internal error" not in done.stderr
    done = cli_bytes("show", b"id-\xff")
    assert done.returncode == 2 and b"unknown session id" in done.stderr


def test_a_note_from_an_endless_stream_is_bounded() -> None:
    with open(os.devnull if not Path("/dev/zero").exists() else "/dev/zero", "rb") as zero:
        done = cli_bytes("note", SPOTIFY, "-", stdin=zero)
    assert done.returncode == 2
    assert b"the note is over 1,048,576 bytes" in done.stderr


@pytest.mark.parametrize(
    "when",
    ["0001-01-01T00:00", "9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00", "9999-12-31T23:59"],
)
def test_now_at_the_edge_of_the_calendar(tmp_path: Path, run_cli, when: str) -> None:
    ics = tmp_path / "c.ics"
    ics.write_text(ICS, encoding="utf-8")
    code, _, err = run_cli("agenda", "--catalogue", str(ics), "--now", when)
    assert code == 2 and "out of range" in err, err


def test_a_catalogue_with_a_start_in_year_9999_has_an_agenda(tmp_path: Path, run_cli) -> None:
    text = """\
format_version: 1
id: edge
title: Edge
conferences:
  - {id: c, name: C, start: 9999-12-30, end: 9999-12-31, time_zone: Etc/GMT-14}
events:
  - {id: main, conference: c, name: Main, kind: main}
sessions:
  - {id: s1, title: Late, conference: c, event: main, kind: talk,
     start: "9999-12-31T23:59:00+14:00", duration_min: 30}
"""
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    for argv in (("agenda",), ("list",), ("show", "s1"), ("export", "--status", "all")):
        code, _, err = run_cli(*argv, "--catalogue", str(path))
        assert code == 0, (argv, err)
        assert err.count("\n") <= 1, err


def test_surrogates_reach_standard_output_as_replacement_characters(
    tmp_path: Path, run_cli, capsys
) -> None:
    from confplan.cli import _GuardedOutput

    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8")
    guarded = _GuardedOutput(stream)
    guarded.write("a\ud800b\n")
    guarded.flush()
    assert buffer.getvalue() == "a\ufffdb\n".encode()
    latin = io.BytesIO()
    stream = io.TextIOWrapper(latin, encoding="latin-1")
    guarded = _GuardedOutput(stream)
    guarded.write("✔ é\n")
    guarded.flush()
    assert latin.getvalue() == "? é\n".encode("latin-1")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (OverflowError("date value out of range"), 2),
        (UnicodeEncodeError("utf-8", "a\ud800", 1, 2, "surrogates not allowed"), 2),
        (RecursionError("maximum recursion depth exceeded"), 2),
        (LookupError("unknown encoding: x-klingon"), 2),
        (TypeError("'NoneType' object is not subscriptable"), 1),
        (AttributeError("no attribute 'x'"), 1),
    ],
)
def test_any_exception_is_one_clear_line(run_cli, monkeypatch, error, code) -> None:  # type: ignore[no-untyped-def]
    from confplan.cli import catalogue_cmds

    def fail(*_args: object) -> int:
        raise error

    monkeypatch.setattr(catalogue_cmds, "cmd_list", fail)
    got, _, err = run_cli("list")
    assert got == code
    assert err.count("\n") == 1 and err.startswith("confplan: error: ")
    assert type(error).__name__ in err
    assert "internal error" not in err and "Traceback" not in err and "\ud800" not in err


def test_recap_title_and_author_that_are_not_utf8(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# R\n\nA post.\n", encoding="utf-8")
    for option in ("--title", "--author"):
        done = cli_bytes("recap", "add", str(post), "--yes", option, b"T\xff")
        assert done.returncode == 2
        assert f"{option} is not UTF-8 text".encode() in done.stderr
