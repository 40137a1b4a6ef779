"""Pairwise precision, recall and F1 of clusters against the hand-checked gold (partial).

Run: python bench/quality.py [--gold fixtures/gold/kst-29325-157.partial.json]

The gold is partial, so predicted pairs are restricted to items the gold lists.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from dedup.model import Analysis
from dedup.pipeline import analyze_file

ROOT = Path(__file__).resolve().parent.parent


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(set(g)), 2)}


def prf(predicted: set[frozenset[str]], gold: set[frozenset[str]]) -> tuple[float, float, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(an: Analysis, gold: dict[str, object]) -> dict[str, tuple[float, float, float]]:
    seg = an.segmentation
    gq = gold["questions"]
    assert isinstance(gq, list)
    # Gold question -> our id, by fraction, line and text.
    ours: dict[str, str] = {}
    for g in gq:
        for q in seg.part_one():
            if q.fraction == g["fraction"] and q.line == g["line"] and q.text == g["text"]:
                ours[g["id"]] = q.id
    known = set(ours.values())
    gclusters = gold["question_clusters"]
    assert isinstance(gclusters, list)
    gold_all = _pairs([[ours[m] for m in c["members"] if m in ours] for c in gclusters])
    gold_near = _pairs(
        [
            [ours[m] for m in c["members"] if m in ours]
            for c in gclusters
            if c["kind"] == "near-identical"
        ]
    )
    pred_all = _pairs([[m for m in c.members if m in known] for c in an.question_clusters])
    near_known = {
        ours[m]
        for c in gclusters
        if c["kind"] == "near-identical"
        for m in c["members"]
        if m in ours
    }
    pred_near = _pairs([[m for m in c.members if m in near_known] for c in an.question_clusters])
    # Answers: gold passages -> ours by start line.
    amap: dict[str, str] = {}
    ga = gold["answer_passages"]
    assert isinstance(ga, list)
    for g in ga:
        for a in seg.answers:
            if a.line_start == g["line_start"]:
                amap[g["id"]] = a.id
    aknown = set(amap.values())
    gr = gold["answer_reuse_clusters"]
    assert isinstance(gr, list)
    gold_ans = _pairs([[amap[m] for m in c["members"] if m in amap] for c in gr])
    pred_ans = _pairs([[m for m in c.members if m in aknown] for c in an.answer_clusters])
    return {
        "questions near-identical": prf(pred_near, gold_near),
        "questions all (with paraphrase)": prf(pred_all, gold_all),
        "answer reuse": prf(pred_ans, gold_ans),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--gold", type=Path, default=ROOT / "fixtures/gold/kst-29325-157.partial.json"
    )
    parser.add_argument("--doc", type=Path, default=ROOT / "fixtures/kst-29325-157.txt")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    an = analyze_file(args.doc)
    elapsed = time.perf_counter() - t0
    print(
        f"document: {args.doc.name}  analyze: {elapsed:.2f} s  "
        f"question clusters: {len(an.question_clusters)}  "
        f"answer clusters: {len(an.answer_clusters)}"
    )
    print(f"{'measure':34} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, (p, r, f) in evaluate(an, gold).items():
        print(f"{name:34} {p:9.3f} {r:7.3f} {f:6.3f}")


if __name__ == "__main__":
    main()
