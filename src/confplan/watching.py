"""Watching: where to resume a recording.

`watch_link` is the link `o`, `confplan open` and the playlist export use: the
recording, starting where an in-progress session was left (YouTube reads `t=`
seconds; other hosts' links are given unchanged, and a search is never offset).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from confplan.catalogue.models import Session
from confplan.progress.models import IN_PROGRESS, Entry

_YOUTUBE = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"})
_YOUTU_BE = frozenset({"youtu.be", "www.youtu.be"})


# -- resuming --------------------------------------------------------------------


def resume_position(entry: Entry | None) -> int | None:
    """Where to resume, in seconds: only for a session in progress, past its start."""
    if entry is None or entry.status != IN_PROGRESS or not entry.position_s:
        return None
    return entry.position_s if entry.position_s > 0 else None


def at_position(url: str, seconds: int) -> str | None:
    """`url` starting at `seconds`, for a host whose links can say so (YouTube:
    `t=` on a video or live link, `start=` on an embedded player); None for others."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host in _YOUTU_BE and parts.path.strip("/"):
        name = "t"
    elif host in _YOUTUBE and parts.path.startswith("/embed/"):
        name = "start"
    elif host in _YOUTUBE and (
        (parts.path == "/watch" and "v=" in parts.query) or parts.path.startswith("/live/")
    ):
        name = "t"
    else:
        return None
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    params.append((name, str(int(seconds))))
    return urlunsplit(parts._replace(query=urlencode(params)))


@dataclass(frozen=True, slots=True)
class WatchLink:
    """The link to open for a session, and what it is."""

    url: str
    is_video: bool  # False: only a search for the recording
    position_s: int | None  # where the link starts, when it starts past 0
    saved_position_s: int | None  # where the user stopped (even if the link cannot say)

    @property
    def what(self) -> str:
        return "recording" if self.is_video else "search"


def watch_link(session: Session, entry: Entry | None) -> WatchLink | None:
    """The recording (or search) link for `session`, at the saved position if it is
    in progress and the host can start there; None if there is no link at all."""
    recording = session.recording
    if recording is None:
        return None
    saved = resume_position(entry)
    if saved is not None and recording.is_video:
        resumed = at_position(recording.url, saved)
        if resumed is not None:
            return WatchLink(resumed, True, saved, saved)
    return WatchLink(recording.url, recording.is_video, None, saved)
