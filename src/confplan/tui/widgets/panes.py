"""The details and progress panes: scrollable text built without markup."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.content import Content

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.planner.state import PlannerState
from confplan.progress.models import (
    IN_PROGRESS,
    PLAN_LABELS,
    STATUS_LABELS,
    UNWATCHED,
    WATCHED,
    Entry,
)
from confplan.progress.summary import bar
from confplan.text import clip, format_clock, format_span, line_span, printable
from confplan.tui.widgets.text_view import TextView

Part = str | tuple[str, str]


def _field(parts: list[Part], label: str, value: str) -> None:
    parts.append((f"{label:>10}  ", "$text-muted"))
    parts.append(printable(value) + "\n")


def session_details(
    catalogue: Catalogue,
    session: Session,
    entry: Entry | None,
    history: list[Any],
    clashes: tuple[Session, ...] = (),
) -> Content:
    """Everything about a session, its recommendations and the user's progress (and the
    watchlisted sessions it clashes with)."""
    p = printable
    parts: list[Part] = [(p(session.title), "bold"), "\n"]
    if session.official_title:
        parts.append((f"official title: {p(session.official_title)}\n", "$text-muted"))
    if session.title_is_descriptive:
        parts.append(("a description: the recaps give no title\n", "$text-muted italic"))
    parts.append("\n")
    conference = catalogue.conferences.get(session.conference)
    _field(parts, "speakers", session.speaker_labels() or "not named")
    _field(parts, "event", catalogue.event_name(session))
    if conference:
        _field(parts, "conference", conference.name)
    _field(parts, "kind", session.kind)
    if session.track:
        _field(parts, "track", session.track)
    if session.start:
        _field(parts, "when", format_span(session.start, session.duration_min))
    if session.room:
        _field(parts, "room", session.room)
    if session.date:
        _field(parts, "date", session.date.isoformat())
    if session.duration_min:
        _field(parts, "length", session.length_words())
    themes = ", ".join(catalogue.themes[t].name for t in session.themes if t in catalogue.themes)
    if themes:
        _field(parts, "themes", themes)
    recording = session.recording
    if recording is not None and recording.is_video:
        _field(parts, "recording", f"{recording.url}  ({recording.confidence} confidence)")
        if recording.confidence == "low":
            parts.append(
                ("            unconfirmed: may not be the official recording\n", "$warning")
            )
    elif recording is not None:
        _field(parts, "search", recording.url)
        parts.append(("            no recording is known: o opens a search\n", "$warning"))
    if recording is not None and recording.note:
        parts.append((f"            {p(recording.note, single_line=False)}\n", "$text-muted"))
    if session.schedule_url:
        _field(parts, "schedule", session.schedule_url)
    if session.slides_url:
        _field(parts, "slides", session.slides_url)
    for link in session.links:
        _field(parts, "link", f"{link.title or link.kind or 'link'}: {link.url}")
    if session.notes:
        parts.append((f"\n{p(session.notes, single_line=False)}\n", "$text-muted italic"))
    if session.abstract:
        parts += ["\n", p(session.abstract, single_line=False), "\n"]

    parts.append(("\nYour progress\n", "bold $accent"))
    parts.extend(progress_parts(entry, history))
    for other in clashes:
        when = f" ({format_span(other.start, other.duration_min)})" if other.start else ""
        parts.append((f"{'clash':>10}  ", "$error"))
        parts.append((f"{p(other.title)}{when}: Enter in the agenda (a) chooses\n", "$error"))

    if session.recommended_by:
        count = len(session.recommended_by)
        parts.append(
            (f"\nRecommended by {count} recap{'s' if count > 1 else ''}\n", "bold $accent")
        )
    for rec in session.recommended_by:
        parts.append(("• ", "$accent"))
        parts.append((p(catalogue.recap_name(rec.recap)), "bold"))
        parts.append((f"  ({line_span(rec.lines)})\n", "$text-muted"))
        parts.append(f"  {p(rec.why, single_line=False)}\n")
        excerpt = catalogue.excerpt(rec.recap, rec.lines)
        if excerpt:
            for line in p(excerpt, single_line=False).split("\n"):
                parts.append(("  │ ", "$accent"))
                parts.append((line + "\n", "italic $text-muted"))
    return Content.assemble(*parts)


def progress_parts(entry: Entry | None, history: list[Any]) -> list[Part]:
    if entry is None:
        return ["unwatched, not on the watchlist\n"]
    status = STATUS_LABELS[entry.status]
    if entry.position_s is not None:
        status += f", resume at {format_clock(entry.position_s)}"
    parts: list[Part] = []
    _field(parts, "status", status)
    _field(parts, "watchlist", f"#{entry.watchlist_pos}" if entry.watchlist_pos else "no")
    if entry.plan:
        _field(parts, "plan", PLAN_LABELS[entry.plan])
    if entry.rating:
        _field(parts, "rating", "★" * entry.rating + "☆" * (5 - entry.rating))
    if entry.note:
        parts.append((f"{'note':>10}  ", "$text-muted"))
        parts.append(printable(entry.note, single_line=False) + "\n")
    for item in history[-6:]:
        when = item.at[:16].replace("T", " ")
        parts.append(
            (
                f"{'':>10}  {when} UTC  {STATUS_LABELS.get(item.status, item.status)}\n",
                "$text-muted",
            )
        )
    return parts


class DetailsPane(TextView):
    """The highlighted session, in full."""


class ProgressPane(TextView):
    """Overall and per-theme progress as bars, and what was watched recently."""

    _state: PlannerState | None = None

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        if self._state is not None:
            self.show_progress(self._state)

    def show_progress(self, state: PlannerState, width: int | None = None) -> None:
        self._state = state
        width = width or self.scrollable_content_region.width or 26
        counts = state.counts()
        total = len(state.catalogue)
        bar_width = max(min(width - 20, 30), 5)
        parts: list[Part] = []
        for status, label, style in (
            (WATCHED, "watched", "$success"),
            (IN_PROGRESS, "in progress", "$warning"),
            (UNWATCHED, "unwatched", "$text-muted"),
        ):
            parts.append(f"{label:<11} {counts[status]:>5} ")
            parts.append((bar(counts[status], total, bar_width) + "\n", style))
        parts.append(("\nBy theme\n", "bold $accent"))
        for count in state.theme_counts()[1:]:
            if not count.total:
                continue
            parts.append(clip(printable(count.name), max(width - 1, 8)) + "\n")
            parts.append((bar(count.watched, count.total, bar_width), "$success"))
            parts.append((f" {count.watched}/{count.total}\n", "$text-muted"))
        recent = state.recently_watched()
        if recent:
            parts.append(("\nRecently watched\n", "bold $accent"))
            for at, session in recent:
                parts.append((at[:10] + "  ", "$text-muted"))
                parts.append(printable(session.title) + "\n")
        self.show(Content.assemble(*parts), keep_scroll=True)


def no_session_reason(state: PlannerState) -> str:
    """What the details say when the list shows no session, and why."""
    if state.text:
        return "No session matches the filter. Esc clears it."
    if state.theme is not None:
        return (
            "No sessions on this theme yet: the recaps name it, but no session in "
            "this catalogue covers it. Esc shows all themes."
        )
    return "No session here."


def details_of(state: PlannerState, session: Session) -> Content:
    """The details of `session`: its record, your progress, its clashes."""
    clashing = (state.catalogue.get(i) for i in state.clashes().get(session.id, ()))
    return session_details(
        state.catalogue,
        session,
        state.entries.get(session.id),
        state.history.get(session.id, []),
        tuple(c for c in clashing if c is not None),
    )
