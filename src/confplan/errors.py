"""Errors that reach the user as one clear message and an exit code.

Exit code 2 means bad input or usage (a broken catalogue, an unknown id, a
store that must not be touched); 1 means anything else went wrong.
"""

from __future__ import annotations

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class ConfplanError(Exception):
    """An error with a message meant for the user, never a traceback."""

    exit_code = EXIT_FAILURE
    located = False  # True when every line already starts with FILE:LINE:COL

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class BadInputError(ConfplanError):
    """The user's input (a file, an argument, a stored file) is not acceptable."""

    exit_code = EXIT_BAD_INPUT
