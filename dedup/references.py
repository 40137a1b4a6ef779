"""Explicit cross-references in answers: `Zie het antwoord op vraag 2`, `verwijs ik naar ...`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.fractions import canonical_fraction
from dedup.model import Answer, Reference

REFERENCE = re.compile(
    r"(?:[Zz]ie\s+(?:ook\s+)?(?:het|mijn)\s+antwoord|verwijs\s+ik\s+(?:u\s+)?naar\s+(?:het|mijn)\s+"
    r"antwoord|[Zz]ie\s+(?:mijn\s+)?(?:beantwoording|reactie))[^.]{0,160}",
)
_FRACTION = re.compile(r"leden\s+van\s+de\s+(?P<name>[\w&' -]+?)\s*-?\s*fractie")
_ABOVE = re.compile(r"\b(?:hierboven|eerder|hiervoor)\b")


def find_references(answers: Sequence[Answer]) -> list[Reference]:
    """Each reference with its target answer where the text names one we can resolve."""
    out: list[Reference] = []
    for idx, a in enumerate(answers):
        for m in REFERENCE.finditer(a.text):
            text = m.group(0).strip()
            out.append(Reference(a.id, _resolve(text, idx, answers), text))
    return out


def _resolve(text: str, idx: int, answers: Sequence[Answer]) -> str | None:
    fm = _FRACTION.search(text)
    if fm:
        fraction = canonical_fraction(fm.group("name"))
        # The answer in that fraction's section most like this one's surroundings:
        # without question numbers the best we can say is its first answer passage.
        for other in answers:
            if other.section_fraction == fraction and other.id != answers[idx].id:
                return other.id
        return None
    if _ABOVE.search(text) and idx > 0:
        same = [o for o in answers[:idx] if o.section_fraction == answers[idx].section_fraction]
        return same[-1].id if same else None
    return None
