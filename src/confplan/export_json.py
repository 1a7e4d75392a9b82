"""The JSON export: versioned, documented in docs/export.md, and read back by
`confplan progress load`, so an export of everything round-trips."""

from __future__ import annotations

import json

from confplan.agenda import Slot
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.models import Session
from confplan.export_selection import DEFAULT, Export, Options, slots, zone_words
from confplan.progress.models import Entry, HistoryItem
from confplan.progress.transfer import EXPORT_FORMAT, EXPORT_VERSION
from confplan.text import json_safe


def _session_json(catalogue: Catalogue, session: Session, slot: Slot | None) -> dict[str, object]:
    recording = session.recording
    return {
        "id": session.id,
        "title": session.title,
        "official_title": session.official_title,
        "speakers": [
            {"name": s.name, "affiliation": s.affiliation, "role": s.role} for s in session.speakers
        ],
        "conference": session.conference,
        "event": session.event,
        "event_name": catalogue.event_name(session),
        "kind": session.kind,
        "date": session.date.isoformat() if session.date else None,
        "duration_min": session.duration_min,
        "start": slot.start.isoformat() if slot else None,
        "end": slot.end.isoformat() if slot else None,
        "room": session.room,
        "track": session.track,
        "schedule_url": session.schedule_url,
        "themes": list(session.themes),
        "recording": None
        if recording is None
        else {"kind": recording.kind, "url": recording.url, "confidence": recording.confidence},
        "recommended_by": [
            {
                "recap": rec.recap,
                "recap_title": catalogue.recaps[rec.recap].title
                if rec.recap in catalogue.recaps
                else None,
                "author": catalogue.recaps[rec.recap].author
                if rec.recap in catalogue.recaps
                else None,
                "lines": list(rec.lines),
                "why": rec.why,
            }
            for rec in session.recommended_by
        ],
    }


def _progress_json(entry: Entry | None, history: list[HistoryItem]) -> dict[str, object] | None:
    if entry is None:
        return None
    data: dict[str, object] = {
        "status": entry.status,
        "position_s": entry.position_s,
        "rating": entry.rating,
        "note": entry.note,
        "watchlist_pos": entry.watchlist_pos,
        "added_at": entry.added_at,
        "started_at": entry.started_at,
        "watched_at": entry.watched_at,
        "updated_at": entry.updated_at,
        "plan": entry.plan,
    }
    data["history"] = [
        {"at": h.at, "status": h.status, "previous": h.previous, "position_s": h.position_s}
        for h in history
    ]
    return data


def to_json(export: Export, options: Options = DEFAULT) -> str:
    catalogue = export.catalogue
    counts = export.counts()
    slot_of = slots(export, options)
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "catalogue": {"id": catalogue.id, "title": catalogue.title},
        "selection": {
            "status": export.selection.status,
            "watchlist": export.selection.watchlist,
            "theme": export.selection.theme,
        },
        "counts": {"sessions": len(export.rows), **counts},
        "time_zone": zone_words(export, options),
        "sessions": [
            {
                **_session_json(catalogue, session, slot_of(session.id)),
                "progress": _progress_json(entry, export.history.get(session.id, [])),
            }
            for session, entry in export.rows
        ],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
