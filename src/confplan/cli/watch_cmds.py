"""`confplan open` and `confplan next`: resume a recording where you stopped, and
what fits in the time you have."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from confplan.cli.context import Context, err, out
from confplan.cli.options import minutes_between
from confplan.errors import BadInputError, ConfplanError
from confplan.text import format_clock, format_minutes, is_safe_url, json_safe, printable
from confplan.watching import DEFAULT_BUDGET_MIN, MAX_BUDGET_MIN

if TYPE_CHECKING:
    from confplan.watching import UpNext, UpNextItem


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

    p = sub.add_parser(
        "next",
        parents=[common],
        help="what fits in the time you have: the watchlist in its order",
        description="The sessions to watch next, filling the minutes you have: the "
        "watchlist in its order (then, with --more, the most recommended sessions), without "
        "what is watched. Lengths are the schedule's or estimates (marked ~); a session in "
        "progress counts what is left of it; one of unknown length is listed apart. A "
        "session too long for what is left is passed over for a shorter one after it.",
    )
    p.add_argument(
        "--minutes",
        type=minutes_between(1, MAX_BUDGET_MIN),
        default=DEFAULT_BUDGET_MIN,
        metavar="N",
        help=f"the time you have, in minutes (default: {DEFAULT_BUDGET_MIN})",
    )
    p.add_argument(
        "--more",
        action="store_true",
        help="after the watchlist, the most recommended sessions (by recap consensus)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_next)


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


def cmd_next(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.watching import up_next

    catalogue = ctx.recapped_catalogue() if args.more else ctx.catalogue()
    plan = up_next(catalogue, ctx.entries(), args.minutes, more=args.more)
    if args.format == "json":
        sys.stdout.write(json_safe(json.dumps(next_json(plan), ensure_ascii=False, indent=2)))
        sys.stdout.write("\n")
    else:
        for line in next_lines(plan, more=args.more):
            out(line)
    return 0


UNKNOWN_SHOWN = 10  # in text, the first sessions of unknown length (JSON has them all)


def next_lines(plan: UpNext, *, more: bool) -> list[str]:
    count = len(plan.fits)
    lines = [
        f"Up next in {format_minutes(plan.budget_min)}: {count} session{'' if count == 1 else 's'}"
        f", {format_minutes(plan.used_min)}"
    ]
    lines += [f"{n:>3}. {_line(item)}" for n, item in enumerate(plan.fits, start=1)]
    if not plan.fits and not plan.unknown:
        lines.append(
            "  Nothing to watch here: add sessions with `confplan watch ID`"
            + ("." if more else ", or ask for --more.")
            if not plan.too_long
            else "  Nothing fits: ask for more minutes (--minutes)."
        )
    if plan.too_long:
        lines.append(f"  ({plan.too_long} more do not fit in what is left)")
    if plan.unknown:
        lines += ["", f"Length unknown, not counted ({len(plan.unknown)}):"]
        lines += [f"   - {_line(item)}" for item in plan.unknown[:UNKNOWN_SHOWN]]
        if len(plan.unknown) > UNKNOWN_SHOWN:
            lines.append(f"   ... and {len(plan.unknown) - UNKNOWN_SHOWN} more (--format json)")
    return lines


def _line(item: UpNextItem) -> str:
    session = item.session
    parts = [f"{item.length_label():>6}  {printable(session.title)}  [{session.id}]"]
    position = item.link.saved_position_s if item.link else None
    if position is not None:
        left = "" if item.left_min is None else f", {format_minutes(item.left_min)} left"
        parts.append(f"in progress at {format_clock(position)}{left}")
    if item.source == "recommended":
        parts.append(f"recommended by {len(session.recommended_by)}")
    return " · ".join(parts)


def next_json(plan: UpNext) -> dict[str, object]:
    """`confplan next --format json` (documented in docs/export.md)."""
    return {
        "budget_min": plan.budget_min,
        "used_min": plan.used_min,
        "sessions": [_item_json(item) for item in plan.fits],
        "unknown_length": [_item_json(item) for item in plan.unknown],
        "too_long": plan.too_long,
    }


def _item_json(item: UpNextItem) -> dict[str, object]:
    link = item.link
    safe = link is not None and is_safe_url(link.url)
    entry = item.entry
    return {
        "id": item.session.id,
        "title": item.session.title,
        "source": item.source,
        "watchlist_pos": entry.watchlist_pos if entry else None,
        "minutes": item.minutes,
        "estimated": item.estimated,
        "left_min": item.left_min,
        "status": entry.status if entry else "unwatched",
        "position_s": link.saved_position_s if link else None,
        "url": link.url if link and safe else None,
        "url_kind": link.what if link and safe else None,
        "url_start_s": link.position_s if link and safe else None,
        "recommended_by": len(item.session.recommended_by),
    }
