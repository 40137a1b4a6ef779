"""The stages in order: ingest -> normalize -> segment -> compare -> cluster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dedup.collector import held_off
from dedup.ingest import DEFAULT_MAX_BYTES, read_document
from dedup.model import Analysis, QuestionCluster, Segmentation, SourceText
from dedup.parse.normalize import unflatten_lists
from dedup.segment import segment
from dedup.settings import Settings

if TYPE_CHECKING:
    from dedup.compare import QuestionPair
    from dedup.similarity.reuse import Reuse


def segment_text(source: SourceText, *, layout: str | None = None) -> Segmentation:
    """Segment an already-read document; `layout` overrides the detected one."""
    # A great many small objects that form no cycles (dedup.collector says why).
    with held_off():
        return segment(unflatten_lists(source), layout)


# progress(step, done, in all): called between the stages (`answers`, `questions`,
# `clusters`: items) and while the question pairs are scored (`pairs`: pairs).
Progress = Callable[[str, int, int], None]


def segment_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, layout: str | None = None
) -> Segmentation:
    """Read and segment a document in any supported format and layout."""
    return segment_text(read_document(path, max_bytes=max_bytes), layout=layout)


def question_clusters(
    seg: Segmentation, settings: Settings, *, progress: Progress | None = None
) -> tuple[list[Reuse], list[QuestionPair], list[QuestionCluster]]:
    """Answer reuse, scored question pairs and question clusters of one document: the
    judgement `analyze` reports and the corpus stores for each document it adds."""
    from dedup.cluster import cluster_questions
    from dedup.compare import compare_answers, compare_questions

    questions = seg.part_one()
    total = len(seg.answers) + len(questions)
    report = progress or (lambda _step, _done, _total: None)
    report("answers", 0, total)
    reuse = compare_answers(seg.answers, settings)
    report("questions", len(seg.answers), total)
    # In a lijst or Kamervragen one asker asks everything: the one-fraction rules do not apply.
    from dedup.layouts import REGISTRY

    layout = REGISTRY.get(seg.document.layout)
    one_asker = layout.one_asker if layout is not None else False
    pairs = compare_questions(
        questions,
        seg.answers,
        reuse,
        settings,
        one_asker=one_asker,
        progress=lambda done, total: report("pairs", done, total),
    )
    report("clusters", total, total)
    return reuse, pairs, cluster_questions(questions, pairs, settings, one_asker=one_asker)


def analyze_segmentation(
    seg: Segmentation, settings: Settings | None = None, *, progress: Progress | None = None
) -> Analysis:
    """Compare and cluster a segmented document; `progress` hears how many of the
    answers and questions have been compared (the CLI draws a bar from it)."""
    from dedup.cluster import build_graph, cluster_answers
    from dedup.parse.references import find_references

    settings = settings or Settings()
    questions = seg.part_one()
    reuse, pairs, qclusters = question_clusters(seg, settings, progress=progress)
    graph = build_graph(questions, seg.answers, pairs, reuse)
    aclusters = cluster_answers(seg.answers, graph, settings)
    cluster_of = {m: c.id for c in qclusters for m in c.members}
    return Analysis(
        segmentation=seg,
        question_clusters=tuple(qclusters),
        answer_clusters=tuple(aclusters),
        references=tuple(find_references(seg.answers, seg.questions, cluster_of)),
        question_cluster_of=cluster_of,
        answer_cluster_of={m: c.id for c in aclusters for m in c.members},
        graph=graph,
    )


def analyze_file(
    path: str | Path,
    settings: Settings | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    layout: str | None = None,
) -> Analysis:
    """Read, segment, compare and cluster: the whole single-document pipeline."""
    return analyze_segmentation(segment_file(path, max_bytes=max_bytes, layout=layout), settings)
