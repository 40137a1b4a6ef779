"""Parts, fraction sections, topics, question units and answer passages of a verslag.

Part II repeats each fraction's questions with the answers in between. Which Part II
sentences are repetitions is decided by aligning them to that fraction's Part I
sentences (fuzzy), not by sentence form: answers contain question marks too, and
repeated questions are sometimes reworded or glued onto an answer paragraph.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from dedup.errors import NoStructure
from dedup.layouts.base import Document, segmentation
from dedup.model import Answer, Asker, Diagnostic, Question, Segmentation
from dedup.parse.fractions import canonical_fraction
from dedup.parse.normalize import SHORT_LINE_SHARE, LineKind, build_paragraphs, comparison_form
from dedup.parse.sentences import framed_request, sentence_role, split_sentences
from dedup.parse.structure import front_matter, truncation
from dedup.parse.types import (
    ASKING,
    FOLLOW_UP,
    QUESTION,
    REQUEST,
    STATEMENT,
    Block,
    Heading,
    Paragraph,
    Role,
    Span,
    Unit,
)

_TOPIC_END = re.compile(r"[.?!:;,]$")
# "De leden van de CDA-fractie", "Het lid van de BBB-fractie", "de GroenLinks- en PvdA-fractie".
_NAMED_FRACTION = re.compile(
    r"\b(?:leden|lid)\s+van\s+(?:de\s+)?(?:fractie\s+van\s+de\s+)?"
    r"(?P<name>[A-Z][\w&']*(?:[ -]+(?:en\s+|voor\s+de\s+|van\s+de\s+)?[A-Z][\w&']*)*?)"
    r"\s*-\s*fractie\b"
    # "de fractie van het CDA" (older verslagen), "de fracties van GroenLinks-PvdA en de
    # ChristenUnie" (several fractions asking together: the first is `fraction`).
    r"|\b(?:leden|lid)\s+van\s+de\s+fracties?\s+van\s+(?:de\s+|het\s+)?(?P<name2>[A-Z][\w&'-]*[\w&'])"
    # Eerste Kamer: "de fractieleden van de PVV en de PvdD" (the first one named asks).
    r"|\bfractieleden\s+van\s+(?:de\s+)?(?P<name3>[A-Z][\w&']+)"
)
# First person or the government speaking: an answer, not a fraction's question.
_GOVERNMENT_VOICE = re.compile(
    r"\b(?:[Ii]k|mij|mijn|[Ww]ij|[Ww]e|ons|onze)\b|^(?:Het|Dit)\s+kabinet\b|^De\s+regering\b"
)
_SIGNATURE = re.compile(
    r"^(?:De|Het)\s+(?:Minister|Staatssecretaris|[Vv]oorzitter|[Gg]riffier|[Aa]djunct-griffier)"
    r"\b[^.?!]{0,120},\s*[A-Z][\w.' -]{1,50}$"
)
# A reply that opens with a plain yes or no: "Ja. Het wetsvoorstel bepaalt ...".
_YES_NO = re.compile(r"^(?:Ja|Nee|Neen)\b[.,]")
_FIRST_PERSON = re.compile(r"\b(?:[Ii]k|mij|mijn)\b")
_FRACTION_VOICE = re.compile(r"\b(?:leden|fractie|[Zz]ij\s+vragen|[Gg]enoemde\s+leden)\b")

# Part II sentences at or above this fuzz.ratio to a Part I sentence are repetitions.
REPEAT_THRESHOLD = 84.0
# Lower bar for a sentence that continues an alignment run (reworded repetitions).
REPEAT_RUN_THRESHOLD = 60.0
# fuzz.partial_ratio at which a long Part II sentence repeats a Part I one it sits inside
# (a repetition that dropped a reference or a clause).
PARTIAL_REPEAT_THRESHOLD = 92.0


def _is_topic(p: Paragraph) -> bool:
    text = p.text.strip()
    return (
        len(p.line_numbers) == 1
        and 0 < len(text) <= 90
        and len(text.split()) <= 12
        and not _TOPIC_END.search(text)
        and (text[0].isupper() or text[0].isdigit())
    )


def _named_fraction(text: str) -> str | None:
    """The fraction a sentence names as its subject, if any ("De leden van de SP-fractie")."""
    m = _NAMED_FRACTION.search(text)
    if not m:
        return None
    return canonical_fraction(m.group("name") or m.group("name2") or m.group("name3"))


# The fractions of a joint subject: "De leden van de fracties van GroenLinks-PvdA, D66 en
# de ChristenUnie ..." (each name after "van", a comma or "en", with its article).
_JOINT_SUBJECT = re.compile(
    r"\bleden\s+van\s+de\s+fracties\s+van\s+(?P<names>(?:(?:de\s+|het\s+)?[A-Z][\w&'-]*"
    r"(?:\s*,\s*|\s+en\s+))+(?:de\s+|het\s+)?[A-Z][\w&'-]*)"
)
_JOINT_SPLIT = re.compile(r"\s*,\s*|\s+en\s+")


@lru_cache(maxsize=64)
def _joint_askers(text: str) -> tuple[Asker, ...]:
    """Every fraction of a joint subject in `text`, in order; () when one fraction asks.

    Asked once per question of a paragraph with that paragraph's text: cached, so a
    paragraph of many questions is searched once (a str keeps its hash)."""
    # The pattern holds "fracties" (case as written): most paragraphs lack it.
    m = _JOINT_SUBJECT.search(text) if "fracties" in text else None
    if m is None or _referred(text, m.start()):
        return ()
    names = [re.sub(r"^(?:de|het)\s+", "", n) for n in _JOINT_SPLIT.split(m.group("names"))]
    return tuple(Asker(None, canonical_fraction(n)) for n in names if n)


def _subject_fraction(text: str) -> str | None:
    """The fraction a paragraph names as who asks ("De leden van de PvdD-fractie vragen
    ..."), not one named in a reference ("het antwoord op de vraag van de leden van de
    PVV-fractie")."""
    for m in _NAMED_FRACTION.finditer(text):
        if not _referred(text, m.start()):
            return canonical_fraction(m.group("name") or m.group("name2") or m.group("name3"))
    return None


# What precedes a fraction named only as the owner of a question or answer referred to.
_REFERRED = re.compile(
    r"\b(?:vraag|vragen|antwoord|antwoorden|reactie|opmerkingen?|inbreng|verzoek|beantwoording)"
    r"(?:\s+\S+){0,3}?\s+van\s+(?:de\s+|het\s+)?$",
    re.I,
)
# A _REFERRED match spans at most this many words: the keyword's, three, "van", "de".
_REFERRED_WORDS = 6


def _referred(text: str, end: int) -> bool:
    """Whether text[:end] ends in a reference (_REFERRED), searched over its last words
    only: a match is whole words, at most _REFERRED_WORDS of them, so the result is that of
    searching all of text[:end], without a scan of the whole prefix for every fraction
    named (quadratic in a long paragraph of references)."""
    start = end
    for _ in range(_REFERRED_WORDS + 1):
        # One word (and the whitespace after it) further back.
        while start > 0 and text[start - 1].isspace():
            start -= 1
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        if start == 0:
            break
    return _REFERRED.search(text, start, end) is not None


def _blocks(
    paragraphs: Sequence[Paragraph], headings: Sequence[Heading], *, sections_named: bool
) -> tuple[list[Block], list[Diagnostic], bool]:
    """Body paragraphs with their part, fraction section and topic.

    Text before the first heading is front matter. Text between the Part I heading and
    the first fraction section (an "Inleiding") is given to the fractions it names;
    what names none is reported. With `sections_named` False (a nota), every paragraph
    belongs to the fraction it names, or the last one named.
    """
    by_line = {h.first + 1: h for h in headings}
    part: str | None = None
    fraction: str | None = None
    topic: str | None = None
    seen_part_two = False
    seen_fractions: set[str] = set()
    first_fraction: str | None = None
    after_label = False
    named_reply = False
    round_ = 0
    blocks: list[Block] = []
    warnings: list[Diagnostic] = []
    started = False
    for p in paragraphs:
        h = by_line.get(p.first_line)
        if h is not None:
            started = started or h.kind in ("part-1", "fraction")
            if h.kind == "part-1":
                part, fraction, topic = "I", None, None
                seen_fractions, first_fraction = set(), None
                round_ += 1
            elif h.kind == "part-2":
                part, fraction, topic, named_reply = "II", None, None, False
                seen_part_two = True
            elif h.kind == "topic":
                topic = h.text
                after_label = False
            elif h.kind == "reply":
                after_label = True
            elif h.kind == "toc":
                pass  # a table of contents: neither questions nor answers
            else:
                assert h.fraction is not None
                if part is None:
                    part = "I"
                elif part == "I" and h.fraction in seen_fractions and h.fraction == first_fraction:
                    # No Part II heading, but the sections start over: the reply begins.
                    part = "II"
                    seen_part_two = True
                fraction, topic, after_label, named_reply = h.fraction, None, False, False
                if first_fraction is None:
                    first_fraction = h.fraction
                if part == "I":
                    seen_fractions.add(h.fraction)
            continue
        if not started and sections_named:
            continue  # front matter: title, commission, chair and clerk
        if _SIGNATURE.match(p.text):
            continue  # "De Minister van ..., <name>" under the reply
        spans = split_sentences(p.text)
        if not sections_named:
            if _is_topic(p):
                topic = p.text.strip()  # "2. Doel van het wetsvoorstel"
                continue
            named = _subject_fraction(p.text)
            fraction = named or fraction
            if fraction is None:
                continue  # before any fraction is named: the bill's own introduction
            blocks.append(Block(p, part or "I", fraction, topic, spans, after_label))
            after_label = False
            continue
        if fraction is None:
            if _is_topic(p):
                topic = p.text.strip()  # "Inleiding" above the fractions' introductions
                continue
            placed = _place_by_name(p, spans, part, topic)
            blocks.extend(placed)
            if placed and part == "II":
                # A reply without section headings (a letter): the fraction last named
                # goes on until another is named.
                fraction, named_reply = placed[-1].fraction, True
            if not placed:
                warnings.append(
                    Diagnostic(
                        "unplaced-text",
                        f"text outside any fraction section: {_clip(p.text)}",
                        p.first_line,
                    )
                )
            continue
        if _is_topic(p):
            topic = p.text.strip()
            continue
        if named_reply:
            fraction = (_subject_fraction(spans[0].text) if spans else None) or fraction
        blocks.append(Block(p, part, fraction, topic, spans, after_label, round_))
        after_label = False
    return blocks, warnings, seen_part_two


def _place_by_name(
    p: Paragraph, spans: list[Span], part: str | None, topic: str | None
) -> list[Block]:
    """An introduction's sentences, each given to the fraction it names (or the one before)."""
    out: list[Block] = []
    current: str | None = None
    for span in spans:
        current = _named_fraction(span.text) or current
        if current is None:
            return []
        if out and out[-1].fraction == current:
            out[-1].spans.append(span)
        else:
            out.append(Block(p, part or "I", current, topic, [span]))
    return out


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _part_one_units(blocks: Sequence[Block]) -> tuple[dict[str, list[Unit]], list[str]]:
    """Question units per fraction (statements kept as their context), in order."""
    units: dict[str, list[Unit]] = {}
    order: list[str] = []
    previous: dict[str, tuple[Role | None, str]] = {}
    pending: dict[str, list[str]] = {}
    # sentence_role is a pure function of its arguments: a sentence repeated with the same
    # one before it (a pasted paragraph, "Zo ja, waarom?") is classified once. The role
    # before is keyed by identity (each Role is one object): an Enum hashes in Python.
    roles: dict[tuple[str, int, str], Role] = {}
    for b in blocks:
        if b.part != "I" or b.fraction is None:
            continue
        fr = b.fraction
        if fr not in units:
            units[fr] = []
            order.append(fr)
        for span in b.spans:
            prev_role, prev_text = previous.get(fr, (None, ""))
            key = (span.text, id(prev_role), prev_text)
            role = roles.get(key)
            if role is None:
                role = roles[key] = sentence_role(span.text, prev_role, prev_text)
            previous[fr] = (role, span.text)
            current = units[fr][-1] if units[fr] else None
            if role is FOLLOW_UP and current is not None:
                current.sentences.append((b.paragraph, span))
            elif role in ASKING:
                context = pending.pop(fr, [])[-3:]
                if not context and current is not None and current.topic == b.topic:
                    # A question right after another shares its statements ("dit plan").
                    context = list(current.context)
                units[fr].append(
                    Unit(fr, role, [(b.paragraph, span)], context=context, topic=b.topic)
                )
            else:
                pending.setdefault(fr, []).append(span.text)
    return units, order


def _question_from_unit(unit: Unit, qid: str, part: str, repeats: str | None) -> Question:
    first_p, first_s = unit.sentences[0]
    last_p, last_s = unit.sentences[-1]
    text = " ".join([s.text for _, s in unit.sentences])
    return Question(
        id=qid,
        fraction=unit.fraction,
        part=part,
        line=first_p.line_at(first_s.start),
        line_end=last_p.line_at(max(last_s.start, last_s.end - 1)),
        text=text,
        # The main sentence decides: "De leden vragen of ... . Zo nee, waarom niet?" is an
        # indirect request with a direct follow-up.
        direct=first_s.text.rstrip(" )").endswith("?"),
        topic=unit.topic,
        context=" ".join(unit.context),
        repeats=repeats,
        askers=_joint_askers(first_p.text),
    )


@dataclass(slots=True)
class _PartOneIndex:
    """Part I sentences of one fraction, in order, with the unit each belongs to."""

    forms: list[str] = field(default_factory=list)
    owners: list[str | None] = field(default_factory=list)
    # `forms` without repeats, which of them each position holds, and the positions of
    # each, filled on first use by _repeat_scores: a pasted paragraph repeats one sentence
    # thousands of times.
    distinct: list[str] = field(default_factory=list)
    where: list[int] = field(default_factory=list)
    positions: list[list[int]] = field(default_factory=list)


# _align's candidates for a repeated sentence: those within this many points of the best.
TIE_WINDOW = 2.0


def _repeat_scores(forms: Sequence[str], idx: _PartOneIndex) -> npt.NDArray[np.float64]:
    """fuzz.ratio of each of `forms` (rows) against each distinct Part I form of `idx`
    (columns: idx.distinct): one cdist a call (one an index: _scores_by_block), each
    repeated form scored once.

    Every cell is computed: leaving out the rows of word-for-word repeats (whose ties a
    length bound limits to a few forms) was tried and measured slower on the sample
    (cdist scores several short rows at once; the numpy work of picking cells costs more)."""
    if len(idx.where) != len(idx.forms):
        first: dict[str, int] = {}
        idx.where = [first.setdefault(f, len(first)) for f in idx.forms]
        idx.distinct = list(first)
        idx.positions = [[] for _ in idx.distinct]
        for j, d in enumerate(idx.where):
            idx.positions[d].append(j)
    return process.cdist(forms, idx.distinct, scorer=fuzz.ratio, dtype=np.float64)


@dataclass(slots=True)
class _Scores:
    """fuzz.ratio of one Part II sentence against every Part I sentence of an index, held
    per distinct Part I form (a row of _repeat_scores); `scores[j]` is position j's."""

    by_form: npt.NDArray[np.float64]
    idx: _PartOneIndex
    # The row's argmax, its score, and how many forms score within TIE_WINDOW of it, when
    # the caller took them for a whole block at once (three numpy calls a block instead
    # of three a row).
    top_form: int | None = None
    top_score: float | None = None
    near_top: int | None = None

    def __getitem__(self, j: int) -> float:
        return float(self.by_form[self.idx.where[j]])

    def first_best(self) -> tuple[int, float]:
        """The first position of the highest score, and that score: what the first of
        best(k) is. Distinct forms are numbered in order of first appearance, so the
        first form at the top score (argmax) holds the first position at it."""
        d = int(self.by_form.argmax()) if self.top_form is None else self.top_form
        top = float(self.by_form[d]) if self.top_score is None else self.top_score
        return self.idx.positions[d][0], top

    def ties(self, k: int) -> list[int]:
        """best(k, floor=top - TIE_WINDOW): the candidates for a repeated sentence. Where
        one form alone scores that high (the common case) it is the top form."""
        d, top = self.top_form, self.top_score
        if self.near_top == 1 and d is not None:
            return self.idx.positions[d][:k]
        return self.best(k, floor=(top if top is not None else self.first_best()[1]) - TIE_WINDOW)

    def best(self, k: int, floor: float | None = None) -> list[int]:
        """The `k` highest-scoring positions, highest first, ties in document order: what
        sorted(range(n), key=lambda j: (-scores[j], j))[:k] gives, found over the distinct
        forms instead of sorting every position. With `floor`, only those of them scoring
        at least `floor` (the forms below it are never looked at)."""
        positions = self.idx.positions
        by_form = self.by_form
        forms = np.flatnonzero(by_form >= floor) if floor is not None else None
        if forms is not None and len(forms) == 1:  # the common case: one form at the top
            return positions[int(forms[0])][:k]
        if forms is None:
            forms = np.arange(len(by_form))
        values = by_form[forms].tolist()
        # The forms by score, highest first; those of one score merged in document order.
        out: list[int] = []
        for _, level in itertools.groupby(
            sorted(zip(values, forms.tolist(), strict=True), key=lambda v: -v[0]),
            key=lambda v: v[0],
        ):
            level_positions = [positions[d] for _, d in level]
            if len(level_positions) == 1:
                out.extend(level_positions[0][: k - len(out)])
            else:
                out.extend(itertools.islice(heapq.merge(*level_positions), k - len(out)))
            if len(out) >= k:
                break
        return out


def _sentence_owners(
    units: dict[str, list[Unit]], ids: dict[int, str]
) -> dict[tuple[int, int], str]:
    """(paragraph, sentence start) -> the id of the question unit the sentence belongs to."""
    return {
        (id(p), s.start): ids[id(u)]
        for fr_units in units.values()
        for u in fr_units
        for p, s in u.sentences
    }


def _answer(
    number: int, b: Block, spans: Sequence[Span], asked: Sequence[str], decided_by: str
) -> Answer:
    """An answer passage made of `spans` of block `b`'s paragraph."""
    p = b.paragraph
    start, end = spans[0].start, spans[-1].end
    assert b.fraction is not None
    return Answer(
        id=f"A{number:03d}",
        section_fraction=b.fraction,
        line_start=p.line_at(start),
        line_end=p.line_at(max(start, end - 1)),
        text=p.text[start:end].strip(),
        answers_questions=tuple(asked),
        topic=b.topic,
        decided_by=decided_by,
    )


def _index_part_one(
    blocks: Sequence[Block], units: dict[str, list[Unit]], ids: dict[int, str]
) -> dict[tuple[int, str], _PartOneIndex]:
    owner_of = _sentence_owners(units, ids)
    index: dict[tuple[int, str], _PartOneIndex] = {}
    for b in blocks:
        if b.part != "I" or b.fraction is None:
            continue
        idx = index.setdefault((b.round, b.fraction), _PartOneIndex())
        for span in b.spans:
            idx.forms.append(comparison_form(span.text))
            idx.owners.append(owner_of.get((id(b.paragraph), span.start)))
    return index


def _align(
    form: str, idx: _PartOneIndex, previous_match: int | None, scores: _Scores | None
) -> int | None:
    """The Part I sentence this Part II sentence repeats, or None if it is answer text.

    `scores[j]` is fuzz.ratio of `form` against `idx.forms[j]` (one cdist per index).
    """
    if not idx.forms or scores is None or len(form) < 8:
        return None
    best, top_score = scores.first_best()
    if top_score >= REPEAT_THRESHOLD:
        # Identical sentences recur ("Zo ja, waarom niet?"): take the one nearest after
        # the previous match, since Part II keeps Part I's order within a block. The
        # candidates are those of the six best (highest first, ties in document order)
        # within 2 of the best.
        ties = scores.ties(6)
        anchor = (previous_match + 1) if previous_match is not None else best
        return min(ties, key=lambda j: (j < anchor, abs(j - anchor)))
    if previous_match is not None and previous_match + 1 < len(idx.forms):
        nxt = previous_match + 1
        if scores[nxt] >= REPEAT_RUN_THRESHOLD:
            return nxt
    # A repetition that dropped a reference or a clause: most of it sits inside the original.
    if len(form) >= 60:
        cand = idx.forms[best]
        if (
            len(form) >= 0.6 * len(cand)
            and partial_ratio_bound(top_score, len(form), len(cand)) >= PARTIAL_REPEAT_THRESHOLD
            and fuzz.partial_ratio(form, cand, score_cutoff=PARTIAL_REPEAT_THRESHOLD)
            >= PARTIAL_REPEAT_THRESHOLD
        ):
            return best
    return None


def partial_ratio_bound(ratio: float, len_a: int, len_b: int) -> float:
    """An upper bound of fuzz.partial_ratio(a, b) from fuzz.ratio(a, b), free to compute.

    ratio is 200 * LCS(a, b) / (len_a + len_b) (LCS: the longest common subsequence), and
    partial_ratio is the best ratio of the shorter string (length m) against a substring
    of the longer (length L). Such a substring shares at most l = LCS(a, b) characters
    with it, and at most L, so it scores at most 200 * min(l, L) / (m + L) <= 200 * l /
    (m + l). Part II sentences that miss the repeat bar are mostly far below this one:
    partial_ratio (slow on long sentences) runs only where the bound lets it reach."""
    m = min(len_a, len_b)
    if m == 0:
        return 100.0
    # The LCS back from the ratio, rounded up a little against float error.
    lcs = (len_a + len_b) * ratio / 200 + 1e-6
    return 200 * lcs / (m + lcs)


# A reply paragraph opening with the fraction asking, in reported speech: the question
# taken up again in the reply's own words ("De leden vragen tevens of ...").
_REPORTED_ASK = re.compile(
    r"^(?:(?:De|Deze|Genoemde)\s+leden|Het\s+lid|Dit\s+lid|Zij)\b[^.?!]{0,80}?\bvra(?:gen|agt)\b"
)
# fuzz.token_set_ratio a reworded repetition reaches against the Part I sentence (the
# reply drops or reorders clauses; unrelated questions of one fraction stay below it).
REWORDED_THRESHOLD = 70.0


def _reworded_repetition(
    text: str, form: str, idx: _PartOneIndex, previous_match: int | None
) -> int | None:
    """The Part I sentence a reply paragraph's reported-speech opening takes up again."""
    if not _REPORTED_ASK.match(text) or sentence_role(text, None) is STATEMENT:
        return None
    if not idx.forms:
        return None
    scores = [fuzz.token_set_ratio(form, f) for f in idx.forms]
    start = previous_match + 1 if previous_match is not None else 0
    order = sorted(range(len(scores)), key=lambda j: (-scores[j], j < start, j))
    best = order[0]
    return best if scores[best] >= REWORDED_THRESHOLD else None


# A question unit this short, cut off by the end of the file, is no question ("In welke
# Europes"): too little is left to compare (the real excerpts' annotation rule).
MIN_CUT_WORDS = 6


def _drop_cut_fragment(units: dict[str, list[Unit]], last_line: int | None) -> None:
    """Leave out a unit that is only the few words the file was cut off in."""
    for fr_units in units.values():
        if not fr_units:
            continue
        u = fr_units[-1]
        p, span = u.sentences[-1]
        if (
            len(u.sentences) == 1
            and p.line_at(max(span.start, span.end - 1)) == last_line
            and len(span.text.split()) < MIN_CUT_WORDS
            and not span.text.rstrip().endswith(("?", ".", "!"))
        ):
            fr_units.pop()


@dataclass(frozen=True, slots=True)
class Mode:
    """How a layout of fraction sections reads: where its replies are, if anywhere.

    `reply` is "part-two" (a Part II repeating the questions, aligned to Part I),
    "voice" (replies under each question block, told apart by label or voice) or
    "none" (questions only: a reply part, if present, is left out and said so).
    `sections_named` False reads reported speech: each paragraph belongs to the
    fraction it names, or the last one named.
    """

    reply: str
    sections_named: bool


def reported_speech(document: Document) -> bool:
    """No fraction headings: the fractions are only named in running text."""
    return not any(h.kind == "fraction" for h in document.headings)


def names_a_fraction(lines: Sequence[str]) -> bool:
    """_NAMED_FRACTION finds a fraction named in the joined lines."""
    return _names_a_fraction(tuple(lines))


# The words every _NAMED_FRACTION match starts with (after its \b; case as written).
_NAMING_WORDS = ("leden", "lid", "fractieleden")


# Asked about one document by both reported-speech layouts' detect() and by segmentation:
# the last document's answer is kept (a tuple is its own key, hashed once per call).
@lru_cache(maxsize=1)
def _names_a_fraction(lines: tuple[str, ...]) -> bool:
    """Whether _NAMED_FRACTION.search("\n".join(lines)) finds a match, tried only where
    one of _NAMING_WORDS stands: the pattern opens with \b, which keeps the search from
    skipping ahead, so it tried all three alternatives at every position (1.5 ms on a
    10 kB Kamervraag, 30 ms on the sample's length)."""
    text = "\n".join(lines)
    for word in _NAMING_WORDS:
        at = text.find(word)
        while at >= 0:
            if _NAMED_FRACTION.match(text, at):
                return True
            at = text.find(word, at + 1)
    return False


def segment_sections(document: Document, layout: str, mode: Mode) -> Segmentation:
    """Split a document of fraction sections into questions and answer passages."""
    source, clean = document.source, document.clean
    headings = list(document.headings)
    if mode.reply == "voice":
        # No Part II here: a standalone "Reactie van de Minister" labels one reply.
        headings = [replace(h, kind="reply") if h.kind == "part-2" else h for h in headings]
    body = next((h.first for h in headings if h.kind in ("part-1", "fraction")), None)
    sections_named = mode.sections_named and any(h.kind == "fraction" for h in headings)
    if not sections_named and not names_a_fraction(source.lines):
        raise NoStructure(
            source.path,
            f"layout {layout!r} needs fraction sections (headings like 'Vragen en opmerkingen "
            "van de leden van de VVD-fractie') or fractions named in the text "
            "('De leden van de VVD-fractie vragen ...'); found neither",
        )
    metadata = front_matter(source.lines, body if body is not None else 60)
    starts: set[int] = set()
    for h in headings:
        starts.add(h.first)
        starts.add(h.last + 1)
    paragraphs = build_paragraphs(source.lines, block_starts=frozenset(starts), clean=clean)
    blocks, warnings, has_reply = _blocks(paragraphs, headings, sections_named=sections_named)
    warnings = list(source.diagnostics) + warnings
    text_kind = LineKind.TEXT  # read once, not once a line (see dedup.parse.types.Role)
    cut = truncation(source.lines, [k is text_kind for k in clean.kinds])
    if cut is not None:
        warnings.append(cut)
    voiced = mode.reply == "voice"
    if voiced:
        blocks = _split_by_voice(blocks)
        has_reply = any(b.part == "A" for b in blocks)
    elif mode.reply == "none" and has_reply:
        dropped = [b for b in blocks if b.part == "II"]
        blocks = [b for b in blocks if b.part != "II"]
        has_reply = False
        if dropped:
            warnings.append(
                Diagnostic(
                    "reply-ignored",
                    f"layout {layout!r} reads questions only: the reply part is left out",
                    dropped[0].paragraph.first_line,
                )
            )

    units, order = _part_one_units(blocks)
    if cut is not None:
        _drop_cut_fragment(units, cut.line)
    questions: list[Question] = []
    ids: dict[int, str] = {}
    for fr in order:
        for n, u in enumerate(units[fr], start=1):
            qid = f"{fr}-q{n:02d}"
            ids[id(u)] = qid
            questions.append(_question_from_unit(u, qid, "I", None))
    if not questions:
        warnings.append(Diagnostic("no-questions", "no questions found in the fraction sections"))

    answers: list[Answer] = []
    part_two_questions: list[Question] = []
    if voiced:
        answers = _voice_answers(blocks, units, ids)
    elif has_reply:
        index = _index_part_one(blocks, units, ids)
        part_two_questions, answers, more = _part_two(blocks, index, units, ids)
        warnings.extend(more)
        repeated = {q.repeats for q in part_two_questions}
        # A fraction whose Part II section never comes (the file stops before it) is not
        # "not repeated": say once that its reply is not in this file.
        reached = {b.fraction for b in blocks if b.part == "II"}
        missing = [fr for fr in order if fr not in reached]
        for q in questions:
            if q.id not in repeated and q.fraction in reached:
                warnings.append(
                    Diagnostic("not-repeated", f"{q.id} is not repeated in the reply", q.line, q.id)
                )
        if missing:
            warnings.append(
                Diagnostic(
                    "no-reply-in-file",
                    f"no reply part in this file for {', '.join(missing)}",
                )
            )
    if has_reply:
        answered = {qid for a in answers for qid in a.answers_questions}
        repeated_ids = {q.repeats for q in part_two_questions}
        for q in questions:
            if q.id not in answered and (voiced or q.id in repeated_ids):
                warnings.append(
                    Diagnostic("unanswered", f"{q.id} has no answer after it", q.line, q.id)
                )
    else:
        warnings.append(
            Diagnostic(
                "no-reply",
                "no reply found: questions only, no answers to link",
                None,
            )
        )
    fractions = tuple(order) + tuple(
        dict.fromkeys(b.fraction for b in blocks if b.fraction and b.fraction not in order)
    )
    return segmentation(
        source,
        layout,
        fractions=fractions,
        has_reply=has_reply,
        metadata=metadata,
        questions=[*questions, *part_two_questions],
        answers=answers,
        warnings=warnings,
    )


# A reply that points to another answer: "Zie het antwoord op de vragen van de leden ...".
_REFERENCE_OPENER = re.compile(
    r"^(?:Zie\s+(?:het|mijn|ons|de)\s+(?:antwoord|reactie|beantwoording)|"
    r"(?:Ik|Wij|De\s+regering|Het\s+kabinet)\s+verwijs?t?\s+(?:\w+\s+)?naar)\b"
)


def _voice(span: Span) -> str | None:
    """Who speaks in a sentence, as far as the sentence itself says.

    "answer": the government in the first person singular or pointing to another
    answer ("Ik" speaks for the government even when it names the members: "Ik verwijs
    naar mijn reactie op de vragen van de leden van de VVD-fractie"); "government": the
    government's other voices ("wij", "ons", "Het kabinet", "De regering"), which a
    fraction also uses when it quotes or reports them, so they count as a reply only
    where a question is waiting for one; "ask": a question or a framed request;
    "member": a statement naming the members ("De leden lezen ..."); None: no voice.
    """
    text = span.text
    if _FIRST_PERSON.search(text) or _REFERENCE_OPENER.match(text):
        return "answer"
    role = sentence_role(text, None)
    # A sentence that only opens like a question ("Hoeveel woningen worden verhuurd
    # wordt niet bijgehouden.", "Op welke termijn dit lukt is afhankelijk van ...") has
    # no voice: without a question mark or a request frame it states something.
    asks = role in (QUESTION, FOLLOW_UP) or (role is REQUEST and framed_request(text))
    if _GOVERNMENT_VOICE.search(text) and not _FRACTION_VOICE.search(text):
        # "Wat is er bereikt en waar zijn wij op de goede weg?": a fraction asks.
        return "ask" if asks and text.rstrip(" )").endswith("?") else "government"
    if asks:
        return "ask"
    if _FRACTION_VOICE.search(text):
        return "member"
    return None


# A line that ends a sentence this far short of the paragraph's longest line, where the
# next line's first word would have fitted, ends a paragraph that the text runs on
# without a blank line (PDF text of replies): the same share as build_paragraphs' for
# documents without any blank lines.
PIECE_LINE_SHARE = SHORT_LINE_SHARE
_ENDS_SENTENCE = re.compile(r"[.?!:][»”\"')]*$")


def _pieces(b: Block) -> list[list[Span]]:
    """The block's sentences cut where the lines show a paragraph end inside it."""
    p = b.paragraph
    if len(p.offsets) < 3 or len(b.spans) < 2:
        return [list(b.spans)]
    ends = [*p.offsets[1:], len(p.text)]
    lengths = [len(p.text[a:e].strip()) for a, e in zip(p.offsets, ends, strict=True)]
    width = max(lengths)
    breaks: set[int] = set()
    for i in range(1, len(p.offsets)):
        before = p.text[p.offsets[i - 1] : p.offsets[i]].strip()
        word = p.text[p.offsets[i] :].split(maxsplit=1)[:1]
        if (
            _ENDS_SENTENCE.search(before)
            and len(before) < PIECE_LINE_SHARE * width
            and word
            and len(before) + 1 + len(word[0]) <= width
        ):
            breaks.add(p.offsets[i])
    pieces: list[list[Span]] = [[]]
    for span in b.spans:
        if pieces[-1] and span.start in breaks:
            pieces.append([])
        pieces[-1].append(span)
    return pieces


_QUESTION_SIDE = ("ask", "member")


def _mixed_kinds(voices: Sequence[str | None]) -> list[str]:
    """Question ("question") and reply ("voice") for a piece where both speak.

    A reply starts right after the last question sentence before the government speaks
    (a reply never repeats the question, so what follows the question and leads to the
    government's words is the reply's opening); the next question starts at the first
    member sentence or question after the reply. Sentences without a voice go with the
    side around them; before the first voiced sentence, with that sentence's side.
    """
    anchors = [
        (k, "question" if v in _QUESTION_SIDE else "voice")
        for k, v in enumerate(voices)
        if v is not None
    ]
    kinds: list[str] = []
    a = 0
    for k in range(len(voices)):
        while a < len(anchors) and anchors[a][0] < k:
            a += 1
        if a < len(anchors) and anchors[a][0] == k:
            kinds.append(anchors[a][1])
            continue
        before = anchors[a - 1][1] if a > 0 else None
        after = anchors[a][1] if a < len(anchors) else None
        if before is None:
            kinds.append(after or "question")
        elif after is None or before == after:
            kinds.append(before)
        else:
            kinds.append("voice")  # between a question and a reply, or a reply and a question
    return kinds


def _resolve_government(voices: list[str | None], waiting: bool) -> tuple[list[str | None], bool]:
    """The government's plural voice is a reply only while a question waits for one."""
    out: list[str | None] = []
    for v in voices:
        if v == "government":
            v = "answer" if waiting else None
        if v == "ask":
            waiting = True
        elif v == "answer":
            waiting = False
        out.append(v)
    return out, waiting


def _split_by_voice(blocks: Sequence[Block]) -> list[Block]:
    """Cut each block into question text (part I) and answer text (part A).

    A reply label makes what follows an answer; otherwise the voice decides: the
    government speaks in the first person, the fraction in the third. A paragraph that
    runs on over a paragraph end without a blank line is read in its visual pieces. A
    new topic or fraction starts with questions; sentences without a voice go with their
    piece, or continue what came before; a reply comes only after a question.
    """
    out: list[Block] = []
    state = "question"
    waiting = False  # a question asked since the last reply
    fraction: str | None = None
    topic: str | None = None
    for b in blocks:
        if b.fraction != fraction or b.topic != topic:
            fraction, topic, state, waiting = b.fraction, b.topic, "question", False
        for spans in _pieces(b):
            asked_before = waiting
            voices, waiting = _resolve_government([_voice(span) for span in spans], waiting)
            if b.after_label:
                kinds = ["label"] * len(voices)
                waiting = False
            elif "answer" not in voices and any(v in _QUESTION_SIDE for v in voices):
                kinds = ["question"] * len(voices)
            elif "answer" in voices and not any(v in _QUESTION_SIDE for v in voices):
                kinds = ["voice"] * len(voices)
            elif "answer" in voices:
                kinds = _mixed_kinds(voices)
            elif (
                state == "question"
                and out
                and out[-1].part == "I"
                and (_YES_NO.match(spans[0].text) if spans else False)
            ):
                kinds = ["voice"] * len(voices)  # no voice of its own, right under a question
            elif (
                state == "question"
                and asked_before
                and out
                and out[-1].part == "I"
                and out[-1].topic == b.topic
            ):
                kinds = ["voice"] * len(voices)
            else:
                kinds = ["question" if state == "question" else state] * len(voices)
            if kinds and kinds[-1] != "question":
                waiting = False
            for span, kind in zip(spans, kinds, strict=True):
                part = "I" if kind == "question" else "A"
                last = out[-1] if out else None
                if (
                    last is not None
                    and last.paragraph is b.paragraph
                    and last.part == part
                    and last.fraction == b.fraction
                ):
                    last.spans.append(span)
                else:
                    out.append(
                        Block(b.paragraph, part, b.fraction, b.topic, [span], kind == "label")
                    )
            state = kinds[-1] if kinds else state
    return out


def _voice_answers(
    blocks: Sequence[Block], units: dict[str, list[Unit]], ids: dict[int, str]
) -> list[Answer]:
    """Answer passages (part A blocks) linked to the questions asked just before them."""
    owner = _sentence_owners(units, ids)
    answers: list[Answer] = []
    asked: list[str] = []
    last_part = "A"
    for b in blocks:
        if b.part == "I":
            if last_part == "A":
                asked = []
            for sp in b.spans:
                qid = owner.get((id(b.paragraph), sp.start))
                if qid is not None and qid not in asked:
                    asked.append(qid)
            last_part = "I"
            continue
        if b.part != "A" or b.fraction is None:
            continue
        last_part = "A"
        decided_by = "label" if b.after_label else "voice"
        answers.append(_answer(len(answers) + 1, b, b.spans, asked, decided_by))
    return answers


# One block's rows of _repeat_scores (None where the block or its index has no sentence),
# and per row its argmax, that score and how many forms score within TIE_WINDOW of it.
_BlockScores = tuple[npt.NDArray[np.float64] | None, list[int], list[float], list[int]]


def _scores_by_block(
    block_forms: Sequence[list[str]], indexes: Sequence[_PartOneIndex]
) -> list[_BlockScores]:
    """_repeat_scores of each block's forms against its index, computed with one cdist per
    index over all of its blocks (a fraction's Part II: 8 calls on the sample instead of
    209, a fifth less time; a cell's score does not depend on the rows beside it), with
    every row's argmax (numpy's first maximum, as per row), its score and the count of
    forms within TIE_WINDOW of it (the same float arithmetic as the row's own
    `by_form >= top - TIE_WINDOW`) taken once per index too."""
    rows: dict[int, list[int]] = {}  # id(index) -> the blocks scored against it, in order
    for k, (forms, idx) in enumerate(zip(block_forms, indexes, strict=True)):
        if forms and idx.forms:
            rows.setdefault(id(idx), []).append(k)
    out: list[_BlockScores] = [(None, [], [], []) for _ in block_forms]
    for members in rows.values():
        idx = indexes[members[0]]
        forms = [f for k in members for f in block_forms[k]]
        matrix = _repeat_scores(forms, idx)
        argmax = matrix.argmax(axis=1)
        values = matrix[np.arange(len(forms)), argmax]
        near = (matrix >= (values - TIE_WINDOW)[:, None]).sum(axis=1).tolist()
        tops, top_scores = argmax.tolist(), values.tolist()
        start = 0
        for k in members:
            end = start + len(block_forms[k])
            out[k] = (matrix[start:end], tops[start:end], top_scores[start:end], near[start:end])
            start = end
    return out


def _part_two(
    blocks: Sequence[Block],
    index: dict[tuple[int, str], _PartOneIndex],
    units: dict[str, list[Unit]],
    ids: dict[int, str],
) -> tuple[list[Question], list[Answer], list[Diagnostic]]:
    unit_by_id = {ids[id(u)]: u for fr_units in units.values() for u in fr_units}
    every = _PartOneIndex()
    for idx in index.values():
        every.forms.extend(idx.forms)
        every.owners.extend(idx.owners)
    questions: list[Question] = []
    answers: list[Answer] = []
    warnings: list[Diagnostic] = []
    repeat_count: dict[str, int] = {}
    current_fraction: str | None = None
    block_questions: list[str] = []  # Part I ids repeated in the current question block
    last_was_answer = True
    previous_match: int | None = None
    part_two = [b for b in blocks if b.part == "II" and b.fraction is not None]
    indexes = [index.get((b.round, b.fraction or "")) or every for b in part_two]
    block_forms = [[comparison_form(span.text) for span in b.spans] for b in part_two]
    scored = _scores_by_block(block_forms, indexes)
    for b, idx, forms, (matrix, tops, top_scores, near_top) in zip(
        part_two, indexes, block_forms, scored, strict=True
    ):
        if b.fraction != current_fraction:
            current_fraction = b.fraction
            block_questions, last_was_answer, previous_match = [], True, None
        runs: list[tuple[bool, list[tuple[Span, int | None]]]] = []
        for k, span in enumerate(b.spans):
            row = (
                _Scores(matrix[k], idx, tops[k], top_scores[k], near_top[k])
                if matrix is not None
                else None
            )
            match = _align(forms[k], idx, previous_match, row)
            if match is None and k == 0:
                match = _reworded_repetition(span.text, forms[k], idx, previous_match)
            previous_match = match
            is_repeat = match is not None
            if runs and runs[-1][0] == is_repeat:
                runs[-1][1].append((span, match))
            else:
                runs.append((is_repeat, [(span, match)]))
        for is_repeat, run in runs:
            if is_repeat:
                if last_was_answer:
                    block_questions = []
                last_was_answer = False
                owned: dict[str, list[Span]] = {}
                for span, match in run:
                    assert match is not None
                    owner = idx.owners[match]
                    if owner is not None:
                        owned.setdefault(owner, []).append(span)
                for owner, owner_spans in owned.items():
                    if owner not in block_questions:
                        block_questions.append(owner)
                    repeat_count[owner] = repeat_count.get(owner, 0) + 1
                    src = unit_by_id[owner]
                    copy = Unit(
                        src.fraction,
                        src.role,
                        [(b.paragraph, s) for s in owner_spans],
                        topic=b.topic,
                    )
                    questions.append(
                        _question_from_unit(copy, f"{owner}-r{repeat_count[owner]}", "II", owner)
                    )
            else:
                if not block_questions and not answers and not questions:
                    continue  # the reply's opening words, before any question is taken up
                last_was_answer = True
                spans = [span for span, _ in run]
                answers.append(_answer(len(answers) + 1, b, spans, block_questions, "alignment"))
    return questions, answers, warnings
