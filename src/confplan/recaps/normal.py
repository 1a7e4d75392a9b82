"""A text's words as the linker compares them: accents, case, quotes and
punctuation set aside."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile("[’‘`´]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")


def normalise(text: str) -> str:
    """Words only: accents, case, quotes and punctuation set aside."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", _APOSTROPHES.sub("'", text)))
    text = text.casefold()
    text = _POSSESSIVE.sub("", text).replace("'", "")  # "Hykes's" is "Hykes"
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
