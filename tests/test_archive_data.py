"""The bundled catalogue (data/catalogue.yaml): every KubeCon since 2021, with data you can
trust.

The file's own checks need only the file; the build's checks (it is up to date, the
suspicious speakers are explained) need the shared KubeCon data and are skipped without it,
unless CI=true.
"""

from __future__ import annotations

import collections
import datetime
import sys
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.load import parse
from tests.conftest import shared_path
from tests.helpers import BUNDLED, CURATED, ROOT

ARCHIVE = BUNDLED  # the archive is what confplan bundles
OLD_IDS = ROOT / "tests" / "fixtures" / "catalogue-2023-2024-ids.txt"
EDITIONS = 12
SOURCE_SESSIONS = 4865
# The source holds 3,048 video ids; the cross-year check sets aside the ones that are
# another session's recording (docs/catalogue.md, "Recordings"), which leaves 2,970.
VIDEOS_AT_LEAST = 2950
WATCHABLE = {"talk", "keynote", "panel", "fireside-chat", "lightning", "workshop", "maintainer"}


@pytest.fixture(scope="module")
def archive() -> Catalogue:
    return parse(ARCHIVE, ARCHIVE.read_bytes())


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, Any], dict[str, Any]]:
    shared = shared_path("external-data", "kubecon-catalog-2021-2026").parents[1]
    sys.path.insert(0, str(ROOT / "data"))
    try:
        from archive.build import build

        return build(ROOT / "data", shared)
    finally:
        sys.path.remove(str(ROOT / "data"))


def test_every_edition_and_session_is_there(archive: Catalogue) -> None:
    assert len(archive) >= SOURCE_SESSIONS
    conferences = {s.conference for s in archive}
    assert len(conferences) == EDITIONS
    assert len(archive.document.conferences) == EDITIONS


def test_every_id_of_the_two_edition_catalogue_still_names_a_session(tmp_path: Any) -> None:
    """The 949 ids bundled before every edition was: each resolves, parsed or cached."""
    from confplan.opening import load_catalogue

    lines = OLD_IDS.read_text(encoding="utf-8").splitlines()
    old_ids = [line for line in lines if line and not line.startswith("#")]
    assert len(old_ids) == 949
    load_catalogue(BUNDLED, cache_dir=tmp_path)
    for catalogue in (
        parse(BUNDLED, BUNDLED.read_bytes()),
        load_catalogue(BUNDLED, cache_dir=tmp_path),
    ):
        missing = [sid for sid in old_ids if catalogue.get(sid) is None]
        assert missing == []
        moved = {
            sid: catalogue.canonical(sid) for sid in old_ids if catalogue.canonical(sid) != sid
        }
        assert moved == {"eu24-1YeOi": "eu24-opentofu-panel", "eu24-1YhHx": "eu24-opening-keynote"}


def test_two_entries_of_one_session_are_one(archive: Catalogue) -> None:
    names = {s.id for s in archive} | {alias for s in archive for alias in s.aliases}
    assert len(names) == len(archive) + sum(len(s.aliases) for s in archive)  # no clash
    opentofu = archive.get("eu24-opentofu-panel")
    assert opentofu is not None and opentofu.aliases == ("eu24-1YeOi",)
    assert opentofu.track == "Operations + Performance"
    assert archive.get("eu24-1YeOi") is opentofu


def test_the_recap_picks_are_recommended(archive: Catalogue) -> None:
    curated = yaml.safe_load(CURATED.read_text(encoding="utf-8"))["sessions"]
    assert archive.recommended_count() == len(curated) == 48
    for old in curated:
        session = archive.get(old["id"])
        assert session is not None and len(session.recommended_by) == len(old["recommended_by"])
        assert session.themes == tuple(old["themes"]), old["id"]


def test_enough_sessions_have_a_video(archive: Catalogue) -> None:
    videos = [s for s in archive if s.recording and s.recording.is_video]
    assert len(videos) >= VIDEOS_AT_LEAST
    assert all(s.recording and s.recording.confidence for s in videos)


def test_kubecon_eu_2026_has_its_schedule_in_amsterdam_time(archive: Catalogue) -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    started = [s for s in archive if s.conference == "kccnceu2026" and s.start is not None]
    assert len(started) >= 450
    for session in started:
        assert session.start is not None and session.start.utcoffset() is not None
        assert session.start.utcoffset() == session.start.astimezone(amsterdam).utcoffset()
        assert datetime.date(2026, 3, 22) <= session.start.date() <= datetime.date(2026, 3, 27)
        assert session.duration_source == "schedule" or session.duration_min is None
    keynote = [s for s in started if s.title == "Keynote: Welcome + Opening Remarks"]
    assert keynote and keynote[0].start.isoformat() == "2026-03-24T09:00:00+01:00"  # type: ignore[union-attr]


def test_speakers_the_audit_found_wrong_read_right(archive: Catalogue) -> None:
    def people(session_id: str) -> list[tuple[str, str | None]]:
        session = archive.get(session_id)
        assert session is not None
        return [(p.name, p.affiliation) for p in session.speakers]

    assert people("na23-1R2lz") == [
        ("Justin Head", "Super League Gaming"),
        ("Cornelia Davis", "Spectro Cloud"),
    ]
    assert people("eu24-1YeOX")[0] == ("Constanze Roedig", "Technische Universität Wien")
    assert people("eu24-1YeQT") == [("Michele Gazzetti", "IBM Research Europe - Ireland")]
    assert people("eu24-1YePY")[0] == ("Rajiv Ranjan Singh", "A.P. Moller - Maersk")
    assert people("na23-1R2pp")[0] == ("Goutam Verma", "Google Summer of Code")
    assert ("Blaine Gardner", "IBM") in people("eu24-1YhfB")
    cloudevents = archive.get("eu24-1aQWE")
    assert cloudevents is not None and cloudevents.speakers == ()
    assert cloudevents.title.startswith("CloudEvents - Don't Call Us, We'll Call You")
    names = {p.name for s in archive for p in s.speakers}
    assert not names & {"SOLD OUT", "AM Kiosks", "Ireland", "Maersk", "Don't Call Us"}


def test_kinds_say_what_is_not_a_talk(archive: Catalogue) -> None:
    for session_id in ("eu24-1Yhgy", "eu24-1aQhf", "eu24-1bNO8", "eu24-1YvQF", "eu24-1YvQ9"):
        session = archive.get(session_id)
        assert session is not None and session.kind == "cancelled", session_id
    kinds = collections.Counter(s.kind for s in archive if s.title == "Badge Pick-Up")
    assert set(kinds) == {"logistics"}
    maintainer = [s for s in archive if s.track == "Maintainer Track" and not s.recommended_by]
    assert {s.kind for s in maintainer} <= {"maintainer", "cancelled", "other", "keynote"}


def test_themes_cover_the_sessions_to_watch(archive: Catalogue) -> None:
    watch = [s for s in archive if s.kind in WATCHABLE]
    missing = [s for s in watch if not s.themes]
    assert len(missing) <= 0.10 * len(watch)
    maintainer = [s for s in watch if s.kind == "maintainer"]
    assert sum(not s.themes for s in maintainer) <= 0.10 * len(maintainer)
    iac = [s for s in archive if " IaC " in f" {s.title} "]
    assert iac and all("iac-opentofu" in s.themes for s in iac)


def test_most_recordings_have_a_length_with_its_source(archive: Catalogue) -> None:
    videos = [s for s in archive if s.recording and s.recording.is_video]
    assert sum(s.duration_min is not None for s in videos) >= 0.60 * len(videos)
    for session in archive:
        if session.duration_source is not None:
            assert session.duration_min is not None, session.id
        elif session.duration_min is not None:  # only the recaps' checked lengths
            assert session.recommended_by, session.id


def test_generic_titles_are_never_sure_matches(archive: Catalogue) -> None:
    for session in archive:
        generic = "Opening Remarks" in session.title or "Project Updates" in session.title
        if generic and session.recording and session.recording.is_video and session.track:
            assert session.recording.confidence == "low", session.id


def test_the_catalogue_is_what_the_build_makes(
    built: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """data/build_programmes.py writes exactly the bundled catalogue and its snapshot."""
    document, _ = built
    from build_programmes import render, render_snapshot  # type: ignore[import-not-found]

    text = render(document)
    assert text == BUNDLED.read_text(encoding="utf-8")
    snapshot = BUNDLED.with_name("catalogue.snapshot.json")
    assert render_snapshot(text) == snapshot.read_text(encoding="utf-8")


def test_suspicious_speakers_are_few_and_each_explained(
    built: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    document, made = built
    from archive.build import suspicious_speakers  # type: ignore[import-not-found]

    found = suspicious_speakers(document, made["known"])
    with_speakers = sum(1 for s in document["sessions"] if s.get("track") and s.get("speakers"))
    assert len(found) <= 0.01 * with_speakers
    explained = made["curation"]["speakers"]
    assert sorted(set(found) - set(explained)) == []
