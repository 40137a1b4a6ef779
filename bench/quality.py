"""Duplicate judgement against the hand-checked gold, on the sample and on variants of it.

Run: python bench/quality.py [--gold fixtures/gold/kst-29325-157.partial.json]

Documents: the sample as it is; the sample re-wrapped at 60 columns; the sample recast in
the interleaved reply style (each fraction's questions followed by the reply, built from
the sample's own Part II, see bench/variants.py). Per document:

- near-identical recall: gold near-identical pairs that sit in one predicted cluster;
- all kinds P/R/F1: pairwise over every gold cluster (precision only over items the gold
  lists, because the gold is partial);
- candidate recall: gold pairs the candidate step hands to the scorer at all;
- answer reuse P/R/F1: pairwise over gold answer-reuse clusters;
- links: gold question-answer links found (recall), and for the variants the links the
  tool makes on the original found again on the variant (P/R).

Then the hand-made layout documents (bench/layouts.py), totals per planted kind.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from dedup.compare import compare_answers, question_candidates
from dedup.model import Analysis, Answer, Question
from dedup.parse.normalize import comparison_form
from dedup.pipeline import analyze_file
from dedup.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layouts import LAYOUTS, score
from variants import interleave, rewrap

ROOT = Path(__file__).resolve().parent.parent
Pairs = set[frozenset[str]]


def _pairs(groups: Sequence[Sequence[str]]) -> Pairs:
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(set(g)), 2)}


def prf(predicted: set[Any], gold: set[Any]) -> tuple[float, float, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def map_questions(
    wanted: Sequence[tuple[str, str, str]], questions: Sequence[Question]
) -> dict[str, str]:
    """(key, fraction, text) -> our Part I question of that fraction with that text.

    Equal comparison forms first, else the closest text (fuzz.ratio >= 85); each of our
    questions is used once, in document order, so a question asked twice in one fraction
    maps to its two occurrences.
    """
    used: set[str] = set()
    out: dict[str, str] = {}
    for key, fraction, text in wanted:
        form = comparison_form(text)
        best: tuple[float, str] | None = None
        for q in questions:
            if q.fraction != fraction or q.id in used:
                continue
            ratio = (
                100.0
                if comparison_form(q.text) == form
                else fuzz.ratio(form, comparison_form(q.text))
            )
            if ratio >= 85 and (best is None or ratio > best[0]):
                best = (ratio, q.id)
        if best is not None:
            out[key] = best[1]
            used.add(best[1])
    return out


def map_answers(
    wanted: Sequence[tuple[str, str, str, int | None]], answers: Sequence[Answer]
) -> dict[str, str]:
    """(key, section fraction, opening words, line or None) -> our answer.

    With a line, the answer whose lines hold it; else the first unused answer of that
    section that opens on those words (answers copied word for word between sections
    are told apart by their section and their order).
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for key, fraction, first, line in wanted:
        if line is not None:
            hit = next((a for a in answers if a.line_start <= line <= a.line_end), None)
        else:
            form = comparison_form(first)[:70]
            hit = next(
                (
                    a
                    for a in answers
                    if a.section_fraction == fraction
                    and a.id not in used
                    and form
                    and form in comparison_form(a.text)[: len(form) + 40]
                ),
                None,
            )
        if hit is not None:
            out[key] = hit.id
            used.add(hit.id)
    return out


def evaluate(
    an: Analysis,
    gold: dict[str, Any],
    reference: Analysis | None,
    line_of: Callable[[int], int | None] | None,
) -> dict[str, tuple[float, float, float]]:
    """The measures for one document; `line_of` maps an original line to this document's."""
    seg = an.segmentation
    part_one = seg.part_one()
    ours = map_questions([(g["id"], g["fraction"], g["text"]) for g in gold["questions"]], part_one)
    known = set(ours.values())
    gclusters = gold["question_clusters"]
    gold_all = _pairs([[ours[m] for m in c["members"] if m in ours] for c in gclusters])
    near = [c for c in gclusters if c["kind"] == "near-identical"]
    gold_near = _pairs([[ours[m] for m in c["members"] if m in ours] for c in near])
    pred_all = _pairs([[m for m in c.members if m in known] for c in an.question_clusters])
    settings = Settings()
    candidates = question_candidates(
        part_one, settings, seg.answers, compare_answers(seg.answers, settings)
    )
    amap = map_answers(
        [
            (
                g["id"],
                g["section_fraction"],
                g["first_words"],
                line_of(g["line_start"]) if line_of else None,
            )
            for g in gold["answer_passages"]
        ],
        seg.answers,
    )
    aknown = set(amap.values())
    gold_ans = _pairs(
        [[amap[m] for m in c["members"] if m in amap] for c in gold["answer_reuse_clusters"]]
    )
    pred_ans = _pairs([[m for m in c.members if m in aknown] for c in an.answer_clusters])
    gold_links = {
        (amap[g["id"]], ours[q])
        for g in gold["answer_passages"]
        if g["id"] in amap
        for q in g["answers_questions"]
        if q in ours
    }
    # The gold lists only the links to questions it lists: compare on those alone.
    pred_links = {
        (a.id, q) for a in seg.answers if a.id in aknown for q in a.answers_questions if q in known
    }
    out = {
        "near-identical pairs clustered": prf(pred_all & gold_near, gold_near),
        "questions all kinds": prf(pred_all, gold_all),
        "candidate recall": prf(candidates & gold_all, gold_all),
        "answer reuse": prf(pred_ans, gold_ans),
        "links (gold)": prf(pred_links, gold_links),
    }
    if reference is not None:
        out["links (as on original)"] = prf(_links(an), _reference_links(reference, an))
    return out


def _links(an: Analysis) -> set[tuple[str, str]]:
    return {(a.id, q) for a in an.segmentation.answers for q in a.answers_questions}


def _reference_links(reference: Analysis, an: Analysis) -> set[tuple[str, str]]:
    """The original's question-answer links, translated to the variant's ids."""
    ref_seg = reference.segmentation
    qmap = map_questions(
        [(q.id, q.fraction, q.text) for q in ref_seg.part_one()], an.segmentation.part_one()
    )
    amap = map_answers(
        [(a.id, a.section_fraction, a.text[:120], None) for a in ref_seg.answers],
        an.segmentation.answers,
    )
    return {
        (amap[a.id], qmap[q])
        for a in ref_seg.answers
        if a.id in amap
        for q in a.answers_questions
        if q in qmap
    }


def _analyze_lines(lines: Sequence[str], name: str) -> Analysis:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return analyze_file(path)


def layouts_totals() -> None:
    totals: dict[str, list[int]] = {}
    for path in sorted(LAYOUTS.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        an = analyze_file(path.with_name(path.name.replace(".expected.json", ".txt")))
        found = len(an.segmentation.part_one())
        totals.setdefault("questions", [0, 0])
        totals["questions"][0] += min(found, expected["question_count"])
        totals["questions"][1] += expected["question_count"]
        for k, (a, b) in score(an, expected).items():
            totals.setdefault(k, [0, 0])
            totals[k][0] += a
            totals[k][1] += b
    print("hand-made layout documents (fixtures/layouts, found/planted):")
    print("  " + "  ".join(f"{k} {a}/{b}" for k, (a, b) in totals.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--gold", type=Path, default=ROOT / "fixtures/gold/kst-29325-157.partial.json"
    )
    parser.add_argument("--doc", type=Path, default=ROOT / "fixtures/kst-29325-157.txt")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    lines = args.doc.read_text(encoding="utf-8").splitlines()
    t0 = time.perf_counter()
    original = analyze_file(args.doc)
    elapsed = time.perf_counter() - t0
    print(
        f"document: {args.doc.name}  analyze: {elapsed:.2f} s  "
        f"question clusters: {len(original.question_clusters)}  "
        f"answer clusters: {len(original.answer_clusters)}"
    )
    recast = interleave(lines)
    docs: list[tuple[str, Analysis, Analysis | None, Callable[[int], int | None] | None]] = [
        ("original", original, None, lambda n: n),
        ("re-wrapped at 60", _analyze_lines(rewrap(lines, 60), "rewrapped.txt"), original, None),
        (
            "interleaved",
            _analyze_lines(recast.lines, "interleaved.txt"),
            original,
            recast.line_map.get,
        ),
    ]
    for name, an, ref, line_of in docs:
        seg = an.segmentation
        print(
            f"\n{name}: layout {seg.document.layout}, {len(seg.part_one())} questions, "
            f"{len(seg.answers)} answers, {len(an.question_clusters)} question clusters"
        )
        print(f"  {'measure':32} {'precision':>9} {'recall':>7} {'F1':>6}")
        for measure, (p, r, f) in evaluate(an, gold, ref, line_of).items():
            print(f"  {measure:32} {p:9.3f} {r:7.3f} {f:6.3f}")
    print()
    layouts_totals()


if __name__ == "__main__":
    main()
