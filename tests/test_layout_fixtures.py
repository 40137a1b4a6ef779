"""Hand-made full documents per layout (fixtures/layouts/), checked end to end against the
hand-counted expectations written beside them (<name>.expected.json)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dedup.model import Analysis, Question
from dedup.pipeline import analyze_file
from dedup.render.to_json import render_analysis
from tests.conftest import FIXTURES

LAYOUTS = FIXTURES / "layouts"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in LAYOUTS.glob("*.expected.json"))


@cache
def _case(name: str) -> tuple[Analysis, dict[str, Any]]:
    expected = json.loads((LAYOUTS / f"{name}.expected.json").read_text(encoding="utf-8"))
    return analyze_file(LAYOUTS / f"{name}.txt"), expected


def _find(an: Analysis, member: dict[str, Any]) -> Question:
    hits = [
        q
        for q in an.segmentation.part_one()
        if q.line == member["line"] and q.text.startswith(member["text_start"][:30])
    ]
    assert len(hits) == 1, member
    return hits[0]


def test_every_layout_has_a_fixture() -> None:
    """There is a hand-made document for each layout the tool recognises."""
    layouts = {_case(n)[1]["layout"] for n in NAMES}
    assert layouts == {"verslag", "inbreng", "interleaved", "lijst", "kamervragen", "nota"}


@pytest.mark.parametrize("name", NAMES)
def test_structure(name: str) -> None:
    """Layout, fractions, question count and per-fraction counts are as counted by hand."""
    an, expected = _case(name)
    seg = an.segmentation
    assert seg.document.layout == expected["layout"]
    assert list(seg.document.fractions) == expected["fractions"]
    assert len(seg.part_one()) == expected["question_count"]
    if "questions_per_fraction" in expected:
        assert (
            dict(Counter(q.fraction for q in seg.part_one())) == expected["questions_per_fraction"]
        )
    for q in expected["questions"]:
        found = _find(an, q)
        assert found.direct == q["direct"], q
    assert not [w for w in seg.warnings if w.code in ("unplaced-text", "truncated")]


@pytest.mark.parametrize("name", NAMES)
def test_front_matter(name: str) -> None:
    """Front matter becomes metadata (title, kamerstuk, dates, commission, chair, clerk)."""
    an, expected = _case(name)
    meta = dict(an.segmentation.document.metadata)
    wanted = {k: v for k, v in expected["metadata"].items() if k != "aanhangsel_nr"}
    assert {k: meta.get(k) for k in wanted} == wanted


@pytest.mark.parametrize("name", NAMES)
def test_answer_boundaries(name: str) -> None:
    """Where the expectation lists answers, each starts on the expected line."""
    an, expected = _case(name)
    if "answers" not in expected:
        assert expected.get("has_reply", True) == an.segmentation.document.has_reply
        return
    starts = [a.line_start for a in an.segmentation.answers]
    assert starts == [a["line_start"] for a in expected["answers"]]


@pytest.mark.parametrize("name", NAMES)
def test_planted_near_identical_questions_are_grouped(name: str) -> None:
    """Every planted near-identical group ends up in one cluster."""
    an, expected = _case(name)
    for group in expected["question_groups"]:
        if group["kind"] != "near-identical":
            continue
        clusters = {an.question_cluster_of.get(_find(an, m).id) for m in group["members"]}
        assert len(clusters) == 1 and None not in clusters, group


@pytest.mark.parametrize("name", NAMES)
def test_look_alikes_stay_apart(name: str) -> None:
    """The same words after statements about different things are not one question."""
    an, expected = _case(name)
    for pair in expected["not_grouped"]:
        a, b = (an.question_cluster_of.get(_find(an, m).id) for m in pair)
        assert a is None or a != b, pair


@pytest.mark.parametrize("name", NAMES)
def test_planted_answer_reuse_is_found(name: str) -> None:
    """Every planted verbatim, near-verbatim and partial reuse lands in one answer cluster."""
    an, expected = _case(name)
    answers = an.segmentation.answers
    for group in expected["answer_reuse"]:
        ids = []
        for m in group["members"]:
            hit = next(a for a in answers if a.line_start <= m["line_start"] <= a.line_end)
            ids.append(hit.id)
        clusters = {an.answer_cluster_of.get(i) for i in ids}
        assert len(clusters) == 1 and None not in clusters, group
        cluster = next(c for c in an.answer_clusters if c.id in clusters)
        if group["kind"] == "verbatim":
            assert cluster.kind in ("verbatim", "near-verbatim")


@pytest.mark.parametrize("name", NAMES)
def test_references_resolved(name: str) -> None:
    """`Zie het antwoord op vraag N` points at question N's answer."""
    an, expected = _case(name)
    seg = an.segmentation
    refs = {(r.source, r.target) for r in an.references}
    for ref in expected["references"]:
        source = next(a for a in seg.answers if a.line_start <= ref["line"] <= a.line_end)
        question = next(q for q in seg.part_one() if q.number == ref["to_question"])
        target = next(a for a in seg.answers if question.id in a.answers_questions)
        assert (source.id, target.id) in refs, ref


@pytest.mark.parametrize("name", NAMES)
def test_reports_render(name: str, tmp_path: Path) -> None:
    """Every layout goes through the JSON report, deterministically."""
    an, _ = _case(name)
    first = render_analysis(an)
    assert first == render_analysis(analyze_file(LAYOUTS / f"{name}.txt"))
    assert json.loads(first)["document"]["layout"] == an.segmentation.document.layout


@pytest.mark.parametrize(
    ("name", "source_line", "target_line"),
    [("verslag-interleaved", 185, 35), ("nota-naar-aanleiding", 59, 22)],
)
def test_reference_in_words_resolved(name: str, source_line: int, target_line: int) -> None:
    """`Ik verwijs naar mijn reactie op de vragen van de leden van de X-fractie` points at
    the answer to the same question in X's section."""
    an, _ = _case(name)
    answers = {a.id: a for a in an.segmentation.answers}
    hits = [
        (answers[r.source].line_start, answers[r.target].line_start)
        for r in an.references
        if r.target is not None
    ]
    assert (source_line, target_line) in hits
