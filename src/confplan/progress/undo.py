"""Undo and redo that never erase what another process saved.

A change is remembered as the fields it wrote: their values before and after.
Undoing it puts the "before" values back only while the store still holds the
"after" values (compare and set, inside the store's transaction); redoing is
the same in the other direction. Fields the change did not write (a note the
command line saved meanwhile, say) are never touched.

The watchlist is compared by membership when the change added or removed a
session (other sessions leaving the queue renumber it, which is not a change
to this one), and by position when the change moved it.

No Textual here: the TUI keeps the stacks, the store applies the steps.
"""

from typing import Any, NamedTuple

from confplan.progress.models import ENTRY_FIELDS, PLAN_LABELS, STATUS_LABELS, Entry

# What a user changes; `updated_at` and the catalogue/session keys are bookkeeping.
USER_FIELDS = tuple(f for f in ENTRY_FIELDS if f not in ("catalogue", "session", "updated_at"))

# In an expectation: "the session is (or is not) on the watchlist", whatever its place.
ON_WATCHLIST = "on_watchlist"


# Values of any field of an entry, as ((field, value), ...).
Fields = tuple[tuple[str, Any], ...]


# No `from __future__ import annotations` in this module: see progress/models.py.
class Step(NamedTuple):
    """One change of one session's fields, as remembered for undo: the session's id,
    and its fields' values before (`was`) and after (`now`) the change."""

    session: str
    was: Fields
    now: Fields

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.was)

    def inverse(self) -> "Step":
        return Step(self.session, self.now, self.was)

    def expectation(self) -> dict[str, Any]:
        """What the store must still hold for this step to be taken back."""
        was, now = dict(self.was), dict(self.now)
        expect = dict(now)
        if "watchlist_pos" in now and (was["watchlist_pos"] is None) != (
            now["watchlist_pos"] is None
        ):
            del expect["watchlist_pos"]
            expect[ON_WATCHLIST] = now["watchlist_pos"] is not None
        return expect

    def target(self) -> dict[str, Any]:
        """The values taking this step back writes."""
        return dict(self.was)

    def describe(self) -> str:
        """The change in a few words ("mark watched, add to watchlist")."""
        return describe_change(dict(self.was), dict(self.now))


class Group(NamedTuple):
    """Steps taken together (choosing one side of a clash changes several sessions):
    undone and redone together, all or nothing."""

    steps: tuple[Step, ...]

    @property
    def session(self) -> str:
        return self.steps[0].session

    def inverse(self) -> "Group":
        return Group(tuple(step.inverse() for step in self.steps))

    def describe(self) -> str:
        first, others = self.steps[0].describe(), len(self.steps) - 1
        if not others:
            return first
        return f"{first}; {others} other session{'s' if others > 1 else ''} changed with it"


Undoable = Step | Group


def parts(change: Undoable) -> tuple[Step, ...]:
    return change.steps if isinstance(change, Group) else (change,)


def step_between(session: str, before: Entry | None, after: Entry | None) -> Step | None:
    """The step from `before` to `after`, or None when no user field changed."""
    old = before or Entry("", session)
    new = after or Entry("", session)
    fields = [f for f in USER_FIELDS if getattr(old, f) != getattr(new, f)]
    if not fields:
        return None
    return Step(
        session,
        tuple((f, getattr(old, f)) for f in fields),
        tuple((f, getattr(new, f)) for f in fields),
    )


def describe_change(was: dict[str, Any], now: dict[str, Any]) -> str:
    words = []
    if "status" in now:
        words.append(f"mark {STATUS_LABELS.get(now['status'], now['status'])}")
    elif "position_s" in now:
        words.append("set where to resume")
    if "watchlist_pos" in now:
        before, after = was["watchlist_pos"], now["watchlist_pos"]
        if before is None:
            words.append("add to the watchlist")
        elif after is None:
            words.append("take off the watchlist")
        else:
            words.append(f"move to position {after} in the watchlist")
    if "plan" in now:
        plan = now["plan"]
        words.append(f"plan to {PLAN_LABELS[plan]}" if plan else "clear the plan")
    if "rating" in now:
        words.append(f"rate {now['rating']}/5" if now["rating"] else "clear the rating")
    if "note" in now:
        words.append("edit the note" if now["note"] else "clear the note")
    return ", ".join(words) or "change"


def holds(entry: Entry, expect: dict[str, Any]) -> bool:
    """Does `entry` still hold every expected value?"""
    for name, value in expect.items():
        held = entry.on_watchlist if name == ON_WATCHLIST else getattr(entry, name)
        if held != value:
            return False
    return True
