"""The benchmark catalogues (synthetic and the real KubeCon one) are valid catalogues."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from confplan.opening import load_catalogue
from tests.conftest import shared_path
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import catalogues


@pytest.mark.parametrize("size", [1, 200, 1000])
def test_synthetic_catalogues_validate(tmp_path: Path, size: int) -> None:
    document, recap = catalogues.synthetic(size)
    path = catalogues.write_catalogue(document, recap, tmp_path / "c")
    catalogue = load_catalogue(path)
    assert len(catalogue) == size
    assert catalogue.id == f"synthetic-{size}"
    assert all(s.themes and s.speakers and s.recording for s in catalogue)


def test_synthetic_catalogues_are_repeatable(tmp_path: Path) -> None:
    first = catalogues.write_catalogue(*catalogues.synthetic(300), tmp_path / "a")
    second = catalogues.write_catalogue(*catalogues.synthetic(300), tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_the_kubecon_catalogue_converts_and_validates(tmp_path: Path) -> None:
    jsonl = shared_path(
        "external-data", "kubecon-catalog-2021-2026", "kubecon-all-tracks-sessions.derived.jsonl"
    )
    document, recap = catalogues.kubecon(jsonl)
    catalogue = load_catalogue(catalogues.write_catalogue(document, recap, tmp_path / "k"))
    assert len(catalogue) == 4865
    assert len(catalogue.conferences) == 12
    videos = [s for s in catalogue if s.recording and s.recording.is_video]
    assert len(videos) == 3048
    spotify = [s for s in catalogue if s.title.startswith("How Spotify Re-Created Our Entire")]
    assert len(spotify) == 1
    assert [sp.name for sp in spotify[0].speakers] == ["Nick Rutigliano", "Daniel de Repentigny"]
    assert spotify[0].speakers[0].affiliation == "Spotify"
    assert spotify[0].recording.url.endswith("Iw5Tox2H87A")
