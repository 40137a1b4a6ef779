"""Opening an input file safely: regular files only, the size checked before any read.

`dedup analyze` and `dedup corpus add` both go through `read_input`/`hash_input`, so a
FIFO, a device such as /dev/zero or /dev/urandom, a directory or an oversized file is
refused the same way everywhere, before a single byte is read (a FIFO without a writer
would block `open` for ever, /dev/zero never ends).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from dedup.errors import UnreadableInput
from dedup.limits import MAX_INPUT_BYTES, MIB

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a document"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _check(name: str, st: os.stat_result, max_bytes: int) -> int:
    """The file's size, if `st` describes a regular file of an acceptable size."""
    for test, problem in _KINDS:
        if test(st.st_mode):
            raise UnreadableInput(name, problem)
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableInput(name, "is not a regular file")
    if st.st_size == 0:
        raise UnreadableInput(name, "the file is empty")
    if st.st_size > max_bytes:
        raise UnreadableInput(
            name,
            f"the file is {st.st_size / MIB:.3g} MiB, above the {max_bytes / MIB:.3g} MiB limit "
            "(raise it with --max-size if this really is one document)",
        )
    return st.st_size


def check_input(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> int:
    """The size of `path` (following symlinks) if it may be read as a document."""
    name = str(path)
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        raise UnreadableInput(name, "no such file") from None
    except OSError as exc:
        raise UnreadableInput(name, f"cannot be read ({exc.strerror})") from exc
    return _check(name, st, max_bytes)


def _open(path: str | Path, max_bytes: int) -> tuple[int, int]:
    """(fd, size) of the checked file. The descriptor is checked again after opening
    (O_NONBLOCK: a FIFO swapped in after the first check cannot block the open)."""
    name = str(path)
    check_input(path, max_bytes=max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UnreadableInput(name, f"cannot be read ({exc.strerror})") from exc
    try:
        size = _check(name, os.fstat(fd), max_bytes)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, size


def _chunks(name: str, fd: int, size: int, max_bytes: int) -> list[bytes]:
    """The file's bytes; never more than `max_bytes`, even if it grows while read."""
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := os.read(fd, min(MIB, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnreadableInput(
                    name, f"the file grew above the {max_bytes / MIB:.3g} MiB limit while read"
                )
    except OSError as exc:
        raise UnreadableInput(name, f"cannot be read ({exc.strerror})") from exc
    if total == 0 and size:
        raise UnreadableInput(name, "the file is empty")
    return chunks


def read_input(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """All bytes of a regular input file of at most `max_bytes`; UnreadableInput else."""
    fd, size = _open(path, max_bytes)
    try:
        return b"".join(_chunks(str(path), fd, size, max_bytes))
    finally:
        os.close(fd)


def hash_input(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """The sha256 of a regular input file, under the same checks as `read_input`."""
    fd, size = _open(path, max_bytes)
    try:
        h = hashlib.sha256()
        for chunk in _chunks(str(path), fd, size, max_bytes):
            h.update(chunk)
        return h.hexdigest()
    finally:
        os.close(fd)
