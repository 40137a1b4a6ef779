"""The whole verslag as PDF, HTML and DOCX segments like the text fixture, line numbers aside.

Each file is built from the fixture's clean paragraphs (headings as headings, the rest as
paragraphs), so a reader that recovers the paragraphs gives the same fractions, questions,
answers and links as the .txt; only line numbers may differ. Ids, counts and links are
compared exactly for every format. Texts are compared exactly for HTML and DOCX; for PDF
both sides are first passed through `to_latin1`, the transliteration `make_pdf` applies
when DejaVuSans is not installed (Helvetica covers latin-1 only: – and — become -, ’ and
‘ become ', “ ” „ become ", … becomes ...; « » and accented letters are latin-1 and stay).
`to_latin1` is idempotent, so with DejaVuSans present this changes nothing but the dash
and quote forms on both sides alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

from dedup.model import Segmentation
from dedup.parse.normalize import build_paragraphs
from dedup.parse.structure import find_headings
from dedup.pipeline import segment_file
from tests.conftest import SAMPLE, sample_segmentation
from tests.make_formats import Block, make_docx, make_html, make_pdf, to_latin1

FORMATS = ("pdf", "html", "docx")
_BUILDERS: dict[str, Callable[[list[Block], Path], None]] = {
    "pdf": make_pdf,
    "html": make_html,
    "docx": make_docx,
}

T = TypeVar("T")


def _unchanged(text: str) -> str:
    return text


def _text_form(fmt: str) -> Callable[[str], str]:
    """How texts are compared for `fmt`: see the module docstring."""
    return to_latin1 if fmt == "pdf" else _unchanged


def clean_blocks() -> list[Block]:
    """The fixture's paragraphs as dedup builds them; heading paragraphs as "heading"."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    headings = find_headings(lines)
    starts = {h.first for h in headings} | {h.last + 1 for h in headings}
    heading_lines = {h.first + 1 for h in headings}  # 1-based, as Paragraph.first_line
    return [
        ("heading" if p.first_line in heading_lines else "paragraph", p.text)
        for p in build_paragraphs(lines, block_starts=frozenset(starts))
    ]


@pytest.fixture(scope="module")
def blocks() -> list[Block]:
    return clean_blocks()


@pytest.fixture(scope="module", params=FORMATS)
def built(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    blocks: list[Block],
) -> tuple[str, Segmentation]:
    """(format, segmentation of the whole verslag written in that format), built once."""
    fmt: str = request.param
    path = tmp_path_factory.mktemp(f"verslag-{fmt}") / f"kst-29325-157.{fmt}"
    _BUILDERS[fmt](blocks, path)
    return fmt, segment_file(path)


def _differences(expected: Sequence[T], got: Sequence[T], shown: int = 3) -> str:
    """Counts and the first items missing from / added to `got`, in document order."""
    got_set, expected_set = set(got), set(expected)
    missing = [x for x in expected if x not in got_set]
    added = [x for x in got if x not in expected_set]
    return (
        f"expected {len(expected)} items, got {len(got)}; "
        f"{len(missing)} missing, first: {missing[:shown]!r}; "
        f"{len(added)} unexpected, first: {added[:shown]!r}"
    )


def _questions(seg: Segmentation, part: str, form: Callable[[str], str]) -> list[tuple[str, str]]:
    return [(q.id, form(q.text)) for q in seg.questions if q.part == part]


def _links(seg: Segmentation) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(a.id, a.section_fraction, a.answers_questions) for a in seg.answers]


def test_clean_blocks_cover_every_heading() -> None:
    """The built documents carry all 18 part and fraction headings of the fixture as headings."""
    headings = [text for kind, text in clean_blocks() if kind == "heading"]
    assert len(headings) == 18
    assert headings[0] == "I. Vragen en opmerkingen vanuit de fracties"
    assert "II. Reactie van de Staatssecretaris" in headings


def test_format_is_reported(built: tuple[str, Segmentation]) -> None:
    """`document.format` names the format the file was read as."""
    fmt, seg = built
    assert seg.document.format == fmt


def test_same_fractions(built: tuple[str, Segmentation]) -> None:
    """The same fractions are found, in the same order, as in the text fixture."""
    _, seg = built
    assert seg.document.fractions == sample_segmentation().document.fractions


def test_same_part_one_questions(built: tuple[str, Segmentation]) -> None:
    """The same Part I question ids with the same texts as in the text fixture."""
    fmt, seg = built
    form = _text_form(fmt)
    expected = _questions(sample_segmentation(), "I", form)
    got = _questions(seg, "I", form)
    assert got == expected, _differences(expected, got)


def test_same_part_two_questions(built: tuple[str, Segmentation]) -> None:
    """The same Part II repetitions (ids name the Part I question) with the same texts."""
    fmt, seg = built
    form = _text_form(fmt)
    expected = _questions(sample_segmentation(), "II", form)
    got = _questions(seg, "II", form)
    assert got == expected, _differences(expected, got)


def test_same_answers_and_links(built: tuple[str, Segmentation]) -> None:
    """The same answer passages, in the same sections, answering the same questions."""
    _, seg = built
    expected = _links(sample_segmentation())
    got = _links(seg)
    assert got == expected, _differences(expected, got)
