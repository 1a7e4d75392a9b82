"""Reading a catalogue file and parsing its YAML: read, parse, validate.

Every problem in a file is reported at once, one per line, as
`FILE:LINE:COL: message`, in a `CatalogueError` (exit code 2). Nothing here
raises anything else for bad input. Opening a file of any kind, with the cache,
is `confplan.opening`'s.
"""

from __future__ import annotations

import codecs
import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.files import ENV_MAX_BYTES, read_catalogue
from confplan.errors import BadInputError
from confplan.fileio import Stamp
from confplan.gcpause import paused_gc
from confplan.paths import bundled_catalogue, resolved

if TYPE_CHECKING:
    from yaml.nodes import Node

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


def read_file(path: Path) -> tuple[bytes, Stamp | None]:
    """The file's bytes and stamp (see files.read_catalogue), or a CatalogueError
    saying why they cannot be read."""
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


_UTF8_CHUNK = 1 << 20


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is UTF-8, checked a megabyte at a time: decoding a 100 MB file
    at once would hold its text (up to four times its bytes) only to drop it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), _UTF8_CHUNK):
            decoder.decode(data[start : start + _UTF8_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _check_utf8(name: str, data: bytes) -> None:
    if _is_utf8(data):
        return
    try:  # again at once, for the place of the first bad byte
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
    from confplan.catalogue import schema, yamlsafe, yamlstream

    name = str(path)
    note = progress or (lambda _stage: None)
    _check_utf8(name, data)
    note("parsing")
    # The fast path builds the values from the parser's events, without a node
    # tree; the careful one (node tree, positions) runs only when it is unsure,
    # and again for positions when the values are wrong.
    value = yamlstream.load(data)
    root = None
    if value is yamlstream.UNSURE:
        root = _compose(name, data)
        value = _construct(name, root, data)

    def located(issues: list[schema.Issue]) -> CatalogueError:
        tree = root if root is not None else _compose(name, data)
        diagnostics = []
        for issue in issues:
            pos = yamlsafe.locate(tree, issue.path, key=issue.at_key)
            where = schema.dotted(issue.path)
            message = f"{where}: {issue.message}" if where else issue.message
            diagnostics.append(Diagnostic(name, pos.line, pos.column, message))
        diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0))
        return CatalogueError(diagnostics)

    note("validating")
    document, issues = schema.validate_shape(value)
    if document is None:
        raise located(issues)
    # Files named in its own folder; a catalogue shipped with confplan (data/ beside
    # seeds/), anywhere in the bundle.
    bundle = resolved(bundled_catalogue()).parent.parent
    shipped = resolved(path).is_relative_to(bundle)
    issues = schema.check_meaning(document, path.parent, bundle if shipped else None)
    if issues:
        raise located(issues)
    note("indexing")
    return Catalogue(document, path)


def _compose(name: str, data: bytes) -> Node:
    """The node tree of the careful path, or a CatalogueError with the position."""
    from confplan.catalogue import yamlsafe

    try:
        root = yamlsafe.compose(data)
    except yamlsafe.YamlSyntaxError as exc:
        raise CatalogueError(
            [Diagnostic(name, exc.position.line, exc.position.column, exc.message)]
        ) from None
    if root is None:
        raise CatalogueError([Diagnostic(name, 1, 1, "the file holds no YAML document")])
    return root


def _construct(name: str, root: Node, data: bytes) -> Any:
    """Plain values from the node tree, or every refusal with its position."""
    from confplan.catalogue import yamlsafe

    value, problems = yamlsafe.construct(root, data)
    if problems:
        raise CatalogueError(
            [Diagnostic(name, p.position.line, p.position.column, p.message) for p in problems]
        )
    return value


def from_snapshot(path: Path, data: bytes) -> Catalogue | None:
    """The bundled catalogue from the snapshot made with it (see snapshot.py)."""
    if resolved(path) != resolved(bundled_catalogue()):
        return None
    from confplan.catalogue import snapshot

    document = snapshot.load(path, data)
    return Catalogue(document, path) if document is not None else None
