"""Hostile input, round 2: the TUI's agenda on a catalogue holding times at the edge
of the calendar, and its clock given at the edge: no traceback, the rest shown."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import pytest

from confplan.cli.tui_launch import _clock_options
from confplan.errors import BadInputError
from confplan.opening import load_catalogue
from confplan.tui.screens.agenda import AgendaScreen
from tests.tui import Harness, plain, settle

EDGE = """\
format_version: 1
id: edge
title: Edge
conferences:
  - {id: c, name: C, start: 2026-03-24, end: 2026-03-25, time_zone: Europe/Amsterdam}
  - {id: far, name: Far, start: 9999-12-30, end: 9999-12-31, time_zone: Etc/GMT-14}
  - {id: old, name: Old, start: 0001-01-01, end: 0001-01-02, time_zone: Etc/GMT+12}
events:
  - {id: main, conference: c, name: Main, kind: main}
  - {id: far, conference: far, name: Far, kind: main}
  - {id: old, conference: old, name: Old, kind: main}
sessions:
  - {id: s1, title: Kept talk, conference: c, event: main, kind: talk,
     start: "2026-03-24T10:00:00+01:00", duration_min: 30}
  - {id: s2, title: Late, conference: far, event: far, kind: talk,
     start: "9999-12-31T23:59:00+14:00", duration_min: 30}
  - {id: s3, title: Early, conference: old, event: old, kind: talk,
     start: "0001-01-01T00:00:00-12:00", duration_min: 30}
"""


async def test_the_agenda_on_extreme_times_shows_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE, encoding="utf-8")
    catalogue = load_catalogue(path, cache_dir=None)
    now = datetime.datetime(2026, 3, 24, 10, 5, tzinfo=datetime.UTC)
    harness = Harness(tmp_path, catalogue, now=now)
    harness.store.watch(catalogue.id, ["s1", "s2", "s3"])
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgendaScreen)
        assert "s1" in screen._rows and "s2" not in screen._rows
        assert "Tue 24 Mar 2026" in plain(screen.query_one("#agenda-title"))


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59-12:00"])
def test_the_tui_clock_at_the_edge_is_refused_before_it_starts(when: str) -> None:
    args = argparse.Namespace(tui_tz=None, tui_now=when)
    with pytest.raises(BadInputError, match="out of range"):
        _clock_options(args)
