"""The end-to-end driver runs (a small catalogue, a few keys), so it cannot rot. No timing
is asserted: the figures belong in docs/PERFORMANCE.md, not in a test."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

from tests.helpers import ROOT, write_catalogue


def _driver():  # type: ignore[no-untyped-def]
    path = ROOT / "benchmarks" / "pty_driver.py"
    spec = importlib.util.spec_from_file_location("pty_driver", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["pty_driver"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_pty_driver_measures_a_small_catalogue(tmp_path: Path, capsys) -> None:
    catalogue = write_catalogue(tmp_path / "c")
    driver = _driver()
    argv = ["--runs", "1", "--typing", "se", "--cold", "--commands", "1"]
    assert driver.main([*argv, "--catalogue", str(catalogue)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    cases = [row["case"] for row in rows]
    assert cases == [
        "minimal Textual app",
        "echo into an Input",
        "confplan warm: catalogue.yaml",
        "confplan cold: catalogue.yaml",
        "confplan mark ID watched: catalogue.yaml",
    ]
    warm = rows[2]
    assert warm["startup_ms"] > 0 and warm["peak_mib"] > 0 and "startup_ratio" in warm
    assert {"key_p50_ms", "key_p95_ms", "key_max_ms", "first_key_ms"} <= set(warm)
    cold = rows[3]
    assert cold["bare_parse_ms"] > 0 and cold["vs_bare_parse"] > 0
    marked = rows[4]
    assert marked["ms"] > 0 and marked["ratio"] > 0 and marked["floor_python_pass_ms"] > 0


def test_the_start_up_milestones_are_noted_in_a_terminal(tmp_path: Path) -> None:
    """benchmarks/startup_milestones.py runs the TUI in a pty and notes each milestone,
    up to the first frame holding the first row's title."""
    driver = _driver()
    catalogue = write_catalogue(tmp_path / "c")
    out = tmp_path / "milestones.txt"
    script = ROOT / "benchmarks" / "startup_milestones.py"
    argv = [sys.executable, str(script), str(out), "Session one"]
    argv += ["--catalogue", str(catalogue), "--data-dir", str(tmp_path / "data")]
    env = driver.child_env(CONFPLAN_CACHE_DIR=str(tmp_path / "cache"))
    terminal = driver.Terminal(argv, env)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and not (
            out.exists() and out.read_text().endswith("\n")  # the line, then it exits
        ):
            terminal.settle(quiet=0.05, timeout=0.5)  # read what it draws meanwhile
    finally:
        terminal.stop()
    names = [part.rsplit(" ", 1)[0] for part in out.read_text().strip().split(" | ")]
    for name in ("textual.app", "catalogue done", "app mount", "compose", "screen mount"):
        assert name in names
    assert names[-1].endswith("*")  # the first frame holding the title ends the line
