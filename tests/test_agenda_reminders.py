"""Reminders while the TUI runs (issue 23): `remind_minutes` in config.toml, off by
default; a notification that many minutes before a watchlisted session, once each,
checked by a timer against the app's clock (--now in these tests)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from confplan.preferences import Preferences, load, save
from tests.test_agenda_tui import make_harness
from tests.test_agenda_views import CET
from tests.tui import Harness, settle, until


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return make_harness(tmp_path)


async def test_a_reminder_before_a_watchlisted_session(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("remind_minutes = 10\n", encoding="utf-8")
    before = datetime.datetime(2026, 3, 24, 8, 52, tzinfo=CET)  # keynote at 09:00
    harness = make_harness(tmp_path, before, preferences_path=config)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await settle(pilot)

        def said() -> list[str]:
            return [n.message for n in app._notifications]  # type: ignore[attr-defined]

        await until(lambda: any("Opening keynote" in m for m in said()), "the reminder")
        reminder = next(m for m in said() if "Opening keynote" in m)
        assert "09:00 (in 8 min)" in reminder and "Hall 12" in reminder
        assert not any("eBPF" in m for m in said())  # 10:00: not yet
        assert app.reminders is not None
        assert app.reminders.check() == []  # told once
        app.clock = lambda: datetime.datetime(2026, 3, 24, 9, 55, tzinfo=CET)  # type: ignore[method-assign]
        told = app.reminders.check()
        assert [s.id for s in told] == ["ebpf"]  # helm at 10:00 is not on the watchlist


async def test_reminders_are_off_by_default(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert pilot.app.reminders is None


@pytest.mark.parametrize(
    ("text", "minutes", "problem"),
    [
        ("remind_minutes = 15\n", 15, None),
        ("remind_minutes = 0\n", None, None),  # 0: off
        ('remind_minutes = "10"\n', None, "remind_minutes"),
        ("remind_minutes = -3\n", None, "remind_minutes"),
        ("remind_minutes = 100000\n", None, "remind_minutes"),
        ("remind_minutes = true\n", None, "remind_minutes"),
        ('theme = "nord"\n', None, None),
    ],
)
def test_remind_minutes_in_config_toml(
    tmp_path: Path, text: str, minutes: int | None, problem: str | None
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    preferences, said = load(path)
    assert preferences.remind_minutes == minutes
    assert (said is None) if problem is None else (said is not None and problem in said)


def test_remind_minutes_survives_a_saved_preference(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save(path, Preferences(theme="nord", remind_minutes=5).with_(sort="title"))
    preferences, said = load(path)
    assert said is None
    assert preferences == Preferences(theme="nord", sort="title", remind_minutes=5)
