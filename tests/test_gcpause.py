"""The collector is paused for bulk work and given back as it was, errors or not."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from confplan.catalogue.load import CatalogueError
from confplan.gcpause import paused_gc
from confplan.opening import load_catalogue
from tests.helpers import MINI, write_catalogue


def test_the_collector_is_paused_and_given_back() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()


def test_a_parse_gives_the_collector_back_even_when_it_fails(tmp_path: Path) -> None:
    good = write_catalogue(tmp_path / "good")
    bad = write_catalogue(tmp_path / "bad", MINI.replace("title: Mini", "title: [unclosed"))
    assert load_catalogue(good).id == "mini" and gc.isenabled()
    with pytest.raises(CatalogueError):
        load_catalogue(bad)
    assert gc.isenabled()
