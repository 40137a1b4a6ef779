"""Lijst van (feitelijke) vragen en antwoorden: a commission's numbered questions, each
with the answer under it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.layouts.base import Document, Evidence, best_cue
from dedup.model import Segmentation
from dedup.parse.structure import holds_word
from dedup.parse.types import Heading

# The title outranks "Vraag N" labels (a lijst may label its items so) but not the
# Kamervragen header "Vragen van het lid ... (PARTIJ)".
TITLE = 0.92
NUMBER_LINES = 0.7
_LIJST = re.compile(r"LIJST\s+VAN\s+(?:VRAGEN\s+EN\s+ANTWOORDEN|(?:FEITELIJKE\s+)?VRAGEN)", re.I)
_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*$")


class Lijst:
    name = "lijst"
    one_asker = True
    has_reply_part = True

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        cues: list[tuple[float, str]] = []
        head = "\n".join(lines[:60])
        # Every match holds "lijst": a long first paragraph without it is not searched.
        if holds_word("lijst", head) and _LIJST.search(head):
            cues.append((TITLE, "title 'lijst van vragen en antwoorden'"))
        numbers = sum(1 for ln in lines if _NUMBER_LINE.match(ln))
        if numbers >= 3 and not any(h.kind == "fraction" for h in headings):
            cues.append((NUMBER_LINES, f"{numbers} bare item numbers, no fraction sections"))
        return best_cue(self.name, cues)

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.numbered import segment_numbered

        return segment_numbered(document, self.name, has_reply_part=True)
