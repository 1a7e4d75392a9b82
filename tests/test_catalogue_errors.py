"""Broken catalogues: every problem reported at once as FILE:LINE:COL, exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINI, write_catalogue

SECOND_SESSION = """\
  - id: s1
    title: Session two
    conference: conf
    event: main
    kind: talk
"""
BOMB = "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n"

CASES = {
    "syntax error": (
        MINI.replace("title: Session one", "title: [Session one"),
        [
            "26:15: YAML syntax error: while parsing a flow sequence, "
            "did not find expected ',' or ']'"
        ],
    ),
    "duplicate key": (
        MINI.replace("    title: Session one\n", "    title: Session one\n    title: Again\n"),
        ["26:5: duplicate key 'title'"],
    ),
    "duplicate id": (
        MINI + SECOND_SESSION,
        ["34:9: sessions[1].id: duplicate session id 's1'"],
    ),
    "unknown theme": (
        MINI.replace("themes: [t1]", "themes: [t1, t9]"),
        ["29:18: sessions[0].themes[1]: unknown theme 't9'"],
    ),
    "object tag": (
        MINI.replace("title: Session one", "title: !!python/object/apply:os.system [echo hi]"),
        ["25:12: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"],
    ),
    "custom tag": (
        MINI.replace("title: Session one", "title: !secret Session one"),
        ["25:12: YAML tag '!secret' is not allowed"],
    ),
    "alias bomb": (
        BOMB + MINI,
        [
            f"{line}:{col}: YAML alias *{name} is not allowed in a catalogue "
            "(write the value out in full)"
            for line, name in ((2, "a"), (3, "b"))
            for col in (8, 12, 16)
        ],
    ),
    "wrong types": (
        MINI.replace("lines: [1, 2]", "lines: [1, two]").replace(
            "kind: talk", "kind: talk\n    duration_min: long"
        ),
        [
            "29:19: sessions[0].duration_min: expected a whole number, got text 'long'",
            "33:20: sessions[0].recommended_by[0].lines[1]: expected a whole number, "
            "got text 'two'",
        ],
    ),
    "missing seed lines": (
        MINI.replace("lines: [1, 2]", "lines: [2, 9]"),
        [
            "32:16: sessions[0].recommended_by[0].lines: lines [2, 9] do not exist: "
            "the recap has 3 lines"
        ],
    ),
    "unknown key": (
        MINI.replace("    kind: talk\n", "    kind: talk\n    speaker: Someone\n"),
        ["29:5: sessions[0].speaker: unknown key 'speaker'"],
    ),
    "missing key": (
        MINI.replace("    title: Session one\n", ""),
        ["24:5: sessions[0]: missing required key 'title'"],
    ),
    "unknown references": (
        MINI.replace("event: main", "event: mian").replace("recap: r1", "recap: r2"),
        [
            "27:12: sessions[0].event: unknown event 'mian'",
            "31:16: sessions[0].recommended_by[0].recap: unknown recap 'r2'",
        ],
    ),
    "unsafe url": (
        MINI.replace("    kind: talk\n", "    kind: talk\n    schedule_url: javascript:alert(1)\n"),
        ["29:19: sessions[0].schedule_url: not an http(s) URL with a host: 'javascript:alert(1)'"],
    ),
    "date outside the conference": (
        MINI.replace("    kind: talk\n", "    kind: talk\n    date: 2025-01-01\n"),
        ["29:11: sessions[0].date: 2025-01-01 is outside conf (2024-01-01 to 2024-01-03)"],
    ),
    "yaml boolean where text is needed": (
        MINI.replace("title: Session one", "title: no"),
        [
            "25:12: sessions[0].title: expected text, got boolean false "
            "(quote it to keep it as text)"
        ],
    ),
    "not a mapping": ("- a\n- b\n", ["1:1: a catalogue is a mapping at the top level, got a list"]),
    "empty file": ("", ["1:1: the file holds no YAML document"]),
    "deep nesting": (
        "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
        ["1:67: nesting deeper than 64 levels"],
    ),
    "newer format": (
        MINI.replace("format_version: 1", "format_version: 2"),
        ["1:17: format_version: this confplan reads catalogue format 1, not 2"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_catalogue_reports_every_problem_with_its_place(
    name: str, tmp_path: Path, run_cli
) -> None:
    text, expected = CASES[name]
    path = write_catalogue(tmp_path / "cat", text)
    code, out, err = run_cli("validate", str(path))
    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"{path}:{line}" for line in expected]


def test_the_valid_mini_catalogue_passes(tmp_path: Path, run_cli) -> None:
    path = write_catalogue(tmp_path / "cat")
    code, out, err = run_cli("validate", str(path))
    assert (code, err) == (0, "")
    assert "ok: 1 sessions" in out


def test_not_utf8_names_line_and_column(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    code, _, err = run_cli("validate", str(path))
    assert code == 2
    assert err == f"{path}:2:11: not UTF-8 text (byte 0xe9)\n"


def test_missing_file_and_folder(tmp_path: Path, run_cli) -> None:
    code, _, err = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert (
        code == 2 and err == f"{tmp_path / 'nope.yaml'}: cannot read: No such file or directory\n"
    )
    code, _, err = run_cli("validate", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_size_cap(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_catalogue(tmp_path / "cat")
    monkeypatch.setenv("CONFPLAN_MAX_CATALOGUE_BYTES", "100")
    code, _, err = run_cli("validate", str(path))
    assert code == 2 and "over the 100-byte limit" in err


def test_every_problem_at_once(tmp_path: Path, run_cli) -> None:
    text = (
        MINI.replace("themes: [t1]", "themes: [t9]")
        .replace("event: main", "event: nope")
        .replace("lines: [1, 2]", "lines: [3, 1]")
    )
    path = write_catalogue(tmp_path / "cat", text)
    code, _, err = run_cli("validate", str(path))
    assert code == 2
    assert len(err.splitlines()) == 3


def test_a_real_process_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "cat", MINI.replace("themes: [t1]", "themes: [t9]"))
    proc = subprocess.run(
        [sys.executable, "-m", "confplan", "--catalogue", str(path), "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{path}:29:14: sessions[0].themes[0]: unknown theme 't9'")


DEEP_SHAPES = {
    "flow sequences": (b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n", (1, 67)),
    "flow mappings": (b"x: " + b"{a: " * 5000 + b"1" + b"}" * 5000 + b"\n", (1, 256)),
    "block sequences": ("".join(" " * i + "- \n" for i in range(2000)).encode(), (65, 65)),
    "block mappings": ("".join(" " * i + f"k{i}:\n" for i in range(2000)).encode(), (65, 65)),
}


@pytest.mark.parametrize("name", list(DEEP_SHAPES))
@pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
def test_deep_nesting_is_ours_whatever_the_yaml_build(
    name: str, pure_python: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml builds differ in a nesting limit of their own (PyYAML 6.0.4 stops at
    1,000 flow levels while scanning ahead); the message and place stay ours."""
    import yaml

    from confplan.catalogue import yamlsafe

    if pure_python:
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    data, (line, column) = DEEP_SHAPES[name]
    with pytest.raises(yamlsafe.YamlSyntaxError) as caught:
        yamlsafe.compose(data)
    assert caught.value.message == "nesting deeper than 64 levels"
    assert (caught.value.position.line, caught.value.position.column) == (line, column)
