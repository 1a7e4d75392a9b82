"""The core (catalogue, progress, query, export, CLI for scripts) never imports Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import BUNDLED

CORE_MODULES = [
    "confplan.catalogue",
    "confplan.catalogue.models",
    "confplan.catalogue.catalogue",
    "confplan.catalogue.yamlsafe",
    "confplan.catalogue.schema",
    "confplan.catalogue.load",
    "confplan.catalogue.cache",
    "confplan.catalogue.files",
    "confplan.catalogue.entry",
    "confplan.catalogue.sessions",
    "confplan.gcpause",
    "confplan.progress",
    "confplan.progress.store",
    "confplan.progress.database",
    "confplan.progress.schema",
    "confplan.progress.undo",
    "confplan.preferences",
    "confplan.export",
    "confplan.export_selection",
    "confplan.export_json",
    "confplan.export_ics",
    "confplan.export_m3u",
    "confplan.watching",
    "confplan.cli.watch_cmds",
    "confplan.htmltext",
    "confplan.opening",
    "confplan.importers.frab_xml",
    "confplan.importers.common",
    "confplan.importers.values",
    "confplan.importers.output",
    "confplan.importers.errors",
    "confplan.importers.recurrence",
    "confplan.importers.schedule_json",
    "confplan.importers.ical",
    "confplan.importers.update",
    "confplan.cli.import_cmd",
    "confplan.progress.summary",
    "confplan.progress.transfer",
    "confplan.query",
    "confplan.text",
    "confplan.paths",
    "confplan.cli",
    "confplan.cli.catalogue_cmds",
    "confplan.cli.progress_cmds",
    "confplan.cli.status_cmds",
]


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.splitlines()[-1]))


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert module in loaded
    assert "textual" not in loaded


def test_a_warm_cache_needs_neither_pydantic_nor_yaml(tmp_path) -> None:
    cache = tmp_path / "cache"
    code = (
        "from pathlib import Path\n"
        "from confplan.opening import load_catalogue\n"
        f"c = load_catalogue(Path({str(BUNDLED)!r}), cache_dir=Path({str(cache)!r}),"
        " trust_snapshot=False)\n"
        "assert len(c) >= 48\n"
    )
    cold = _modules_after(code)
    assert "pydantic" in cold and "yaml" in cold  # the first load parses
    warm = _modules_after(code)
    assert "pydantic" not in warm
    assert "yaml" not in warm
    assert "textual" not in warm
