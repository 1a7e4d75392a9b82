"""The build's own checks, as lines to print."""

from __future__ import annotations

import collections
from typing import Any

from archive import build, themes


def lines(document: dict[str, Any], made: dict[str, Any]) -> list[str]:
    out = [f"checked facts win: {line}" for line in made["report"]]
    out += made["same_report"]
    out += speaker_lines(document, made)
    out += recording_lines(document)
    out += theme_lines(document)
    out += made.get("schedule_report", [])
    out += made.get("length_report", [])
    return out


def speaker_lines(document: dict[str, Any], made: dict[str, Any]) -> list[str]:
    found = build.suspicious_speakers(document, made["known"])
    explained = made["curation"].get("speakers") or {}
    with_speakers = sum(1 for s in document["sessions"] if s.get("track") and s.get("speakers"))
    out = [
        f"suspicious speakers: {len(found)} of {with_speakers} sessions with speakers "
        f"({100 * len(found) / max(with_speakers, 1):.2f}%)"
    ]
    for session_id, reasons in sorted(found.items()):
        why = explained.get(session_id, "UNEXPLAINED")
        out.append(f"  {session_id}: {'; '.join(reasons)} -- {why}")
    return out


def recording_lines(document: dict[str, Any]) -> list[str]:
    counts = build.tier_counts(document)
    conferences = sorted({c for c, _ in counts})
    out = ["recordings per edition (high / medium / low / search / none):"]
    for conference in conferences:
        row = [counts[(conference, t)] for t in ("high", "medium", "low", "search", "none")]
        out.append(f"  {conference}: {' / '.join(map(str, row))}")
    totals = collections.Counter()
    for (_, tier), n in counts.items():
        totals[tier] += n
    videos = totals["high"] + totals["medium"] + totals["low"]
    out.append(
        f"  all: {videos} with a video (high {totals['high']}, medium {totals['medium']}, "
        f"low {totals['low']}), {totals['search']} search only"
    )
    return out


def theme_lines(document: dict[str, Any]) -> list[str]:
    watch = [s for s in document["sessions"] if themes.watchable(s)]
    missing = [s for s in watch if not s.get("themes")]
    per: collections.Counter[str] = collections.Counter(s["conference"] for s in missing)
    share = 100 * len(missing) / max(len(watch), 1)
    out = [f"sessions to watch without a theme: {len(missing)} of {len(watch)} ({share:.1f}%)"]
    out += [f"  {c}: {n}" for c, n in sorted(per.items())]
    return out
