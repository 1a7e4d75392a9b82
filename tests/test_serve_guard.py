"""`confplan serve`'s guard, through a real server: loopback by default, a token off
loopback (403 and no app process without it), the page's own origin only, the token
never logged; and bad usage as clear errors.

`Served` (a `confplan serve` process and the address it printed) is used by the
browser test too (tests/test_serve_browser.py).
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from textual_serve.server import Server

from confplan.serving import Guard, GuardedServer
from tests.helpers import wait_until, write_catalogue

TOKEN = "a-token-long-enough-for-the-check"


class Served:
    """`confplan serve --port 0` in a process; `url` is the address it printed."""

    def __init__(self, *words: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "confplan", "serve", "--port", "0", *words],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        assert self.process.stdout is not None
        self.printed: list[str] = []
        while not any(line.startswith("  http://") for line in self.printed):
            line = self.process.stdout.readline()  # the server prints, or ends
            if not line:
                raise AssertionError(f"confplan serve ended: {self.stop()}")
            self.printed.append(line)
        self.url = next(line.strip() for line in self.printed if line.startswith("  http://"))
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.port = int(parts.port or 80)

    def local(self, path: str = "/") -> str:
        """The address through 127.0.0.1 (a server bound to every address prints another)."""
        return f"http://127.0.0.1:{self.port}{path}"

    def apps(self) -> list[int]:
        """The app processes started so far and still running (Linux: /proc)."""
        found: list[int] = []
        for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            found += [int(pid) for pid in children.read_text().split()]
        return found

    def stop(self) -> str:
        """Stop the server (as Ctrl+C would); everything it wrote, URL lines included."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=60)
        return "".join(self.printed) + out + err


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    return write_catalogue(tmp_path / "catalogue")


@pytest.fixture
def served_everywhere(catalogue: Path, tmp_path: Path):
    if not Path("/proc/self/task").is_dir():
        pytest.skip("counting app processes reads /proc (Linux)")
    served = Served("--catalogue", str(catalogue), "--host", "0.0.0.0")
    yield served
    served.stop()


@pytest.fixture
def served_local(catalogue: Path):
    served = Served("--catalogue", str(catalogue))
    yield served
    served.stop()


def _client() -> aiohttp.ClientSession:
    # unsafe: keep cookies set by an IP address (127.0.0.1), as browsers do
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def _get(url: str, **headers: str) -> tuple[int, str]:
    async with _client() as session, session.get(url, headers=headers) as reply:
        return reply.status, await reply.text()


async def _websocket(url: str, **headers: str) -> int:
    """The status of a websocket upgrade to `url` (101: opened, then closed)."""
    async with _client() as session:
        try:
            async with session.ws_connect(url, headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def running(pid: int) -> bool:
    """A process that exists and is no zombie."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


def get(url: str, **headers: str) -> tuple[int, str]:
    return asyncio.run(_get(url, **headers))


def websocket(url: str, **headers: str) -> int:
    return asyncio.run(_websocket(url, **headers))


def test_loopback_by_default_without_token(served_local: Served) -> None:
    assert served_local.url == f"http://127.0.0.1:{served_local.port}/"
    status, page = get(served_local.url)
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{served_local.port}/ws"' in page
    assert get(served_local.local("/static/js/textual.js"))[0] == 200


def test_off_loopback_no_token_no_page_and_no_app(served_everywhere: Served) -> None:
    served = served_everywhere
    assert "token=" in served.url
    token = served.url.split("token=", 1)[1]
    assert len(token) >= 32
    for path in ("/", "/static/js/textual.js", "/ws", "/download/x"):
        assert get(served.local(path))[0] == 403, path
    assert get(served.local("/?token=wrong"))[0] == 403
    assert get(served.local("/?token=" + token[:-1]))[0] == 403
    origin = {"Origin": f"http://127.0.0.1:{served.port}"}
    assert websocket(served.local("/ws"), **origin) == 403
    assert websocket(served.local("/ws?token=wrong"), **origin) == 403
    assert served.apps() == []  # no app process started for any of them


def test_off_loopback_the_token_opens_the_page_and_its_websocket(
    served_everywhere: Served,
) -> None:
    served = served_everywhere
    token = served.url.split("token=", 1)[1]
    started: list[int] = []

    async def visit() -> None:
        async with _client() as session:
            async with session.get(served.local(f"/?token={token}")) as reply:
                assert reply.status == 200  # after the redirect that drops the token
                assert "token" not in str(reply.url)
                assert [r.status for r in reply.history] == [303]
                cookie = reply.history[0].cookies[f"confplan-serve-{served.port}"]
                assert cookie["httponly"] and cookie["samesite"] == "Strict"
                assert token not in await reply.text()
            async with session.get(served.local("/")) as reply:  # a reload: the cookie
                assert reply.status == 200
            origin = {"Origin": f"http://127.0.0.1:{served.port}"}
            async with session.ws_connect(served.local("/ws"), headers=origin) as ws:
                started.extend(wait_until(served.apps, "the app process of the websocket"))
                await ws.close()

    asyncio.run(visit())
    output = served.stop()
    assert output.count(token) == 1  # printed once in the address, never logged
    wait_until(lambda: not any(map(running, started)), "the app processes to end")


def test_a_foreign_origin_or_host_is_refused(served_local: Served) -> None:
    served = served_local
    ws = served.local("/ws")
    assert websocket(ws, Origin="http://evil.example") == 403
    assert websocket(ws, Origin="null") == 403
    assert websocket(ws, Origin=f"http://127.0.0.1:{served.port + 1}") == 403
    assert websocket(ws) == 403  # a websocket without Origin: no browser sends that
    assert get(served.local("/"), Origin="http://evil.example")[0] == 403
    # DNS rebinding: a foreign name pointed at 127.0.0.1, its own origin
    rebound = {
        "Host": f"evil.example:{served.port}",
        "Origin": f"http://evil.example:{served.port}",
    }
    assert get(served.local("/"), **rebound)[0] == 403
    assert websocket(ws, **rebound) == 403
    assert get(served.local("/"), Host='127.0.0.1"><script>')[0] == 403
    assert websocket(ws, Origin=served.origin) == 101


def test_the_token_from_the_environment_is_required_even_on_loopback(catalogue: Path) -> None:
    served = Served("--catalogue", str(catalogue), env={"CONFPLAN_SERVE_TOKEN": TOKEN})
    try:
        assert served.url.endswith(f"/?token={TOKEN}")
        assert get(served.local("/"))[0] == 403
        assert get(served.local(f"/?token={TOKEN}"))[0] == 200
    finally:
        served.stop()


def test_the_guard_is_installed_through_textual_serves_hook() -> None:
    """confplan adds its guard in Server._make_app, textual-serve's private builder of
    the aiohttp app: if a new textual-serve renames or changes it, this fails loudly."""
    assert inspect.iscoroutinefunction(Server._make_app)
    guard = Guard(TOKEN, loopback_only=False)
    server = GuardedServer(
        "true", guard, host="127.0.0.1", port=0, title="t", on_listening=lambda _port: None
    )
    app = asyncio.run(server._make_app())
    assert isinstance(app, web.Application)
    assert guard.middleware in app.middlewares
    routes = {r.resource.canonical for r in app.router.routes() if r.resource is not None}
    assert {"/", "/ws"} <= routes


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--port", "70000"], "a port is 0 to 65535"),
        (["--port", "eighty"], "not a port number"),
        (["--host", ""], "--host"),
        (["--host", "no-such-host.invalid"], "not an address of this machine"),
        (["--tz", "Mars/Olympus"], "Mars/Olympus"),
    ],
)
def test_bad_usage_is_a_clear_error(run_cli, catalogue: Path, capsys, words, message) -> None:
    try:
        code, _out, err = run_cli("--catalogue", str(catalogue), "serve", *words)
    except SystemExit as exc:  # argparse's own usage errors
        code, err = exc.code, capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_a_port_in_use_is_a_clear_error(run_cli, catalogue: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_cli("--catalogue", str(catalogue), "serve", "--port", str(port))
    assert code == 1
    assert f"cannot listen on 127.0.0.1 port {port}" in err
    assert "http://" not in out  # no address printed for a server that never listened


def test_a_short_token_from_the_environment_is_refused(
    run_cli, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFPLAN_SERVE_TOKEN", "short")
    code, _out, err = run_cli("--catalogue", str(catalogue), "serve")
    assert code == 2
    assert "at least 16 characters" in err
