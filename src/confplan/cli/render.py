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
from confplan.progress.models import IN_PROGRESS, WATCHED, Entry, HistoryItem
from confplan.text import clip, json_safe, printable

STATUS_MARK = {WATCHED: "✔", IN_PROGRESS: "◐"}


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Entry | HistoryItem):
        return {k: to_jsonable(v) for k, v in value._asdict().items()}
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


def _share(naturals: list[int], budget: int) -> list[int]:
    """Split `budget` among columns: the narrow ones get what they need, the wide ones
    an equal share of the rest."""
    widths = [0] * len(naturals)
    left = max(budget, 0)
    order = sorted(range(len(naturals)), key=naturals.__getitem__)
    for k, i in enumerate(order):
        widths[i] = max(min(naturals[i], left // (len(order) - k)), 1)
        left -= widths[i]
    return widths


def fit_widths(
    widths: list[int], limit: int, flex: int, shrink: Sequence[int], gap: int = 2
) -> list[int]:
    """Column widths that fit `limit` cells: column `flex` (the title) gets the room,
    the `shrink` columns are cut to share what is left, the others keep theirs."""
    fitted = list(widths)
    if sum(widths) + gap * (len(widths) - 1) <= limit:
        return fitted
    fixed = sum(w for i, w in enumerate(widths) if i != flex and i not in shrink)
    room = limit - fixed - gap * (len(widths) - 1)
    title = min(widths[flex], max(12, room * 3 // 5))
    cut = _share([widths[i] for i in shrink], room - title)
    for i, width in zip(shrink, cut, strict=True):
        fitted[i] = width
    fitted[flex] = max(min(widths[flex], room - sum(cut)), 10)
    return fitted


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], flex: int, shrink: Sequence[int] = ()
) -> str:
    """Columns padded to their widest cell. On a terminal the table fits its width
    (see fit_widths), cut cells ending in an ellipsis; piped, every value is whole."""
    cells = [[printable(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    limit = terminal_width()
    if limit is not None:
        widths = fit_widths(widths, limit, flex, shrink)
    lines = ["  ".join(clip(h, widths[i]).ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    for row in cells:
        parts = [clip(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def session_row(catalogue: Catalogue, session: Session, entry: Entry | None) -> list[str]:
    status = STATUS_MARK.get(entry.status, " ") if entry else " "
    queued = str(entry.watchlist_pos) if entry and entry.watchlist_pos else ""
    video = "?"
    if session.recording is not None and session.recording.is_video:
        video = "▷" if session.recording.unconfirmed else "▶"  # ▷: unconfirmed (low)
    return [
        session.id,
        status,
        queued,
        video,
        session.listed_title(),
        session.speaker_names(),
        catalogue.event_name(session),
        session.length_label() or "?",
        str(len(session.recommended_by)),
    ]


SESSION_HEADERS = ["ID", "✔", "Q", "▶", "TITLE", "SPEAKERS", "EVENT", "LEN", "RECAPS"]
