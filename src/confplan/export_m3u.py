"""The playlist export: the selected sessions' recordings as an extended M3U file.

One entry per session with a known recording (a search is no video to play):
`#EXTINF:SECONDS,TITLE` (-1 when the length is unknown), then the link. A session
in progress starts where it was left, said the two ways players read it: VLC's
`#EXTVLCOPT:start-time=SECONDS` before the link, and YouTube's own `t=` in the
link (which mpv and others pass on to YouTube). Sessions without a recording are
left out (`skipped`). Written as UTF-8, which `.m3u8` names and players read.
"""

from __future__ import annotations

from confplan.catalogue.models import Session
from confplan.export_selection import Export
from confplan.progress.models import Entry
from confplan.text import is_safe_url, printable
from confplan.watching import resume_position, watch_link


def _playable(session: Session, entry: Entry | None) -> str | None:
    """The link a player opens for the session, or None (no recording, a search,
    or a link that is not plain http(s))."""
    link = watch_link(session, entry)
    if link is None or not link.is_video or not is_safe_url(link.url):
        return None
    return link.url


def skipped(export: Export) -> int:
    """How many selected sessions have no recording to play (and are not in the list)."""
    return sum(1 for session, entry in export.rows if _playable(session, entry) is None)


def _title(session: Session) -> str:
    """One line, nothing a terminal or the format would act on (a line break would
    end the entry early)."""
    title = " ".join(printable(session.title).split())
    names = " ".join(printable(session.speaker_names()).split())
    return f"{title} ({names})" if names else title


def to_m3u(export: Export) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{' '.join(printable(export.catalogue.title).split())}"]
    for session, entry in export.rows:
        url = _playable(session, entry)
        if url is None:
            continue
        seconds = session.duration_min * 60 if session.duration_min else -1
        lines.append(f"#EXTINF:{seconds},{_title(session)}")
        start = resume_position(entry)
        if start is not None:
            lines.append(f"#EXTVLCOPT:start-time={start}")
        lines.append(url)
    return "\n".join(lines) + "\n"
