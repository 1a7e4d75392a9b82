"""The bundled catalogue's snapshot: the same document as plain JSON, made when the
catalogue is built, so the first start after installing confplan does not parse and
validate 650 KB of YAML (a third of a second, and the pydantic and YAML imports).

The snapshot records the SHA-256 of the YAML it was made from and is used only
for the bundled catalogue, only when that hash matches the YAML's bytes, and only
when it builds cleanly; otherwise the YAML is parsed as usual. A test proves that
the snapshot gives exactly what parsing the YAML gives.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from confplan.catalogue import models
from confplan.fileio import read_regular

FORMAT = "confplan-catalogue-snapshot"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024


def snapshot_path(catalogue_path: Path) -> Path:
    return catalogue_path.with_name(catalogue_path.stem + ".snapshot.json")


def dump(document: dict[str, Any], yaml_bytes: bytes) -> str:
    """The snapshot of a catalogue document (as YAML loads it) made from `yaml_bytes`."""
    return (
        json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "yaml_sha256": hashlib.sha256(yaml_bytes).hexdigest(),
                "document": document,
            },
            ensure_ascii=False,
            default=lambda value: value.isoformat(),  # dates
            separators=(",", ":"),
        )
        + "\n"
    )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value is not None else None


def _session(raw: dict[str, Any]) -> models.Session:
    raw = dict(raw)
    raw["speakers"] = tuple(models.Speaker(**p) for p in raw.get("speakers", ()))
    raw["date"] = _date(raw.get("date"))
    raw["themes"] = tuple(raw.get("themes", ()))
    raw["aliases"] = tuple(raw.get("aliases", ()))
    if raw.get("recording") is not None:
        raw["recording"] = models.Recording(**raw["recording"])
    if raw.get("start") is not None:
        raw["start"] = datetime.datetime.fromisoformat(raw["start"])
    raw["links"] = tuple(models.Link(**link) for link in raw.get("links", ()))
    raw["recommended_by"] = tuple(
        models.Recommendation(r["recap"], tuple(r["lines"]), r["why"])
        for r in raw.get("recommended_by", ())
    )
    return models.Session(**raw)


def document_from(plain: dict[str, Any]) -> models.CatalogueDocument:
    """The document from its plain form; raises on anything unexpected."""
    return models.CatalogueDocument(
        format_version=plain["format_version"],
        id=plain["id"],
        title=plain["title"],
        description=plain.get("description"),
        conferences=tuple(
            models.Conference(**{**c, "start": _date(c["start"]), "end": _date(c["end"])})
            for c in plain.get("conferences", ())
        ),
        events=tuple(
            models.Event(**{**e, "date": _date(e.get("date"))}) for e in plain.get("events", ())
        ),
        recaps=tuple(models.Recap(**r) for r in plain.get("recaps", ())),
        themes=tuple(
            models.Theme(**{**t, "stressed_by": tuple(t.get("stressed_by", ()))})
            for t in plain.get("themes", ())
        ),
        sessions=tuple(_session(s) for s in plain["sessions"]),
    )


def load(catalogue_path: Path, yaml_bytes: bytes) -> models.CatalogueDocument | None:
    """The document from the snapshot beside `catalogue_path`, if it is there and was
    made from exactly these bytes; None otherwise (parse the YAML instead)."""
    try:
        raw = read_regular(snapshot_path(catalogue_path), MAX_BYTES)
        stored = json.loads(raw)
        if (
            stored.get("format") != FORMAT
            or stored.get("version") != VERSION
            or stored.get("yaml_sha256") != hashlib.sha256(yaml_bytes).hexdigest()
        ):
            return None
        return document_from(stored["document"])
    except Exception:  # absent, unreadable or not what we write: parse the YAML
        return None
