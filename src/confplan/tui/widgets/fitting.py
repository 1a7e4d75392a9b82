"""Text made to fit a pane: titles wrapped at word ends, footers shortened by whole parts.

A footer cut by the border ("6 queued · 42m + 4 unkn…") reads as a mistake; the
panes offer their footers from the longest to the shortest and the first that
fits is shown. Titles wrap over a few lines rather than losing their ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from textual.widget import Widget

# A border title or subtitle sits between "╰─ " and " ─╯".
BORDER_CHROME = 6


def border_room(widget: Widget) -> int:
    """The cells a border title or subtitle of `widget` may take without being cut."""
    return max(widget.size.width - BORDER_CHROME, 0)


def first_fitting(candidates: Iterable[str], width: int) -> str:
    """The first of `candidates` (longest first) that fits in `width` cells; the last
    one, cut, when none does (an ellipsis marks the cut)."""
    last = ""
    for candidate in candidates:
        if cell_len(candidate) <= width:
            return candidate
        last = candidate
    if width <= 0:
        return ""
    return set_cell_size(last, width - 1) + "…"


def _cut(word: str, width: int) -> tuple[str, str]:
    """The longest start of `word` that fits in `width` cells, and the rest."""
    end = len(word)
    while end > 1 and cell_len(word[:end]) > width:
        end -= 1
    return word[:end], word[end:]


def wrap(text: str, widths: list[int]) -> list[str]:
    """`text` over as many lines as `widths` has, line i at most widths[i] cells wide;
    words wrap at spaces (a word longer than a line is split), and an ellipsis marks
    what did not fit on the last line."""
    words = text.split()
    lines: list[str] = []
    for number, width in enumerate(widths):
        if not words:
            break
        width = max(width, 1)
        line = ""
        while words:
            word = words[0]
            joined = f"{line} {word}" if line else word
            if cell_len(joined) <= width:
                line = joined
                words.pop(0)
            elif not line:  # a word wider than the line: split it
                line, words[0] = _cut(word, width)
                break
            else:
                break
        if words and number == len(widths) - 1:
            rest = f"{line} {' '.join(words)}" if line else " ".join(words)
            line = set_cell_size(rest, width - 1) + "…"
        lines.append(line)
    return lines
