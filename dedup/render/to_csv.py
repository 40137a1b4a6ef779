"""The analysis as three CSV tables for pandas or R: UTF-8, a header row, `\\n` line ends;
a text cell that would start a spreadsheet formula starts with `'` (dedup/render/escape.py).

- `questions.csv`: every question (Part I and its Part II repetitions), as in the JSON.
- `answers.csv`: every answer passage, its questions joined by `;`.
- `clusters.csv`: one row per cluster membership, question and answer clusters alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from dedup.model import Analysis
from dedup.render.escape import csv_text
from dedup.render.messages import DEFAULT_LANGUAGE, messages
from dedup.render.view import occurrences, shared_share

CSV_FILES = ("questions.csv", "answers.csv", "clusters.csv")

QUESTION_COLUMNS = (
    "id",
    "fraction",
    "part",
    "line",
    "line_end",
    "direct",
    "topic",
    "repeats",
    "number",
    "cluster",
    "text",
    "context",
)
ANSWER_COLUMNS = (
    "id",
    "section_fraction",
    "line_start",
    "line_end",
    "answers_questions",
    "topic",
    "cluster",
    "decided_by",
    "words",
    "text",
)
CLUSTER_COLUMNS = (
    "cluster",
    "type",
    "kind",
    "label",
    "position",
    "member",
    "fraction",
    "line_start",
    "line_end",
    "cluster_score",
    "similarity_to_first",
    "shared_share",
)


_csv = csv_text  # never a live formula: see dedup/render/escape.py


def render_csv(an: Analysis, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """File name -> CSV text for the three tables (no files are written here). The
    header row is in `lang` (Dutch by default); the values are the JSON's."""
    m = messages(lang)

    def header(columns: Sequence[str]) -> list[str]:
        return [m(f"csv.{c}") for c in columns]

    seg = an.segmentation
    questions = {q.id: q for q in seg.questions}
    question_rows = [
        (
            q.id,
            q.fraction,
            q.part,
            q.line,
            q.line_end,
            str(q.direct).lower(),
            q.topic,
            q.repeats,
            q.number,
            an.question_cluster_of.get(q.repeats or q.id),
            q.text,
            q.context,
        )
        for q in seg.questions
    ]
    answer_rows = [
        (
            a.id,
            a.section_fraction,
            a.line_start,
            a.line_end,
            ";".join(a.answers_questions),
            a.topic,
            an.answer_cluster_of.get(a.id),
            a.decided_by,
            len(a.text.split()),
            a.text,
        )
        for a in seg.answers
    ]
    cluster_rows: list[tuple[object, ...]] = []
    for c in an.question_clusters:
        for i, qid in enumerate(c.members, 1):
            q = questions[qid]
            member = (c.id, "question", c.kind, c.label, i, qid, q.fraction, q.line, q.line_end)
            cluster_rows.append((*member, c.min_score, None, None))
    for ac in an.answer_clusters:
        occ = occurrences(an, ac)
        for i, o in enumerate(occ, 1):
            a = o.answer
            occurrence = (ac.id, "answer", ac.kind, ac.label, i, a.id, a.section_fraction)
            shared = None if o.is_first else round(shared_share(occ[0].answer.text, a.text), 4)
            cluster_rows.append(
                (*occurrence, a.line_start, a.line_end, ac.min_similarity, o.similarity, shared)
            )
    return {
        "questions.csv": _csv(header(QUESTION_COLUMNS), question_rows),
        "answers.csv": _csv(header(ANSWER_COLUMNS), answer_rows),
        "clusters.csv": _csv(header(CLUSTER_COLUMNS), cluster_rows),
    }
