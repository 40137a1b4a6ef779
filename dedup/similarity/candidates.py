"""Candidate pairs from TF-IDF cosine, top-k per item, never a dense n x n matrix."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

LARGE_INPUT = 2000


def tfidf_matrix(texts: Sequence[str], *, word_weight: float = 0.7) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF: character n-grams (compounds, inflection) + words.

    `word_weight` is Settings.word_ngram_weight (the default repeats it for callers
    without settings: tests and benchmarks).
    """
    # On large inputs the commonest character n-grams (" de", "en ") make nearly every
    # pair share a term and the sparse product close to dense; above a few thousand
    # texts, n-grams in more than 5% of them are dropped (same pairs, half the time).
    max_df = 0.05 if len(texts) > LARGE_INPUT else 1.0
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1, max_df=max_df
    )
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    docs = list(texts)
    x = sparse.hstack([_fit(chars, docs), word_weight * _fit(words, docs)]).tocsr()
    return normalize(x)


def _fit(vectorizer: TfidfVectorizer, docs: list[str]) -> sparse.csr_matrix:
    """The TF-IDF rows, or an all-zero column when no document has a usable term."""
    try:
        return vectorizer.fit_transform(docs)
    except ValueError:  # empty vocabulary: only empty texts or one-letter words
        return sparse.csr_matrix((len(docs), 1))


def top_k_pairs(
    x: sparse.csr_matrix, *, k: int = 10, min_cosine: float = 0.1, chunk: int = 2048
) -> dict[tuple[int, int], float]:
    """Pairs (i < j) among each row's k most similar rows, with their cosine.

    Pairs that share no term (cosine 0) never appear, so `min_cosine` should be above 0.

    Works in row chunks so memory stays O(chunk x n) of sparse products, not n x n dense.
    """
    n = x.shape[0]
    pairs: dict[tuple[int, int], float] = {}
    xt = x.T.tocsc()
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        sims = (x[lo:hi] @ xt).tocsr()
        for r in range(hi - lo):
            i = lo + r
            start, end = sims.indptr[r], sims.indptr[r + 1]
            cols = sims.indices[start:end]
            vals = sims.data[start:end]
            keep = (cols != i) & (vals >= min_cosine)
            cols, vals = cols[keep], vals[keep]
            if len(vals) > k:
                idx = np.argpartition(-vals, k)[:k]
                cols, vals = cols[idx], vals[idx]
            for j, v in zip(cols.tolist(), vals.tolist(), strict=True):
                key = (i, j) if i < j else (j, i)
                pairs[key] = min(1.0, float(v))
    return pairs


def pair_cosines(x: sparse.csr_matrix, pairs: Sequence[tuple[int, int]]) -> list[float]:
    """Cosine of each (i, j) in one sparse operation instead of one slice per pair."""
    if not pairs:
        return []
    rows = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    dots = np.asarray(x[rows].multiply(x[cols]).sum(axis=1)).ravel()
    return [float(v) for v in dots]


def all_pairs_reference(x: sparse.csr_matrix, *, min_cosine: float = 0.1) -> set[tuple[int, int]]:
    """The slow obvious version: every pair over the threshold (for tests and benchmarks)."""
    dense = (x @ x.T).toarray()
    n = dense.shape[0]
    return {(i, j) for i in range(n) for j in range(i + 1, n) if dense[i, j] >= min_cosine}
