"""The README's two commands, run as written in a fresh copy of the project (a new
`.venv`, dependencies from pip's cache or index), as a newcomer would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

# Set in the inner run of the test command, which would otherwise run this test again.
INNER = "DEDUP_README_INNER"

_NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    "*.egg-info",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "build",
    "dist",
)


def readme_commands() -> list[str]:
    """The shell blocks of the README's `## Two commands` section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.DOTALL)


def test_readme_commands_work_in_a_fresh_virtual_environment(tmp_path: Path) -> None:
    """Command one installs dedup into a new .venv and prints the sample's report;
    command two installs the development tools and the whole test suite passes."""
    commands = readme_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    project = tmp_path / "dedup"
    shutil.copytree(ROOT, project, ignore=_NOT_COPIED)
    assert not (project / ".venv").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))
    )
    env["COLUMNS"] = "100"

    run = subprocess.run(
        ["bash", "-c", commands[0]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert (project / ".venv" / "bin" / "dedup").exists()
    assert "Kamerstuk 29 325" in run.stdout or "kst-29325-157.txt" in run.stdout
    assert "GroenLinks-PvdA" in run.stdout and "Q001" in run.stdout

    tests = subprocess.run(
        ["bash", "-c", commands[1]],
        cwd=project,
        # Its own temporary folder: pytest keeps only the newest three numbered ones, so a
        # second numbered run would let the outer run's folders be deleted under it.
        env={**env, INNER: "1", "PYTEST_ADDOPTS": f"--basetemp={tmp_path / 'inner-tmp'}"},
        capture_output=True,
        text=True,
        timeout=3600,
    )
    tail = tests.stdout[-3000:] + tests.stderr[-2000:]
    assert tests.returncode == 0, tail
    assert re.search(r"\b\d+ passed\b", tests.stdout), tail
    assert " failed" not in tests.stdout.splitlines()[-1], tail
