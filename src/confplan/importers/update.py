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


# What a watchlisted session's change is flagged for (a length or an affiliation alone
# is reported, not flagged).
FLAGGED = frozenset({"time", "room", "title", "speakers", "cancelled", "removed"})


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    kinds: dict[str, set[str]] = field(default_factory=dict)  # id: {"time", "room", ...}
    titles: dict[str, str] = field(default_factory=dict)  # every id named above: its title

    def summary(self) -> str:
        return f"added {len(self.added)}, removed {len(self.removed)}, changed {len(self.changed)}"

    def flagged(self, watched: set[str] | dict[str, Any]) -> dict[str, str]:
        """The sessions of `watched` whose change is worth a flag, and what changed."""
        found = {sid: "removed from the schedule" for sid in self.removed if sid in watched}
        for sid, what in self.changed:
            if sid in watched and self.kinds.get(sid, set()) & FLAGGED:
                found[sid] = "; ".join(what)
        return found


def _speakers(value: Any) -> list[str]:
    return [s["name"] if isinstance(s, dict) else s.name for s in value or ()]


def _affiliations(value: Any) -> list[str | None]:
    return [s.get("affiliation") if isinstance(s, dict) else s.affiliation for s in value or ()]


def _describe(old: Any, new: dict[str, Any]) -> dict[str, str]:
    """What changed, by kind of change, in words."""
    found = {}
    if old.title != new["title"]:
        found["title"] = f"title {old.title!r} → {new['title']!r}"
    old_start = old.start.isoformat() if old.start else None
    if old_start != new.get("start"):
        found["time"] = f"time {old_start or 'none'} → {new.get('start') or 'none'}"
    if old.duration_min != new.get("duration_min"):
        before, after = old.duration_min, new.get("duration_min")
        found["length"] = (
            f"length {'?' if before is None else before} → {'?' if after is None else after} min"
        )
    if old.room != new.get("room"):
        found["room"] = f"room {old.room or 'none'} → {new.get('room') or 'none'}"
    if (new.get("kind") == "cancelled") != (old.kind == "cancelled"):
        found["cancelled"] = (
            "cancelled" if new.get("kind") == "cancelled" else "no longer cancelled"
        )
    old_names, new_names = _speakers(old.speakers), _speakers(new.get("speakers"))
    if old_names != new_names:
        found["speakers"] = (
            f"speakers {', '.join(old_names) or 'none'} → {', '.join(new_names) or 'none'}"
        )
    elif _affiliations(old.speakers) != _affiliations(new.get("speakers")):
        found["affiliations"] = (
            f"affiliations {old.speaker_labels() or 'none'} → "
            f"{'; '.join(_label(s) for s in new.get('speakers') or ()) or 'none'}"
        )
    return found


def _label(speaker: dict[str, Any]) -> str:
    affiliation = speaker.get("affiliation")
    return f"{speaker['name']} ({affiliation})" if affiliation else str(speaker["name"])


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
            changes.titles[session.id] = session.title
            continue
        for key in CARRIED_SESSION_KEYS:
            value = getattr(session, key)
            if value and key not in new:
                new[key] = _plain(value)
        found = _describe(session, new)
        if found:
            changes.changed.append((session.id, list(found.values())))
            changes.kinds[session.id] = set(found)
            changes.titles[session.id] = new["title"]
    changes.added = [sid for sid in sessions if sid not in old.index]
    changes.titles.update((sid, sessions[sid]["title"]) for sid in changes.added)
    if old.themes:
        document["themes"] = [_plain(t) for t in old.themes.values()]
    if old.recaps:
        document["recaps"] = [_plain(r) for r in old.recaps.values()]
    return changes
