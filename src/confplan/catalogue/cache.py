"""A cache of validated catalogues, so a large YAML file is parsed once.

Entries live in the user cache folder, one file per catalogue, named by a
hash of the catalogue's bytes and path and of this confplan's version. An
entry is used only if its checksum matches and the recap documents it was
validated against are unchanged; anything else (stale, truncated, tampered,
written by another version) is ignored and rebuilt. Unpickling is limited to
confplan's own catalogue classes, so a planted file cannot run code.

Entries are written to a temporary file, fsynced and renamed into place.
"""

from __future__ import annotations

import gc
import hashlib
import io
import pickle
from pathlib import Path
from typing import Any

from confplan import __version__
from confplan.catalogue import models
from confplan.catalogue.catalogue import Catalogue
from confplan.fileio import atomic_write_bytes

MAGIC = b"confplan-catalogue-cache\n"
CACHE_FORMAT = 2  # bump when what is pickled changes shape
KEEP_ENTRIES = 8

_ALLOWED = {
    ("confplan.catalogue.models", name)
    for name in (
        "CatalogueDocument",
        "Conference",
        "Event",
        "Recap",
        "Theme",
        "Speaker",
        "Recommendation",
        "Recording",
        "Session",
    )
} | {("datetime", "date")}


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a catalogue cache")


def cache_key(data: bytes, path: Path) -> str:
    digest = hashlib.sha256()
    digest.update(
        f"{__version__}\0{CACHE_FORMAT}\0{models.FORMAT_VERSION}\0{path.resolve()}\0".encode()
    )
    digest.update(data)
    return digest.hexdigest()


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / "catalogues" / f"{key}.pickle"


def _seed_stamps(catalogue: Catalogue) -> list[tuple[str, int, int]]:
    stamps = []
    for recap in catalogue.recaps.values():
        path = catalogue.seed_path(recap)
        try:
            st = path.stat()
        except OSError:
            stamps.append((str(path), -1, -1))
        else:
            stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return stamps


def read(cache_dir: Path, key: str, path: Path) -> Catalogue | None:
    """The cached catalogue for `key`, or None if there is no trustworthy entry."""
    entry = _entry(cache_dir, key)
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    try:
        if not blob.startswith(MAGIC):
            return None
        view = memoryview(blob)
        digest, payload = view[len(MAGIC) : len(MAGIC) + 32], view[len(MAGIC) + 32 :]
        if hashlib.sha256(payload).digest() != digest:
            return None
        # Many small objects: the cyclic GC would scan them over and over.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            stored = _RestrictedUnpickler(io.BytesIO(payload)).load()
        finally:
            if gc_was_enabled:
                gc.enable()
        document, haystacks, stamps = stored
        if not isinstance(document, models.CatalogueDocument):
            return None
        if not isinstance(haystacks, tuple):
            return None
        catalogue = Catalogue(document, path, haystacks)
        if _seed_stamps(catalogue) != stamps:
            return None
        return catalogue
    except Exception:  # a damaged entry is never fatal: rebuild it
        return None


def write(cache_dir: Path, key: str, catalogue: Catalogue) -> None:
    """Store `catalogue` under `key`; failures are silent (the cache is optional)."""
    entry = _entry(cache_dir, key)
    payload = pickle.dumps(
        (catalogue.document, catalogue.haystacks, _seed_stamps(catalogue)),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    blob = MAGIC + hashlib.sha256(payload).digest() + payload
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(entry, blob)
        _prune(entry.parent)
    except OSError:
        return


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        try:
            old.unlink()
        except OSError:
            pass
