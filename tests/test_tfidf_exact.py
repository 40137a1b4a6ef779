"""tfidf_matrices weighs both blocks with one TfidfTransformer: the same matrices, bit for
bit, as the earlier one transformer per block (kept here as the reference)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy import sparse

from dedup.similarity import candidates
from dedup.similarity.candidates import _counts, tfidf_matrices
from dedup.similarity.ngrams import char_wb_counts, word_counts
from dedup.similarity.vectorizers import l2_normalize, tfidf_transformer

# Words with shared character n-grams and words, one-letter words (no word n-gram) and
# accents, so that blocks come out empty, and the max_df cut drops some n-grams.
_WORDS = ["de", "het", "gemeente", "gemeenten", "opvang", "daklozen", "a", "é", "zorg", "x y"]
_TEXTS = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=6).map(" ".join)
_GROUPS = st.lists(st.lists(_TEXTS, min_size=0, max_size=12), min_size=1, max_size=3)


def _reference_weights(
    counts: sparse.csr_matrix, copy_of: NDArray[np.int64], max_df: float
) -> sparse.csr_matrix:
    """One block, fitted on its own: the code before the blocks shared a transformer."""
    n = len(copy_of)
    if n == 0:
        return sparse.csr_matrix(counts.shape)
    copies = np.bincount(copy_of, minlength=counts.shape[0])
    per_term = np.repeat(copies, np.diff(counts.indptr))
    df = np.bincount(counts.indices, weights=per_term, minlength=counts.shape[1])
    present = df > 0
    if max_df < 1.0:
        present &= df <= max_df * n
    if not present.any():
        return sparse.csr_matrix(counts.shape)
    if not present[df > 0].all():
        counts = counts.copy()
        counts.data = counts.data * present[counts.indices]
        counts.eliminate_zeros()
    transformer = tfidf_transformer(sublinear_tf=True, norm=None).fit(counts[copy_of])
    return l2_normalize(transformer.transform(counts))


def _reference(groups: Sequence[Sequence[str]], word_weight: float) -> list[sparse.csr_matrix]:
    slot: dict[str, int] = {}
    slots = np.array(
        [slot.setdefault(text, len(slot)) for group in groups for text in group], dtype=np.int64
    )
    chars = _counts(char_wb_counts, list(slot))
    words = _counts(word_counts, list(slot))
    out = []
    lo = 0
    for group in groups:
        hi = lo + len(group)
        distinct, copy_of = np.unique(slots[lo:hi], return_inverse=True)
        copy_of = copy_of.reshape(-1)
        max_df = 0.05 if len(group) > candidates.LARGE_INPUT else 1.0
        x = sparse.hstack(
            [
                _reference_weights(chars[distinct], copy_of, max_df),
                word_weight * _reference_weights(words[distinct], copy_of, 1.0),
            ]
        ).tocsr()
        out.append(l2_normalize(x)[copy_of])
        lo = hi
    return out


@pytest.mark.parametrize("large_input", [2000, 3])
@settings(max_examples=60, deadline=None)
@given(groups=_GROUPS, w=st.sampled_from([0.0, 0.7, 1.0]))
def test_one_transformer_gives_the_per_block_matrices_bit_for_bit(
    large_input: int, groups: list[list[str]], w: float
) -> None:
    """Same shape, indices, index pointers and float bits; `large_input` 3 makes the
    max_df cut (5% of texts) drop character n-grams."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(candidates, "LARGE_INPUT", large_input)
        pairs = zip(tfidf_matrices(groups, word_weight=w), _reference(groups, w), strict=True)
    for ours, ref in pairs:
        assert ours.shape == ref.shape
        assert np.array_equal(ours.indptr, ref.indptr)
        assert np.array_equal(ours.indices, ref.indices)
        assert ours.data.tobytes() == ref.data.tobytes()
