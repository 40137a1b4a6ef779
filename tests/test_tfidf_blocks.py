"""tfidf_matrices' block normalising (candidates._normalised) gives the matrix that
slicing the two blocks, normalising each, stacking them and normalising the rows gave:
the same values to the bit, in the same places and order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from dedup.model import Segmentation
from dedup.similarity.candidates import _normalised, tfidf_matrices
from dedup.similarity.vectorizers import l2_normalize


def reference(weights: sparse.csr_matrix, chars: int, word_weight: float) -> sparse.csr_matrix:
    x = sparse.hstack(
        [
            l2_normalize(weights[:, :chars]),
            word_weight * l2_normalize(weights[:, chars:]),
        ],
        format="csr",
    )
    out: sparse.csr_matrix = l2_normalize(x)
    return out


def _assert_same(weights: sparse.csr_matrix, chars: int, word_weight: float) -> None:
    ours = _normalised(weights, chars, word_weight)
    theirs = reference(weights, chars, word_weight)
    assert ours.shape == theirs.shape
    assert ours.indptr.tolist() == theirs.indptr.tolist()
    assert ours.indices.tolist() == theirs.indices.tolist()
    assert ours.data.tobytes() == theirs.data.tobytes()
    assert ours.has_sorted_indices == theirs.has_sorted_indices


@settings(max_examples=200, deadline=None)
@given(
    rows=st.integers(min_value=0, max_value=12),
    chars=st.integers(min_value=0, max_value=15),
    words=st.integers(min_value=0, max_value=15),
    density=st.floats(min_value=0.0, max_value=1.0),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    sort=st.booleans(),
    word_weight=st.sampled_from([0.7, 0.3, 1.0, 0.123456789]),
)
def test_normalised_is_the_sliced_and_stacked_normalising(
    rows: int,
    chars: int,
    words: int,
    density: float,
    seed: int,
    sort: bool,
    word_weight: float,
) -> None:
    """Random weights, rows empty in one block or both, indices sorted or not."""
    width = max(1, chars + words)
    rng = np.random.default_rng(seed)
    dense = rng.random((rows, width)) * 5 * (rng.random((rows, width)) < density)
    weights = sparse.csr_matrix(dense)
    if not sort and weights.nnz:
        # The same entries, each row's in reverse order.
        parts = [
            (weights.indices[a:b][::-1], weights.data[a:b][::-1])
            for a, b in zip(weights.indptr[:-1], weights.indptr[1:], strict=True)
        ]
        weights = sparse.csr_matrix(
            (
                np.concatenate([d for _, d in parts]),
                np.concatenate([i for i, _ in parts]),
                weights.indptr,
            ),
            shape=weights.shape,
        )
    _assert_same(weights, min(chars, width), word_weight)


def test_the_sample_matrices_are_unchanged(seg: Segmentation) -> None:
    """tfidf_matrices of the sample's answers and questions, through _normalised, equal
    the sliced-and-stacked reference applied to the same weights."""
    import dedup.similarity.candidates as candidates

    seen: list[tuple[sparse.csr_matrix, int, float]] = []
    original = candidates._normalised

    def spy(weights: sparse.csr_matrix, chars: int, word_weight: float) -> sparse.csr_matrix:
        seen.append((weights, chars, word_weight))
        return original(weights, chars, word_weight)

    candidates._normalised = spy
    try:
        answers = [a.text for a in seg.answers]
        questions = [q.text for q in seg.part_one()]
        tfidf_matrices([answers, questions, questions[::4] * 2])
    finally:
        candidates._normalised = original
    assert len(seen) == 3
    for weights, chars, word_weight in seen:
        assert weights.nnz > 1000
        _assert_same(weights, chars, word_weight)
