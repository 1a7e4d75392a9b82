"""Loading a catalogue file: read, parse, validate, cache.

Every problem in a file is reported at once, one per line, as
`FILE:LINE:COL: message`, in a `CatalogueError` (exit code 2). Nothing here
raises anything else for bad input.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from confplan.catalogue import cache as catalogue_cache
from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.files import ENV_MAX_BYTES, key_by_stamp, read_catalogue, remember_key
from confplan.catalogue.sessions import CacheDamagedError
from confplan.errors import BadInputError
from confplan.fileio import Stamp
from confplan.gcpause import paused_gc
from confplan.paths import bundled_catalogue, resolved

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class CatalogueError(BadInputError):
    """A catalogue that cannot be used, with every problem found in it."""

    located = True

    SHOWN = 200

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        lines = [str(d) for d in diagnostics[: self.SHOWN]]
        if len(diagnostics) > self.SHOWN:
            more = len(diagnostics) - self.SHOWN
            lines.append(f"{diagnostics[0].file}: ... and {more} more problems")
        super().__init__("\n".join(lines))


def _read(path: Path) -> tuple[bytes, Stamp | None]:
    name = str(path)
    try:
        return read_catalogue(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EFBIG:
            reason += f" (raise it with {ENV_MAX_BYTES})"
        elif exc.errno not in (errno.EINVAL,):
            reason = f"cannot read: {reason}"
        raise CatalogueError([Diagnostic(name, None, None, reason)]) from None


def _check_utf8(name: str, data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise CatalogueError(
            [Diagnostic(name, line, column, f"not UTF-8 text (byte 0x{data[exc.start]:02x})")]
        ) from None


def parse(path: Path, data: bytes, progress: Progress | None = None) -> Catalogue:
    """Parse and validate `data` (the bytes of `path`) into a Catalogue."""
    with paused_gc():  # see gcpause.py: half the time of a big parse
        return _parse(path, data, progress)


def _parse(path: Path, data: bytes, progress: Progress | None) -> Catalogue:
    from confplan.catalogue import schema, yamlsafe

    name = str(path)
    note = progress or (lambda _stage: None)
    _check_utf8(name, data)
    note("parsing")
    try:
        root = yamlsafe.compose(data)
    except yamlsafe.YamlSyntaxError as exc:
        raise CatalogueError(
            [Diagnostic(name, exc.position.line, exc.position.column, exc.message)]
        ) from None
    if root is None:
        raise CatalogueError([Diagnostic(name, 1, 1, "the file holds no YAML document")])
    value, problems = yamlsafe.construct(root, data)
    if problems:
        raise CatalogueError(
            [Diagnostic(name, p.position.line, p.position.column, p.message) for p in problems]
        )

    def located(issues: list[schema.Issue]) -> CatalogueError:
        diagnostics = []
        for issue in issues:
            pos = yamlsafe.locate(root, issue.path, key=issue.at_key)
            where = schema.dotted(issue.path)
            message = f"{where}: {issue.message}" if where else issue.message
            diagnostics.append(Diagnostic(name, pos.line, pos.column, message))
        diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0))
        return CatalogueError(diagnostics)

    note("validating")
    document, issues = schema.validate_shape(value)
    if document is None:
        raise located(issues)
    issues = schema.check_meaning(document, path.parent)
    if issues:
        raise located(issues)
    note("indexing")
    return Catalogue(document, path)


def load_catalogue(
    path: Path,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    defer: Callable[[Callable[[], None]], None] | None = None,
    trust_snapshot: bool = True,
) -> Catalogue:
    """Load `path`, from the cache when it holds this exact content (and the bundled
    catalogue from its snapshot on a first start, unless `trust_snapshot` is off).

    With `defer`, writing a new cache entry is handed to it instead of done
    before returning (the TUI shows the sessions first, then writes).
    """
    path = Path(path)
    if cache_dir is not None:
        cached = _by_stamp(path, cache_dir)
        if cached is not None:
            return cached
    data, stamp = _read(path)
    key = catalogue_cache.cache_key(data, path) if cache_dir is not None else None
    if cache_dir is not None and key is not None:
        cached = _cached(path, cache_dir, key, stamp)
        if cached is not None:
            return cached
    catalogue = _from_snapshot(path, data) if trust_snapshot else None
    if catalogue is None:
        schedule = _schedule_format(data)
        if schedule is not None:  # a published schedule, opened directly: import it here
            catalogue = _imported(path, data, schedule, progress)
        else:
            catalogue = parse(path, data, progress)
    if cache_dir is not None and key is not None:
        directory, entry_key = cache_dir, key
        # Written later, while the catalogue is in use: from it as loaded, not with
        # the user's recaps laid over it by then.
        as_loaded = catalogue.frozen_copy() if defer is not None else catalogue

        def remember() -> None:
            if catalogue_cache.write(directory, entry_key, as_loaded):
                remember_key(path, directory, entry_key, stamp)

        if defer is not None:
            defer(remember)
        else:
            if progress:
                progress("caching")
            remember()
    return catalogue


def _schedule_format(data: bytes) -> str | None:
    """frab XML, schedule JSON or iCalendar (not a YAML catalogue), by content."""
    from confplan.importers import detect

    kind = detect.sniff(data)
    if kind == detect.SCHEDULE_JSON and b'"schedule"' not in data[:65536]:
        return None  # JSON is YAML too: a catalogue written as JSON is read as one
    return kind


def _imported(path: Path, data: bytes, kind: str, progress: Progress | None) -> Catalogue:
    """A schedule imported in memory: checked as the written catalogue would be, with no
    YAML written and parsed again in between."""
    from confplan.importers import detect
    from confplan.importers.common import checked

    if progress:
        progress("importing")
    with paused_gc():  # see gcpause.py
        imported = detect.reader(kind)(data, str(path))
        return Catalogue(checked(imported.document, path.name, path.parent), path)


def _from_snapshot(path: Path, data: bytes) -> Catalogue | None:
    """The bundled catalogue from the snapshot made with it (see snapshot.py)."""
    if resolved(path) != resolved(bundled_catalogue()):
        return None
    from confplan.catalogue import snapshot

    document = snapshot.load(path, data)
    return Catalogue(document, path) if document is not None else None


def cached_only(path: Path, cache_dir: Path) -> Catalogue | None:
    """The catalogue if the cache holds it (cheap), else None; never parses."""
    cached = _by_stamp(path, cache_dir)
    if cached is not None:
        return cached
    try:
        data, stamp = _read(path)
    except CatalogueError:
        return None
    key = catalogue_cache.cache_key(data, path)
    del data  # a big catalogue's bytes are not kept while its entry is read
    return _cached(path, cache_dir, key, stamp)


def _by_stamp(path: Path, cache_dir: Path) -> Catalogue | None:
    """The cached catalogue, while the file's stamp is the one remembered with its
    entry: the file is not read (see files.py)."""
    key = key_by_stamp(path, cache_dir)
    return _cached(path, cache_dir, key, None) if key is not None else None


def _cached(path: Path, cache_dir: Path, key: str, stamp: Stamp | None) -> Catalogue | None:
    cached = catalogue_cache.read(cache_dir, key, path)
    if cached is not None:
        remember_key(path, cache_dir, key, stamp)
        cached.sessions.fallback = _reparser(path, cache_dir, key)
    return cached


def _reparser(path: Path, cache_dir: Path, key: str) -> Callable[[], list]:
    """What a cached catalogue calls if a block of its sessions turns out damaged:
    drop the entry and parse the file again, if it still has the bytes the entry was
    made from (the next start rebuilds the entry)."""

    def reparse() -> list:
        catalogue_cache.discard(cache_dir, key)
        data, _ = _read(path)
        if catalogue_cache.cache_key(data, path) != key:
            raise CacheDamagedError
        return list(parse(path, data).sessions)

    return reparse
