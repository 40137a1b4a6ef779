"""Workload figures of one analysed document, shared by every renderer."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dedup.model import Analysis


def stats_dict(an: Analysis) -> dict[str, Any]:
    """Counts a researcher needs: duplicates, unique needs, reused answer words, overlap."""
    seg = an.segmentation
    questions = seg.part_one()
    per_fraction = Counter(q.fraction for q in questions)
    in_clusters = sum(len(c.members) for c in an.question_clusters)
    unique = len(questions) - sum(len(c.members) - 1 for c in an.question_clusters)
    words = {a.id: len(a.text.split()) for a in seg.answers}
    reused = sum(words[m] for c in an.answer_clusters for m in c.members[1:])
    total = sum(words.values())
    fractions = list(seg.document.fractions)
    matrix = {f: dict.fromkeys(fractions, 0) for f in fractions}
    for c in an.question_clusters:
        present = set(c.fractions)
        for f in present:
            for g in present:
                if f != g:
                    matrix[f][g] += 1
    return {
        "questions": len(questions),
        "questions_per_fraction": {f: per_fraction.get(f, 0) for f in fractions},
        "questions_in_clusters": in_clusters,
        "duplicate_share": round(in_clusters / len(questions), 4) if questions else 0.0,
        "unique_information_needs": unique,
        "answer_passages": len(seg.answers),
        "answer_words": total,
        "reused_answer_words": reused,
        "reused_answer_share": round(reused / total, 4) if total else 0.0,
        # Reuse by reference: answers that point to another answer (`Zie het antwoord op
        # vraag 2.`) instead of repeating it; not counted as reused words above.
        "answers_by_reference": len({r.source for r in an.references if r.target is not None}),
        "fraction_overlap": matrix,
    }
