"""The planner served to a browser (`confplan serve`): textual-serve's Server, guarded.

textual-serve answers the page, its static files and a websocket; each websocket starts
one app process (the command it is given) and relays the terminal both ways. Whoever
reaches that websocket drives the planner on the user's store, so every request passes
the guard first:

- Host: a request names a host made of host-name characters only (the page is built
  from it); served on a loopback address without a token, only a loopback name
  (localhost, 127.0.0.1, [::1]), so that a web page whose name was re-pointed at
  127.0.0.1 (DNS rebinding) is not served.
- Origin: a request that carries an Origin must come from the page's own origin, and a
  websocket upgrade must carry one (every browser sends it).
- Token, where there is one (always off loopback): in the query (`?token=`) or in the
  cookie set when the page was opened with it; compared in constant time. The page
  opened with the token redirects to itself without it, so that the address bar, the
  history and any Referer never hold it. Without the token: 403, and no app starts.

Nothing here logs a request (aiohttp's access log is off): the token is never written
anywhere but in the address printed at start.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import re
import signal
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler
from textual_serve.server import Server

from confplan.errors import ConfplanError

TOKEN_PARAMETER = "token"

FORBIDDEN = (
    "403 forbidden: open the address that `confplan serve` printed when it started "
    "(with its token), in this browser.\n"
)

# A Host header as browsers send it: a name or IPv4 address, or an IPv6 one in brackets,
# and an optional port. Anything else (quotes, spaces, slashes) is refused.
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")

# Sent with every answer: no framing by another page (clickjacking), no referrer, and
# nothing loaded from anywhere but this server (the page's template links a web font
# from a third party: the browser does not fetch it, and the terminal's own font is used).
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def host_name(host: str) -> str:
    """The name in a Host header, without its port (and an IPv6 address's brackets)."""
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rpartition(":")[0] if ":" in host else host


def is_loopback_name(name: str) -> bool:
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def tokens_match(given: str, token: str) -> bool:
    """Constant-time comparison (bytes: compare_digest refuses non-ASCII text)."""
    return hmac.compare_digest(
        given.encode("utf-8", "backslashreplace"), token.encode("utf-8", "backslashreplace")
    )


class Guard:
    """Decides, before any handler runs, whether a request is served (see the module)."""

    def __init__(self, token: str | None, *, loopback_only: bool) -> None:
        self.token = token
        self.loopback_only = loopback_only
        self.cookie = "confplan-serve"  # named after the port once it is bound

    def bind_port(self, port: int) -> None:
        """Cookies are per host, not per port: each server its own cookie."""
        self.cookie = f"confplan-serve-{port}"

    def refusal(self, request: web.BaseRequest) -> str | None:
        """Why `request` is refused (a short reason, never shown with the token), or None."""
        host = request.headers.get("Host", "")
        if not _HOST.fullmatch(host):
            return "bad host"
        if self.loopback_only and not is_loopback_name(host_name(host)):
            return "not a loopback host"
        origin = request.headers.get("Origin")
        upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
        if origin is None and upgrade:
            return "websocket without origin"
        if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
            return "foreign origin"
        if self.token is not None and not self._authorised(request):
            return "no token"
        return None

    def _authorised(self, request: web.BaseRequest) -> bool:
        assert self.token is not None
        given = request.query.get(TOKEN_PARAMETER)
        if given is None:
            given = request.cookies.get(self.cookie)
        return given is not None and tokens_match(given, self.token)

    def opened_with_token(self, request: web.BaseRequest) -> web.StreamResponse | None:
        """The page opened with the token in its address: a redirect to the same page
        without it, which sets the cookie that the page's files and websocket carry."""
        if self.token is None or request.path != "/" or TOKEN_PARAMETER not in request.query:
            return None
        rest = [(k, v) for k, v in request.query.items() if k != TOKEN_PARAMETER]
        response = web.HTTPSeeOther("/" + (f"?{urlencode(rest)}" if rest else ""))
        response.set_cookie(self.cookie, self.token, path="/", httponly=True, samesite="Strict")
        response.headers["Cache-Control"] = "no-store"
        return response

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.refusal(request) is not None:
            return web.Response(status=403, text=FORBIDDEN)
        redirect = self.opened_with_token(request)
        if redirect is not None:
            return redirect
        return await handler(request)

    async def add_headers(self, _request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)

    def install(self, app: web.Application) -> None:
        app.middlewares.append(self.middleware)
        app.on_response_prepare.append(self.add_headers)


class GuardedServer(Server):
    """textual-serve's Server behind the Guard, quiet, and stopped by Ctrl+C or SIGTERM.

    `on_listening` is called with the first bound address and its port once the sockets
    listen (the address to open is printed then, never before a bind that may fail)."""

    def __init__(
        self,
        command: str,
        guard: Guard,
        *,
        host: str,
        port: int,
        title: str,
        on_listening: Callable[[str, int], None],
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.guard = guard
        self.on_listening = on_listening

    def initialize_logging(self) -> None:
        """textual-serve's own warnings to standard error, plainly; no request is
        logged (the access log is off in `serve`, and stays silent here too)."""
        logger = logging.getLogger("textual-serve")
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("confplan serve: %(message)s"))
            logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if self.debug else logging.WARNING)
        logger.propagate = False
        logging.getLogger("aiohttp.access").disabled = True

    async def _make_app(self) -> web.Application:
        # textual-serve builds its aiohttp application here, and offers no public way to
        # add a middleware before the application freezes: this is the one private name
        # confplan relies on (tests/test_serve_guard.py fails loudly if it goes).
        app = await super()._make_app()
        self.guard.install(app)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Nothing printed here (textual-serve prints its banner): see `on_listening`."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with its websocket's address taken from the Host the browser used
        (checked by the guard), not from the address the server was given: a server
        bound to every address is reached by each client through its own."""
        secure = request.secure or request.headers.get("X-Forwarded-Proto") == "https"
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        return {
            "font_size": font_size,
            "app_websocket_url": f"{'wss' if secure else 'ws'}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self.serve_until_stopped())

    async def serve_until_stopped(self) -> None:
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except OSError as exc:
                raise ConfplanError(
                    f"cannot listen on {self.host} port {self.port}: {exc.strerror or exc}"
                ) from None
            # A name with several addresses and port 0 gets a port for each: the first.
            bound, port = str(runner.addresses[0][0]), int(runner.addresses[0][1])
            self.guard.bind_port(port)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signum, stop.set)
                except NotImplementedError:  # Windows: Ctrl+C ends asyncio.run instead
                    pass
            self.on_listening(bound, port)
            await stop.wait()
        finally:
            await runner.cleanup()
