"""Every test runs with its own data, cache and catalogue settings under tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import SHARED


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
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run confplan in-process; return (exit code, stdout, stderr)."""
    from confplan.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            raise AssertionError(f"{path} is missing: CI runs with ../shared beside the project")
        pytest.skip(f"{path} is not available here")
    return path
