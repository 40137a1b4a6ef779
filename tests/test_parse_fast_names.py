"""What the per-line and per-sentence loops read instead of the slow paths: the kind and role
names are the Enum members themselves, a page footer always holds the word the footer check
looks for first, and the parenthesised stretches found from the parentheses' positions are
those the stack over the matches found, and a fraction named in the text is found where the
pattern's first word stands."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.ingest import read_document
from dedup.layouts import numbered
from dedup.layouts.sections import _NAMED_FRACTION, names_a_fraction
from dedup.parse import normalize, types
from dedup.parse.normalize import PAGE_FOOTER, LineKind, classify_lines, is_page_footer
from dedup.parse.sentences import _closed_parentheses
from dedup.parse.types import Role

ROOT = Path(__file__).resolve().parent.parent


def test_names_are_the_members() -> None:
    assert tuple(Role) == (types.QUESTION, types.REQUEST, types.FOLLOW_UP, types.STATEMENT)
    assert types.ASKING == (Role.QUESTION, Role.REQUEST, Role.FOLLOW_UP)
    assert numbered._ASKS == (Role.QUESTION, Role.REQUEST)
    assert numbered._TEXT is LineKind.TEXT
    kinds = (normalize._TEXT, normalize._BLANK, normalize._FOOTER, normalize._FOOTNOTE)
    assert tuple(LineKind) == (*kinds, normalize._WEB)


def generated_footers(seed: int, count: int = 3000) -> list[str]:
    """Page footers of both houses and Aanhangsel lines, with each part varied (spacing,
    dashes, missing commas and numbers), so that some are footers and some are not."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        if rng.random() < 0.7:
            house = rng.choice(("Tweede", "Eerste", "tweede", "Derde"))
            comma = rng.choice((",", ",", ""))
            year = rng.choice(("2023–2024", "2023-24", "2023 — 2024", "2023/24"))
            tail = rng.choice((", 29 325, nr. 157", ", 36 123, nr. 12 3", ", nr. 5", " nr."))
            line = f"{house} Kamer{comma} {rng.choice(('vergaderjaar', 'zitting'))} {year}{tail}"
        else:
            numbers = " ".join(str(rng.randint(1, 3000)) for _ in range(rng.randint(0, 3)))
            line = f"Aanhangsel Handelingen {rng.choice(('II', 'I', 'III'))} 2023–2024 {numbers}"
        lines.append(" " * rng.randint(0, 2) + line + " " * rng.randint(0, 1))
    return lines


def test_page_footers_hold_the_word_looked_for() -> None:
    lines = generated_footers(4)
    for path in sorted(ROOT.glob("fixtures/**/*.txt")):
        lines += read_document(path).lines
    footers = [ln for ln in lines if PAGE_FOOTER.match(ln)]
    assert len(footers) > 50
    assert all("Kamer," in ln or "Aanhangsel" in ln for ln in footers)
    clean = classify_lines(lines)
    for ln, kind in zip(lines, clean.kinds, strict=True):
        assert (kind is LineKind.FOOTER) == is_page_footer(ln), ln


def reference_stretches(text: str) -> tuple[list[int], list[int]]:
    """_closed_parentheses as written before it read the positions first."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for m in re.finditer(r"[()]", text):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            pairs.append((stack.pop(), m.start()))
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(pairs):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="(()) ab.", max_size=60))
def test_parenthesised_stretches_match_the_reference(text: str) -> None:
    assert _closed_parentheses(text) == reference_stretches(text)


_NAMING_PIECES = [
    "De", "leden", "lid", "Het", "van", "de", "het", "VVD-fractie", "fractie", "fracties",
    "CDA", "GroenLinks-PvdA", "en", "fractieleden", "PVV", "xleden", "lidmaatschap", "-",
    "\n", " ", "  ", "fractie-", "SP", "vragen", "Leden",
]  # fmt: skip


def test_named_fraction_found_where_the_pattern_finds_one() -> None:
    """names_a_fraction tries the pattern only where its first word stands, with the
    same answer as a search of the whole text."""
    rng = random.Random(9)
    texts = []
    for _ in range(3000):
        # A naming phrase ("de leden van de VVD-fractie", "fractieleden van de PVV") with
        # each word kept, dropped or swapped for one of the pieces, amid other words.
        phrase = [
            rng.choice(("leden", "lid", "fractieleden", "Leden", "xleden")),
            "van",
            rng.choice(("de", "het", "")),
            rng.choice(("fractie van de", "fracties van", "")),
            rng.choice(("VVD", "GroenLinks-PvdA", "CDA", "de PVV", "sp")),
            rng.choice(("-fractie", "- fractie", "fractie", " en D66", "")),
        ]
        words = [w if rng.random() < 0.85 else rng.choice(_NAMING_PIECES) for w in phrase]
        around = [rng.choice(_NAMING_PIECES) for _ in range(rng.randint(0, 6))]
        cut = rng.randint(0, len(around))
        gaps = [rng.choice((" ", "  ", "\n", "")) for _ in range(len(words) + len(around))]
        pieces = [*around[:cut], *words, *around[cut:]]
        texts.append("".join(p + g for p, g in zip(pieces, gaps, strict=True)))
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("fixtures/**/*.txt"))]
    named = 0
    for text in texts:
        lines = text.split("\n")
        expected = _NAMED_FRACTION.search("\n".join(lines)) is not None
        assert names_a_fraction(lines) == expected, text
        named += expected
    assert 100 < named < len(texts) - 100
