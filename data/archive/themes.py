"""Themes for the archive: the programme's rules, the archive's additions and the
project-to-theme map, read into one set of rules."""

from __future__ import annotations

from typing import Any

from build_programmes import ThemeRules


def archive_rules(
    programme: dict[str, Any], archive: dict[str, Any], order: list[str]
) -> ThemeRules:
    """Rules from data/programme-themes.yaml with data/archive-themes.yaml laid on top:
    its tracks and keywords added, and each project of its map a keyword of its theme."""
    tracks = {**(programme.get("tracks") or {}), **(archive.get("tracks") or {})}
    keywords = [*(programme.get("keywords") or []), *(archive.get("keywords") or [])]
    for theme, projects in (archive.get("projects") or {}).items():
        keywords.append({"theme": theme, "words": projects})
    return ThemeRules({"tracks": tracks, "keywords": keywords}, order)


def watchable(session: dict[str, Any]) -> bool:
    """A session someone would watch: not logistics, cancelled or a whole event day."""
    return session["kind"] not in ("logistics", "cancelled", "co-located", "other")
