"""Recordings and lengths you can judge: an unconfirmed (low confidence) recording has its
own mark and `o` says so; an estimated length shows "≈", and time is counted known and
estimated apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confplan.opening import load_catalogue
from tests.helpers import MINI, write_catalogue
from tests.tui import Harness, main_screen, settle


def _session(sid: str, title: str, extra: str) -> str:
    return (
        f"  - id: {sid}\n    title: {title}\n    conference: conf\n    event: main\n"
        f"    kind: talk\n{extra}"
    )


def _video(confidence: str, video: str) -> str:
    return (
        "    recording:\n      kind: video\n"
        f"      url: https://www.youtube.com/watch?v={video}\n      confidence: {confidence}\n"
    )


TEXT = (
    MINI.replace("    themes: [t1]\n", "    themes: [t1]\n" + _video("high", "aaaaaaaaaaa"))
    + _session(
        "sure",
        "Scheduled talk",
        "    duration_min: 40\n    duration_source: schedule\n" + _video("medium", "bbbbbbbbbbb"),
    )
    + _session(
        "guess",
        "Estimated talk",
        "    duration_min: 30\n    duration_source: estimate\n" + _video("low", "ccccccccccc"),
    )
)


@pytest.fixture
def catalogue_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_catalogue(tmp_path / "cat", TEXT)
    monkeypatch.setenv("CONFPLAN_CATALOGUE", str(path))
    return path


def test_the_list_marks_unconfirmed_recordings_and_estimates(catalogue_path: Path, run_cli) -> None:
    code, out, _ = run_cli("list", "--sort", "title")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert " ▷ " in rows["guess"] and "≈30m" in rows["guess"]
    assert " ▶ " in rows["sure"] and " 40m " in rows["sure"] and "≈" not in rows["sure"]
    assert " ▶ " in rows["s1"]
    _, out, _ = run_cli("list", "--format", "json")
    by_id = {item["session"]["id"]: item["session"] for item in json.loads(out)}
    assert by_id["guess"]["duration_source"] == "estimate"
    assert by_id["sure"]["duration_source"] == "schedule"
    assert by_id["s1"]["duration_source"] is None


def test_show_says_the_tier_and_where_the_length_comes_from(catalogue_path: Path, run_cli) -> None:
    _, out, _ = run_cli("show", "guess")
    assert "(confidence: low, unconfirmed: it may be another session's recording)" in out
    assert "length: ≈30m (estimated)" in out
    _, out, _ = run_cli("show", "sure")
    assert "(confidence: medium)" in out and "length: 40m (the schedule's slot)" in out


def test_status_counts_known_and_estimated_time_apart(catalogue_path: Path, run_cli) -> None:
    assert run_cli("watch", "sure", "guess", "s1")[0] == 0
    _, out, _ = run_cli("status")
    assert "time left     40m + ≈30m + 1 of unknown length" in out
    assert "watchlist     3 sessions, 40m + ≈30m + 1 of unknown length left" in out
    assert run_cli("mark", "guess", "watched")[0] == 0
    _, out, _ = run_cli("status")
    assert "time watched  0m + ≈30m" in out
    assert "time left     40m + 1 of unknown length" in out


async def test_the_tui_marks_them_and_o_says_so(catalogue_path: Path, tmp_path: Path) -> None:
    harness = Harness(tmp_path, load_catalogue(catalogue_path))
    async with harness.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        table = screen.query_one("#sessions")
        palette = table._make_palette()
        catalogue = screen.state.catalogue
        texts = {
            sid: "".join(
                s.text for s in table._row_segments(catalogue.get(sid), None, 100, False, palette)
            )
            for sid in ("guess", "sure")
        }
        assert texts["guess"].startswith(" ○   ▷ Estimated talk") and " ≈30m" in texts["guess"]
        assert texts["sure"].startswith(" ○   ▶ Scheduled talk") and "≈" not in texts["sure"]
        await pilot.press("p", "2")
        await settle(pilot)
        row = screen.state.row_of("guess")
        assert row is not None
        table.cursor = row
        await pilot.press("o")
        await settle(pilot)
        assert harness.opened == ["https://www.youtube.com/watch?v=ccccccccccc"]
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any(m.startswith("Opening an unconfirmed recording") for m in messages)
        table.cursor = screen.state.row_of("sure")
        await pilot.press("o")
        await settle(pilot)
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any(m.startswith("Opening the recording: ") for m in messages)
