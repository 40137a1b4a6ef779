"""The clerk's bundled question list: Part I in document order, each duplicate once.

A merged cluster appears where its first member was asked, under the names of every
fraction that asked it (`Vragen van de leden van de VVD-, D66- en GroenLinks-PvdA-
fractie`), with the other members kept as variants and their differing words. Which
clusters are merged is the clerk's call: near-identical clusters always, paraphrase
clusters only with `merge="paraphrase"`; otherwise their questions stay separate and
each carries a proposal naming the entries it probably repeats. No rendering here:
`dedup.render.to_markdown.render_bundle_markdown` and `dedup.render.to_docx` do that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedup.cluster import word_diffs
from dedup.errors import InvalidSettings
from dedup.model import Analysis, DocumentInfo, Question, QuestionCluster, WordDiff
from dedup.parse.fractions import fraction_adjective, known_fractions
from dedup.render.messages import messages

MERGE_MODES = ("near-identical", "paraphrase")

# A variant whose words changed more than this share is shown whole, not as word edits.
REWRITTEN_SHARE = 0.5

# Wording that names the asking fraction reads wrong under several fractions' names.
_NAMES_ASKER = re.compile(r"\b(?:leden|fractie|zij vragen|deze leden)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Variant:
    """Another fraction's wording of a bundled question; `diffs` against the bundled text.

    `rewritten` is True when a word-by-word comparison would not help a reader (more
    than half of the words changed, as in most paraphrases): show `text` whole instead.
    """

    question: str
    fraction: str
    line: int
    text: str
    diffs: tuple[WordDiff, ...]
    rewritten: bool

    @property
    def identical(self) -> bool:
        return not self.diffs


@dataclass(frozen=True, slots=True)
class Proposal:
    """An unmerged paraphrase cluster: this entry probably asks what `numbers` ask."""

    cluster: str
    kind: str
    numbers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BundledQuestion:
    """One entry of the list, placed where the question was first asked. Its `text` is
    the wording that reads best under all the askers' names (a direct question that
    does not name its fraction), `question`/`fraction`/`line` say whose wording it is.
    `asked_by` lists every (fraction, line) that asked it, in document order."""

    number: int
    question: str
    fraction: str
    line: int
    text: str
    topic: str | None
    fractions: tuple[str, ...]
    cluster: str | None
    kind: str | None
    variants: tuple[Variant, ...]
    proposal: Proposal | None

    @property
    def asked_by(self) -> tuple[tuple[str, int], ...]:
        own = [(self.fraction, self.line)] + [(v.fraction, v.line) for v in self.variants]
        return tuple(sorted(own, key=lambda fl: fl[1]))


@dataclass(frozen=True, slots=True)
class BundleSection:
    """Consecutive entries asked by the same fractions, under one heading."""

    fractions: tuple[str, ...]
    heading: str
    questions: tuple[BundledQuestion, ...]


@dataclass(frozen=True, slots=True)
class Bundle:
    """The bundled list: `asked` Part I questions became `len(questions)` entries."""

    document: DocumentInfo
    merge: str
    asked: int
    sections: tuple[BundleSection, ...]

    @property
    def questions(self) -> tuple[BundledQuestion, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @property
    def merged_clusters(self) -> int:
        return len({q.cluster for q in self.questions if q.variants})


def heading(fractions: tuple[str, ...] | list[str]) -> str:
    """`Vragen van de leden van de VVD-, D66- en GroenLinks-PvdA-fractie`."""
    names = list(fractions)
    if not set(names) <= set(known_fractions()):
        # Not a fraction (a lijst's `commissie`): named as it is, `de` before a common noun.
        listed = [n if n[:1].isupper() else f"de {n}" for n in names]
        text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + f" en {listed[-1]}"
        return messages("nl")("bundle.heading_other", askers=text)
    return messages("nl")("bundle.heading", fractions=fraction_adjective(names))


def _variant(base: Question, q: Question) -> Variant:
    diffs = word_diffs(base.text, q.text, q.id)
    changed = sum(len(d.before.split()) + len(d.after.split()) for d in diffs)
    total = len(base.text.split()) + len(q.text.split())
    rewritten = total > 0 and changed / total > REWRITTEN_SHARE
    return Variant(q.id, q.fraction, q.line, q.text, tuple(diffs), rewritten)


def _wording_rank(q: Question, position: int) -> tuple[bool, bool, int]:
    """Prefer a direct question, then one that does not name its fraction, then the first."""
    return (not q.text.rstrip().endswith("?"), bool(_NAMES_ASKER.search(q.text)), position)


def bundle(
    an: Analysis, *, merge: str = "near-identical", confirmed: frozenset[str] = frozenset()
) -> Bundle:
    """Bundle the Part I questions of an analysis; `merge` is `near-identical` (paraphrase
    clusters only proposed) or `paraphrase` (both kinds merged). Clusters in `confirmed`
    (the clerk's review, `dedup.decisions`) are merged whatever their kind."""
    if merge not in MERGE_MODES:
        raise InvalidSettings(None, f"merge must be one of {', '.join(MERGE_MODES)}: {merge!r}")
    seg = an.segmentation
    part_one = seg.part_one()
    position = {q.id: i for i, q in enumerate(part_one)}
    by_id = {q.id: q for q in part_one}
    order = {f: i for i, f in enumerate(seg.document.fractions)}
    merged_kinds = {"near-identical"} if merge == "near-identical" else set(MERGE_MODES)
    cluster_of: dict[str, QuestionCluster] = {}
    for qc in an.question_clusters:
        for m in qc.members:
            if m in by_id:
                cluster_of[m] = qc

    # First pass: which questions open an entry, and the entry number of each question.
    number_of: dict[str, int] = {}
    heads: list[Question] = []
    for q in part_one:
        c = cluster_of.get(q.id)
        if c is not None and (c.kind in merged_kinds or c.id in confirmed):
            first = min((m for m in c.members if m in by_id), key=position.__getitem__)
            if first != q.id:
                number_of[q.id] = number_of[first]
                continue
        heads.append(q)
        number_of[q.id] = len(heads)

    entries: list[BundledQuestion] = []
    for head in heads:
        q = head
        c = cluster_of.get(q.id)
        variants: tuple[Variant, ...] = ()
        proposal = None
        fractions: tuple[str, ...] = (q.fraction,)
        if c is not None and (c.kind in merged_kinds or c.id in confirmed):
            members = sorted((m for m in c.members if m in by_id), key=position.__getitem__)
            q = min((by_id[m] for m in members), key=lambda x: _wording_rank(x, position[x.id]))
            variants = tuple(_variant(q, by_id[m]) for m in members if m != q.id)
            fractions = tuple(
                sorted(
                    {by_id[m].fraction for m in members},
                    key=lambda f: (order.get(f, len(order)), f),
                )
            )
        elif c is not None:
            numbers = sorted({number_of[m] for m in c.members if m in by_id} - {number_of[q.id]})
            proposal = Proposal(c.id, c.kind, tuple(numbers)) if numbers else None
        entries.append(
            BundledQuestion(
                number=number_of[head.id],
                question=q.id,
                fraction=q.fraction,
                line=q.line,
                text=q.text,
                topic=q.topic,
                fractions=fractions,
                cluster=c.id if c is not None else None,
                kind=c.kind if c is not None else None,
                variants=variants,
                proposal=proposal,
            )
        )

    sections: list[BundleSection] = []
    run: list[BundledQuestion] = []
    for entry in entries:
        if run and run[-1].fractions != entry.fractions:
            sections.append(BundleSection(run[0].fractions, heading(run[0].fractions), tuple(run)))
            run = []
        run.append(entry)
    if run:
        sections.append(BundleSection(run[0].fractions, heading(run[0].fractions), tuple(run)))
    return Bundle(seg.document, merge, len(part_one), tuple(sections))
