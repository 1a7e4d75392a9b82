"""Every mark the TUI draws, with what it means: the help's legend is built from here.

A mark means one thing wherever it appears: "?" is a recording not known (a
search), and a length not known is "—" (in the session list, left blank).
"""

from __future__ import annotations

from confplan.progress.models import IN_PROGRESS, WATCHED
from confplan.tui.widgets.session_table import (
    QUEUED_GLYPH,
    SEARCH_GLYPH,
    STATUS_GLYPH,
    UNCONFIRMED_GLYPH,
    UNWATCHED_GLYPH,
    VIDEO_GLYPH,
)

STATUS_MARKS = STATUS_GLYPH
UNWATCHED_MARK = UNWATCHED_GLYPH
UNKNOWN_LENGTH = "—"
ESTIMATE = "≈"
CLASH = "⚠"
LATER_MARK = "↓"

# What the session list's columns count (their headers are short).
COLUMNS: list[tuple[str, str]] = [
    ("Marks", "status, watchlist and recording marks (below)"),
    ("Length", "the session's length; ≈ an estimate; blank when unknown"),
    ("Recaps", "how many recaps recommend the session"),
]

# (mark, meaning), in the order the eye meets them.
LEGEND: list[tuple[str, str]] = [
    (STATUS_MARKS[WATCHED], "watched"),
    (STATUS_MARKS[IN_PROGRESS], "in progress (s saves where to resume)"),
    (UNWATCHED_MARK, "not watched yet"),
    (QUEUED_GLYPH, "on your watchlist"),
    (VIDEO_GLYPH, "a recording is known: o opens it"),
    (UNCONFIRMED_GLYPH, "a recording matched with low confidence: may not be the official one"),
    (SEARCH_GLYPH, "no recording known: o opens a search for it"),
    (ESTIMATE, "before a length: estimated, not the schedule's slot"),
    (UNKNOWN_LENGTH, "length unknown (watchlist, up next)"),
    (CLASH, "clashes with another watchlisted session (same time)"),
    (LATER_MARK, "planned to watch later, not to attend (agenda: L)"),
    ("★☆", "your rating, out of five (details)"),
    ("│", "the words of a recap that recommends the session (details)"),
]
