"""What the main screen's header and the sessions pane's border say, from the
planner's state: the counts always whole, the catalogue's title in the room left;
what the filter matched before how the list is sorted."""

from __future__ import annotations

from textual.content import Content

from confplan.agenda import clash_count
from confplan.planner.state import SCOPE_NAMES, PlannerState
from confplan.planner.tallies import TRACK, edition_name
from confplan.progress.models import IN_PROGRESS, UNWATCHED, WATCHED
from confplan.text import clip, printable
from confplan.tui.widgets.fitting import first_fitting

NAME = "confplan"


def _room(width: int, tallies: list[tuple[str, str]]) -> int:
    return width - len(NAME) - sum(len(t) + 2 for t, _ in tallies) - 5


def header(state: PlannerState, width: int) -> Content:
    """The header: name, scope, catalogue title and the counts, in `width` cells."""
    counts = state.counts()
    tallies = [
        (f"● {counts[WATCHED]} watched", "$success"),
        (f"◐ {counts[IN_PROGRESS]} in progress", "$warning"),
        (f"○ {counts[UNWATCHED]} to go", "$text-muted"),
    ]
    room = _room(width, tallies)
    if room < 8:  # narrow: the counts alone, in short
        tallies = [(" ".join(t.split(" ")[:2]), style) for t, style in tallies]
        room = _room(width, tallies)
    scope = SCOPE_NAMES[state.scope]
    if state.conference is not None:  # the edition shown
        scope += f" · {edition_name(state.catalogue, state.conference)}"
    scope += f" · {len(state.in_scope())}"
    room -= len(scope) + 3
    clashes = clash_count(state.clashes())
    if clashes:
        tallies.insert(0, (f"⚠ {clashes} clash{'es' if clashes > 1 else ''}", "bold $error"))
        room -= len(tallies[0][0]) + 2
    title = clip(printable(state.catalogue.title), max(room, 0))
    parts: list[str | tuple[str, str]] = [(NAME, "bold $accent"), "  ", (scope, "bold")]
    parts += ["  ", title, "  "]
    for text, style in tallies:
        parts += [" ", (text, style), " "]
    return Content.assemble(*parts)


def sessions_titles(state: PlannerState, sort_key: str, room: int) -> tuple[Content, Content]:
    """The sessions pane's border title (what is listed) and subtitle (how many, what
    the filter matched, the sort and its key), the subtitle fitted to `room` cells."""
    where = "All themes"
    if state.theme and state.theme.startswith(TRACK):
        where = f"track {state.theme.removeprefix(TRACK)}"
    elif state.theme:
        theme = state.catalogue.themes.get(state.theme)
        where = theme.name if theme else state.theme
    shown = f"{len(state.view)} of {len(state.in_scope())}"
    sort = f"sort: {state.sort} ({sort_key})"
    matching = f" matching “{clip(printable(state.text), 30)}”" if state.text else ""
    subtitle = first_fitting(
        (
            f"{shown}{matching} · {sort}",
            f"{shown}{matching} · {state.sort}",
            f"{shown}{matching}",
            f"{shown} · {state.sort}",
        ),
        room,
    )
    return Content(f"Sessions · {printable(where)}"), Content(subtitle)
