"""Catalogues for benchmarks: synthetic ones of any size, and the real KubeCon catalogue.

    python benchmarks/catalogues.py synthetic 10000 OUT_DIR
    python benchmarks/catalogues.py kubecon OUT_DIR [JSONL]

Both write OUT_DIR/catalogue.yaml (block-style YAML, as a person would write
it) and the recap file its recommendations cite. Synthetic catalogues are
deterministic for a given size and seed: titles, names, abstracts and field
sizes are modelled on real conference schedules.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KUBECON_JSONL = (
    HERE.parent.parent
    / "shared"
    / "external-data"
    / "kubecon-catalog-2021-2026"
    / "kubecon-all-tracks-sessions.derived.jsonl"
)

WORDS = (
    "kubernetes cluster platform engineering observability security supply chain runtime "
    "service mesh gateway api operator controller scheduling autoscaling gpu inference "
    "training pipeline gitops policy webassembly ebpf networking storage database backup "
    "multi-tenancy cost efficiency sustainability developer experience portal backstage "
    "opentelemetry tracing metrics logging incident reliability chaos testing release "
    "migration edge telco batch serverless eventing dapr knative argo flux helm crossplane"
).split()
FIRST = (
    "Ana Bruno Chen Dana Émile Farah Gustavo Hiroshi Ines Jonas Kavya Lucía Mateo Nadia "
    "Olusegun Priya Quentin Rasmus Søren Tomás Uma Vikram Wen Xavier Yara Zoë Åsa Łukasz"
).split()
LAST = (
    "Okafor Müller Tanaka Rossi Novak Haddad Silva Kowalski Nguyen Andersen García Dubois "
    "Šimić O'Brien Patel Kim Johansson Costa Ivanova Fischer Moreau Yılmaz Ortega Lindqvist"
).split()
COMPANIES = (
    "Acme Cloud|Red Hat|Google|Microsoft|AWS|Isovalent|Grafana Labs|Spotify|SAP SE|"
    "Deutsche Bahn|Intuit|Datadog|Independent|CERN|Shopify|Adobe|Elastic|Upbound|Syntasso|"
    "VMware|NVIDIA|Chainguard|The LEGO Group|NatWest|Bloomberg"
).split("|")
KINDS = ("talk", "talk", "talk", "talk", "panel", "lightning", "keynote", "workshop")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def synthetic(n: int, seed: int = 2024) -> tuple[dict[str, Any], str]:
    """A catalogue document of `n` sessions and the recap text it cites."""
    rng = random.Random(seed * 1_000_003 + n)
    conferences = [
        {
            "id": "synth-eu",
            "name": "Synthetic Conference Europe",
            "start": "2025-03-18",
            "end": "2025-03-21",
            "city": "Lyon",
            "country": "France",
        },
        {
            "id": "synth-na",
            "name": "Synthetic Conference North America",
            "start": "2025-11-10",
            "end": "2025-11-13",
            "city": "Denver",
            "country": "United States",
        },
    ]
    events = []
    for conf in conferences:
        events.append(
            {
                "id": f"{conf['id']}-keynotes",
                "conference": conf["id"],
                "name": "Keynotes",
                "kind": "keynote",
            }
        )
        for track in range(12):
            events.append(
                {
                    "id": f"{conf['id']}-track-{track}",
                    "conference": conf["id"],
                    "name": f"{_sentence(rng, 1, 3)} track",
                    "kind": "main",
                }
            )
        events.append(
            {
                "id": f"{conf['id']}-colo",
                "conference": conf["id"],
                "name": "Co-located day",
                "kind": "co-located",
                "date": conf["start"],
            }
        )
    themes = [
        {
            "id": f"theme-{i}",
            "name": _sentence(rng, 1, 3),
            "description": _sentence(rng, 8, 16) + ".",
        }
        for i in range(20)
    ]
    recaps = [
        {
            "id": "synth-recap",
            "title": "A long synthetic recap",
            "conference": "synth-eu",
            "kind": "recap",
            "file": "recap.txt",
            "author": "Benchmark Author",
        }
    ]
    recap_lines = [_sentence(rng, 10, 30) + "." for _ in range(400)]
    sessions = []
    for i in range(n):
        conf = conferences[i % 2]
        event = rng.choice([e for e in events if e["conference"] == conf["id"]])
        speakers = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):
            speaker = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}
            if rng.random() < 0.9:
                speaker["affiliation"] = rng.choice(COMPANIES)
            speakers.append(speaker)
        day = 18 + rng.randint(0, 3) if conf["id"] == "synth-eu" else 10 + rng.randint(0, 3)
        month = "03" if conf["id"] == "synth-eu" else "11"
        session: dict[str, Any] = {
            "id": f"s{i:06d}",
            "title": _sentence(rng, 4, 14),
            "speakers": speakers,
            "conference": conf["id"],
            "event": event["id"],
            "kind": rng.choice(KINDS),
            "date": f"2025-{month}-{day:02d}",
            "duration_min": rng.choice((5, 15, 25, 30, 35, 40, 45, 90)),
            "themes": sorted({f"theme-{rng.randrange(20)}" for _ in range(rng.randint(1, 3))}),
            "schedule_url": f"https://{conf['id']}.example.org/event/{i:06d}",
            "abstract": " ".join(_sentence(rng, 8, 20) + "." for _ in range(rng.randint(2, 6))),
        }
        if rng.random() < 0.6:
            video = hashlib.sha1(f"{seed}-{i}".encode()).hexdigest()[:11]
            session["recording"] = {
                "kind": "video",
                "url": f"https://www.youtube.com/watch?v={video}",
                "confidence": rng.choice(("high", "medium", "low")),
            }
        else:
            session["recording"] = {
                "kind": "search",
                "url": f"https://www.youtube.com/results?search_query=s{i}",
            }
        if rng.random() < 0.05:
            start = rng.randint(1, 390)
            session["recommended_by"] = [
                {
                    "recap": "synth-recap",
                    "lines": [start, start + 2],
                    "why": _sentence(rng, 8, 16) + ".",
                }
            ]
        sessions.append(session)
    document = {
        "format_version": 1,
        "id": f"synthetic-{n}",
        "title": f"Synthetic catalogue of {n:,} sessions",
        "conferences": conferences,
        "events": events,
        "recaps": recaps,
        "themes": themes,
        "sessions": sessions,
    }
    return document, "\n".join(recap_lines) + "\n"


# -- the real KubeCon catalogue -------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _split_speakers(title_h1: str, names: list[str]) -> tuple[str, list[dict[str, str]]]:
    """'Title - A & B, Company; C, Other' -> ('Title', speakers)."""
    if " - " not in title_h1 or not names:
        return title_h1, []
    title, _, tail = title_h1.rpartition(" - ")
    if not any(name in tail for name in names):
        return title_h1, []
    speakers: list[dict[str, str]] = []
    for group in tail.split(";"):
        group = group.strip()
        people, _, company = group.rpartition(", ")
        if not people:
            people, company = group, ""
        for person in people.split(" & "):
            name = person.split(",")[0].strip()
            if name:
                entry = {"name": name}
                if company:
                    entry["affiliation"] = company.strip()
                speakers.append(entry)
    return title.strip(), speakers


def kubecon(jsonl: Path = KUBECON_JSONL) -> tuple[dict[str, Any], str]:
    """The 4,865-session KubeCon catalogue (2021-2026) as a confplan catalogue."""
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line]
    shared_ids = Counter(r["youtube_id"] for r in rows if r.get("youtube_id"))
    conferences: dict[str, dict[str, Any]] = {}
    events: dict[str, dict[str, Any]] = {}
    themes: dict[str, dict[str, Any]] = {}
    sessions = []
    seen: set[str] = set()
    for row in rows:
        cid = row["event_id"]
        if cid not in conferences:
            dates = row["event_date"].split("/")
            start, end = (
                (dates + dates)[:2]
                if "-" in dates[0]
                else (f"{dates[0]}-01-01", f"{dates[0]}-12-31")
            )
            conferences[cid] = {
                "id": cid,
                "name": row["event"].split(" - ")[0],
                "start": start,
                "end": end,
                "city": row.get("city"),
                "country": row.get("country"),
            }
        track = row.get("track") or "Sessions"
        eid = f"{cid}-{_slug(track)}"
        if eid not in events:
            kind = (
                "keynote"
                if "keynote" in track.lower()
                else ("co-located" if "co-located" in track.lower() else "main")
            )
            events[eid] = {"id": eid, "conference": cid, "name": track, "kind": kind}
        theme_ids = []
        for theme in row.get("themes") or []:
            tid = _slug(theme)
            themes.setdefault(tid, {"id": tid, "name": theme})
            theme_ids.append(tid)
        match = re.search(r"/event/([A-Za-z0-9]+)", row.get("sched_url") or "")
        sid = f"{cid}-{match.group(1)}" if match else f"{cid}-{_slug(row['title_h1'])[:40]}"
        base, k = sid, 2
        while sid in seen:
            sid, k = f"{base}-{k}", k + 1
        seen.add(sid)
        title, speakers = _split_speakers(row["title_h1"], row.get("speakers") or [])
        session: dict[str, Any] = {
            "id": sid,
            "title": title or row["title_h1"],
            "speakers": speakers,
            "conference": cid,
            "event": eid,
            "kind": "keynote"
            if title.lower().startswith(("keynote", "sponsored keynote"))
            else "lightning"
            if "lightning talk" in title.lower()
            else "talk",
            "themes": sorted(set(theme_ids)),
        }
        if row.get("sched_url", "").startswith("http"):
            session["schedule_url"] = row["sched_url"]
        video = row.get("youtube_id")
        if video:
            # Ids were matched by fuzzy title; an id shared by several sessions is weaker.
            session["recording"] = {
                "kind": "video",
                "url": f"https://www.youtube.com/watch?v={video}",
                "confidence": "low" if shared_ids[video] > 1 else "medium",
            }
        elif row.get("youtube_search_url", "").startswith("http"):
            session["recording"] = {"kind": "search", "url": row["youtube_search_url"]}
        sessions.append(session)
    document = {
        "format_version": 1,
        "id": "kubecon-2021-2026",
        "title": "KubeCon + CloudNativeCon, 2021 to 2026 (every session)",
        "conferences": list(conferences.values()),
        "events": list(events.values()),
        "themes": list(themes.values()),
        "sessions": sessions,
    }
    return document, ""


# -- writing YAML -----------------------------------------------------------------


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a valid YAML double-quoted scalar


def _emit(value: Any, indent: str, out: list[str]) -> None:
    for key, item in value.items():
        if item is None:
            continue
        if isinstance(item, dict):
            out.append(f"{indent}{key}:")
            _emit(item, indent + "  ", out)
        elif isinstance(item, list):
            if not item:
                out.append(f"{indent}{key}: []")
            elif all(not isinstance(x, dict | list) for x in item):
                out.append(f"{indent}{key}: [{', '.join(_scalar(x) for x in item)}]")
            else:
                out.append(f"{indent}{key}:")
                for element in item:
                    lines: list[str] = []
                    _emit(element, indent + "    ", lines)
                    lines[0] = f"{indent}  - " + lines[0].lstrip()
                    out.extend(lines)
        else:
            out.append(f"{indent}{key}: {_scalar(item)}")


def write_catalogue(document: dict[str, Any], recap_text: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "recap.txt").write_text(recap_text or "no recap\n", encoding="utf-8")
    out: list[str] = [f"# Generated by benchmarks/catalogues.py: {document['title']}"]
    _emit(document, "", out)
    path = folder / "catalogue.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "synthetic":
        document, recap = synthetic(int(argv[1]))
        folder = Path(argv[2])
    elif len(argv) >= 2 and argv[0] == "kubecon":
        document, recap = kubecon(Path(argv[2]) if len(argv) > 2 else KUBECON_JSONL)
        folder = Path(argv[1])
    else:
        print(__doc__)
        return 2
    path = write_catalogue(document, recap, folder)
    print(f"{path}: {len(document['sessions']):,} sessions, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
