"""Change flags: what a schedule's update changed in a watchlisted session (moved,
another room, title or speakers, cancelled, removed), kept until the user has seen
it; and the "watch later" plans that a clash made, so that a talk which no longer
clashes after an update loses the plan the clash gave it.

Each write is one short transaction (the store's `_write`: BEGIN IMMEDIATE), and a
flag laid over one not yet seen adds to it inside that transaction, so two
processes refreshing at once lose nothing. No Textual here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from confplan.progress.models import LATER

if TYPE_CHECKING:  # the store calls note_clash_plans: no import at run time
    from confplan.progress.store import ProgressStore

SCHEMA = 4  # the store version that has these tables


class Flag(NamedTuple):  # not a dataclass: the store imports this module (see record.py)
    catalogue: str
    session: str
    what: str  # "time 10:00 → 11:00; room A → B", joined over updates until seen
    flagged_at: str


def _known(store: ProgressStore) -> bool:
    """A store opened read-only before its upgrade has no flags yet."""
    return store.schema_version >= SCHEMA


def flags(store: ProgressStore, catalogue: str) -> dict[str, Flag]:
    """The flags not yet seen, by session id."""
    if not _known(store):
        return {}
    rows = store._read(
        "SELECT catalogue, session, what, flagged_at FROM change_flags WHERE catalogue = ? "
        "ORDER BY flagged_at, session",
        (catalogue,),
    )
    found: dict[str, Flag] = {}
    for row in rows:  # checked like input: a store edited by hand may hold anything
        session, what, flagged_at = row[1], _stored_text(row[2]), _stored_text(row[3])
        if type(session) is str:
            found[session] = Flag(catalogue, session, what, flagged_at)
    return found


def _stored_text(value: object) -> str:
    """A text column's value as text: a BLOB's text (if it has some), a number written."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def flag(store: ProgressStore, catalogue: str, found: Mapping[str, str]) -> None:
    """Flag each session of `found` (id: what changed); an unseen flag keeps what it
    said and gains the new change."""
    if not found:
        return

    def work(conn: sqlite3.Connection) -> None:
        now = store.clock()
        for session, what in found.items():
            row = conn.execute(
                "SELECT what FROM change_flags WHERE catalogue = ? AND session = ?",
                (catalogue, session),
            ).fetchone()
            before = None if row is None else _stored_text(row[0])
            text = what if before is None or what in before else f"{before}; then {what}"
            conn.execute(
                "INSERT OR REPLACE INTO change_flags (catalogue, session, what, flagged_at) "
                "VALUES (?, ?, ?, ?)",
                (catalogue, session, text, now),
            )

    store._write(work)


def seen(store: ProgressStore, catalogue: str, sessions: Iterable[str] | None = None) -> int:
    """Clear the flags of `sessions` (all of the catalogue's when None); how many."""
    wanted = None if sessions is None else list(dict.fromkeys(sessions))
    if not _known(store) or wanted == []:
        return 0

    def work(conn: sqlite3.Connection) -> int:
        if wanted is None:
            cursor = conn.execute("DELETE FROM change_flags WHERE catalogue = ?", (catalogue,))
            return cursor.rowcount
        count = 0
        for session in wanted:
            cursor = conn.execute(
                "DELETE FROM change_flags WHERE catalogue = ? AND session = ?",
                (catalogue, session),
            )
            count += cursor.rowcount
        return count

    return store._write(work)


def note_clash_plans(
    conn: sqlite3.Connection, catalogue: str, chosen: str, later: Iterable[str]
) -> None:
    """Inside `ProgressStore.choose`'s transaction: these "watch later" plans were made
    by choosing `chosen` in a clash."""
    for session in later:
        conn.execute(
            "INSERT OR REPLACE INTO clash_plans (catalogue, session, chosen) VALUES (?, ?, ?)",
            (catalogue, session, chosen),
        )


def forget_clash_plan(conn: sqlite3.Connection, catalogue: str, session: str) -> None:
    """Inside `ProgressStore.plan`'s transaction: the user set this plan by hand."""
    conn.execute(
        "DELETE FROM clash_plans WHERE catalogue = ? AND session = ?", (catalogue, session)
    )


def clash_plans(store: ProgressStore, catalogue: str) -> dict[str, str]:
    """Each session planned for later by a clash, and the session attended instead."""
    if not _known(store):
        return {}
    rows = store._read("SELECT session, chosen FROM clash_plans WHERE catalogue = ?", (catalogue,))
    return {row[0]: row[1] for row in rows}


def drop_clash_plans(store: ProgressStore, catalogue: str, sessions: Iterable[str]) -> list[str]:
    """Take back the "watch later" a clash gave each of `sessions` (the clash is gone),
    where it is still that plan; the sessions whose plan was taken back."""
    wanted = list(dict.fromkeys(sessions))
    if not wanted:
        return []

    def work(conn: sqlite3.Connection) -> list[str]:
        done = []
        now = store.clock()
        for session in wanted:
            entry = store._get(conn, catalogue, session)
            conn.execute(
                "DELETE FROM clash_plans WHERE catalogue = ? AND session = ?",
                (catalogue, session),
            )
            if entry is not None and entry.plan == LATER:
                store._put(conn, entry.with_(plan=None, updated_at=now))
                done.append(session)
        return done

    return store._write(work)
