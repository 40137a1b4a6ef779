"""comparison_form and unify_typography, rewritten without a pattern per step where a
table or str.split does the same, give what the pattern versions give: on every sentence
of the fixtures, on generated text of quotes, dashes, accents and every kind of
whitespace, and on any text (hypothesis)."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.ingest import read_document
from dedup.parse.normalize import (
    _QUOTE_PAIRS,
    _QUOTES,
    build_paragraphs,
    comparison_form,
    unify_typography,
)
from dedup.parse.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s-]")
_LOOSE_DASH = re.compile(r"(?<!\w)-|-(?!\w)")


def reference_unify(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


def reference_form(text: str) -> str:
    """comparison_form as it was: one pattern per step, accents dropped per character."""
    text = reference_unify(text).lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_WORD.sub(" ", text)
    text = _LOOSE_DASH.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def test_quote_pairs_are_the_table() -> None:
    """unify_typography replaces the marks one after another: the same as the table only
    while it holds every mark and no replacement holds a mark."""
    assert {ord(mark): into for mark, into in _QUOTE_PAIRS} == _QUOTES
    assert not any(mark in into for mark, _ in _QUOTE_PAIRS for _, into in _QUOTE_PAIRS)


def test_split_whitespace_is_the_pattern_whitespace() -> None:
    """str.split() and `\\s` agree on every code point (what the rewrite rests on)."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert bool(space.match(c)) == (len(f"a{c}b".split()) == 2), hex(code)


_PIECES = [
    "De", "leden", "VVD-fractie", "«Dit»", "“Wat”", "‘zo’", "`x`", "–", "—", "-", "--",
    "a-", "-b", "é", "e\u0301", "ë", "ﬁ", "²", "İ", "ß", "\u00ad", "½", "(zie", "3)", "?",
    "naïef", "Ångström", "_", "x_y", "€5", "'s", "’s",
]  # fmt: skip
_GAPS = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u2028", "\x1c", "\u3000", ""]


def test_forms_match_the_reference_on_generated_text() -> None:
    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice(_PIECES) + rng.choice(_GAPS) for _ in range(rng.randint(0, 15)))
        assert unify_typography(text) == reference_unify(text), text
        assert comparison_form.__wrapped__(text) == reference_form(text), text


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_forms_match_the_reference_on_any_text(text: str) -> None:
    assert unify_typography(text) == reference_unify(text)
    assert comparison_form.__wrapped__(text) == reference_form(text)


def test_forms_match_the_reference_on_the_fixtures() -> None:
    count = 0
    for path in sorted(ROOT.glob("fixtures/**/*.txt")):
        for p in build_paragraphs(read_document(path).lines):
            for s in [p.text, *(s.text for s in split_sentences(p.text))]:
                assert comparison_form.__wrapped__(s) == reference_form(s), s
                count += 1
    assert count > 3000
