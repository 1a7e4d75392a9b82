"""Value checks shared by the commands' options (argparse types)."""

from __future__ import annotations

import argparse


def given(text: str) -> str:
    """An option's value that must say something: an empty one is a usage error, not
    silently the same as leaving the option out."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty value; leave the option out instead")
    return text
