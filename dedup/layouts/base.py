"""The protocol every layout family implements, and what detection hands to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from dedup.model import Answer, Diagnostic, DocumentInfo, Question, Segmentation, SourceText
from dedup.parse.normalize import CleanLines
from dedup.parse.types import Heading


@dataclass(frozen=True, slots=True)
class Evidence:
    """How well a layout fits a document: `score` 0-1 and the cues that produced it."""

    layout: str
    score: float
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A document ready to be segmented: its lines with furniture classified, its headings."""

    source: SourceText
    clean: CleanLines
    headings: tuple[Heading, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return self.source.lines


class Layout(Protocol):
    """One layout family: how to recognise it and how to cut it into questions and answers."""

    @property
    def name(self) -> str:
        """The layout's name in the CLI, the JSON and the schemas."""
        ...

    @property
    def one_asker(self) -> bool:
        """One asker for the whole document (a commission's lijst, Kamervragen), not fractions."""
        ...

    @property
    def has_reply_part(self) -> bool:
        """The layout holds the government's replies (a verslag, not an inbreng)."""
        ...

    def detect(self, lines: Sequence[str], headings: Sequence[Heading]) -> Evidence:
        """How well this layout fits: 0 when it cannot apply, with the cues seen."""
        ...

    def segment(self, document: Document) -> Segmentation:
        """Questions and answers of a document of this layout."""
        ...


def best_cue(layout: str, cues: Sequence[tuple[float, str]]) -> Evidence:
    """Evidence scored by the strongest cue present; the cues are listed strongest first."""
    present = sorted(cues, key=lambda c: -c[0])
    if not present:
        return Evidence(layout, 0.0, ())
    return Evidence(layout, round(present[0][0], 2), tuple(c for _, c in present))


def segmentation(
    source: SourceText,
    layout: str,
    *,
    fractions: Sequence[str],
    has_reply: bool,
    metadata: Mapping[str, str],
    questions: Sequence[Question],
    answers: Sequence[Answer],
    warnings: Sequence[Diagnostic],
) -> Segmentation:
    """A layout's result: the document's description (metadata sorted by key) with the
    questions, answers and warnings the layout found, in their order."""
    info = DocumentInfo(
        path=source.path,
        sha256=source.sha256,
        format=source.format,
        layout=layout,
        fractions=tuple(fractions),
        has_reply=has_reply,
        metadata=tuple(sorted(metadata.items())),
    )
    return Segmentation(info, tuple(questions), tuple(answers), tuple(warnings))
