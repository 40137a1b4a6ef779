"""Nota naar aanleiding van het verslag and memorie van antwoord: the government's reply
in which each fraction's questions are quoted in reported speech and answered below them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.layouts.base import Document, Evidence, best_cue
from dedup.model import Segmentation
from dedup.parse.types import Heading

TITLE = 0.85
# The weakest cue of all: fractions named in running text, under no heading.
REPORTED_SPEECH = 0.3
# A title stands at the start of its line (after `Nr. 5` or a kamerstuk letter, `C`), in
# capitals or with a capital first word: "brengt ... de tekst van de memorie van antwoord
# ter kennis" in a voorlopig verslag's closing sentence is no title.
_TITLE_START = r"^[ \t]*(?:Nr\.[ \t]*\d+[ \t]+|[A-Z]{1,2}[ \t]+)?"
_NOTA = re.compile(
    _TITLE_START + r"(?:NOTA\s+NAAR\s+AANLEIDING\s+VAN\s+HET\s+(?:\(?NADER\)?\s+)?VERSLAG"
    r"|Nota\s+naar\s+aanleiding\s+van\s+het\s+(?:\(?nader\)?\s+)?verslag)\b",
    re.M,
)
_MEMORIE = re.compile(
    _TITLE_START + r"(?:MEMORIE\s+VAN\s+ANTWOORD|Memorie\s+van\s+antwoord)\b", re.M
)


class _ReportedReply:
    name = "nota"
    one_asker = False
    has_reply_part = True
    title = _NOTA
    title_words = "nota naar aanleiding van het verslag"
    # What every match of `title` holds (one or the other, case as written): a long
    # first paragraph without them is not searched for the pattern.
    title_holds = ("NOTA", "Nota")

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        from dedup.layouts.sections import names_a_fraction

        cues: list[tuple[float, str]] = []
        head = "\n".join(lines[:60])
        if any(w in head for w in self.title_holds) and self.title.search(head):
            cues.append((TITLE, f"title {self.title_words!r}"))
        if not any(h.kind == "fraction" for h in headings) and names_a_fraction(lines):
            cues.append((REPORTED_SPEECH, "fractions named in running text, no section headings"))
        return best_cue(self.name, cues)

    def segment(self, document: Document) -> Segmentation:
        from dedup.layouts.sections import Mode, segment_sections

        return segment_sections(document, self.name, Mode("voice", sections_named=False))


class Nota(_ReportedReply):
    pass


class MemorieVanAntwoord(_ReportedReply):
    name = "memorie-van-antwoord"
    title = _MEMORIE
    title_words = "memorie van antwoord"
    title_holds = ("MEMORIE", "Memorie")

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        found = super().detect(lines, headings)
        # Without its title a memorie van antwoord reads as a nota: leave that cue to it.
        return found if found.score >= TITLE else Evidence(self.name, 0.0, ())
