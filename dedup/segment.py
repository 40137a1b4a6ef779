"""Segmentation: detect the layout, pick the best fitting one (or the one asked for), and
let its module cut the document into questions and answers (dedup/layouts/)."""

from __future__ import annotations

from dataclasses import replace

from dedup.errors import NoStructure
from dedup.layouts import NAMES, REGISTRY, detect_all
from dedup.layouts.base import Document, Evidence
from dedup.layouts.checks import empty_result_warnings
from dedup.layouts.sections import REPEAT_THRESHOLD
from dedup.model import LayoutEvidence, Segmentation, SourceText
from dedup.parse.normalize import LineKind, classify_lines
from dedup.parse.structure import find_headings

__all__ = ["REPEAT_THRESHOLD", "segment"]

LOOKED_FOR = (
    "not a written question-and-answer document: looked for fraction sections "
    "('Vragen en opmerkingen van de leden van de VVD-fractie'), numbered questions "
    "('1', 'Vraag 1' / 'Antwoord 1', a lijst van vragen), a Kamervragen header "
    "('Vragen van het lid ... (PARTIJ) aan de Minister ...') and reported speech "
    "('De leden van de VVD-fractie vragen ...'), and found none"
)


def segment(source: SourceText, layout: str | None = None) -> Segmentation:
    """Split a document into questions and answer passages with their lines.

    `layout` (one of dedup.layouts.NAMES) is honoured, or refused with NoStructure when
    the document shows none of that layout's cues; it is never replaced by another.
    """
    clean = classify_lines(source.lines)
    footnote = LineKind.FOOTNOTE  # read once, not once a line (see dedup.parse.types.Role)
    furniture = frozenset(i for i, k in enumerate(clean.kinds) if k is footnote)
    headings = tuple(find_headings(source.lines, skip=furniture))
    ranked = detect_all(source.lines, headings)
    if layout is not None:
        if layout not in REGISTRY:
            raise NoStructure(source.path, f"unknown layout {layout!r} (known: {', '.join(NAMES)})")
        chosen = next(e for e in ranked if e.layout == layout)
        if chosen.score <= 0:
            best = ranked[0]
            seen = f"it reads as {best.layout!r}" if best.score > 0 else LOOKED_FOR
            raise NoStructure(
                source.path, f"--layout {layout}: none of that layout's cues found; {seen}"
            )
    else:
        chosen = ranked[0]
        if chosen.score <= 0:
            raise NoStructure(source.path, LOOKED_FOR)
    seg = REGISTRY[chosen.layout].segment(Document(source, clean, headings))
    evidence = _evidence(chosen, ranked, forced=layout is not None)
    seg = replace(seg, document=replace(seg.document, layout_evidence=evidence))
    more = empty_result_warnings(seg, source)
    return replace(seg, warnings=seg.warnings + tuple(more)) if more else seg


def _evidence(chosen: Evidence, ranked: list[Evidence], *, forced: bool) -> LayoutEvidence:
    other = next((e for e in ranked if e.layout != chosen.layout and e.score > 0), None)
    return LayoutEvidence(
        layout=chosen.layout,
        score=chosen.score,
        cues=chosen.cues,
        forced=forced,
        runner_up=other.layout if other else None,
        runner_up_score=other.score if other else 0.0,
    )
