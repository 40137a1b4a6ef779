"""Numbered questions with their answers: lijst van vragen en antwoorden, Kamervragen.

A lijst numbers each item with a bare number line ("12"), the question the paragraph
under it and the answer everything up to the next number; Kamervragen label both
("Vraag 3", "Antwoord 3" or "Antwoord op vraag 3"). The askers of Kamervragen come
from the header ("Vragen van de leden Jansen (VVD) en De Vries (CDA) ...").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dedup.layouts.base import Document
from dedup.model import Answer, Diagnostic, DocumentInfo, Question, Segmentation
from dedup.parse.fractions import canonical_fraction
from dedup.parse.normalize import CleanLines, LineKind, build_paragraphs
from dedup.parse.structure import front_matter, truncation

_QUESTION_LABEL = re.compile(r"^\s*(?:Vraag|VRAAG)\s+(\d{1,3})\s*[:.]?\s*$")
_ANSWER_LABEL = re.compile(
    r"^\s*(?:Antwoord|ANTWOORD)(?:\s+op\s+vraag)?\s+(\d{1,3})(?:\s*(?:,|en|t/m|-)\s*\d{1,3})*"
    r"\s*[:.]?\s*$"
)
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_ASKERS = re.compile(
    r"\bVragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>.+?)\s+aan\s+de\s", re.I | re.S
)
_PARTY = re.compile(r"\(([\w-]+)\)")
COMMISSION = "commissie"
# Footnote numbers after the closing mark of an item ("... begon?1 2"); their bodies
# are not in the text, so only this unambiguous position is cleaned.
_TRAILING_MARKERS = re.compile(r"(?<=[?.!])\d{1,2}(?:\s+\d{1,2})*\s*$")


@dataclass(slots=True)
class _Item:
    number: int
    question_lines: list[int] = field(default_factory=list)  # 0-based line indices
    answer_lines: list[int] = field(default_factory=list)
    labelled_answer: bool = False


def _askers(lines: list[str]) -> list[str]:
    head = " ".join(ln.strip() for ln in lines[:15])
    m = _ASKERS.search(head)
    if not m:
        return []
    return list(dict.fromkeys(canonical_fraction(p) for p in _PARTY.findall(m.group("who"))))


def _items(lines: list[str], clean: CleanLines) -> tuple[list[_Item], int | None]:
    """Items in order, and the index of the first marker (where the body starts).

    After a question label or number the text is question text; in a lijst the first
    paragraph is the question and the rest the answer, in Kamervragen the question runs
    until its "Antwoord N" label.
    """
    labelled = any(_ANSWER_LABEL.match(ln) for ln in lines)
    items: list[_Item] = []
    first: int | None = None
    mode = "before"  # before | question | after-question | answer
    target: _Item | None = None
    expected = 1
    for i, raw in enumerate(lines):
        if clean.kinds[i] is not LineKind.TEXT and raw.strip():
            continue
        q = _QUESTION_LABEL.match(raw)
        n = _NUMBER.match(raw)
        a = _ANSWER_LABEL.match(raw)
        if q or (n and int(n.group(1)) in (expected, expected + 1) and _question_follows(lines, i)):
            number = int(q.group(1) if q else n.group(1))  # type: ignore[union-attr]
            target = _Item(number)
            items.append(target)
            first = i if first is None else first
            expected, mode = number + 1, "question"
        elif a:
            number = int(a.group(1))
            target = next((it for it in reversed(items) if it.number == number), None)
            if target is None:
                target = _Item(number)
                items.append(target)
            target.labelled_answer = True
            first = i if first is None else first
            mode = "answer"
        elif target is None:
            continue
        elif not raw.strip():
            if mode == "question" and target.question_lines and not labelled:
                mode = "after-question"
        elif mode in ("question", "after-question") and (labelled or mode == "question"):
            target.question_lines.append(i)
        else:
            target.answer_lines.append(i)
            mode = "answer"
    return items, first


def _question_follows(lines: list[str], i: int) -> bool:
    """A bare number introduces an item when text (not another number) follows it."""
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].strip():
            return not _NUMBER.match(lines[j]) and not lines[j].strip()[0].isdigit()
    return False


def unlabelled_reply(lines: Sequence[str]) -> bool:
    """A paragraph that is no question, label or number directly under a question."""
    previous = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if previous.endswith("?") and not (
            line.endswith("?") or _QUESTION_LABEL.match(line) or _NUMBER.match(line)
        ):
            return True
        previous = line
    return False


def segment_numbered(document: Document, layout: str, *, has_reply_part: bool) -> Segmentation:
    """Questions and answers of a lijst or of Kamervragen, linked by their numbers."""
    source, clean = document.source, document.clean
    lines = list(source.lines)
    askers = _askers(lines) if layout != "lijst" else []
    fraction = askers[0] if askers else COMMISSION
    items, first = _items(lines, clean)
    metadata = front_matter(lines, first if first is not None else 30)
    if askers:
        metadata["askers"] = ", ".join(askers)
    paragraphs = build_paragraphs(lines, clean=clean)
    by_line = {ln: p for p in paragraphs for ln in p.line_numbers}
    questions: list[Question] = []
    answers: list[Answer] = []
    warnings: list[Diagnostic] = list(source.diagnostics)
    cut = truncation(lines, [k is LineKind.TEXT for k in clean.kinds])
    if cut is not None:
        warnings.append(cut)
    used: set[str] = set()
    for item in items:
        qid = f"{fraction}-q{item.number:02d}"
        if qid in used:
            # The same number twice (a misnumbered list): keep both, told apart by a letter.
            suffix = next(c for c in "bcdefghijklmnopqrstuvwxyz" if f"{qid}{c}" not in used)
            warnings.append(
                Diagnostic("duplicate-number", f"question {item.number} occurs twice", None, qid)
            )
            qid = f"{qid}{suffix}"
        used.add(qid)
        qtext, qstart, qend = _text(item.question_lines, lines, by_line)
        if not qtext:
            warnings.append(
                Diagnostic("empty-question", f"item {item.number} has no question text", None)
            )
            continue
        questions.append(
            Question(
                id=qid,
                fraction=fraction,
                part="I",
                line=qstart,
                line_end=qend,
                text=qtext,
                direct=qtext.rstrip(" )").endswith("?"),
                topic=None,
                number=item.number,
            )
        )
        atext, astart, aend = _text(item.answer_lines, lines, by_line)
        if atext:
            answers.append(
                Answer(
                    id=f"A{len(answers) + 1:03d}",
                    section_fraction=fraction,
                    line_start=astart,
                    line_end=aend,
                    text=atext,
                    answers_questions=(qid,),
                    decided_by="label" if item.labelled_answer else "number",
                )
            )
        elif has_reply_part:
            warnings.append(Diagnostic("unanswered", f"{qid} has no answer after it", qstart, qid))
    if not items:
        warnings.append(Diagnostic("no-questions", "no numbered questions found"))
    info = DocumentInfo(
        path=source.path,
        sha256=source.sha256,
        format=source.format,
        layout=layout,
        fractions=tuple(askers),
        has_reply=bool(answers),
        metadata=tuple(sorted(metadata.items())),
    )
    return Segmentation(info, tuple(questions), tuple(answers), tuple(warnings))


def _text(
    indices: list[int], lines: list[str], by_line: Mapping[int, object]
) -> tuple[str, int, int]:
    """Clean text of these lines (hyphenation joined), with first and last 1-based line."""
    kept = [i for i in indices if (i + 1) in by_line]
    if not kept:
        return "", 0, 0
    sub = build_paragraphs([lines[i] if i in kept else "" for i in range(kept[0], kept[-1] + 1)])
    text = _TRAILING_MARKERS.sub("", " ".join(p.text for p in sub))
    return text, kept[0] + 1, kept[-1] + 1
