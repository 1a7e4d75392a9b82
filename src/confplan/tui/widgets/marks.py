"""Every mark the TUI draws, with what it means: the help's legend is built from here.

A mark means one thing wherever it appears: "?" is a recording not known (a
search), and a length not known is "—" (in the session list, left blank).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from confplan.progress.models import IN_PROGRESS, WATCHED
from confplan.text import ESTIMATE as ESTIMATE  # also the core's marks, drawn in the legend
from confplan.text import UNKNOWN_LENGTH as UNKNOWN_LENGTH
from confplan.tui.widgets.session_table import (
    FLAG_GLYPH,
    QUEUED_GLYPH,
    SEARCH_GLYPH,
    STATUS_GLYPH,
    UNCONFIRMED_GLYPH,
    UNWATCHED_GLYPH,
    VIDEO_GLYPH,
)

STATUS_MARKS = STATUS_GLYPH
UNWATCHED_MARK = UNWATCHED_GLYPH
FLAG = FLAG_GLYPH
CLASH = "⚠"
LATER_MARK = "↓"

KEY_IN_TEXT = re.compile(r"\{([^:{}]+):([a-z0-9.-]+)\}")

# What the session list's columns count (their headers are short).
COLUMNS: list[tuple[str, str]] = [
    ("Marks", "status, watchlist and recording marks (below)"),
    ("Length", "the session's length; ≈ an estimate; blank when unknown"),
    ("Recaps", "how many recaps recommend the session"),
]

# (mark, meaning), in the order the eye meets them; "{o:main.open}" is the key of a
# binding (its default, then its id), shown as the user's [keys] may have rebound it.
LEGEND: list[tuple[str, str]] = [
    (STATUS_MARKS[WATCHED], "watched"),
    (STATUS_MARKS[IN_PROGRESS], "in progress ({s:main.in-progress} saves where to resume)"),
    (UNWATCHED_MARK, "not watched yet"),
    (QUEUED_GLYPH, "on your watchlist"),
    (
        FLAG,
        "on your watchlist and changed by the schedule's update, not yet seen ({C:main.changes})",
    ),
    (VIDEO_GLYPH, "a recording is known: {o:main.open} opens it"),
    (UNCONFIRMED_GLYPH, "a recording matched with low confidence: may not be the official one"),
    (SEARCH_GLYPH, "no recording known: {o:main.open} opens a search for it"),
    (ESTIMATE, "before a length: estimated, not the schedule's slot"),
    (UNKNOWN_LENGTH, "length unknown (watchlist, up next)"),
    (CLASH, "clashes with another watchlisted session (same time)"),
    (LATER_MARK, "planned to watch later, not to attend (agenda: {L:agenda.later})"),
    ("★☆", "your rating, out of five (details)"),
    ("│", "the words of a recap that recommends the session (details)"),
]


def with_keys(meaning: str, key_of: Callable[[str, str], str]) -> str:
    """The meaning with each "{o:main.open}" replaced by key_of("main.open", "o")."""
    return KEY_IN_TEXT.sub(lambda m: key_of(m.group(2), m.group(1)), meaning)


def table_header_tooltip() -> str:
    """What the session list's header explains when the pointer rests on it."""
    watched, started = STATUS_MARKS[WATCHED], STATUS_MARKS[IN_PROGRESS]
    return (
        f"Marks: {watched} watched, {started} in progress, {UNWATCHED_MARK} not yet; "
        f"{QUEUED_GLYPH} on your watchlist; {VIDEO_GLYPH} a recording, {UNCONFIRMED_GLYPH} "
        f"unconfirmed, {SEARCH_GLYPH} only a search. Length: {ESTIMATE} an estimate. "
        "Recaps: how many recaps recommend the session. Help (?) explains every mark."
    )
