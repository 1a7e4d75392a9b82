"""A small catalogue for the watch flow (up next, playlists): lengths known, estimated
and unknown, a recording on YouTube, one elsewhere, a search, and entries that are
nothing to watch."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import MINI, write_catalogue


def _session(
    sid: str,
    title: str,
    minutes: int | None,
    *,
    kind: str = "talk",
    url: str | None = None,
    recording: str = "video",
    estimate: bool = False,
    recommended: int = 0,
) -> str:
    lines = [
        f"  - id: {sid}",
        f"    title: {title!r}",
        "    conference: conf",
        "    event: main",
        f"    kind: {kind}",
    ]
    if minutes is not None:
        lines.append(f"    duration_min: {minutes}")
        if estimate:
            lines.append("    duration_source: estimate")
    if url is not None:
        lines += ["    recording:", f"      kind: {recording}", f"      url: {url}"]
        if recording == "video":
            lines.append("      confidence: high")
    if recommended:
        lines.append("    recommended_by:")
        lines += [
            f"      - {{recap: r1, lines: [1, 1], why: reason {n}}}" for n in range(recommended)
        ]
    return "\n".join(lines) + "\n"


SESSIONS = [
    _session("long", "A long one", 60, url="https://www.youtube.com/watch?v=LONG"),
    _session("half", "Half an hour", 30, url="https://youtu.be/HALF"),
    _session("guess", "Guessed length", 10, url="https://vimeo.com/1", estimate=True),
    _session(
        "mystery",
        "Length unknown",
        None,
        url="https://www.youtube.com/results?q=x",
        recording="search",
    ),
    _session("short", 'Short, "quoted" #1', 5, url="https://www.youtube.com/watch?v=SHORT"),
    _session("badge", "Badge pick-up", 30, kind="logistics"),
    _session("hot", "Most recommended", 20, url="https://youtu.be/HOT", recommended=3),
    _session("warm", "Recommended once", 15, recommended=1),
]


def watch_catalogue(folder: Path) -> Path:
    return write_catalogue(folder, MINI + "".join(SESSIONS))
