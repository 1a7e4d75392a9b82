"""Untrusted text is shown literally: markup, actions, escapes, huge and foreign text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from confplan.opening import load_catalogue
from confplan.preferences import Preferences
from confplan.tui.widgets.panes import DetailsPane
from tests.helpers import write_catalogue
from tests.tui import Harness, main_screen, settle, table, visible_rows

MARKUP_TITLE = "[bold]Bold?[/bold] [@click=app.quit]Quit[/] [ lone"
LONG_TITLE = "Long " + "x" * 10_000

HOSTILE = f"""\
format_version: 1
id: hostile
title: "[red]Hostile[/red] catalogue \\e]0;pwned\\a"
conferences:
  - {{id: conf, name: "[b]Conf[/b]", start: 2024-01-01, end: 2024-01-03}}
events:
  - {{id: main, conference: conf, name: "Main [@click=app.quit]x[/]", kind: main}}
recaps:
  - {{id: r1, title: "R1 [i]", conference: conf, kind: recap, file: seed.txt}}
themes:
  - {{id: t1, name: "[reverse]Theme[/reverse]"}}
sessions:
  - id: markup
    title: "{MARKUP_TITLE}"
    conference: conf
    event: main
    kind: talk
    themes: [t1]
    speakers:
      - {{name: "\\e[31mRed\\e[0m \\a\\0 Bell", affiliation: "[link=https://evil.example]x[/link]"}}
    recording: {{kind: video, url: "https://example.com/v?a=[b]", confidence: low}}
    recommended_by:
      - {{recap: r1, lines: [1, 3], why: "Because [bold]markup[/bold] \\e[2J"}}
    notes: "line one\\nline two \\u202e reversed?"
  - id: long
    title: "{LONG_TITLE}"
    conference: conf
    event: main
    kind: talk
  - id: emoji
    title: "🚀 Rockets 👩🏽‍🚀 and 中文字符 and ｆｕｌｌｗｉｄｔｈ"
    conference: conf
    event: main
    kind: talk
  - id: rtl
    title: "مرحبا بالعالم — שלום עולם"
    conference: conf
    event: main
    kind: talk
"""

SEED = "[bold]seed[/bold] line\n\x1b[2J clear screen\n[@click=app.quit]click me[/]\n"


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    path = write_catalogue(tmp_path / "cat", HOSTILE)
    (tmp_path / "cat" / "seed.txt").write_text(SEED, encoding="utf-8")
    harness = Harness(tmp_path, load_catalogue(path))
    harness.app.preferences = Preferences(scope="programme")  # every session, picked or not
    return harness


def _assert_inert(text: str) -> None:
    for raw in ("\x1b", "\x07", "\x00", "\u202e"):
        assert raw not in text, repr(raw)


async def test_markup_and_actions_are_literal_in_the_list_and_details(harness: Harness) -> None:
    async with harness.app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        rows = visible_rows(pilot)
        assert MARKUP_TITLE[:30] in rows[0]  # as far as the title column goes
        assert "␛[31mRed␛[0m ␇␀ B" in rows[0]  # speakers column, shown as symbols
        for row in rows:
            _assert_inert(row)
        details = main_screen(pilot).query_one(DetailsPane).text
        for literal in [
            MARKUP_TITLE,
            "[link=https://evil.example]x[/link]",
            "Because [bold]markup[/bold] ␛[2J",
            "[bold]seed[/bold] line",
            "␛[2J clear screen",
            "[@click=app.quit]click me[/]",
            "<U+202E> reversed?",
            "Main [@click=app.quit]x[/]",
            "https://example.com/v?a=[b]",
            "unconfirmed",
        ]:
            assert literal in details, literal
        _assert_inert(details)
        themes = main_screen(pilot).query_one("#themes", OptionList)
        assert "[reverse]Theme[/reverse]" in str(themes.get_option_at_index(1).prompt)


async def test_clicking_hostile_text_does_nothing(harness: Harness) -> None:
    async with harness.app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        details = main_screen(pilot).query_one(DetailsPane)
        spots = [
            (x, y)
            for y in range(min(details.size.height, 30))
            for x in range(0, details.size.width, 5)
        ]
        for x, y in spots[:: max(len(spots) // 60, 1)]:
            await pilot.click(details, offset=(x, y))
        for y in range(1):
            for x in range(0, table(pilot).size.width, 6):
                await pilot.click(table(pilot), offset=(x, y))
        await settle(pilot)
        assert pilot.app.is_running
        assert harness.opened == []
        assert harness.queue() == []


async def test_a_ten_thousand_character_title_fits_its_row(harness: Harness) -> None:
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = table(pilot)
        row = widget.state.row_of("long")
        assert row is not None
        widget.cursor = row
        await settle(pilot)
        line = widget.render_line(row - int(widget.scroll_offset.y))
        assert line.cell_length == widget.size.width
        assert "Long xxx" in line.text and "…" in line.text
        details = main_screen(pilot).query_one(DetailsPane)
        assert LONG_TITLE in details.text.replace("\n", "")


async def test_wide_and_right_to_left_text_keeps_the_columns(harness: Harness) -> None:
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        widget = table(pilot)
        for session_id in ("emoji", "rtl"):
            row = widget.state.row_of(session_id)
            assert row is not None
            strip = widget.render_line(row - int(widget.scroll_offset.y))
            assert strip.cell_length == widget.size.width, session_id
        text = " ".join(visible_rows(pilot))
        assert "🚀 Rockets" in text and "中文字符" in text and "مرحبا" in text
