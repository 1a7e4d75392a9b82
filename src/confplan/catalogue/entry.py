"""The bytes of a catalogue cache entry, and reading them back.

An entry is the magic line, then three checked parts, then the blocks of sessions:

    MAGIC
    head:  length (8 bytes), SHA-256, marshal of (shell, columns, recap stamps)
    index: length (8 bytes), SHA-256, marshal of ((length, SHA-256) per block)
    texts: length (8 bytes), SHA-256, marshal of the search texts
    blocks of sessions, one after the other

The head can be read and trusted alone (`mark` needs only the ids). A start reads
the head and the index; the search texts (68 MB at 100,000 sessions) and the
blocks, most of a big catalogue's entry, stay on disk: the texts are read when
first searched (after the first frame), a block when a session in it is first
shown, each checked against its digest. So a warm start of 100,000 sessions
neither reads nor holds their rows before it draws. Nothing here knows what the
parts mean: cache.py does.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from confplan.gcpause import paused_gc

MAGIC = b"confplan-catalogue-cache\n"
MAX_PART_BYTES = 2 * 1024 * 1024 * 1024  # far above what a 256 MiB catalogue makes
DIGEST = 32


def _digest(data: bytes | memoryview) -> bytes:
    return hashlib.sha256(data).digest()


def entry_parts(head: Any, texts: Any, blocks: Sequence[bytes]) -> list[bytes]:
    """An entry's bytes, in pieces to write one after the other."""
    index = tuple((len(block), _digest(block)) for block in blocks)
    parts = [MAGIC]
    for value in (head, index, texts):
        data = marshal.dumps(value)
        parts += [len(data).to_bytes(8, "big"), _digest(data), data]
    return parts + list(blocks)


def entry_blob(head: Any, texts: Any, blocks: Sequence[bytes]) -> bytes:
    """An entry's bytes at once (tests make entries with it)."""
    return b"".join(entry_parts(head, texts, blocks))


class Blocks(Sequence[bytes]):
    """An entry's blocks of sessions, read from its file when asked for. A block that
    does not match its digest raises ValueError (the caller parses the catalogue
    again). The file stays open: an entry replaced or removed meanwhile is still the
    one this was read from."""

    __slots__ = ("_file", "_lock", "_spans")

    def __init__(self, file: BinaryIO, spans: list[tuple[int, int, bytes]]) -> None:
        import threading  # here: the commands that read only a head never need it

        self._file = file
        self._spans = spans  # offset, length, digest
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, index: int) -> bytes:  # type: ignore[override]  # by index only, never a slice
        return self.read(*self._spans[index])

    def __iter__(self) -> Iterator[bytes]:
        return (self[i] for i in range(len(self._spans)))

    def read(self, offset: int, length: int, digest: bytes) -> bytes:
        """The bytes at `offset`, if they match `digest` (ValueError if not)."""
        with self._lock:  # seek and read belong together
            self._file.seek(offset)
            data = self._file.read(length)
        if len(data) != length or _digest(data) != digest:
            raise ValueError("a damaged part of a cache entry")
        return data


class LaterPart:
    """A checked part of an entry, read from its file and decoded when `load` is
    called: ValueError (or EOFError, TypeError) if it does not match its digest."""

    __slots__ = ("_blocks", "_span")

    def __init__(self, blocks: Blocks, span: tuple[int, int, bytes]) -> None:
        self._blocks = blocks
        self._span = span

    def load(self) -> Any:
        data = self._blocks.read(*self._span)
        with paused_gc():  # many small objects: see gcpause.py
            return marshal.loads(data)


def _part_start(handle: BinaryIO, left: int) -> tuple[int, bytes]:
    """The length and digest of the part that starts here."""
    start = handle.read(8 + DIGEST)
    if len(start) != 8 + DIGEST:
        raise ValueError("cut short")
    length = int.from_bytes(start[:8], "big")
    if length > min(left - len(start), MAX_PART_BYTES):
        raise ValueError("cut short")
    return length, start[8:]


def _read_part(handle: BinaryIO, left: int) -> tuple[Any, int]:
    """The next checked part, decoded, and the bytes it took."""
    length, digest = _part_start(handle, left)
    data = bytearray(length)  # read in place: no second copy of a big part
    view = memoryview(data)
    got = 0
    while got < length:
        n = handle.readinto(view[got:])  # type: ignore[attr-defined]  # typing.BinaryIO omits readinto; files have it
        if not n:
            raise ValueError("cut short")
        got += n
    if _digest(view) != digest:
        raise ValueError("checksum")
    try:
        with paused_gc():  # many small objects: see gcpause.py
            return marshal.loads(view), 8 + DIGEST + length
    finally:
        view.release()


def read_entry(
    path: Path, *, body: bool = True
) -> tuple[Any, tuple[LaterPart, Blocks] | None] | None:
    """The entry at `path` as (head, (texts, blocks)), or (head, None) without `body`;
    None when there is none or it does not hold together. The texts are read when
    loaded. The parts' shapes are for the caller to check."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.fdopen(os.open(path, flags), "rb", buffering=0)
    except OSError:
        return None
    keep = False
    try:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or handle.read(len(MAGIC)) != MAGIC:
            return None
        at = len(MAGIC)
        head, took = _read_part(handle, info.st_size - at)
        if not body:
            return head, None
        at += took
        index, took = _read_part(handle, info.st_size - at)
        at += took
        length, digest = _part_start(handle, info.st_size - at)
        texts = (at + 8 + DIGEST, length, digest)
        at += 8 + DIGEST + length
        spans = []
        for length, digest in index:
            if type(length) is not int or length < 0 or type(digest) is not bytes:
                return None
            spans.append((at, length, digest))
            at += length
        if at != info.st_size:
            return None
        keep = True
        blocks = Blocks(handle, spans)
        return head, (LaterPart(blocks, texts), blocks)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    finally:
        if not keep:
            handle.close()
