"""The documentation's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import ROOT


def test_the_catalogue_format_example_validates(tmp_path: Path, run_cli) -> None:
    doc = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert example is not None
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "paris.md").write_text(
        "".join(f"line {n}\n" for n in range(1, 21)), encoding="utf-8"
    )
    path = tmp_path / "picks.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    code, out, err = run_cli("validate", str(path))
    assert (code, err) == (0, "")
    assert "ok: 1 sessions" in out
