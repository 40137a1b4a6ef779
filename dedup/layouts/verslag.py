"""Verslag van een schriftelijk overleg: Part I questions per fraction, Part II the reply.

Also the Eerste Kamer's (voorlopig) verslag, where the fractions are named in running
text ("De leden van de PVV-fractie vragen ...") instead of section headings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.layouts.base import Document, Evidence, best_cue
from dedup.model import Segmentation
from dedup.parse.structure import titled_verslag
from dedup.parse.types import Heading

# Cue strengths order the layouts when several fit (the highest wins, see layouts/__init__):
# a Part II heading is stronger evidence than a title, which a cut-off file may keep alone.
PART_TWO = 0.75
RESTART = 0.7
TITLE = 0.6
# "VOORLOPIG VERSLAG", "NADER VOORLOPIG VERSLAG", "EINDVERSLAG" (Eerste Kamer, on a bill).
_UPPER_HOUSE_TITLE = re.compile(
    r"\b(?:(?:NADER\s+)?VOORLOPIG\s+VERSLAG|EINDVERSLAG)\b|"
    r"\bBRIEF\s+VAN\s+DE\s+VOORZITTERS?\s+VAN\s+DE\s+(?:VASTE\s+)?COMMISSIE",
)
# The verslag on a bill: "Nr. 5 VERSLAG" (or "NADER VERSLAG") as the title line, alone.
_BILL_TITLE = re.compile(r"^[ \t]*(?:Nr\.[ \t]*\d+[ \t]+)?(?:NADER[ \t]+)?VERSLAG[ \t]*$", re.M)


def _restart(headings: Sequence[Heading]) -> str | None:
    """The first fraction when its section comes again after the others (a Part II without
    its heading); a Part I heading starts the count anew (a table of contents before it)."""
    fractions: list[str] = []
    for h in headings:
        if h.kind == "part-1":
            fractions = []
        elif h.kind == "fraction" and h.fraction is not None:
            if fractions and h.fraction == fractions[0]:
                return h.fraction
            fractions.append(h.fraction)
    return None


class Verslag:
    name = "verslag"
    one_asker = False
    has_reply_part = True

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        cues: list[tuple[float, str]] = []
        part_two = next((h for h in headings if h.kind == "part-2"), None)
        if part_two is not None:
            cues.append(
                (PART_TWO, f"Part II heading {part_two.text!r} (line {part_two.first + 1})")
            )
        restart = _restart(headings)
        if restart is not None:
            cues.append((RESTART, f"the fraction sections start over ({restart} twice)"))
        if titled_verslag(lines):
            cues.append((TITLE, "title 'verslag van een schriftelijk overleg'"))
        head = "\n".join(lines[:60])
        # Every match of either title holds "VERSLAG" or "BRIEF": without them a long first
        # paragraph (1 MB among the first lines) is not searched for the patterns.
        upper = (
            (_UPPER_HOUSE_TITLE.search(head) or _BILL_TITLE.search(head))
            if "VERSLAG" in head or "BRIEF" in head
            else None
        )
        if upper:
            cues.append((TITLE, f"title {' '.join(upper.group(0).split())!r}"))
        return best_cue(self.name, cues)

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.sections import Mode, reported_speech, segment_sections

        # An Eerste Kamer verslag or an old one on a bill names its fractions in running
        # text ("De leden van de fractie van het CDA ..."), under no section heading.
        named = not reported_speech(document)
        return segment_sections(document, self.name, Mode("part-two", sections_named=named))
