"""`add`: expand paths, prepare documents in a process pool, write them one by one.

Workers read, segment and sign documents (the CPU-heavy part); the parent process is
the only writer and commits the documents in batches (one transaction each), in input
order, so the result does not depend on `jobs`. An interrupted run keeps every batch that
was committed and nothing of the batch it was writing; running `add` again adds the rest.
"""

from __future__ import annotations

import glob
import multiprocessing
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dedup.collector import held_off_during
from dedup.corpus.bands import merge_if_full
from dedup.corpus.chronology import Signed
from dedup.corpus.db import transaction
from dedup.corpus.errors import CorpusError
from dedup.corpus.index import IndexParams, Prepared, prepare
from dedup.corpus.metadata import DocMeta, Manifest, extract_metadata, validate
from dedup.corpus.store import document_id, index_params, is_stale, store, update_metadata
from dedup.corpus.texts import packs_unchanged
from dedup.errors import DedupError
from dedup.limits import MAX_INPUT_BYTES
from dedup.model import Segmentation

SUFFIXES = frozenset({".txt", ".text", ".pdf", ".html", ".htm", ".xhtml", ".xml", ".docx"})

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Failed:
    """A file that could not be prepared, with the one-line reason."""

    path: str
    problem: str


@dataclass(frozen=True, slots=True)
class FileTask:
    path: str
    name: str
    overrides: dict[str, str]
    max_bytes: int
    params: IndexParams


@dataclass(frozen=True, slots=True)
class SegTask:
    """A document already segmented (library use, tests, the bench)."""

    seg: Segmentation
    meta: DocMeta
    name: str
    params: IndexParams


@dataclass(slots=True)
class IngestSummary:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)


Progress = Callable[[str, str], None]  # (path, status) after each document


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failed]]:
    """Files, directories (recursively, supported suffixes) and globs, sorted, deduplicated."""
    found: dict[str, Path] = {}
    missing: list[Failed] = []
    for raw in paths:
        text = str(raw)
        candidates: list[Path]
        if any(ch in text for ch in "*?[") and not Path(text).exists():
            # A pattern may be absolute, which Path.glob does not take.
            candidates = [Path(p) for p in sorted(glob.glob(text, recursive=True))]  # noqa: PTH207
            if not candidates:
                missing.append(Failed(text, "no file matches this pattern"))
                continue
        else:
            candidates = [Path(text)]
        for p in candidates:
            if p.is_dir():
                for f in sorted(p.rglob("*")):
                    if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                        found.setdefault(str(f.resolve()), f)
            elif p.exists():
                found.setdefault(str(p.resolve()), p)
            else:
                missing.append(Failed(text, "no such file or directory"))
    return [found[k] for k in sorted(found)], missing


@held_off_during
def prepare_file(task: FileTask) -> Prepared | Failed:
    """Read, segment, take metadata and sign one file (in a worker process), with the
    cyclic collector held off for the whole document: its passes inside comparing
    (which holds it off for pair building only) cost ~25 ms of a document's ~580 ms of
    CPU, walking containers that reference counting frees; a document's own cycles, if
    any, are collected on the collector's first pass after it."""
    from dedup.ingest import read_document
    from dedup.pipeline import segment_text

    try:
        source = read_document(task.path, max_bytes=task.max_bytes)
        meta = extract_metadata(source.lines).merged(task.overrides)
        seg = segment_text(source)
        return prepare(seg, meta, task.params, name=task.name, path=task.path)
    except DedupError as exc:
        return Failed(task.path, exc.problem)
    except MemoryError:
        return Failed(task.path, "out of memory; the input is too large")
    except Exception as exc:  # one bad document must not stop a batch of thousands
        return Failed(task.path, f"internal error: {type(exc).__name__}: {exc}")


@held_off_during  # as `prepare_file`: its comparing runs the collector for nothing
def prepare_segmentation(task: SegTask) -> Prepared | Failed:
    return prepare(task.seg, task.meta, task.params, name=task.name, path=task.seg.document.path)


def ordered_map(
    func: Callable[[T], R], items: Iterable[T], jobs: int, *, window: int = 4
) -> Iterator[R]:
    """`map` over a process pool, results in input order, at most jobs x window in flight
    (memory stays flat however many items there are). jobs == 1 runs in this process."""
    if jobs <= 1:
        for item in items:
            yield func(item)
        return
    # fork: workers start without re-importing the caller's main module, so a script
    # without an `if __name__ == "__main__"` guard works too (Linux, macOS).
    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(func, item))
                if len(pending) >= jobs * window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            for fut in pending:
                fut.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def warm_up(params: IndexParams) -> None:
    """Import, before the pool forks its workers, what each of them would import for
    itself on its first document (segmentation, comparison, scikit-learn: ~1 s of CPU
    per worker, per `add`); the writer needs scikit-learn to score questions too."""
    import dedup.cluster
    import dedup.compare
    import dedup.ingest
    import dedup.pipeline  # noqa: F401
    from dedup.corpus.index import question_score

    question_score("warm up", "warm up", params)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _sha256(path: Path, max_bytes: int) -> str | Failed:
    """The content hash, after the checks `dedup analyze` makes (a regular file, not empty,
    not too large), so a FIFO or /dev/zero is refused instead of read for ever."""
    from dedup.ingest.files import hash_input

    try:
        return hash_input(path, max_bytes=max_bytes)
    except DedupError as exc:
        return Failed(str(path), exc.problem)


# Documents are committed in batches: one COMMIT (a WAL sync) per batch instead of one per
# document, which was 56% of the writer's time. A batch is written when it holds
# BATCH_DOCUMENTS documents or its first document has waited BATCH_SECONDS, so an
# interrupted add loses at most the last couple of seconds of preparing.
BATCH_DOCUMENTS = 64
BATCH_SECONDS = 2.0


def write_prepared(
    conn: sqlite3.Connection,
    results: Iterable[Prepared | Failed],
    params: IndexParams,
    summary: IngestSummary,
    progress: Progress | None = None,
    *,
    batch_documents: int = BATCH_DOCUMENTS,
    batch_seconds: float = BATCH_SECONDS,
    jobs: int = 1,
) -> IngestSummary:
    """Commit the prepared documents in batches, each batch in one transaction; `jobs`
    worker processes sign the documents again if they are placed again in date order
    (except the first `KEEP_SIGNED` documents of this call, whose signatures are kept)."""
    batch: list[Prepared | Failed] = []
    signed: dict[int, Signed] = {}
    first = 0.0
    for result in results:
        if not batch:
            first = time.monotonic()
        batch.append(result)
        if len(batch) >= batch_documents or time.monotonic() - first >= batch_seconds:
            _write_batch(conn, batch, params, summary, progress, signed)
            batch = []
    if batch:
        _write_batch(conn, batch, params, summary, progress, signed)
    if is_stale(conn):
        _replace_all(conn, params, summary, jobs, signed)
    return summary


def _replace_all(
    conn: sqlite3.Connection,
    params: IndexParams,
    summary: IngestSummary,
    jobs: int,
    signed: Mapping[int, Signed],
) -> None:
    """Place every document again in date order (some came in out of order)."""
    from dedup.corpus.chronology import replace_all

    try:
        replace_all(conn, params, jobs=jobs, signed=signed)
    except sqlite3.OperationalError as exc:  # disk full, I/O error, locked too long
        raise CorpusError(
            None,
            f"cannot place the documents in date order ({exc}); the {len(summary.added)} "
            "documents added are committed, and the next `dedup corpus add` places them",
        ) from exc


# Signatures of the documents an `add` stores, kept for placing them again in date order
# at its end (`chronology.replace_all`) without reading and signing them again: 23 of the
# 58 ms per document that placing again cost on the bench's 20 real files, which come in
# no date order. A real verslag's signatures take ~0.75 MiB, so this many take ~48 MiB of
# the writer's memory at most; past them, placing again reads and signs the rest.
KEEP_SIGNED = 64


def _same_when_read(doc: Prepared) -> bool:
    """Whether placing `doc` again from its stored rows would sign the texts it was
    signed from: storing changes a text that `texts.packs_unchanged` refuses (a packing
    separator in it), which ingest never leaves in a text but a library caller's
    segmentation may."""
    return all(packs_unchanged(q.text) for q in doc.questions) and all(
        packs_unchanged(a.text) for a in doc.answers
    )


def _write_batch(
    conn: sqlite3.Connection,
    batch: list[Prepared | Failed],
    params: IndexParams,
    summary: IngestSummary,
    progress: Progress | None,
    signed: dict[int, Signed],
) -> None:
    """Commit `batch`; `signed` keeps the signatures of the first `KEEP_SIGNED` documents
    stored, for placing them again in date order without signing them again."""
    statuses: list[tuple[str, str]] = []
    kept: dict[int, Signed] = {}
    current = ""
    try:
        with transaction(conn):
            for result in batch:
                current = result.path
                if isinstance(result, Failed):
                    statuses.append((result.path, "failed"))
                    continue
                doc_id = store(conn, result, params)
                statuses.append((result.path, "added" if doc_id is not None else "unchanged"))
                room = len(signed) + len(kept) < KEEP_SIGNED
                if doc_id is not None and room and _same_when_read(result):
                    kept[doc_id] = (doc_id, result.questions, result.answers)
            merge_if_full(conn)
    except sqlite3.OperationalError as exc:  # disk full, I/O error, locked too long
        raise CorpusError(
            None,
            f"cannot write {current} to the corpus ({exc}); the "
            f"{len(summary.added)} documents added before it are committed",
        ) from exc
    # Only now are they stored: summary and progress never announce a rolled-back document.
    signed.update(kept)
    failed = {r.path: r for r in batch if isinstance(r, Failed)}
    for path, status in statuses:
        if status == "failed":
            summary.failed.append(failed[path])
        else:
            (summary.added if status == "added" else summary.unchanged).append(path)
        if progress:
            progress(path, status)


def add_files(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    overrides: Mapping[str, str] | None = None,
    manifest: Manifest | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    params: IndexParams | None = None,
    progress: Progress | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Add files, directories and globs; documents already stored (same content) are
    left as they are, except that explicit metadata (options, manifest) is applied."""
    explicit = validate(overrides or {}, source="metadata option")
    with transaction(conn):
        params = index_params(conn, params)
    files, missing = expand_paths(paths)
    summary = IngestSummary(failed=list(missing))
    todo: list[FileTask] = []
    for f in files:
        sha = _sha256(f, max_bytes)
        if isinstance(sha, Failed):
            summary.failed.append(sha)
            continue
        values = {**(manifest.lookup(f, sha) if manifest else {}), **explicit}
        existing = document_id(conn, sha)
        if existing is not None:
            with transaction(conn):
                changed = update_metadata(conn, existing, values)
            (summary.updated if changed else summary.unchanged).append(str(f))
            if progress:
                progress(str(f), "updated" if changed else "unchanged")
            continue
        todo.append(FileTask(str(f), f.name, values, max_bytes, params))
    if on_plan:
        on_plan(len(todo))
    workers = min(jobs or default_jobs(), max(1, len(todo)))
    if workers > 1:
        warm_up(params)
    results = ordered_map(prepare_file, todo, workers)
    return write_prepared(conn, results, params, summary, progress, jobs=jobs or default_jobs())


def add_segmentations(
    conn: sqlite3.Connection,
    items: Iterable[tuple[Segmentation, DocMeta]],
    *,
    jobs: int = 1,
    params: IndexParams | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Add documents that are already segmented (the library entry point)."""
    with transaction(conn):
        params = index_params(conn, params)
    tasks = (
        SegTask(seg, meta, Path(seg.document.path).name or seg.document.sha256[:12], params)
        for seg, meta in items
    )
    return write_prepared(
        conn,
        ordered_map(prepare_segmentation, tasks, jobs),
        params,
        IngestSummary(),
        progress,
        jobs=jobs,
    )
