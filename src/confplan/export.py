"""Exporting sessions and progress: Markdown checklists, CSV, versioned JSON (in
export_json.py), iCalendar (export_ics.py) and M3U playlists (export_m3u.py).

A registry of formats (`FORMATS`), each a function from an `Export` (what to
write) and `Options` (how: the zone of the times, an ICS reminder) to text. The
JSON format is documented in docs/export.md and is read back by `confplan
progress load`, so an export of everything round-trips. Sessions with a time
carry it, in the zone asked for (else the conference's), with their room and
schedule link. No Textual here: the command line and the TUI dialog share it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from urllib.parse import quote

from confplan.agenda import Slot
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.export_json import to_json
from confplan.export_selection import (
    DEFAULT,
    STATUS_CHOICES,
    TO_WATCH,
    Export,
    Options,
    Selection,
    combine_statuses,
    select,
    slots,
    status_set,
    status_words,
    zone_words,
)
from confplan.progress.models import (
    IN_PROGRESS,
    UNWATCHED,
    WATCHED,
    Entry,
)
from confplan.text import format_clock, format_minutes, is_safe_url, printable

__all__ = [
    "DEFAULT",
    "FORMATS",
    "STATUS_CHOICES",
    "TO_WATCH",
    "Export",
    "Options",
    "Selection",
    "combine_statuses",
    "render",
    "select",
    "status_set",
    "status_words",
]


def _span(slot: Slot) -> str:
    """`Tue 2026-03-24 10:00–10:30`: a session's day and times, in the export's zone."""
    if slot.instant:
        return f"{slot.start:%a %Y-%m-%d %H:%M}"
    end = f"{slot.end:%H:%M}" if slot.end.date() == slot.start.date() else f"{slot.end:%a %H:%M}"
    return f"{slot.start:%a %Y-%m-%d %H:%M}–{end}"


# -- Markdown -------------------------------------------------------------------

# Mid-line, these are the characters Markdown would act on (emphasis, code,
# links, HTML, entities, strike-through, tables).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_text(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links, HTML or line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text))


def _who(catalogue: Catalogue, session: Session) -> str:
    names = (catalogue.recap_name(rec.recap, short=True) for rec in session.recommended_by)
    return ", ".join(dict.fromkeys(names))


def _primary_theme(catalogue: Catalogue, session: Session, chosen: str | None) -> str | None:
    if chosen:
        return chosen
    for theme_id in session.themes:
        if theme_id in catalogue.themes:
            return theme_id
    return None


def to_markdown(export: Export, options: Options = DEFAULT) -> str:
    catalogue = export.catalogue
    slot_of = slots(export, options)
    zone = zone_words(export, options)
    counts = export.counts()
    title = md_text(catalogue.title)
    what = export.selection
    scope = []
    if what.watchlist:
        scope.append("watchlist")
    if what.theme:
        theme = catalogue.themes.get(what.theme)
        scope.append(f"theme: {theme.name if theme else what.theme}")
    scope.append(status_words(what.status))
    lines = [f"# {title}", ""]
    count = len(export.rows)
    summary = (
        f"{count} session{'' if count == 1 else 's'} ({md_text(', '.join(scope))}): "
        f"{counts[WATCHED]} watched, {counts[IN_PROGRESS]} in progress, "
        f"{counts[UNWATCHED]} unwatched"
    )
    if export.exported_at is not None:
        summary += f". Exported {export.exported_at:%Y-%m-%d %H:%M} UTC by confplan."
    if zone is not None:
        summary += f" Times in {md_text(zone)}."
    lines += [summary, ""]
    if not export.rows:
        lines += ["_No sessions match this selection._", ""]

    if what.watchlist and export.rows:  # the queue, in its order, with its positions
        lines += [f"## Watchlist ({count})", ""]
        lines += [
            _markdown_item(catalogue, s, e, slot_of(s.id), numbered=True) for s, e in export.rows
        ]
        return "\n".join(lines).rstrip("\n") + "\n"
    groups: dict[str | None, list[tuple[Session, Entry | None]]] = {}
    for session, entry in export.rows:
        groups.setdefault(_primary_theme(catalogue, session, what.theme), []).append(
            (session, entry)
        )
    order = [t for t in catalogue.themes if t in groups] + ([None] if None in groups else [])
    for theme_id in order:
        name = catalogue.themes[theme_id].name if theme_id else "Other"
        rows = groups[theme_id]
        lines += [f"## {md_text(name)} ({len(rows)})", ""]
        lines += [_markdown_item(catalogue, s, e, slot_of(s.id)) for s, e in rows]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def md_url(url: str) -> str:
    """A link destination that cannot end early or start another link: everything but
    plain URL characters is percent-encoded."""
    return quote(printable(url), safe=_URL_SAFE)


_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"


def _markdown_item(
    catalogue: Catalogue,
    session: Session,
    entry: Entry | None,
    slot: Slot | None,
    *,
    numbered: bool = False,
) -> str:
    status = entry.status if entry else UNWATCHED
    box = "[x]" if status == WATCHED else "[ ]"
    if numbered and entry is not None and entry.watchlist_pos is not None:
        box += f" {entry.watchlist_pos}."
    parts = [f"**{md_text(session.title.strip())}**"]
    if session.speakers:
        parts.append(md_text(session.speaker_names()))
    parts.append(md_text(catalogue.event_name(session)))
    if slot is not None:
        parts.append(_span(slot))
    if session.room:
        parts.append(md_text(session.room))
    if session.duration_min:
        parts.append(format_minutes(session.duration_min))
    if session.schedule_url and is_safe_url(session.schedule_url):
        parts.append(f"[schedule](<{md_url(session.schedule_url)}>)")
    recording = session.recording
    if recording is not None:
        label = "recording" if recording.is_video else "search for a recording"
        parts.append(f"[{label}](<{md_url(recording.url)}>)")
    who = _who(catalogue, session)
    if who:
        parts.append(f"recommended by {md_text(who)}")
    line = f"- {box} " + " · ".join(parts)
    extra = []
    if status == IN_PROGRESS:
        where = f" at {format_clock(entry.position_s)}" if entry and entry.position_s else ""
        extra.append(f"in progress{where}")
    if entry and entry.rating:
        extra.append("★" * entry.rating + "☆" * (5 - entry.rating))
    if entry and entry.note:
        extra.append(f"note: {md_text(' '.join(entry.note.split()))}")
    if extra:
        line += "\n  " + " · ".join(extra)
    return line


# -- CSV ------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "title",
    "speakers",
    "event",
    "date",
    "duration_min",
    "themes",
    "status",
    "resume_at",
    "watchlist_position",
    "rating",
    "note",
    "recording_url",
    "recording_kind",
    "recommended_by",
    "start",
    "end",
    "room",
    "track",
    "schedule_url",
)

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell as text: control characters made visible, formulas neutralised with a `'`."""
    if value is None:
        return ""
    text = printable(str(value), single_line=False) if isinstance(value, str) else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(export: Export, options: Options = DEFAULT) -> str:
    catalogue = export.catalogue
    slot_of = slots(export, options)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for session, entry in export.rows:
        recording = session.recording
        themes = [catalogue.themes[t].name for t in session.themes if t in catalogue.themes]
        position = entry.position_s if entry and entry.status == IN_PROGRESS else None
        row = [
            session.id,
            session.title,
            "; ".join(s.name for s in session.speakers),
            catalogue.event_name(session),
            session.date.isoformat() if session.date else None,
            session.duration_min,
            "; ".join(themes),
            entry.status if entry else UNWATCHED,
            format_clock(position) if position is not None else None,
            entry.watchlist_pos if entry else None,
            entry.rating if entry else None,
            entry.note if entry else None,
            recording.url if recording else None,
            recording.kind if recording else None,
            _who(catalogue, session).replace(", ", "; "),
            *_csv_time_place(session, slot_of(session.id)),
        ]
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _csv_time_place(session: Session, slot: Slot | None) -> list[str | None]:
    start = slot.start.isoformat(timespec="minutes") if slot else None
    end = slot.end.isoformat(timespec="minutes") if slot and not slot.instant else None
    link = session.schedule_url if is_safe_url(session.schedule_url or "") else None
    return [start, end, session.room, session.track, link]


def to_ics(export: Export, options: Options = DEFAULT) -> str:
    from confplan.export_ics import to_ics as write_ics  # icalendar, only when asked for

    return write_ics(export, options.zone, alarm_min=options.alarm_min)


def to_m3u(export: Export, options: Options = DEFAULT) -> str:
    """A playlist carries no times: the options change nothing."""
    from confplan.export_m3u import to_m3u as write_m3u

    return write_m3u(export)


FORMATS: dict[str, tuple[str, Callable[[Export, Options], str]]] = {
    "md": ("Markdown checklist", to_markdown),
    "csv": ("CSV (spreadsheets)", to_csv),
    "json": ("JSON (confplan progress load reads it back)", to_json),
    "ics": ("iCalendar (timed sessions, for a calendar app)", to_ics),
    "m3u": ("M3U playlist (the recordings, for mpv or VLC)", to_m3u),
}


def render(export: Export, fmt: str, options: Options = DEFAULT) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return FORMATS[fmt][1](export, options)
