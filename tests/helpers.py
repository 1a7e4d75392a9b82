"""Helpers shared by tests: paths and a small valid catalogue to break."""

from __future__ import annotations

import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "catalogue.yaml"
SHARED = ROOT.parent / "shared"
CURATED = ROOT / "data" / "recaps.yaml"  # the recommended sessions, written by hand
BUNDLED_TITLE = "KubeCon Paris 2024 and Chicago 2023: the programmes, with the recaps' picks"

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
