"""`confplan import`: a published schedule as a confplan catalogue."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from confplan.cli.context import Context, err, out
from confplan.errors import BadInputError
from confplan.fileio import read_regular, write_file
from confplan.gcpause import paused_gc

if TYPE_CHECKING:
    from confplan.importers.common import Imported

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
    p.add_argument("file", help="the schedule file")
    p.add_argument(
        "--format",
        choices=("auto", "frab-xml", "schedule-json", "ical"),
        default="auto",
        help="auto (the default: decided by the content, never by the name), frab-xml, "
        "schedule-json or ical",
    )
    p.add_argument(
        "--tz", metavar="ZONE", help="the conference's IANA time zone, if the file gives none"
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
    from confplan.importers import detect
    from confplan.importers.common import write_catalogue

    source = Path(args.file)
    try:
        data = read_regular(source, MAX_BYTES)
    except OSError as exc:
        raise BadInputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    kind = detect.sniff(data) if args.format == "auto" else args.format
    if kind is None:
        raise BadInputError(
            f"{source}: not a schedule confplan reads: expected frab/Pentabarf XML (a "
            "<schedule> document), frab/pretalx schedule JSON or iCalendar (BEGIN:VCALENDAR)"
        )
    with paused_gc():  # many objects made, few freed: see gcpause.py
        imported = detect.reader(kind)(data, str(source), args.tz)
        if args.update:
            return _update(ctx, Path(args.update).expanduser(), imported, source, args.force)
        text = write_catalogue(imported, source.name)
    write_file(Path(args.output).expanduser(), text, force=args.force)
    _warn(imported.warnings)
    count = len(imported.document["sessions"])
    err(f"confplan: {count} sessions imported from {source} into {args.output}")
    return 0


def _warn(warnings: list[str]) -> None:
    for warning in warnings[:20]:
        err(f"confplan: warning: {warning}")
    if len(warnings) > 20:
        err(f"confplan: ... and {len(warnings) - 20} more warnings")


def _update(ctx: Context, target: Path, imported: Imported, source: Path, force: bool) -> int:
    from confplan.importers.common import write_catalogue
    from confplan.importers.update import merge, unrelated
    from confplan.opening import load_catalogue

    old = load_catalogue(target, cache_dir=None, trust_snapshot=False)
    why = unrelated(old, imported.document)
    if why and not force:
        raise BadInputError(
            f"{why}: is it another conference's? {target} was not changed "
            "(use --force to replace it all the same)"
        )
    changes = merge(old, imported.document)
    text = write_catalogue(imported, source.name, at=target)
    if changes.removed:  # what was written by hand in those sessions stays in a copy
        before = target.with_name(f"{target.name}.before-update")
        write_file(before, target.read_text(encoding="utf-8"), force=True)
        err(f"confplan: the catalogue as it was is kept in {before}")
    write_file(target, text, force=True)
    _warn(imported.warnings)
    out(changes.summary())
    for sid in changes.added:
        out(f"  added   {sid}")
    held = ctx.store(write=False).entries(old.id)
    for sid in changes.removed:
        kept = " (its progress is kept, shown as an orphan by `confplan status`)"
        out(f"  removed {sid}{kept if sid in held else ''}")
    for sid, found in changes.changed:
        out(f"  changed {sid}: {'; '.join(found)}")
    return 0
