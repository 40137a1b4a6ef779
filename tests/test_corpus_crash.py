"""Crash safety and concurrency of `dedup corpus add` with real processes and SQLite files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dedup.corpus.api import Corpus
from dedup.corpus.db import connect, transaction
from dedup.corpus.errors import CorpusError
from dedup.corpus.index import IndexParams, Prepared
from dedup.corpus.ingest import Failed, FileTask, IngestSummary, prepare_file, write_prepared
from dedup.corpus.report import build_report
from dedup.corpus.store import index_params
from dedup.corpus.synthetic import VariantOptions
from dedup.corpus.texts import unpack_texts
from tests.test_corpus import fingerprint, write_variants

FILES = 14


def _default_sigint() -> None:
    """Ctrl-C back to its default in the child: a shell starts a background job (`pytest
    ... &` in a script) with SIGINT ignored, the child inherits that, and Python then
    installs no KeyboardInterrupt handler, so the interrupt test would see an add that
    cannot be interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# `dedup corpus add` as its command line runs it, with batches of two documents instead of
# up to 64 or 2 s: these small documents are prepared so fast that a whole add could be
# one batch, leaving no moment in the middle to interrupt, kill or report on.
_ADD = (
    "import sys\n"
    "from dedup.corpus import ingest\n"
    "assert ingest.write_prepared.__kwdefaults__ is not None\n"
    "ingest.write_prepared.__kwdefaults__['batch_documents'] = 2\n"
    "from dedup.cli import cli\n"
    "cli(sys.argv[1:], prog_name='dedup')\n"
)


def add_process(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            _ADD,
            "corpus",
            "add",
            str(folder),
            "--db",
            str(db),
            "--jobs",
            "1",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )


def committed(db: Path) -> int:
    """Documents committed so far, read from another connection (0 before the schema)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def wait_for(db: Path, proc: subprocess.Popen[bytes], n: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = committed(db)
        if done >= n or proc.poll() is not None:
            return done
        time.sleep(0.02)
    raise AssertionError("add made no progress")


def check_integrity(db: Path) -> int:
    """Every stored document is complete; returns how many there are."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = conn.execute("SELECT id, n_questions, n_answers FROM documents").fetchall()
        for doc_id, n_q, n_a in docs:
            q = conn.execute("SELECT COUNT(*) FROM questions WHERE doc_id = ?", (doc_id,))
            a = conn.execute("SELECT COUNT(*) FROM answers WHERE doc_id = ?", (doc_id,))
            assert (q.fetchone()[0], a.fetchone()[0]) == (n_q, n_a), f"document {doc_id} is partial"
        fts = conn.execute("SELECT COUNT(*) FROM question_fts").fetchone()[0]
        assert fts == conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM answer_questions aq LEFT JOIN answers a ON a.id = aq.answer "
            "WHERE a.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        # Every answer's text is in its document's compressed texts.
        for doc_id, blob in conn.execute("SELECT id, answer_texts FROM documents"):
            n = conn.execute("SELECT COUNT(*) FROM answers WHERE doc_id = ?", (doc_id,))
            assert len(unpack_texts(blob)) == n.fetchone()[0]
        return len(docs)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "docs"
    write_variants(folder, range(60, 60 + FILES), VariantOptions(sections=3))
    return folder


@pytest.fixture(scope="module")
def clean(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same files added in one uninterrupted run."""
    db = tmp_path_factory.mktemp("clean") / "clean.sqlite"
    with Corpus(db, create=True) as c:
        assert len(c.add([docs], jobs=2).added) == FILES
    return db


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_add_loses_nothing_committed(
    docs: Path, clean: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    """After SIGKILL or Ctrl-C mid-add the stored documents are whole; re-adding completes it."""
    db = tmp_path / "c.sqlite"
    proc = add_process(docs, db)
    wait_for(db, proc, 2)
    # Frozen while the count is read and the signal sent: on a loaded machine the add
    # could otherwise commit more batches between the two (or finish).
    proc.send_signal(signal.SIGSTOP)
    done = committed(db)
    proc.send_signal(sig)
    proc.send_signal(signal.SIGCONT)
    proc.wait(timeout=60)
    assert 0 < done < FILES, "the add finished before it could be interrupted"
    kept = check_integrity(db)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert done <= kept < FILES, f"{done} committed when signalled, {kept} after; {err}"
    if sig == signal.SIGINT:
        assert proc.returncode != 0
        assert "Traceback" not in err
    again = add_process(docs, db)
    _, again_err = again.communicate(timeout=300)
    assert again.returncode == 0, again_err.decode()
    assert check_integrity(db) == FILES
    assert fingerprint(db) == fingerprint(clean)


def test_report_while_adding(docs: Path, tmp_path: Path) -> None:
    """Reports from other processes read one consistent state while an add is writing:
    with the add frozen in the middle of its run (a batch may be open), then while it runs
    on. The freeze makes the middle certain however fast the add goes: before, the add
    could finish while the command-line report started, leaving one state seen."""
    db = tmp_path / "c.sqlite"
    proc = add_process(docs, db)
    wait_for(db, proc, 1)
    seen: list[int] = []

    def report_once() -> None:
        conn = connect(db, readonly=True)
        try:
            report = build_report(conn)
        finally:
            conn.close()
        totals = report["totals"]
        assert sum(g["questions"] for g in report["groups"]) == totals["questions"]
        assert sum(g["documents"] for g in report["groups"]) == totals["documents"]
        seen.append(totals["documents"])

    proc.send_signal(signal.SIGSTOP)
    try:
        report_once()
        command = [sys.executable, "-m", "dedup", "corpus", "report", "--db", str(db)]
        out = subprocess.run(
            [*command, "--format", "json"],
            capture_output=True,
            timeout=120,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert out.returncode == 0, out.stderr.decode()
        # Nothing was committed meanwhile: the same documents in both reports.
        assert json.loads(out.stdout)["totals"]["documents"] == seen[-1]
    finally:
        proc.send_signal(signal.SIGCONT)
    while proc.poll() is None:
        report_once()
    report_once()
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert 0 < seen[0] < FILES and seen[-1] == FILES
    assert seen == sorted(seen)
    assert check_integrity(db) == FILES


def test_full_disk_keeps_committed_documents(docs: Path, tmp_path: Path) -> None:
    """A full disk mid-add is one CorpusError and leaves every committed document whole."""
    db = tmp_path / "c.sqlite"
    files = sorted(docs.iterdir())
    with Corpus(db, create=True) as c:
        c.add(files[:1], jobs=1)
        pages = c.conn.execute("PRAGMA page_count").fetchone()[0]
        c.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
        with pytest.raises(CorpusError, match="database or disk is full") as exc:
            c.add(files[1:], jobs=1)
        assert "documents added before it are committed" in str(exc.value)
    kept = check_integrity(db)
    assert 1 <= kept < FILES


def _stored(db: Path) -> set[str]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return {row[0] for row in conn.execute("SELECT sha256 FROM documents")}
    finally:
        conn.close()


def test_sigkill_mid_batch_keeps_every_committed_batch(
    docs: Path, clean: Path, tmp_path: Path
) -> None:
    """Killed (SIGKILL) while writing its next batch, add keeps every document it had
    committed, whole; the re-run adds the rest and gives the uninterrupted result."""
    db = tmp_path / "c.sqlite"
    proc = add_process(docs, db)
    wait_for(db, proc, 1)
    before = _stored(db)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert 0 < len(before) < FILES, "the add finished before it could be killed"
    after = _stored(db)
    assert before <= after
    assert check_integrity(db) == len(after) < FILES
    again = add_process(docs, db)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert check_integrity(db) == FILES
    assert fingerprint(db) == fingerprint(clean)


class _Interrupted(Exception):
    """Stands for the process dying while the next documents are being prepared."""


def test_batches_are_atomic(docs: Path, tmp_path: Path) -> None:
    """Documents are committed per batch: an interruption loses the open batch entirely,
    keeps the committed ones, and the summary names only what is committed."""
    files = sorted(docs.iterdir())[:7]
    params = IndexParams()
    prepared = [prepare_file(FileTask(str(f), f.name, {}, 2**25, params)) for f in files]

    def results() -> Iterator[Prepared | Failed]:
        yield from prepared
        raise _Interrupted

    seen: list[tuple[str, str]] = []
    conn = connect(tmp_path / "c.sqlite", create=True)
    try:
        with transaction(conn):
            index_params(conn, params)
        summary = IngestSummary()
        with pytest.raises(_Interrupted):
            write_prepared(
                conn,
                results(),
                params,
                summary,
                lambda path, status: seen.append((path, status)),
                batch_documents=3,
                batch_seconds=3600,
            )
        stored = conn.execute("SELECT name FROM documents ORDER BY name").fetchall()
    finally:
        conn.close()
    # Two batches of three were committed; the seventh document's batch was still open.
    assert [r[0] for r in stored] == [f.name for f in files[:6]]
    assert summary.added == [str(f) for f in files[:6]]
    assert seen == [(str(f), "added") for f in files[:6]]
    assert check_integrity(tmp_path / "c.sqlite") == 6
