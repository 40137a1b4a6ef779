"""The JSON contract researchers' scripts read. Change it by adding fields only."""

from __future__ import annotations

import json
from typing import Any

from dedup.model import Analysis, Answer, Diagnostic, LayoutEvidence, Question, Segmentation
from dedup.stats import stats_dict

SCHEMA_VERSION = 1


def question_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "fraction": q.fraction,
        "part": q.part,
        "line": q.line,
        "line_end": q.line_end,
        "text": q.text,
        "direct": q.direct,
        "topic": q.topic,
        "context": q.context,
        "repeats": q.repeats,
        "number": q.number,
        "askers": [{"name": a.name, "fraction": a.fraction} for a in q.askers],
    }


def answer_dict(a: Answer) -> dict[str, Any]:
    return {
        "id": a.id,
        "section_fraction": a.section_fraction,
        "line_start": a.line_start,
        "line_end": a.line_end,
        "text": a.text,
        "answers_questions": list(a.answers_questions),
        "topic": a.topic,
        "decided_by": a.decided_by,
    }


def warning_dict(w: Diagnostic) -> dict[str, Any]:
    return {"code": w.code, "message": w.message, "line": w.line, "item": w.item}


def evidence_dict(e: LayoutEvidence | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "layout": e.layout,
        "score": e.score,
        "cues": list(e.cues),
        "forced": e.forced,
        "runner_up": e.runner_up,
        "runner_up_score": e.runner_up_score,
    }


def segmentation_dict(seg: Segmentation) -> dict[str, Any]:
    d = seg.document
    return {
        "schema_version": SCHEMA_VERSION,
        "document": {
            "path": d.path,
            "sha256": d.sha256,
            "format": d.format,
            "layout": d.layout,
            "has_reply": d.has_reply,
            "fractions": list(d.fractions),
            "metadata": dict(d.metadata),
            "layout_evidence": evidence_dict(d.layout_evidence),
        },
        "questions": [question_dict(q) for q in seg.questions],
        "answers": [answer_dict(a) for a in seg.answers],
        "warnings": [warning_dict(w) for w in seg.warnings],
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable bytes: sorted nothing (order is meaningful), fixed indent, UTF-8 kept."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_segmentation(seg: Segmentation) -> str:
    return dumps(segmentation_dict(seg))


def analysis_dict(an: Analysis) -> dict[str, Any]:
    data = segmentation_dict(an.segmentation)
    for q in data["questions"]:
        q["cluster"] = an.question_cluster_of.get(q["repeats"] or q["id"])
    for a in data["answers"]:
        a["cluster"] = an.answer_cluster_of.get(a["id"])
    data["question_clusters"] = [
        {
            "id": c.id,
            "kind": c.kind,
            "label": c.label,
            "members": list(c.members),
            "fractions": list(c.fractions),
            "min_score": c.min_score,
            "cores": [list(core) for core in c.cores],
        }
        for c in an.question_clusters
    ]
    data["answer_clusters"] = [
        {
            "id": c.id,
            "kind": c.kind,
            "label": c.label,
            "members": list(c.members),
            "fractions": list(c.fractions),
            "min_similarity": c.min_similarity,
            "diffs": [
                {"member": d.member, "op": d.op, "before": d.before, "after": d.after}
                for d in c.diffs
            ],
        }
        for c in an.answer_clusters
    ]
    data["references"] = [{"from": r.source, "to": r.target, "text": r.text} for r in an.references]
    data["stats"] = stats_dict(an)
    data["warnings"] = data.pop("warnings")  # keep warnings last, as in `segment`
    return data


def render_analysis(an: Analysis) -> str:
    return dumps(analysis_dict(an))
