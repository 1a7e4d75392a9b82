"""`confplan validate`, `list` and `show`: reading the catalogue."""

from __future__ import annotations

import argparse
import textwrap
from dataclasses import replace
from pathlib import Path

from confplan import query
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.cli.context import Context, out
from confplan.cli.options import given
from confplan.cli.render import SESSION_HEADERS, json_text, session_row, table
from confplan.progress import flags
from confplan.progress.models import STATUS_LABELS, Entry, HistoryItem, resolve_status
from confplan.text import format_clock, format_span, line_span, printable


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "validate", parents=[common], help="check a catalogue and report every problem"
    )
    p.add_argument("path", nargs="?", help="catalogue file (default: the chosen catalogue)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", parents=[common], help="list sessions, filtered and sorted")
    add_filter_arguments(p)
    p.add_argument("--sort", choices=query.SORT_KEYS, default="consensus")
    p.add_argument("--format", choices=("table", "json", "ids"), default="table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="everything about one session")
    p.add_argument("id", help="session id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_show)


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--theme", help="theme id or name")
    p.add_argument("--event", help="event id or name")
    p.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help='words to find, each at the start of a word ("rust" finds rustc, not trust), '
        '"quoted" for a phrase: in titles, speakers, companies, event, themes, track, room '
        "and abstract",
    )
    p.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="unwatched, in-progress or watched (repeatable)",
    )
    p.add_argument("--watchlist", action="store_true", help="only sessions on the watchlist")
    p.add_argument(
        "--recommended",
        action="store_true",
        help="only sessions that at least one recap recommends",
    )
    p.add_argument("--track", type=given, help="a programme track, by name (any case)")
    p.add_argument("--conference", help="conference id, name or city")
    p.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help="only this kind: talk, keynote, panel, lightning, workshop, maintainer, "
        "co-located (an event day), logistics, cancelled... (repeatable)",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="logistics and cancelled sessions too (left out by default)",
    )


def build_filter(catalogue: Catalogue, args: argparse.Namespace) -> query.Filter:
    statuses = None
    if args.status and "all" not in args.status:
        statuses = frozenset(resolve_status(s) for s in args.status)
    return query.Filter(
        theme=query.resolve_theme(catalogue, args.theme) if args.theme else None,
        event=query.resolve_event(catalogue, args.event) if args.event else None,
        text=args.search or "",
        statuses=statuses,
        watchlist_only=args.watchlist,
        recommended=args.recommended,
        track=query.resolve_track(catalogue, args.track) if args.track else None,
        conference=query.resolve_conference(catalogue, args.conference)
        if args.conference
        else None,
        kinds=frozenset(query.resolve_kind(k) for k in args.kind) if args.kind else None,
        # what the user put on the watchlist is shown whatever its kind
        hide_nothing_to_watch=not (args.all or args.watchlist),
    )


def cmd_validate(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.opening import load_catalogue

    path = Path(args.path) if args.path else ctx.catalogue_path
    catalogue = load_catalogue(path, cache_dir=None, trust_snapshot=False)  # parse: the check
    doc = catalogue.document
    recommendations = sum(len(s.recommended_by) for s in doc.sessions)
    out(
        f"{path}: ok: {len(doc.sessions)} sessions, {len(doc.themes)} themes, "
        f"{len(doc.recaps)} recaps ({recommendations} recommendations), "
        f"{len(doc.conferences)} conferences, {len(doc.events)} events"
    )
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.recapped_catalogue()
    entries = ctx.entries()
    spec = build_filter(catalogue, args)
    indexes = query.apply(catalogue, spec, entries)
    if not spec.watchlist_only:
        indexes = query.sorted_indexes(catalogue, indexes, args.sort)
    sessions = [catalogue.sessions[i] for i in indexes]
    if args.format == "ids":
        for session in sessions:
            out(session.id)
    elif args.format == "json":
        out(json_text([session_json(catalogue, s, entries.get(s.id)) for s in sessions]))
    else:
        rows = [session_row(catalogue, s, entries.get(s.id)) for s in sessions]
        if rows:  # on a terminal the title gets the room; speakers and event are cut
            out(table(SESSION_HEADERS, rows, flex=4, shrink=(5, 6)))
        out(f"{len(sessions)} of {len(catalogue)} sessions{_hidden(catalogue, spec, entries)}")
    return 0


def _hidden(catalogue: Catalogue, spec: query.Filter, entries: dict[str, Entry]) -> str:
    """How many logistics and cancelled sessions the default list left out, if any."""
    if not spec.hide_nothing_to_watch:
        return ""
    every = query.apply(catalogue, replace(spec, hide_nothing_to_watch=False), entries)
    shown = set(query.apply(catalogue, spec, entries, within=every))
    hidden = len(every) - len(shown)
    return f" ({hidden} logistics or cancelled left out: --all shows them)" if hidden else ""


def session_json(catalogue: Catalogue, session: Session, entry: Entry | None) -> dict[str, object]:
    data = {"session": session, "event_name": catalogue.event_name(session)}
    data["progress"] = entry
    return data


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.recapped_catalogue()
    session = query.resolve_session(catalogue, args.id)
    entry = ctx.entries().get(session.id)  # kept under the session's id or an alias
    history = ctx.store(write=False).history(catalogue.id, entry.session if entry else session.id)
    flag = flags.flags(ctx.store(write=False), catalogue.id).get(entry.session if entry else "")
    if args.format == "json":
        data = session_json(catalogue, session, entry)
        data["history"] = history
        data["changed"] = flag.what if flag else None
        data["excerpts"] = {
            r.recap: catalogue.excerpt(r.recap, r.lines) for r in session.recommended_by
        }
        out(json_text(data))
        return 0
    title, _, rest = describe(catalogue, session, entry, history).partition("\n")
    seen = "; `confplan changes --seen` once seen"
    out(
        title
        + (f"\n  ⚑ changed at the schedule's update: {printable(flag.what)}{seen}" if flag else "")
    )
    out(rest)
    return 0


def _wrap(text: str, indent: str = "  ") -> str:
    lines = []
    for paragraph in printable(text, single_line=False).split("\n"):
        lines.extend(
            textwrap.wrap(paragraph, width=88, initial_indent=indent, subsequent_indent=indent)
            or [indent.rstrip()]
        )
    return "\n".join(lines)


def describe(
    catalogue: Catalogue, session: Session, entry: Entry | None, history: list[HistoryItem]
) -> str:
    """The full text of `confplan show`."""
    p = printable
    lines = [p(session.title)]
    if session.official_title:
        lines.append(f"  official title: {p(session.official_title)}")
    if session.title_is_descriptive:
        lines.append("  (a description: the recaps give no official title)")
    lines.append("")
    conference = catalogue.conferences.get(session.conference)
    fields = [
        ("id", session.id),
        ("speakers", session.speaker_labels() or "(not named)"),
        ("conference", conference.name if conference else session.conference),
        ("event", catalogue.event_name(session)),
        ("kind", session.kind),
        ("date", session.date.isoformat() if session.date else "unknown"),
        *((("when", format_span(session.start, session.duration_min)),) if session.start else ()),
        *((("room", session.room),) if session.room else ()),
        *((("track", session.track),) if session.track else ()),
        ("length", session.length_words()),
        (
            "themes",
            ", ".join(catalogue.themes[t].name for t in session.themes if t in catalogue.themes),
        ),
    ]
    if session.schedule_url:
        fields.append(("schedule", session.schedule_url))
    if session.slides_url:
        fields.append(("slides", session.slides_url))
    for link in session.links:
        fields.append(("link", f"{link.title or link.kind or 'link'}: {link.url}"))
    if session.source_id:
        fields.append(("source id", session.source_id))
    recording = session.recording
    if recording is not None and recording.is_video:
        tier = f"confidence: {recording.confidence}"
        if recording.unconfirmed:
            tier += ", unconfirmed: it may be another session's recording"
        fields.append(("recording", f"{recording.url} ({tier})"))
    elif recording is not None:
        fields.append(("recording", f"none known; search: {recording.url}"))
    for name, value in fields:
        lines.append(f"{name:>11}: {p(value)}")
    if recording is not None and recording.note:
        lines.append(_wrap(f"recording note: {recording.note}", " " * 13))
    if session.notes:
        lines.append(_wrap(f"note: {session.notes}", " " * 13))
    if session.abstract:
        lines += ["", "Abstract", _wrap(session.abstract)]
    lines += ["", f"Recommended by {len(session.recommended_by)}"]
    for rec in session.recommended_by:
        lines.append(f"- {p(catalogue.recap_name(rec.recap))}, {line_span(rec.lines)}")
        lines.append(_wrap(f"why: {rec.why}", "    "))
        excerpt = catalogue.excerpt(rec.recap, rec.lines)
        if excerpt:
            lines.append(_wrap(f"“{excerpt}”", "    │ "))
    lines += ["", "Your progress"]
    lines.extend(progress_lines(entry, history))
    return "\n".join(lines)


def progress_lines(entry: Entry | None, history: list[HistoryItem]) -> list[str]:
    if entry is None:
        return ["  unwatched, not on the watchlist"]
    status = STATUS_LABELS[entry.status]
    if entry.position_s is not None:
        status += f" (resume at {format_clock(entry.position_s)})"
    lines = [f"  status: {status}"]
    lines.append(
        f"  watchlist: position {entry.watchlist_pos}" if entry.watchlist_pos else "  watchlist: no"
    )
    if entry.rating:
        lines.append(f"  rating: {'★' * entry.rating}{'☆' * (5 - entry.rating)} ({entry.rating}/5)")
    if entry.note:
        lines.append(_wrap(f"note: {entry.note}", "  "))
    for item in history:
        lines.append(
            f"  {item.at[:16].replace('T', ' ')}  {STATUS_LABELS.get(item.status, item.status)}"
        )
    return lines
