"""Issue 11's speed table in one run: dedup, the floor and the peers side by side.

Run as `python bench/speed.py [--runs N] [--copies 1,2,5,10,20]` after
`pip install -e '.[bench]'` (string-grouper, datasketch for the peer rows).

Whole-process rows run a fresh interpreter per run and give the median wall time and the
median CPU time (user + sys of that child, from os.wait4): on a shared machine the wall time
includes waiting for a core, the CPU time mostly does not. In-process rows give medians of
process CPU time (time.process_time). Growth: each stage timed on the sample and on
perturbed copies of it (bench/compare.py's `scaled`, as in issue 11); exponent = slope of
log(time) over log(copies).
Peak memory: ru_maxrss of each child process, tracemalloc peak of the in-process stages.

Whole processes are timed the way a user who installed with `pip install .` runs them:
with dedup's bytecode cached (pip byte-compiles at install). An editable install with
PYTHONDONTWRITEBYTECODE set (as here) would compile dedup's modules from source on every
start instead (~0.1 s CPU that no installed user pays), so each child runs without that
variable, after one untimed warm-up run of the same command that writes the .pyc files
(dedup/__pycache__, gitignored). The peer glue gets the same treatment.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# bench/ is not a package: `python bench/speed.py` puts this folder on sys.path.
from compare import scaled, write_long_paragraph

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "kst-29325-157.txt"
PY = sys.executable
PEERS = ("datasketch", "string_grouper")
IMPORTS = (
    "import time; t = time.perf_counter(); "
    "import dedup.cli, dedup.pipeline, dedup.compare, dedup.cluster, dedup.render.to_json; "
    "from dedup.similarity.vectorizers import _load_sklearn_text; _load_sklearn_text(); "
    "print(time.perf_counter() - t, time.process_time())"
)


# The installed state: bytecode written and read (see the module docstring).
INSTALLED_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TIMED_STATE = "bytecode cached, as after `pip install .` (one untimed warm-up run per command)"


def child(args: Sequence[str]) -> tuple[float, float, float, str]:
    """Wall s, CPU s (user + sys) and peak RSS MiB of one child process, and its stdout."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            list(args), stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT, env=INSTALLED_ENV
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def warm(args: Sequence[str]) -> None:
    """One untimed run, so that the timed ones find every module's bytecode written."""
    child(args)


def medians(args: Sequence[str], runs: int) -> tuple[float, float, float, str]:
    warm(args)
    results = [child(args) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
        results[-1][3],
    )


def clear_caches() -> None:
    """Empty dedup's per-text caches, so that a repeated run costs what the first one did."""
    from dedup.parse.normalize import comparison_form
    from dedup.parse.sentences import _split_sentences
    from dedup.similarity.ngrams import _word_grams
    from dedup.similarity.scores import _sublinear_tf

    comparison_form.cache_clear()
    _split_sentences.cache_clear()
    _sublinear_tf.cache_clear()
    _word_grams.cache_clear()


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median CPU seconds of this process over `runs` calls, and the last result.

    CPU time, not wall time: with six helpers on two cores a wall clock mostly measures
    the wait for a core (both are printed for the whole-process rows). Caches are
    emptied before each call.
    """
    times = []
    result = None
    for _ in range(runs):
        clear_caches()
        t0 = time.process_time()
        result = fn()
        times.append(time.process_time() - t0)
    return statistics.median(times), result


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def row(what: str, dedup: str, floor: str, note: str = "") -> None:
    print(f"| {what} | {dedup} | {floor} | {note} |")


def whole_process(runs: int, have_peers: bool) -> None:
    wall, cpu, rss, _ = medians(
        [PY, "-m", "dedup", "analyze", str(SAMPLE), "--format", "json"], runs
    )
    if have_peers:
        pw, pc, prss, _ = medians([PY, "bench/peer_glue.py", str(SAMPLE)], runs)
        row(
            "`dedup analyze` sample, whole process",
            f"{wall:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MiB RSS",
            f"peer glue {pw:.2f} s wall, {pc:.2f} s CPU, {prss:.0f} MiB RSS",
            f"ratio {wall / pw:.2f} wall, {cpu / pc:.2f} CPU (goal <= 0.8)",
        )
    else:
        row(
            "`dedup analyze` sample, whole process",
            f"{wall:.2f} s wall, {cpu:.2f} s CPU",
            "peer glue not installed",
            "",
        )
    warm([PY, "-c", IMPORTS])
    imports = [child([PY, "-c", IMPORTS])[3].split() for _ in range(runs)]
    warm([PY, "-c", "pass"])
    passes = [child([PY, "-c", "pass"]) for _ in range(runs)]
    helps = medians([PY, "-m", "dedup", "--help"], runs)
    row(
        "of which imports (analyze path)",
        f"{statistics.median(float(i[0]) for i in imports):.2f} s wall, "
        f"{statistics.median(float(i[1]) for i in imports):.2f} s CPU (with interpreter start)",
        f"`python -c pass` {statistics.median(p[0] for p in passes):.2f} s wall, "
        f"{statistics.median(p[1] for p in passes):.2f} s CPU",
        f"`dedup --help` whole process {helps[0]:.2f} s wall, {helps[1]:.2f} s CPU; goal <= 0.6 s",
    )


def computation(runs: int) -> dict[str, float]:
    from dedup.cluster import build_graph, cluster_answers, cluster_questions
    from dedup.compare import compare_answers, compare_questions
    from dedup.ingest import read_document
    from dedup.parse.normalize import comparison_form
    from dedup.pipeline import segment_text
    from dedup.settings import Settings
    from dedup.similarity.candidates import tfidf_matrix, top_k_pairs

    settings = Settings()
    source = read_document(SAMPLE)
    seg_t, seg = timed(lambda: segment_text(source), runs)
    questions = seg.part_one()
    ans_t, reuse = timed(lambda: compare_answers(seg.answers, settings), runs)
    q_t, pairs = timed(lambda: compare_questions(questions, seg.answers, reuse, settings), runs)

    def cluster() -> None:
        graph = build_graph(questions, seg.answers, pairs, reuse)
        cluster_questions(questions, pairs, settings)
        cluster_answers(seg.answers, graph)

    cl_t, _ = timed(cluster, runs)
    cq_t, _ = timed(lambda: cluster_questions(questions, pairs, settings), runs)
    texts = [q.text for q in questions] + [a.text for a in seg.answers]

    def floor() -> None:
        lines = SAMPLE.read_text(encoding="utf-8").split("\n")
        assert lines
        forms = [comparison_form(t) for t in texts]
        top_k_pairs(tfidf_matrix(forms), k=10)

    floor_t, _ = timed(floor, runs)
    total = seg_t + ans_t + q_t + cl_t
    row(
        "computation after imports",
        f"{total:.2f} s (segment {seg_t:.2f}, compare answers {ans_t:.2f}, "
        f"compare questions {q_t:.2f}, cluster {cl_t:.2f})",
        f"read + tokenize + TF-IDF + sparse top-k over the {len(texts)} texts: {floor_t:.2f} s",
        "goal <= 0.25 s",
    )
    mem = peak_mib(lambda: compare_questions(questions, seg.answers, reuse, settings))
    return {"questions": q_t + cq_t, "q_mem": mem, "n_questions": len(questions)}


def questions_vs_peers(runs: int, ours: dict[str, float], have_peers: bool) -> None:
    from compare import minhash_answers, string_grouper_questions

    from dedup.parse.normalize import comparison_form
    from dedup.pipeline import segment_file

    seg = segment_file(SAMPLE)
    questions = seg.part_one()
    forms = [comparison_form(q.text) for q in questions]
    ids = [q.id for q in questions]
    peers = "peers not installed"
    if have_peers:
        sg = string_grouper_questions(forms, ids)
        mh = minhash_answers(forms, ids)
        sg_t, _ = timed(lambda: sg(False), runs)
        mh_t, _ = timed(lambda: mh(False), runs)
        peers = f"string-grouper {sg_t * 1000:.0f} ms, MinHash LSH {mh_t * 1000:.0f} ms"
    row(
        f"compare + cluster, the {len(questions)} questions",
        f"{ours['questions'] * 1000:.0f} ms (tracemalloc peak {ours['q_mem']:.0f} MiB)",
        peers,
        "goal <= 80 ms",
    )


def growth(copies: Sequence[int]) -> None:
    from dedup.cluster import build_graph, cluster_answers, cluster_questions
    from dedup.compare import compare_answers, compare_questions
    from dedup.ingest import read_document
    from dedup.model import SourceText
    from dedup.pipeline import segment_text
    from dedup.settings import Settings

    settings = Settings()
    source = read_document(SAMPLE)
    seg = segment_text(source)
    stages = ["segment", "compare answers", "compare questions", "cluster"]
    times: dict[str, list[float]] = {s: [] for s in stages}
    peaks: list[float] = []
    print()
    print(
        "| copies | questions | answers | "
        + " | ".join(f"{s} s" for s in stages)
        + " | compare answers peak MiB |"
    )
    print("|---|---|---|" + "---|" * (len(stages) + 1))
    for n in copies:
        data = scaled(seg.part_one(), seg.answers, n)
        # Segmenting n copies: the sample's text n times in one file, each a verslag.
        big = SourceText(source.path, source.sha256, source.format, source.lines * n, ())
        clear_caches()
        t0 = time.process_time()
        segment_text(big)
        t1 = time.process_time()
        reuse = compare_answers(data.answers, settings)
        t2 = time.process_time()
        pairs = compare_questions(data.questions, data.answers, reuse, settings)
        t3 = time.process_time()
        graph = build_graph(data.questions, data.answers, pairs, reuse)
        cluster_questions(data.questions, pairs, settings)
        cluster_answers(data.answers, graph)
        t4 = time.process_time()
        answers = data.answers
        peaks.append(peak_mib(lambda: compare_answers(answers, settings)))  # noqa: B023
        for s, v in zip(stages, [t1 - t0, t2 - t1, t3 - t2, t4 - t3], strict=True):
            times[s].append(v)
        print(
            f"| {n} | {len(data.questions)} | {len(data.answers)} | "
            + " | ".join(f"{times[s][-1]:.2f}" for s in stages)
            + f" | {peaks[-1]:.0f} |",
            flush=True,
        )
    if len(set(copies)) < 2:
        # One size (`--copies 1`): no slope to fit.
        return
    xs = [math.log(n) for n in copies]
    exps = []
    for s in stages:
        ys = [math.log(max(t, 1e-6)) for t in times[s]]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        exps.append(f"{s} n^{slope:.2f}")
    print()
    row(
        f"growth from {copies[0]} to {copies[-1]} perturbed copies",
        ", ".join(exps),
        "linear",
        "goal: every stage <= n^1.1; CPU seconds, one run per size",
    )


def long_paragraph(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_long_paragraph(Path(tmp))
        seg = medians([PY, "-m", "dedup", "segment", str(path), "--format", "json"], runs)
        t0 = time.perf_counter()
        path.read_text(encoding="utf-8").split(". ")
        floor = time.perf_counter() - t0
        # No warm-up of its own: whole_process ran `analyze` before, its bytecode is written.
        an = child([PY, "-m", "dedup", "analyze", str(path), "--format", "json"])
    found = json.loads(an[3])
    largest = max((len(c["members"]) for c in found["question_clusters"]), default=0)
    row(
        "one 1 MB paragraph without line breaks (in the sample)",
        f"`segment` {seg[0]:.2f} s wall ({seg[1]:.2f} CPU); `analyze` {an[0]:.1f} s wall "
        f"({an[1]:.1f} CPU), {an[2]:.0f} MiB RSS",
        f"read + split {floor:.2f} s",
        f"goal < 2 s; analyze: {len(found['questions'])} questions, largest question "
        f"cluster {largest} (each question keeps only its top-k pairs)",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", default="1,2,5,10,20")
    args = parser.parse_args()
    copies = [int(c) for c in args.copies.split(",")]
    # Looked up, not imported: a child started from a large parent reports the parent's peak
    # RSS as its own (Linux keeps the high-water mark across exec), so this process stays
    # small until the whole-process rows are measured (pandas alone is 70 MiB).
    have_peers = all(importlib.util.find_spec(m) is not None for m in PEERS)
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} cores, load average {load[0]:.1f} at start; medians of "
        f"{args.runs} runs; whole processes timed with {TIMED_STATE}\n"
    )
    print("| what | dedup | floor / peer | goal / note |")
    print("|---|---|---|---|")
    whole_process(args.runs, have_peers)
    # Before the in-process rows, for the same reason (their data make this process large).
    long_paragraph(max(1, args.runs // 2))
    ours = computation(args.runs)
    questions_vs_peers(args.runs, ours, have_peers)
    growth(copies)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
