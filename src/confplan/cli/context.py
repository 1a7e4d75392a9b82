"""What every command needs: the chosen catalogue and the user's store, opened lazily."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from confplan import paths
from confplan.catalogue.files import KnownSessions, known_sessions
from confplan.progress.store import ProgressStore
from confplan.text import terminal_safe, without_surrogates

if TYPE_CHECKING:
    from confplan.catalogue.catalogue import Catalogue
    from confplan.progress.models import Entry


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._catalogue: Catalogue | None = None
        self._known: KnownSessions | None = None
        self._store: ProgressStore | None = None

    @property
    def catalogue_path(self) -> Path:
        return paths.catalogue_path(getattr(self.args, "catalogue", None))

    @property
    def data_dir(self) -> Path:
        return paths.data_dir(getattr(self.args, "data_dir", None))

    @property
    def store_path(self) -> Path:
        return paths.store_path(self.data_dir)

    @property
    def cache_dir(self) -> Path | None:
        if getattr(self.args, "no_cache", False) or os.environ.get("CONFPLAN_NO_CACHE"):
            return None
        return paths.cache_dir()

    def check_data_dir(self) -> None:
        """A data folder that is something else (a file) is refused by every command."""
        paths.check_data_dir(self.data_dir)

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from confplan.opening import load_catalogue

            self._catalogue = load_catalogue(self.catalogue_path, cache_dir=self.cache_dir)
        return self._catalogue

    def known(self) -> KnownSessions | Catalogue:
        """The catalogue's id and sessions' ids and lengths: from its cache entry when that
        is current (the catalogue is not built, which a command changing one session
        notices), else from the catalogue itself."""
        if self._catalogue is None and self._known is None and self.cache_dir is not None:
            self._known = known_sessions(self.catalogue_path, self.cache_dir)
        if self._catalogue is None and self._known is not None:
            return self._known
        return self.catalogue()

    def session_ids(self, words: list[str]) -> list[str]:
        """The sessions named, each checked against the catalogue; an unknown one is
        reported, with the ids it is close to."""
        known = self.known()
        if all(word in known for word in words):
            return [self._entry_key(known, known.canonical(word)) for word in words]
        from confplan.query import resolve_session

        catalogue = self.catalogue()
        return [self._entry_key(catalogue, resolve_session(catalogue, w).id) for w in words]

    def _entry_key(self, known: KnownSessions | Catalogue, session_id: str) -> str:
        """Where the session's progress is kept: under its own id, or under the alias
        its entry was made under before two entries became one session."""
        aliases = known.aliases_of(session_id)
        if not aliases or not self.store_path.exists():
            return session_id
        store = self.store(write=False)
        if store.entry(known.id, session_id) is not None:
            return session_id
        return next((a for a in aliases if store.entry(known.id, a) is not None), session_id)

    def recapped_catalogue(self) -> Catalogue:
        """The catalogue with the user's own recaps laid over it (for what shows
        recommendations: list, show, export, status)."""
        catalogue = self.catalogue()
        from confplan.recaps.user import overlay

        overlay(catalogue, self.store(write=False), self.data_dir)
        return catalogue

    def store(self, *, write: bool) -> ProgressStore:
        """The store; reading never creates it, writing refuses a read-only one up front."""
        if self._store is not None and (self._store.readonly and write):
            self._store.close()
            self._store = None
        if self._store is None:
            self._store = ProgressStore(self.store_path, readonly=not write)
        return self._store

    def entries(self) -> dict[str, Entry]:
        """Progress by session id (an entry kept under an alias is its session's)."""
        catalogue = self.catalogue()
        return catalogue.fold_entries(self.store(write=False).entries(catalogue.id))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def typed_text(text: str, what: str) -> str:
    """An argument as typed, refused when it was not UTF-8 (Python keeps such bytes as
    lone surrogates, which no file or store can hold)."""
    if without_surrogates(text) != text:
        from confplan.errors import BadInputError

        raise BadInputError(f"{what} is not UTF-8 text")
    return text


def out(text: str = "") -> None:
    sys.stdout.write(terminal_safe(text) + "\n")


def err(text: str) -> None:
    sys.stderr.write(terminal_safe(text) + "\n")
