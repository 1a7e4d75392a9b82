"""What kind of session a programme entry is, and which event of its edition holds it."""

from __future__ import annotations

import re

from archive.editions import event_stem

KEYNOTE_TRACKS = {"Keynote Sessions"}
MAINTAINER_TRACKS = {"Maintainer Track", "Maintainer Track Sessions"}
COLOCATED_TRACKS = {
    "CNCF-hosted Co-located Events",
    "Sponsor-hosted Co-located Event",
    "Sponsor-hosted Co-located Events",
    "Sponsor Hosted Co-Located Event",
    "Co-located Event",
    "Co-Located Events",
}
LOGISTICS_TRACKS = {"Registration", "Badge Pick-Up", "Badge Pick-up", "COVID-19 Test Kit Pick-Up"}
LIGHTNING_TRACKS = {"⚡ Lightning Talks", "Lightning Talks"}
WORKSHOP_TRACKS = {
    "Tutorials",
    "📚 Tutorials",
    "🚨 Contribfest",
    "🚨 ContribFest",
    "ContribFest",
    "Project Working Sessions",
}
OTHER_TRACKS = {
    "Solutions Showcase",
    "Office Hours",
    "Project Office Hours",
    "🪧 Poster Sessions",
    "Birds of a Feather",
    "Hackathon",
    "Project Opportunities",
    "Project Meeting",
    "Wellness",
    "Wellness Activities",
    "Interactive Sessions",
    "Capture The Flag",
    "Daily Wrap Up",
    "Sponsored Demos",
}
ACTIVITIES = re.compile(
    r"relaxation station|laughter|\byoga\b|meditation|fun run|morning run|happy hour|"
    r"\bmeetup\b|networking (event|reception|lounge)|open space|capture the flag|"
    r"office hours|\bama\b|town hall|learning lounge$|project working sessions$|"
    r"^friday keynote sessions$|(opening|closing|introductory) remarks$|"
    r"^project lightning talks?: (opening|closing)",
    re.I,
)
CANCELLED = re.compile(r"\bcancel+ed\b", re.I)
LOGISTICS = re.compile(
    r"^(badge pick-?up|cloakroom|coat \+ bag check|solutions showcase|registration|"
    r"lunch|breakfast|coffee break|break|quiet room|prayer room|lactation room)\b|"
    r"\bkiosks?\b|^project pavilion\b|\bbooth crawl\b|test kit pick-?up",
    re.I,
)


def session_kind(title: str, track: str) -> str:
    lowered = title.casefold()
    if CANCELLED.search(title):
        return "cancelled"
    if track in LOGISTICS_TRACKS or LOGISTICS.search(title):
        return "logistics"
    if track in COLOCATED_TRACKS:
        return "co-located"
    if ACTIVITIES.search(title):
        return "other"
    if track in KEYNOTE_TRACKS or lowered.startswith(("keynote", "sponsored keynote")):
        return "keynote"
    if track in MAINTAINER_TRACKS:
        return "maintainer"
    if track in LIGHTNING_TRACKS or "lightning talk" in lowered:
        return "lightning"
    if track in WORKSHOP_TRACKS or lowered.startswith(("tutorial", "🚨 contribfest")):
        return "workshop"
    if re.search(r"\bfireside\b", lowered):
        return "fireside-chat"
    if re.search(r"\bpanel\b", lowered):
        return "panel"
    if track in OTHER_TRACKS:
        return "other"
    return "talk"


def event_for(conference: str, track: str) -> str:
    stem = event_stem(conference)
    if track in KEYNOTE_TRACKS:
        return f"{stem}-keynotes"
    if track in COLOCATED_TRACKS:
        return f"{stem}-colocated-programme"
    return f"{stem}-main"


def events_of(conference: str, city: str, year: str) -> list[dict[str, str]]:
    """The three events every edition's programme is filed under."""
    stem, place = event_stem(conference), f"{city} {year}"
    return [
        {"id": f"{stem}-keynotes", "conference": conference, "name": f"Keynotes ({place})",
         "kind": "keynote"},
        {"id": f"{stem}-main", "conference": conference,
         "name": f"KubeCon {place} breakout sessions", "kind": "main"},
        {"id": f"{stem}-colocated-programme", "conference": conference,
         "name": f"Co-located events in the main schedule ({place})", "kind": "co-located"},
    ]  # fmt: skip
