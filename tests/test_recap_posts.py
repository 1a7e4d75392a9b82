"""Recaps of any KubeCon: the post's own metadata, its edition, case-sensitive
schedule codes, non-talks as context, speakers, and links made by hand."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from confplan.catalogue.catalogue import Catalogue
from confplan.opening import load_catalogue
from confplan.recaps.linker import SCHEDULE, Index, link_post
from confplan.recaps.post import read_post
from tests.helpers import BUNDLED

DETOUR = "eu24-ten-year-detour"  # sched 1YhKQ
NEXT_DECADE = "eu24-1YhKq"  # sched 1YhKq: the same code in another case


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(BUNDLED, cache_dir=None)


@pytest.fixture(scope="module")
def index(catalogue: Catalogue) -> Index:
    return Index(catalogue)


def linked(index: Index, text: str, name: str = "post.md") -> tuple[dict[str, object], str | None]:
    proposals, edition = link_post(read_post(text.encode("utf-8"), name), index)
    return {p.session_id: p for p in proposals}, edition


def taken(index: Index, text: str, name: str = "post.md") -> set[str]:
    found, _ = linked(index, text, name)
    return {sid for sid, p in found.items() if p.taken}  # type: ignore[attr-defined]


# -- the post's own metadata ----------------------------------------------------------


def test_yaml_and_toml_front_matter() -> None:
    post = read_post(
        b"---\ntitle: 'My week'\nauthor: {name: Ann Lee}\ndate: 2025-04-07\n"
        b"canonical_url: https://blog.example/week\n---\n\n# Heading\n",
        "a.md",
    )
    assert (post.meta.title, post.meta.author) == ("My week", "Ann Lee")
    assert post.meta.date == datetime.date(2025, 4, 7)
    assert post.meta.url == "https://blog.example/week"
    assert post.hidden == frozenset(range(1, 7)) and post.lines[0] == "---"  # numbers kept
    post = read_post(b'+++\ntitle = "T"\ndate = 2023-11-10T10:00:00Z\n+++\nx\n', "a.txt")
    assert post.meta.title == "T" and post.meta.date == datetime.date(2023, 11, 10)


@pytest.mark.parametrize(
    "front",
    [b"---\ntitle: [unclosed\n---\n", b"+++\ntitle = \n+++\n", b"---\n- a list\n---\n", b"---\n"],
)
def test_a_front_matter_that_does_not_parse_is_no_metadata(front: bytes) -> None:
    post = read_post(front + b"body\n", "a.md")
    assert post.meta.title is None and post.lines[-1] == "body"


def test_html_head_and_open_graph() -> None:
    post = read_post(
        b"<html><head><title>Page | Blog</title><meta property='og:title' content='Real'>"
        b"<meta name='author' content='Zed'><meta property='og:url' content='https://b.example/o'>"
        b"<meta property='article:published_time' content='2024-03-25T10:00:00+01:00'>"
        b"<link rel='canonical' href='https://b.example/p'></head><body><p>Hi</p></body></html>",
        "a.html",
    )
    assert post.meta.title == "Real" and post.meta.author == "Zed"
    assert post.meta.url == "https://b.example/p" and post.meta.date == datetime.date(2024, 3, 25)
    unsafe = read_post(b"<head><link rel=canonical href='javascript:alert(1)'></head>", "a.html")
    assert unsafe.meta.url is None


def test_mdx_statements_and_jsx_are_not_text(index: Index) -> None:
    text = (
        "import X from './x'\nexport const meta = {}\n\n<Tabs>\n"
        "How Spotify Re-Created Our Entire Backend Without Skipping a Beat\n</Tabs>\n"
    )
    post = read_post(text.encode(), "p.mdx")
    assert post.hidden == {1, 2} and post.lines[3] == "<Tabs>"
    assert taken(index, text, "p.mdx") == {"eu24-spotify-backend"}


def test_the_title_author_and_url_are_the_posts_own(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    post = tmp_path / "week.md"
    post.write_text(
        "---\ntitle: Paris, briefly\nauthor: Ann Lee\nurl: https://blog.example/paris\n---\n\n"
        "How Spotify Re-Created Our Entire Backend Without Skipping a Beat.\n",
        encoding="utf-8",
    )
    base = ("--data-dir", str(tmp_path / "d"))
    code, out, _ = run_cli(*base, "recap", "add", str(post), "--yes")
    assert code == 0 and "“Paris, briefly” by Ann Lee, about KubeCon" in out
    code, out, _ = run_cli(*base, "recap", "list")
    assert "Paris, briefly by Ann Lee" in out and "---" not in out
    code, out, _ = run_cli(*base, "recap", "list", "--format", "json")
    (mine,) = json.loads(out)
    assert mine["url"] == "https://blog.example/paris" and mine["title"] == "Paris, briefly"
    code, out, _ = run_cli(*base, "show", "eu24-spotify-backend")
    assert "Paris, briefly (Ann Lee), line 7" in out
    over = ("--title", "Mine", "--author", "Me", "--url", "https://me.example/p")
    assert run_cli(*base, "recap", "add", str(post), *over)[0] == 0
    code, out, _ = run_cli(*base, "recap", "list", "--format", "json")
    second = json.loads(out)[1]
    assert (second["title"], second["author"], second["url"]) == over[1::2]


# -- schedule codes, editions, kinds --------------------------------------------------


def test_sched_codes_are_case_sensitive(index: Index) -> None:
    assert taken(index, "The [keynote](https://sched.co/1YhKq).\n") == {NEXT_DECADE}
    assert taken(index, "The [keynote](https://SCHED.co/1YhKQ).\n") == {DETOUR}
    found, _ = linked(index, "See https://kccnceu2024.sched.com/event/1YhKq/x\n")
    assert set(found) == {NEXT_DECADE}
    assert found[NEXT_DECADE].matched_by == (SCHEDULE,)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "edition"),
    [
        ("---\ndate: 2025-04-09\n---\nLondon was grey.\n", "kccnceu2025"),
        ("My notes: https://kccnceu2025.sched.com/ was the schedule.\n", "kccnceu2025"),
        ("# KubeCon + CloudNativeCon North America 2023\n\nSome words.\n", "kccncna2023"),
        ("# Back from Amsterdam\n\nA week at KubeCon EU 2023.\n", "kccnceu2023"),
        ("---\ndate: 2026-03-30\n---\n# Back from Amsterdam\n", "kccnceu2026"),
        ("Salt Lake City in November.\n", "kccncna2024"),
        ("Notes from KubeCon China in Hong Kong.\n", "kccncchn2025"),
        ("Nothing about any conference.\n", None),
    ],
)
def test_the_posts_edition(index: Index, text: str, edition: str | None) -> None:
    assert linked(index, text)[1] == edition


def test_another_editions_talk_needs_direct_evidence(index: Index) -> None:
    title = "Rotate Roots Right Round: Using Cert-Manager for Safer Private PKI"  # EU 2023
    paris = "# Paris 2024\n\nKubeCon Paris was great.\n\n"
    assert taken(index, paris + f"I rewatched {title}.\n") == set()
    assert taken(index, paris + f"At Amsterdam 2023, {title} was my pick.\n") == {"eu23-1HyZ6"}
    assert taken(index, paris + "Old favourite: https://sched.co/1HyZ6\n") == {"eu23-1HyZ6"}


def test_one_youtube_id_of_several_editions(index: Index) -> None:
    welcome = "the welcome and opening remarks: https://www.youtube.com/watch?v=JqKwvN8MaSU\n"
    assert taken(index, f"# Atlanta 2025\n\nI liked {welcome}") == {"na25-27dC4"}
    assert taken(index, f"# London 2025\n\nI liked {welcome}") == {"eu25-1txBO"}


def test_event_days_logistics_and_cancelled_are_context(index: Index) -> None:
    found, _ = linked(
        index,
        "# Paris 2024\n\nI'd like to highlight "
        "[AppDeveloperCon](https://kccnceu2024.sched.com/event/1Yj3L/appdevelopercon) and "
        "the [badge pick-up](https://sched.co/1ZLXJ) and [this](https://sched.co/1Yhgy).\n",
    )
    assert set(found) == {"eu24-1Yj3L", "eu24-1ZLXJ", "eu24-1Yhgy"}
    assert all(p.context and not p.taken for p in found.values())  # type: ignore[attr-defined]


def test_speakers_alone(index: Index) -> None:
    london = "# London 2025\n\n"
    assert taken(index, london + "I had coffee with Jonathan Smith between sessions.\n") == set()
    assert taken(index, london + "Jonathan Smith's talk on Radius was good.\n") == {"eu25-1txHI"}
    # Two speakers of one talk named together.
    chicago = "# Chicago 2023\n\n"
    text = chicago + "The one by Becky Pauley and David Collom on cloud bills.\n"
    assert taken(index, text) == {"na23-1TpGA"}
    # Several talks here, the line says which by a word of its title.
    slc = "# Salt Lake City\n\n"
    assert taken(index, slc + "Omri Gazitt's talk about AuthZEN.\n") == {"na24-1i7kR"}
    assert taken(index, slc + "Omri Gazitt's talk was fun.\n") == set()


# -- links made by hand -----------------------------------------------------------------


def test_recap_link_and_unlink(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    post = tmp_path / "p.md"
    post.write_text(
        "# Paris 2024\n\nThe [keynote](https://sched.co/1YhKq).\n\nSolomon was great.\n",
        encoding="utf-8",
    )
    base = ("--data-dir", str(tmp_path / "d"))
    assert run_cli(*base, "recap", "add", str(post))[0] == 0
    code, out, _ = run_cli(*base, "recap", "list", "--format", "json")
    recap = json.loads(out)[0]["id"]
    code, _, err = run_cli(*base, "recap", "accept", recap, DETOUR)
    assert code == 2 and f"confplan recap link {recap} {DETOUR}" in err
    code, out, _ = run_cli(*base, "recap", "link", recap, DETOUR, "--lines", "5")
    assert code == 0 and "line 5" in out
    code, out, _ = run_cli(*base, "show", DETOUR)
    assert "Solomon was great." in out and "by hand" in out
    assert run_cli(*base, "recap", "link", recap, NEXT_DECADE)[0] == 0  # the proposal, accepted
    code, out, _ = run_cli(*base, "recap", "list", "--format", "json")
    links = {item["session_id"]: item for item in json.loads(out)[0]["links"]}
    assert links[NEXT_DECADE]["accepted"] and links[NEXT_DECADE]["lines"] == [3, 3]
    assert links[DETOUR]["matched_by"] == ["by hand"] and links[DETOUR]["lines"] == [5, 5]
    bad_lines = ("9-12", "3-x", "4-2", "3-", "0", "٣", "3 - 4", "-3")
    for bad in (("--lines", text) for text in bad_lines):
        code, _, err = run_cli(*base, "recap", "link", recap, DETOUR, *bad)
        assert code == 2 and "lines" in err
    assert run_cli(*base, "recap", "link", recap, "no-such-session")[0] == 2
    assert run_cli(*base, "recap", "link", "no-such-recap", DETOUR)[0] == 2
    assert run_cli(*base, "recap", "unlink", recap, DETOUR)[0] == 0
    code, out, _ = run_cli(*base, "show", DETOUR)
    assert "Solomon was great." not in out
    code, _, err = run_cli(*base, "recap", "unlink", recap, DETOUR)
    assert code == 2 and "links no session" in err
