"""The fast n-gram counts are scikit-learn's CountVectorizer counts, array for array."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from dedup.similarity.ngrams import char_wb_counts, char_wb_ngrams, word_counts, word_ngrams
from dedup.similarity.vectorizers import count_vectorizer

_PIECES = [
    *("de", "het", "gemeenten", "Gemeenten", "GEMEENTEN", "opvang", "dak-", "thuisloze"),
    *("staatssecretaris", "Staatssecretaris", "plan", "plannen", "Wmo", "2015", "4,5%"),
    *("café", "cafe\u0301", "Één", "coördinatie", "zo'n", "d'r", "'s-Hertogenbosch"),
    *("a", "b", "é", "x", "I", "İstanbul", "Straße", "ǅ", "ﬁets", "ΣΑΣ", "日本語"),
    *("(CBS)", "?", ".", ",", "-", "—", "…", "'", '"', "€", "1.", "12", "3e"),
    *("\u00a0", "\u2003", "\u3000", "\u2028", "\t", "\n", "\r\n", "\x1c", "\x0b", "  "),
]
# Texts of pieces joined by a space, by nothing or by odd whitespace; and any text at all.
_TEXT = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=14).map("".join),
    st.text(max_size=40),
)
_DOCS = st.lists(_TEXT, min_size=1, max_size=12)

_FAST = {"char_wb": (char_wb_counts, char_wb_ngrams), "word": (word_counts, word_ngrams)}
_RANGES = {"char_wb": (3, 5), "word": (1, 2)}


def _sklearn(analyzer: str, docs: list[str]) -> tuple[sparse.csr_matrix, list[str]] | None:
    vectorizer: Any = count_vectorizer(analyzer=analyzer, ngram_range=_RANGES[analyzer])
    try:
        counts = sparse.csr_matrix(vectorizer.fit_transform(docs))
    except ValueError:
        return None
    counts.sort_indices()
    vocabulary: dict[str, int] = vectorizer.vocabulary_
    return counts, sorted(vocabulary, key=vocabulary.__getitem__)


def _assert_same(analyzer: str, docs: list[str]) -> None:
    reference = _sklearn(analyzer, docs)
    fast_counts = _FAST[analyzer][0]
    if reference is None:
        with pytest.raises(ValueError, match="empty vocabulary"):
            fast_counts(docs)
        return
    theirs, their_terms = reference
    ours, our_terms = fast_counts(docs)
    assert our_terms == their_terms
    assert ours.shape == theirs.shape
    for name in ("indptr", "indices", "data"):
        mine, other = getattr(ours, name), getattr(theirs, name)
        assert mine.dtype == other.dtype, name
        assert np.array_equal(mine, other), name
    assert ours.has_sorted_indices


@pytest.mark.parametrize("analyzer", ["char_wb", "word"])
@settings(max_examples=300, deadline=None)
@given(docs=_DOCS)
def test_counts_are_count_vectorizers_exactly(analyzer: str, docs: list[str]) -> None:
    """Vocabulary, indptr, indices and counts (values and dtypes) equal CountVectorizer's
    on random texts: Dutch words, case, accents (composed and combining), apostrophes,
    digits, punctuation, one-letter words, empty texts and unicode whitespace."""
    _assert_same(analyzer, docs)


@pytest.mark.parametrize("analyzer", ["char_wb", "word"])
@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_tokenisers_are_build_analyzers_exactly(analyzer: str, text: str) -> None:
    """The tokenisers give build_analyzer()'s terms, in its order (the order the two-text
    cosine adds its terms in)."""
    vectorizer: Any = count_vectorizer(analyzer=analyzer, ngram_range=_RANGES[analyzer])
    assert _FAST[analyzer][1](text) == vectorizer.build_analyzer()(text)


@pytest.mark.parametrize("analyzer", ["char_wb", "word"])
@pytest.mark.parametrize(
    "docs",
    [
        [""],
        ["", "   ", "\u00a0\n"],
        ["a", "b c"],  # char_wb: " a " is a term; word: no token of two characters
        ["Hoeveel daklozen zijn er?", "Hoeveel daklozen zijn er?", "", "hoeveel DAKLOZEN"],
        ["de de de de", "de"],
    ],
)
def test_edge_cases_match(analyzer: str, docs: list[str]) -> None:
    """Empty texts, texts without a usable term, repeated texts and repeated terms."""
    _assert_same(analyzer, docs)


def test_one_real_document_matches() -> None:
    """The sample verslag's lines, as one fit: a real-sized vocabulary."""
    from pathlib import Path

    lines = (
        (Path(__file__).parent.parent / "fixtures" / "kst-29325-157.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    for analyzer in ("char_wb", "word"):
        _assert_same(analyzer, lines)


def test_no_character_is_both_a_word_character_and_a_space() -> None:
    """What word_counts' per-word matching rests on: a token never holds a character that
    str.split cuts at, so a text's tokens are its space-separated words' tokens."""
    import re
    import sys

    both = [c for c in range(sys.maxunicode + 1) if chr(c).isspace() and re.match(r"\w", chr(c))]
    assert both == []


@pytest.mark.parametrize(
    "docs",
    [
        # NUL: the coded n-grams' decoding would drop it, so these go by name.
        ["a\x00b de\x00", "\x00\x00\x00", "de"],
        # More distinct characters than five base-(alphabet + 1) digits hold in an int64.
        [" ".join(chr(0x4E00 + k) * 3 for k in range(lo, lo + 50)) for lo in range(0, 7000, 50)],
        # A lone surrogate, which no UTF encoding takes.
        ["ab\ud800cd efg", "efg"],
        # Characters far apart in code point order, and words of every short length.
        ["\U0001f600x \u00e9 zz \u4e00\u4e01 a ab abc abcd abcde abcdef", "ab abc"],
    ],
)
def test_char_counts_outside_the_integer_code_match(docs: list[str]) -> None:
    """Where n-grams cannot be coded as integers (char_wb_counts' fast path), the counts
    by name are still CountVectorizer's."""
    _assert_same("char_wb", docs)


@settings(max_examples=100, deadline=None)
@given(docs=_DOCS)
def test_coded_and_named_grams_agree(docs: list[str]) -> None:
    """The integer-coded n-grams give the matrix and terms that n-grams by name give."""
    from dedup.similarity.ngrams import _coded_grams, _grams_by_name

    distinct = list(dict.fromkeys(w for doc in docs for w in doc.lower().split()))
    if not distinct:
        return
    coded = _coded_grams(distinct)
    if coded is None:
        return
    named, terms = _grams_by_name(distinct)
    ours, our_terms = coded
    assert our_terms == terms
    assert (ours != named).nnz == 0
    assert ours.shape == named.shape
