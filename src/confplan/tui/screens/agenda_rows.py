"""What the agenda's lines say: the header, a session's row (time, mark, title, track,
room), the "now" rule, the details, and the now/next line, which is always one line,
never cut: its titles and rooms are shortened, the longest first, until it fits."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.widgets.option_list import Option

from confplan.agenda import NowNext, Slot, SlotOf, Timetable
from confplan.agenda_views import RoomNames, View
from confplan.progress.models import LATER, PLAN_LABELS, WATCHED, Entry
from confplan.text import printable
from confplan.tui.widgets.marks import CLASH, FLAG

WHEN_W = 13  # "10:00–10:30⁺ "
MARK_W = 2


def fit(text: str, width: int) -> str:
    """Clip to `width` cells (with an ellipsis) and pad to it."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return text + " " * (width - cell_len(text))


def when(slot: Slot) -> str:
    if slot.instant:
        return f"{slot.start:%H:%M}"
    after_midnight = "⁺" if slot.end.date() != slot.start.date() else ""
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}{after_midnight}"


def squeeze(texts: Sequence[str], room: int) -> list[str]:
    """The texts cut (with …) so that together they take at most `room` cells: the
    longest are cut first, to the same length (each keeps at least one cell)."""
    lengths = [cell_len(t) for t in texts]
    if sum(lengths) <= room:
        return list(texts)
    cap = max(lengths)
    while cap > 1 and sum(min(n, cap) for n in lengths) > room:
        cap -= 1
    return [
        t if n <= cap else set_cell_size(t, cap - 1) + "…"
        for t, n in zip(texts, lengths, strict=True)
    ]


def mark_of(entry: Entry | None) -> tuple[str, str]:
    """The mark before a title and the style of the title."""
    queued = entry is not None and entry.on_watchlist
    if queued and entry is not None and entry.plan == LATER:
        return "↓ ", "later"
    if queued:
        return "★ ", "queued"
    if entry is not None and entry.status == WATCHED:
        return "● ", ""
    return "  ", ""


def grid_mark(
    slot: Slot,
    entry: Entry | None,
    clashes: Mapping[str, tuple[str, ...]],
    flags: Mapping[str, str],
) -> tuple[str, str]:
    """A grid cell's mark (a clash over the plan's, an unseen change over both) and
    its kind of style."""
    mark, kind = mark_of(entry)
    if slot.id in clashes:
        mark, kind = f"{CLASH} ", "clash"
    if slot.id in flags:  # changed at the schedule's update, unseen
        mark = FLAG + " "
    if slot.session.nothing_to_watch:
        kind = "dim"
    return mark.strip() + " " if mark.strip() else "", kind


def side_widths(slots: Sequence[Slot], short: RoomNames, width: int) -> tuple[int, int]:
    """The track and room columns' widths for a day: its longest (shortened) names,
    within a quarter of the width each."""
    side = max(width // (4 if width >= 100 else 5), 10)
    track = max((cell_len(printable(s.session.track or "")) for s in slots), default=0)
    room = max((cell_len(printable(short(s.session.room))) for s in slots), default=0)
    return min(track, max(side - 4, 8)), min(room, side)


def session_option(
    slot: Slot,
    entry: Entry | None,
    clashes: Mapping[str, tuple[str, ...]],
    slot_of: SlotOf,
    short: RoomNames,
    width: int,
    sides: tuple[int, int],
    flagged: bool = False,
) -> Option:
    session = slot.session
    mark, kind = mark_of(entry)
    mark_style = {"later": "$text-muted", "queued": "bold $accent"}.get(kind, "")
    if flagged:  # changed at the schedule's update, unseen: as the session list marks it
        mark, mark_style = f"{FLAG} ", "bold $warning"
    title_style = {"later": "$text-muted", "queued": "bold"}.get(kind, "")
    if session.nothing_to_watch:  # badge pick-up, cloakroom, a cancelled session
        title_style = "$text-disabled"
    clash = slot.id in clashes
    track_w, room_w = sides
    used = WHEN_W + MARK_W + (room_w + 2 if room_w else 0) + (track_w + 2 if track_w else 0)
    title_w = width - used - 2
    parts: list[str | tuple[str, str]] = [
        (f"{when(slot):<{WHEN_W}}", "$text-muted"),
        (mark, mark_style),
        (fit(printable(session.listed_title()), title_w), title_style),
    ]
    parts.append((f"{CLASH} ", "bold $error") if clash else "  ")
    if track_w:
        parts.append(("  " + fit(printable(session.track or ""), track_w), "italic $text-muted"))
    if room_w:
        parts.append(("  " + fit(printable(short(session.room)), room_w), "$text-muted"))
    for other in clashes.get(slot.id, ()):
        other_slot = slot_of(other)
        if other_slot is None:
            continue
        line = f"clashes with {printable(other_slot.session.title)} ({when(other_slot)})"
        parts.append(("\n" + " " * 15 + fit(f"{CLASH} {line}", width - 15), "$error"))
    return Option(Content.assemble(*parts), id=f"slot:{slot.id}")


def nearest_session(rows: Sequence[str | None], index: int) -> int:
    """`index`, or the nearest row with a session (not the "now" line)."""
    sessions = [i for i, row in enumerate(rows) if row is not None]
    return min(sessions, key=lambda i: (abs(i - index), i)) if sessions else index


def day_options(
    slots: Sequence[Slot],
    entries: Mapping[str, Entry],
    clashes: Mapping[str, tuple[str, ...]],
    slot_of: SlotOf,
    short: RoomNames,
    width: int,
    now: datetime.datetime | None,
    empty: str | None,
    flags: Mapping[str, str] | None = None,
) -> tuple[list[Option], list[str | None], int | None]:
    """A day's options, the session id of each (None: not a session), and where the
    "now" line is (given `now`); `empty` says why nothing is shown, if nothing is."""
    sides = side_widths(slots, short, width)
    options: list[Option] = []
    rows: list[str | None] = []
    if not slots and empty:
        options.append(Option(empty, disabled=True))
        rows.append(None)
    now_row = None
    for slot in slots:
        if now is not None and now_row is None and slot.start > now:
            now_row = len(options)
            options.append(now_option(now, width))
            rows.append(None)
        entry = entries.get(slot.id)
        flagged = flags is not None and slot.id in flags
        options.append(session_option(slot, entry, clashes, slot_of, short, width, sides, flagged))
        rows.append(slot.id)
    if now is not None and now_row is None:
        now_row = len(options)
        options.append(now_option(now, width))
        rows.append(None)
    return options, rows, now_row


def now_option(now: datetime.datetime, width: int) -> Option:
    label = f" now {now:%H:%M} "
    rule = "─" * max((width - len(label)) // 2, 2)
    return Option(Content.assemble((f"{rule}{label}{rule}", "bold $error")), disabled=True)


MIN_TITLE = 12  # below this, a title says too little: show fewer sessions, or no rooms


def _now_next_parts(
    found: NowNext, short: RoomNames, counts: tuple[int, int], with_rooms: bool
) -> tuple[list[tuple[str, str]], list[str], list[tuple[bool, int]]]:
    """The line's parts that stay whole, those that may be shortened (titles, rooms),
    and their order ((shortened?, index) each)."""
    fixed: list[tuple[str, str]] = []
    free: list[str] = []
    order: list[tuple[bool, int]] = []

    def add(text: str, style: str = "", *, shorten: bool = False) -> None:
        order.append((shorten, len(free) if shorten else len(fixed)))
        if shorten:
            free.append(text)
        else:
            fixed.append((text, style))

    for (label, slots), count in zip(
        (("Now", found.now), ("Next", found.next)), counts, strict=True
    ):
        if not slots:
            continue
        add(("   " if fixed else "") + f"{label} ", "bold")
        for n, slot in enumerate(slots[:count]):
            add((" · " if n else "") + f"{slot.start:%H:%M} ")
            add(printable(slot.session.title), shorten=True)
            room = printable(short(slot.session.room))
            if room and with_rooms:
                add(" (")
                add(room, shorten=True)
                add(")")
        if len(slots) > count:
            add(f" +{len(slots) - count}", "$text-muted")
    return fixed, free, order


def _choices(found: NowNext) -> list[tuple[tuple[int, int], bool]]:
    """What to try, most first: every session with rooms, ... one of each, no rooms."""
    now, after = len(found.now), len(found.next)
    counts = sorted(
        (
            (i, j)
            for i in range(now, min(now, 1) - 1, -1)
            for j in range(after, min(after, 1) - 1, -1)
        ),
        key=lambda c: (-(c[0] + c[1]), -c[0]),
    )
    return [(c, rooms) for rooms in (True, False) for c in counts]


def now_next_line(found: NowNext, short: RoomNames, width: int) -> Content:
    """`Now 10:00 Title (Room) · …   Next 10:30 Title (Room)` in one line of `width`
    cells: titles and rooms are shortened as needed (none cut below MIN_TITLE cells
    while there is another way: fewer sessions, each group saying how many more, then
    no rooms), never the times or labels."""
    choices = _choices(found)
    for counts, with_rooms in choices:
        fixed, free, order = _now_next_parts(found, short, counts, with_rooms)
        room_left = width - sum(cell_len(text) for text, _ in fixed)
        shortened = squeeze(free, room_left) if room_left >= len(free) else None
        if shortened is None:
            continue
        cut = [cell_len(t) for t, f in zip(shortened, free, strict=True) if t != f]
        if min(cut, default=MIN_TITLE) >= MIN_TITLE or (counts, with_rooms) == choices[-1]:
            break
    else:
        shortened = ["…"] * len(free)
    parts: list[str | tuple[str, str]] = [
        shortened[i] if is_free else fixed[i] for is_free, i in order
    ]
    content = Content.assemble(*parts)
    return content if content.cell_length <= width else content.truncate(width, ellipsis=True)


def view_words(view: View, short: RoomNames, *, grid: bool) -> list[str]:
    """What narrows the day, for the header: "my day", "track Security", "grid"..."""
    words = []
    if view.mine:
        words.append("my day")
    if view.track:
        words.append(f"track {printable(view.track)}")
    if view.room is not None:
        words.append(f"room {printable(short(view.room)) or '(none)'}")
    if view.text.strip():
        words.append(f"“{printable(view.text.strip())}”")
    if grid:
        words.append("grid")
    return words


def title_line(
    timetable: Timetable, day: datetime.date | None, clashes: int, narrowed: list[str]
) -> Content:
    """The header: the day, its number, the zone, the clashes, what narrows the view."""
    parts: list[str | tuple[str, str]] = [("Agenda", "bold $accent")]
    if day is not None:
        number = timetable.days.index(day) + 1
        parts += [
            "  ",
            (f"{day:%a} {day.day} {day:%b %Y}", "bold"),
            f" · day {number} of {len(timetable.days)}",
            f" · {timetable.zone_label()}",
        ]
    if clashes:
        parts.append((f" · ⚠ {clashes} clash{'es' if clashes > 1 else ''}", "bold $error"))
    if narrowed:
        parts.append((" · " + " · ".join(narrowed), "bold $warning"))
    elif timetable and timetable.untimed:
        parts.append((f" · {timetable.untimed} without a time", "$text-muted"))
    return Content.assemble(*parts)


def detail_lines(slot: Slot, entry: Entry | None, width: int, flag: str | None = None) -> Content:
    """The highlighted session: title; speakers, whole room and track; time, plan and
    what the schedule's update changed (`flag`), if it is unseen."""
    session = slot.session
    facts = [session.speaker_names(), session.room, session.track]
    line = " · ".join(printable(f) for f in facts if f)
    status = "not on the watchlist: w adds it"
    if entry is not None and entry.on_watchlist:
        plan = PLAN_LABELS[entry.plan] if entry.plan else "no plan yet"
        status = f"watchlist #{entry.watchlist_pos} · {plan}"
    changed = (f" · {FLAG} {printable(flag)}", "bold $warning") if flag else ""
    last = Content.assemble(f"{when(slot)} · {status}", changed)
    return Content.assemble(
        (fit(printable(session.title), width).rstrip(), "bold"),
        "\n",
        (fit(line, width).rstrip(), "$text-muted"),
        "\n",
        last.truncate(width, ellipsis=True),
    )
