"""The JSON contract researchers' scripts read. Change it by adding fields only."""

from __future__ import annotations

import json
from typing import Any

from dedup.model import Answer, Diagnostic, Question, Segmentation

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
    }


def warning_dict(w: Diagnostic) -> dict[str, Any]:
    return {"code": w.code, "message": w.message, "line": w.line, "item": w.item}


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
