"""Hostile input, round 3: what an attack on the newest commands (import from a URL,
refresh, the TUI's U) found, each kept from coming back. Every server is a mock
transport or runs on 127.0.0.1: no test touches the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from confplan.catalogue.models import Source
from confplan.errors import BadInputError
from confplan.importers import fetch as fetching
from confplan.opening import load_catalogue
from tests.test_follow import FIRST, Served, serving
from tests.tui import Harness, settle, until


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A server of this test's own, on 127.0.0.1 only."""
    yield from serving()


def test_a_304_to_an_import_is_an_error_not_a_crash(
    tmp_path: Path, run_cli, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/x.ics").respond_with_response(Response(status=304))
    code, _, err = run_cli("import", httpserver.url_for("/x.ics"), "-o", str(tmp_path / "x.yaml"))
    assert code == 1 and "304" in err and "named no version" in err, err
    assert "AssertionError" not in err and not (tmp_path / "x.yaml").exists()


def test_a_304_to_a_request_without_validators_is_not_taken_as_unchanged() -> None:
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(304)

    with pytest.raises(fetching.FetchError, match="named no version"):
        fetching.fetch(Source("http://127.0.0.1/x"), transport=httpx.MockTransport(answer))


@pytest.mark.parametrize(
    "etag",
    [b'"\xc3\xa9t\xc3\xa9"', b'"\xe9\xff"', b'"a\x1b[31mred\x07"', b'"' + b"a" * 5000 + b'"'],
)
def test_an_etag_that_is_not_a_plain_header_is_not_kept(etag: bytes) -> None:
    """Kept, such an ETag made every later refresh fail (a header must be ASCII), and
    the TUI's U end in a traceback."""

    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=[(b"ETag", etag)], content=FIRST.encode())

    done = fetching.fetch(Source("http://127.0.0.1/x"), transport=httpx.MockTransport(answer))
    assert done.source.etag is None


@pytest.mark.parametrize(
    ("etag", "last_modified"),
    [("été", None), ("a\r\nX-Injected: 1", None), (None, "\x1b]0;title\x07"), ("é", "ü")],
)
def test_a_hand_edited_validator_that_is_not_a_header_is_not_sent(
    etag: str | None, last_modified: str | None
) -> None:
    seen: list[httpx.Headers] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, content=FIRST.encode())

    source = Source("http://127.0.0.1/x", etag=etag, last_modified=last_modified)
    done = fetching.fetch(source, transport=httpx.MockTransport(answer))
    assert done.data is not None
    assert "If-None-Match" not in seen[0] and "If-Modified-Since" not in seen[0]


def test_a_refresh_after_a_non_ascii_etag_works(
    tmp_path: Path, run_cli, httpserver: HTTPServer
) -> None:
    def handle(_request: object) -> Response:
        return Response(FIRST, headers={"ETag": '"été"'}, content_type="text/calendar")

    httpserver.expect_request("/x.ics").respond_with_handler(handle)
    out = tmp_path / "x.yaml"
    assert run_cli("import", httpserver.url_for("/x.ics"), "-o", str(out))[0] == 0
    code, _, err = run_cli("refresh", str(out))
    assert code == 0 and "UnicodeEncodeError" not in err, err


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/\x1b[31mok",
        "http://127.0.0.1/\u202eok",
        "http://127.0.0.1/\udcff",
        "http://127.0.0.1/a b",
        f"http://{'a' * 300}.invalid/x",
    ],
)
def test_a_url_that_cannot_be_fetched_is_bad_input(tmp_path: Path, run_cli, url: str) -> None:
    code, _, err = run_cli("import", url, "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "not a usable URL" in err, err
    assert "\x1b" not in err and "the command failed" not in err


def test_a_host_name_idna_refuses_at_the_request_is_bad_input() -> None:
    def answer(_request: httpx.Request) -> httpx.Response:
        raise UnicodeError("Codepoint U+0080 not allowed")

    with pytest.raises(BadInputError, match="not a host name"):
        fetching.fetch(Source("http://xn--a.example/x"), transport=httpx.MockTransport(answer))


def test_the_servers_reason_phrase_reaches_no_terminal_raw() -> None:
    def answer(_request: httpx.Request) -> httpx.Response:
        phrase = b"\x1b[31mBoom\x07\x1b]0;title\x07" + b"x" * 1000
        return httpx.Response(500, extensions={"reason_phrase": phrase})

    with pytest.raises(fetching.FetchError) as caught:
        fetching.fetch(Source("http://127.0.0.1/x"), transport=httpx.MockTransport(answer))
    message = str(caught.value)
    assert "HTTP 500" in message and "Boom" in message and len(message) < 300
    assert not any(ord(char) < 32 for char in message)


async def test_u_says_a_failed_refresh_and_the_planner_stays(
    tmp_path: Path,
    run_cli,
    httpserver: HTTPServer,
    isolated_paths: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever the refresh raises, U says it in a notification, made terminal-safe,
    and the planner goes on."""
    from confplan import following

    served = Served(httpserver, FIRST)
    out = tmp_path / "x.yaml"
    assert run_cli("import", served.url, "-o", str(out))[0] == 0
    harness = Harness(isolated_paths, load_catalogue(out, cache_dir=None))

    def unforeseen(*_args: object, **_kwargs: object) -> None:
        raise UnicodeEncodeError("ascii", "\x1b[31mé", 5, 6, "ordinal not in range(128)")

    def hostile(*_args: object, **_kwargs: object) -> None:
        raise fetching.FetchError("http://127.0.0.1/x: the server answered \x1b[31mBoom")

    async with harness.app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for failure, words in ((unforeseen, "The refresh failed"), (hostile, "Boom")):
            monkeypatch.setattr(following, "refresh", failure)
            await pilot.press("U")
            await until(
                lambda words=words: any(  # type: ignore[misc]
                    words in str(n.message) for n in pilot.app._notifications
                ),
                "the failure, said",
            )
        assert pilot.app.is_running
        assert not any("\x1b" in str(n.message) for n in pilot.app._notifications)


def test_a_long_list_of_links_is_read_in_linear_time() -> None:
    """Each line's links were gathered by going through all the post's links: an 8 MB
    list of 150,000 links took 9 minutes. 20,000 of them read as quickly as their
    length says, each link once and no bare URL twice."""
    from confplan.recaps.post import read_post

    text = "---\ntitle: t\n---\n" + "".join(
        f"- [Opening keynote](https://example.com/{i}) see https://example.org/{i}\n"
        for i in range(20_000)
    )
    post = read_post(text.encode(), "list.mdx")
    urls = [link.url for link in post.links]
    assert len(urls) == 40_000 and len(set(urls)) == 40_000
    assert post.links[0].line == 4 and post.links[-1].line == 20_003


def test_an_error_quoting_a_huge_argument_stays_a_short_line(run_cli) -> None:
    """An unknown track, room or recap id was quoted whole: 100 KB on one line."""
    huge = "a" * 100_000
    for argv in (("agenda", "--track", huge), ("agenda", "--room", huge), ("show", huge)):
        code, _, err = run_cli(*argv)
        assert code == 2 and err.count("\n") <= 2, err[:200]
        assert all(len(line) <= 1100 for line in err.splitlines())


def test_hand_edited_change_flags_are_read_like_input(
    tmp_path: Path, run_cli, httpserver: HTTPServer
) -> None:
    """A BLOB or a number where the store keeps what changed made `changes` fail."""
    import sqlite3

    from tests.test_follow import SECOND

    served = Served(httpserver, FIRST)
    out, data = tmp_path / "x.yaml", tmp_path / "data"
    base = ("--catalogue", str(out), "--data-dir", str(data))
    assert run_cli("import", served.url, "-o", str(out))[0] == 0
    assert run_cli(*base, "watch", "mesh", "keynote")[0] == 0
    with sqlite3.connect(data / "progress.sqlite3") as conn:
        rows = [
            ("democon", "mesh", b"\xff\xfe moved", 12345),
            ("democon", "keynote", 3.5, b"\x00"),
            ("democon", b"\x1b[31mghost", "x", "y"),
        ]
        conn.executemany("INSERT INTO change_flags VALUES (?, ?, ?, ?)", rows)
    code, shown, err = run_cli(*base, "changes")
    assert code == 0, err
    assert "moved" in shown and "3.5" in shown and "\x1b" not in shown
    served.change(SECOND)  # the refresh adds to a flag it cannot read as text
    code, _, err = run_cli(*base, "refresh")
    assert code == 0, err
    code, shown, err = run_cli(*base, "changes")
    assert code == 0 and "moved; then time" in shown, err


@pytest.mark.parametrize("url", ["http://u:p@127.0.0.1:9/ok", "https://token@example.org/x"])
def test_a_url_with_credentials_is_refused_before_any_request(
    tmp_path: Path, run_cli, url: str
) -> None:
    code, _, err = run_cli("import", url, "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "user name or password is not fetched" in err, err
    assert "p@" not in err and "token@" not in err  # the secret is not echoed
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("--tz", "", "list"),
        ("agenda", "--tz", ""),
        ("agenda", "--track", " "),
        ("agenda", "--room", ""),
        ("export", "--tz", ""),
        ("list", "--track", ""),
    ],
)
def test_an_empty_option_value_is_a_usage_error(
    run_cli, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's usage error
        run_cli(*argv)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "an empty value; leave the option out instead" in captured.err
