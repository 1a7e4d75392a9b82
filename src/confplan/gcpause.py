"""Pausing the cyclic garbage collector while many objects are made and few freed.

Decoding a cache entry or parsing a catalogue makes millions of objects that live
on; the collector would walk all of them (and everything else alive) again and
again for nothing. Parsing 10,000 sessions took twice as long with it running.
"""

from __future__ import annotations

import gc
from types import TracebackType


class paused_gc:
    """`with paused_gc():` the collector does not run (and resumes after, if it ran
    before)."""

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._was_enabled:
            gc.enable()
