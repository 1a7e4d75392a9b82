"""Re-importing a newer version of a schedule over a catalogue imported before.

Session ids come from the source's guid or UID, so the same session keeps its id
and the user's progress. What the user added to the catalogue (themes, their own
recaps and recommendations, notes) is carried over; the catalogue keeps its id.
The differences are reported: sessions added, removed (their progress stays in
the store, reported as orphans) and changed in title, time, room or speakers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from confplan.catalogue.catalogue import Catalogue

CARRIED_SESSION_KEYS = ("themes", "recommended_by", "notes")


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)

    def summary(self) -> str:
        return f"added {len(self.added)}, removed {len(self.removed)}, changed {len(self.changed)}"


def _speakers(value: Any) -> list[str]:
    return [s["name"] if isinstance(s, dict) else s.name for s in value or ()]


def _describe(old: Any, new: dict[str, Any]) -> list[str]:
    found = []
    if old.title != new["title"]:
        found.append(f"title {old.title!r} → {new['title']!r}")
    old_start = old.start.isoformat() if old.start else None
    if old_start != new.get("start"):
        found.append(f"time {old_start or 'none'} → {new.get('start') or 'none'}")
    if old.duration_min != new.get("duration_min"):
        found.append(f"length {old.duration_min or '?'} → {new.get('duration_min') or '?'} min")
    if old.room != new.get("room"):
        found.append(f"room {old.room or 'none'} → {new.get('room') or 'none'}")
    if _speakers(old.speakers) != _speakers(new.get("speakers")):
        found.append(
            f"speakers {', '.join(_speakers(old.speakers)) or 'none'} → "
            f"{', '.join(_speakers(new.get('speakers'))) or 'none'}"
        )
    return found


def _plain(value: Any) -> Any:
    """A model value (dataclass, tuple) as the plain data a catalogue file holds."""
    import dataclasses
    import datetime

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) not in (None, (), "")
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def unrelated(old: Catalogue, document: dict[str, Any]) -> str | None:
    """Why `document` does not look like a newer version of `old` (no event at all, or
    not one session in common: another conference's schedule); None when it does."""
    if not len(old):
        return None
    if not document["sessions"]:
        return "the new schedule has no events"
    ids = {s["id"] for s in document["sessions"]}
    if not any(session.id in ids for session in old):
        return f"the new schedule has no session in common with {old.id!r}"
    return None


def merge(old: Catalogue, document: dict[str, Any]) -> Changes:
    """Lay `document` (a fresh import) over `old`: carry the user's additions over,
    keep the catalogue's id, and say what changed."""
    document["id"] = old.id
    sessions = {s["id"]: s for s in document["sessions"]}
    changes = Changes()
    for session in old:
        new = sessions.get(session.id)
        if new is None:
            changes.removed.append(session.id)
            continue
        for key in CARRIED_SESSION_KEYS:
            value = getattr(session, key)
            if value and key not in new:
                new[key] = _plain(value)
        found = _describe(session, new)
        if found:
            changes.changed.append((session.id, found))
    changes.added = [sid for sid in sessions if sid not in old.index]
    if old.themes:
        document["themes"] = [_plain(t) for t in old.themes.values()]
    if old.recaps:
        document["recaps"] = [_plain(r) for r in old.recaps.values()]
    return changes
