"""The user's preferences: colour theme, sort order, scope, the agenda's time zone and
reminders (`remind_minutes`: how long before a watchlisted session starts the TUI says
so; off when absent or 0), kept in `config.toml`.

The file lives in the platform's config folder (`~/.config/confplan/` on
Linux; `CONFPLAN_CONFIG_DIR` overrides it). It is small and the user may edit
it; a broken one is reported and ignored, never fatal, and is only replaced
when a preference changes in the TUI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from confplan import paths
from confplan.fileio import atomic_write_bytes, read_regular
from confplan.text import printable

FILENAME = "config.toml"
MAX_BYTES = 64 * 1024
KEYS = ("theme", "sort", "scope", "time_zone")
MAX_REMIND_MIN = 24 * 60
# The values the TUI knows (query.SORT_KEYS, the scopes; a test keeps them equal).
CHOICES = {
    "sort": ("consensus", "date", "title", "duration"),
    "scope": ("recommended", "programme"),
}
# [keys]: binding ids ("main.watchlist") to keys; tui/keymap.py checks ids and key names.
_KEY_ID = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)+")
MAX_KEYS = 500
_NAME = re.compile(r"[A-Za-z0-9_.+/-]{1,100}")  # names and zones: nothing to escape


@dataclass(frozen=True, slots=True)
class Preferences:
    keys: tuple[tuple[str, str], ...] = ()  # the [keys] table: (binding id, keys), in order
    theme: str | None = None  # a Textual theme name
    sort: str | None = None  # one of query.SORT_KEYS
    scope: str | None = None  # "recommended" or "programme"
    time_zone: str | None = None  # the agenda's zone (IANA name); else the conference's
    remind_minutes: int | None = None  # remind this long before a watchlisted session

    def with_(self, **changes: str | None) -> Preferences:
        texts: dict[str, Any] = changes  # only the text preferences change in the TUI
        return replace(self, **texts)


def config_path(folder: Path | None = None) -> Path:
    return (folder or paths.config_dir()) / FILENAME


def load(path: Path) -> tuple[Preferences, str | None]:
    """The preferences in `path`, and a problem to report (the file is then ignored)."""
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return Preferences(), None
    except OSError as exc:
        return Preferences(), f"{path}: {exc.strerror or exc}; preferences ignored"
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Preferences(), f"{path}: not UTF-8 text; preferences ignored"
    except tomllib.TOMLDecodeError as exc:
        return Preferences(), f"{path}: {exc}; preferences ignored"
    except RecursionError:  # thousands of nested arrays: tomllib recurses into each
        return Preferences(), f"{path}: nested too deep; preferences ignored"
    keys, keys_problems = _read_keys(data.pop("keys", {}))
    values: dict[str, Any] = {"keys": keys}
    problems = []
    remind = data.pop("remind_minutes", None)
    if remind is not None and not _minutes(remind):
        problems.append(f"remind_minutes must be a whole number of minutes, 0 to {MAX_REMIND_MIN}")
        remind = None
    for key, value in data.items():
        if key not in KEYS:
            problems.append(f"unknown key {key!r}")
        elif not isinstance(value, str) or len(value) > 100:
            problems.append(f"{key!r} must be a short text")
        elif key in CHOICES and value not in CHOICES[key]:
            problems.append(f"{key} = {value!r} is not one of {', '.join(CHOICES[key])}")
        else:
            values[key] = value
    problems += keys_problems
    problem = f"{path}: {'; '.join(problems)} (ignored)" if problems else None
    return Preferences(**values, remind_minutes=remind or None), problem


def _minutes(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_REMIND_MIN


def save(path: Path, preferences: Preferences) -> None:
    """Write the preferences atomically (OSError if the folder cannot be written)."""
    lines = ["# confplan preferences: changed by the TUI, safe to edit by hand."]
    for key in KEYS:
        value = getattr(preferences, key)
        if value is not None and _NAME.fullmatch(value):
            lines.append(f'{key} = "{value}"')
    if preferences.remind_minutes:
        lines.append(f"remind_minutes = {int(preferences.remind_minutes)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    lines += _keys_lines(preferences.keys)
    atomic_write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))


def _read_keys(table: object) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The [keys] table (ids quoted or dotted), and what is wrong in it. Only its shape
    is checked here; the TUI knows the ids and the key names."""
    if not isinstance(table, dict):
        return (), ["'keys' must be a table ([keys])"]
    found: list[tuple[str, str]] = []
    problems: list[str] = []
    for name, value in _flatten(table):
        if not _KEY_ID.fullmatch(name):
            problems.append(f"[keys] {printable(name)[:60]!r} is not a binding id")
        elif not isinstance(value, str) or not 0 < len(value) <= 100:
            problems.append(f'[keys] {name} must be a short text, such as "ctrl+w"')
        else:
            found.append((name, value))
    return tuple(found[:MAX_KEYS]), problems


def _flatten(table: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """`main.watchlist = "W"` is a table in TOML (main, then watchlist): the id again."""
    items: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, dict) and len(prefix) < 100:
            items += _flatten(value, f"{prefix}{name}.")
        else:
            items.append((prefix + name, value))
    return items


def _keys_lines(keys: tuple[tuple[str, str], ...]) -> list[str]:
    """The [keys] table as it was read (after every other setting: a TOML table ends
    the top level)."""
    if not keys:
        return []
    import json  # only a save with [keys] needs it, not a start

    return ["", "[keys]", *(f"{json.dumps(name)} = {json.dumps(value)}" for name, value in keys)]
