"""The recap linker: each way a post names a session, the traps, the three formats, the
seeds as a labelled set, and the user's recaps kept and laid over the catalogue."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from confplan.opening import load_catalogue
from confplan.progress.store import ProgressStore
from confplan.recaps.linker import CLOSE, EXACT, SCHEDULE, SPEAKERS, YOUTUBE, Index, link
from confplan.recaps.post import read_post
from tests.helpers import BUNDLED

DETOUR = "eu24-ten-year-detour"  # Solomon Hykes's keynote; sched 1YhKQ, video S_Z4AHZlSUI


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    return load_catalogue(BUNDLED, cache_dir=None)


@pytest.fixture(scope="module")
def index(catalogue) -> Index:  # type: ignore[no-untyped-def]
    return Index(catalogue)


def proposals(index: Index, text: str, name: str = "post.txt"):  # type: ignore[no-untyped-def]
    return link(read_post(text.encode("utf-8"), name), index)


def taken(index: Index, text: str, name: str = "post.txt") -> dict[str, tuple]:  # type: ignore[type-arg]
    return {p.session_id: p for p in proposals(index, text, name) if p.taken}


# -- each way of naming a session -----------------------------------------------------


def test_exact_title_in_any_case_and_punctuation(index: Index) -> None:
    found = taken(
        index,
        "First line.\n\nI loved HOW SPOTIFY RE-CREATED our entire backend "
        "without skipping a beat!\n",
    )
    assert list(found) == ["eu24-spotify-backend"]
    assert found["eu24-spotify-backend"].lines == (3, 3)
    assert found["eu24-spotify-backend"].matched_by == (EXACT,)


def test_a_shortened_or_reworded_title_needs_its_speaker(index: Index) -> None:
    alone = proposals(index, "- Writing Container Images the Modern Way\n")
    assert alone and not alone[0].taken  # shown, never taken by --yes
    assert alone[0].session_id == "eu24-modern-container-images"
    found = taken(index, "- Writing Container Images the Modern Way, by Adrian Mouat\n")
    assert found["eu24-modern-container-images"].matched_by == (CLOSE, SPEAKERS)


@pytest.mark.parametrize(
    "url",
    [
        "https://sched.co/1YhKQ",
        "https://kccnceu2024.sched.com/event/1YhKQ/keynote-a-10-year-detour",
    ],
)
def test_schedule_links(index: Index, url: str) -> None:
    found = taken(index, f"# Notes\n\nThe [best keynote]({url}) of the week.\n", "n.md")
    assert found[DETOUR].matched_by == (SCHEDULE,) and found[DETOUR].lines == (3, 3)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=S_Z4AHZlSUI",
        "https://youtu.be/S_Z4AHZlSUI?t=42",
        "https://www.youtube.com/embed/S_Z4AHZlSUI",
        "https://m.youtube.com/watch?feature=share&v=S_Z4AHZlSUI",
    ],
)
def test_youtube_links(index: Index, url: str) -> None:
    found = taken(index, f"Watch this one: {url}\n")
    assert found[DETOUR].matched_by == (YOUTUBE,)


def test_only_the_speaker(index: Index) -> None:
    found = taken(index, "Solomon Hykes’s keynote made me rethink application delivery.\n")
    assert list(found) == [DETOUR] and found[DETOUR].matched_by == (SPEAKERS,)
    # A speaker named without a talk is not a recommendation.
    assert taken(index, "I had coffee with Solomon Hykes on Tuesday.\n") == {}


def test_html_embed_and_links(index: Index) -> None:
    html = (
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<h1>My week</h1><p>The <a href='https://sched.co/1YhKQ'>opening keynote</a>.</p>"
        "<div><p>Then <em>How Spotify Re-Created Our Entire Backend Without Skipping a "
        "Beat</em>.</p></div>"
        "<iframe src='https://www.youtube.com/embed/S_Z4AHZlSUI'></iframe></body></html>"
    )
    post = read_post(html.encode(), "week.html")
    assert post.lines[0] == "My week" and "alert" not in post.text()
    found = {p.session_id: p for p in link(post, index) if p.taken}
    assert set(found) == {DETOUR, "eu24-spotify-backend"}
    shown = post.lines[found["eu24-spotify-backend"].lines[0] - 1]
    assert shown.startswith("Then How Spotify")  # the line numbers match the text shown


# -- traps ----------------------------------------------------------------------------


def test_traps_name_nothing(index: Index) -> None:
    text = (
        "Platform Engineering Day was the best co-located event.\n"
        "The Dapr talks were good and the Docker booth had stickers.\n"
        "Kubernetes is everywhere; so are platforms.\n"
    )
    assert taken(index, text) == {}
    assert proposals(index, "") == []
    assert proposals(index, "\n\n\n") == []


def test_another_edition_is_not_taken(index: Index) -> None:
    other = proposals(
        index,
        "At KubeCon Detroit 2022, “Sometimes, Lipstick Is Exactly What a Pig Needs!” "
        "was a different talk.\n",
    )
    assert other and not any(p.taken for p in other)


# -- formats, bounds, hostile text ------------------------------------------------------


def test_markdown_paragraph_lines_and_hard_wraps(index: Index) -> None:
    text = (
        "# Picks\n\nSome intro that is long enough to wrap\nonto a second line, then\n"
        "*How Spotify Re-Created Our Entire Backend Without Skipping a Beat* by Nick\n"
        "Rutigliano.\n\n- Unrelated item\n"
    )
    found = taken(index, text, "picks.md")
    assert found["eu24-spotify-backend"].lines == (3, 6)  # the paragraph, as written


def test_a_5_mb_post_is_linked(index: Index, tmp_path: Path, run_cli) -> None:
    seeds = b"\n".join(p.read_bytes() for p in sorted((BUNDLED.parents[1] / "seeds").iterdir()))
    raw = (seeds * (5 * 1024 * 1024 // len(seeds) + 1))[: 5 * 1024 * 1024]
    found = link(read_post(raw, "big.txt"), index)
    assert len({p.session_id for p in found if p.taken}) >= 40
    too_big = tmp_path / "huge.txt"
    too_big.write_bytes(b"x" * (8 * 1024 * 1024 + 1))
    code, _, err = run_cli("--data-dir", str(tmp_path / "d"), "recap", "add", str(too_big))
    assert code == 2 and "huge.txt" in err


def test_hostile_text_is_shown_literally(tmp_path: Path, run_cli) -> None:
    post = tmp_path / "evil.md"
    post.write_text(
        "# \x1b]0;pwned\x07Title\x1b[2J\n\nHow Spotify Re-Created Our Entire Backend Without "
        "Skipping a Beat \x1b[31m[red](javascript:alert(1))\x9b\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("--data-dir", str(tmp_path / "d"), "recap", "add", str(post), "--yes")
    assert code == 0, err
    assert "\x1b" not in out + err and "\x9b" not in out + err and "\x07" not in out + err
    code, out, _ = run_cli("--data-dir", str(tmp_path / "d"), "recap", "list")
    assert "\x1b" not in out and "Title" in out
    code, out, _ = run_cli("--data-dir", str(tmp_path / "d"), "show", "eu24-spotify-backend")
    assert "\x1b" not in out and "Skipping a Beat" in out


# -- the seeds, a labelled set ---------------------------------------------------------


def test_the_seeds_are_found_at_their_lines(catalogue, index: Index) -> None:  # type: ignore[no-untyped-def]
    labels = [
        (rec.recap, session.id, rec.lines)
        for session in catalogue.sessions
        for rec in session.recommended_by
    ]
    right = proposed = 0
    for recap_id, recap in catalogue.recaps.items():
        path = catalogue.seed_path(recap)
        for p in link(read_post(path.read_bytes(), path.name), index):
            if not p.taken:
                continue
            proposed += 1
            right += any(
                r == recap_id
                and s == p.session_id
                and p.lines[0] <= at[1] + 1
                and at[0] <= p.lines[1] + 1
                for r, s, at in labels
            )
    assert right / len(labels) >= 0.9 and right / proposed >= 0.9, (right, proposed)


# -- the user's recaps: kept, laid over, removed ----------------------------------------


def test_recap_add_list_show_export_remove(tmp_path: Path, run_cli, catalogue) -> None:  # type: ignore[no-untyped-def]
    searched = next(
        s
        for s in catalogue.sessions
        if s.recording is not None
        and not s.recording.is_video
        and len(s.title.split()) > 4
        and not s.recommended_by
        and not any(o.id != s.id and o.title in s.title for o in catalogue.sessions)
    )
    post = tmp_path / "mine.md"
    post.write_text(
        "# My three\n\n"
        f"1. {searched.title}: see https://youtu.be/AbCdEfGhIjK\n"
        "2. Solomon Hykes's keynote.\n"
        "3. The Dapr talks.\n",
        encoding="utf-8",
    )
    base = ("--data-dir", str(tmp_path / "d"))
    code, out, _ = run_cli(*base, "recap", "add", str(post), "--dry-run", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert {p["session_id"] for p in listed} == {searched.id, DETOUR}
    first = next(p for p in listed if p["session_id"] == searched.id)
    assert first["lines"] == [3, 3] and first["matched_by"] == ["exact title"]
    assert 0 <= first["confidence"] <= 1
    assert not (tmp_path / "d" / "recaps").exists()  # a dry run keeps nothing

    code, _, err = run_cli(*base, "recap", "add", str(post), "--author", "Me")
    assert code == 0 and "2 waiting for review" in err  # not a terminal, no --yes
    code, out, _ = run_cli(*base, "recap", "list", "--format", "json")
    (mine,) = json.loads(out)
    assert [link["accepted"] for link in mine["links"]] == [False, False]
    code, out, _ = run_cli(*base, "list", "--recommended", "--format", "json")
    assert searched.id not in out

    assert run_cli(*base, "recap", "accept", mine["id"], "--all")[0] == 0
    code, out, _ = run_cli(*base, "list", "--format", "json", "--search", searched.title)
    row = next(r for r in json.loads(out) if r["session"]["id"] == searched.id)
    assert row["session"]["recommended_by"] == [
        {"recap": mine["id"], "lines": [3, 3], "why": row["session"]["recommended_by"][0]["why"]}
    ]
    assert row["session"]["recording"]["url"] == "https://www.youtube.com/watch?v=AbCdEfGhIjK"
    assert "from the post" in row["session"]["recording"]["note"]
    code, out, _ = run_cli(*base, "show", searched.id)
    assert "My three (Me), line 3" in out and searched.title in out
    code, out, _ = run_cli(*base, "export", "--format", "json")
    exported = next(s for s in json.loads(out)["sessions"] if s["id"] == searched.id)
    assert exported["recommended_by"][0]["recap"] == mine["id"]

    assert run_cli(*base, "recap", "reject", mine["id"], DETOUR)[0] == 0
    code, out, _ = run_cli(*base, "show", DETOUR)
    assert "My three" not in out

    copy = tmp_path / "d" / "recaps" / f"{mine['id']}.md"
    assert copy.read_text(encoding="utf-8").startswith("# My three")
    assert run_cli(*base, "recap", "remove", mine["id"])[0] == 0
    assert not copy.exists()
    code, _, err = run_cli(*base, "recap", "remove", mine["id"])
    assert code == 2 and "no recap" in err
    code, out, _ = run_cli(*base, "show", searched.id)
    assert "My three" not in out


def test_recap_add_refuses_what_is_not_a_post(tmp_path: Path, run_cli) -> None:
    base = ("--data-dir", str(tmp_path / "d"))
    assert run_cli(*base, "recap", "add", str(tmp_path))[0] == 2
    assert run_cli(*base, "recap", "add", str(tmp_path / "missing.md"))[0] == 2
    post = tmp_path / "p.txt"
    post.write_text("nothing here\n", encoding="utf-8")
    code, out, _ = run_cli(*base, "recap", "add", str(post), "--url", "javascript:alert(1)")
    assert code == 2
    code, out, _ = run_cli(*base, "recap", "add", str(post), "--dry-run")
    assert code == 0 and "0 proposals" in out


def test_a_version_2_store_gains_the_recap_tables(tmp_path: Path) -> None:
    from confplan.progress import user_recaps
    from confplan.progress.schema import _SCHEMA_V1, _SCHEMA_V2, _statements

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for statement in _statements(_SCHEMA_V1) + _statements(_SCHEMA_V2):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with ProgressStore(path, readonly=True) as store:
        assert user_recaps.recaps(store) == []  # read-only: no tables yet, no error
    with ProgressStore(path) as store:
        assert store.schema_version >= 3 and user_recaps.recaps(store) == []


def test_the_benchmark_script_runs() -> None:
    import sys

    sys.path.insert(0, str(BUNDLED.parents[1] / "benchmarks"))
    import recap_linker

    report = recap_linker.evaluate(restrict=True)
    assert sum(s["labels"] for s in report["seeds"]) == 61  # type: ignore[union-attr,index]


def test_the_command_line_states_the_linker_threshold() -> None:
    from confplan.cli import recap_cmds
    from confplan.recaps import linker

    assert recap_cmds.THRESHOLD == linker.THRESHOLD
