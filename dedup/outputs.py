"""Writing reports: atomically, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dedup.errors import OutputExists, UnreadableInput


def write_atomic(path: str | Path, content: str | bytes, *, force: bool = False) -> None:
    """Write via a temporary file in the same folder and rename, so no half file remains."""
    target = Path(path)
    if target.exists() and not force:
        raise OutputExists(str(target), "already exists; use --force to overwrite it")
    if not target.parent.exists():
        raise UnreadableInput(str(target), "the output folder does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        # mkstemp creates 0600; a report should get the permissions any new file gets.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
