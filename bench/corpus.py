"""Corpus mode at scale: ingest, report and search on synthetic corpora of 1k-10k documents,
against the naive all-pairs comparison where that finishes in reasonable time.

A bench *document* is pre-segmented (segmenting 10k texts would measure the segmenter
and `analyze`'s question clustering, ~1-3 s per full verslag, which `bench/segment.py`
and `bench/speed.py` cover): all eight fraction sections of the fixture (a real
verslag's size: about 245 Part I questions and 160 answer passages) with 15% of
sentences reworded, 10% of answers dropped, 10% pasted in from another section, and a
quarter of extra questions and answers of new text unique to the document
(`dedup.corpus.synthetic.synthetic_segmentation`, deterministic for the seed), dated
one day after the previous one (a corpus added in date order; `chronology.py` covers
the other case). Each
corpus is built from scratch in its own process (so the peak memory is its own) with
the same worker pool and writer as `dedup corpus add`.

Naive method: every pair of distinct answer-sentence forms compared with rapidfuzz
(`process.cdist`, all cores, score cutoff 85, exact duplicates collapsed first, which
only helps it). `pair recall` is the share of the naive method's cross-document pairs
that the index put into the same sentence cluster.

    python bench/corpus.py                      # 1k, 2k, 5k, 10k; naive up to 2k
    python bench/corpus.py --sizes 200,500 --naive-sizes 200,500

Real files (`--files`): whole verslagen written to a folder as text files (the sample's
sections reworded, dropped, pasted and reordered, with their own front matter, line width
and page footers: `dedup.corpus.synthetic.variant_text`, the files the corpus tests add)
and added with `add_files`, the code of `dedup corpus add`: reading, segmenting, metadata,
signing in the worker pool, the batched writer. Prints docs/s, database bytes per
document (after a WAL checkpoint) and search latency at each size.

    python bench/corpus.py --files --sizes 1000          # real-size files, 2 workers

The issue's figures in one run (`--summary`): docs/s of `dedup corpus add` on real-size
files with 1 and with 2 worker processes, database bytes per document, and search p95
at 1k and 10k pre-segmented real-size documents (all eight fraction sections of the
sample per document, dated in the order they are added):

    python bench/corpus.py --summary --files-count 40 --sizes 1000,10000

Where one document's time goes (`--phases`): `corpus add` of real-size files with one
job, in this process, each stage's CPU time per document (its own, without the stages it
calls): reading, metadata, segmenting, comparing, clustering, signing, packing, the
writer's placing and committing, and placing every document again in date order at the
end (the files come in no date order). Pickling a prepared document for the pipe to the
writer (what `--jobs 2` adds) is measured on each document as well.

    python bench/corpus.py --phases --files-count 20
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "kst-29325-157.txt"
NAIVE_BUDGET_S = 420.0
# Fraction sections per synthetic document: all eight of the sample, a real verslag's size.
SECTIONS = 8


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, MiB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(me, 1), round(kids, 1)


def _queries(seed: int, n: int = 50) -> list[str]:
    from dedup.corpus.synthetic import reword
    from dedup.pipeline import segment_file

    rng = random.Random(seed)
    questions = [q.text for q in segment_file(SAMPLE).part_one() if len(q.text) > 60]
    return [reword(rng.choice(questions), rng, swaps=2) for _ in range(n)]


def _search_times(conn: Any, queries: list[str]) -> list[float]:
    from dedup.corpus.search import search

    search(conn, queries[0])  # warm: imports and page cache
    times = []
    for q in queries:
        t = time.perf_counter()
        search(conn, q)
        times.append(1000 * (time.perf_counter() - t))
    return sorted(times)


STRETCH = 500  # documents per progress line of a growing corpus


def _stretches(done: int) -> Callable[[str, str], None]:
    """A progress callback that says on stderr, every `STRETCH` documents, the docs/s of
    that stretch: whether the cost per document stays flat as the corpus grows (and how
    far a long build got)."""
    state = {"n": done, "t": time.perf_counter()}

    def progress(path: str, status: str) -> None:
        state["n"] += 1
        if state["n"] % STRETCH == 0:
            now = time.perf_counter()
            rate = STRETCH / (now - state["t"])
            print(f"    {state['n']:,} documents: {rate:.1f} docs/s", file=sys.stderr, flush=True)
            state["t"] = now

    return progress


def build(sizes: list[int], seed: int, jobs: int, db: Path) -> None:
    """Grow one corpus in `db` through `sizes`, printing a JSON line at each size: the
    ingest time so far, then report time, search latency, peak memory and size."""
    from dedup.corpus.db import connect, database_size, transaction
    from dedup.corpus.index import IndexParams
    from dedup.corpus.ingest import IngestSummary, ordered_map, write_prepared
    from dedup.corpus.report import build_report
    from dedup.corpus.store import index_params
    from dedup.corpus.synthetic import SyntheticTask, synthetic_prepared

    conn = connect(db, create=True)
    with transaction(conn):
        params = index_params(conn, IndexParams())
    queries = _queries(seed)
    done, ingest = 0, 0.0
    for n in sizes:
        tasks = (
            SyntheticTask(str(SAMPLE), seed, i, SECTIONS, params, chronological=True)
            for i in range(done, n)
        )
        started = time.perf_counter()
        summary = write_prepared(
            conn,
            ordered_map(synthetic_prepared, tasks, jobs),
            params,
            IngestSummary(),
            _stretches(done),
        )
        step = time.perf_counter() - started
        assert len(summary.added) == n - done, "synthetic documents must all be new"
        ingest += step
        times = _search_times(conn, queries)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # measure the database, not the WAL
        me, kids = _peak_mb()  # before the report: the writer's and workers' own
        commands = report_commands(db)
        started = time.perf_counter()
        build_report(conn)
        report_s = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "documents": n,
                    "ingest_s": round(ingest, 1),
                    "step_docs_per_s": round((n - done) / step, 1),
                    "report_s": round(report_s, 2),
                    **commands,
                    "search_ms_mean": round(sum(times) / len(times), 1),
                    "search_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1),
                    "peak_writer_mb": me,
                    "peak_worker_mb": kids,
                    "db_mb": round(database_size(db) / 2**20, 1),
                }
            ),
            flush=True,
        )
        done = n
    conn.close()


REPORT_FORMATS = ("rich", "json")
# `dedup ARGS...` (argv[2:]) that writes its peak resident KiB to argv[1] as it exits.
_HWM_AT_EXIT = """
import atexit, re, runpy, sys
out = sys.argv[1]
def hwm():
    with open("/proc/self/status") as f:
        kib = re.search(r"VmHWM:\\s*(\\d+)", f.read()).group(1)
    with open(out, "w") as f:
        f.write(kib)
atexit.register(hwm)
sys.argv = ["dedup", *sys.argv[2:]]
runpy.run_module("dedup", run_name="__main__")
"""


def report_commands(db: Path) -> dict[str, float]:
    """`dedup corpus report` of `db` as a user runs it, each format in its own process
    (output to a file): wall seconds, CPU seconds and peak resident MiB of that process
    (imports included, ~0.1 s of them recompiling this checkout with
    PYTHONDONTWRITEBYTECODE). The peak is the child's own VmHWM, read as it exits:
    Linux's ru_maxrss of a child starts from its parent's resident size at the fork, the
    writer's here."""
    import os

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="dedup-report-") as tmp:
        for fmt in REPORT_FORMATS:
            target = Path(tmp) / f"report.{fmt}"
            hwm = Path(tmp) / "hwm"
            started = time.perf_counter()
            command = ["corpus", "report", "--db", str(db), "--format", fmt]
            proc = subprocess.Popen(
                [sys.executable, "-c", _HWM_AT_EXIT, str(hwm), *command, "--out", str(target)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"dedup corpus report --format {fmt} failed on {db}")
            out[f"report_{fmt}_s"] = round(wall, 2)
            out[f"report_{fmt}_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
            out[f"report_{fmt}_mb"] = round(int(hwm.read_text()) / 1024, 1)
            out[f"report_{fmt}_output_mb"] = round(target.stat().st_size / 2**20, 2)
    return out


def build_files(sizes: list[int], seed: int, jobs: int, db: Path, folder: Path) -> None:
    """Grow one corpus from real-size text files, segmentation included; a JSON line per
    size."""
    from dedup.corpus.db import connect, database_size
    from dedup.corpus.ingest import add_files
    from dedup.corpus.synthetic import parse_skeleton, variant_text

    skel = parse_skeleton(SAMPLE.read_text(encoding="utf-8"))
    conn = connect(db, create=True)
    queries = _queries(seed)
    done, ingest, text_bytes = 0, 0.0, 0
    for n in sizes:
        step = folder / f"to-{n}"
        step.mkdir(parents=True, exist_ok=True)
        for i in range(done, n):
            text = variant_text(skel, seed * 100_000 + i)
            text_bytes += len(text.encode("utf-8"))
            (step / f"verslag-{i:05d}.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        summary = add_files(conn, [step], jobs=jobs)
        took = time.perf_counter() - started
        assert len(summary.added) == n - done, (summary.failed, summary.unchanged)
        ingest += took
        times = _search_times(conn, queries)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # measure the database, not the WAL
        me, kids = _peak_mb()
        print(
            json.dumps(
                {
                    "documents": n,
                    "ingest_s": round(ingest, 1),
                    "step_docs_per_s": round((n - done) / took, 2),
                    "db_kib_per_doc": round(database_size(db) / n / 1024, 1),
                    "text_kib_per_doc": round(text_bytes / n / 1024, 1),
                    "search_ms_mean": round(sum(times) / len(times), 1),
                    "search_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1),
                    "peak_writer_mb": me,
                    "peak_worker_mb": kids,
                }
            ),
            flush=True,
        )
        done = n
    conn.close()


# (module, function, phase) of `--phases`, in the order printed.
PHASES = (
    ("dedup.ingest", "read_document", "worker: read"),
    ("dedup.corpus.ingest", "extract_metadata", "worker: metadata"),
    ("dedup.pipeline", "segment_text", "worker: segment"),
    ("dedup.compare", "compare_answers", "worker: compare answers"),
    ("dedup.compare", "compare_questions", "worker: compare questions"),
    ("dedup.cluster", "cluster_questions", "worker: cluster questions"),
    ("dedup.corpus.index", "sign_questions", "worker: sign questions"),
    ("dedup.corpus.index", "sign_answers", "worker: sign answers (MinHash, sentence hashes)"),
    ("dedup.corpus.index", "with_packed_texts", "worker: pack texts"),
    ("dedup.corpus.ingest", "store", "writer: insert document row"),
    ("dedup.corpus.store", "_store_questions", "writer: place questions"),
    ("dedup.corpus.store", "_sentence_clusters", "writer: place sentences"),
    ("dedup.corpus.store", "_store_answers", "writer: place answers (shapes, passages)"),
    ("dedup.corpus.store", "store_unplaced", "writer: store unplaced"),
    ("dedup.corpus.ingest", "merge_if_full", "writer: merge LSH bands"),
    ("dedup.corpus.ingest", "_write_batch", "writer: commits, bookkeeping"),
    ("dedup.corpus.chronology", "_load", "again by date: read back"),
    ("dedup.corpus.chronology", "reclaim_free_pages", "again by date: reclaim pages"),
    ("dedup.corpus.ingest", "_replace_all", "again by date: clear, renumber, check"),
)


def phases_main(files: int, seed: int, work: Path) -> None:
    """`corpus add` of `files` real-size files, one job, CPU per document per stage."""
    import importlib
    import pickle

    from dedup.corpus import ingest
    from dedup.corpus.db import connect
    from dedup.corpus.synthetic import parse_skeleton, variant_text

    folder = work / "phases"
    folder.mkdir(parents=True, exist_ok=True)
    skel = parse_skeleton(SAMPLE.read_text(encoding="utf-8"))
    for i in range(files):
        text = variant_text(skel, seed * 100_000 + i)
        (folder / f"verslag-{i:05d}.txt").write_text(text, encoding="utf-8")
    own: dict[str, float] = dict.fromkeys([label for _, _, label in PHASES], 0.0)
    stack: list[float] = []  # CPU time of the stages called by each open stage
    again = [False]  # placing again by date (its signing and placing are counted apart)

    def timed(func: Callable[..., Any], label: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            key = "again by date:" + label.split(":", 1)[1] if again[0] else label
            stack.append(0.0)
            started = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                took = time.process_time() - started
                own[key] = own.get(key, 0.0) + took - stack.pop()
                if stack:
                    stack[-1] += took

        return run

    for module, name, label in PHASES:
        mod = importlib.import_module(module)
        setattr(mod, name, timed(getattr(mod, name), label))

    def as_again(func: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            again[0] = True
            try:
                return func(*args)
            finally:
                again[0] = False

        return run

    chronology = importlib.import_module("dedup.corpus.chronology")
    for name in ("_sign", "place"):  # signing and placing again by date
        setattr(chronology, name, as_again(getattr(chronology, name)))
    pickled = [0.0, 0.0]
    prepare_file = ingest.prepare_file

    def prepare_and_pickle(task: Any) -> Any:
        result = prepare_file(task)
        started = time.process_time()
        blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(blob)
        pickled[0] += time.process_time() - started
        pickled[1] += len(blob)
        return result

    ingest.prepare_file = prepare_and_pickle
    conn = connect(_fresh(work / "phases.sqlite"), create=True)
    started, wall = time.process_time(), time.perf_counter()
    summary = ingest.add_files(conn, [folder], jobs=1)
    total, wall = time.process_time() - started, time.perf_counter() - wall
    conn.close()
    n = len(summary.added)
    assert n == files, (summary.failed, summary.unchanged)
    print(f"`corpus add` of {n} real-size files, 1 job, in one process: {n / wall:.2f} docs/s")
    print()
    print("| phase | ms CPU per document | share |")
    print("|---|---|---|")
    rest = total - sum(own.values())
    for label, secs in [*own.items(), ("the rest (imports, planning, the loop)", rest)]:
        if secs:
            print(f"| {label} | {1000 * secs / n:.1f} | {100 * secs / total:.1f}% |")
    print(f"| **total** | **{1000 * total / n:.1f}** | 100% |")
    print(
        f"\nnot in the total (only with --jobs 2 and more): pickling and unpickling a "
        f"prepared document {1000 * pickled[0] / n:.1f} ms, {pickled[1] / n / 1024:.0f} KiB"
    )


def _fresh(db: Path) -> Path:
    """`db` with no database (nor its WAL and shared-memory files) left from a run."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def _build_files(sizes: str, db: Path, seed: int, jobs: int, work: Path) -> list[dict[str, Any]]:
    """Rows of a `--build-files` child process: real-size files added through `sizes`."""
    return _run(
        [
            "--build-files",
            sizes,
            "--db",
            str(db),
            "--seed",
            str(seed),
            "--jobs",
            str(jobs),
            "--workdir",
            str(work / "files"),
        ]
    )


def files_main(sizes: list[int], seed: int, jobs: int, work: Path) -> None:
    db = _fresh(work / "files.sqlite")
    print(
        f"Real-size text files (whole verslagen, segmented on ingest); {jobs} worker "
        "processes + 1 writer, batched commits.\n"
        "One corpus grows through the sizes.",
        flush=True,
    )
    started = time.perf_counter()
    rows = _build_files(",".join(map(str, sizes)), db, seed, jobs, work)
    header = (
        "| documents | ingest s | docs/s (this step) | DB KiB per document | text KiB per "
        "document | search ms mean / p95 | peak MiB writer / worker |"
    )
    print()
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for r in rows:
        print(
            f"| {r['documents']:,} | {r['ingest_s']} | {r['step_docs_per_s']} | "
            f"{r['db_kib_per_doc']} | {r['text_kib_per_doc']} | {r['search_ms_mean']} / "
            f"{r['search_ms_p95']} | {r['peak_writer_mb']:.0f} / {r['peak_worker_mb']:.0f} |"
        )
    print(f"\ntotal bench time {time.perf_counter() - started:.0f} s; database in {work}")


def summary_main(sizes: list[int], files: int, seed: int, work: Path) -> None:
    """Real files with 1 and 2 jobs, then the synthetic corpus through `sizes`."""
    rows: list[tuple[str, str, str, str, str]] = []
    for jobs in (1, 2):
        db = _fresh(work / f"files-{jobs}.sqlite")
        print(f"real-size files, {files} documents, {jobs} job(s):", flush=True)
        (r,) = _build_files(str(files), db, seed, jobs, work)
        rows.append(
            (
                f"`corpus add` of {files} real files, --jobs {jobs}",
                str(r["step_docs_per_s"]),
                str(r["db_kib_per_doc"]),
                f"{r['search_ms_p95']}",
                "",
            )
        )
    db = _fresh(work / "synthetic.sqlite")
    print("pre-segmented real-size documents, 2 jobs:", flush=True)
    for r in _run(
        ["--build", ",".join(map(str, sizes)), "--db", str(db), "--seed", str(seed), "--jobs", "2"]
    ):
        rows.append(
            (
                f"{r['documents']:,} pre-segmented real-size documents (writer)",
                str(r["step_docs_per_s"]),
                f"{r['db_mb'] * 1024 / r['documents']:.1f}",
                f"{r['search_ms_p95']}",
                f"{r['report_s']} ({_report_cells(r)})",
            )
        )
    print()
    print(
        "| corpus | docs/s | DB KiB per document | search p95 ms | report s (in process; "
        "`corpus report` rich / json: s, peak MiB) |"
    )
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _report_cells(r: dict[str, Any]) -> str:
    return " / ".join(
        f"{r[f'report_{fmt}_s']} s, {r[f'report_{fmt}_mb']:.0f} MiB" for fmt in REPORT_FORMATS
    )


def report_main(db: Path) -> None:
    """`dedup corpus report` of an existing corpus (say, the one a long build left):
    each format's wall and CPU seconds and peak memory, with this checkout's code."""
    from dedup.corpus.db import connect

    conn = connect(db, readonly=True)
    (n,) = conn.execute("SELECT COUNT(*) FROM documents").fetchone()
    conn.close()
    print(json.dumps({"documents": n, **report_commands(db)}), flush=True)


def naive(n: int, seed: int, jobs: int, db: Path | None) -> dict[str, Any]:
    """All pairs of distinct answer-sentence forms of `n` documents (rapidfuzz cdist)."""
    import numpy as np
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    from dedup.corpus.index import answer_sentences, form_hash
    from dedup.corpus.synthetic import base_segmentation, synthetic_segmentation

    base = base_segmentation(str(SAMPLE))
    owners: dict[str, set[int]] = {}
    for i in range(n):
        seg, _ = synthetic_segmentation(base, seed, i, 3)
        for a in seg.answers:
            for f in answer_sentences(a.text, 20):
                owners.setdefault(f, set()).add(i)
    forms = sorted(owners)
    started = time.perf_counter()
    pairs: list[tuple[int, int]] = []
    chunk = 2000
    for lo in range(0, len(forms), chunk):
        block = cdist(
            forms[lo : lo + chunk],
            forms,
            scorer=fuzz.ratio,
            score_cutoff=85,
            dtype=np.uint8,
            workers=jobs,
        )
        rows, cols = np.nonzero(block)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i = lo + r
            if i < c and (len(owners[forms[i]] | owners[forms[c]]) > 1):
                pairs.append((i, c))
    elapsed = time.perf_counter() - started
    recall = None
    if db is not None and db.exists():
        import sqlite3

        conn = sqlite3.connect(db)
        cluster = dict(conn.execute("SELECT hash, cluster FROM sentences"))
        conn.close()
        same = sum(
            1
            for i, j in pairs
            if cluster.get(form_hash(forms[i])) == cluster.get(form_hash(forms[j]))
        )
        recall = round(same / len(pairs), 4) if pairs else None
    me, _ = _peak_mb()
    return {
        "documents": n,
        "naive_s": round(elapsed, 1),
        "distinct_forms": len(forms),
        "cross_pairs": len(pairs),
        "pair_recall": recall,
        "peak_naive_mb": me,
    }


def _run(args: list[str]) -> list[dict[str, Any]]:
    """Run this script in a child process (its own peak memory); its JSON lines."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(json.loads(line))
        print(f"  {lines[-1]}", flush=True)
    if proc.wait() != 0:
        raise SystemExit(f"bench child {args} failed")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--naive-sizes", default="100,200,400,800")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--files", action="store_true", help="real-size text files")
    parser.add_argument("--summary", action="store_true", help="the issue's figures")
    parser.add_argument("--files-count", type=int, default=40)
    parser.add_argument("--phases", action="store_true", help="CPU per document per stage")
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--build-files", help=argparse.SUPPRESS)
    parser.add_argument("--naive", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help="time `corpus report` of this database")
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build([int(s) for s in args.build.split(",")], args.seed, args.jobs, args.db)
        return
    if args.build_files:
        sizes_ = [int(s) for s in args.build_files.split(",")]
        build_files(sizes_, args.seed, args.jobs, args.db, args.workdir)
        return
    if args.report:
        report_main(args.report)
        return
    if args.naive:
        print(json.dumps(naive(args.naive, args.seed, args.jobs, args.db)))
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s})
    naive_sizes = sorted({int(s) for s in args.naive_sizes.split(",") if s})
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.phases:
        phases_main(args.files_count, args.seed, work)
        return
    if args.summary:
        summary_main(sizes, args.files_count, args.seed, work)
        return
    if args.files:
        files_main(sizes, args.seed, args.jobs, work)
        return
    db = _fresh(work / "corpus.sqlite")
    print(
        "A bench document: 3 fraction sections of the fixture, pre-segmented, with variants "
        "and new text\n(about 70 questions and 55 answer passages); "
        f"seed {args.seed}, {args.jobs} worker processes + 1 writer.\n"
        "One corpus grows through the sizes; ingest s is the total time to reach each size.",
        flush=True,
    )
    started = time.perf_counter()
    points = sorted(set(sizes) | set(naive_sizes))
    rows = {
        r["documents"]: r
        for r in _run(
            [
                "--build",
                ",".join(map(str, points)),
                "--db",
                str(db),
                "--seed",
                str(args.seed),
                "--jobs",
                str(args.jobs),
            ]
        )
    }
    last: tuple[int, float] | None = None
    for n in naive_sizes:
        if last is not None and last[1] * (n / last[0]) ** 2 > NAIVE_BUDGET_S:
            break
        res = _run(
            ["--naive", str(n), "--db", str(db), "--seed", str(args.seed), "--jobs", str(args.jobs)]
        )[0]
        rows[n].update(res)
        last = (n, max(float(res["naive_s"]), 0.1))
    for n, r in rows.items():
        if "naive_s" not in r and last is not None:
            r["naive_s"] = f"not run (est. {last[1] * (n / last[0]) ** 2:,.0f})"
    header = (
        "| documents | ingest s | docs/s (this step) | report s | search ms mean / p95 "
        "| peak MiB writer / worker | DB MiB | naive all-pairs s | pair recall |"
    )
    print()
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for n in sorted(rows):
        r = rows[n]
        recall = r.get("pair_recall")
        print(
            f"| {n:,} | {r['ingest_s']} | {r['step_docs_per_s']} | {r['report_s']} | "
            f"{r['search_ms_mean']} / {r['search_ms_p95']} | {r['peak_writer_mb']:.0f} / "
            f"{r['peak_worker_mb']:.0f} | {r['db_mb']} | {r.get('naive_s', '')} | "
            f"{'' if recall is None else recall} |"
        )
    print(f"\ntotal bench time {time.perf_counter() - started:.0f} s; database in {work}")


if __name__ == "__main__":
    main()
