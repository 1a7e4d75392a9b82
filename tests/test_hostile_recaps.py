"""Hostile input, round 2: posts for `recap add`. Deep nesting is one clear line,
long lines and long lists are read in time in proportion to their length."""

from __future__ import annotations

from pathlib import Path

from confplan.opening import load_catalogue
from confplan.recaps.linker import Index, link
from confplan.recaps.post import read_post
from tests.helpers import BUNDLED

TITLE = "How Spotify Re-Created Our Entire Backend Without Skipping a Beat"


def test_deeply_nested_html_is_one_clear_line(tmp_path: Path, run_cli) -> None:
    post = tmp_path / "n.html"
    post.write_text("<div>" * 1000 + f"<p>{TITLE}</p>\n", encoding="utf-8")
    code, out, err = run_cli("recap", "add", str(post), "--dry-run")
    assert code == 0, err
    assert "eu24-spotify-backend" in out
    post.write_text("<div>" * 100_000 + f"<p>{TITLE}</p>\n", encoding="utf-8")
    code, _, err = run_cli("recap", "add", str(post), "--dry-run")
    assert code == 2 and "nests its elements 100,000 deep" in err
    assert err.count("\n") == 1


def test_nested_html_within_the_bound_is_walked_without_recursion() -> None:
    html = "<section>" * 1900 + f"<p>{TITLE}</p>" + "</section>" * 1900
    post = read_post(html.encode(), "deep.html")
    assert TITLE in post.lines


def test_a_title_repeated_on_one_long_line_is_found_once() -> None:
    index = Index(load_catalogue(BUNDLED))
    line = (TITLE + " ") * 20_000  # 1.3 MB on one line
    post = read_post(f"# Recap\n\n{line}\n".encode(), "long.md")
    proposals = link(post, index)
    assert [p.session_id for p in proposals] == ["eu24-spotify-backend"]


def test_a_long_list_naming_one_talk_gives_one_proposal() -> None:
    index = Index(load_catalogue(BUNDLED))
    text = "# Recap\n\n" + "".join(f"- {TITLE}\n" for _ in range(20_000))
    proposals = link(read_post(text.encode(), "list.md"), index)
    assert [p.session_id for p in proposals] == ["eu24-spotify-backend"]
