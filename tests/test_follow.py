"""Following a schedule from its URL: `confplan import URL`, `confplan refresh` with
conditional requests, the flags on changed watchlisted sessions, and the fetch's
limits. Every schedule is served on 127.0.0.1 (pytest-httpserver): no test touches
the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from confplan.catalogue.models import Source
from confplan.importers import fetch as fetching
from confplan.opening import load_catalogue

EVENT = """BEGIN:VEVENT
UID:{uid}
DTSTART:{start}
DTEND:{end}
SUMMARY:{title} - Ada Lovelace\\, Analytical Engines
LOCATION:{room}\\, Amsterdam\\, Netherlands
URL:/event/{uid}
END:VEVENT
"""


def calendar(*events: tuple[str, str, str, str, str]) -> str:
    body = "".join(
        EVENT.format(uid=uid, start=start, end=end, title=title, room=room)
        for uid, start, end, title, room in events
    )
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:democon\nX-WR-TIMEZONE:UTC\n"
        f"{body}END:VCALENDAR\n"
    )


FIRST = calendar(
    ("keynote", "20260323T080000Z", "20260323T090000Z", "Opening keynote", "Hall A"),
    ("mesh", "20260323T100000Z", "20260323T103000Z", "Service meshes", "Room B"),
    ("gone", "20260323T110000Z", "20260323T113000Z", "Gone soon", "Room C"),
    ("clash", "20260323T100000Z", "20260323T103000Z", "At the same time", "Room D"),
)
SECOND = calendar(
    ("keynote", "20260323T080000Z", "20260323T090000Z", "Opening keynote", "Hall A"),
    ("mesh", "20260323T140000Z", "20260323T143000Z", "Service meshes", "Room B"),
    ("clash", "20260323T100000Z", "20260323T103000Z", "At the same time", "Room D"),
    ("new", "20260323T150000Z", "20260323T153000Z", "Brand new", "Room E"),
)


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A server of this test's own, on 127.0.0.1 only (never "localhost", which may be
    another address), stopped at the end."""
    yield from serving()


def serving() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


class Served:
    """One schedule served with an ETag and a Last-Modified; conditional requests get
    a 304 while it has not changed. Counts what was asked."""

    def __init__(self, server: HTTPServer, text: str) -> None:
        self.text, self.version, self.requests = text, 1, []
        server.expect_request("/all.ics").respond_with_handler(self.handle)
        self.url = server.url_for("/all.ics")

    def change(self, text: str) -> None:
        self.text, self.version = text, self.version + 1

    def handle(self, request: Request) -> Response:
        self.requests.append(dict(request.headers))
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"}
        return Response(self.text, content_type="text/calendar", headers=headers)


@pytest.fixture
def served(httpserver: HTTPServer) -> Served:
    return Served(httpserver, FIRST)


def test_import_from_a_url_follows_it(tmp_path: Path, run_cli, served: Served) -> None:
    out = tmp_path / "x.yaml"
    code, _, err = run_cli("import", served.url, "-o", str(out))
    assert code == 0, err
    assert f"4 sessions imported from {served.url}" in err
    source = yaml.safe_load(out.read_text(encoding="utf-8"))["source"]
    assert source["url"] == served.url and source["etag"] == '"v1"'
    assert source["last_modified"] == "Mon, 02 Mar 2026 10:00:00 GMT"
    catalogue = load_catalogue(out)
    assert catalogue.source is not None and catalogue.source.url == served.url
    # a relative link is resolved against the URL the schedule came from
    assert catalogue.get("mesh").schedule_url == served.url.replace("/all.ics", "/event/mesh")
    assert "If-None-Match" not in served.requests[0]  # the first fetch is unconditional


def test_refresh_updates_and_flags_the_watchlist(tmp_path: Path, run_cli, served: Served) -> None:
    out = tmp_path / "x.yaml"
    assert run_cli("import", served.url, "-o", str(out), "--tz", "Europe/Amsterdam")[0] == 0
    assert run_cli("--catalogue", str(out), "watch", "mesh", "gone", "clash")[0] == 0
    assert run_cli("--catalogue", str(out), "attend", "clash")[0] == 0  # mesh: later
    code, text, err = run_cli("refresh", str(out))
    assert code == 0, err
    assert "not modified" in text and served.requests[-1]["If-None-Match"] == '"v1"'
    served.change(SECOND)
    code, text, err = run_cli("--catalogue", str(out), "refresh")
    assert code == 0, err
    lines = text.splitlines()
    assert lines[1] == "added 1, removed 1, changed 1 (2 on your watchlist)"
    assert "  added   'Brand new' (new)" in lines
    assert any(x.startswith("  removed ★ 'Gone soon' (gone)") for x in lines)
    assert any(x.startswith("  changed ★ 'Service meshes' (mesh): time ") for x in lines)
    assert "  no longer clashes, so no longer planned for later: ★ 'Service meshes' (mesh)" in (
        lines
    )
    code, shown, _ = run_cli("--catalogue", str(out), "show", "mesh")
    assert "⚑ changed at the schedule's update: time 2026-03-23T11:00:00+01:00 → " in shown
    assert "2026-03-23 15:00–15:30 +01:00" in shown  # its new time, in the venue's zone
    code, listed, _ = run_cli("--catalogue", str(out), "changes")
    assert "2 change(s) to your watchlist" in listed and "Gone soon" not in listed
    assert "(no longer in the schedule) (gone)" in listed
    assert run_cli("--catalogue", str(out), "changes", "--seen")[1] == "2 change(s) marked seen\n"
    assert "no changes" in run_cli("--catalogue", str(out), "changes")[1]
    source = load_catalogue(out).source
    assert source is not None and source.etag == '"v2"'


def test_refresh_needs_a_followed_catalogue(tmp_path: Path, run_cli) -> None:
    plain = tmp_path / "plain.ics"
    plain.write_text(FIRST, encoding="utf-8")
    out = tmp_path / "x.yaml"
    assert run_cli("import", str(plain), "-o", str(out))[0] == 0
    code, _, err = run_cli("refresh", str(out))
    assert code == 2 and "not imported from a URL" in err and "Traceback" not in err
    code, _, err = run_cli("refresh")
    assert code == 2 and "bundled catalogue follows no schedule" in err


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://127.0.0.1/all.ics", "only http and https"),
        ("http:///all.ics", "names no host"),
        ("http://127.0.0.1:99999/x", "not a usable URL"),
    ],
)
def test_a_bad_url_is_refused(tmp_path: Path, run_cli, url: str, words: str) -> None:
    code, _, err = run_cli("import", url, "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and words in err and "Traceback" not in err


def test_http_errors_and_offline_are_said_plainly(
    tmp_path: Path, run_cli, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/missing.ics").respond_with_data("no", status=404)
    code, _, err = run_cli("import", httpserver.url_for("/missing.ics"), "-o", str(tmp_path / "x"))
    assert code == 1 and "HTTP 404" in err and "Traceback" not in err
    closed = httpserver.url_for("/all.ics")
    httpserver.stop()
    code, _, err = run_cli("import", closed, "-o", str(tmp_path / "x.yaml"))
    assert code == 1 and "cannot connect (offline?)" in err and "Traceback" not in err
    assert not (tmp_path / "x.yaml").exists()


def test_redirects_are_limited(tmp_path: Path, run_cli, httpserver: HTTPServer) -> None:
    for n in range(8):
        httpserver.expect_request(f"/r{n}").respond_with_response(
            Response(status=302, headers={"Location": f"/r{n + 1}"})
        )
    httpserver.expect_request("/r8").respond_with_data(FIRST)
    code, _, err = run_cli("import", httpserver.url_for("/r4"), "-o", str(tmp_path / "ok.yaml"))
    assert code == 0, err  # four redirects are followed
    code, _, err = run_cli("import", httpserver.url_for("/r0"), "-o", str(tmp_path / "x.yaml"))
    assert code == 1 and "more than 5 redirects" in err


def test_a_schedule_past_the_size_bound_is_refused(
    tmp_path: Path, run_cli, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetching, "MAX_BYTES", 1000)

    def chunked(_request: Request) -> Response:
        return Response((FIRST.encode() for _ in range(100)), content_type="text/calendar")

    httpserver.expect_request("/big.ics").respond_with_handler(chunked)
    code, _, err = run_cli("import", httpserver.url_for("/big.ics"), "-o", str(tmp_path / "x"))
    assert code == 1 and "larger than" in err and "Traceback" not in err


def test_a_timeout_and_a_redirect_off_http_are_errors() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(fetching.FetchError, match="no answer within 3 s"):
        fetching.fetch(Source("http://127.0.0.1/x"), timeout=3, transport=httpx.MockTransport(slow))

    def elsewhere(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(fetching.FetchError, match="not http"):
        fetching.fetch(Source("http://127.0.0.1/x"), transport=httpx.MockTransport(elsewhere))


def test_last_modified_is_sent_back() -> None:
    seen: list[httpx.Headers] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(304)

    source = Source("http://127.0.0.1/x", last_modified="Mon, 02 Mar 2026 10:00:00 GMT")
    done = fetching.fetch(source, transport=httpx.MockTransport(answer))
    assert done.not_modified and seen[0]["If-Modified-Since"] == source.last_modified
    assert done.source.fetched_at is not None and done.source.url == source.url


def test_flags_from_two_writers_add_up(tmp_path: Path) -> None:
    import threading

    from confplan.progress import flags
    from confplan.progress.store import ProgressStore

    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    start = threading.Barrier(4)

    def write(n: int) -> None:
        with ProgressStore(path) as store:
            start.wait()
            flags.flag(store, "c", {"s1": f"room A → R{n}", f"own{n}": "cancelled"})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with ProgressStore(path, readonly=True) as store:
        found = flags.flags(store, "c")
        assert set(found) == {"s1", "own0", "own1", "own2", "own3"}
        assert all(f"R{n}" in found["s1"].what for n in range(4))  # no update lost
    with ProgressStore(path) as store:
        assert flags.seen(store, "c", ["s1", "own0"]) == 2
        assert set(flags.flags(store, "c")) == {"own1", "own2", "own3"}
        assert flags.seen(store, "c") == 3


def test_a_version_3_store_gains_the_flag_tables(tmp_path: Path) -> None:
    import sqlite3

    from confplan.progress import flags
    from confplan.progress.schema import _SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3, _statements
    from confplan.progress.store import ProgressStore

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for statement in _statements(_SCHEMA_V1 + _SCHEMA_V2 + _SCHEMA_V3):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with ProgressStore(path, readonly=True) as store:
        assert flags.flags(store, "c") == {} and flags.clash_plans(store, "c") == {}
    with ProgressStore(path) as store:
        assert store.schema_version == 4
        flags.flag(store, "c", {"s": "moved"})
        assert flags.flags(store, "c")["s"].what == "moved"


def test_a_body_that_never_ends_in_time_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetching, "TOTAL_S", -1.0)  # every chunk arrives past the deadline

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"BEGIN:VCALENDAR\n")

    with pytest.raises(fetching.FetchError, match="still arriving after"):
        fetching.fetch(Source("http://127.0.0.1/x"), transport=httpx.MockTransport(answer))
