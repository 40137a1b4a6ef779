"""The intermediate types of parsing, in one place: what normalize, structure, sentences and
the layouts pass to each other before a Segmentation exists."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of running text with footnotes, page furniture and hyphenation removed.

    `offsets[i]` is where source line `line_numbers[i]` starts inside `text`.
    """

    text: str
    offsets: tuple[int, ...]
    line_numbers: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        """The 1-based source line holding character `offset` of `text`: that of the last
        line starting at or before it (the first line for an offset before all)."""
        return self.line_numbers[max(0, bisect.bisect_right(self.offsets, offset) - 1)]

    @property
    def first_line(self) -> int:
        return self.line_numbers[0]

    @property
    def last_line(self) -> int:
        return self.line_numbers[-1]


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: its text and where it sits in its paragraph's text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading on lines `first`..`last` (0-based): part-1, part-2, fraction, topic, reply."""

    kind: str
    first: int
    last: int
    fraction: str | None = None
    text: str = ""


class Role(Enum):
    QUESTION = "question"
    REQUEST = "request"  # indirect question without a question mark
    FOLLOW_UP = "follow-up"
    STATEMENT = "statement"


# The roles as module names, for the code run once a sentence: on Python 3.11 EnumType
# defines __getattr__, which puts every attribute read on an Enum class (Role.QUESTION)
# through a slow hook, about six times the cost of a plain class attribute's.
QUESTION = Role.QUESTION
REQUEST = Role.REQUEST
FOLLOW_UP = Role.FOLLOW_UP
STATEMENT = Role.STATEMENT
# The roles that ask (a question unit starts or goes on with them).
ASKING = (QUESTION, REQUEST, FOLLOW_UP)


@dataclass(slots=True)
class Block:
    """Running text of one fraction section: a paragraph, or some of its sentences."""

    paragraph: Paragraph
    part: str | None
    fraction: str | None
    topic: str | None
    spans: list[Span] = field(default_factory=list)
    after_label: bool = False  # a reply label ("Reactie", "Antwoord") stands above it
    round: int = 0  # counts Part I headings: several verslagen in one file align apart


@dataclass(slots=True)
class Unit:
    """One question unit being built: its sentences (paragraph, span), context and topic."""

    fraction: str
    role: Role
    sentences: list[tuple[Paragraph, Span]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    topic: str | None = None
