"""`confplan watch`, `unwatch`, `move`, `mark`, `rate`, `note`, `status`, `progress`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confplan import query
from confplan.cli.context import Context, out
from confplan.errors import BadInputError
from confplan.fileio import write_file
from confplan.progress import transfer
from confplan.progress.models import IN_PROGRESS, STATUS_LABELS, STATUSES, UNWATCHED, WATCHED
from confplan.progress.summary import Minutes, bar, summarise
from confplan.text import format_clock, format_minutes, parse_clock, printable


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("watch", parents=[common], help="add sessions to the watchlist")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("unwatch", parents=[common], help="take sessions off the watchlist")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.set_defaults(func=cmd_unwatch)

    p = sub.add_parser("move", parents=[common], help="move a session within the watchlist")
    p.add_argument("id")
    p.add_argument("--to", type=int, required=True, metavar="N", help="new position (1 = first)")
    p.set_defaults(func=cmd_move)

    p = sub.add_parser("mark", parents=[common], help="set a session's status")
    p.add_argument("id")
    p.add_argument("status", help="watched, in-progress or unwatched")
    p.add_argument("--at", metavar="MM:SS", help="where to resume (in-progress)")
    p.set_defaults(func=cmd_mark)

    p = sub.add_parser("rate", parents=[common], help="rate a session 1-5 (0 clears)")
    p.add_argument("id")
    p.add_argument("rating", type=int, choices=range(0, 6), metavar="1-5")
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser("note", parents=[common], help="set or clear a session's note")
    p.add_argument("id")
    p.add_argument("text", nargs="?", help="the note ('-' reads standard input)")
    p.add_argument("--clear", action="store_true")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("status", parents=[common], help="progress overall and per theme")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("progress", parents=[common], help="dump or load progress as JSON")
    psub = p.add_subparsers(dest="progress_command", metavar="{dump,load}", required=True)
    d = psub.add_parser("dump", parents=[common], help="write all progress as JSON")
    d.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    d.add_argument("--force", action="store_true", help="replace FILE if it exists")
    d.set_defaults(func=cmd_dump)
    ld = psub.add_parser(
        "load", parents=[common], help="merge a dump or a JSON export (newest change wins)"
    )
    ld.add_argument("file", help="a JSON file ('-' for standard input)")
    ld.set_defaults(func=cmd_load)


def _ids(ctx: Context, ids: list[str]) -> list[str]:
    catalogue = ctx.catalogue()
    return [query.resolve_session(catalogue, i).id for i in ids]


def cmd_watch(ctx: Context, args: argparse.Namespace) -> int:
    ids = _ids(ctx, args.ids)
    entries = ctx.store(write=True).watch(ctx.catalogue().id, ids)
    for entry in entries:
        out(f"{entry.session}: on the watchlist at position {entry.watchlist_pos}")
    return 0


def cmd_unwatch(ctx: Context, args: argparse.Namespace) -> int:
    ids = _ids(ctx, args.ids)
    removed = {e.session for e in ctx.store(write=True).unwatch(ctx.catalogue().id, ids)}
    for session in ids:
        out(f"{session}: {'removed from' if session in removed else 'was not on'} the watchlist")
    return 0


def cmd_move(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = _ids(ctx, [args.id])
    if args.to < 1:
        raise BadInputError("--to is a position on the watchlist, 1 or more")
    entry = ctx.store(write=True).move(ctx.catalogue().id, session, args.to)
    out(f"{session}: now at position {entry.watchlist_pos}")
    return 0


def cmd_mark(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = _ids(ctx, [args.id])
    status = query.resolve_status(args.status)
    position = None
    if args.at is not None:
        if status != IN_PROGRESS:
            raise BadInputError("--at goes with in-progress (where to resume)")
        try:
            position = parse_clock(args.at)
        except ValueError as exc:
            raise BadInputError(f"--at: {exc}") from None
    entry = ctx.store(write=True).mark(ctx.catalogue().id, session, status, position)
    where = f" (resume at {format_clock(entry.position_s)})" if entry.position_s else ""
    out(f"{session}: {STATUS_LABELS[entry.status]}{where}")
    return 0


def cmd_rate(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = _ids(ctx, [args.id])
    rating = args.rating or None
    ctx.store(write=True).rate(ctx.catalogue().id, session, rating)
    out(f"{session}: {'rated ' + str(rating) + '/5' if rating else 'rating cleared'}")
    return 0


def cmd_note(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = _ids(ctx, [args.id])
    if args.clear == (args.text is not None):
        raise BadInputError("give a note's text, or --clear (not both)")
    text = None
    if args.text is not None:
        text = sys.stdin.read() if args.text == "-" else args.text
        text = text.strip()
        if not text:
            raise BadInputError("the note is empty; use --clear to remove a note")
    ctx.store(write=True).note(ctx.catalogue().id, session, text)
    out(f"{session}: {'note saved' if text else 'note cleared'}")
    return 0


def _time(m: Minutes) -> str:
    text = format_minutes(m.known)
    if m.unknown:
        text += f" + {m.unknown} of unknown length"
    return text


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.catalogue()
    store = ctx.store(write=False)
    entries = store.entries(catalogue.id)
    summary = summarise(catalogue, entries, store.history(catalogue.id))
    total = summary.total
    out(f"{printable(catalogue.title)}: {total} sessions")
    for status in (WATCHED, IN_PROGRESS, UNWATCHED):
        count = summary.counts[status]
        out(f"  {STATUS_LABELS[status]:<12} {count:>5}  {bar(count, total)}")
    out(f"  time watched  {_time(summary.watched_time)}")
    out(f"  time left     {_time(summary.left_time)}")
    out(f"  watchlist     {summary.queue_length} sessions, {_time(summary.queue_left)} left")
    out("")
    out("By theme (watched / sessions)")
    width = max((len(t.name) for t in summary.themes), default=10)
    for theme in sorted(summary.themes, key=lambda t: (-t.total, t.name)):
        out(
            f"  {printable(theme.name):<{width}}  {theme.watched:>3}/{theme.total:<3} "
            f"{bar(theme.watched, theme.total, 16)}"
        )
    if summary.recent:
        out("")
        out("Watched in the last 7 days")
        for item in summary.recent[:10]:
            session = catalogue.get(item.session)
            title = session.title if session else item.session
            out(f"  {item.at[:10]}  {printable(title)}")
    if summary.orphans:
        out("")
        out(
            f"{len(summary.orphans)} saved entries are for sessions no longer in this catalogue "
            "(kept, not deleted):"
        )
        for entry in summary.orphans[:20]:
            out(f"  {entry.session} ({STATUS_LABELS.get(entry.status, entry.status)})")
    return 0


def cmd_dump(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store(write=False)
    text = transfer.dump_text(store)
    if args.output and args.output != "-":
        write_file(Path(args.output), text, force=args.force)
        out(f"progress written to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_load(ctx: Context, args: argparse.Namespace) -> int:
    if args.file == "-":
        raw = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        name = args.file
        try:
            raw = Path(args.file).read_bytes()
        except OSError as exc:
            raise BadInputError(f"{args.file}: cannot read: {exc.strerror}") from None
    entries, history = transfer.parse(raw, name)
    taken, kept = ctx.store(write=True).merge(entries, history)
    out(
        f"{name}: {taken} entries taken, {kept} kept as they were (newer here), "
        f"{len(history)} history records merged"
    )
    return 0


__all__ = ["STATUSES", "add_parsers"]
