"""`confplan status` and `confplan progress dump|load`: progress as a whole."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confplan import query
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import NOT_TALKS
from confplan.cli.context import Context, out
from confplan.errors import BadInputError
from confplan.fileio import read_regular, write_file
from confplan.progress import transfer
from confplan.progress.models import IN_PROGRESS, STATUS_LABELS, UNWATCHED, WATCHED, Entry
from confplan.progress.summary import Minutes, bar, summarise
from confplan.text import printable


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
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


def _time(m: Minutes) -> str:
    """Known time, then estimated time (≈), then how many have no length."""
    return m.label("of unknown length")


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.recapped_catalogue()
    store = ctx.store(write=False)
    entries = catalogue.fold_entries(store.entries(catalogue.id))
    summary = summarise(catalogue, entries, store.history(catalogue.id))
    total = summary.total
    out(f"{printable(catalogue.title)}: {len(catalogue)} sessions, {total} talks to watch")
    for status in (WATCHED, IN_PROGRESS, UNWATCHED):
        count = summary.counts[status]
        out(f"  {STATUS_LABELS[status]:<12} {count:>5}  {bar(count, total)}")
    if any(catalogue.columns.recommendations) and not all(catalogue.columns.recommendations):
        out("  per scope       watched  in progress     talks")
        talks = catalogue.talks()
        for label, only in (("recommended", True), ("whole programme", False)):
            scoped = query.apply(catalogue, query.Filter(recommended=only), entries)
            scoped = [i for i in scoped if talks[i]]
            ids = catalogue.columns.ids
            states = [query.status_of(entries, ids[i]) for i in scoped]
            out(
                f"    {label:<15} {states.count(WATCHED):>5}  {states.count(IN_PROGRESS):>11}"
                f"  {len(scoped):>8}"
            )
    if summary.not_talks:
        out(f"  not counted   {_not_talks(summary.not_talks)}")
    out(f"  time watched  {_time(summary.watched_time)}")
    out(f"  time left     {_time(summary.left_time)}")
    out(f"  watchlist     {summary.queue_length} sessions, {_time(summary.queue_left)} left")
    if len(catalogue.conferences) > 1:
        _by_edition(catalogue, entries)
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


def _by_edition(catalogue: Catalogue, entries: dict[str, Entry]) -> None:
    """Each edition's talks, watched and in progress, newest first."""
    talks: dict[str, int] = {}
    watched: dict[str, int] = {}
    started: dict[str, int] = {}
    for i, (kind, edition) in enumerate(
        zip(catalogue.columns.kinds, catalogue.columns.conferences, strict=True)
    ):
        if kind in NOT_TALKS:
            continue
        talks[edition] = talks.get(edition, 0) + 1
        status = query.status_of(entries, catalogue.columns.ids[i])
        if status == WATCHED:
            watched[edition] = watched.get(edition, 0) + 1
        elif status == IN_PROGRESS:
            started[edition] = started.get(edition, 0) + 1
    out("")
    out("By conference (watched / talks)")
    editions = sorted(catalogue.conferences.values(), key=lambda c: c.start, reverse=True)
    width = max(len(c.name) for c in editions)
    for conference in editions:
        done, total = watched.get(conference.id, 0), talks.get(conference.id, 0)
        going = started.get(conference.id, 0)
        out(
            f"  {printable(conference.name):<{width}}  {done:>3}/{total:<4} {bar(done, total, 16)}"
            + (f"  {going} in progress" if going else "")
            + f"  ({conference.id})"
        )


NOT_TALK_LABELS = {
    "co-located": ("co-located event day", "co-located event days"),
    "logistics": ("logistics entry", "logistics entries"),
    "cancelled": ("cancelled session", "cancelled sessions"),
}


def _not_talks(counts: dict[str, int]) -> str:
    """ "193 co-located event days, 195 logistics entries, 17 cancelled sessions"."""
    parts = []
    for kind, (one, many) in NOT_TALK_LABELS.items():
        if counts.get(kind):
            parts.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
    return ", ".join(parts)


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
