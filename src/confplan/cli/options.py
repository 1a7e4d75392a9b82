"""Value checks shared by the commands' options (argparse types)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

MINUTES_DIGITS = 6  # more digits than any bound here: refused before int() reads them


def given(text: str) -> str:
    """An option's value that must say something: an empty one is a usage error, not
    silently the same as leaving the option out."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty value; leave the option out instead")
    return text


def minutes_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: whole minutes from `low` to `high`."""

    def minutes(text: str) -> int:
        value = text.strip()
        if not value.isdigit() or len(value) > MINUTES_DIGITS or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a number of minutes from {low} to {high}"
            )
        return int(value)

    return minutes
