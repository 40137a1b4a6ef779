"""Per layout, how the hand-planted duplicates in fixtures/layouts/ are found.

Run: python bench/layouts.py

For each hand-made document: questions found against the hand count, planted
near-identical and paraphrase groups kept together, look-alikes kept apart, planted
answer reuse found, and "zie het antwoord op vraag N" references resolved.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from dedup.model import Analysis
from dedup.pipeline import analyze_file

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "fixtures" / "layouts"


def _question(an: Analysis, member: dict[str, Any]) -> str | None:
    for q in an.segmentation.part_one():
        if q.line == member["line"] and q.text.startswith(member["text_start"][:30]):
            return q.id
    return None


def _together(an: Analysis, ids: list[str | None]) -> bool:
    clusters = {an.question_cluster_of.get(i) if i else None for i in ids}
    return len(clusters) == 1 and None not in clusters


def score(an: Analysis, expected: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(found, planted) per kind of planted item."""
    out: dict[str, list[int]] = {k: [0, 0] for k in ("near", "para", "apart", "reuse", "refs")}
    for group in expected["question_groups"]:
        key = "near" if group["kind"] == "near-identical" else "para"
        out[key][1] += 1
        out[key][0] += _together(an, [_question(an, m) for m in group["members"]])
    for pair in expected["not_grouped"]:
        out["apart"][1] += 1
        out["apart"][0] += not _together(an, [_question(an, m) for m in pair])
    answers = an.segmentation.answers
    for group in expected["answer_reuse"]:
        ids = [
            next((a.id for a in answers if a.line_start <= m["line_start"] <= a.line_end), None)
            for m in group["members"]
        ]
        clusters = {an.answer_cluster_of.get(i) if i else None for i in ids}
        out["reuse"][1] += 1
        out["reuse"][0] += len(clusters) == 1 and None not in clusters
    refs = {(r.source, r.target) for r in an.references}
    for ref in expected["references"]:
        out["refs"][1] += 1
        source = next((a for a in answers if a.line_start <= ref["line"] <= a.line_end), None)
        asked = next(
            (q for q in an.segmentation.part_one() if q.number == ref["to_question"]), None
        )
        target = next((a for a in answers if asked and asked.id in a.answers_questions), None)
        out["refs"][0] += bool(source and target and (source.id, target.id) in refs)
    return {k: (v[0], v[1]) for k, v in out.items()}


def main() -> None:
    header = f"{'document':28} {'layout':12} {'questions':>9} {'near':>6} {'para':>6} "
    header += f"{'apart':>6} {'reuse':>6} {'refs':>6} {'time s':>7}"
    print(header)
    print("-" * len(header))
    totals: dict[str, list[int]] = {}
    for path in sorted(LAYOUTS.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        an = analyze_file(path.with_name(path.name.replace(".expected.json", ".txt")))
        elapsed = time.perf_counter() - t0
        found = len(an.segmentation.part_one())
        scores = score(an, expected)
        for k, (a, b) in scores.items():
            totals.setdefault(k, [0, 0])
            totals[k][0] += a
            totals[k][1] += b
        cells = " ".join(f"{a:>3}/{b:<2}" for a, b in scores.values())
        print(
            f"{path.name.removesuffix('.expected.json'):28} {an.segmentation.document.layout:12} "
            f"{found:>4}/{expected['question_count']:<4} {cells} {elapsed:7.2f}"
        )
    cells = " ".join(f"{a:>3}/{b:<2}" for a, b in totals.values())
    print(f"{'total':28} {'':12} {'':9} {cells}")
    print(
        "\nnear/para: planted near-identical/paraphrase groups found whole in one cluster; "
        "apart: look-alikes\nkept apart; reuse: planted answer reuse in one cluster; refs: "
        "'zie het antwoord op vraag N' resolved."
    )


if __name__ == "__main__":
    main()
