"""Interleaved verslag: each fraction's questions, then the reply under them."""

from __future__ import annotations

from collections.abc import Sequence

from dedup.layouts.base import Document, Evidence, best_cue
from dedup.model import Segmentation
from dedup.parse.structure import INTERLEAVED_HEADING
from dedup.parse.types import Heading

# Above a Part II heading: "... en reactie van de bewindspersonen" names the style itself.
HEADING = 0.8


class Interleaved:
    name = "interleaved"
    one_asker = False
    has_reply_part = True

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        cues = [
            (HEADING, f"heading {h.text!r} (line {h.first + 1})")
            for h in headings
            if h.kind in ("fraction", "part-1") and INTERLEAVED_HEADING.search(h.text)
        ][:1]
        return best_cue(self.name, cues)

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.sections import Mode, segment_sections

        return segment_sections(document, self.name, Mode("voice", sections_named=True))
