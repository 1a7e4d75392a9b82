"""The whole programme: every KubeCon programme since 2021 bundled, the recaps' picks laid
over them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from confplan.tui.screens.main import MainScreen
from tests.conftest import shared_path
from tests.helpers import BUNDLED, CURATED, ROOT
from tests.tui import Harness, main_screen, settle

# Every session of each edition's programme (the source's 4,865), by conference.
PROGRAMME_SIZE = {
    "kccnceu2021": 313,
    "kccncna2021": 295,
    "kccnceu2022": 313,
    "kccncna2022": 367,
    "kccnceu2023": 417,
    "kccncna2023": 426,
    "kccnceu2024": 496,
    "kccncna2024": 497,
    "kccncchn2025": 108,
    "kccnceu2025": 548,
    "kccncna2025": 510,
    "kccnceu2026": 575,
}


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_programmes", ROOT / "data" / "build_programmes.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["build_programmes"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    return load_catalogue(BUNDLED)


def test_the_build_checks_the_bundled_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    """`--check` builds every edition, writes nothing, and finds both files current; the
    report lists the checked facts that differ from the programme ("id (programme id):
    field: ...")."""
    shared = shared_path("external-data", "kubecon-catalog-2021-2026").parents[1]
    builder = _builder()
    before = BUNDLED.stat().st_mtime_ns
    assert builder.main(["--check", "--shared", str(shared)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == "data/catalogue.yaml is up to date"
    differences = [line for line in printed if line.startswith("checked facts win: ")]
    assert differences and all(line.count(":") >= 3 for line in differences)
    assert BUNDLED.stat().st_mtime_ns == before


def test_every_programme_session_and_every_recap_session_is_there(catalogue) -> None:  # type: ignore[no-untyped-def]
    curated = yaml.safe_load(CURATED.read_text(encoding="utf-8"))["sessions"]
    for old in curated:
        session = catalogue.get(old["id"])
        assert session is not None, old["id"]
        assert len(session.recommended_by) == len(old["recommended_by"]), old["id"]
        assert session.themes == tuple(old["themes"]), old["id"]  # curated themes stay
    scheduled = [s for s in catalogue if s.track is not None]  # every programme session
    for conference, size in PROGRAMME_SIZE.items():
        assert sum(s.conference == conference for s in scheduled) == size
    assert len(catalogue) == sum(PROGRAMME_SIZE.values()) + sum(
        1 for old in curated if not catalogue.get(old["id"]).track
    )
    merged = catalogue.get("eu24-spotify-backend")
    assert merged.track == "Platform Engineering"
    assert catalogue.recommended_count() == len(curated)


def test_the_preview_interests_have_sessions(catalogue) -> None:  # type: ignore[no-untyped-def]
    for theme in ("vmware-alternatives", "webassembly", "oss-business"):
        assert sum(theme in s.themes for s in catalogue) >= 2, theme
    kubevirt = [s for s in catalogue if "KubeVirt" in s.title]
    assert kubevirt and all("vmware-alternatives" in s.themes for s in kubevirt)


def test_speakers_are_people_with_affiliations(catalogue) -> None:  # type: ignore[no-untyped-def]
    _builder()
    sys.path.insert(0, str(ROOT / "data"))
    try:
        from archive import speakers  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "data"))
    lines = [
        "Maciej Szulik, Red Hat & Janet Kuo, Google",
        "Jose Gomez-Selles & Kevin Dubois, Red Hat",
        "A Person, Senior Engineer, Datadog & B Person, Principal Engineer, Datadog",
        "Michael Hoffmann, Aiven GmbH & Giedrius Statkevičius, Vinted",
        "Máirín Duffy, Red Hat, Inc. & Conor Cowman, Red Hat",
    ]
    # What the build knows, learnt from the speaker lines of every edition.
    known = speakers.learn(f"A Title - {line}" for line in lines)

    def parse(text: str) -> list[tuple[str, str | None, str | None]]:
        found = speakers.parse(text, known)
        return [(p["name"], p.get("affiliation"), p.get("role")) for p in found]

    assert parse("Maciej Szulik, Red Hat & Janet Kuo, Google") == [
        ("Maciej Szulik", "Red Hat", None),
        ("Janet Kuo", "Google", None),
    ]
    assert parse("Jose Gomez-Selles & Kevin Dubois, Red Hat") == [
        ("Jose Gomez-Selles", "Red Hat", None),
        ("Kevin Dubois", "Red Hat", None),
    ]
    assert parse("A Person, Senior Engineer, Datadog & B Person, Principal Engineer, Datadog") == [
        ("A Person", "Datadog", "Senior Engineer"),
        ("B Person", "Datadog", "Principal Engineer"),
    ]
    assert parse("Michael Hoffmann, Aiven GmbH & Giedrius Statkevičius, Vinted") == [
        ("Michael Hoffmann", "Aiven GmbH", None),
        ("Giedrius Statkevičius", "Vinted", None),
    ]
    assert parse("Máirín Duffy, Red Hat, Inc. & Conor Cowman, Red Hat")[0] == (
        "Máirín Duffy",
        "Red Hat, Inc.",
        None,
    )
    assert parse("Solo Speaker") == [("Solo Speaker", None, None)]
    session = catalogue.get("eu24-1Yhii")
    assert [(p.name, p.affiliation) for p in session.speakers] == [
        ("Michael Hoffmann", "Aiven GmbH"),
        ("Giedrius Statkevičius", "Vinted"),
    ]
    assert "Michael Hoffmann" not in session.title


def test_a_video_shared_by_several_sessions_is_flagged(catalogue) -> None:  # type: ignore[no-untyped-def]
    by_video: dict[str, list] = {}
    for session in catalogue:
        if session.recording and session.recording.is_video and not session.recommended_by:
            by_video.setdefault(session.recording.url, []).append(session)
    shared = [sessions for sessions in by_video.values() if len(sessions) > 1]
    assert shared
    for sessions in shared:
        for session in sessions:
            assert session.recording.confidence == "low", session.id
            # the note says why: the video fits several sessions, or its title recurs
            note = session.recording.note or ""
            assert "sessions" in note or "recurs every year" in note, session.id
    lightning = [s for s in catalogue if s.kind == "lightning" and not s.speakers]
    assert lightning or any(not s.speakers for s in catalogue)  # no speaker: honestly empty


def test_list_recommended_track_and_conference(run_cli, catalogue) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("list", "--recommended", "--format", "ids")
    assert code == 0
    assert set(out.split()) == {s.id for s in catalogue if s.recommended_by}
    code, out, _ = run_cli(
        "list", "--track", "security", "--conference", "Chicago", "--format", "ids"
    )
    assert code == 0 and out.split()
    for session_id in out.split():
        session = catalogue.get(session_id)
        assert session.track == "Security" and session.conference == "kccncna2023"
    code, _, err = run_cli("list", "--track", "no such track")
    assert code == 2 and "unknown track" in err


def test_progress_saved_before_the_upgrade_survives(
    tmp_path: Path, run_cli, data_dir: Path
) -> None:
    """A store written against the 48-session catalogue: every entry still has its session."""
    curated = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    data_dir.mkdir(parents=True)
    ids = [s["id"] for s in curated["sessions"]]
    with ProgressStore(data_dir / "progress.sqlite3") as store:
        store.watch(curated["id"], ids[:5])
        store.mark(curated["id"], ids[5], "watched")
        store.rate(curated["id"], ids[6], 4)
    code, out, _ = run_cli("status")
    assert code == 0 and "no longer in this catalogue" not in out
    code, out, _ = run_cli("list", "--watchlist", "--format", "ids")
    assert out.split() == ids[:5]


async def test_switching_scope_keeps_the_watchlist(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.state.scope == "recommended" and len(screen.state.view) == 48
        await pilot.press("p")
        assert screen.state.scope == "programme"
        assert len(screen.state.view) == len(harness.catalogue)
        assert f"Whole programme · {len(harness.catalogue)}" in str(
            screen.query_one("#title-bar").visual
        )
        await pilot.press("1")
        themes = screen.query_one("#themes")
        wasm = next(i for i in range(themes.option_count) if themes.theme_at(i) == "webassembly")
        themes.highlighted = wasm
        await pilot.press("enter")
        assert len(screen.state.view) >= 2
        await pilot.press("w", "j", "w")
        await settle(pilot)
        queued = harness.queue()
        assert len(queued) == 2
        await pilot.press("p")
        assert screen.state.scope == "recommended"
        await settle(pilot)
        assert harness.queue() == queued
        watchlist = [entry.session for entry, _ in screen.state.watchlist()]
        assert watchlist == queued


async def test_choosing_a_track_filters_like_a_theme(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen: MainScreen = main_screen(pilot)
        await pilot.press("p", "1")
        themes = screen.query_one("#themes")
        index = next(
            i for i in range(themes.option_count) if themes.theme_at(i) == "track:Security"
        )
        themes.highlighted = index
        await pilot.pause()
        expected = sum(s.track == "Security" for s in harness.catalogue)
        assert len(screen.state.view) == expected
        assert "track Security" in str(screen.query_one("#sessions-pane").border_title)


def test_the_snapshot_gives_exactly_what_parsing_gives() -> None:
    from confplan.catalogue import snapshot

    parsed = load_catalogue(BUNDLED, trust_snapshot=False).document
    assert snapshot.load(BUNDLED, BUNDLED.read_bytes()) == parsed
    assert load_catalogue(BUNDLED).document == parsed


def test_a_stale_or_damaged_snapshot_is_ignored(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from confplan.catalogue import snapshot

    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    yaml_path = folder / "catalogue.yaml"
    yaml_path.write_bytes(BUNDLED.read_bytes())
    frozen = snapshot.snapshot_path(BUNDLED).read_text(encoding="utf-8")
    # A snapshot whose title differs shows which one was read.
    snapshot.snapshot_path(yaml_path).write_text(
        frozen.replace('"title":"KubeCon 2021-2026', '"title":"From the snapshot', 1)
    )
    monkeypatch.setattr("confplan.catalogue.load.bundled_catalogue", lambda: yaml_path)
    assert load_catalogue(yaml_path).title.startswith("From the snapshot")
    assert load_catalogue(yaml_path, trust_snapshot=False).title.startswith("KubeCon 2021-2026")
    yaml_path.write_bytes(BUNDLED.read_bytes() + b"# edited\n")  # the hash no longer matches
    assert load_catalogue(yaml_path).title.startswith("KubeCon 2021-2026")
    snapshot.snapshot_path(yaml_path).write_text('{"format": "confplan-catalogue-snapshot"')
    assert load_catalogue(yaml_path).title.startswith("KubeCon 2021-2026")


def test_a_first_start_needs_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    import json
    import subprocess

    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from confplan.opening import load_catalogue\n"
        "from confplan.paths import bundled_catalogue\n"
        f"c = load_catalogue(bundled_catalogue(), cache_dir=Path({str(tmp_path)!r}))\n"
        "print(json.dumps([len(c), 'pydantic' in sys.modules, 'yaml' in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [len(load_catalogue(BUNDLED)), False, False]


@pytest.mark.parametrize("sort", ["consensus", "date", "title", "duration"])
def test_the_recommended_scope_is_the_programme_s_order_narrowed(catalogue, sort: str) -> None:  # type: ignore[no-untyped-def]
    """The recommended sessions are sorted alone (quicker at 100,000 sessions): their
    order is the whole programme's order with the others left out."""
    from confplan.planner.state import PROGRAMME, RECOMMENDED, PlannerState

    recommended = PlannerState(catalogue, sort=sort, scope=RECOMMENDED)
    programme = PlannerState(catalogue, sort=sort, scope=PROGRAMME)
    held = set(recommended.view)
    assert len(held) > 1 and held < set(programme.view)
    assert recommended.view == [i for i in programme.view if i in held]
