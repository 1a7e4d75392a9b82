"""Helpers shared by tests.

- Paths: ROOT (the project), BUNDLED (its catalogue), SHARED (the shared data
  beside the project, `../shared`).
- `shared_path(*parts)`: a file or folder in the shared data. Where it is
  missing the test is skipped, naming what is missing; under CI (`CI` set, as
  CI services do) it fails instead, since CI runs with `../shared` beside the clone.
- `wait_until(predicate)`: poll until a condition holds (a process wrote, a
  thread finished), with a generous deadline, instead of sleeping a fixed time
  and hoping. Tests of the TUI use `until` and `settle` from tests/tui.py.
- MINI, `write_catalogue`: a small valid catalogue to break; `Clock`: repeatable
  timestamps for a store.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from confplan.paths import bundled_catalogue

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
# The catalogue confplan ships, as the installed confplan finds it: the project's own data/
# in a checkout or an editable install, the copy inside the package when installed as a wheel
# (as CI installs it); a catalogue names files only in its own folder unless it is that one.
BUNDLED = bundled_catalogue()
SHARED = ROOT.parent / "shared"
CURATED = ROOT / "data" / "recaps.yaml"  # the recommended sessions, written by hand
BUNDLED_TITLE = "KubeCon 2021-2026: every programme, with the recaps' picks"

# How long a test waits for a condition before it fails. Generous: a loaded or
# slow machine only makes a test wait longer, it never fails it; only a change
# that never comes (a bug) uses the whole of it.
WAIT_S = 30.0


def in_ci() -> bool:
    """True under continuous integration (CI services set CI, to true or 1)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def shared_path(*parts: str) -> Path:
    """`../shared/<parts>`, the shared data beside the project. Missing: the test is
    skipped, naming the missing folder, or fails under CI (which always has it)."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    missing = SHARED
    for part in parts:  # name the first thing missing: ../shared itself, or a folder in it
        if not missing.exists():
            break
        missing = missing / part
    reason = f"the shared data is missing: no {missing}"
    if in_ci():
        pytest.fail(f"{reason} (CI runs with ../shared beside the clone)", pytrace=False)
    pytest.skip(f"{reason} (../shared beside the project holds it)")


def wait_until(predicate: Callable[[], T], what: str, timeout: float = WAIT_S) -> T:
    """Poll `predicate` until it returns something true, and return that; fail
    naming `what` if it has not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s for {what}")
        time.sleep(pause)  # a poll interval, not a guess at how long it takes
        pause = min(pause * 2, 0.05)
    return result


MINI = """\
format_version: 1
id: mini
title: Mini
conferences:
  - id: conf
    name: Conf
    start: 2024-01-01
    end: 2024-01-03
events:
  - id: main
    conference: conf
    name: Main
    kind: main
recaps:
  - id: r1
    title: R1
    conference: conf
    kind: recap
    file: seed.txt
themes:
  - id: t1
    name: Theme one
sessions:
  - id: s1
    title: Session one
    conference: conf
    event: main
    kind: talk
    themes: [t1]
    recommended_by:
      - recap: r1
        lines: [1, 2]
        why: Because it is good.
"""

SEED = "first line\nsecond line\nthird line\n"


def write_catalogue(folder: Path, text: str = MINI, name: str = "catalogue.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "seed.txt").write_text(SEED, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class Clock:
    """Repeatable timestamps for a store, strictly increasing (one second apart), so
    that "the newest change wins" is well defined and snapshots do not change."""

    def __init__(self, start: datetime.datetime | None = None) -> None:
        self.now = start or datetime.datetime(2024, 3, 25, 9, 0, tzinfo=datetime.UTC)

    def __call__(self) -> str:
        self.now += datetime.timedelta(seconds=1)
        return self.now.isoformat(timespec="microseconds")
