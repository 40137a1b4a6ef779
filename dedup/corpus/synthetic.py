"""Deterministic variants of a verslag, for the corpus tests and `bench/corpus.py`.

Two levels:
- `variant_text`: a new verslag *text* from a real one, as another document in the same
  dossier would look: fraction sections reordered (consistently in Part I and Part II),
  sentences reworded by word swaps (a repeated question gets the same rewording in both
  parts), answer paragraphs dropped or pasted in from another section, a different line
  width, its own front matter and page footers.
- `synthetic_segmentation`: a pre-segmented document for the bench (segmenting 10k texts
  would measure the segmenter, not the corpus engine): a few fraction sections of the
  real document with the same kinds of variation, plus newly generated text that is
  unique to the document.

Everything depends only on the seed (`random.Random`), never on hash randomisation.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from random import Random

from dedup.corpus.index import (
    AnswerRow,
    IndexParams,
    Prepared,
    QuestionRow,
    sign_answers,
    sign_questions,
    with_packed_texts,
)
from dedup.corpus.metadata import MINISTRIES, MONTHS, DocMeta
from dedup.model import Answer, DocumentInfo, Question, Segmentation

_PART_ONE = re.compile(r"^\s*I\.\s+Vragen en opmerkingen vanuit de fracties", re.I)
_PART_TWO = re.compile(r"^\s*II\.\s+(?:Reactie|Antwoord|Beantwoording)\b")
_FRACTION = re.compile(r"^\s*Vragen en opmerkingen van de leden van de\s+(?P<rest>.*)$")

# Word swaps that keep the meaning: what a ministry's editor changes in a pasted answer.
SYNONYMS = {
    "gemeenten": "gemeentes",
    "daarnaast": "bovendien",
    "ook": "eveneens",
    "mensen": "personen",
    "verder": "voorts",
    "belangrijk": "van belang",
    "momenteel": "op dit moment",
    "inzicht": "zicht",
    "binnenkort": "spoedig",
    "onderzoek": "studie",
    "informeren": "inlichten",
    "samen": "gezamenlijk",
    "zodat": "opdat",
    "maar": "doch",
    "wordt": "is",
    "worden": "zijn",
    "zal": "gaat",
    "kabinet": "Rijk",
}
COMMISSIONS = (
    "Volksgezondheid, Welzijn en Sport",
    "Binnenlandse Zaken",
    "Sociale Zaken en Werkgelegenheid",
    "Justitie en Veiligheid",
    "Onderwijs, Cultuur en Wetenschap",
)


@dataclass(frozen=True, slots=True)
class Section:
    """One fraction's inbreng (Part I paragraphs) and reply (Part II blocks)."""

    heading: str
    part_one: tuple[str, ...]
    part_two: tuple[tuple[str, bool], ...]  # (paragraph, is_answer)


@dataclass(frozen=True, slots=True)
class Skeleton:
    part_one_heading: str
    part_two_heading: str
    sections: tuple[Section, ...]


def parse_skeleton(text: str) -> Skeleton:
    """The headings and clean paragraphs of a classic verslag text (no front matter)."""
    from dedup.parse.normalize import build_paragraphs, comparison_form

    lines = text.split("\n")
    p1 = next(i for i, ln in enumerate(lines) if _PART_ONE.match(ln))
    p2 = next(i for i, ln in enumerate(lines) if _PART_TWO.match(ln))
    heads: list[tuple[int, int, str]] = []  # (first line, last line, heading text)
    i = 0
    while i < len(lines):
        m = _FRACTION.match(lines[i])
        if m:
            heading, last = lines[i].strip(), i
            if not re.search(r"fractie\s*$", heading) and i + 1 < len(lines):
                heading, last = f"{heading} {lines[i + 1].strip()}", i + 1
            heads.append((i, last, heading))
            i = last + 1
            continue
        i += 1
    one = [h for h in heads if p1 < h[0] < p2]
    two = [h for h in heads if h[0] > p2]

    def body(items: list[tuple[int, int, str]], k: int, end: int) -> list[str]:
        stop = items[k + 1][0] if k + 1 < len(items) else end
        return [p.text for p in build_paragraphs(lines[items[k][1] + 1 : stop])]

    sections = []
    for k, (_, _, heading) in enumerate(one):
        asked = body(one, k, p2)
        asked_form = comparison_form(" ".join(asked))
        reply = []
        for para in body(two, k, len(lines)):
            head = comparison_form(para)[:60]
            reply.append((para, head not in asked_form))
        sections.append(Section(heading, tuple(asked), tuple(reply)))
    return Skeleton(lines[p1].strip(), lines[p2].strip(), tuple(sections))


def _split(text: str) -> list[str]:
    return re.split(r"(?<=[.?!])\s+(?=[A-Z0-9(«“])", text)


def reword(sentence: str, rng: Random, swaps: int = 1) -> str:
    """Replace up to `swaps` words by a synonym, or swap two neighbouring words."""
    words = sentence.split(" ")
    for _ in range(swaps):
        spots = [i for i, w in enumerate(words) if w.lower() in SYNONYMS]
        if spots and rng.random() < 0.8:
            i = rng.choice(spots)
            new = SYNONYMS[words[i].lower()]
            words[i] = new[0].upper() + new[1:] if words[i][0].isupper() else new
        elif len(words) > 6:
            i = rng.randrange(1, len(words) - 3)
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def reword_text(text: str, seed: str, share: float) -> str:
    """Reword each sentence with probability `share`, decided by the sentence itself and
    `seed`, so the same sentence is reworded the same way wherever it recurs."""
    out = []
    for s in _split(text):
        rng = Random(f"{seed}|{s}")
        out.append(reword(s, rng) if rng.random() < share else s)
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class VariantOptions:
    reword_share: float = 0.15  # of sentences (questions consistently in both parts)
    drop_share: float = 0.1  # of answer paragraphs
    paste_share: float = 0.1  # answer paragraphs pasted in from another section
    sections: int | None = None  # keep this many fraction sections (None: all)


def variant_meta(rng: Random, number: int) -> DocMeta:
    year = rng.randint(2015, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    first = year if month >= 9 else year - 1
    ministry = rng.choice(MINISTRIES[:8] + ("Volksgezondheid, Welzijn en Sport",) * 4)
    role = rng.choice(("Minister", "Staatssecretaris"))
    return DocMeta(
        kamerstuk=f"{rng.randint(21, 36)} {rng.randint(100, 999)}, nr. {number}",
        vergaderjaar=f"{first}-{first + 1}",
        date=f"{year:04d}-{month:02d}-{day:02d}",
        ministry=ministry,
        bewindspersoon=f"{role} van {ministry}",
        commission=rng.choice(COMMISSIONS),
        title="Maatschappelijke opvang",
    )


_MONTH_NAMES = tuple(MONTHS)


def front_matter(meta: DocMeta) -> list[str]:
    """Front matter lines as in the official publication."""
    assert meta.kamerstuk and meta.date
    dossier, nr = meta.kamerstuk.split(", nr. ")
    y, m, d = (int(x) for x in meta.date.split("-"))
    return [
        f"{dossier} {meta.title or 'Verslag'}",
        "",
        f"Nr. {nr} VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
        f"Vastgesteld {d} {_MONTH_NAMES[m - 1]} {y}",
        "",
        f"De vaste commissie voor {meta.commission} heeft een aantal vragen en",
        f"opmerkingen voorgelegd aan de {meta.bewindspersoon} over de brief",
        "van 1 juni over het Nationaal Actieplan Dakloosheid.",
        "",
    ]


def variant_text(skel: Skeleton, seed: int, opts: VariantOptions | None = None) -> str:
    """A realistic other verslag built from `skel` (see the module docstring)."""
    opts = opts or VariantOptions()
    rng = Random(seed)
    meta = variant_meta(rng, 100 + seed)
    order = list(range(len(skel.sections)))
    rng.shuffle(order)
    if opts.sections:
        order = order[: opts.sections]
    width = rng.randint(55, 95)
    key = f"variant-{seed}"
    all_answers = [
        (k, para) for k, s in enumerate(skel.sections) for para, ans in s.part_two if ans
    ]
    lines: list[str] = [*front_matter(meta), skel.part_one_heading, ""]
    for k in order:
        sec = skel.sections[k]
        lines += [sec.heading, ""]
        for para in sec.part_one:
            lines += [*_wrap(reword_text(para, key, opts.reword_share), width), ""]
    lines += [skel.part_two_heading, ""]
    for k in order:
        sec = skel.sections[k]
        lines += [sec.heading, ""]
        for para, is_answer in sec.part_two:
            if is_answer and rng.random() < opts.drop_share:
                continue
            text = reword_text(para, key if not is_answer else f"{key}-a", opts.reword_share)
            lines += [*_wrap(text, width), ""]
            if is_answer and rng.random() < opts.paste_share:
                others = [p for j, p in all_answers if j != k]
                if others:
                    lines += [*_wrap(rng.choice(others), width), ""]
    return "\n".join(_with_footers(lines, meta, rng)) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    return [
        f"{ln} "
        for ln in textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
    ]


def _with_footers(lines: list[str], meta: DocMeta, rng: Random) -> list[str]:
    """A page footer (`Tweede Kamer, vergaderjaar ...`) at a blank line every ~50 lines."""
    assert meta.vergaderjaar and meta.kamerstuk
    y1, y2 = meta.vergaderjaar.split("-")
    out: list[str] = []
    page, since = 1, 0
    for ln in lines:
        out.append(ln)
        since += 1
        if not ln.strip() and since > 45 + rng.randint(0, 10):
            page += 1
            out += [f"Tweede Kamer, vergaderjaar {y1}–{y2}, {meta.kamerstuk} {page}", "", ""]
            since = 0
    return out


# --- pre-segmented documents for the bench ------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyntheticTask:
    """Document `index` of a synthetic corpus with `seed`, built from `source`."""

    source: str
    seed: int
    index: int
    sections: int
    params: IndexParams
    # Dated one day after the previous index (from 2000-01-01), so a corpus grown in
    # index order arrives in date order; otherwise a random date like `variant_meta`'s.
    chronological: bool = False


@cache
def base_segmentation(source: str) -> Segmentation:
    from dedup.pipeline import segment_file

    return segment_file(source)


def synthetic_segmentation(
    base: Segmentation, seed: int, index: int, sections: int = 3
) -> tuple[Segmentation, DocMeta]:
    """One bench document: `sections` fraction sections of `base` (questions and their
    answers), 15% of sentences reworded, 10% of answers dropped, 10% pasted from another
    section, and 25% extra questions and answers of new text unique to this document."""
    rng = Random(seed * 1_000_003 + index)
    meta = variant_meta(rng, index)
    fractions = list(base.document.fractions)
    chosen = rng.sample(fractions, min(sections, len(fractions)))
    key = f"bench-{seed}-{index % 97}"
    vocab = _vocabulary(base)
    questions: list[Question] = []
    answers: list[Answer] = []
    line = 1
    for f in chosen:
        for q in (q for q in base.part_one() if q.fraction == f):
            text = reword_text(q.text, key, 0.15)
            questions.append(replace(q, text=text, line=line, line_end=line + 1))
            line += 2
            if rng.random() < 0.25:
                questions.append(
                    Question(
                        id=f"{f}-n{len(questions):03d}",
                        fraction=f,
                        part="I",
                        line=line,
                        line_end=line + 1,
                        text=_fresh(rng, vocab, 14, question=True),
                        direct=True,
                        topic=None,
                    )
                )
                line += 2
    others = [a for a in base.answers if a.section_fraction not in chosen]
    for f in chosen:
        for a in (a for a in base.answers if a.section_fraction == f):
            if rng.random() < 0.1:
                continue
            picked = [a]
            if rng.random() < 0.1 and others:
                picked.append(replace(rng.choice(others), section_fraction=f))
            if rng.random() < 0.25:
                picked.append(replace(a, id=f"{a.id}n", text=_fresh(rng, vocab, 60)))
            for p in picked:
                text = reword_text(p.text, f"{key}-a", 0.15)
                n = len(text) // 70 + 1
                answers.append(
                    replace(
                        p,
                        id=f"A{len(answers) + 1:03d}",
                        text=text,
                        line_start=line,
                        line_end=line + n,
                    )
                )
                line += n + 1
    digest = hashlib.sha256(
        "\n".join([q.text for q in questions] + [a.text for a in answers]).encode()
    ).hexdigest()
    doc = DocumentInfo(
        path=f"synthetic-{seed}-{index:06d}.txt",
        sha256=digest,
        format="txt",
        layout="verslag",
        fractions=tuple(chosen),
        has_reply=True,
    )
    return Segmentation(document=doc, questions=tuple(questions), answers=tuple(answers)), meta


@cache
def _vocabulary(base: Segmentation) -> tuple[str, ...]:
    words = {w for a in base.answers for w in a.text.split() if w.isalpha() and len(w) > 2}
    return tuple(sorted(words))


def _fresh(rng: Random, vocab: tuple[str, ...], n: int, *, question: bool = False) -> str:
    """New text: sentences of random words from the document's vocabulary."""
    sentences = []
    left = n
    while left > 0:
        k = min(left, rng.randint(9, 18))
        words = [rng.choice(vocab) for _ in range(k)]
        words[0] = words[0].capitalize()
        sentences.append(" ".join(words) + ("?" if question else "."))
        left -= k
    return " ".join(sentences)


@cache
def _base_clusters(source: str) -> dict[str, str]:
    """Question id -> its cluster in the base document (as `analyze` finds it)."""
    from dedup.corpus.index import IndexParams
    from dedup.pipeline import question_clusters

    clusters = question_clusters(base_segmentation(source), IndexParams().settings())[2]
    return {m: c.id for c in clusters for m in c.members}


def synthetic_prepared(task: SyntheticTask) -> Prepared:
    """Build and sign one bench document (runs in a worker process). A question keeps
    the cluster its original has in the base document (new ones have none): running
    `analyze`'s clustering on every bench document would measure that, not the corpus."""
    seg, meta = synthetic_segmentation(
        base_segmentation(task.source), task.seed, task.index, task.sections
    )
    if task.chronological:
        day = date(2000, 1, 1) + timedelta(days=task.index)
        meta = replace(meta, date=day.isoformat())
    cluster_of = _base_clusters(task.source)
    questions = [
        QuestionRow(q.id, q.fraction, q.line, q.line_end, q.text, q.topic, cluster_of.get(q.id))
        for q in seg.part_one()
    ]
    answers = [
        AnswerRow(
            a.id, a.section_fraction, a.line_start, a.line_end, a.text, tuple(a.answers_questions)
        )
        for a in seg.answers
    ]
    doc = seg.document
    prepared = Prepared(
        sha256=doc.sha256,
        name=Path(doc.path).name,
        path=doc.path,
        format=doc.format,
        layout=doc.layout,
        has_reply=doc.has_reply,
        fractions=tuple(doc.fractions),
        meta=meta,
        questions=sign_questions(questions, task.params),
        answers=sign_answers(answers, task.params),
        warnings=0,
    )
    return with_packed_texts(prepared)
