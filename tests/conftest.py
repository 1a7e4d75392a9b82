"""Every test runs with its own data, cache and catalogue settings under tmp_path.

Fixtures here: `isolated_paths` (autouse: data, cache, config and home under
tmp_path), `data_dir`, `run_cli` (confplan in-process, its exit code and output).
The helpers tests import are described in tests/helpers.py (paths, the shared
data: `shared_path`, waiting on a condition: `wait_until`) and tests/tui.py
(driving the TUI: `Harness`, `settle`, `until`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import shared_path

__all__ = ["shared_path"]  # tests import it from here too


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data-dir"
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(data))
    monkeypatch.setenv("CONFPLAN_CACHE_DIR", str(tmp_path / "cache-dir"))
    monkeypatch.setenv("CONFPLAN_CONFIG_DIR", str(tmp_path / "config-dir"))
    monkeypatch.delenv("CONFPLAN_CATALOGUE", raising=False)
    monkeypatch.delenv("CONFPLAN_DEBUG", raising=False)
    monkeypatch.delenv("CONFPLAN_NO_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return data


@pytest.fixture
def data_dir(isolated_paths: Path) -> Path:
    return isolated_paths


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run confplan in-process; return (exit code, stdout, stderr)."""
    from confplan.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
