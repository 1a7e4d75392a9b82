"""The archive document: every edition's programme, checked, with the recaps laid over."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import yaml
from build_programmes import lay_over, merge, read_jsonl, sched_code

from archive import editions, kinds, lengths, recordings, schedule, speakers, themes

SOURCE = Path("external-data/kubecon-catalog-2021-2026")
KEY_ORDER = [
    "id", "title", "official_title", "title_is_descriptive", "speakers", "conference",
    "event", "kind", "date", "start", "duration_min", "duration_source", "themes", "track",
    "room", "schedule_url", "slides_url", "recording", "recommended_by", "abstract", "notes",
    "source_id", "aliases",
]  # fmt: skip


def ordered(session: dict[str, Any]) -> dict[str, Any]:
    return {key: session[key] for key in KEY_ORDER if key in session}


def read_inputs(here: Path, shared: Path) -> dict[str, Any]:
    def load(name: str) -> Any:
        return yaml.safe_load((here / name).read_text(encoding="utf-8"))

    return {
        "recaps": load("recaps.yaml"),
        "programme_themes": load("programme-themes.yaml"),
        "archive_themes": load("archive-themes.yaml"),
        "curation": load("archive-curation.yaml"),
        "rows": read_jsonl(shared / SOURCE / "kubecon-all-tracks-sessions.derived.jsonl"),
        "matches": read_jsonl(shared / SOURCE / "youtube-enrichment-kubecon.jsonl"),
    }


def candidates(
    rows: list[dict[str, Any]], matches: list[dict[str, Any]], titles: dict[str, str],
    names: dict[str, list[str]], conferences: dict[str, dict[str, Any]],
) -> dict[str, recordings.Candidate]:  # fmt: skip
    by_note = {m["note_file"]: m for m in matches}
    found = {}
    for row in rows:
        match = by_note.get(row["note_file"]) or {}
        video = match.get("youtube_id") or row.get("youtube_id")
        if not video:
            continue
        year, city = editions.year_and_city(row["event_id"], conferences)
        found[row["note_file"]] = recordings.Candidate(
            key=row["note_file"],
            conference=row["event_id"],
            year=year,
            city=city,
            title=titles[row["note_file"]],
            speakers=names[row["note_file"]],
            video=video,
            video_title=match.get("youtube_title") or None,
            score=match.get("video_match_score"),
        )
    return found


def programme(inputs: dict[str, Any], conferences: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The programme sessions by source note, and what the checks found on the way."""
    rows = inputs["rows"]
    known = speakers.learn(r["title_h1"] for r in rows)
    order = [t["id"] for t in inputs["recaps"]["themes"]]
    order += [t["id"] for t in inputs["archive_themes"].get("themes") or []]
    rules = themes.archive_rules(inputs["programme_themes"], inputs["archive_themes"], order)
    parsed = {}
    for row in rows:
        title, line = speakers.split_title(row["title_h1"], known)
        parsed[row["note_file"]] = (title, speakers.parse(line, known))
    videos = candidates(
        rows, inputs["matches"], {k: v[0] for k, v in parsed.items()},
        {k: [p["name"] for p in v[1]] for k, v in parsed.items()}, conferences,
    )  # fmt: skip
    verdicts = recordings.check(list(videos.values()))
    sessions = []
    for row in rows:
        conference, track = row["event_id"], row.get("track") or "Unclassified"
        title, people = parsed[row["note_file"]]
        session: dict[str, Any] = {
            "id": f"{editions.prefix(conference)}-{sched_code(row['sched_url'])}",
            "title": title,
        }
        if people:
            session["speakers"] = people
        session["conference"] = conference
        session["event"] = kinds.event_for(conference, track)
        session["kind"] = kinds.session_kind(title, track)
        found = rules.themes(title, track)
        if found:
            session["themes"] = found
        session["track"] = track
        session["schedule_url"] = row["sched_url"]
        slides = [s for s in row.get("slides") or [] if isinstance(s, str)]
        if slides:
            session["slides_url"] = slides[0]
        key = row["note_file"]
        record = recordings.recording(
            videos.get(key), verdicts.get(key), row.get("youtube_search_url")
        )
        if record:
            session["recording"] = record
        sessions.append(session)
    return {"sessions": sessions, "known": known, "verdicts": verdicts, "videos": videos}


def same_sessions(
    sessions: list[dict[str, Any]], curation: dict[str, Any], report: list[str]
) -> list[dict[str, Any]]:
    """The pairs known to be one session made one, the programme's id kept as an alias."""
    by_id = {s["id"]: s for s in sessions}
    gone = set()
    for pair in curation.get("same_session") or []:
        ours, alias = by_id.get(pair["id"]), by_id.get(pair["alias"])
        if ours is None or alias is None:
            report.append(f"same session: {pair['id']} or {pair['alias']} is missing")
            continue
        merged = merge(ours, alias)
        merged["aliases"] = [*ours.get("aliases", []), pair["alias"]]
        by_id[pair["id"]] = merged
        gone.add(pair["alias"])
        report.append(f"same session: {pair['alias']} is now an alias of {pair['id']}")
    return [by_id[s["id"]] for s in sessions if s["id"] not in gone]


def build(here: Path, shared: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The archive document, and what its checks found (for the build's report)."""
    inputs = read_inputs(here, shared)
    recaps = inputs["recaps"]
    conferences = {c["id"]: c for c in recaps["conferences"]}
    for row in inputs["rows"]:
        if row["event_id"] not in conferences:
            conferences[row["event_id"]] = editions.conference_record(row)
    made = programme(inputs, conferences)
    sessions, report = lay_over(recaps["sessions"], made["sessions"])
    made["same_report"] = []
    sessions = same_sessions(sessions, inputs["curation"], made["same_report"])
    made["schedule_report"] = schedule.lay_on(sessions, shared, made["known"])
    transcripts = {
        m["youtube_id"]: m["transcript_chars"]
        for m in inputs["matches"]
        if m.get("youtube_id") and m.get("transcript_chars")
    }
    made["length_report"] = lengths.lay_on(sessions, transcripts, shared)
    made.update(report=report, curation=inputs["curation"], rows=inputs["rows"])
    events = list(recaps["events"])
    known_events = {e["id"] for e in events}
    order = sorted(conferences, key=lambda c: (str(conferences[c]["start"]), c))
    for conference in order:
        year, city = editions.year_and_city(conference, conferences)
        events += [
            e for e in kinds.events_of(conference, city, year) if e["id"] not in known_events
        ]
    document = {
        "format_version": recaps["format_version"],
        # the id progress is saved under: the same as when two editions were bundled
        "id": recaps["id"],
        "title": "KubeCon 2021-2026: every programme, with the recaps' picks",
        "description": (
            f"Every session of the twelve KubeCon + CloudNativeCon editions of 2021-2026 "
            f"({len(inputs['rows'])} in the programmes: Europe and North America each year, "
            "China 2025), with the sessions that five published previews and recaps point "
            "readers to laid over them."
        ),
        "conferences": [conferences[c] for c in order],
        "events": events,
        "recaps": recaps["recaps"],
        "themes": [*recaps["themes"], *(inputs["archive_themes"].get("themes") or [])],
        "sessions": [ordered(s) for s in sessions],
    }
    return document, made


def suspicious_speakers(
    document: dict[str, Any], known: speakers.Knowledge
) -> dict[str, list[str]]:
    found = {}
    for session in document["sessions"]:
        if session.get("track"):
            reasons = speakers.suspicious(session, known)
            if reasons:
                found[session["id"]] = reasons
    return found


def tier_counts(document: dict[str, Any]) -> collections.Counter[tuple[str, str]]:
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for session in document["sessions"]:
        record = session.get("recording") or {}
        counts[
            (session["conference"], record.get("confidence") or record.get("kind") or "none")
        ] += 1
    return counts
