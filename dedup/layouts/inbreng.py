"""Inbreng: the fractions' questions before any reply exists (questions only)."""

from __future__ import annotations

from collections.abc import Sequence

from dedup.layouts.base import Document, Evidence, best_cue
from dedup.model import Segmentation
from dedup.parse.structure import titled_inbreng
from dedup.parse.types import Heading

# Below every verslag cue: fraction sections alone do not say a reply is absent.
TITLE = 0.5
SECTIONS = 0.45


class Inbreng:
    name = "inbreng"
    one_asker = False
    has_reply_part = False

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        cues: list[tuple[float, str]] = []
        if titled_inbreng(lines):
            cues.append((TITLE, "title 'inbreng'"))
        sections = [h for h in headings if h.kind == "fraction"]
        if sections:
            cues.append((SECTIONS, f"{len(sections)} fraction section(s), no reply part"))
        return best_cue(self.name, cues)

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.sections import Mode, segment_sections

        return segment_sections(document, self.name, Mode("none", sections_named=True))
