"""Parts, fraction sections, topics, question units and answer passages of a verslag.

Part II repeats each fraction's questions with the answers in between. Which Part II
sentences are repetitions is decided by aligning them to that fraction's Part I
sentences (fuzzy), not by sentence form: answers contain question marks too, and
repeated questions are sometimes reworded or glued onto an answer paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dedup.errors import NoStructure
from dedup.fractions import canonical_fraction
from dedup.model import (
    Answer,
    Diagnostic,
    DocumentInfo,
    Paragraph,
    Question,
    Segmentation,
    SourceText,
)
from dedup.normalize import build_paragraphs, comparison_form
from dedup.sentences import Role, Span, sentence_role, split_sentences

PART_ONE_HEADING = re.compile(
    r"^\s*(?:I\.?\s+|1\.\s+)?(?:vragen\s+en\s+opmerkingen|inbreng)\s+(?:vanuit|van|uit)\s+de\s+"
    r"fracties\b",
    re.I,
)
PART_TWO_HEADING = re.compile(
    r"^\s*(?:II\.?\s+|2\.\s+)?(?:reactie|antwoord|beantwoording)(?:\s+(?:van|op|door)\b.*)?\s*$",
    re.I,
)
FRACTION_HEADING = re.compile(
    r"^\s*(?:vragen\s+en\s+opmerkingen|inbreng|vragen|opmerkingen)\s+(?:van\s+)?(?:vanuit\s+)?"
    r"(?:de\s+)?(?:leden\s+van\s+de\s+)?(?P<name>[\w&' -]+?)\s*[-‐]?\s*fractie\b(?P<rest>.*)$",
    re.I,
)
# A heading split over two lines ends with a coordination: "... van de GroenLinks- en".
_HEADING_CONTINUES = re.compile(r"(?:-\s*en|\ben|-)\s*$")
_HEADING_START = re.compile(
    r"^\s*(?:vragen\s+en\s+opmerkingen|inbreng)\s+van\s+de(?:\s+leden(?:\s+van(?:\s+de)?)?)?\s*$",
    re.I,
)
_TOPIC_END = re.compile(r"[.?!:;,]$")

# Part II sentences at or above this fuzz.ratio to a Part I sentence are repetitions.
REPEAT_THRESHOLD = 84.0
# Lower bar for a sentence that continues an alignment run (reworded repetitions).
REPEAT_RUN_THRESHOLD = 60.0


@dataclass(frozen=True, slots=True)
class Heading:
    kind: str  # "part-1", "part-2", "fraction"
    first: int  # 0-based line index
    last: int
    fraction: str | None = None


@dataclass(slots=True)
class _Block:
    paragraph: Paragraph
    part: str | None
    fraction: str | None
    topic: str | None


@dataclass(slots=True)
class _Unit:
    fraction: str
    role: Role
    sentences: list[tuple[Paragraph, Span]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    topic: str | None = None


def find_headings(lines: Sequence[str]) -> list[Heading]:
    """Part and fraction headings, each on its own line (a fraction may take two)."""
    found: list[Heading] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i].strip()
        if not line or len(line) > 120:
            i += 1
            continue
        nxt_blank = i + 1 >= n or not lines[i + 1].strip()
        if PART_ONE_HEADING.match(line) and len(line) < 90:
            found.append(Heading("part-1", i, i))
        elif PART_TWO_HEADING.match(line) and len(line) < 90 and nxt_blank:
            found.append(Heading("part-2", i, i))
        else:
            text, last = line, i
            wrapped = _HEADING_CONTINUES.search(line) or (
                _HEADING_START.match(line) and "fractie" not in line.lower()
            )
            if wrapped and i + 1 < n and lines[i + 1].strip():
                text, last = f"{line} {lines[i + 1].strip()}", i + 1
            m = FRACTION_HEADING.match(text)
            if m and _is_heading_line(text, m):
                found.append(Heading("fraction", i, last, canonical_fraction(m.group("name"))))
                i = last + 1
                continue
        i += 1
    return found


def _is_heading_line(text: str, m: re.Match[str]) -> bool:
    # A heading is short and not a sentence; "... en reactie van de bewindspersonen" is fine.
    rest = m.group("rest").strip()
    return (
        len(text) < 140
        and not text.endswith((".", "?"))
        and (not rest or rest.lower().startswith(("en ", "en\u00a0")))
    )


def _is_topic(p: Paragraph) -> bool:
    text = p.text.strip()
    return (
        len(p.line_numbers) == 1
        and 0 < len(text) <= 90
        and len(text.split()) <= 12
        and not _TOPIC_END.search(text)
        and (text[0].isupper() or text[0].isdigit())
    )


def _blocks(
    paragraphs: Sequence[Paragraph], headings: Sequence[Heading]
) -> tuple[list[_Block], list[Diagnostic], bool, bool]:
    """Body paragraphs with their part, fraction section and topic."""
    by_line = {h.first + 1: h for h in headings}
    part: str | None = None
    fraction: str | None = None
    topic: str | None = None
    seen_part_two = False
    seen_fractions: set[str] = set()
    first_fraction: str | None = None
    blocks: list[_Block] = []
    warnings: list[Diagnostic] = []
    has_part_one_heading = any(h.kind == "part-1" for h in headings)
    for p in paragraphs:
        h = by_line.get(p.first_line)
        if h is not None:
            if h.kind == "part-1":
                part, fraction, topic = "I", None, None
                seen_fractions, first_fraction = set(), None
            elif h.kind == "part-2":
                part, fraction, topic = "II", None, None
                seen_part_two = True
            else:
                assert h.fraction is not None
                if part is None:
                    part = "I"
                elif part == "I" and h.fraction in seen_fractions and h.fraction == first_fraction:
                    # No Part II heading, but the sections start over: the reply begins.
                    part = "II"
                    seen_part_two = True
                fraction, topic = h.fraction, None
                if first_fraction is None:
                    first_fraction = h.fraction
                if part == "I":
                    seen_fractions.add(h.fraction)
            continue
        if fraction is None:
            if part is not None or has_part_one_heading:
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
        blocks.append(_Block(p, part, fraction, topic))
    return blocks, warnings, seen_part_two, bool(seen_fractions)


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _part_one_units(blocks: Sequence[_Block]) -> tuple[dict[str, list[_Unit]], list[str]]:
    """Question units per fraction (statements kept as their context), in order."""
    units: dict[str, list[_Unit]] = {}
    order: list[str] = []
    previous: dict[str, tuple[Role | None, str]] = {}
    pending: dict[str, list[str]] = {}
    for b in blocks:
        if b.part != "I" or b.fraction is None:
            continue
        fr = b.fraction
        if fr not in units:
            units[fr] = []
            order.append(fr)
        for span in split_sentences(b.paragraph.text):
            prev_role, prev_text = previous.get(fr, (None, ""))
            role = sentence_role(span.text, prev_role, prev_text)
            previous[fr] = (role, span.text)
            current = units[fr][-1] if units[fr] else None
            if role is Role.FOLLOW_UP and current is not None:
                current.sentences.append((b.paragraph, span))
            elif role in (Role.QUESTION, Role.REQUEST, Role.FOLLOW_UP):
                context = pending.pop(fr, [])[-3:]
                units[fr].append(
                    _Unit(fr, role, [(b.paragraph, span)], context=context, topic=b.topic)
                )
            else:
                pending.setdefault(fr, []).append(span.text)
    return units, order


def _question_from_unit(unit: _Unit, qid: str, part: str, repeats: str | None) -> Question:
    first_p, first_s = unit.sentences[0]
    last_p, last_s = unit.sentences[-1]
    text = " ".join(s.text for _, s in unit.sentences)
    return Question(
        id=qid,
        fraction=unit.fraction,
        part=part,
        line=first_p.line_at(first_s.start),
        line_end=last_p.line_at(max(last_s.start, last_s.end - 1)),
        text=text,
        direct=text.rstrip(" )").endswith("?"),
        topic=unit.topic,
        context=" ".join(unit.context),
        repeats=repeats,
    )


@dataclass(slots=True)
class _PartOneIndex:
    """Part I sentences of one fraction, in order, with the unit each belongs to."""

    forms: list[str] = field(default_factory=list)
    owners: list[str | None] = field(default_factory=list)


def _index_part_one(
    blocks: Sequence[_Block], units: dict[str, list[_Unit]], ids: dict[int, str]
) -> dict[str, _PartOneIndex]:
    owner_of: dict[tuple[int, int], str] = {}
    for fr_units in units.values():
        for u in fr_units:
            for p, s in u.sentences:
                owner_of[(id(p), s.start)] = ids[id(u)]
    index: dict[str, _PartOneIndex] = {}
    for b in blocks:
        if b.part != "I" or b.fraction is None:
            continue
        idx = index.setdefault(b.fraction, _PartOneIndex())
        for span in split_sentences(b.paragraph.text):
            idx.forms.append(comparison_form(span.text))
            idx.owners.append(owner_of.get((id(b.paragraph), span.start)))
    return index


def _align(form: str, idx: _PartOneIndex, previous_match: int | None) -> int | None:
    """The Part I sentence this Part II sentence repeats, or None if it is answer text."""
    if not idx.forms or len(form) < 8:
        return None
    top = process.extract(form, idx.forms, scorer=fuzz.ratio, limit=6)
    best = top[0] if top else None
    if best is not None and best[1] >= REPEAT_THRESHOLD:
        # Identical sentences recur ("Zo ja, waarom niet?"): take the one nearest after
        # the previous match, since Part II keeps Part I's order within a block.
        ties = [int(t[2]) for t in top if t[1] >= best[1] - 2]
        anchor = (previous_match + 1) if previous_match is not None else int(best[2])
        return min(ties, key=lambda j: (j < anchor, abs(j - anchor)))
    if previous_match is not None and previous_match + 1 < len(idx.forms):
        nxt = previous_match + 1
        if fuzz.ratio(form, idx.forms[nxt]) >= REPEAT_RUN_THRESHOLD:
            return nxt
    # A repetition that dropped a reference or a clause: most of it sits inside the original.
    if best is not None and len(form) >= 60:
        cand = idx.forms[int(best[2])]
        if fuzz.partial_ratio(form, cand) >= 92 and len(form) >= 0.6 * len(cand):
            return int(best[2])
    return None


def segment(source: SourceText) -> Segmentation:
    """Split a verslag into fractions, questions (Part I and II) and answer passages."""
    headings = find_headings(source.lines)
    if not any(h.kind == "fraction" for h in headings):
        raise NoStructure(
            source.path,
            "no fraction sections found (expected headings like "
            "'Vragen en opmerkingen van de leden van de VVD-fractie')",
        )
    starts: set[int] = set()
    for h in headings:
        starts.add(h.first)
        starts.add(h.last + 1)
    paragraphs = build_paragraphs(source.lines, block_starts=frozenset(starts))
    blocks, warnings, has_reply, _ = _blocks(paragraphs, headings)
    warnings = list(source.diagnostics) + warnings

    units, order = _part_one_units(blocks)
    questions: list[Question] = []
    ids: dict[int, str] = {}
    for fr in order:
        for n, u in enumerate(units[fr], start=1):
            qid = f"{fr}-q{n:02d}"
            ids[id(u)] = qid
            questions.append(_question_from_unit(u, qid, "I", None))
    if not questions:
        raise NoStructure(source.path, "fraction sections found, but no questions in them")

    answers: list[Answer] = []
    part_two_questions: list[Question] = []
    if has_reply:
        index = _index_part_one(blocks, units, ids)
        part_two_questions, answers, more = _part_two(blocks, index, units, ids)
        warnings.extend(more)
        repeated = {q.repeats for q in part_two_questions}
        answered = {qid for a in answers for qid in a.answers_questions}
        for q in questions:
            if q.id not in repeated:
                warnings.append(
                    Diagnostic("not-repeated", f"{q.id} is not repeated in the reply", q.line, q.id)
                )
            elif q.id not in answered:
                warnings.append(
                    Diagnostic("unanswered", f"{q.id} has no answer after it", q.line, q.id)
                )
    else:
        warnings.append(
            Diagnostic(
                "no-reply",
                "no reply (Part II) found: questions only, no answers to link",
                None,
            )
        )
    fractions = tuple(order) + tuple(
        dict.fromkeys(b.fraction for b in blocks if b.fraction and b.fraction not in order)
    )
    info = DocumentInfo(
        path=source.path,
        sha256=source.sha256,
        format=source.format,
        layout="verslag" if has_reply else "inbreng",
        fractions=fractions,
        has_reply=has_reply,
    )
    all_questions = tuple(questions) + tuple(part_two_questions)
    return Segmentation(info, all_questions, tuple(answers), tuple(warnings))


def _part_two(
    blocks: Sequence[_Block],
    index: dict[str, _PartOneIndex],
    units: dict[str, list[_Unit]],
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
    for b in blocks:
        if b.part != "II" or b.fraction is None:
            continue
        if b.fraction != current_fraction:
            current_fraction = b.fraction
            block_questions, last_was_answer, previous_match = [], True, None
        idx = index.get(b.fraction) or every
        spans = split_sentences(b.paragraph.text)
        runs: list[tuple[bool, list[tuple[Span, int | None]]]] = []
        for span in spans:
            match = _align(comparison_form(span.text), idx, previous_match)
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
                    copy = _Unit(
                        src.fraction,
                        src.role,
                        [(b.paragraph, s) for s in owner_spans],
                        topic=b.topic,
                    )
                    questions.append(
                        _question_from_unit(copy, f"{owner}-r{repeat_count[owner]}", "II", owner)
                    )
            else:
                last_was_answer = True
                p = b.paragraph
                start, end = run[0][0].start, run[-1][0].end
                answers.append(
                    Answer(
                        id=f"A{len(answers) + 1:03d}",
                        section_fraction=b.fraction,
                        line_start=p.line_at(start),
                        line_end=p.line_at(max(start, end - 1)),
                        text=p.text[start:end].strip(),
                        answers_questions=tuple(block_questions),
                        topic=b.topic,
                    )
                )
    return questions, answers, warnings
