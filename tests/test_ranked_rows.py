"""_ranked_rows, which multiplies only the upper triangle of the symmetric product and
mirrors it, ranks every row as the row-chunked whole product did, to the bit.

The reference below is _ranked_rows as written before: each chunk of rows times every
row, each row's cosines read from its own product.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from dedup.model import Segmentation
from dedup.parse.sentences import split_sentences
from dedup.similarity.candidates import RANK_DECIMALS, _ranked_rows, tfidf_matrix


def reference_ranked_rows(
    x: sparse.csr_matrix, min_cosine: float, chunk: int
) -> Iterator[tuple[int, NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]]:
    n = x.shape[0]
    xt = x.T.tocsc()
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        sims = (x[lo:hi] @ xt).tocsr()
        for r in range(hi - lo):
            a, b = sims.indptr[r], sims.indptr[r + 1]
            cols = sims.indices[a:b].astype(np.int64)
            vals = sims.data[a:b].astype(np.float64)
            ranks = np.round(vals, RANK_DECIMALS)
            keep = (cols != lo + r) & (ranks >= min_cosine)
            cols, vals, ranks = cols[keep], vals[keep], ranks[keep]
            order = np.lexsort((cols, -ranks))
            yield lo + r, cols[order], vals[order], ranks[order]


def _same(x: sparse.csr_matrix, min_cosine: float, chunk: int) -> int:
    ours = list(_ranked_rows(x, min_cosine, chunk))
    theirs = list(reference_ranked_rows(x, min_cosine, chunk))
    assert [row for row, *_ in ours] == list(range(x.shape[0]))
    assert len(ours) == len(theirs)
    entries = 0
    for (i, c1, v1, r1), (j, c2, v2, r2) in zip(ours, theirs, strict=True):
        assert i == j
        assert c1.tolist() == c2.tolist(), i
        # The same floats, bit for bit, not merely close.
        assert v1.tobytes() == v2.tobytes(), i
        assert r1.tobytes() == r2.tobytes(), i
        entries += len(c1)
    return entries


def _sentences(seg: Segmentation, rng: random.Random, count: int) -> list[str]:
    """Sentences of the sample's answers, with repeats and small edits."""
    pool = [s.text for a in seg.answers for s in split_sentences(a.text) if len(s.text) > 20]
    out: list[str] = []
    for _ in range(count):
        s = rng.choice(pool if not out or rng.random() < 0.6 else out)
        words = s.split()
        if rng.random() < 0.5:
            words[rng.randrange(len(words))] = rng.choice(["circa", "gemeenten", "regeling"])
        out.append(" ".join(words))
    return out


def test_upper_triangle_ranks_as_the_whole_product(seg: Segmentation) -> None:
    rng = random.Random(7)
    texts = _sentences(seg, rng, 700)
    x = tfidf_matrix(texts)
    found = 0
    # One block, blocks of the minimum size, and chunks smaller than any block.
    for min_cosine, chunk in [(0.45, 2048), (0.1, 2048), (0.2, 300), (0.45, 7), (0.1, 100)]:
        found += _same(x, min_cosine, chunk)
    assert found > 1000


def test_small_and_empty_matrices() -> None:
    x = tfidf_matrix(["een twee drie", "twee drie vier", "een twee drie", "vijf"])
    for chunk in (1, 2, 3, 2048):
        _same(x, 0.1, chunk)
    _same(sparse.csr_matrix((0, 5)), 0.1, 16)
    _same(sparse.csr_matrix((3, 5)), 0.1, 2)
