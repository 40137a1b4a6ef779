"""Layout families: one module each behind the `Layout` protocol (dedup.layouts.base).

`REGISTRY` is the single source of layout names: the CLI's `--layout` choices and the
`layout` enum of both JSON schemas come from it (a test checks the schemas). Adding a
layout: a module with a class implementing `Layout`, one line here, and tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from dedup.layouts.base import Evidence, Layout
from dedup.layouts.inbreng import Inbreng
from dedup.layouts.interleaved import Interleaved
from dedup.layouts.kamervragen import Kamervragen, KamervragenNoAnswer
from dedup.layouts.lijst import Lijst
from dedup.layouts.nota import MemorieVanAntwoord, Nota
from dedup.layouts.verslag import Verslag
from dedup.parse.types import Heading

# In this order ties are broken (the earlier wins).
REGISTRY: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Verslag(),
        Inbreng(),
        Interleaved(),
        Lijst(),
        Kamervragen(),
        KamervragenNoAnswer(),
        Nota(),
        MemorieVanAntwoord(),
    )
}
NAMES: tuple[str, ...] = tuple(REGISTRY)


def get(name: str) -> Layout:
    return REGISTRY[name]


def detect_all(lines: Sequence[str], headings: Sequence[Heading]) -> list[Evidence]:
    """Every layout's evidence, best first (ties in registry order)."""
    order = {name: k for k, name in enumerate(NAMES)}
    found = [layout.detect(lines, headings) for layout in REGISTRY.values()]
    return sorted(found, key=lambda e: (-e.score, order[e.layout]))


__all__ = ["NAMES", "REGISTRY", "Evidence", "Layout", "detect_all", "get"]
