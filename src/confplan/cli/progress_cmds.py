"""`confplan watch`, `unwatch`, `move`, `mark`, `rate`, `note`, `status`, `progress`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confplan import query
from confplan.cli.context import Context, err, out
from confplan.errors import BadInputError
from confplan.fileio import read_regular, write_file
from confplan.progress import transfer
from confplan.progress.models import (
    IN_PROGRESS,
    MAX_POSITION_S,
    STATUS_LABELS,
    STATUSES,
    UNWATCHED,
    WATCHED,
)
from confplan.progress.summary import Minutes, bar, summarise
from confplan.text import format_clock, format_minutes, parse_clock, printable


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "watch",
        parents=[common],
        help="add sessions to the watchlist",
        description="Add sessions to the end of the watchlist (those on it stay where they are).",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="session ids (see `confplan list`)")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser(
        "unwatch",
        parents=[common],
        help="take sessions off the watchlist",
        description="Take sessions off the watchlist; their status, rating and note stay.",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="session ids")
    p.set_defaults(func=cmd_unwatch)

    p = sub.add_parser(
        "move",
        parents=[common],
        help="move a session within the watchlist",
        description="Move a session that is on the watchlist to another position.",
    )
    p.add_argument("id", help="session id (on the watchlist)")
    p.add_argument("--to", type=int, required=True, metavar="N", help="new position (1 = first)")
    p.set_defaults(func=cmd_move)

    p = sub.add_parser(
        "mark",
        parents=[common],
        help="set a session's status",
        description="Set a session's status; in-progress can say where to resume.",
    )
    p.add_argument("id", help="session id")
    p.add_argument("status", help="watched, in-progress or unwatched")
    p.add_argument(
        "--at",
        metavar="TIME",
        help="where to resume (with in-progress): MM:SS, H:MM:SS, 90s, 12m or 1h5m",
    )
    p.set_defaults(func=cmd_mark)

    p = sub.add_parser(
        "rate",
        parents=[common],
        help="rate a session 1-5 (0 clears)",
        description="Rate a session from 1 to 5 stars; 0 clears the rating.",
    )
    p.add_argument("id", help="session id")
    p.add_argument("rating", metavar="STARS", help="1 to 5, or 0 to clear")
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser(
        "note",
        parents=[common],
        help="set or clear a session's note",
        description="Set a session's note (replacing the one it has), or clear it.",
    )
    p.add_argument("id", help="session id")
    p.add_argument("text", nargs="?", help="the note ('-' reads standard input)")
    p.add_argument("--clear", action="store_true", help="remove the note")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser(
        "status",
        parents=[common],
        help="progress overall and per theme",
        description="Counts, time watched and left, progress per theme, recent and orphaned "
        "entries.",
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "progress",
        parents=[common],
        help="dump or load progress as JSON",
        description="Back up or move progress: dump writes it all as JSON; load merges a dump "
        "or a JSON export (for each session the newest change wins).",
    )
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
        if position > MAX_POSITION_S:
            raise BadInputError(
                f"--at: {printable(args.at)[:30]} is more than {MAX_POSITION_S // 3600} hours"
            )
    catalogue = ctx.catalogue()
    entry = ctx.store(write=True).mark(catalogue.id, session, status, position)
    where = f" (resume at {format_clock(entry.position_s)})" if entry.position_s else ""
    out(f"{session}: {STATUS_LABELS[entry.status]}{where}")
    known = catalogue.get(session)
    minutes = known.duration_min if known else None
    if position is not None and minutes and position > minutes * 60:
        err(
            f"confplan: warning: {format_clock(position)} is past the session's known length "
            f"({format_minutes(minutes)}); saved as given"
        )
    return 0


def cmd_rate(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = _ids(ctx, [args.id])
    word = args.rating.strip()
    if not (word.isascii() and word.isdigit() and int(word) <= 5):
        raise BadInputError(
            f"a rating is 1 to 5 stars, or 0 to clear it; not {printable(word)[:20]!r}"
        )
    rating = int(word) or None
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
    catalogue = ctx.recapped_catalogue()
    store = ctx.store(write=False)
    entries = store.entries(catalogue.id)
    summary = summarise(catalogue, entries, store.history(catalogue.id))
    total = summary.total
    out(f"{printable(catalogue.title)}: {total} sessions")
    for status in (WATCHED, IN_PROGRESS, UNWATCHED):
        count = summary.counts[status]
        out(f"  {STATUS_LABELS[status]:<12} {count:>5}  {bar(count, total)}")
    if any(catalogue.columns.recommendations) and not all(catalogue.columns.recommendations):
        out("  per scope       watched  in progress  sessions")
        for label, only in (("recommended", True), ("whole programme", False)):
            scoped = query.apply(catalogue, query.Filter(recommended=only), entries)
            ids = catalogue.columns.ids
            states = [query.status_of(entries, ids[i]) for i in scoped]
            out(
                f"    {label:<15} {states.count(WATCHED):>5}  {states.count(IN_PROGRESS):>11}"
                f"  {len(scoped):>8}"
            )
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
        raw = sys.stdin.buffer.read(transfer.MAX_FILE_BYTES + 1)
        name = "<stdin>"
    else:
        name = args.file
        try:
            raw = read_regular(Path(args.file), transfer.MAX_FILE_BYTES)
        except OSError as exc:
            raise BadInputError(f"{args.file}: cannot read: {exc.strerror or exc}") from None
    entries, history = transfer.parse(raw, name)
    merged = ctx.store(write=True).merge(entries, history)
    out(
        f"{name}: {merged.taken} entries taken, {merged.same} the same, "
        f"{merged.kept} kept as they were (newer here), "
        f"{len(history)} history records merged"
    )
    return 0


__all__ = ["STATUSES", "add_parsers"]
