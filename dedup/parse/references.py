"""Explicit cross-references in answers: `Zie het antwoord op vraag 2`, `verwijs ik naar ...`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from dedup.model import Answer, Question, Reference
from dedup.parse.fractions import canonical_fraction

REFERENCE = re.compile(
    r"(?:[Zz]ie\s+(?:ook\s+)?(?:het|mijn|de)\s+(?:antwoord|reactie|beantwoording)"
    r"|[Vv]erwijs\s+(?:ik\s+)?(?:u\s+)?(?:[^.]{0,80}?\s)?naar\s+(?:het|mijn|de)\s+"
    r"(?:antwoord|reactie|beantwoording)"
    r"|[Zz]ie\s+(?:mijn\s+)?(?:beantwoording|reactie))[^.]{0,160}",
)
_FRACTION = re.compile(r"leden\s+van\s+de\s+(?P<name>[\w&' -]+?)\s*-?\s*fractie")
_QUESTION_NUMBERS = re.compile(
    r"\bvra(?:ag|gen)\s+((?:\d{1,3})(?:\s*(?:,|en|-|t/m|tot\s+en\s+met)\s*\d{1,3})*)"
)
_ABOVE = re.compile(r"\b(?:hierboven|eerder|hiervoor)\b")


def find_references(
    answers: Sequence[Answer],
    questions: Sequence[Question] = (),
    cluster_of: Mapping[str, str] | None = None,
) -> list[Reference]:
    """Each reference with its target answer where the text names one we can resolve.

    `vraag 2` resolves through the questions' own numbers (lijst, Kamervragen); a named
    fraction to the answer in that fraction's section whose question is a duplicate of
    the one answered here (`cluster_of`: question id -> question cluster), else to that
    section's first answer; `hierboven` to the previous answer.
    """
    numbered = {q.number: q.id for q in questions if q.number is not None}
    answer_of: dict[str, str] = {}
    for a in answers:
        for qid in a.answers_questions:
            answer_of.setdefault(qid, a.id)
    out: list[Reference] = []
    for idx, a in enumerate(answers):
        for m in REFERENCE.finditer(a.text):
            text = m.group(0).strip()
            targets = _numbered_targets(text, numbered, answer_of)
            if targets:
                out.extend(Reference(a.id, t, text) for t in targets if t != a.id)
            else:
                out.append(Reference(a.id, _resolve(text, idx, answers, cluster_of), text))
    return out


def _numbered_targets(text: str, numbered: dict[int, str], answer_of: dict[str, str]) -> list[str]:
    """Answers of the questions a reference names by number: `vraag 3 en 4`, `vragen 2-5`."""
    m = _QUESTION_NUMBERS.search(text)
    if not m or not numbered:
        return []
    numbers: list[int] = []
    for part in re.finditer(r"(\d{1,3})(?:\s*(?:-|t/m|tot en met)\s*(\d{1,3}))?", m.group(1)):
        lo = int(part.group(1))
        hi = int(part.group(2)) if part.group(2) else lo
        numbers.extend(range(lo, min(hi, lo + 50) + 1))
    targets = [answer_of.get(numbered[n]) for n in numbers if n in numbered]
    return list(dict.fromkeys(t for t in targets if t is not None))


def _resolve(
    text: str, idx: int, answers: Sequence[Answer], cluster_of: Mapping[str, str] | None
) -> str | None:
    fm = _FRACTION.search(text)
    if fm:
        fraction = canonical_fraction(fm.group("name"))
        here = answers[idx]
        section = [o for o in answers if o.section_fraction == fraction and o.id != here.id]
        clusters = {cluster_of[q] for q in here.answers_questions if cluster_of and q in cluster_of}
        for other in section:
            # The other fraction asked the same question: its answer is the one meant.
            if cluster_of and clusters & {cluster_of.get(q) for q in other.answers_questions}:
                return other.id
        # Without a shared question the best we can say is the section's first answer.
        return section[0].id if section else None
    if _ABOVE.search(text) and idx > 0:
        same = [o for o in answers[:idx] if o.section_fraction == answers[idx].section_fraction]
        return same[-1].id if same else None
    return None
