"""Following a published schedule: importing it from its URL, fetching it again and
laying it over the catalogue as `import --update` does (ids, progress, notes kept),
then flagging what changed in the watchlist and re-checking the "watch later" plans
a clash made.

`confplan import`, `confplan refresh` and the TUI's refresh key all go through
here. This sits above the importers, the progress store and the agenda (it opens
catalogues through `confplan.opening`); no Textual here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from confplan.catalogue.models import Source
from confplan.errors import BadInputError
from confplan.fileio import write_file
from confplan.gcpause import paused_gc
from confplan.importers import detect
from confplan.importers.fetch import fetch

if TYPE_CHECKING:
    import httpx

    from confplan.catalogue.catalogue import Catalogue
    from confplan.importers.common import Imported
    from confplan.importers.update import Changes


@dataclass
class Updated:
    """What an update did: the changes, and what they meant for the user's plans."""

    target: Path
    catalogue_id: str
    changes: Changes
    warnings: list[str]
    kept_before: Path | None = None  # the catalogue as it was, when sessions left it
    held: set[str] = field(default_factory=set)  # sessions with progress in the store
    watched: set[str] = field(default_factory=set)  # sessions on the watchlist
    flagged: dict[str, str] = field(default_factory=dict)  # watchlisted: what changed
    unplanned: list[str] = field(default_factory=list)  # "watch later" taken back


@dataclass
class Refreshed:
    target: Path
    url: str
    updated: Updated | None  # None: the server said the schedule was not modified


def read_schedule(
    data: bytes, name: str, fmt: str, tz: str | None, base_url: str | None = None
) -> Imported:
    """The schedule's catalogue document, its format told by its content (`fmt` auto)."""
    kind = detect.sniff(data) if fmt == "auto" else fmt
    if kind is None:
        raise BadInputError(
            f"{name}: not a schedule confplan reads: expected frab/Pentabarf XML (a "
            "<schedule> document), frab/pretalx schedule JSON or iCalendar (BEGIN:VCALENDAR)"
        )
    with paused_gc():  # many objects made, few freed: see gcpause.py
        return detect.reader(kind)(data, name, tz, base_url=base_url)


def with_source(imported: Imported, source: Source) -> None:
    """Remember where the schedule came from, in the catalogue it becomes."""
    imported.document["source"] = {k: v for k, v in asdict(source).items() if v}


def import_url(
    url: str, fmt: str, tz: str | None, transport: httpx.BaseTransport | None = None
) -> Imported:
    """The schedule at `url`, fetched (unconditionally) and read, its source kept."""
    fetched = fetch(Source(url=url), conditional=False, transport=transport)
    assert fetched.data is not None  # an unconditional request is never "not modified"
    imported = read_schedule(fetched.data, url, fmt, tz, base_url=fetched.final_url)
    with_source(imported, fetched.source)
    return imported


def _old_catalogue(target: Path) -> Catalogue:
    from confplan.opening import load_catalogue

    return load_catalogue(target, cache_dir=None, trust_snapshot=False)


def update(
    target: Path,
    imported: Imported,
    source_name: str,
    store_path: Path | None,
    *,
    force: bool = False,
    old: Catalogue | None = None,
) -> Updated:
    """Lay `imported` over the catalogue at `target` (as `import --update`), write it,
    and flag in the store (at `store_path`, if there is one) what changed in the
    watchlist."""
    from confplan.importers.common import write_catalogue
    from confplan.importers.update import merge, unrelated

    old = old if old is not None else _old_catalogue(target)
    why = unrelated(old, imported.document)
    if why and not force:
        raise BadInputError(
            f"{why}: is it another conference's? {target} was not changed "
            "(use --force to replace it all the same)"
        )
    changes = merge(old, imported.document)
    if "source" not in imported.document and old.source is not None:
        with_source(imported, old.source)  # a followed catalogue stays followed
    text = write_catalogue(imported, source_name, at=target)
    result = Updated(target, old.id, changes, imported.warnings)
    if changes.removed:  # what was written by hand in those sessions stays in a copy
        result.kept_before = target.with_name(f"{target.name}.before-update")
        write_file(result.kept_before, target.read_text(encoding="utf-8"), force=True)
    write_file(target, text, force=True)
    if store_path is not None and store_path.exists():
        _flag(result, store_path, target)
    return result


def _flag(result: Updated, store_path: Path, target: Path) -> None:
    """Flag the watchlist's changed sessions; take back "watch later" plans whose clash
    is gone. The store is opened for writing only when there is something to write."""
    from confplan.progress import flags
    from confplan.progress.store import ProgressStore

    with ProgressStore(store_path, readonly=True) as store:
        entries = store.entries(result.catalogue_id)
        plans = flags.clash_plans(store, result.catalogue_id)
    result.held = set(entries)
    result.watched = {sid for sid, entry in entries.items() if entry.on_watchlist}
    result.flagged = result.changes.flagged(result.watched)
    gone = _clashes_gone(plans, target) if plans else []
    if not result.flagged and not gone:
        return
    with ProgressStore(store_path) as store:
        flags.flag(store, result.catalogue_id, result.flagged)
        result.unplanned = flags.drop_clash_plans(store, result.catalogue_id, gone)


def _clashes_gone(plans: dict[str, str], target: Path) -> list[str]:
    """The sessions planned for later because of a clash that the new times undo."""
    from confplan.agenda import overlap, slot_lookup

    slot_of = slot_lookup(_old_catalogue(target), None)
    gone = []
    for later, chosen in sorted(plans.items()):
        mine, theirs = slot_of(later), slot_of(chosen)
        if mine is None or theirs is None or not overlap(mine, theirs):
            gone.append(later)
    return gone


def source_of(target: Path) -> tuple[Catalogue, Source]:
    """The catalogue at `target` and where it is followed from; refused (exit 2) when
    it was not imported from a URL."""
    catalogue = _old_catalogue(target)
    if catalogue.source is None:
        raise BadInputError(
            f"{target}: not imported from a URL, so there is nothing to refresh "
            "(`confplan import URL -o FILE` follows a schedule)"
        )
    return catalogue, catalogue.source


def refresh(
    target: Path,
    store_path: Path | None,
    *,
    tz: str | None = None,
    fmt: str = "auto",
    force: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> Refreshed:
    """Fetch the followed schedule again (conditionally) and update the catalogue."""
    old, source = source_of(target)
    fetched = fetch(source, conditional=not force, transport=transport)
    if fetched.data is None:  # the catalogue is left as it is: its validators still hold
        return Refreshed(target, source.url, None)
    tz = tz or _pinned_zone(old)
    imported = read_schedule(fetched.data, source.url, fmt, tz, base_url=fetched.final_url)
    with_source(imported, fetched.source)
    updated = update(target, imported, source.url, store_path, force=force, old=old)
    return Refreshed(target, source.url, updated)


def _pinned_zone(old: Catalogue) -> str | None:
    """The zone the catalogue was imported in, when it was pinned (`--tz`, or found
    from the venue): a refresh reads the new file the same way."""
    zones = {c.time_zone for c in old.conferences.values() if c.time_zone}
    return zones.pop() if len(zones) == 1 else None
