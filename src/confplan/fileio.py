"""Writing files so that a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, which must be a regular file (after following links) of at
    most `limit` bytes. Never blocks on a FIFO and never reads past `limit`.

    Raises OSError, with `strerror` fit to show: "is a FIFO (named pipe), not a
    regular file", "is 300 bytes, over the 200-byte limit", or the system's reason.
    """
    return read_stamped(path, limit)[0]


Stamp = tuple[int, int, int, int, int]


def stamp_of(info: os.stat_result) -> Stamp:
    """What tells one version of a file from another without reading it: the same
    file (device, inode), size, modification and change times (the change time moves
    on every write and cannot be set back)."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_stamped(path: Path, limit: int) -> tuple[bytes, Stamp | None]:
    """`read_regular`, with the file's stamp when it did not change while being read
    (None when it did)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(
                errno.EINVAL, f"is {file_kind(info.st_mode)}, not a regular file", str(path)
            )
        if info.st_size > limit:
            raise OSError(
                errno.EFBIG, f"is {info.st_size:,} bytes, over the {limit:,}-byte limit", str(path)
            )
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while we read it
        raise OSError(errno.EFBIG, f"is over the {limit:,}-byte limit", str(path))
    stamp = stamp_of(info)
    return data, stamp if stamp_of(after) == stamp and len(data) == info.st_size else None


def atomic_write_bytes(
    path: Path, blob: bytes | Sequence[bytes], *, permissions: int | None = None
) -> None:
    """Write to a temporary file beside `path` (`blob`, or its pieces one after the
    other), fsync it, rename it over `path`. The file keeps the permissions of the one
    it replaces, or gets `permissions` (else the umask's default).

    If `path` is a symbolic link, the file it points to is replaced and the
    link stays a link.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # Renaming over a device, FIFO or socket (say, a link to /dev/zero) would
        # replace it for everyone: never.
        raise OSError(errno.EINVAL, f"is {file_kind(mode)}, not a regular file", str(path))
    import tempfile  # not at import: most commands write nothing but the store

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in (blob,) if isinstance(blob, bytes) else blob:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if permissions is not None:
            os.chmod(tmp, permissions)
        elif target.exists():
            # Keep the permissions the user gave the file it replaces.
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(target.parent)
    remove_leftovers(target)


LEFTOVER_AGE_S = 3600  # no write takes an hour: an older temporary file was abandoned


def remove_leftovers(target: Path) -> int:
    """Remove the temporary files an interrupted write of `target` left beside it (a
    kill -9 between writing and renaming), once they are an hour old: a younger one
    may be another process's write in progress. Returns how many went."""
    import glob
    import time

    removed = 0
    cutoff = time.time() - LEFTOVER_AGE_S
    try:
        leftovers = list(target.parent.glob(f".{glob.escape(target.name)}.*.tmp"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            info = leftover.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                leftover.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(path: Path, text: str, *, force: bool) -> None:
    """Write `text` atomically; an existing file is replaced only with `force`.

    Raises BadInputError (exit 2) for a refusal, ConfplanError for a failure
    to write (the old file, if any, is then left as it was).
    """
    from confplan.errors import BadInputError, ConfplanError
    from confplan.text import without_surrogates

    try:
        info = path.stat() if path.exists() else None
    except OSError as exc:
        raise BadInputError(f"{path}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise BadInputError(f"{path} is a folder; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # Never swap a device, FIFO or socket for a regular file, --force or not.
        raise BadInputError(
            f"{path} is {file_kind(info.st_mode)}, not a regular file; nothing was written"
        )
    if info is not None and not force:
        raise BadInputError(f"{path} exists; use --force to replace it")
    if info is None and path.is_symlink() and not force:
        raise BadInputError(
            f"{path} is a symbolic link to a missing file; use --force to write through it"
        )
    if not path.parent.is_dir():
        raise BadInputError(f"folder {path.parent} does not exist")
    try:
        atomic_write_bytes(path, without_surrogates(text).encode("utf-8"))
    except OSError as exc:
        raise ConfplanError(
            f"could not write {path}: {exc.strerror or exc}; nothing was changed"
        ) from None
