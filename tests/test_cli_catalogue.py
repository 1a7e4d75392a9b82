"""`confplan list`, `show`, `validate` and the global options, as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from confplan import __version__, paths
from confplan.opening import load_catalogue
from tests.helpers import BUNDLED, MINI, write_catalogue


def test_version(run_cli, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli("--version")
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"confplan {__version__}"


def test_the_bundled_catalogue_is_found_and_identical_to_data() -> None:
    bundled = paths.bundled_catalogue()
    assert bundled.is_file()
    assert bundled.read_bytes() == BUNDLED.read_bytes()


def test_list_by_theme_shows_platform_talks(run_cli) -> None:
    code, out, err = run_cli("list", "--theme", "platform-engineering", "--format", "ids")
    assert (code, err) == (0, "")
    ids = out.split()
    assert "eu24-lipstick-pig" in ids and "eu24-spotify-backend" in ids
    assert "eu24-ebpf-truth" not in ids
    # recap consensus first: the Spotify talk is recommended by three recaps
    assert ids[0] == "eu24-spotify-backend"
    code, by_name, _ = run_cli("list", "--theme", "Platform Engineering", "--format", "ids")
    assert code == 0 and by_name == out


def test_list_by_event_and_search(run_cli) -> None:
    code, out, _ = run_cli("list", "--event", "ArgoCon", "--format", "ids")
    assert code == 0 and out.split() == ["eu24-argo-elastic"]
    # accent- and case-insensitive: Šelajev
    code, out, _ = run_cli("list", "--search", "SELAJEV", "--format", "ids")
    assert out.split() == ["eu24-inner-outer-loops"]
    code, out, _ = run_cli("list", "--search", "spotify product", "--format", "ids")
    assert code == 0
    assert set(out.split()) == {"eu24-product-thinking-platforms", "eu24-spotify-backend"}


def test_list_table_and_json(run_cli) -> None:
    code, out, _ = run_cli("list", "--search", "lipstick")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["ID", "✔"]
    assert "eu24-lipstick-pig" in lines[1] and "Platform Engineering Day" in lines[1]
    assert lines[-1] == f"1 of {len(load_catalogue(BUNDLED))} sessions"
    code, out, _ = run_cli("list", "--search", "lipstick", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data[0]["session"]["id"] == "eu24-lipstick-pig"
    assert data[0]["session"]["speakers"][0] == {
        "name": "Abby Bangser",
        "affiliation": "Syntasso",
        "role": None,
    }
    assert data[0]["progress"] is None


def test_unknown_theme_suggests(run_cli) -> None:
    code, out, err = run_cli("list", "--theme", "platform-enginering")
    assert code == 2 and out == ""
    assert "unknown theme 'platform-enginering'" in err
    assert "platform-engineering" in err


def test_show_gives_every_field_and_the_recap_passage(run_cli) -> None:
    code, out, err = run_cli("show", "eu24-spotify-backend")
    assert (code, err) == (0, "")
    out = " ".join(out.replace("│", " ").split())  # undo the wrapping
    for text in [
        "How Spotify Re-Created Our Entire Backend Without Skipping a Beat",
        "Nick Rutigliano (Spotify); Daniel de Repentigny (Spotify)",
        "KubeCon + CloudNativeCon Europe 2024",
        "https://www.youtube.com/watch?v=Iw5Tox2H87A (confidence: high)",
        "Recommended by 3",
        "KubeCon EU 2024 Paris: Key Takeaways (Daniel Bryant), line 116",
        "which applied product thinking to vending and maintaining",  # the seed's own words
        "42m",
    ]:
        assert text in out, text


def test_show_marks_a_search_as_a_search(run_cli) -> None:
    code, out, _ = run_cli("show", "eu24-natwest-platform-product")
    assert code == 0
    assert "recording: none known; search: https://www.youtube.com/results?search_query=" in out


def test_show_unknown_id(run_cli) -> None:
    code, out, err = run_cli("show", "eu24-spotfy-backend")
    assert code == 2 and out == ""
    assert "unknown session id 'eu24-spotfy-backend'" in err
    assert "did you mean: eu24-spotify-backend" in err


def test_catalogue_option_and_environment(tmp_path: Path, run_cli, monkeypatch) -> None:
    path = write_catalogue(tmp_path / "c", MINI)
    code, out, _ = run_cli("--catalogue", str(path), "list", "--format", "ids")
    assert code == 0 and out.split() == ["s1"]
    code, out, _ = run_cli("list", "--catalogue", str(path), "--format", "ids")
    assert code == 0 and out.split() == ["s1"]
    monkeypatch.setenv("CONFPLAN_CATALOGUE", str(path))
    code, out, _ = run_cli("list", "--format", "ids")
    assert code == 0 and out.split() == ["s1"]


def test_hostile_text_reaches_the_terminal_as_symbols(tmp_path: Path, run_cli) -> None:
    hostile = MINI.replace("title: Session one", 'title: "Evil \\e[2J\\e]0;pwned\\a [bold]x[/]"')
    path = write_catalogue(tmp_path / "c", hostile)
    code, out, _ = run_cli("--catalogue", str(path), "show", "s1")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "␛[2J" in out and "[bold]x[/]" in out


def test_usage_errors_exit_2(run_cli) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli("list", "--format", "xml")
    assert info.value.code == 2


def test_piping_into_head_is_quiet(tmp_path: Path) -> None:
    proc = subprocess.run(
        f"{sys.executable} -m confplan list | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.startswith("ID")
    assert "Traceback" not in proc.stderr
