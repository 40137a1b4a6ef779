"""What every human-readable report shows, computed once: no formatting, no I/O.

The terminal, HTML and Markdown renderers read the same figures, orderings, word
diffs and shortened texts from here, so the formats cannot drift apart.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from dedup.model import (
    Analysis,
    Answer,
    AnswerCluster,
    DocumentInfo,
    Question,
    QuestionCluster,
    WordDiff,
)
from dedup.render.messages import Messages

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.?!:;](?=\s)")

# Names that do not fit a narrow table column; others are cut by `short_fraction`.
_SHORT = {"GroenLinks-PvdA": "GL-PvdA", "ChristenUnie": "CU", "GroenLinks": "GL"}


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a word diff: `equal` text, or what `old` became in `new`."""

    op: str  # equal | replace | delete | insert
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a reused answer appears: its passage, the questions it answers, its
    similarity to the first occurrence (None for the first) and its word differences."""

    answer: Answer
    questions: tuple[Question, ...]
    similarity: float | None
    diffs: tuple[WordDiff, ...]

    @property
    def is_first(self) -> bool:
        return self.similarity is None


@dataclass(frozen=True, slots=True)
class SectionReuse:
    """Answer words in one fraction's section of the reply: how many are copies of an
    answer given earlier (`reused_words`), and how many are the first occurrence of an
    answer repeated later (`source_words`)."""

    fraction: str
    passages: int
    words: int
    reused_words: int
    source_words: int = 0

    @property
    def share(self) -> float:
        """The share of this section's answer words that copy an earlier answer."""
        return self.reused_words / self.words if self.words else 0.0

    @property
    def reused_share(self) -> float:
        """The share of this section's answer words in a reused answer: a copy of an
        earlier answer, or an answer pasted again later. The one "words reused" figure
        every report shows per section, so the section whose answers are pasted
        elsewhere is not "0%"."""
        return (self.reused_words + self.source_words) / self.words if self.words else 0.0


def word_segments(old: str, new: str) -> list[Segment]:
    """Word-level diff of `new` against `old`, including the equal stretches."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        Segment(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
    ]


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters: whole sentences when they fill half the room,
    else whole words, with `…` where text was left out."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(room)]
    if ends and ends[-1] >= limit // 2:
        return room[: ends[-1]] + " …"
    cut = room.rfind(" ")
    return (room[:cut] if cut > limit // 3 else room).rstrip(" ,;:") + " …"


def document_name(doc: DocumentInfo) -> str:
    """`Kamerstuk 29 325, nr. 157` when the front matter says so, else the file name."""
    meta = dict(doc.metadata)
    if meta.get("kamerstuk"):
        return f"Kamerstuk {meta['kamerstuk']}"
    return PurePath(doc.path).name


def short_fraction(name: str, width: int = 7) -> str:
    """A fraction name for a narrow column: `GroenLinks-PvdA` -> `GL-PvdA`."""
    short = _SHORT.get(name, name)
    return short if len(short) <= width else short[: width - 1] + "…"


def strongest_first(an: Analysis) -> list[QuestionCluster]:
    """Near-identical before paraphrase, then by weakest link, then by size."""
    rank = {"near-identical": 0, "paraphrase": 1}
    return sorted(
        an.question_clusters,
        key=lambda c: (rank.get(c.kind, 2), -c.min_score, -len(c.members), c.id),
    )


def questions_by_id(an: Analysis) -> dict[str, Question]:
    return {q.id: q for q in an.segmentation.questions}


def answers_by_id(an: Analysis) -> dict[str, Answer]:
    return {a.id: a for a in an.segmentation.answers}


def answered_by(an: Analysis) -> dict[str, list[str]]:
    """Part I question id -> the answer passages that answer it, in document order."""
    out: dict[str, list[str]] = {}
    for a in an.segmentation.answers:
        for qid in a.answers_questions:
            out.setdefault(qid, []).append(a.id)
    return out


def occurrences(an: Analysis, cluster: AnswerCluster) -> list[Occurrence]:
    """Every occurrence of a reused answer, first occurrence first."""
    answers = answers_by_id(an)
    questions = questions_by_id(an)
    first = cluster.members[0]
    out = []
    for m in cluster.members:
        answer = answers[m]
        similarity = None if m == first else _similarity(an, first, answer, answers[first])
        out.append(
            Occurrence(
                answer=answer,
                questions=tuple(questions[q] for q in answer.answers_questions if q in questions),
                similarity=similarity,
                diffs=tuple(d for d in cluster.diffs if d.member == m),
            )
        )
    return out


def _similarity(an: Analysis, first_id: str, answer: Answer, first: Answer) -> float:
    """The reuse score of the analysis graph, or a word-sequence ratio without a graph."""
    graph: Any = an.graph
    if graph is not None and graph.has_edge(first_id, answer.id):
        edge = graph.edges[first_id, answer.id]
        if "similarity" in edge:
            return float(edge["similarity"])
    sm = difflib.SequenceMatcher(
        a=_WORD.findall(first.text), b=_WORD.findall(answer.text), autojunk=False
    )
    return round(100 * sm.ratio(), 1)


def shared_share(first: str, text: str) -> float:
    """The words two passages share (runs of four or more) as a share of the longer
    passage: a copy pasted inside a longer answer, or a longer answer around a pasted
    paragraph, is below 100%, which only the same text reaches."""
    words, base = _WORD.findall(text), _WORD.findall(first)
    if not words or not base:
        return 0.0
    sm = difflib.SequenceMatcher(a=base, b=words, autojunk=False)
    shared = sum(b.size for b in sm.get_matching_blocks() if b.size >= 4)
    return shared / max(len(words), len(base))


def similarity_cell(o: Occurrence, kind: str, first: str, m: Messages) -> str:
    """What the similarity column says: `eerste` for the first occurrence; for a partial
    copy the share of it that is the shared passage (its similarity would say 100% for
    the shared sentences alone); else the similarity to the first occurrence."""
    if o.similarity is None:
        return m("first")
    if kind == "partial" and o.diffs:
        # Rounding must not make a copy with differences look like the same text.
        share = min(shared_share(first, o.answer.text), 0.99)
        return m("shared_part", share=m.pct(share))
    return f"{o.similarity:.0f}%"


def shared_text(an: Analysis, cluster: AnswerCluster) -> str:
    """The text the occurrences share: the first occurrence, or for a partial reuse the
    runs of its words (four or more) that reappear in another occurrence, joined by `…`."""
    answers = answers_by_id(an)
    first = answers[cluster.members[0]].text
    if cluster.kind != "partial":
        return " ".join(first.split())
    words = _WORD.findall(first)
    shared = [False] * len(words)
    for m in cluster.members[1:]:
        other = _WORD.findall(answers[m].text)
        sm = difflib.SequenceMatcher(a=words, b=other, autojunk=False)
        for block in sm.get_matching_blocks():
            if block.size >= 4:
                for i in range(block.a, block.a + block.size):
                    shared[i] = True
    runs: list[list[str]] = []
    previous = False
    for word, keep in zip(words, shared, strict=True):
        if keep:
            if not previous:
                runs.append([])
            runs[-1].append(word)
        previous = keep
    if not runs:
        return " ".join(words)
    text = " … ".join(" ".join(run) for run in runs)
    if not shared[0]:
        text = "… " + text
    if not shared[-1]:
        text += " …"
    return text


def reuse_by_section(an: Analysis) -> list[SectionReuse]:
    """Per fraction section of the reply: passages, words, and words that are copies
    (every occurrence of a reused answer after its first), in fraction order."""
    seg = an.segmentation
    copies = {m for c in an.answer_clusters for m in c.members[1:]}
    sources = {c.members[0] for c in an.answer_clusters}
    passages: Counter[str] = Counter()
    words: Counter[str] = Counter()
    reused: Counter[str] = Counter()
    source: Counter[str] = Counter()
    for a in seg.answers:
        n = len(a.text.split())
        passages[a.section_fraction] += 1
        words[a.section_fraction] += n
        if a.id in copies:
            reused[a.section_fraction] += n
        elif a.id in sources:
            source[a.section_fraction] += n
    order = list(seg.document.fractions)
    order += [f for f in passages if f not in order]
    return [
        SectionReuse(f, passages[f], words[f], reused[f], source[f]) for f in order if passages[f]
    ]


def duplicated_per_fraction(an: Analysis) -> dict[str, int]:
    """Per fraction: how many of its Part I questions are in a duplicate cluster."""
    questions = questions_by_id(an)
    counts: Counter[str] = Counter(
        questions[m].fraction for c in an.question_clusters for m in c.members
    )
    return {f: counts.get(f, 0) for f in an.segmentation.document.fractions}


@dataclass(frozen=True, slots=True)
class FractionRow:
    """One row of the per-fraction table: what a fraction asked and how its part of the
    reply was answered (`section` is None when the reply has no section of its own)."""

    fraction: str
    questions: int
    duplicated: int
    section: SectionReuse | None

    @property
    def duplicated_cell(self) -> str:
        """`4 (33%)`: the count with its share of the fraction's questions."""
        if not self.questions:
            return str(self.duplicated)
        return f"{self.duplicated} ({self.duplicated / self.questions:.0%})"


def fraction_rows(an: Analysis, questions_per_fraction: dict[str, int]) -> list[FractionRow]:
    """The per-fraction table of every report, in the order of `questions_per_fraction`
    (stats_dict's, the document's fraction order)."""
    dup = duplicated_per_fraction(an)
    reuse = {s.fraction: s for s in reuse_by_section(an)}
    return [
        FractionRow(fraction, asked, dup.get(fraction, 0), reuse.get(fraction))
        for fraction, asked in questions_per_fraction.items()
    ]


def lines(start: int, end: int) -> str:
    """`854-865`, or `854` for a single line."""
    return str(start) if end <= start else f"{start}-{end}"


def diff_phrase(d: WordDiff, limit: int | None = None) -> str:
    """One word difference: `"a" → "b"`, `+"b"`, `−"a"`; with `limit`, each side is
    shortened on its own, so the markers and the arrow always stay."""
    before = shorten(d.before, limit) if limit else d.before
    after = shorten(d.after, limit) if limit else d.after
    if d.op == "insert":
        return f"+“{after}”"
    if d.op == "delete":
        return f"−“{before}”"
    return f"“{before}” → “{after}”"
