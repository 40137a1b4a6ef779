"""Writing reports: atomically, never over an existing file unless asked, nothing left behind.

A file is written to a hidden temporary file beside it and renamed into place; a folder
of files (the CSV tables, an export) is written into a hidden temporary folder that is
renamed into place, so a reader sees all of the new files or none. Temporary names carry
the writer's process id (`.report.html.1234.k3j2.dedup-tmp`): SIGTERM and Ctrl-C remove
them at once, and one left by a process killed outright (SIGKILL, a power cut) is removed
by the next write to the same place once its process is gone.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import FrameType

from dedup.errors import OutputExists, UnwritableOutput

TEMP_SUFFIX = ".dedup-tmp"


class Terminated(SystemExit):
    """SIGTERM arrived while writing; raised so that the clean-up code runs."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated(128 + signum)


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """While inside, SIGTERM raises `Terminated` (exit code 143) instead of killing the
    process outright, so `finally`/`except` blocks remove temporary files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _temp_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_leftovers(folder: Path, name: str) -> list[Path]:
    """Remove temporary files and folders for `name` in `folder` whose writer is gone."""
    removed: list[Path] = []
    pattern = f".{glob.escape(name)}.*{TEMP_SUFFIX}"
    for leftover in folder.glob(pattern):
        pid_text = leftover.name[len(name) + 2 :].split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
            removed.append(leftover)
    return removed


def _mode() -> int:
    """The permissions a new file gets (mkstemp creates 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _unwritable(target: Path, exc: OSError) -> UnwritableOutput:
    reason = exc.strerror or type(exc).__name__
    where = f": {exc.filename}" if exc.filename and str(exc.filename) != str(target) else ""
    return UnwritableOutput(str(target), f"cannot be written ({reason}{where})")


def _write_file(fd: int, data: bytes | Iterable[str]) -> None:
    os.fchmod(fd, _mode())
    with os.fdopen(fd, "wb") as fh:
        if isinstance(data, bytes):
            fh.write(data)
        else:  # a text made as it is written (a large corpus report): never all held
            for piece in data:
                fh.write(piece.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def _check_folder(
    target: Path, folder: Path, missing: str = "the output folder does not exist"
) -> None:
    if not folder.exists():
        raise UnwritableOutput(str(target), missing)
    if not folder.is_dir():
        raise UnwritableOutput(str(target), f"cannot be written ({folder} is not a folder)")


def write_atomic(
    path: str | Path, content: str | bytes | Iterator[str], *, force: bool = False
) -> None:
    """Write via a temporary file in the same folder and rename, so no half file remains.
    `content` may be a text's pieces, written as they come."""
    target = Path(path)
    if target.exists() and not force:
        raise OutputExists(str(target), "already exists; use --force to overwrite it")
    _check_folder(target, target.parent)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with terminate_cleanly():
        remove_leftovers(target.parent, target.name)
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=_temp_prefix(target.name), suffix=TEMP_SUFFIX, dir=target.parent
            )
        except OSError as exc:
            raise _unwritable(target, exc) from exc
        try:
            _write_file(fd, data)
            Path(tmp).replace(target)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise _unwritable(target, exc) from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def write_folder(
    out: str | Path, files: Mapping[str, str | bytes], *, force: bool = False
) -> list[Path]:
    """Write `files` (name -> content) into the folder `out` as one set.

    A new folder is filled under a temporary name and renamed into place. Into an existing
    folder every file is first written completely beside the others under a temporary
    name and then renamed over its target, so a failure before the renames changes
    nothing. Refused if any of the files exists, unless `force`.
    """
    folder = Path(out)
    targets = [folder / name for name in files]
    if folder.exists() and not folder.is_dir():
        raise OutputExists(str(folder), "exists and is not a folder")
    if not force:
        for t in targets:
            if t.exists():
                raise OutputExists(str(t), "already exists; use --force to overwrite it")
    _check_folder(folder, folder.parent, "the folder it would go in does not exist")
    with terminate_cleanly():
        remove_leftovers(folder.parent, folder.name)
        try:
            staging = Path(
                tempfile.mkdtemp(
                    prefix=_temp_prefix(folder.name), suffix=TEMP_SUFFIX, dir=folder.parent
                )
            )
        except OSError as exc:
            raise _unwritable(folder, exc) from exc
        try:
            for name, content in files.items():
                data = content.encode("utf-8") if isinstance(content, str) else content
                fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                _write_file(fd, data)
            if not folder.exists():
                staging.chmod(_dir_mode())
                staging.rename(folder)
            else:
                for name in files:
                    (staging / name).replace(folder / name)
                staging.rmdir()
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise _unwritable(folder, exc) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return targets


def _dir_mode() -> int:
    """The permissions a new folder gets (mkdtemp creates 0700)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask
