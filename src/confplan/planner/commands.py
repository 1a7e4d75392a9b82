"""The changes a user makes to progress: one small immutable class each.

The command line executes a command at once (`execute`); the TUI hands it to the
store writer (planner/writer.py), which executes it on its own thread, in order.
Either way the same code applies it and says what it wrote (`Applied`): the entry
before and after, the other sessions written, the watchlist when it was
reordered, and the step that takes the change back. Undo and redo are commands
too, taking such a step back.

A toggle (add to the watchlist or take off, watched or not) and a move by some
places are decided when applied, against the store, so that keys pressed faster
than results come back still act in order.

Only the progress store and below are imported: `confplan mark` imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from confplan.planner.record import Record
from confplan.progress.models import UNWATCHED, WATCHED, Entry, HistoryItem
from confplan.progress.store import ProgressStore, StoreRefusedError
from confplan.progress.undo import Group, Step, Undoable, parts, step_between

if TYPE_CHECKING:  # the recap tables are imported by the commands that write them
    from confplan.progress.user_recaps import RecapLink


class Command(Record):
    """A change to a session's progress (and sometimes to other sessions' with it)."""

    # Does the change reorder the watchlist (the whole list is read back after it)?
    reorders: ClassVar[bool] = False
    # Can it change a status (the session's history is read back after it)?
    dates: ClassVar[bool] = False

    @property
    def session(self) -> str:
        """The session the change is about."""
        raise NotImplementedError

    def also(self) -> tuple[str, ...]:
        """Other sessions the change may write."""
        return ()

    def resolve(self, before: Entry | None) -> Command:
        """The command to apply, given the session's entry now (a toggle picks a side)."""
        return self

    def write(self, store: ProgressStore, catalogue: str) -> None:
        """Write the change to the store, in one transaction."""
        raise NotImplementedError(type(self).__name__)

    def apply(self, store: ProgressStore, catalogue: str) -> Applied:
        """Apply the change (as decided against the store now); say what it wrote."""
        session = self.session
        before = store.entry(catalogue, session)
        others = {sid: store.entry(catalogue, sid) for sid in self.also() if sid != session}
        done = self.resolve(before)
        done.write(store, catalogue)
        written = (
            Written(session, before, store.entry(catalogue, session)),
            *(Written(sid, was, store.entry(catalogue, sid)) for sid, was in others.items()),
        )
        return Applied(
            self,
            done,
            written,
            tuple(store.watchlist(catalogue)) if done.reorders else None,
            tuple(store.history(catalogue, session)) if done.dates else None,
            _take_back(done, written),
        )


class Watch(Command):
    """Add sessions to the end of the watchlist (those on it stay where they are)."""

    reorders = True
    session: str
    more: tuple[str, ...] = ()

    def also(self) -> tuple[str, ...]:
        return self.more

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.watch(catalogue, [self.session, *self.more])


class Unwatch(Command):
    """Take sessions off the watchlist; their status, rating and note stay."""

    reorders = True
    session: str
    more: tuple[str, ...] = ()

    def also(self) -> tuple[str, ...]:
        return self.more

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.unwatch(catalogue, [self.session, *self.more])


class ToggleWatch(Command):
    """Add the session to the watchlist, or take it off if it is on it."""

    session: str

    def resolve(self, before: Entry | None) -> Command:
        if before is not None and before.on_watchlist:
            return Unwatch(self.session)
        return Watch(self.session)


class Move(Command):
    """Put a session of the watchlist at a position (1 is first; clamped to the list)."""

    reorders = True
    session: str
    to: int

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.move(catalogue, self.session, self.to)


class Shift(Command):
    """Move a session of the watchlist by some places (negative: up)."""

    session: str
    by: int

    def resolve(self, before: Entry | None) -> Command:
        if before is None or before.watchlist_pos is None:
            raise StoreRefusedError("not on the watchlist: press w to add it first")
        return Move(self.session, max(before.watchlist_pos + self.by, 1))


class Mark(Command):
    """Set a session's status; in progress, where to resume (None keeps the one known)."""

    dates = True
    session: str
    status: str
    position_s: int | None = None

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.mark(catalogue, self.session, self.status, self.position_s)


class ToggleWatched(Command):
    """Mark the session watched, or unwatched if it is watched."""

    session: str

    def resolve(self, before: Entry | None) -> Command:
        watched = before is not None and before.status == WATCHED
        return Mark(self.session, UNWATCHED if watched else WATCHED)


class Rate(Command):
    """Rate a session 1 to 5 stars; None clears the rating."""

    session: str
    rating: int | None

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.rate(catalogue, self.session, self.rating)


class Note(Command):
    """Set a session's note (replacing the one it has); None or "" clears it."""

    session: str
    text: str | None

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.note(catalogue, self.session, self.text)


class Attend(Command):
    """Attend a session of the watchlist; those it clashes with (`later`, the ones
    on the watchlist) are planned to be watched later."""

    session: str
    later: tuple[str, ...] = ()

    def also(self) -> tuple[str, ...]:
        return self.later

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.choose(catalogue, self.session, self.later)


class Plan(Command):
    """Set the plan of a session of the watchlist: attend, watch later, or None."""

    session: str
    plan: str | None

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.plan(catalogue, self.session, self.plan)


class Decide(Command):
    """Accept or reject a session that one of the user's recaps proposes."""

    session: str
    recap: str
    accepted: bool

    def write(self, store: ProgressStore, catalogue: str) -> None:
        # Imported here: the recap tables are not every command's business.
        from confplan.progress.user_recaps import decide

        decide(store, self.recap, self.session, self.accepted)


class LinkByHand(Decide):
    """Link a session to one of the user's recaps by hand, at the post's lines given
    (a decision on the recap's links, as Decide is: shown and counted alike)."""

    first_line: int = 1
    last_line: int = 1
    confidence: float = 1.0
    matched_by: str = "by hand"
    video: str | None = None

    @classmethod
    def of(cls, item: RecapLink) -> LinkByHand:
        """The change that writes this link."""
        fields = (item.first_line, item.last_line, item.confidence, item.matched_by, item.video)
        return cls(item.session, item.recap, item.accepted, *fields)

    def write(self, store: ProgressStore, catalogue: str) -> None:
        from confplan.progress.user_recaps import RecapLink, link_by_hand

        fields = (self.first_line, self.last_line, self.confidence, self.matched_by, self.video)
        link_by_hand(store, RecapLink(self.recap, self.session, *fields, self.accepted))


class Unlink(Decide):
    """Take a session off one of the user's recaps (a link found or made by hand)."""

    def write(self, store: ProgressStore, catalogue: str) -> None:
        from confplan.progress.user_recaps import unlink

        unlink(store, self.recap, self.session)


class TakeBack(Command):
    """Write back what a remembered change wrote, while the store still holds what
    it wrote (else ChangedElsewhereError, and nothing changes)."""

    reorders = True
    dates = True
    change: Undoable

    @property
    def session(self) -> str:
        return str(self.change.session)

    def also(self) -> tuple[str, ...]:
        return tuple(step.session for step in parts(self.change)[1:])

    def write(self, store: ProgressStore, catalogue: str) -> None:
        store.take_back(catalogue, self.change)


class Undo(TakeBack):
    """Take back the last change."""


class Redo(TakeBack):
    """Take back the last undo."""


class Written(Record):
    """One session a command wrote: its entry before and after (None: no entry)."""

    session: str
    before: Entry | None
    after: Entry | None

    @property
    def left_watchlist(self) -> bool:
        return _queued(self.before) and not _queued(self.after)


def _queued(entry: Entry | None) -> bool:
    return entry is not None and entry.on_watchlist


class Applied(Record):
    """What executing a command did."""

    command: Command  # as given
    done: Command  # as applied (a toggle's side, a shift's move)
    written: tuple[Written, ...]  # the command's session first, then the others
    queue: tuple[Entry, ...] | None  # the whole watchlist, when the command reorders it
    history: tuple[HistoryItem, ...] | None  # the session's, when the command dates one
    take_back: Undoable | None  # what undoing this (or redoing an undo) writes back

    @property
    def before(self) -> Entry | None:
        return self.written[0].before

    @property
    def after(self) -> Entry | None:
        return self.written[0].after

    @property
    def others(self) -> tuple[Written, ...]:
        return self.written[1:]


def execute(store: ProgressStore, catalogue: str, command: Command) -> Applied:
    """Apply `command` to the progress of `catalogue` in `store`; say what it wrote.
    The one way changes are made, by the command line and by the store writer alike.
    A refusal of the store (StoreRefusedError, ChangedElsewhereError) is raised."""
    return command.apply(store, catalogue)


def _take_back(done: Command, written: tuple[Written, ...]) -> Undoable | None:
    if isinstance(done, TakeBack):
        inverse: Undoable = done.change.inverse()
        return inverse
    steps: list[Step] = []
    for item in written:
        step = step_between(item.session, item.before, item.after)
        if step is not None:
            steps.append(step)
    if not steps:
        return None
    return steps[0] if len(steps) == 1 else Group(tuple(steps))
