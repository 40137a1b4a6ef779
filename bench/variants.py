"""Variants of a verslag built from its own text: re-wrapped, and recast as interleaved.

Both keep every word of the original and change only the form, so a tool that reads the
meaning should find the same clusters in them. Used by bench/quality.py.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from dedup.parse.normalize import LineKind, build_paragraphs, classify_lines
from dedup.parse.structure import PART_TWO_HEADING


def rewrap(lines: Sequence[str], width: int = 60) -> list[str]:
    """Every paragraph of running text re-filled at `width` columns.

    Paragraphs are the tool's own (footnotes and page furniture dropped, line-break
    hyphens joined); a blank line is kept where the original had one before the
    paragraph, so paragraph boundaries without blank lines stay without them.
    One-line paragraphs (headings) are copied as they are.
    """
    out: list[str] = []
    for p in build_paragraphs(lines):
        first = p.first_line - 1
        if out and first > 0 and not lines[first - 1].strip():
            out.append("")
        if len(p.line_numbers) == 1:
            out.append(p.text)
            continue
        out.extend(
            textwrap.wrap(p.text, width=width, break_long_words=False, break_on_hyphens=False)
        )
    return out


_FRACTION_START = re.compile(r"^\s*Vragen en opmerkingen van de leden van de\s+(?P<rest>.*)$")


@dataclass(frozen=True, slots=True)
class Interleaved:
    """The recast document, and where each original line went (1-based, both sides)."""

    lines: list[str]
    line_map: dict[int, int]


def interleave(lines: Sequence[str], *, minister: str = "de Staatssecretaris") -> Interleaved:
    """Part II alone, each fraction headed `... van de X-fractie en reactie van ...`.

    Part II already repeats every question above its answer, so dropping Part I gives
    the interleaved reply style of newer verslagen: a fraction's questions, each followed
    by the reply, without labels; the answers keep their own voice.

    Footnote bodies and their markers are left out, as the tool leaves them out of the
    original: kept, their numbers would start where Part I stopped, which no real
    document does, and the tool (which reads footnotes by their running number) would
    read them as text.
    """
    clean = classify_lines(lines)
    start = next(
        (i for i, ln in enumerate(lines) if PART_TWO_HEADING.match(ln) and i > 0),
        None,
    )
    if start is None:
        raise ValueError("no Part II heading: nothing to interleave")
    out = [f"Vragen en opmerkingen vanuit de fracties en reactie van {minister}", ""]
    line_map: dict[int, int] = {}
    i = start + 1
    while i < len(lines):
        m = _FRACTION_START.match(lines[i])
        if m:
            rest = m["rest"].strip()
            j = i
            while "fractie" not in rest and j + 1 < len(lines):
                j += 1
                rest = f"{rest} {lines[j].strip()}"
            name = rest.split("fractie")[0].replace("- en ", "- en ").strip()
            out.append(
                f"Vragen en opmerkingen van de leden van de {name}fractie en reactie van {minister}"
            )
            for k in range(i, j + 1):
                line_map[k + 1] = len(out)
            i = j + 1
            continue
        if clean.kinds[i] is not LineKind.FOOTNOTE:
            out.append(clean.lines[i].rstrip())
            line_map[i + 1] = len(out)
        i += 1
    return Interleaved(out, line_map)
