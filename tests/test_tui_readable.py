"""Readable at 80x24 and 120x40: titles in the watchlist, footers never cut mid-word,
one legend for every mark, export toggles that read on or off, a pane zoomed on demand."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Checkbox, RadioButton

from confplan.tui.screens.export_dialog import ExportDialog
from confplan.tui.screens.help import HelpScreen
from confplan.tui.widgets import session_table
from confplan.tui.widgets.fitting import border_room, first_fitting, wrap
from confplan.tui.widgets.marks import LEGEND, UNKNOWN_LENGTH
from confplan.tui.widgets.panes import DetailsPane
from confplan.tui.widgets.side_lists import WatchlistPane
from tests.tui import Harness, dialog_ready, main_screen, plain, settle, until


def _queue_with_an_unknown_length(harness: Harness) -> list[str]:
    talks = [s for s in harness.catalogue.sessions if s.is_talk]
    known = [s.id for s in talks if s.duration_min is not None][:4]
    unknown = [s.id for s in talks if s.duration_min is None][:2]
    harness.store.watch(harness.catalogue.id, [*known, *unknown])
    return [*known, *unknown]


def test_wrap_keeps_words_and_marks_what_did_not_fit() -> None:
    assert wrap("How Spotify Re-Created Our Entire Backend", [12, 20]) == [
        "How Spotify",
        "Re-Created Our Enti…",
    ]
    assert wrap("Short", [12, 20]) == ["Short"]
    assert wrap("Supercalifragilistic", [8, 8]) == ["Supercal", "ifragil…"]


def test_first_fitting_takes_the_longest_form_that_fits() -> None:
    forms = ("6 queued · 42m + 4 unknown left", "6 queued · 42m", "6 queued")
    assert first_fitting(forms, 40) == forms[0]
    assert first_fitting(forms, 20) == "6 queued · 42m"
    assert first_fitting(forms, 8) == "6 queued"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_watchlist_shows_titles_and_a_whole_footer(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    harness = Harness(tmp_path)
    queued = _queue_with_an_unknown_length(harness)
    async with harness.app.run_test(size=size) as pilot:
        await settle(pilot)
        pane = main_screen(pilot).query_one(WatchlistPane)
        first = harness.catalogue.get(queued[0])
        assert first is not None
        prompt = pane.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        lines = prompt.split("\n")
        title_lines = [lines[0][6:].rsplit(" ", 1)[0].strip()] + [x.strip() for x in lines[1:]]
        shown = " ".join(title_lines)  # the title, its length (on the first line) left out
        if size == (120, 40):
            assert shown.startswith(first.title[:30].rsplit(" ", 1)[0])
            assert len(shown.rstrip("…")) >= 30
        unknown = [pane.get_option_at_index(i).prompt.plain for i in (4, 5)]  # type: ignore[union-attr]
        assert all(UNKNOWN_LENGTH in line.split("\n")[0] for line in unknown)
        assert all("?" not in line.split("\n")[0][-6:] for line in unknown)
        footer = str(pane.border_subtitle)
        assert footer.startswith("6 queued") or footer.startswith("6 · ")
        assert not footer.endswith("…")
        assert cell_len(footer) <= border_room(pane)


async def test_the_headers_say_what_they_count_and_help_explains_every_mark(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = plain(main_screen(pilot).query_one("#table-header"))
        assert "Marks" in header and "Length" in header and "Recaps" in header
        assert "◔" not in header and "Rx" not in header
        tooltip = str(main_screen(pilot).query_one("#table-header").tooltip)
        assert "Recaps: how many recaps recommend the session" in tooltip
        await pilot.press("question_mark")
        await until(lambda: isinstance(pilot.app.screen, HelpScreen), "help")
        text = pilot.app.screen.content.plain  # type: ignore[attr-defined]
    marks = {mark for mark, _ in LEGEND}
    drawn = {
        *session_table.STATUS_GLYPH.values(),
        session_table.UNWATCHED_GLYPH,
        session_table.QUEUED_GLYPH,
        session_table.VIDEO_GLYPH,
        session_table.UNCONFIRMED_GLYPH,
        session_table.SEARCH_GLYPH,
        "≈",
        "⚠",
        "↓",
        UNKNOWN_LENGTH,
    }
    assert drawn <= marks
    for mark in marks:
        assert f"  {mark}" in text, mark
    for column in ("Marks", "Length", "Recaps"):
        assert f"  {column}" in text
    assert len([m for m, _ in LEGEND if m == "?"]) == 1  # one meaning


async def test_the_export_toggles_read_on_or_off_in_text(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        dialog = await dialog_ready(pilot, ExportDialog)
        box = dialog.query_one("#export-watchlist", Checkbox)
        assert box.render().plain.startswith("[ ]")
        box.toggle()
        await until(lambda: box.render().plain.startswith("[x]"), "the box ticked")
        choices = {b.name: b.render().plain for b in dialog.query(RadioButton)}
        assert choices["to-watch"].startswith("(•) Still to watch")
        assert choices["all"].startswith("( ) Everything")
        assert "…" not in choices["to-watch"]


async def test_z_zooms_the_details_at_80x24_and_escape_brings_the_panes_back(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("enter")  # the details of the first session
        await until(lambda: isinstance(screen.focused, DetailsPane), "the details focused")
        small = screen.query_one(DetailsPane).size
        await pilot.press("z")
        await until(lambda: screen.maximized is screen.query_one(DetailsPane), "the zoom")
        await pilot.pause()
        big = screen.query_one(DetailsPane).outer_size
        assert big.width == 80 and big.height >= 22 > small.height
        await pilot.press("tab")  # the zoom follows the focus: the watchlist next
        await until(lambda: screen.maximized is screen.query_one(WatchlistPane), "zoom moved")
        await pilot.press("escape")
        await until(lambda: screen.maximized is None, "the panes back")
        await pilot.press("2", "z")
        await until(lambda: screen.maximized is screen.query_one("#sessions-pane"), "list")
        await pilot.press("z")
        await until(lambda: screen.maximized is None, "the panes back again")


async def test_the_session_list_footer_keeps_the_filter_and_drops_whole_parts(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"platform engineering", "enter")
        await settle(pilot)
        pane = main_screen(pilot).query_one("#sessions-pane")
        footer = str(pane.border_subtitle)
        assert "matching “platform engineering”" in footer
        assert not footer.endswith("…")
        assert cell_len(footer) <= border_room(pane)


async def test_no_zoom_in_a_terminal_too_small(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("z")
        await until(lambda: screen.maximized is not None, "the zoom")
        await pilot.resize_terminal(50, 12)
        await until(lambda: screen.maximized is None, "the zoom given up for the message")
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is None
