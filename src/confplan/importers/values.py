"""Values as schedules write them, read into what a catalogue holds: dates and times,
durations, free-text kinds, ids. Each answers None (or raises ValueError) for a
value it cannot read; the importers decide what that means for the event."""

from __future__ import annotations

import datetime
import hashlib
import re

from confplan.catalogue.models import ID_PATTERN
from confplan.text import is_safe_url

SESSION_KINDS = (
    ("keynote", "keynote"),
    ("lightning", "lightning"),
    ("workshop", "workshop"),
    ("tutorial", "workshop"),
    ("panel", "panel"),
    ("podium", "panel"),
    ("fireside", "fireside-chat"),
    ("lecture", "talk"),
    ("talk", "talk"),
)


def elapsed_minutes(start: datetime.datetime, end: datetime.datetime) -> int:
    """Minutes from start to end as a clock on the wall measures them: across a change
    of the clocks too (Python subtracts two times of one zone as wall times)."""
    if start.tzinfo is not None and end.tzinfo is not None:
        start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    return int((end - start).total_seconds() // 60)


def iso_date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None


def iso_datetime(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(str(text).strip())
    except ValueError:
        return None


def clock_on(day: datetime.date | None, text: str | None) -> datetime.datetime | None:
    """`HH:MM` on `day` (naive), or None."""
    if day is None or not text:
        return None
    parts = str(text).strip().split(":")
    try:
        return datetime.datetime.combine(
            day, datetime.time(int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)
        )
    except (ValueError, IndexError, OverflowError):  # "99999999999:00" overflows a C int
        return None


def session_kind(text: str | None) -> str:
    """A schedule's free-text type ("Talk 40 (30min +10 Q&A)", "lecture") as a kind."""
    lowered = (text or "").casefold()
    for word, kind in SESSION_KINDS:
        if word in lowered:
            return kind
    return "talk"  # "devroom", "maintrack", "lecture (de)": a talk unless it says otherwise


def slug(text: str, default: str = "conference") -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-._")[:60]
    return cleaned or default


def session_id(key: str) -> str:
    """A catalogue id from a source key (a guid or an id), stable across imports."""
    key = key.strip()
    if ID_PATTERN.fullmatch(key):
        return key
    cleaned = slug(key, "")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{cleaned[:40]}-{digest}" if cleaned else f"s-{digest}"


def parse_duration(text: str | None) -> int | None:
    """Minutes from `H:MM`, `HH:MM`, `HH:MM:SS` (or plain minutes); None if absent."""
    if text is None or not text.strip():
        return None
    parts = text.strip().split(":")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        raise ValueError(f"not a duration: {text.strip()[:20]!r}")
    numbers = [int(p) for p in parts]
    if len(numbers) == 1:
        return numbers[0]
    hours, minutes = numbers[0], numbers[1]
    seconds = numbers[2] if len(numbers) == 3 else 0
    return hours * 60 + minutes + (1 if seconds >= 30 else 0)


def zone(name: str | None) -> datetime.tzinfo | None:
    """An IANA zone by name, or None if the name is empty or unknown."""
    if not name:
        return None
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name.strip())
    except Exception:  # unknown, or not a zone name
        return None


_HOST = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,})(?:[/?#:]|$)")
FILE_SUFFIXES = frozenset({"pdf", "html", "htm", "png", "jpg", "jpeg", "txt", "md", "mp4", "zip"})


def absolute_url(url: str | None, *bases: str | None) -> str | None:
    """`url` resolved against the first of `bases` that is an http(s) URL, when it is
    relative (`/media/talk.pdf`, `talk.pdf`, `//host/talk.pdf`); a host written without
    its scheme (`www.example.org`, as old frab files have) is taken as http; otherwise
    as given."""
    if not url:
        return url
    from urllib.parse import urljoin, urlsplit

    text = url.strip()
    try:
        if urlsplit(text).scheme:
            return text  # absolute (or another scheme, which the caller refuses)
        if re.match(r"www\.[A-Za-z0-9-]+\.[A-Za-z]", text):  # a host without its scheme
            return f"http://{text}"
        base = next((b for b in bases if b and is_safe_url(b)), None)
        host = _HOST.match(text) if base is None else None
        if host is not None and host[1].lower() not in FILE_SUFFIXES:
            return f"http://{text}"  # "flickr.com/name", with nothing to be relative to
        return urljoin(base, text) if base else text
    except ValueError:  # "http://[" and the like
        return text


def local_zone() -> tuple[datetime.tzinfo, str | None]:
    """This computer's time zone, and its IANA name where it can be told (`TZ`, else
    the /etc/localtime link); else the offset it has now, unnamed."""
    import os

    name = os.environ.get("TZ", "").removeprefix(":").strip()
    if not zone(name):
        try:
            link = os.path.realpath("/etc/localtime")
        except (OSError, ValueError):
            link = ""
        name = link.partition("zoneinfo/")[2].removeprefix("posix/").removeprefix("right/")
    found = zone(name)
    if found is not None:
        return found, name
    offset = datetime.datetime.now().astimezone().tzinfo
    return offset or datetime.UTC, None
