"""Sorting by date: by day, and within a day by start time where it is known."""

from __future__ import annotations

from pathlib import Path

from confplan import query
from confplan.opening import load_catalogue
from tests.helpers import MINI, shared_path, write_catalogue


def _session(sid: str, title: str, day: str | None, start: str | None) -> str:
    text = f"  - id: {sid}\n    title: {title}\n    conference: conf\n    event: main\n"
    text += "    kind: talk\n"
    if day:
        text += f"    date: {day}\n"
    if start:
        text += f"    start: {day}T{start}:00+01:00\n"
    return text


SESSIONS = "".join(
    [
        _session("summit", "Maintainer Summit", "2024-01-02", "08:30"),
        _session("badge", "Badge Pick-Up", "2024-01-02", "08:00"),
        _session("late", "A late one", "2024-01-02", "18:00"),
        _session("untimed", "An untimed one", "2024-01-02", None),
        _session("first", "Zebra on day one", "2024-01-01", "17:00"),
        _session("nodate", "Aardvark, no date", None, None),
    ]
)


def test_date_sort_is_by_day_then_start_time(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "c", MINI + SESSIONS)
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # parsed, then cached
        catalogue = load_catalogue(path, cache_dir=cache)
        order = query.sorted_indexes(catalogue, range(len(catalogue)), "date")
        ids = [catalogue.sessions[i].id for i in order]
        assert ids == ["first", "badge", "summit", "late", "untimed", "nodate", "s1"]


def test_an_imported_schedule_sorts_in_start_time_order(run_cli) -> None:
    fosdem = shared_path("external-data", "fosdem", "fosdem-2025.xml")
    catalogue = load_catalogue(fosdem, cache_dir=None)
    order = query.sorted_indexes(catalogue, range(len(catalogue)), "date")
    starts = [catalogue.sessions[i].start for i in order]
    timed = [s for s in starts if s is not None]
    assert len(timed) > 100 and timed == sorted(timed)
    code, out, _ = run_cli("list", "--sort", "date", "--format", "ids", "--catalogue", str(fosdem))
    assert code == 0 and out.split() == [catalogue.sessions[i].id for i in order]
