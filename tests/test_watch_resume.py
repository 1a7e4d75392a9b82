"""Resuming: `o` and `confplan open` start a recording where an in-progress session was
left (YouTube's `t=`), other hosts' links open unchanged, and a search is never offset."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from confplan.catalogue.models import Recording, Session
from confplan.progress.models import IN_PROGRESS, UNWATCHED, WATCHED, Entry
from confplan.watching import at_position, watch_link
from tests.tui import Harness, settle

SPOTIFY = "eu24-spotify-backend"  # a YouTube recording
SEARCH_ONLY = "eu24-testing-cloud-apps"  # only a search for it


def _session(url: str, kind: str = "video") -> Session:
    return Session(
        id="s1",
        title="T",
        conference="c",
        event="e",
        kind="talk",
        recording=Recording(kind, url),  # type: ignore[arg-type]
    )


def _entry(status: str = IN_PROGRESS, position: int | None = 1425) -> Entry:
    return Entry("cat", "s1", status, position)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc&t=1425"),
        ("https://youtube.com/watch?v=abc&t=10", "https://youtube.com/watch?v=abc&t=1425"),
        (
            "https://m.youtube.com/watch?list=L&v=abc",
            "https://m.youtube.com/watch?list=L&v=abc&t=1425",
        ),
        ("https://youtu.be/abc", "https://youtu.be/abc?t=1425"),
        ("https://youtu.be/abc?si=x", "https://youtu.be/abc?si=x&t=1425"),
        ("https://www.youtube.com/embed/abc", "https://www.youtube.com/embed/abc?start=1425"),
        ("https://www.youtube.com/live/abc", "https://www.youtube.com/live/abc?t=1425"),
    ],
)
def test_youtube_links_start_at_the_position(url: str, expected: str) -> None:
    assert at_position(url, 1425) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/12345",
        "https://www.youtube.com/results?search_query=talk",
        "https://www.youtube.com/playlist?list=L",
        "https://youtu.be/",
        "https://notyoutube.com/watch?v=abc",
        "https://[::1",  # malformed
    ],
)
def test_other_links_cannot_say_where_to_start(url: str) -> None:
    assert at_position(url, 1425) is None


def test_a_link_resumes_only_a_session_in_progress() -> None:
    session = _session("https://youtu.be/abc")
    link = watch_link(session, _entry())
    assert link is not None and link.url == "https://youtu.be/abc?t=1425"
    assert link.position_s == 1425 and link.is_video
    for entry in (None, _entry(WATCHED), _entry(UNWATCHED), _entry(position=None)):
        plain = watch_link(session, entry)
        assert plain is not None and plain.url == "https://youtu.be/abc"
        assert plain.position_s is None


def test_a_search_and_another_host_open_at_the_start_but_keep_the_saved_position() -> None:
    search = watch_link(_session("https://www.youtube.com/watch?v=a", "search"), _entry())
    assert search is not None and search.url == "https://www.youtube.com/watch?v=a"
    assert search.position_s is None and search.saved_position_s == 1425
    assert search.what == "search"
    vimeo = watch_link(_session("https://vimeo.com/1"), _entry())
    assert vimeo is not None and vimeo.url == "https://vimeo.com/1"
    assert vimeo.saved_position_s == 1425
    assert watch_link(Session("s", "T", "c", "e", "talk"), _entry()) is None


def test_open_print_starts_at_the_saved_position(run_cli) -> None:
    assert run_cli("mark", SPOTIFY, "in-progress", "--at", "23:45")[0] == 0
    code, out, _ = run_cli("open", SPOTIFY, "--print")
    assert code == 0
    url = out.strip()
    assert parse_qs(urlsplit(url).query) == {"v": ["Iw5Tox2H87A"], "t": ["1425"]}


def test_open_print_without_progress_gives_the_recording_as_it_is(run_cli) -> None:
    code, out, _ = run_cli("open", SPOTIFY, "--print")
    assert (code, out) == (0, "https://www.youtube.com/watch?v=Iw5Tox2H87A\n")


def test_open_print_a_search_says_it_opens_at_the_start(run_cli) -> None:
    run_cli("mark", SEARCH_ONLY, "in-progress", "--at", "5:00")
    code, out, err = run_cli("open", SEARCH_ONLY, "--print")
    assert code == 0 and "t=" not in out and "search_query=" in out
    assert "you stopped at 05:00" in err


def test_open_uses_the_browser(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from confplan.cli import watch_cmds

    opened: list[str] = []
    monkeypatch.setattr(watch_cmds, "_open_in_browser", lambda url: opened.append(url) or True)
    run_cli("mark", SPOTIFY, "in-progress", "--at", "1:00")
    code, out, err = run_cli("open", SPOTIFY)
    assert code == 0 and out == ""
    assert opened == ["https://www.youtube.com/watch?v=Iw5Tox2H87A&t=60"]
    assert "opening the recording at 01:00" in err


def test_open_without_a_browser_prints_the_link_and_fails(
    run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confplan.cli import watch_cmds

    monkeypatch.setattr(watch_cmds, "_open_in_browser", lambda url: False)
    code, out, err = run_cli("open", SPOTIFY)
    assert code == 1 and out.startswith("https://www.youtube.com/")
    assert "could not open a browser" in err


def test_open_an_unknown_id_is_bad_input(run_cli) -> None:
    code, _, err = run_cli("open", "eu24-spotify-backnd", "--print")
    assert code == 2 and "unknown session id" in err and SPOTIFY in err


async def test_o_in_the_tui_opens_at_the_saved_position(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    harness.store.mark(harness.catalogue.id, SPOTIFY, IN_PROGRESS, 1425)
    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from tests.tui import current_id

        assert current_id(pilot) == SPOTIFY
        await pilot.press("o")
        await pilot.press("c")
        assert harness.opened == ["https://www.youtube.com/watch?v=Iw5Tox2H87A&t=1425"]
        assert pilot.app.clipboard == harness.opened[0]
