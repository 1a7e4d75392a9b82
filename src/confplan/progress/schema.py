"""The progress store's tables, version by version: each step takes the store from
version N-1 to N inside one transaction (`PRAGMA user_version` says which it is)."""

from __future__ import annotations

_SCHEMA_V1 = """
CREATE TABLE entries (
    catalogue     TEXT NOT NULL,
    session       TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'unwatched'
                  CHECK (status IN ('unwatched', 'in-progress', 'watched')),
    position_s    INTEGER CHECK (position_s IS NULL OR position_s >= 0),
    rating        INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    note          TEXT,
    watchlist_pos INTEGER CHECK (watchlist_pos IS NULL OR watchlist_pos >= 1),
    added_at      TEXT,
    started_at    TEXT,
    watched_at    TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (catalogue, session)
) WITHOUT ROWID;
CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    catalogue  TEXT NOT NULL,
    session    TEXT NOT NULL,
    at         TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('unwatched', 'in-progress', 'watched')),
    previous   TEXT,
    position_s INTEGER
);
CREATE UNIQUE INDEX history_unique ON history (catalogue, session, at, status);
CREATE INDEX entries_watchlist ON entries (catalogue, watchlist_pos)
    WHERE watchlist_pos IS NOT NULL;
"""

# Each step takes the store from version N-1 to N, inside one transaction.
# Version 2: the plan for a session while the conference is on (attend, or watch later).
_SCHEMA_V2 = """
ALTER TABLE entries ADD COLUMN plan TEXT CHECK (plan IS NULL OR plan IN ('attend', 'later'));
"""

# Version 3: the user's own recaps (posts they added) and the sessions each names.
_SCHEMA_V3 = """
CREATE TABLE recaps (
    id         TEXT PRIMARY KEY,
    catalogue  TEXT NOT NULL,
    title      TEXT NOT NULL,
    author     TEXT,
    url        TEXT,
    conference TEXT NOT NULL,
    file       TEXT NOT NULL,
    format     TEXT NOT NULL,
    added_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE recap_links (
    recap      TEXT NOT NULL,
    session    TEXT NOT NULL,
    first_line INTEGER NOT NULL CHECK (first_line >= 1),
    last_line  INTEGER NOT NULL CHECK (last_line >= first_line),
    confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    matched_by TEXT NOT NULL,
    video      TEXT,
    accepted   INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
    PRIMARY KEY (recap, session)
) WITHOUT ROWID;
"""

# Version 4: what changed in a watchlisted session at a schedule's update, until seen;
# and which "watch later" plans a clash made (the session attended instead).
_SCHEMA_V4 = """
CREATE TABLE change_flags (
    catalogue  TEXT NOT NULL,
    session    TEXT NOT NULL,
    what       TEXT NOT NULL,
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (catalogue, session)
) WITHOUT ROWID;
CREATE TABLE clash_plans (
    catalogue TEXT NOT NULL,
    session   TEXT NOT NULL,
    chosen    TEXT NOT NULL,
    PRIMARY KEY (catalogue, session)
) WITHOUT ROWID;
"""

MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4}


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
