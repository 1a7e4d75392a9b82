"""`confplan import`: a published schedule as a confplan catalogue."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from confplan.cli.context import Context, err, out
from confplan.cli.options import given
from confplan.errors import BadInputError
from confplan.fileio import read_regular, write_file

if TYPE_CHECKING:
    from confplan.following import Updated

MAX_BYTES = 256 * 1024 * 1024


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "import",
        parents=[common],
        help="turn a published schedule (frab XML, schedule JSON, iCal) into a catalogue",
        description="Read a conference's published schedule (frab/Pentabarf XML, the "
        "schedule JSON of frab and pretalx, or iCalendar) and write a confplan catalogue "
        "that `confplan validate` accepts and a person can edit.",
    )
    p.add_argument(
        "file",
        help="the schedule file, or its http(s) URL: the catalogue then follows it "
        "(`confplan refresh` fetches it again)",
    )
    p.add_argument(
        "--format",
        choices=("auto", "frab-xml", "schedule-json", "ical"),
        default="auto",
        help="auto (the default: decided by the content, never by the name), frab-xml, "
        "schedule-json or ical",
    )
    p.add_argument(
        "--tz",
        metavar="ZONE",
        type=given,
        help="the conference's IANA time zone, if the file gives none",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="OUT.yaml", help="the catalogue to write")
    target.add_argument(
        "--update",
        metavar="OUT.yaml",
        help="re-import over a catalogue imported before: ids and progress stay, your "
        "themes and notes are kept, and the changes are listed",
    )
    p.add_argument("--force", action="store_true", help="replace OUT.yaml if it exists")
    p.set_defaults(func=cmd_import)


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from confplan import following
    from confplan.importers.common import write_catalogue
    from confplan.importers.fetch import checked_url, is_url

    if is_url(args.file):
        url = checked_url(args.file)
        imported = following.import_url(url, args.format, args.tz)
        name, label = url, url
    else:
        source = Path(args.file)
        try:
            data = read_regular(source, MAX_BYTES)
        except OSError as exc:
            raise BadInputError(f"{source}: cannot read: {exc.strerror or exc}") from None
        imported = following.read_schedule(data, str(source), args.format, args.tz)
        name, label = source.name, str(source)
    if args.update:
        target = Path(args.update).expanduser()
        updated = following.update(target, imported, name, ctx.store_path, force=args.force)
        report_update(updated)
        return 0
    text = write_catalogue(imported, name)
    write_file(Path(args.output).expanduser(), text, force=args.force)
    warn(imported.warnings)
    for note in imported.notes:
        err(f"confplan: note: {note}")
    count = len(imported.document["sessions"])
    err(f"confplan: {count} sessions imported from {label} into {args.output}")
    return 0


def warn(warnings: list[str]) -> None:
    for warning in warnings[:20]:
        err(f"confplan: warning: {warning}")
    if len(warnings) > 20:
        err(f"confplan: ... and {len(warnings) - 20} more warnings")


def report_update(updated: Updated) -> None:
    """The changes an update made, by title, those on the watchlist marked."""
    changes = updated.changes
    if updated.kept_before is not None:
        err(f"confplan: the catalogue as it was is kept in {updated.kept_before}")
    warn(updated.warnings)
    touched = [*changes.removed, *(sid for sid, _ in changes.changed)]
    mine = sum(1 for sid in touched if sid in updated.watched)
    out(changes.summary() + (f" ({mine} on your watchlist)" if mine else ""))

    def named(sid: str) -> str:
        star = "★ " if sid in updated.watched else ""
        return f"{star}{changes.titles.get(sid, sid)!r} ({sid})"

    for sid in changes.added:
        out(f"  added   {named(sid)}")
    kept = " (its progress is kept, shown as an orphan by `confplan status`)"
    for sid in changes.removed:
        out(f"  removed {named(sid)}{kept if sid in updated.held else ''}")
    for sid, found in changes.changed:
        out(f"  changed {named(sid)}: {'; '.join(found)}")
    if updated.flagged:
        out(
            f"{len(updated.flagged)} change(s) to your watchlist flagged: "
            "`confplan changes` lists them"
        )
    for sid in updated.unplanned:
        out(f"  no longer clashes, so no longer planned for later: {named(sid)}")
