"""Editions in the UI and the command line: a Conferences list in the themes pane, the
header naming scope and edition, `--conference` by id, name, city or year, status per
edition, and the agenda of KubeCon EU 2026 (the one edition with times)."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan import query
from confplan.catalogue.catalogue import Catalogue
from confplan.errors import BadInputError
from confplan.opening import load_catalogue
from confplan.planner.state import PROGRAMME, PlannerState
from confplan.planner.tallies import CONFERENCE
from confplan.tui.screens.agenda import AgendaScreen
from tests.helpers import BUNDLED
from tests.tui import Harness, main_screen, settle


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(BUNDLED)


@pytest.mark.parametrize(
    ("word", "edition"),
    [
        ("kccnceu2026", "kccnceu2026"),
        ("paris", "kccnceu2024"),
        ("Chicago", "kccncna2023"),
        ("2022", None),  # two editions: ambiguous
        ("amsterdam 2026", "kccnceu2026"),
        ("Europe 2024", "kccnceu2024"),
        ("KubeCon + CloudNativeCon North America 2021", "kccncna2021"),
        ("hong kong", "kccncchn2025"),
    ],
)
def test_an_edition_by_id_name_city_or_year(
    catalogue: Catalogue, word: str, edition: str | None
) -> None:
    if edition is None:
        with pytest.raises(BadInputError, match="ambiguous"):
            query.resolve_conference(catalogue, word)
    else:
        assert query.resolve_conference(catalogue, word) == edition


def test_list_conference_by_year_or_city(run_cli, catalogue: Catalogue) -> None:
    code, out, _ = run_cli("list", "--conference", "paris", "--all", "--format", "ids")
    assert code == 0
    assert set(out.split()) == {s.id for s in catalogue if s.conference == "kccnceu2024"}
    code, out, err = run_cli("list", "--conference", "2025")
    assert (code, out) == (2, "")
    assert "conference '2025' is ambiguous: it matches" in err
    for edition in ("kccnceu2025", "kccncchn2025", "kccncna2025"):
        assert edition in err
    code, _, err = run_cli("list", "--conference", "amsterdam")
    assert code == 2 and "kccnceu2023" in err and "kccnceu2026" in err
    code, _, err = run_cli("list", "--conference", "atlantis")
    assert code == 2 and "unknown conference 'atlantis'" in err


def test_status_per_edition(run_cli) -> None:
    assert run_cli("mark", "eu24-spotify-backend", "watched")[0] == 0
    _, out, _ = run_cli("status")
    lines = out.splitlines()
    at = lines.index("By conference (watched / talks)")
    editions = lines[at + 1 : at + 13]
    assert editions[0].split()[:5] == ["KubeCon", "+", "CloudNativeCon", "Europe", "2026"]
    assert editions[0].endswith("(kccnceu2026)")  # newest first
    paris = next(line for line in editions if line.endswith("(kccnceu2024)"))
    assert " 1/" in paris


def test_the_agenda_of_kubecon_eu_2026(run_cli) -> None:
    code, out, _ = run_cli("agenda", "--conference", "kccnceu2026")
    assert code == 0
    assert out.splitlines()[0].startswith("times in Europe/Amsterdam")
    assert "Sun 22 Mar 2026 · day 1 of 5" in out
    code, out, err = run_cli("agenda", "--conference", "paris")
    assert (code, out) == (0, "")
    assert "Europe 2024 has no session times" in err and "--conference kccnceu2026" in err


def test_the_planner_shows_one_edition(catalogue: Catalogue) -> None:
    state = PlannerState(catalogue, scope=PROGRAMME)
    counts = {c.theme_id: c for c in state.theme_counts()}
    assert counts[CONFERENCE].name == "All editions" and counts[CONFERENCE].total == len(catalogue)
    eu26 = counts[CONFERENCE + "kccnceu2026"]
    assert eu26.name == "Amsterdam 2026"
    state.set_theme(CONFERENCE + "kccnceu2026")
    assert state.conference == "kccnceu2026" and len(state.view) == eu26.total
    assert all(catalogue.sessions[i].conference == "kccnceu2026" for i in state.view)
    security = next(c for c in state.theme_counts() if c.theme_id == "security")
    state.set_theme("security")  # a theme within the edition
    assert len(state.view) == security.total
    assert state.conference == "kccnceu2026"
    state.set_theme(CONFERENCE)  # every edition again
    assert state.conference is None and state.theme is None
    assert len(state.view) == len(catalogue)


async def test_the_conferences_list_header_and_agenda(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("p", "1")
        themes = screen.query_one("#themes")
        at = next(
            i
            for i in range(themes.option_count)
            if themes.theme_at(i) == CONFERENCE + "kccnceu2026"
        )
        themes.highlighted = at
        await settle(pilot)
        title = str(screen.query_one("#title-bar").visual)
        assert "Whole programme · Amsterdam 2026 · 575" in title
        headings = [themes.get_option_at_index(i).id for i in range(themes.option_count)]
        assert headings.index("heading:conferences") < headings.index("heading:tracks")
        await pilot.press("a")
        await settle(pilot)
        agenda = pilot.app.screen
        assert isinstance(agenda, AgendaScreen)
        assert str(agenda.timetable.zone) == "Europe/Amsterdam"
        assert {s.session.conference for s in agenda.timetable.slots} == {"kccnceu2026"}
        assert len(agenda.timetable.slots) >= 450
