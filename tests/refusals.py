"""Helpers for the hostile-input tests: run the real command, check the refusal's shape."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

# A hang is a failure: every child process gets this long (it needs a few seconds).
HANG_SECONDS = 120


def run_dedup(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a child process, bounded in time."""
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args],
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def assert_refused(stderr: str, code: int, name: str, problem: str) -> str:
    """Exit code 2 and one line on stderr naming `name` and `problem`; no traceback."""
    assert code == 2, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert name in lines[0] and problem in lines[0], lines[0]
    return lines[0]


def digest(path: Path) -> str | None:
    """sha256 of a regular file (None when absent), to show an input is unchanged."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def listing(folder: Path) -> list[str]:
    """Every name under `folder`, hidden ones included, to show nothing was left behind."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


class Ran:
    """What a command gave: exit code, standard output, standard error."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def invoke(*args: str) -> Ran:
    """The CLI in this process (fast: the libraries are imported once). An exception that
    escaped the CLI's own error handling fails the test here."""
    from click.testing import CliRunner

    from dedup.cli import cli

    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)
