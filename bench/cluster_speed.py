"""The clustering stage alone: CPU seconds and growth from 1 to 20 perturbed copies, and the
1 MB one-paragraph document (7 518 identical questions).

Run as `python bench/cluster_speed.py [--copies 1,2,5,10,20] [--cache DIR]`. Comparing is
the slow part and not what is measured here, so the scored pairs and answer reuse of each
input are kept in `--cache` (pickles) and reused on the next run; delete the folder after a
change to compare.py or the segmentation.
"""

from __future__ import annotations

import argparse
import math
import pickle
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

# bench/ is not a package: `python bench/cluster_speed.py` puts this folder on sys.path.
from compare import scaled, write_long_paragraph

from dedup.cluster import build_graph, cluster_answers, cluster_questions
from dedup.compare import compare_answers, compare_questions
from dedup.pipeline import segment_file
from dedup.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "kst-29325-157.txt"


def cached(cache: Path, name: str, make: Callable[[], Any]) -> Any:
    path = cache / f"{name}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = make()
    path.write_bytes(pickle.dumps(value))
    return value


def inputs_scaled(copies: int) -> Any:
    seg = segment_file(SAMPLE)
    data = scaled(seg.part_one(), seg.answers, copies)
    settings = Settings()
    reuse = compare_answers(data.answers, settings)
    pairs = compare_questions(data.questions, data.answers, reuse, settings)
    return data.questions, data.answers, pairs, reuse


def inputs_long() -> Any:
    # The same document bench/speed.py builds: one 1 MB paragraph in the sample.
    with tempfile.TemporaryDirectory() as tmp:
        path = write_long_paragraph(Path(tmp))
        seg = segment_file(path)
    settings = Settings()
    questions = seg.part_one()
    reuse = compare_answers(seg.answers, settings)
    pairs = compare_questions(questions, seg.answers, reuse, settings)
    return questions, seg.answers, pairs, reuse


def cluster_time(data: Any, runs: int) -> tuple[float, float, float, int, int]:
    """Median CPU seconds of cluster_questions, of build_graph + cluster_answers, and of both;
    the size of the largest question cluster, and how many answers are in answer clusters
    (each member but the first costs one word diff: the output the stage must compute)."""
    questions, answers, pairs, reuse = data
    settings = Settings()
    tq, ta = [], []
    biggest = clustered = 0
    for _ in range(runs):
        t0 = time.process_time()
        qc = cluster_questions(questions, pairs, settings)
        t1 = time.process_time()
        ac = cluster_answers(answers, build_graph(questions, answers, pairs, reuse), settings)
        t2 = time.process_time()
        tq.append(t1 - t0)
        ta.append(t2 - t1)
        biggest = max((len(c.members) for c in qc), default=0)
        clustered = sum(len(c.members) for c in ac)
    q, a = statistics.median(tq), statistics.median(ta)
    return q, a, q + a, biggest, clustered


def slope(xs: list[int], ys: list[float]) -> float:
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-6)) for y in ys]
    mx, my = statistics.mean(lx), statistics.mean(ly)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / sum(
        (x - mx) ** 2 for x in lx
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", default="1,2,5,10,20")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "dedup-cs")
    parser.add_argument("--no-long", action="store_true", help="skip the 1 MB document")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    copies = [int(c) for c in args.copies.split(",")]
    print(
        "| copies | questions | pairs | reuse links | answers in clusters "
        "| cluster questions s | cluster answers s | both s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    qs, ans, both = [], [], []
    links: list[float] = []
    members: list[float] = []
    for n in copies:
        data = cached(args.cache, f"x{n}", partial(inputs_scaled, n))
        q, a, t, _, clustered = cluster_time(data, args.runs)
        qs.append(q)
        ans.append(a)
        both.append(t)
        links.append(len(data[3]))
        members.append(clustered)
        print(
            f"| {n} | {len(data[0])} | {len(data[2])} | {len(data[3])} | {clustered} "
            f"| {q:.3f} | {a:.3f} | {t:.3f} |",
            flush=True,
        )
    if len(copies) > 1:
        print(
            f"\ngrowth {copies[0]}..{copies[-1]} copies:"
            f" cluster questions n^{slope(copies, qs):.2f},"
            f" cluster answers n^{slope(copies, ans):.2f}, both n^{slope(copies, both):.2f};"
            f" of the input and output: reuse links n^{slope(copies, links):.2f},"
            f" answers in clusters n^{slope(copies, members):.2f}"
        )
    if not args.no_long:
        data = cached(args.cache, "long", inputs_long)
        q, a, t, biggest, _ = cluster_time(data, 1)
        print(
            f"\n1 MB paragraph: {len(data[0])} questions, {len(data[2])} pairs: cluster questions"
            f" {q:.2f} s, cluster answers {a:.2f} s; largest question cluster {biggest}"
        )


if __name__ == "__main__":
    main()
