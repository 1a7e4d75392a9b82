"""`confplan refresh` (fetch a followed schedule again and update its catalogue) and
`confplan changes` (what an update changed in the watchlist, until seen)."""

from __future__ import annotations

import argparse
from pathlib import Path

from confplan.cli.context import Context, err, out
from confplan.cli.options import given
from confplan.errors import EXIT_BAD_INPUT, BadInputError, ConfplanError
from confplan.text import printable


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "refresh",
        parents=[common],
        help="fetch followed schedules again and update their catalogues",
        description="Fetch each catalogue's schedule again from the URL it was imported "
        "from (`confplan import URL -o FILE`) and update it as `import --update` does: "
        "ids, progress and notes stay, the changes are listed, and those to your "
        "watchlist are flagged until seen. Asks the server only for a newer version.",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="the catalogues to refresh (default: the one in use, --catalogue)",
    )
    p.add_argument(
        "--tz", metavar="ZONE", type=given, help="read the schedule's times in this zone"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="fetch it all again (no conditional request), and update even when the "
        "new schedule shares no session with the catalogue",
    )
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser(
        "changes",
        parents=[common],
        help="what the last updates changed in your watchlist, until seen",
        description="List the watchlisted sessions that an update or refresh moved, "
        "put in another room, renamed, gave other speakers, cancelled or removed.",
    )
    p.add_argument(
        "--seen",
        nargs="*",
        metavar="ID",
        help="mark these changes seen (all of them without an ID)",
    )
    p.set_defaults(func=cmd_changes)


def _targets(ctx: Context, files: list[str]) -> list[Path]:
    if files:
        return [Path(f).expanduser() for f in files]
    from confplan import paths

    path = ctx.catalogue_path
    if path == paths.bundled_catalogue():
        raise BadInputError(
            "the bundled catalogue follows no schedule: name the catalogue to refresh "
            "(confplan refresh FILE, or --catalogue FILE)"
        )
    return [path]


def cmd_refresh(ctx: Context, args: argparse.Namespace) -> int:
    targets = _targets(ctx, args.files)
    if len(targets) == 1:
        return _refresh(ctx, targets[0], args)
    worst = 0
    for target in targets:  # one failing leaves the others to be refreshed
        try:
            worst = max(worst, _refresh(ctx, target, args))
        except ConfplanError as exc:
            err(f"confplan: error: {exc}")
            worst = max(worst, EXIT_BAD_INPUT if isinstance(exc, BadInputError) else 1)
    return worst


def _refresh(ctx: Context, target: Path, args: argparse.Namespace) -> int:
    from confplan import following
    from confplan.cli.import_cmd import report_update

    ctx.check_data_dir()
    done = following.refresh(target, ctx.store_path, tz=args.tz, force=args.force)
    if done.updated is None:
        out(f"{target}: not modified since the last fetch ({done.url}): nothing to update")
        return 0
    out(f"{target}: updated from {done.url}")
    report_update(done.updated)
    return 0


def cmd_changes(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.progress import flags

    catalogue = ctx.catalogue()
    if args.seen is not None:
        ids = ctx.session_ids(args.seen) if args.seen else None
        count = flags.seen(ctx.store(write=True), catalogue.id, ids)
        out(f"{count} change(s) marked seen")
        return 0
    found = flags.flags(ctx.store(write=False), catalogue.id)
    if not found:
        out("no changes to your watchlist since you last looked")
        return 0
    out(f"{len(found)} change(s) to your watchlist ({catalogue.title}):")
    for sid, flag in found.items():
        session = catalogue.get(sid)
        title = session.title if session is not None else "(no longer in the schedule)"
        out(f"  ⚑ {printable(title)} ({sid}), at {flag.flagged_at[:16]}: {printable(flag.what)}")
    out("`confplan changes --seen` marks them seen")
    return 0
