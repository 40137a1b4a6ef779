"""The corpus judges as `analyze` does, and does not depend on the order of adding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dedup.corpus.api import Corpus
from dedup.corpus.synthetic import VariantOptions
from dedup.pipeline import analyze_file
from dedup.stats import stats_dict
from tests.conftest import SAMPLE
from tests.test_corpus import write_variants


def _report(db: Path, files: list[Path], date: str | None = None) -> dict[str, Any]:
    with Corpus(db, create=True) as c:
        for f in files:  # one at a time: the order of adding is the order given
            c.add([f], jobs=1, metadata={"date": date} if date else None)
        return c.report(by="fraction", top=50)


def test_corpus_report_of_one_document_agrees_with_analyze(tmp_path: Path) -> None:
    """The sample alone: the corpus counts as many duplicate questions, per fraction and
    in total, as `analyze` finds in question clusters."""
    an = analyze_file(SAMPLE)
    stats = stats_dict(an)
    report = _report(tmp_path / "one.db", [SAMPLE])
    groups = {g["group"]: g for g in report["groups"]}
    clustered: dict[str, int] = {}
    for c in an.question_clusters:
        for m in c.members:
            f = an.segmentation.question(m).fraction
            clustered[f] = clustered.get(f, 0) + 1
    assert sum(g["duplicate_questions"] for g in groups.values()) == stats["questions_in_clusters"]
    for fraction, n in stats["questions_per_fraction"].items():
        assert groups[fraction]["questions"] == n
        assert groups[fraction]["duplicate_questions"] == clustered.get(fraction, 0), fraction


QUESTION_FIGURES = (
    "group",
    "documents",
    "questions",
    "duplicate_questions",
    "asked_before",
    "answers",
    "answer_words",
)


def test_adding_in_two_orders_gives_the_same_question_figures(tmp_path: Path) -> None:
    """A, B, C or C, B, A: the same question groups and figures. "Earlier" is by date,
    and documents of one date (here all) are ordered by content, not by arrival."""
    files = write_variants(tmp_path / "docs", range(40, 43), VariantOptions(sections=2))
    forward = _report(tmp_path / "abc.db", files, "2024-05-01")
    backward = _report(tmp_path / "cba.db", list(reversed(files)), "2024-05-01")

    def questions(report: dict[str, Any]) -> list[dict[str, Any]]:
        return [{k: g[k] for k in QUESTION_FIGURES} for g in report["groups"]]

    assert questions(forward) == questions(backward)

    # Groups by their members (row ids and the leader's wording follow the arrival order).
    def repeated(report: dict[str, Any]) -> list[list[tuple[str, str]]]:
        return sorted(
            sorted((m["document"], m["question"]) for m in g["members"])
            for g in report["repeated_questions"]
        )

    assert repeated(forward) == repeated(backward)
    assert forward["totals"]["questions"] == backward["totals"]["questions"]
