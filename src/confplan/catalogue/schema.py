"""Validation of a catalogue document: shape (pydantic) and meaning (our checks).

Every problem is reported as an `Issue` holding the path of the offending
value (`("sessions", 3, "themes", 0)`), so the loader can name the line and
column where it was written. Nothing here stops at the first problem.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from confplan.catalogue.catalogue import document_lines
from confplan.catalogue.models import FORMAT_VERSION, ID_PATTERN, CatalogueDocument
from confplan.paths import resolved, within
from confplan.text import is_safe_url

MAX_DURATION_MIN = 24 * 60

_ONE_DAY = datetime.timedelta(days=1)
_adapter: TypeAdapter[CatalogueDocument] | None = None


def _document_adapter() -> TypeAdapter[CatalogueDocument]:
    global _adapter
    if _adapter is None:
        _adapter = TypeAdapter(CatalogueDocument)
    return _adapter


@dataclass(frozen=True, slots=True)
class Issue:
    path: tuple[Any, ...]
    message: str
    at_key: bool = False  # point at the key rather than its value


def dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _pydantic_issue(error: Any) -> Issue:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return Issue(loc, f"unknown key {loc[-1]!r}", at_key=True)
    if kind == "missing" or kind == "missing_argument":
        return Issue(loc[:-1], f"missing required key {loc[-1]!r}")
    if kind in ("dataclass_type", "dataclass_args_type", "model_type", "dict_type"):
        return Issue(loc, f"expected a mapping, got {_describe(value)}")
    if kind in ("tuple_type", "list_type"):
        return Issue(loc, f"expected a list, got {_describe(value)}")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Issue(loc, f"expected one of {expected}, got {_describe(value)}")
    if kind == "string_type":
        hint = ""
        if isinstance(value, bool | int | float) or value is None:
            hint = " (quote it to keep it as text)"
        return Issue(loc, f"expected text, got {_describe(value)}{hint}")
    if kind.startswith("int_") or kind == "int_type":
        return Issue(loc, f"expected a whole number, got {_describe(value)}")
    if kind.startswith("bool"):
        return Issue(loc, f"expected true or false, got {_describe(value)}")
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return Issue(
            loc,
            "expected a date and time with its UTC offset (2025-02-01T10:30:00+01:00), "
            f"got {_describe(value)}",
        )
    if kind.startswith("date"):
        return Issue(loc, f"expected a date (YYYY-MM-DD), got {_describe(value)}")
    if kind == "too_short" or kind == "too_long":
        return Issue(loc, error["msg"].lower().replace("tuple", "list"))
    return Issue(loc, f"{error['msg']}, got {_describe(value)}")


def validate_shape(data: Any) -> tuple[CatalogueDocument | None, list[Issue]]:
    """Check types, required and unknown keys; return the document or the issues."""
    if not isinstance(data, dict):
        return None, [
            Issue((), f"a catalogue is a mapping at the top level, got {_describe(data)}")
        ]
    version = data.get("format_version")
    if version is not None and version != FORMAT_VERSION:
        return None, [
            Issue(
                ("format_version",),
                f"this confplan reads catalogue format {FORMAT_VERSION}, not {version!r}",
            )
        ]
    try:
        return _document_adapter().validate_python(data), []
    except ValidationError as exc:
        return None, [_pydantic_issue(e) for e in exc.errors(include_url=False)]


def _check_url(issues: list[Issue], path: tuple[Any, ...], url: str | None) -> None:
    if url is None:
        return
    if not is_safe_url(url):
        issues.append(Issue(path, f"not an http(s) URL with a host: {url[:80]!r}"))


def _check_start(issues: list[Issue], here: tuple[Any, ...], session: Any, conference: Any) -> None:
    """A start carries its UTC offset (a local time is never taken for UTC), and falls
    within the conference's dates (a day either side: late-night sessions, time zones)."""
    start = session.start
    if start is None:
        return
    if start.tzinfo is None or start.utcoffset() is None:
        issues.append(
            Issue((*here, "start"), "the start needs its UTC offset (2025-02-01T10:30:00+01:00)")
        )
        return
    if conference is not None and not (
        # as differences: a day added to 9999-12-31 would not be a date
        (conference.start - start.date()) <= _ONE_DAY
        and (start.date() - conference.end) <= _ONE_DAY
    ):
        issues.append(
            Issue(
                (*here, "start"),
                f"{start.isoformat()} is outside {conference.id} "
                f"({conference.start} to {conference.end})",
            )
        )


def known_time_zone(name: str) -> bool:
    """An IANA time zone this machine (or the tzdata package) knows."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:  # unknown, or not a zone name at all ("../etc/passwd", "")
        return False
    return True


def _check_ids(issues: list[Issue], items: tuple[Any, ...], section: str) -> set[str]:
    counts = Counter(item.id for item in items)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not ID_PATTERN.fullmatch(item.id):
            issues.append(
                Issue(
                    (section, i, "id"),
                    f"id {item.id[:60]!r} must be letters, digits, '.', '_', ':' or '-' "
                    "(starting with a letter or digit, at most 200)",
                )
            )
        if counts[item.id] > 1 and item.id in seen:
            issues.append(Issue((section, i, "id"), f"duplicate {section[:-1]} id {item.id!r}"))
        seen.add(item.id)
    return set(counts)


def _check_aliases(issues: list[Issue], sessions: tuple[Any, ...], ids: set[str]) -> None:
    """An alias is another id of its session: never a session's id, nor said twice."""
    places: dict[str, tuple[Any, ...]] = {
        s.id: ("sessions", i, "id") for i, s in enumerate(sessions)
    }
    for i, session in enumerate(sessions):
        for j, alias in enumerate(session.aliases):
            here = ("sessions", i, "aliases", j)
            if not ID_PATTERN.fullmatch(alias):
                issues.append(Issue(here, f"alias {alias[:60]!r} is not a valid id"))
            elif alias in ids:
                where = dotted(places[alias])
                issues.append(Issue(here, f"alias {alias!r} is the id of a session ({where})"))
            elif alias in places:
                where = dotted(places[alias])
                issues.append(Issue(here, f"alias {alias!r} is already an alias ({where})"))
            else:
                places[alias] = here


def check_meaning(doc: CatalogueDocument, base_dir: Path, root: Path | None = None) -> list[Issue]:
    """Cross references, ranges, URLs and recap line ranges; recap files only inside
    `root` (the catalogue's folder, `base_dir`, unless given)."""
    issues: list[Issue] = []
    if not ID_PATTERN.fullmatch(doc.id):
        issues.append(Issue(("id",), f"catalogue id {doc.id[:60]!r} is not a valid id"))
    if not doc.title.strip():
        issues.append(Issue(("title",), "the catalogue title is empty"))
    _check_url(issues, ("source", "url"), doc.source.url if doc.source else None)

    conference_ids = _check_ids(issues, doc.conferences, "conferences")
    _check_ids(issues, doc.events, "events")
    recap_ids = _check_ids(issues, doc.recaps, "recaps")
    theme_ids = _check_ids(issues, doc.themes, "themes")
    session_ids = _check_ids(issues, doc.sessions, "sessions")
    _check_aliases(issues, doc.sessions, session_ids)

    conferences = {c.id: c for c in doc.conferences}
    events = {e.id: e for e in doc.events}

    for i, conf in enumerate(doc.conferences):
        if conf.end < conf.start:
            issues.append(Issue(("conferences", i, "end"), "ends before it starts"))
        _check_url(issues, ("conferences", i, "url"), conf.url)
        if conf.time_zone is not None and not known_time_zone(conf.time_zone):
            issues.append(
                Issue(
                    ("conferences", i, "time_zone"),
                    f"unknown time zone {conf.time_zone!r} (an IANA name: Europe/Brussels)",
                )
            )

    for i, event in enumerate(doc.events):
        if event.conference not in conference_ids:
            issues.append(
                Issue(("events", i, "conference"), f"unknown conference {event.conference!r}")
            )
        _check_url(issues, ("events", i, "url"), event.url)

    recap_lines: dict[str, int] = {}
    for i, recap in enumerate(doc.recaps):
        if recap.conference not in conference_ids:
            issues.append(
                Issue(("recaps", i, "conference"), f"unknown conference {recap.conference!r}")
            )
        _check_url(issues, ("recaps", i, "url"), recap.url)
        path = resolved(base_dir / recap.file)
        if not within(root or base_dir, base_dir / recap.file):
            issues.append(
                Issue(
                    ("recaps", i, "file"),
                    f"{recap.file!r} is outside the catalogue's folder: a catalogue names "
                    "only files in its own folder",
                )
            )
            continue
        try:
            recap_lines[recap.id] = len(document_lines(path))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            issues.append(Issue(("recaps", i, "file"), f"cannot read {recap.file!r}: {reason}"))

    for i, theme in enumerate(doc.themes):
        if not theme.name.strip():
            issues.append(Issue(("themes", i, "name"), "the theme name is empty"))
        for j, recap_id in enumerate(theme.stressed_by):
            if recap_id not in recap_ids:
                issues.append(Issue(("themes", i, "stressed_by", j), f"unknown recap {recap_id!r}"))

    for i, session in enumerate(doc.sessions):
        _check_session(issues, i, session, conferences, events, theme_ids, recap_lines, recap_ids)
    return issues


def _check_session(
    issues: list[Issue],
    i: int,
    session: Any,
    conferences: dict[str, Any],
    events: dict[str, Any],
    theme_ids: set[str],
    recap_lines: dict[str, int],
    recap_ids: set[str],
) -> None:
    here = ("sessions", i)
    if not session.title.strip():
        issues.append(Issue((*here, "title"), "the title is empty"))
    conference = conferences.get(session.conference)
    if conference is None:
        issues.append(Issue((*here, "conference"), f"unknown conference {session.conference!r}"))
    event = events.get(session.event)
    if event is None:
        issues.append(Issue((*here, "event"), f"unknown event {session.event!r}"))
    elif conference is not None and event.conference != conference.id:
        issues.append(
            Issue(
                (*here, "event"),
                f"event {event.id!r} belongs to {event.conference!r}, not to {conference.id!r}",
            )
        )
    if (
        session.date is not None
        and conference is not None
        and not conference.start <= session.date <= conference.end
    ):
        issues.append(
            Issue(
                (*here, "date"),
                f"{session.date} is outside {conference.id} "
                f"({conference.start} to {conference.end})",
            )
        )
    if session.duration_min is not None and not 0 <= session.duration_min <= MAX_DURATION_MIN:
        issues.append(
            Issue((*here, "duration_min"), f"duration must be 0 to {MAX_DURATION_MIN} minutes")
        )
    for j, theme_id in enumerate(session.themes):
        if theme_id not in theme_ids:
            issues.append(Issue((*here, "themes", j), f"unknown theme {theme_id!r}"))
    for j, speaker in enumerate(session.speakers):
        if not speaker.name.strip():
            issues.append(Issue((*here, "speakers", j, "name"), "the speaker's name is empty"))
    _check_url(issues, (*here, "schedule_url"), session.schedule_url)
    _check_url(issues, (*here, "slides_url"), session.slides_url)
    for j, link in enumerate(session.links):
        _check_url(issues, (*here, "links", j, "url"), link.url)
    _check_start(issues, here, session, conference)
    recording = session.recording
    if recording is not None:
        _check_url(issues, (*here, "recording", "url"), recording.url)
        if recording.kind == "video" and recording.confidence is None:
            issues.append(
                Issue(
                    (*here, "recording"),
                    "a video recording needs a confidence (high, medium or low)",
                )
            )
        if recording.kind == "search" and recording.confidence is not None:
            issues.append(
                Issue(
                    (*here, "recording", "confidence"),
                    "a search is not a recording: it has no confidence",
                    at_key=True,
                )
            )
    for j, rec in enumerate(session.recommended_by):
        where = (*here, "recommended_by", j)
        if rec.recap not in recap_ids:
            issues.append(Issue((*where, "recap"), f"unknown recap {rec.recap!r}"))
        start, end = rec.lines
        available = recap_lines.get(rec.recap)
        if start < 1 or end < start:
            issues.append(
                Issue(
                    (*where, "lines"), f"lines [{start}, {end}] is not a range (1 <= start <= end)"
                )
            )
        elif available is not None and end > available:
            issues.append(
                Issue(
                    (*where, "lines"),
                    f"lines [{start}, {end}] do not exist: the recap has {available} lines",
                )
            )
        if not rec.why.strip():
            issues.append(Issue((*where, "why"), "say why the recap points to this session"))
