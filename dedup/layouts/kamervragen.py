"""Kamervragen (schriftelijke vragen) by one or more members, with or without the answers.

Forms: the Aanhangsel ("Vragen van het lid ... (PARTIJ) aan de Minister ...", "Vraag 1",
"Antwoord 1"), written answers to questions from a debate ("Vraag van het lid X (SGP):",
"Antwoord:"), and openkamer.org pages ("Kamervraag 2022Z17958", "Indiener ...", or a
listing of several with their askers and answers).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from dedup.layouts.base import Document, Evidence, best_cue
from dedup.model import Segmentation
from dedup.parse.structure import line_start_matches
from dedup.parse.types import Heading

HEADER = 0.95
LABELS = 0.9
# Submitted questions without an answer rank just above the answered layout.
UNANSWERED = 0.96

_KAMERVRAGEN = re.compile(
    r"^\s*(?:Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+.+\(\s*[\w-]+\s*\)"
    r"|Kamervra(?:ag|gen)\s+(?:19|20)\d\dZ\d{4,6}\b"
    r"|Indiener[s]?\b.*\([\w -]+\))",
    re.I | re.M,
)
# "Vraag van het lid Van den Berg (SGP):" above each question (Bijvoegsel Handelingen).
_ASKED_LABEL = re.compile(
    r"^\s*Vra(?:ag|gen)\s+van\s+(?:het\s+lid|de\s+leden|mevrouw|de\s+heer)\s+[^()\n]{2,80}"
    r"\(\s*[\w-]+\s*\)\s*:",
    re.I | re.M,
)
_NUMBERED_QA = re.compile(r"^\s*(?:Vraag|Antwoord)\s+\d{1,3}\s*:?\s*$", re.I | re.M)
# The answers exist: labels, the answer's header, openkamer's "Beantwoord" field.
_ANSWER_CUE = re.compile(
    r"^\s*(?:Antwoord\b|Beantwoord\b)|\bAntwoord\s+van\s+(?:de\s+)?"
    r"(?:[Mm]inister|[Ss]taatssecretaris)",
    re.M,
)


def _header_cues(lines: Sequence[str]) -> list[tuple[float, str]]:
    """The Kamervragen cues of a document (both Kamervragen layouts ask for them)."""
    return list(_cues_of(tuple(lines)))


# Both layouts' detect() ask for the same document's cues, each a search of the whole
# text: the last document's are kept (a tuple is its own key, hashed once per call).
@functools.lru_cache(maxsize=1)
def _cues_of(lines: tuple[str, ...]) -> tuple[tuple[float, str], ...]:
    head = "\n".join(lines[:60])
    text = "\n".join(lines)
    cues: list[tuple[float, str]] = []
    # The three patterns match only at the start of a line: tried there alone.
    m = next(iter(line_start_matches(_KAMERVRAGEN, head)), None)
    if m:
        cues.append((HEADER, f"Kamervragen header {' '.join(m.group(0).split())[:60]!r}"))
    asked = line_start_matches(_ASKED_LABEL, text)
    if asked:
        cues.append((HEADER, f"{len(asked)} label(s) 'Vraag van het lid ... (PARTIJ)'"))
    listing = _askers_listing(lines)
    if listing:
        cues.append((LABELS, f"askers listed as 'Naam (PARTIJ)' (line {listing}), then questions"))
    labels = len(line_start_matches(_NUMBERED_QA, text))
    if labels >= 2:
        cues.append((LABELS, f"{labels} 'Vraag N'/'Antwoord N' labels"))
    return tuple(cues)


def _askers_listing(lines: Sequence[str]) -> int | None:
    """The 1-based line of a listing's askers cell, when questions follow it."""
    from dedup.layouts.numbered import NAME_LIST, parse_askers

    for i, ln in enumerate(lines[:40]):
        if (
            NAME_LIST.match(ln)
            and parse_askers(ln)
            and not ln.rstrip(" |").endswith("?")
            and any(
                later.rstrip(" |").rstrip("0123456789").endswith("?") for later in lines[i + 1 :]
            )
        ):
            return i + 1
    return None


def has_answers(lines: Sequence[str]) -> bool:
    """The document holds answers: an answer label or header, or an unlabelled reply."""
    from dedup.layouts.numbered import unlabelled_reply

    text = "\n".join(lines)
    # Every match of _ANSWER_CUE holds "ntwoord" (the pattern reads case as written).
    return bool("ntwoord" in text and _ANSWER_CUE.search(text)) or unlabelled_reply(lines)


class Kamervragen:
    name = "kamervragen"
    one_asker = True
    has_reply_part = True

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        return best_cue(self.name, _header_cues(lines))

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.numbered import segment_numbered

        return segment_numbered(document, self.name, has_reply_part=True)


class KamervragenNoAnswer:
    """Kamervragen as submitted: questions only, like an inbreng."""

    name = "kamervragen-no-answer"
    one_asker = True
    has_reply_part = False

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        cues = _header_cues(lines)
        if not cues or has_answers(lines):
            return Evidence(self.name, 0.0, ())
        return best_cue(self.name, [(UNANSWERED, "no answer label, header or reply"), *cues])

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.numbered import segment_numbered

        return segment_numbered(document, self.name, has_reply_part=False)
