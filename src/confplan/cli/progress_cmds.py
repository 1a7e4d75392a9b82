"""`confplan watch`, `unwatch`, `move`, `mark`, `rate`, `note`: one session's progress.

Each change is a command of the planner (planner/commands.py), executed as the
TUI's store writer executes it. These check ids with `Context.session_ids`, which
reads a current cache entry's id column rather than building the catalogue: they
are what scripts and editor bindings call many times, and most of their time would
be building it.
"""

from __future__ import annotations

import argparse
import sys

from confplan.cli.context import Context, err, out, typed_text
from confplan.errors import BadInputError
from confplan.planner.commands import Mark, Move, Note, Rate, Unwatch, Watch, execute
from confplan.progress.models import (
    IN_PROGRESS,
    MAX_POSITION_S,
    STATUS_LABELS,
    STATUSES,
    resolve_status,
)
from confplan.text import (
    format_clock,
    format_minutes,
    parse_clock,
    printable,
)


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
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


def cmd_watch(ctx: Context, args: argparse.Namespace) -> int:
    ids = ctx.session_ids(args.ids)
    applied = execute(ctx.store(write=True), ctx.known().id, Watch(ids[0], tuple(ids[1:])))
    for item in applied.written:
        assert item.after is not None  # on the watchlist: it has an entry
        out(f"{item.session}: on the watchlist at position {item.after.watchlist_pos}")
    return 0


def cmd_unwatch(ctx: Context, args: argparse.Namespace) -> int:
    ids = ctx.session_ids(args.ids)
    applied = execute(ctx.store(write=True), ctx.known().id, Unwatch(ids[0], tuple(ids[1:])))
    removed = {item.session for item in applied.written if item.left_watchlist}
    for session in ids:
        out(f"{session}: {'removed from' if session in removed else 'was not on'} the watchlist")
    return 0


def cmd_move(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = ctx.session_ids([args.id])
    if args.to < 1:
        raise BadInputError("--to is a position on the watchlist, 1 or more")
    entry = execute(ctx.store(write=True), ctx.known().id, Move(session, args.to)).after
    assert entry is not None  # on the watchlist: it has an entry
    out(f"{session}: now at position {entry.watchlist_pos}")
    return 0


def cmd_mark(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = ctx.session_ids([args.id])
    status = resolve_status(args.status)
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
    known = ctx.known()
    entry = execute(ctx.store(write=True), known.id, Mark(session, status, position)).after
    assert entry is not None  # marked: it has an entry
    where = f" (resume at {format_clock(entry.position_s)})" if entry.position_s else ""
    out(f"{session}: {STATUS_LABELS[entry.status]}{where}")
    minutes = known.duration_min(session)
    if position is not None and minutes and position > minutes * 60:
        err(
            f"confplan: warning: {format_clock(position)} is past the session's known length "
            f"({format_minutes(minutes)}); saved as given"
        )
    return 0


def cmd_rate(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = ctx.session_ids([args.id])
    word = args.rating.strip()
    if not (word.isascii() and word.isdigit() and int(word) <= 5):
        raise BadInputError(
            f"a rating is 1 to 5 stars, or 0 to clear it; not {printable(word)[:20]!r}"
        )
    rating = int(word) or None
    execute(ctx.store(write=True), ctx.known().id, Rate(session, rating))
    out(f"{session}: {'rated ' + str(rating) + '/5' if rating else 'rating cleared'}")
    return 0


def cmd_note(ctx: Context, args: argparse.Namespace) -> int:
    (session,) = ctx.session_ids([args.id])
    if args.clear == (args.text is not None):
        raise BadInputError("give a note's text, or --clear (not both)")
    text = None
    if args.text is not None:
        text = _note_from_stdin() if args.text == "-" else typed_text(args.text, "the note")
        text = text.strip()
        if not text:
            raise BadInputError("the note is empty; use --clear to remove a note")
    execute(ctx.store(write=True), ctx.known().id, Note(session, text))
    out(f"{session}: {'note saved' if text else 'note cleared'}")
    return 0


MAX_NOTE_BYTES = 1024 * 1024  # a note is a few lines; a megabyte is a bound, not a goal


def _note_from_stdin() -> str:
    """A note from standard input: at most MAX_NOTE_BYTES, and UTF-8 text."""
    if sys.stdin is None:
        raise BadInputError("standard input is closed; give the note's text")
    stream = getattr(sys.stdin, "buffer", None)
    # Bytes when there are (decoded here, strictly), else text (a stream in a test).
    raw = (stream or sys.stdin).read(MAX_NOTE_BYTES + 1)
    if len(raw) > MAX_NOTE_BYTES:
        raise BadInputError(f"the note is over {MAX_NOTE_BYTES:,} bytes; nothing was saved")
    if isinstance(raw, str):
        return typed_text(raw, "the note")
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadInputError(f"the note is not UTF-8 text (at byte {exc.start})") from None


__all__ = ["STATUSES", "add_parsers"]
