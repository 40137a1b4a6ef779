"""Scoring of segmentations against fixtures/real/ANNOTATIONS.json (hand annotation of
real excerpts): questions found, right asker, answers linked, layout family."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dedup.errors import DedupError
from dedup.model import Segmentation
from dedup.pipeline import segment_file

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"
FORMATS = ROOT / "fixtures" / "formats"
# Annotation layout -> the family it belongs to (our names where they differ).
FAMILY = {
    "kamervragen-no-answer": "kamervragen",
    "memorie-van-antwoord": "nota",
    "inbreng": "verslag",
    "interleaved": "verslag",
}


def load_annotations() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((REAL / "ANNOTATIONS.json").read_text("utf-8"))
    return data


def path_of(entry: dict[str, Any]) -> Path:
    folder = FORMATS if entry.get("where") else REAL
    return folder / str(entry["file"])


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[‘’]", "'", text).split())


@dataclass
class Score:
    layout: str
    layout_right: bool
    questions: int
    found: int
    askers_right: int
    answers: int
    linked: int
    refused: bool


def score(entry: dict[str, Any]) -> Score:
    expected_family = FAMILY.get(entry["layout"], entry["layout"])
    try:
        seg: Segmentation | None = segment_file(path_of(entry))
    except DedupError:
        seg = None
    qs = entry.get("questions", [])
    ans = entry.get("answers", [])
    if seg is None:
        return Score("none", expected_family == "none", len(qs), 0, 0, len(ans), 0, True)
    got = seg.document.layout
    part_one = seg.part_one()
    found = askers = linked = 0
    matched: dict[int, str] = {}
    for q in qs:
        words = _norm(q["first_words"])
        hit = next((x for x in part_one if _norm(x.text).startswith(words)), None)
        if hit is None:
            continue
        found += 1
        matched[q["n"]] = hit.id
        want = q["asker_fraction"]
        have = list(dict.fromkeys(a.fraction for a in hit.askers)) or [hit.fraction]
        if want is None or (want == have if isinstance(want, list) else want == hit.fraction):
            askers += 1
    for a in ans:
        qid = matched.get(a["answers_question"])
        words = _norm(a["first_words"])
        if qid and any(
            qid in x.answers_questions and _norm(x.text).startswith(words) for x in seg.answers
        ):
            linked += 1
    right = FAMILY.get(got, got) == expected_family
    return Score(got, right, len(qs), found, askers, len(ans), linked, False)
