"""The importers' errors: a schedule that cannot be imported at all, and one event
that cannot be a session (skipped, and reported)."""

from __future__ import annotations

from confplan.errors import BadInputError


class ImportError_(BadInputError):
    """A schedule that cannot be imported (exit 2)."""


class BadEvent(Exception):
    """One event that cannot become a session: it is skipped, and reported."""
