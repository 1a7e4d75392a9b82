"""benchmarks/recap_linker.py: its options work, and its Markdown table is the one
docs/recaps.md shows."""

from __future__ import annotations

import sys

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import recap_linker


def _seed(recap: str, labels: int, proposed: int, right: int) -> recap_linker.Seed:
    return {
        "recap": recap,
        "labels": labels,
        "proposed": proposed,
        "right": right,
        "false": [],
        "missed": [],
        "seconds": 0.0,
        "shown": [],
    }


def test_the_markdown_table_writes_shares_as_the_docs_do() -> None:
    report: recap_linker.Report = {
        "seeds": [_seed("none", 0, 0, 0), _seed("some", 16, 13, 13), _seed("missed", 1, 0, 0)]
    }
    assert recap_linker.markdown(report).splitlines() == [
        "| seed | labels | taken | right | recall | precision |",
        "|---|---:|---:|---:|---:|---:|",
        "| none | 0 | 0 | 0 | - | - |",
        "| some | 16 | 13 | 13 | 81.2% | 100% |",
        "| missed | 1 | 0 | 0 | 0% | - |",
        "| **all** | **17** | **13** | **13** | **76.5%** | **100%** |",
    ]


def test_markdown_is_an_option_it_takes(capsys: pytest.CaptureFixture[str]) -> None:
    assert recap_linker.main(["--conference", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| seed | labels | taken | right | recall | precision |" in out
    assert "| **all** | **61** |" in out


def test_an_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        recap_linker.main(["--html"])
    assert exc.value.code == 2 and "unrecognized arguments: --html" in capsys.readouterr().err
