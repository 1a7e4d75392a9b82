"""The pty driver's cold `list` case runs (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write_catalogue
from tests.test_benchmark_pty import _driver


def test_a_cold_list_is_timed_against_the_bare_parse(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "c")
    (row,) = _driver().cold_list_rows(catalogue, 1, tmp_path / "work")
    assert row["case"] == "confplan cold list: catalogue.yaml"
    assert row["ms"] > 0 and row["bare_parse_ms"] > 0 and row["vs_bare_parse"] > 0
    assert row["peak_mib"] > 0 and row["bare_parse_peak_mib"] > 0
