"""`confplan export`: what you watched and what is left, as Markdown, CSV, JSON, ICS or M3U."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from confplan import export, query
from confplan.cli.context import Context, err
from confplan.cli.options import given, minutes_between
from confplan.errors import BadInputError
from confplan.fileio import write_file
from confplan.text import terminal_safe

MAX_ALARM_MIN = 7 * 24 * 60  # a week


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export sessions and progress (md, csv, json, ics or m3u)",
        description="Export sessions with your progress. Writes to standard output unless -o. "
        "The ics format is a calendar of the selected sessions that have a time (in the "
        "conference's time zone, with stable UIDs: importing it again updates the events). "
        "The m3u format is a playlist of the recordings, in-progress sessions starting where "
        "you stopped.",
    )
    p.add_argument(
        "--status",
        choices=export.STATUS_CHOICES,
        action="append",
        help="to-watch (unwatched and in progress), all (the default), unwatched, "
        "in-progress or watched; repeatable",
    )
    p.add_argument("--watchlist", action="store_true", help="only sessions on the watchlist")
    p.add_argument("--theme", help="only sessions on this theme (id or name)")
    p.add_argument("--format", choices=tuple(export.FORMATS), default="md")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        type=given,
        help="the times in this IANA zone (default: the conference's); `confplan --tz ZONE "
        "export` too",
    )
    p.add_argument(
        "--alarm",
        type=minutes_between(0, MAX_ALARM_MIN),
        metavar="MINUTES",
        help="ics: a reminder that many minutes before each event (a VALARM)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_export)


def _options(args: argparse.Namespace) -> export.Options:
    """The zone (`export --tz`, else `confplan --tz`) and the reminder."""
    if args.alarm is not None and args.format != "ics":
        raise BadInputError("--alarm adds reminders to a calendar: use it with --format ics")
    name = args.tz or getattr(args, "tui_tz", None)
    if not name:
        return export.Options(alarm_min=args.alarm)
    from confplan.agenda import zone_named

    return export.Options(zone=zone_named(name), alarm_min=args.alarm)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    options = _options(args)
    catalogue = ctx.recapped_catalogue()
    selection = export.Selection(
        status=export.combine_statuses(args.status),
        watchlist=args.watchlist,
        theme=query.resolve_theme(catalogue, args.theme) if args.theme else None,
    )
    store = ctx.store(write=False)
    chosen = export.select(
        catalogue,
        catalogue.fold_entries(store.entries(catalogue.id)),
        store.history(catalogue.id),
        selection,
        exported_at=datetime.datetime.now(datetime.UTC),
    )
    untimed = 0
    text = export.render(chosen, args.format, options)
    if args.format == "ics":
        from confplan.export_ics import skipped

        untimed = skipped(chosen)
        if untimed:
            err(
                f"confplan: {untimed} selected session{'' if untimed == 1 else 's'} without "
                "a time left out of the calendar"
            )
    if args.format == "m3u":
        from confplan.export_m3u import skipped as unplayable

        untimed = unplayable(chosen)
        if untimed:
            err(
                f"confplan: {untimed} selected session{'' if untimed == 1 else 's'} without "
                "a recording left out of the playlist"
            )
    if args.output and args.output != "-":
        path = Path(args.output).expanduser()
        write_file(path, text, force=args.force)
        count = len(chosen.rows) - untimed
        err(f"confplan: {count} session{'' if count == 1 else 's'} written to {path}")
    else:
        sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
    return 0
