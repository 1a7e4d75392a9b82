"""The bundled catalogue: valid, complete against the research table, faithful to the seeds."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
import yaml

from confplan.catalogue.catalogue import Catalogue
from confplan.opening import load_catalogue
from confplan.text import fold
from tests.conftest import shared_path
from tests.helpers import BUNDLED, CURATED, ROOT

EVENTS = {
    "KubeCon EU 2024 keynote": "eu2024-keynotes",
    "KubeCon EU 2024 keynote panel": "eu2024-keynotes",
    "KubeCon EU 2024 main": "eu2024-main",
    "KubeCon EU 2024": "eu2024-main",
    "Platform Engineering Day": "eu2024-platform-engineering-day",
    "AppDeveloperCon": "eu2024-appdevelopercon",
    "ArgoCon": "eu2024-argocon",
    "BackstageCon": "eu2024-backstagecon",
    "Multi-TenancyCon": "eu2024-multi-tenancycon",
    "Cloud Native StartupFest": "eu2024-startupfest",
    "OpenShift Commons Gathering": "eu2024-openshift-commons",
    "OpenTofu Day": "eu2024-opentofu-day",
    "KubeCon NA 2023 keynote": "na2023-keynotes",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(BUNDLED)


def research_rows() -> list[dict[str, str]]:
    path = shared_path("research", "recap-sessions.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_bundled_catalogue_validates(catalogue: Catalogue) -> None:
    assert catalogue.id == "kubecon-recaps"
    assert len(catalogue) >= 48
    assert set(catalogue.conferences) == {
        *(f"kccnceu{year}" for year in range(2021, 2027)),
        *(f"kccncna{year}" for year in range(2021, 2026)),
        "kccncchn2025",
    }
    assert all(s.conference in catalogue.conferences for s in catalogue)


def test_every_research_row_is_in_the_catalogue(catalogue: Catalogue) -> None:
    rows = research_rows()
    assert len(rows) == 48
    by_title = {s.title: s for s in catalogue}
    recap_files = {r.id: Path(r.file).name for r in catalogue.recaps.values()}
    for row in rows:
        session = by_title.get(row["title"])
        assert session is not None, f"missing: {row['title']}"
        if row["official_title"]:
            assert session.official_title == row["official_title"], session.id
        assert session.event == EVENTS[row["event"]], session.id
        if row["day"]:
            assert session.date is not None and session.date.isoformat() == row["day"], session.id
        if row["duration_min"]:
            assert session.duration_min == int(row["duration_min"]), session.id
        if row["sched_url"]:
            assert session.schedule_url == row["sched_url"], session.id
        recording = session.recording
        assert recording is not None, session.id
        if row["youtube_id"]:
            assert recording.kind == "video", session.id
            assert recording.url == f"https://www.youtube.com/watch?v={row['youtube_id']}"
            assert recording.confidence == row["id_confidence"], session.id
        else:
            assert recording.kind == "search", session.id
            assert recording.url.startswith("https://www.youtube.com/results?search_query=")
        cited = {recap_files[r.recap] for r in session.recommended_by}
        assert cited == set(row["recaps"].split(";")), session.id
        for speaker in session.speakers:
            if row["speakers"] and "Datadog" not in row["event"] + row["speakers"]:
                assert fold(speaker.name) in fold(row["speakers"]), (session.id, speaker.name)


def test_every_seed_file_is_referenced_and_bundled(catalogue: Catalogue) -> None:
    seeds = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert len(seeds) == 5
    referenced = sorted(catalogue.seed_path(r).name for r in catalogue.recaps.values())
    assert referenced == seeds
    # The seeds beside the catalogue's folder: the project's seeds/ in a checkout, their
    # copy inside the package when installed as a wheel (byte for byte the same files).
    bundle = BUNDLED.resolve().parent.parent
    for recap in catalogue.recaps.values():
        path = catalogue.seed_path(recap)
        assert path.parent == (bundle / "seeds").resolve()
        assert path.read_bytes() == (ROOT / "seeds" / path.name).read_bytes()


def test_seeds_are_byte_identical_to_the_shared_originals() -> None:
    shared = shared_path("seeds")
    ours = {p.name: p for p in (ROOT / "seeds").iterdir()}
    theirs = {p.name: p for p in shared.iterdir()}
    assert ours.keys() == theirs.keys()
    for name, path in ours.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == hashlib.sha256(theirs[name].read_bytes()).hexdigest(), name


# Sessions that a recap describes without naming: the passage must still show it.
DESCRIBED = {
    "eu24-kaito-keynote": "kaito",
    "eu24-opening-keynote": "responsible innovation",
    "eu24-wasm-keynote-panel": "spinkube",
    "na23-datadog-outage-keynote": "datadog",
}


def test_each_recommendation_points_at_a_passage_naming_the_session(catalogue: Catalogue) -> None:
    for session in catalogue:
        for rec in session.recommended_by:
            excerpt = fold(catalogue.excerpt(rec.recap, rec.lines) or "")
            assert excerpt, (session.id, rec.recap)
            if session.id in DESCRIBED:
                assert DESCRIBED[session.id] in excerpt, (session.id, rec.recap)
                continue
            names = [session.title, session.official_title or ""]
            names += [s.name for s in session.speakers]
            # Curly and straight apostrophes differ between the recaps and the schedule.
            excerpt = excerpt.replace("’", "'")
            assert any(n and fold(n)[:25] in excerpt for n in names), (session.id, rec.recap)


def test_sessions_have_themes_and_our_own_reasons(catalogue: Catalogue) -> None:
    seed_text = fold(" ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").iterdir()))
    for session in catalogue:
        if session.recommended_by:  # the recaps' sessions have themes chosen by hand
            assert session.themes, session.id
        for rec in session.recommended_by:
            assert len(rec.why.split()) >= 6, (session.id, rec.why)
            # A reason is a summary, not a quotation: no long run copied from a recap.
            words = fold(rec.why).split()
            for start in range(max(0, len(words) - 7)):
                run = " ".join(words[start : start + 8])
                assert run not in seed_text, (session.id, run)


def test_themes_the_issue_names_are_present(catalogue: Catalogue) -> None:
    names = " ".join(fold(t.name) for t in catalogue.themes.values())
    for word in [
        "platform engineering",
        "product thinking",
        "developer experience",
        "ai",
        "security",
        "webassembly",
        "dapr",
        "opentofu",
        "sustainability",
        "observability",
        "open source",
        "vmware",
        "community",
    ]:
        assert word in names, word
    curated = {t["id"] for t in yaml.safe_load(CURATED.read_text(encoding="utf-8"))["themes"]}
    assert curated <= set(catalogue.themes)
    for theme in catalogue.themes.values():
        # every theme is described; the recaps' own themes say which recaps stress them
        # (the themes added for the other editions, Kubernetes itself and the like, none)
        assert theme.description, theme.id
        assert bool(theme.stressed_by) == (theme.id in curated), theme.id


def test_recordings_without_an_id_are_searches_not_videos(catalogue: Catalogue) -> None:
    for session in catalogue:
        recording = session.recording
        assert recording is not None
        if recording.kind == "search":
            assert "youtube.com/results" in recording.url
            assert recording.confidence is None
        else:
            assert "watch?v=" in recording.url and recording.confidence in ("high", "medium", "low")
