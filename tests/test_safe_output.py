"""Output is safe and complete or absent (issue 12): unwritable targets, kills during a
write, read-only corpus commands, and document text as data in CSV, Markdown and rich."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.control_chars import strip_controls
from dedup.render.escape import csv_cell, csv_text, markdown
from dedup.render.to_csv import CSV_FILES
from tests.conftest import SAMPLE, tiny_verslag
from tests.refusals import HANG_SECONDS, assert_refused, digest, invoke, listing, run_dedup

# -- unwritable output (row 10) --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["analyze", str(SAMPLE), "--format", "json", "--out"], "report.json"),
        (["analyze", str(SAMPLE), "--format", "csv", "--out"], "tables"),
        (["bundle", str(SAMPLE), "--out"], "gebundeld.docx"),
    ],
)
def test_output_under_a_regular_file_is_one_line_exit_2(
    tmp_path: Path, args: list[str], name: str
) -> None:
    """An --out whose folder is a regular file cannot be created (also as root): one line
    naming the path, exit 2, no traceback, the input unchanged, nothing written."""
    blocker = tmp_path / "geen-map"
    blocker.write_text("een bestand, geen map\n", encoding="utf-8")
    target = blocker / name
    before = digest(SAMPLE)
    result = run_dedup(*args, str(target))  # a real process: no traceback
    assert_refused(result.stderr, result.returncode, str(target), "not a folder")
    assert digest(SAMPLE) == before
    assert listing(tmp_path) == ["geen-map"]


def test_output_on_a_read_only_file_system_is_one_line_exit_2() -> None:
    """/proc refuses new files even to root: the OS error is named, exit 2."""
    target = Path("/proc/self/rapport.json")
    result = invoke("analyze", str(SAMPLE), "--format", "json", "--out", str(target))
    assert_refused(result.stderr, result.returncode, str(target), "cannot be written")


# -- kills during a write (row 11) ----------------------------------------------------

# Runs the real CLI in a child process whose fsync (called once the temporary file holds
# all the data, before the rename) sends the given signal to the process itself: the
# signal arrives exactly in the middle of a write.
_KILL_DURING_WRITE = """
import os, signal, sys, time
from dedup.cli import cli
real_fsync = os.fsync
calls = []
def fsync(fd):
    real_fsync(fd)
    calls.append(fd)
    if len(calls) == int(sys.argv[2]):
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        time.sleep(30)
os.fsync = fsync
cli(sys.argv[3:])
"""


def _killed_during_write(sig: str, nth: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _KILL_DURING_WRITE, sig, str(nth), *args],
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
    )


def test_sigterm_during_a_write_leaves_nothing(tmp_path: Path) -> None:
    """SIGTERM while the temporary file is full: it is removed, no report appears, exit 143."""
    out = tmp_path / "report.json"
    result = _killed_during_write(
        "SIGTERM", 1, "analyze", str(SAMPLE), "--format", "json", "--out", str(out)
    )
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "Traceback" not in result.stderr
    assert listing(tmp_path) == []


def test_a_temporary_file_left_by_sigkill_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the full-size temporary file stays, hidden, and the next
    write to the same place removes it (its process is gone)."""
    out = tmp_path / "report.json"
    args = ("analyze", str(SAMPLE), "--format", "json", "--out", str(out))
    killed = _killed_during_write("SIGKILL", 1, *args)
    assert killed.returncode == -signal.SIGKILL
    left = listing(tmp_path)
    assert len(left) == 1 and left[0].startswith(".report.json.") and left[0].endswith(".dedup-tmp")
    assert (tmp_path / left[0]).stat().st_size > 1000
    again = invoke(*args)
    assert again.returncode == 0, again.stderr
    assert listing(tmp_path) == ["report.json"]
    json.loads(out.read_text(encoding="utf-8"))


def test_csv_folder_killed_between_files_is_not_half_written(tmp_path: Path) -> None:
    """Killed after the first of three CSV files: the folder does not appear at all (the
    files were written into a hidden temporary folder); the next run writes all three and
    removes the leftover."""
    out = tmp_path / "tables"
    args = ("analyze", str(SAMPLE), "--format", "csv", "--out", str(out))
    killed = _killed_during_write("SIGKILL", 2, *args)
    assert killed.returncode == -signal.SIGKILL
    assert not out.exists()
    assert all(name.startswith(".tables.") for name in listing(tmp_path))
    again = invoke(*args)
    assert again.returncode == 0, again.stderr
    assert listing(tmp_path) == ["tables", *(f"tables/{n}" for n in sorted(CSV_FILES))]


def test_sigterm_between_csv_files_into_an_existing_folder_changes_nothing(
    tmp_path: Path,
) -> None:
    """With --force into an existing folder, SIGTERM after the first new file leaves the
    old three files exactly as they were."""
    out = tmp_path / "tables"
    args = ("analyze", str(SAMPLE), "--format", "csv", "--out", str(out))
    assert invoke(*args).returncode == 0
    old = {n: digest(out / n) for n in CSV_FILES}
    (out / "questions.csv").write_text("oud\n", encoding="utf-8")
    old["questions.csv"] = digest(out / "questions.csv")
    result = _killed_during_write("SIGTERM", 2, *args, "--force")
    assert result.returncode == 128 + signal.SIGTERM
    assert {n: digest(out / n) for n in CSV_FILES} == old
    assert listing(tmp_path) == ["tables", *(f"tables/{n}" for n in sorted(CSV_FILES))]


# -- read-only corpus commands (row 12) -------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["report"], ["list"], ["stats"], ["search", "Hoeveel woonplekken?"], ["export", "uit"]],
)
def test_read_only_commands_never_turn_an_empty_file_into_a_corpus(
    tmp_path: Path, command: list[str]
) -> None:
    """A 0-byte --db stays 0 bytes: one line saying it is an empty file, exit 2."""
    db = tmp_path / "leeg.sqlite"
    db.write_bytes(b"")
    command = [str(tmp_path / c) if c == "uit" else c for c in command]
    result = invoke("corpus", *command, "--db", str(db))
    assert_refused(result.stderr, result.returncode, str(db), "is an empty file")
    assert db.stat().st_size == 0
    assert listing(tmp_path) == ["leeg.sqlite"]


def test_read_only_commands_leave_another_programs_database_alone(tmp_path: Path) -> None:
    """An SQLite file of something else is named as such and not touched (no WAL switch,
    no tables added)."""
    db = tmp_path / "ander.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE klanten (naam TEXT)")
    conn.commit()
    conn.close()
    before = digest(db)
    result = invoke("corpus", "report", "--db", str(db))
    assert_refused(result.stderr, result.returncode, str(db), "of something else")
    assert digest(db) == before


def test_read_only_commands_open_the_database_with_mode_ro(tmp_path: Path) -> None:
    """report opens the corpus read-only: the database file's bytes do not change, and a
    write through the same connection type fails."""
    from dedup.corpus.db import connect

    db = tmp_path / "corpus.sqlite"
    add = invoke("corpus", "add", str(SAMPLE), "--db", str(db), "--quiet", "--jobs", "1")
    assert add.returncode == 0, add.stderr
    before = digest(db)
    report = invoke("corpus", "report", "--db", str(db), "--format", "json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["totals"]["documents"] == 1
    assert digest(db) == before
    conn = connect(db, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
        conn.execute("DELETE FROM documents")
    conn.close()


# -- document text as data (rows 5, 6, 7) ---------------------------------------------

INJECT = '=HYPERLINK("http://example.invalid/x","klik")'
IMG = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (INJECT, "'" + INJECT),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Hoeveel = veel?", "Hoeveel = veel?"),
        (-3, -3),
        (None, ""),
    ],
)
def test_csv_cells_never_start_a_formula(value: object, cell: object) -> None:
    """Text starting with = + - @ or a tab gets a leading ', numbers stay numbers."""
    assert csv_cell(value) == cell


def test_analyze_csv_neutralises_formulas_from_the_document(tmp_path: Path) -> None:
    """A question that starts with =HYPERLINK( is written as text in questions.csv."""
    path = tmp_path / "formule.txt"
    path.write_text(tiny_verslag(INJECT), encoding="utf-8")
    out = tmp_path / "tables"
    result = invoke("analyze", str(path), "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "questions.csv").read_text(encoding="utf-8"))))
    # The headers are Dutch by default (`--lang en` gives `text`).
    texts = [r["tekst"] for r in rows]
    assert texts and all(t.startswith("'=HYPERLINK(") for t in texts), texts
    for name in CSV_FILES:
        for row in csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))):
            assert not any(c.startswith(("=", "+", "@")) for c in row), row


def _corpus_with(tmp_path: Path, payload: str) -> Path:
    """A corpus of two documents sharing a question and an answer holding `payload`,
    with `payload` as ministry and in a file name."""
    db = tmp_path / "corpus.sqlite"
    docs = []
    for n in (1, 2):
        doc = tmp_path / f"doc{n} {payload[:12].replace('/', '-')}.txt"
        doc.write_text(tiny_verslag(payload).replace("brief.", f"brief nr. {n}."), encoding="utf-8")
        docs.append(str(doc))
    result = invoke(
        "corpus", "add", *docs, "--db", str(db), "--quiet", "--jobs", "1", "--ministry", payload
    )
    assert result.returncode == 0, result.stderr
    return db


def test_corpus_csv_outputs_neutralise_formulas(tmp_path: Path) -> None:
    """corpus report --format csv, corpus list --format csv and corpus export csv write
    document text, names and metadata starting with = as text."""
    db = _corpus_with(tmp_path, INJECT)
    report = invoke("corpus", "report", "--db", str(db), "--by", "ministry", "--format", "csv")
    listed = invoke("corpus", "list", "--db", str(db), "--format", "csv")
    export = invoke("corpus", "export", str(tmp_path / "uit"), "--db", str(db))
    assert report.returncode == listed.returncode == export.returncode == 0
    texts = [report.stdout, listed.stdout]
    texts += [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "uit").iterdir())]
    seen = 0
    for text in texts:
        for row in csv.reader(io.StringIO(text)):
            assert not any(c.startswith("=") for c in row), row
            seen += sum(c.startswith("'=HYPERLINK(") for c in row)
    assert seen >= 4  # the ministry group, and the questions' text in the export


def test_corpus_markdown_and_html_reports_escape_document_text(tmp_path: Path) -> None:
    """An <img onerror> in a repeated question and passage is shown as text in the
    Markdown and HTML corpus reports."""
    db = _corpus_with(tmp_path, IMG)
    md = invoke("corpus", "report", "--db", str(db), "--format", "md")
    html = invoke("corpus", "report", "--db", str(db), "--format", "html")
    assert md.returncode == html.returncode == 0
    assert "&lt;img src=x onerror=alert(1)&gt;" in md.stdout
    assert "<img" not in md.stdout and "<img" not in html.stdout


def test_analyze_markdown_escapes_the_path(tmp_path: Path) -> None:
    """The file name goes through the same escaper, not raw inside backticks."""
    path = tmp_path / "a`<img src=x onerror=alert(1)>`.txt"
    path.write_text(tiny_verslag("Vraag."), encoding="utf-8")
    result = invoke("analyze", str(path), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "<img" not in result.stdout and "a\\`&lt;img" in result.stdout


def test_rich_markup_in_text_paths_and_metadata_is_shown_literally(tmp_path: Path) -> None:
    """`[/` in a document, its path or stored metadata is text, not a MarkupError."""
    markup = "[/] [bold]vet[/bold] [/link]"
    (tmp_path / "[").mkdir()
    path = tmp_path / "[/b] verslag.txt"  # "[" is a folder
    path.write_text(tiny_verslag(markup), encoding="utf-8")
    for command in (["analyze"], ["segment"]):
        result = invoke(*command, str(path), "--no-color")
        assert result.returncode == 0, result.stderr
        # A long temporary folder wraps the path inside the panel, anywhere in it (also
        # inside `[/b]`): compare the text with the borders and all white space removed.
        assert "[/b]verslag.txt" in "".join(result.stdout.replace("│", " ").split())
    assert markup in invoke("analyze", str(path), "--no-color").stdout.replace("\n", " ")
    db = _corpus_with(tmp_path, markup)
    for command in (
        ["report", "--by", "ministry"],
        ["list"],
        ["search", "woonplekken gerealiseerd"],
    ):
        result = invoke("corpus", *command, "--db", str(db), "--no-color")
        assert result.returncode == 0, result.stderr
        assert "[bold]vet[/bold]" in result.stdout or "[/link]" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (IMG, "&lt;img src=x onerror=alert(1)&gt;"),
        ("`code` en [link](x)", "\\`code\\` en \\[link\\](x)"),
        ("regel\x1b[2J\nnieuw", "regel\\[2J nieuw"),
    ],
)
def test_markdown_escaper(raw: str, shown: str) -> None:
    """The one Markdown escaper: entities for < > &, backslashes for Markdown syntax,
    no control characters, one line."""
    assert markdown(raw) == shown


def test_csv_writer_round_trips_plain_text() -> None:
    """Text that is no formula comes back unchanged through the csv module."""
    rows = [["Hoeveel?", 3, None], ["regel\nnieuw", 1.5, "a,b"]]
    back = list(csv.reader(io.StringIO(csv_text(["tekst", "n", "x"], rows))))
    assert back == [["tekst", "n", "x"], ["Hoeveel?", "3", ""], ["regel\nnieuw", "1.5", "a,b"]]
    assert strip_controls("a\x1bb\tc\n") == "ab\tc\n"
