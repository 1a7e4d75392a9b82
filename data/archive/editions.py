"""The twelve editions: their id prefixes, event ids and conference records."""

from __future__ import annotations

import datetime
from typing import Any

# Sched edition -> (session id prefix, event id stem, time zone of the venue).
# eu24 and na23 are the prefixes of the bundled catalogue: their ids must not change.
EDITIONS: dict[str, tuple[str, str, str | None]] = {
    "kccnceu2021": ("eu21", "eu2021", None),  # virtual
    "kccncna2021": ("na21", "na2021", "America/Los_Angeles"),
    "kccnceu2022": ("eu22", "eu2022", "Europe/Madrid"),
    "kccncna2022": ("na22", "na2022", "America/Detroit"),
    "kccnceu2023": ("eu23", "eu2023", "Europe/Amsterdam"),
    "kccncna2023": ("na23", "na2023", "America/Chicago"),
    "kccnceu2024": ("eu24", "eu2024", "Europe/Paris"),
    "kccncna2024": ("na24", "na2024", "America/Denver"),
    "kccncchn2025": ("cn25", "cn2025", "Asia/Hong_Kong"),
    "kccnceu2025": ("eu25", "eu2025", "Europe/London"),
    "kccncna2025": ("na25", "na2025", "America/New_York"),
    "kccnceu2026": ("eu26", "eu2026", "Europe/Amsterdam"),
}
# The source gives China 2025 only its year; the dates are the event's own.
KNOWN_DATES = {"kccncchn2025": ("2025-06-10", "2025-06-11")}


def prefix(conference: str) -> str:
    return EDITIONS[conference][0]


def event_stem(conference: str) -> str:
    return EDITIONS[conference][1]


def time_zone(conference: str) -> str | None:
    return EDITIONS[conference][2]


def conference_record(row: dict[str, Any]) -> dict[str, Any]:
    """The conference entry of an edition, from any of its source rows."""
    conference = row["event_id"]
    start, _, end = row["event_date"].partition("/")
    start, end = KNOWN_DATES.get(conference, (start, end))
    record: dict[str, Any] = {
        "id": conference,
        "name": row["event"].split(" - ")[0].strip(),
        "start": datetime.date.fromisoformat(start),
        "end": datetime.date.fromisoformat(end),
        "city": row["city"],
        "country": row["country"],
        "url": f"https://{conference}.sched.com/",
    }
    zone = time_zone(conference)
    if zone:
        record["time_zone"] = zone
    return record


def year_and_city(conference: str, conferences: dict[str, dict[str, Any]]) -> tuple[str, str]:
    record = conferences[conference]
    return str(record["start"])[:4], str(record["city"])
