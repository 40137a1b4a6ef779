"""The command line: outputs, JSON contract, and bad input handled without tracebacks."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from dedup.cli import cli
from tests.conftest import ROOT, SAMPLE

SCHEMA = ROOT / "dedup" / "schema" / "segmentation.schema.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_commands_with_examples() -> None:
    """`dedup --help` shows every command with help text and an example."""
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    for name, command in cli.commands.items():
        assert command.help, name
        assert name in result.output


def test_version() -> None:
    """`dedup --version` prints the package version."""
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.output


def test_segment_outline_lists_fractions() -> None:
    """The rich outline names every fraction with its counts."""
    result = CliRunner().invoke(cli, ["segment", str(SAMPLE), "--no-color"])
    assert result.exit_code == 0, result.output
    for fraction in ("VVD", "D66", "GroenLinks-PvdA", "ChristenUnie", "BBB"):
        assert fraction in result.output
    assert "8 fracties" in result.output


def test_segment_json_validates_against_schema() -> None:
    """`segment --format json` output validates against the JSON Schema in the repo."""
    result = CliRunner().invoke(cli, ["segment", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["document"]["fractions"][0] == "VVD"
    assert any(q["id"] == "VVD-q12" for q in data["questions"])


def test_json_is_deterministic() -> None:
    """Two runs give the same bytes."""
    a = CliRunner().invoke(cli, ["segment", str(SAMPLE), "--format", "json"]).output
    b = CliRunner().invoke(cli, ["segment", str(SAMPLE), "--format", "json"]).output
    assert a == b


def test_out_is_atomic_and_needs_force(tmp_path: Path) -> None:
    """--out writes the file, refuses to overwrite it without --force, and overwrites with it."""
    out = tmp_path / "seg.json"
    args = ["segment", str(SAMPLE), "--format", "json", "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    first = out.read_bytes()
    out.write_text("old", encoding="utf-8")
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2
    assert "--force" in refused.output and out.read_text(encoding="utf-8") == "old"
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["seg.json"]


def _make_bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    from tests.make_formats import make_image_only_pdf

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "data.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    scan = tmp_path / "scan.pdf"
    make_image_only_pdf(scan)
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte voorzitter,\n\nHierbij de brief.\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        block = SAMPLE.read_bytes()
        while fh.tell() < 50 * 2**20:
            fh.write(block)
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "scan": (scan, "no text layer"),
        "letter": (letter, "looked for fraction sections"),
        "huge": (huge, "MiB limit"),
        "missing": (tmp_path / "nope.txt", "no such file"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "scan", "letter", "huge", "missing"])
def test_bad_input_one_line_exit_2_untouched(tmp_path: Path, case: str) -> None:
    """Unusable input: one line naming the file and the problem, exit 2, no traceback."""
    path, problem = _make_bad_inputs(tmp_path)[case]
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    result = run("segment", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr
    after = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    assert before == after


def test_cp1252_text_is_read_with_warning(tmp_path: Path) -> None:
    """A cp1252 file is decoded with a warning instead of failing."""
    path = tmp_path / "oud.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    result = CliRunner().invoke(cli, ["segment", str(path), "--format", "json"])
    assert result.exit_code == 0
    codes = [w["code"] for w in json.loads(result.output)["warnings"]]
    assert "encoding-fallback" in codes


def test_help_is_fast() -> None:
    """`dedup --help` does not import the heavy libraries."""
    code = (
        "import sys; from dedup.cli import cli\n"
        "heavy = [m for m in ('sklearn', 'rapidfuzz', 'networkx', 'rich', 'pypdf') "
        "if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_example_reports_are_current(tmp_path: Path) -> None:
    """reports/ holds byte for byte every file `reports/regenerate.sh` produces today."""

    result = subprocess.run(
        ["bash", str(ROOT / "reports" / "regenerate.sh"), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert fresh == [
        "kst-29325-157.analysis.json",
        "kst-29325-157.bundle.docx",
        "kst-29325-157.bundle.md",
        "kst-29325-157.report.en.html",
        "kst-29325-157.report.html",
        "kst-29325-157.report.md",
        "kst-29325-157.segment.json",
        "kst-29325-157.summary.txt",
    ]
    stored = ROOT / "reports"
    stale = [n for n in fresh if (tmp_path / n).read_bytes() != (stored / n).read_bytes()]
    assert stale == [], f"reports/ is stale: run reports/regenerate.sh ({', '.join(stale)})"


def test_out_file_gets_normal_permissions(tmp_path: Path) -> None:
    """A report written with --out is readable like any new file (umask), not 0600."""
    import os

    out = tmp_path / "seg.json"
    assert (
        CliRunner()
        .invoke(cli, ["segment", str(SAMPLE), "--format", "json", "--out", str(out)])
        .exit_code
        == 0
    )
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
