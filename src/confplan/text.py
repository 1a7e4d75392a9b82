"""Text helpers shared by the command line and the TUI.

`fold` makes search case- and accent-insensitive. `printable` makes untrusted
text (titles, names, notes) safe to put on a terminal: control characters and
bidirectional overrides are shown as visible symbols instead of acting on the
terminal or reordering the line.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import lru_cache

# Explicit bidi embeddings, overrides and isolates can make a line display in
# an order different from its logical text ("Trojan Source"); show them.
_BIDI_CONTROLS = {
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}


def _control_picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _build_table(single_line: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI_CONTROLS]:
        table[code] = _control_picture(code)
    if single_line:
        table[ord("\t")] = " "
        table[ord("\n")] = " "
        table[ord("\r")] = " "
    else:
        table[ord("\t")] = "    "
        table[ord("\n")] = "\n"
        table[ord("\r")] = ""
    # Line and paragraph separators break lines on some terminals.
    table[0x2028] = " " if single_line else "\n"
    table[0x2029] = " " if single_line else "\n"
    # A lone surrogate (from a JSON escape, or bytes that were not UTF-8) cannot be
    # written at all: the replacement character stands for it.
    table.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
    return table


_SINGLE_LINE = _build_table(single_line=True)
_MULTI_LINE = _build_table(single_line=False)
# Command-line output: lines and tabs stay (a pipe may want them); nothing else acts.
_OUTPUT = {**_MULTI_LINE, ord("\t"): "\t"}


def printable(text: str, *, single_line: bool = True) -> str:
    """Return `text` with nothing that a terminal would act on."""
    return text.translate(_SINGLE_LINE if single_line else _MULTI_LINE)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate (not Unicode, so not writable as UTF-8) made the
    replacement character U+FFFD."""
    return text if text.isascii() or not _SURROGATE.search(text) else _SURROGATE.sub("\ufffd", text)


def terminal_safe(text: str) -> str:
    """What the command line writes: `printable`, keeping line breaks and tabs."""
    return text.translate(_OUTPUT)


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def fold(text: str) -> str:
    """Lower-case and strip accents, so `selajev` finds `Šelajev`."""
    if text.isascii():
        return text.lower()
    if len(text) <= 64:
        return _fold_cached(text)
    return _fold(text)


_NOT_WORD = re.compile(r"[\W_]+")


def search_form(text: str) -> str:
    """`text` as search compares it: folded (`fold`), each run of anything but letters
    and digits made one space, with a space before. So a word sought as " rust" is
    found at the start of a word ("Rust", "rustc") and never inside one ("trust")."""
    return " " + _NOT_WORD.sub(" ", fold(text)).strip()


def clip(text: str, width: int) -> str:
    """Shorten `text` to at most `width` characters, marking the cut with an ellipsis."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


_UNITS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def parse_clock(value: str) -> int:
    """Seconds from `MM:SS`, `H:MM:SS`, plain seconds, or units (`90s`, `12m`, `1h5m`);
    ValueError, with a message fit to show, if malformed."""
    value = value.strip().lower().replace(" ", "")
    if not value:
        raise ValueError("empty time")
    if len(value) > 24:
        raise ValueError("not a time: too long (use MM:SS, H:MM:SS, 90s or 12m)")
    units = _UNITS.fullmatch(value)
    if units and any(units.groups()) and not value.isdigit():
        hours, minutes, secs = (int(g or 0) for g in units.groups())
        return hours * 3600 + minutes * 60 + secs
    parts = value.split(":")
    if len(parts) > 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a time: {value!r} (use MM:SS, H:MM:SS, 90s or 12m)")
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError(f"not a time: {value!r} (minutes and seconds go up to 59)")
    seconds = 0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds


def format_clock(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


FIRST_YEAR, LAST_YEAR = 1900, 2999  # the times confplan reads: a conference's, or now


def in_time_range(moment: datetime.date) -> bool:
    """Is `moment` within the years confplan reads times in? Further out, shifting a
    time to another zone or by a day could leave what Python can represent."""
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def format_span(start: datetime.datetime, minutes: int | None) -> str:
    """`2025-02-01 10:30–11:00 +01:00`: when a session runs, in its own offset."""
    offset = start.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else "local time"
    text = f"{start:%Y-%m-%d %H:%M}"
    if minutes and in_time_range(start):
        # Through UTC: adding to a zoned time would count wall minutes across a clock change.
        end = (start.astimezone(datetime.UTC) + datetime.timedelta(minutes=minutes)).astimezone(
            start.tzinfo
        )
        text += f"–{end:%H:%M}" if end.date() == start.date() else f"–{end:%Y-%m-%d %H:%M}"
    return f"{text} {offset}"


def line_span(lines: tuple[int, int]) -> str:
    """`line 5` or `lines 5-7`."""
    start, end = lines
    return f"line {start}" if start == end else f"lines {start}-{end}"


ESTIMATE = "≈"  # before a length: estimated, not the schedule's slot
UNKNOWN_LENGTH = "—"  # a length not known, where a length is expected


def format_minutes(minutes: int | None) -> str:
    if minutes is None:
        return "?"
    hours, mins = divmod(int(minutes), 60)
    if hours:
        return f"{hours}h{mins:02d}"
    return f"{mins}m"


# JSON escapes C0 controls itself; these others would reach a terminal raw.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_safe(json_text: str) -> str:
    """Escape (as \\uXXXX) what JSON leaves raw but a terminal would act on; the data
    read back is unchanged."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def is_safe_url(url: str) -> bool:
    """Only plain http(s) links are ever linked or opened: a host, no user name or
    password before it, a port from 1 to 65535 if any, and no character a terminal
    or a reader would not show as itself (controls, bidi and zero-width marks, spaces)."""
    for ch in url:
        code = ord(ch)
        if code < 0x21 or 0x7F <= code <= 0xA0:
            return False
        if code > 0x7F and unicodedata.category(ch)[0] in "CZ":
            return False
    from urllib.parse import urlsplit  # not at import: few commands need it

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a malformed netloc, or a port out of range
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if "@" in parts.netloc:  # https://user@host: the text before @ misleads the reader
        return False
    return port is None or 1 <= port <= 65535
