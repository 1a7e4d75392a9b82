"""`confplan serve`: the planner in a browser, through textual-serve, on the same store.

Each browser tab runs its own `confplan` (the TUI, on the same catalogue and data folder,
started by textual-serve with Textual's web driver); the store keeps every change of
every tab and terminal. Safe by default: bound to 127.0.0.1; any other address needs
the token printed in the address to open (see confplan.serving for the guard).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import shlex
import socket
import sys
from urllib.parse import quote

from confplan import paths
from confplan.cli.context import Context
from confplan.cli.options import given
from confplan.errors import BadInputError
from confplan.text import printable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ENV_TOKEN = "CONFPLAN_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {port}")
    return port


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="the planner in a browser, on the same store",
        description="Serve the terminal UI to web browsers (textual-serve): each tab runs "
        "the planner on the same catalogue and progress store. Bound to 127.0.0.1 unless "
        "--host says otherwise; on any other address a secret token is required, generated "
        f"at each start (or taken from ${ENV_TOKEN}) and printed as part of the address to "
        "open. There is no TLS: use it on a network you trust, or behind your own TLS proxy.",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}; 0.0.0.0 for every address, "
        "with a token)",
    )
    p.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    p.add_argument(
        "--tz",
        dest="tui_tz",
        type=given,
        metavar="ZONE",
        default=argparse.SUPPRESS,
        help="the agenda shows times in this IANA zone (default: the conference's)",
    )
    p.add_argument(
        "--now",
        dest="tui_now",
        metavar="TIME",
        default=argparse.SUPPRESS,
        help="the planner's clock starts at TIME (YYYY-MM-DDTHH:MM)",
    )
    p.set_defaults(func=cmd_serve)


def only_loopback(host: str) -> bool:
    """Whether every address `host` names is a loopback one; a clear error when it
    names none."""
    if not host.strip():
        raise BadInputError("--host: give an address or a host name")
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BadInputError(f"--host {host}: not an address of this machine ({reason})") from None
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in found)


def server_token(loopback: bool) -> str | None:
    """The token the browser must show: $CONFPLAN_SERVE_TOKEN if set (then always
    required), else a new one off loopback, else none. The variable is taken out of the
    environment so that the app processes do not inherit it."""
    given = os.environ.pop(ENV_TOKEN, None)
    if given is not None:
        if len(given) < MIN_TOKEN_LENGTH:
            raise BadInputError(f"${ENV_TOKEN} must be at least {MIN_TOKEN_LENGTH} characters")
        return given
    return None if loopback else secrets.token_urlsafe(24)


def app_command(ctx: Context, args: argparse.Namespace) -> str:
    """The shell command textual-serve starts for each browser tab: this confplan's TUI
    on the same catalogue and data folder, with the same options."""
    words = [
        sys.executable,
        "-m",
        "confplan",
        "--catalogue",
        str(paths.resolved(ctx.catalogue_path)),
        "--data-dir",
        str(paths.resolved(ctx.data_dir)),
    ]
    if getattr(args, "no_cache", False):
        words.append("--no-cache")
    if getattr(args, "tui_tz", None):
        words += ["--tz", args.tui_tz]
    if getattr(args, "tui_now", None):
        words += ["--now", args.tui_now]
    return shlex.join(words)


def _check_clock(args: argparse.Namespace) -> None:
    from confplan.agenda import read_moment, zone_named

    if getattr(args, "tui_tz", None):
        zone_named(args.tui_tz)
    if getattr(args, "tui_now", None):
        read_moment(args.tui_now, "--now: ")


def shown_host(bound: str) -> str:
    """The host part of the address to open: the address bound (a name may have several,
    each with its own port when the port was 0), and for a wildcard this machine's
    outward address where one is found (a phone cannot open 0.0.0.0)."""
    if ipaddress.ip_address(bound.split("%")[0]).is_unspecified:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            bound = str(probe.getsockname()[0])
        except OSError:
            bound = socket.gethostname()
        finally:
            probe.close()
    return f"[{bound}]" if ":" in bound else bound


def address(bound: str, port: int, token: str | None) -> str:
    query = f"?token={quote(token, safe='')}" if token else ""
    return f"http://{shown_host(bound)}:{port}/{query}"


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    _check_clock(args)
    ctx.catalogue()  # a broken catalogue is reported now, not in each browser tab
    loopback = only_loopback(args.host)
    token = server_token(loopback)
    command = app_command(ctx, args)

    def listening(bound: str, port: int) -> None:
        sys.stdout.write(
            "confplan: serving the planner; open this address in a browser:\n"
            f"  {printable(address(bound, port, token))}\n"
            + ("(it holds the secret token: share it only with yourself)\n" if token else "")
            + "Ctrl+C stops.\n"
        )
        sys.stdout.flush()

    from confplan.serving import Guard, GuardedServer

    guard = Guard(token, loopback_only=loopback and token is None)
    server = GuardedServer(
        command, guard, host=args.host, port=args.port, title="confplan", on_listening=listening
    )
    server.serve()
    return 0
