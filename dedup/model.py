"""Frozen data objects passed from one pipeline stage to the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dedup.parse.types import Paragraph

__all__ = ["Paragraph"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the reader should know: `code` is stable, `line` 1-based or None,
    `item` the id of the question or answer concerned, if any."""

    code: str
    message: str
    line: int | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class SourceText:
    """A document read from disk as lines of text.

    `lines` are the lines the rest of the pipeline sees: for text input the file's own
    lines, for PDF the extracted text layer, for HTML/DOCX one line per paragraph with
    blank lines between. Line numbers reported later index into `lines` (1-based).
    """

    path: str
    sha256: str
    format: str
    lines: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """One question unit: an interrogative sentence with its bare follow-ups.

    `part` is "I" for the fraction's inbreng, "II" for its repetition above an answer;
    `repeats` names the Part I question a Part II copy repeats. `direct` is False for
    requests without a question mark. `context` holds the statements before it.
    """

    id: str
    fraction: str
    part: str
    line: int
    line_end: int
    text: str
    direct: bool
    topic: str | None
    context: str = ""
    repeats: str | None = None
    number: int | None = None  # the document's own number (lijst, Kamervragen), if any
    # Everyone who asks it with their fraction, in the document's order, when that is
    # known per question (Kamervragen by several members); `fraction` is the first's.
    askers: tuple[Asker, ...] = ()


@dataclass(frozen=True, slots=True)
class Asker:
    """A member asking a question: name as written (None if unnamed) and fraction."""

    name: str | None
    fraction: str


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer passage in Part II, with the Part I questions it answers."""

    id: str
    section_fraction: str
    line_start: int
    line_end: int
    text: str
    answers_questions: tuple[str, ...]
    topic: str | None = None
    # How the question/answer boundary was found: alignment to Part I, a reply label
    # ("Reactie", "Antwoord 3"), a change of voice ("Ik ...", "Het kabinet ..."), a number.
    decided_by: str = "alignment"


@dataclass(frozen=True, slots=True)
class LayoutEvidence:
    """Why this layout was chosen: its score and cues, and the best other layout's."""

    layout: str
    score: float
    cues: tuple[str, ...]
    forced: bool = False  # given with --layout, not detected
    runner_up: str | None = None
    runner_up_score: float = 0.0


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the document is: where it came from and what structure was found."""

    path: str
    sha256: str
    format: str
    layout: str
    fractions: tuple[str, ...]
    has_reply: bool
    metadata: tuple[tuple[str, str], ...] = ()  # front matter: vastgesteld, commissie, ...
    layout_evidence: LayoutEvidence | None = None


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The output of segmentation: fractions, questions and answers with their lines."""

    document: DocumentInfo
    questions: tuple[Question, ...]
    answers: tuple[Answer, ...]
    warnings: tuple[Diagnostic, ...] = field(default=())

    def part_one(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.part == "I")

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


@dataclass(frozen=True, slots=True)
class QuestionCluster:
    """Part I questions asking the same thing; `min_score` is the weakest member link."""

    id: str
    kind: str  # near-identical | paraphrase
    label: str
    members: tuple[str, ...]
    fractions: tuple[str, ...]
    min_score: float
    # Near-identical groups inside the cluster: in a paraphrase cluster, the members
    # that also share their wording (VVD and D66 in the same words, GL-PvdA otherwise).
    cores: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class WordDiff:
    """A word-level difference of `member` against the cluster's first occurrence."""

    member: str
    op: str  # replace | delete | insert
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class AnswerCluster:
    """Answer passages sharing text: where one answer was reused."""

    id: str
    kind: str  # verbatim | near-verbatim | partial
    label: str
    members: tuple[str, ...]
    fractions: tuple[str, ...]
    diffs: tuple[WordDiff, ...]
    min_similarity: float


@dataclass(frozen=True, slots=True)
class Reference:
    """An answer that points to another answer instead of repeating it."""

    source: str
    target: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the reports need: the segmentation plus clusters and statistics."""

    segmentation: Segmentation
    question_clusters: tuple[QuestionCluster, ...]
    answer_clusters: tuple[AnswerCluster, ...]
    references: tuple[Reference, ...]
    question_cluster_of: dict[str, str]
    answer_cluster_of: dict[str, str]
    # networkx.Graph (typed loosely so importing the model does not import networkx):
    # questions and answers as nodes, edges `similar`, `reuse` and `answers` with scores.
    graph: Any = field(default=None, compare=False, repr=False)
