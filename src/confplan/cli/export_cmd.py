"""`confplan export`: what you watched and what is left, as Markdown, CSV or JSON."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from confplan import export, query
from confplan.cli.context import Context, err
from confplan.fileio import write_file
from confplan.text import terminal_safe


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export sessions and progress (md, csv or json)",
        description="Export sessions with your progress. Writes to standard output unless -o.",
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
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_export)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.catalogue()
    selection = export.Selection(
        status=export.combine_statuses(args.status),
        watchlist=args.watchlist,
        theme=query.resolve_theme(catalogue, args.theme) if args.theme else None,
    )
    store = ctx.store(write=False)
    chosen = export.select(
        catalogue,
        store.entries(catalogue.id),
        store.history(catalogue.id),
        selection,
        exported_at=datetime.datetime.now(datetime.UTC),
    )
    text = export.render(chosen, args.format)
    if args.output and args.output != "-":
        path = Path(args.output).expanduser()
        write_file(path, text, force=args.force)
        count = len(chosen.rows)
        err(f"confplan: {count} session{'' if count == 1 else 's'} written to {path}")
    else:
        sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
    return 0
