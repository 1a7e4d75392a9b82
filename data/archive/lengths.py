"""How long sessions are: the schedule's slot for EU 2026, an estimate from the length
of the matched video's transcript for 2021-2024.

The rate (characters of transcript per minute of video) is measured on the videos whose
length is known: the 27 of the Observability Day 2025 playlist dump, each with its
duration and its transcript's length. docs/catalogue.md gives the rate, how the
estimate was checked and the error measured.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

PLAYLIST = Path(
    "external-data/kubecon-catalog-2021-2026/cncf-playlist-sync-observability-day-2025-europe.json"
)
MIN_CHARS = 300  # shorter "transcripts" are captions of a title card, not a talk


def measured(shared: Path) -> list[tuple[int, float]]:
    """(transcript characters, video minutes) of every video whose length is known."""
    videos = json.loads((shared / PLAYLIST).read_text(encoding="utf-8"))
    return [
        (v["transcript_chars"], v["video"]["duration"] / 60)
        for v in videos
        if v.get("transcript_chars") and v["video"].get("duration")
    ]


def rate_of(pairs: list[tuple[int, float]]) -> float:
    return statistics.median(chars / minutes for chars, minutes in pairs)


def leave_one_out(pairs: list[tuple[int, float]]) -> list[float]:
    """The error in minutes of each video's estimate from a rate measured without it."""
    errors = []
    for i, (chars, minutes) in enumerate(pairs):
        rate = rate_of(pairs[:i] + pairs[i + 1 :])
        errors.append(chars / rate - minutes)
    return errors


def estimate(chars: int, rate: float) -> int | None:
    return max(1, round(chars / rate)) if chars >= MIN_CHARS else None


def lay_on(sessions: list[dict[str, Any]], transcripts: dict[str, int], shared: Path) -> list[str]:
    """An estimated length for each session without one whose video (by YouTube id)
    has a transcript; the report lines: rate, error and coverage."""
    pairs = measured(shared)
    rate = rate_of(pairs)
    for session in sessions:
        record = session.get("recording") or {}
        chars = transcripts.get(str(record.get("url", "")).rpartition("v=")[2])
        if "duration_min" in session or not chars or record.get("kind") != "video":
            continue
        minutes = estimate(chars, rate)
        if minutes:
            session["duration_min"] = minutes
            session["duration_source"] = "estimate"
    errors = [abs(e) for e in leave_one_out(pairs)]
    relative = [abs(e) / m for e, (_, m) in zip(leave_one_out(pairs), pairs, strict=True)]
    videos = [s for s in sessions if (s.get("recording") or {}).get("kind") == "video"]
    timed = [s for s in videos if "duration_min" in s]
    return [
        f"lengths: rate {rate:.0f} transcript characters a minute (median of {len(pairs)} "
        f"videos of known length); leave-one-out error median {statistics.median(errors):.1f} "
        f"min, max {max(errors):.1f} min, median {100 * statistics.median(relative):.0f}%",
        f"lengths: {sum('duration_min' in s for s in sessions)} sessions have one "
        f"({sum(s.get('duration_source') == 'schedule' for s in sessions)} from the schedule, "
        f"{sum(s.get('duration_source') == 'estimate' for s in sessions)} estimated); "
        f"{len(timed)} of the {len(videos)} with a video ({100 * len(timed) / len(videos):.0f}%)",
    ]
