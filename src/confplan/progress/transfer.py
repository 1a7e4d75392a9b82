"""Moving progress through plain files: dump to JSON, and load (merge) it back.

`parse` accepts a progress dump (`"format": "confplan-progress"`) and a JSON
export (`"format": "confplan-export"`, see export.py), so an export of
everything can be loaded into another store. Every problem names the file
and, for JSON syntax, the line and column; nothing is merged unless the whole
file is valid.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from confplan.errors import BadInputError
from confplan.progress.models import (
    ENTRY_FIELDS,
    HISTORY_FIELDS,
    MAX_POSITION_S,
    MAX_WATCHLIST_POS,
    PLANS,
    STATUSES,
    Entry,
    HistoryItem,
    now_utc,
)
from confplan.progress.store import ProgressStore
from confplan.text import json_safe

DUMP_FORMAT = "confplan-progress"
DUMP_VERSION = 1
EXPORT_FORMAT = "confplan-export"
EXPORT_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 1024 * 1024


def entry_json(entry: Entry) -> dict[str, Any]:
    return {f: getattr(entry, f) for f in ENTRY_FIELDS}


def history_json(item: HistoryItem) -> dict[str, Any]:
    return {f: getattr(item, f) for f in HISTORY_FIELDS}


def dump(store: ProgressStore) -> dict[str, Any]:
    return {
        "format": DUMP_FORMAT,
        "version": DUMP_VERSION,
        "exported_at": now_utc(),
        "entries": [entry_json(e) for e in store.all_entries()],
        "history": [history_json(h) for h in store.all_history()],
    }


def dump_text(store: ProgressStore) -> str:
    return json_safe(json.dumps(dump(store), ensure_ascii=False, indent=2)) + "\n"


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{self.name}: {where}: {message}")

    def text(
        self, obj: dict[str, Any], key: str, where: str, *, required: bool = False
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing {key!r}")
            return None
        if not isinstance(value, str):
            self.fail(where, f"{key!r} must be text")
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            self.fail(where, f"{key!r} holds a lone surrogate at {exc.start} (not Unicode text)")
            return None
        if len(value) > MAX_TEXT_CHARS:
            self.fail(where, f"{key!r} is over {MAX_TEXT_CHARS:,} characters")
            return None
        return value

    def timestamp(
        self, obj: dict[str, Any], key: str, where: str, *, required: bool = False
    ) -> str | None:
        """An ISO 8601 time with a zone, normalised to UTC so that times compare as text."""
        value = self.text(obj, key, where, required=required)
        if value is None:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            self.fail(where, f"{key!r} is not an ISO 8601 time: {value[:40]!r}")
            return None
        if moment.tzinfo is None:
            self.fail(where, f"{key!r} has no time zone: {value[:40]!r}")
            return None
        try:
            utc = moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            self.fail(where, f"{key!r} is out of range: {value[:40]!r}")
            return None
        if not 1 < utc.year < 9999:
            self.fail(where, f"{key!r} is out of range: {value[:40]!r}")
            return None
        return utc.isoformat(timespec="microseconds")

    def integer(
        self, obj: dict[str, Any], key: str, where: str, low: int, high: int | None
    ) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"{key!r} must be a whole number")
            return None
        if value < low or (high is not None and value > high):
            shown = str(value) if abs(value) < 10**20 else "a number that long"
            self.fail(where, f"{key!r} is out of range ({shown}; {low} to {high})")
            return None
        return value

    def status(self, obj: dict[str, Any], key: str, where: str, *, required: bool) -> str | None:
        value = self.text(obj, key, where, required=required)
        if value is not None and value not in STATUSES:
            self.fail(where, f"{key!r} must be one of {', '.join(STATUSES)}")
            return None
        return value

    def plan(self, obj: dict[str, Any], where: str) -> str | None:
        value = self.text(obj, "plan", where)
        if value is not None and value not in PLANS:
            self.fail(where, f"'plan' must be one of {', '.join(PLANS)}")
            return None
        return value

    def entry(self, obj: Any, where: str, defaults: dict[str, str] | None = None) -> Entry | None:
        if not isinstance(obj, dict):
            self.fail(where, "expected an object")
            return None
        obj = {**(defaults or {}), **obj}
        before = len(self.problems)
        unknown = set(obj) - set(ENTRY_FIELDS)
        if unknown:
            self.fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        catalogue = self.text(obj, "catalogue", where, required=True)
        session = self.text(obj, "session", where, required=True)
        status = self.status(obj, "status", where, required=True)
        position_s = self.integer(obj, "position_s", where, 0, MAX_POSITION_S)
        rating = self.integer(obj, "rating", where, 1, 5)
        note = self.text(obj, "note", where)
        watchlist_pos = self.integer(obj, "watchlist_pos", where, 1, MAX_WATCHLIST_POS)
        added_at = self.timestamp(obj, "added_at", where)
        started_at = self.timestamp(obj, "started_at", where)
        watched_at = self.timestamp(obj, "watched_at", where)
        updated_at = self.timestamp(obj, "updated_at", where, required=True)
        plan = self.plan(obj, where)
        # A required value is None only when a problem was noted.
        if (
            len(self.problems) > before
            or catalogue is None
            or session is None
            or status is None
            or updated_at is None
        ):
            return None
        return Entry(
            catalogue=catalogue,
            session=session,
            status=status,
            position_s=position_s,
            rating=rating,
            note=note,
            watchlist_pos=watchlist_pos,
            added_at=added_at,
            started_at=started_at,
            watched_at=watched_at,
            updated_at=updated_at,
            plan=plan,
        )

    def history(
        self, obj: Any, where: str, defaults: dict[str, str] | None = None
    ) -> HistoryItem | None:
        if not isinstance(obj, dict):
            self.fail(where, "expected an object")
            return None
        obj = {**(defaults or {}), **obj}
        before = len(self.problems)
        unknown = set(obj) - set(HISTORY_FIELDS)
        if unknown:
            self.fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        catalogue = self.text(obj, "catalogue", where, required=True)
        session = self.text(obj, "session", where, required=True)
        at = self.timestamp(obj, "at", where, required=True)
        status = self.status(obj, "status", where, required=True)
        previous = self.status(obj, "previous", where, required=False)
        position_s = self.integer(obj, "position_s", where, 0, MAX_POSITION_S)
        if (
            len(self.problems) > before
            or catalogue is None
            or session is None
            or at is None
            or status is None
        ):
            return None
        return HistoryItem(catalogue, session, at, status, previous, position_s)


def parse(raw: bytes, name: str) -> tuple[list[Entry], list[HistoryItem]]:
    """Read a dump or an export; raise BadInputError listing every problem."""
    if len(raw) > MAX_FILE_BYTES:
        raise BadInputError(f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{name}: not UTF-8 text (at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise BadInputError(f"{name}: JSON nested too deeply to be a progress file") from None
    except ValueError as exc:  # an integer too long to convert, for one
        raise BadInputError(f"{name}: not usable JSON: {exc}") from None
    reader = _Reader(name)
    entries: list[Entry] = []
    history: list[HistoryItem] = []
    if not isinstance(data, dict):
        raise BadInputError(f"{name}: expected a JSON object at the top")
    kind, version = data.get("format"), data.get("version")
    if kind == DUMP_FORMAT and version == DUMP_VERSION:
        for key in ("entries", "history"):
            if not isinstance(data.get(key), list):
                reader.fail(key, "expected a list")
        if not reader.problems:
            for i, obj in enumerate(data["entries"]):
                entry = reader.entry(obj, f"entries[{i}]")
                if entry:
                    entries.append(entry)
            for i, obj in enumerate(data["history"]):
                item = reader.history(obj, f"history[{i}]")
                if item:
                    history.append(item)
    elif kind == EXPORT_FORMAT and version == EXPORT_VERSION:
        _parse_export(reader, data, entries, history)
    elif kind in (DUMP_FORMAT, EXPORT_FORMAT):
        raise BadInputError(f"{name}: {kind} version {version!r} is not one this confplan reads")
    else:
        raise BadInputError(
            f"{name}: not a confplan progress dump or JSON export "
            f'(expected "format": "{DUMP_FORMAT}" or "{EXPORT_FORMAT}")'
        )
    if reader.problems:
        shown = reader.problems[:50]
        more = len(reader.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more else "")
        raise BadInputError(text + "\nnothing was loaded")
    return entries, history


def _parse_export(
    reader: _Reader, data: dict[str, Any], entries: list[Entry], history: list[HistoryItem]
) -> None:
    catalogue = data.get("catalogue")
    catalogue_id = catalogue.get("id") if isinstance(catalogue, dict) else None
    if not isinstance(catalogue_id, str):
        reader.fail("catalogue", "expected an object with an 'id'")
        return
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        reader.fail("sessions", "expected a list")
        return
    defaults = {"catalogue": catalogue_id}
    for i, obj in enumerate(sessions):
        where = f"sessions[{i}]"
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            reader.fail(where, "expected an object with an 'id'")
            continue
        progress = obj.get("progress")
        if progress is None:
            continue  # exported but never touched: nothing to merge
        if not isinstance(progress, dict):
            reader.fail(f"{where}.progress", "expected an object")
            continue
        fields = {k: v for k, v in progress.items() if k != "history"}
        entry = reader.entry({**fields, "session": obj["id"]}, f"{where}.progress", defaults)
        if entry:
            entries.append(entry)
        items = progress.get("history", [])
        if not isinstance(items, list):
            reader.fail(f"{where}.progress.history", "expected a list")
            continue
        for j, item in enumerate(items):
            parsed = reader.history(
                {**item, "session": obj["id"]} if isinstance(item, dict) else item,
                f"{where}.progress.history[{j}]",
                defaults,
            )
            if parsed:
                history.append(parsed)
