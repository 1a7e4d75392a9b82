"""`confplan open` and `confplan next`: resume a recording where you stopped, and
what fits in the time you have."""

from __future__ import annotations

import argparse

from confplan.cli.context import Context, err, out
from confplan.errors import BadInputError, ConfplanError
from confplan.text import format_clock, is_safe_url


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "open",
        parents=[common],
        help="open a session's recording, at the saved position if in progress",
        description="Open the session's recording (or a search for it) in the browser. For a "
        "session in progress, a YouTube link starts where you stopped (`t=` seconds); links "
        "to other hosts open unchanged and a search is never offset.",
    )
    p.add_argument("id", help="session id")
    p.add_argument(
        "--print", action="store_true", help="print the link instead of opening a browser"
    )
    p.set_defaults(func=cmd_open)


def _open_in_browser(url: str) -> bool:
    """Open `url` in a browser; False if none could be started."""
    import webbrowser

    try:
        return webbrowser.open(url)
    except Exception:  # a broken browser setting is a failure to open, not a crash
        return False


def cmd_open(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.query import resolve_session
    from confplan.watching import watch_link

    session = resolve_session(ctx.catalogue(), args.id)
    link = watch_link(session, ctx.entries().get(session.id))
    if link is None:
        raise BadInputError(f"no recording or search link for {session.id}")
    if not is_safe_url(link.url):
        raise BadInputError(f"refused to open {link.url!r}: not a plain http(s) link")
    if link.saved_position_s is not None and link.position_s is None:
        where = format_clock(link.saved_position_s)
        note = "a search" if not link.is_video else "this host's link cannot start there"
        err(f"confplan: you stopped at {where}; {note}, so it opens at the start")
    if args.print:
        out(link.url)
        return 0
    if not _open_in_browser(link.url):
        out(link.url)
        raise ConfplanError(f"could not open a browser for the {link.what}; the link is above")
    where = f" at {format_clock(link.position_s)}" if link.position_s else ""
    err(f"confplan: opening the {link.what}{where}")
    return 0
