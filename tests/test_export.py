"""Exports: golden files byte for byte, the JSON round trip, safety, and the command."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from confplan import export
from confplan.opening import load_catalogue
from confplan.progress import transfer
from confplan.progress.store import ProgressStore
from tests.helpers import BUNDLED, BUNDLED_TITLE, ROOT, Clock

AWKWARD = ROOT / "tests" / "fixtures" / "awkward" / "catalogue.yaml"
GOLDEN = ROOT / "tests" / "golden"
MOMENT = datetime.datetime(2024, 5, 10, 8, 30, tzinfo=datetime.UTC)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    """Progress on the awkward catalogue, every status and field in use."""
    store = ProgressStore(tmp_path / "progress.sqlite3", clock=Clock())
    store.watch("awkward", ["formula", "quotes", "emoji"])
    store.mark("awkward", "quotes", "watched")
    store.rate("awkward", "quotes", 4)
    store.note("awkward", "quotes", 'Line one, "quoted"\nline two =1+1 [b]x[/b]')
    store.mark("awkward", "emoji", "in-progress", 754)
    store.note("awkward", "formula", "@risky note")
    store.mark("awkward", "at-sign", "watched")
    store.mark("awkward", "at-sign", "unwatched")  # history remembers both
    yield store
    store.close()


def _export(store: ProgressStore, selection: export.Selection) -> export.Export:
    catalogue = load_catalogue(AWKWARD)
    return export.select(
        catalogue,
        store.entries("awkward"),
        store.history("awkward"),
        selection,
        exported_at=MOMENT,
    )


CASES = {
    "awkward-all.md": (export.Selection(), "md"),
    "awkward-all.csv": (export.Selection(), "csv"),
    "awkward-all.json": (export.Selection(), "json"),
    "awkward-watchlist-unwatched.md": (export.Selection("unwatched", watchlist=True), "md"),
    "awkward-theme-formulas.csv": (export.Selection(theme="formulas"), "csv"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_golden_files(store: ProgressStore, name: str) -> None:
    selection, fmt = CASES[name]
    actual = export.render(_export(store, selection), fmt).encode("utf-8")
    golden = GOLDEN / name
    if os.environ.get("CONFPLAN_UPDATE_GOLDEN"):
        golden.write_bytes(actual)
    assert actual == golden.read_bytes(), f"{name} differs; see tests/golden/{name}"


def test_csv_neutralises_formulas_and_keeps_quotes(store: ProgressStore) -> None:
    import csv
    import io

    text = export.render(_export(store, export.Selection()), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(export.CSV_COLUMNS)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["formula"][1] == '\'=HYPERLINK("http://evil.example","click")'
    assert by_id["formula"][2] == "'+Plus Person; -Minus"
    assert by_id["quotes"][1] == "\"Quoted\" title, with 'single' quotes"
    assert by_id["quotes"][11] == 'Line one, "quoted"\nline two =1+1 [b]x[/b]'
    assert by_id["empty"][1] == "    Tab first, then nothing"
    assert text.endswith("\r\n")


def test_markdown_shows_text_literally() -> None:
    assert export.md_text("*a* _b_ `c` [d](e) <f> |g| ~h~ & \\") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\|g\\| \\~h\\~ \\& \\\\"
    )
    assert export.md_text("line\nbreak \x1b[2J") == "line break ␛\\[2J"


def test_json_export_round_trips_through_progress_load(store: ProgressStore, tmp_path) -> None:
    first = export.render(_export(store, export.Selection()), "json")
    entries, history = transfer.parse(first.encode(), "export.json")
    with ProgressStore(tmp_path / "fresh.sqlite3") as fresh:
        fresh.merge(entries, history)
        catalogue = load_catalogue(AWKWARD)
        again = export.render(
            export.select(
                catalogue,
                fresh.entries("awkward"),
                fresh.history("awkward"),
                export.Selection(),
                exported_at=MOMENT,
            ),
            "json",
        )
    assert again == first
    data = json.loads(first)
    assert data["format"] == "confplan-export" and data["version"] == 1
    assert data["counts"] == {"sessions": 5, "unwatched": 3, "in-progress": 1, "watched": 1}


def test_export_command_writes_atomically_and_refuses_to_overwrite(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "watchlist.md"
    assert run_cli("watch", "eu24-lipstick-pig")[0] == 0
    code, stdout, err = run_cli("export", "--watchlist", "--status", "unwatched", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert f"1 session written to {out}" in err
    text = out.read_text(encoding="utf-8")
    assert "- [ ] **Sometimes, Lipstick Is Exactly What a Pig Needs\\!**" not in text
    assert "- [ ] 1. **Sometimes, Lipstick Is Exactly What a Pig Needs!**" in text
    out.write_text("my own edits")
    code, _, err = run_cli("export", "-o", str(out))
    assert code == 2 and "--force" in err
    assert out.read_text() == "my own edits"
    assert run_cli("export", "-o", str(out), "--force")[0] == 0
    assert out.read_text(encoding="utf-8").startswith(f"# {BUNDLED_TITLE}")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_command_formats_and_errors(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("export", "--format", "csv", "--theme", "WebAssembly")
    assert code == 0
    wasm = sum("webassembly" in s.themes for s in load_catalogue(BUNDLED))
    assert wasm >= 2 and len(out.strip().split("\r\n")) == 1 + wasm  # a header, the sessions
    code, out, _ = run_cli("export", "--format", "json", "--status", "watched")
    assert code == 0 and json.loads(out)["sessions"] == []
    code, _, err = run_cli("export", "--theme", "wasm-things")
    assert code == 2 and "unknown theme" in err
    code, _, err = run_cli("export", "-o", str(tmp_path / "no" / "such" / "x.md"))
    assert code == 2 and "does not exist" in err


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, run_cli, monkeypatch) -> None:
    out = tmp_path / "keep.md"
    out.write_text("precious")

    def full_disk(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, _, err = run_cli("export", "-o", str(out), "--force")
    assert code == 1
    assert "No space left on device; nothing was changed" in err
    assert out.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["keep.md"]


def test_replacing_a_symlinked_file_keeps_the_link_and_mode(tmp_path: Path, run_cli) -> None:
    real = tmp_path / "notes" / "watch.md"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "watch.md"
    link.symlink_to(real)
    code, _, _ = run_cli("export", "-o", str(link), "--force")
    assert code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith(f"# {BUNDLED_TITLE}")
    assert real.stat().st_mode & 0o777 == 0o600
