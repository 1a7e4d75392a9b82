"""The user's own recaps in the progress store: each post they added, and the
sessions it names (proposed, then accepted or not).

The post itself is copied into the data folder (its text, which line numbers
refer to); here are its facts and its links. Each change is one transaction of
the store, like every other, so the TUI and the command line never undo each
other's work.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from confplan.progress.store import ProgressStore, StoreRefusedError

RECAP_FIELDS = ("id", "catalogue", "title", "author", "url", "conference", "file", "format")
LINK_FIELDS = (
    "recap",
    "session",
    "first_line",
    "last_line",
    "confidence",
    "matched_by",
    "video",
    "accepted",
)


@dataclass(frozen=True, slots=True)
class UserRecap:
    id: str
    catalogue: str
    title: str
    author: str | None
    url: str | None
    conference: str
    file: str  # the copy's name in the data folder's recaps/ folder
    format: str  # markdown, html or text (the copy is text for html)
    added_at: str = ""


@dataclass(frozen=True, slots=True)
class RecapLink:
    recap: str
    session: str
    first_line: int
    last_line: int
    confidence: float
    matched_by: str  # signals joined by "+"
    video: str | None = None
    accepted: bool = False


def _known(store: ProgressStore) -> bool:
    """Does this store have the tables (a store opened read-only before its upgrade
    has none: no recaps yet)?"""
    return store.schema_version >= 3


def recaps(store: ProgressStore, catalogue: str | None = None) -> list[UserRecap]:
    if not _known(store):
        return []
    sql = f"SELECT {', '.join(RECAP_FIELDS)}, added_at FROM recaps"
    rows = (
        store._read(sql + " WHERE catalogue = ? ORDER BY added_at, id", (catalogue,))
        if (catalogue is not None)
        else store._read(sql + " ORDER BY added_at, id")
    )
    return [_recap(row) for row in rows]


def links(store: ProgressStore, catalogue: str, *, accepted_only: bool = False) -> list[RecapLink]:
    if not _known(store):
        return []
    where = " AND l.accepted = 1" if accepted_only else ""
    rows = store._read(
        f"SELECT {', '.join('l.' + f for f in LINK_FIELDS)} FROM recap_links l "
        f"JOIN recaps r ON r.id = l.recap WHERE r.catalogue = ?{where} "
        "ORDER BY r.added_at, l.recap, l.first_line, l.session",
        (catalogue,),
    )
    return [_link(row) for row in rows]


def _recap(row: tuple[Any, ...]) -> UserRecap:
    """A recap from its row, checked like input: a value that is not text (written by
    hand) is read as text, or as absent where it may be."""
    texts = [
        v
        if v is None or type(v) is str
        else bytes(v).decode("utf-8", "replace")
        if isinstance(v, bytes)
        else str(v)
        for v in row
    ]
    id_, catalogue, title, author, url, conference, file, kind, added_at = texts
    return UserRecap(
        id_ or "",
        catalogue or "",
        title or "",
        author,
        url,
        conference or "",
        file or "",
        kind or "text",
        added_at or "",
    )


def _int(value: Any, default: int) -> int:
    return value if type(value) is int else default


def _link(row: tuple[Any, ...]) -> RecapLink:
    """A link from its row in LINK_FIELDS order (SQLite keeps `accepted` as 0 or 1)."""
    recap, session, first_line, last_line, confidence, matched_by, video, accepted = row
    first = max(_int(first_line, 1), 1)
    return RecapLink(
        str(recap),
        str(session),
        first,
        max(_int(last_line, first), first),
        float(confidence) if isinstance(confidence, int | float) else 0.0,
        matched_by if type(matched_by) is str else "",
        video if type(video) is str else None,
        bool(accepted),
    )


def add(store: ProgressStore, recap: UserRecap, proposed: list[RecapLink]) -> UserRecap:
    """Record a recap and its links in one transaction; an id already used is refused."""

    def work(conn: sqlite3.Connection) -> UserRecap:
        if conn.execute("SELECT 1 FROM recaps WHERE id = ?", (recap.id,)).fetchone():
            raise StoreRefusedError(f"a recap with the id {recap.id} exists already")
        added = replace(recap, added_at=store.clock())
        conn.execute(
            f"INSERT INTO recaps ({', '.join(RECAP_FIELDS)}, added_at) "
            f"VALUES ({', '.join('?' for _ in RECAP_FIELDS)}, ?)",
            (*(getattr(added, f) for f in RECAP_FIELDS), added.added_at),
        )
        for item in proposed:
            conn.execute(
                f"INSERT OR REPLACE INTO recap_links ({', '.join(LINK_FIELDS)}) "
                f"VALUES ({', '.join('?' for _ in LINK_FIELDS)})",
                (*(getattr(item, f) for f in LINK_FIELDS[:-1]), int(item.accepted)),
            )
        return added

    return store._write(work)


def decide(store: ProgressStore, recap: str, session: str, accepted: bool) -> None:
    """Accept or reject one proposed link."""

    def work(conn: sqlite3.Connection) -> None:
        done = conn.execute(
            "UPDATE recap_links SET accepted = ? WHERE recap = ? AND session = ?",
            (int(accepted), recap, session),
        )
        if done.rowcount == 0:
            raise StoreRefusedError(f"recap {recap} proposes no session {session}")

    store._write(work)


def link_by_hand(store: ProgressStore, item: RecapLink) -> None:
    """Link a session to a recap by hand, accepted (replacing what was proposed for it)."""

    def work(conn: sqlite3.Connection) -> None:
        if not conn.execute("SELECT 1 FROM recaps WHERE id = ?", (item.recap,)).fetchone():
            raise StoreRefusedError(f"no recap {item.recap}")
        conn.execute(
            f"INSERT OR REPLACE INTO recap_links ({', '.join(LINK_FIELDS)}) "
            f"VALUES ({', '.join('?' for _ in LINK_FIELDS)})",
            (*(getattr(item, f) for f in LINK_FIELDS[:-1]), int(item.accepted)),
        )

    store._write(work)


def unlink(store: ProgressStore, recap: str, session: str) -> None:
    """Take a session off a recap's links (found or made by hand)."""

    def work(conn: sqlite3.Connection) -> None:
        done = conn.execute(
            "DELETE FROM recap_links WHERE recap = ? AND session = ?", (recap, session)
        )
        if done.rowcount == 0:
            raise StoreRefusedError(f"recap {recap} links no session {session}")

    store._write(work)


def remove(store: ProgressStore, recap: str) -> UserRecap | None:
    """Forget a recap and its links; returns what it was (None if unknown)."""

    def work(conn: sqlite3.Connection) -> UserRecap | None:
        row = conn.execute(
            f"SELECT {', '.join(RECAP_FIELDS)}, added_at FROM recaps WHERE id = ?", (recap,)
        ).fetchone()
        if row is None:
            return None
        conn.execute("DELETE FROM recap_links WHERE recap = ?", (recap,))
        conn.execute("DELETE FROM recaps WHERE id = ?", (recap,))
        return _recap(row)

    return store._write(work)
