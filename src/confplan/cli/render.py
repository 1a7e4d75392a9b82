"""Plain-text and JSON output for the command line, safe for any terminal."""

from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.progress.models import IN_PROGRESS, WATCHED, Entry
from confplan.text import clip, format_minutes, json_safe, printable

STATUS_MARK = {WATCHED: "✔", IN_PROGRESS: "◐"}


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def json_text(value: Any, *, indent: int | None = 2) -> str:
    return json_safe(json.dumps(to_jsonable(value), ensure_ascii=False, indent=indent))


def terminal_width() -> int | None:
    """The width to fit a table into, or None when output is not a terminal."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], flex: int) -> str:
    """Columns padded to their widest cell; column `flex` shrinks to fit a terminal."""
    cells = [[printable(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    limit = terminal_width()
    if limit is not None:
        others = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(widths) - 1)
        widths[flex] = max(10, min(widths[flex], limit - others))
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    for row in cells:
        parts = [clip(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def session_row(catalogue: Catalogue, session: Session, entry: Entry | None) -> list[str]:
    status = STATUS_MARK.get(entry.status, " ") if entry else " "
    queued = str(entry.watchlist_pos) if entry and entry.watchlist_pos else ""
    video = "▶" if session.recording and session.recording.is_video else "?"
    return [
        session.id,
        status,
        queued,
        video,
        session.title,
        session.speaker_names(),
        catalogue.event_name(session),
        format_minutes(session.duration_min),
        str(len(session.recommended_by)),
    ]


SESSION_HEADERS = ["ID", "✔", "Q", "▶", "TITLE", "SPEAKERS", "EVENT", "LEN", "RECAPS"]
