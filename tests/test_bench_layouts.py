"""bench/layouts.py scores a parser's result against hand-made expectations: checked on
hand-built segmentations, so the figures it prints mean what its header says."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from dedup.model import Analysis, Answer, DocumentInfo, Question, Segmentation
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_layouts", ROOT / "bench" / "layouts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_layouts"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _q(qid: str, text: str, fraction: str) -> Question:
    return Question(qid, fraction, "I", 1, 1, text, text.endswith("?"), None)


def _analysis(layout: str, questions: list[Question], answers: list[Answer]) -> Analysis:
    info = DocumentInfo("x.txt", "0" * 64, "text", layout, (), bool(answers))
    seg = Segmentation(info, tuple(questions), tuple(answers))
    cluster = {questions[0].id: "C1", questions[-1].id: "C1"} if len(questions) > 1 else {}
    return Analysis(seg, (), (), (), cluster, {})


EXPECTED: list[dict[str, Any]] = [
    {"n": 1, "first_words": "Hoeveel kabinetsbesluiten zijn", "asker_fraction": "SP"},
    {"n": 2, "first_words": "Welke dak- en thuisloze", "asker_fraction": ["D66", "CDA"]},
    {"n": 3, "first_words": "Waarom niet?", "asker_fraction": None},
]


def test_questions_match_by_first_words_whatever_the_wrapping(bench: ModuleType) -> None:
    """Hyphens, line breaks and a leading label do not stop a match; a question the parser
    missed or merged is not found; askers and answers are counted as the header says."""
    found = [
        _q("q1", "1. Hoeveel kabinetsbe- sluiten zijn uitgevoerd?", "SP"),
        _q("q2", "Welke dak-  en thuisloze ouders wachten? Waarom niet?", "D66"),
        _q("q9", "Is dit een vraag die niemand verwachtte?", "SP"),
    ]
    answers = [
        Answer("A1", "SP", 2, 2, "Antwoord 1 Zeven van de twaalf.", ("q1",)),
        Answer("A2", "SP", 3, 3, "Ongeveer 140 ouders.", ("q9",)),
    ]
    case = bench.Case(
        "styles",
        ROOT / "x.txt",
        "kamervragen",
        EXPECTED,
        [
            {"answers_question": 1, "first_words": "Zeven van de twaalf"},
            {"answers_question": 2, "first_words": "Ongeveer 140 ouders"},
        ],
        [{"kind": "paraphrase", "members": [1, 2]}],
    )
    score, parsed = bench.score_case(case, _analysis("kamervragen", found, answers))
    assert parsed == "kamervragen"
    assert (score.found, score.expected, score.extra) == (2, 3, 1)
    # q1 right (SP); q2 wrong: asked jointly by D66 and CDA, the parser says D66 only.
    assert (score.asker_right, score.asker_known) == (1, 2)
    # A2 is linked to the wrong question.
    assert (score.linked, score.answers) == (1, 2)
    assert score.family_right == 1
    # q1 and q9 share a cluster in this fake analysis, q2 is in none: the group is not whole.
    assert (score.groups_whole, score.groups) == (0, 1)


def test_joint_askers_are_read_from_askers(bench: ModuleType) -> None:
    """Where the model carries `askers`, every asker's fraction must be right."""

    class Asked:
        def __init__(self, fraction: str) -> None:
            self.fraction = fraction

    class JointQuestion:
        id = "q2"
        text = "Welke dak- en thuisloze ouders wachten?"
        fraction = "D66"
        askers = (Asked("D66"), Asked("CDA"))

    assert bench._askers_of(JointQuestion()) == {"d66", "cda"}
    assert bench._askers_of(_q("q1", "Waarom?", "CU")) == {"christenunie"}


def test_refusal_is_right_only_for_documents_that_are_not_qa(bench: ModuleType) -> None:
    """A refused document scores nothing found, and its layout is right only for 'none'."""
    qa = bench.Case("real", ROOT / "x.txt", "lijst", EXPECTED, [], [])
    none = bench.Case("real", ROOT / "y.txt", "none", [], [], [])
    assert bench.score_case(qa, None)[0].family_right == 0
    assert bench.score_case(qa, None)[0].found == 0
    assert bench.score_case(none, None)[0].family_right == 1


def test_layout_families(bench: ModuleType) -> None:
    """Kamervragen with and without answers are one family, a nota and a memorie van
    antwoord another; a verslag is not a lijst."""
    questions = [_q("q1", "Hoeveel kabinetsbesluiten zijn er?", "SP")]
    for expected, parsed, right in [
        ("kamervragen-no-answer", "kamervragen", 1),
        ("memorie-van-antwoord", "nota", 1),
        ("inbreng", "verslag", 1),
        ("verslag", "lijst", 0),
    ]:
        case = bench.Case("styles", ROOT / "x.txt", expected, EXPECTED[:1], None, [])
        assert bench.score_case(case, _analysis(parsed, questions, []))[0].family_right == right
