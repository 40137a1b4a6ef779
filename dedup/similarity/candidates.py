"""Candidate pairs from TF-IDF cosine, top-k per item, never a dense n x n matrix."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from dedup.similarity.ngrams import char_wb_counts, word_counts
from dedup.similarity.vectorizers import tfidf_transformer

LARGE_INPUT = 2000
# Cosines are ranked after rounding to this many decimals, so that two pairs differing
# only in the last bits of a float (a different summation order) tie, and ties are broken
# by id: the same input then gives the same candidates on any machine or library version.
RANK_DECIMALS = 9


def tfidf_matrix(texts: Sequence[str], *, word_weight: float = 0.7) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF: character n-grams (compounds, inflection) + words.

    `word_weight` is Settings.word_ngram_weight (the default repeats it for callers
    without settings: tests and benchmarks).
    """
    return tfidf_matrices([texts], word_weight=word_weight)[0]


def tfidf_matrices(
    groups: Sequence[Sequence[str]], *, word_weight: float = 0.7
) -> list[sparse.csr_matrix]:
    """`tfidf_matrix` of each group of texts, from one vocabulary built over all of them.

    Tokenising is the cost of a fit; each group's weights (document frequencies, the
    large-input cut) still come from that group alone, so every matrix holds the values
    its own fit would give (its columns are the shared vocabulary's).
    """
    # Each distinct text is tokenised once (copied answers repeat whole sentences: at 20
    # copies of the sample 14 085 sentences hold 1 535 distinct ones).
    slot: dict[str, int] = {}
    slots = np.fromiter(
        (slot.setdefault(text, len(slot)) for group in groups for text in group),
        np.int64,
        sum(len(group) for group in groups),
    )
    chars = _counts(char_wb_counts, list(slot))
    words = _counts(word_counts, list(slot))
    out: list[sparse.csr_matrix] = []
    lo = 0
    for group in groups:
        hi = lo + len(group)
        # Copies of a text are equal rows: each distinct text of the group is weighted and
        # normalised once (every step after the document frequencies is row by row), and
        # its copies take that row. A 1 MB paragraph of one repeated question makes 7 714
        # questions with 182 distinct forms.
        distinct, copy_of = np.unique(slots[lo:hi], return_inverse=True)
        copy_of = copy_of.reshape(-1)
        # On large inputs the commonest character n-grams (" de", "en ") make nearly every
        # pair share a term and the sparse product close to dense; above a few thousand
        # texts, n-grams in more than 5% of them are dropped (same pairs, half the time).
        max_df = 0.05 if len(group) > LARGE_INPUT else 1.0
        # Both blocks weighted by one TfidfTransformer: its idf is per column and its tf
        # per value, so each block's values are those of a fit of its own (half the fits).
        both = _weights(
            sparse.hstack([chars[distinct], words[distinct]], format="csr"),
            copy_of,
            np.append(np.full(chars.shape[1], max_df), np.ones(words.shape[1])),
        )
        out.append(_normalised(both, chars.shape[1], word_weight)[copy_of])
        lo = hi
    return out


def _normalised(weights: sparse.csr_matrix, chars: int, word_weight: float) -> sparse.csr_matrix:
    """`l2_normalize(hstack([l2_normalize(weights[:, :chars]), word_weight *
    l2_normalize(weights[:, chars:])]))`, the same floats in the same places, without
    slicing the two blocks out and stacking them again (a copy of every value each).

    l2_normalize adds each row's squares one after another in stored order; np.bincount
    with weights adds them per row in the same order, so every norm is the same float,
    and the values are divided (and the words multiplied) as the original does.
    tests/test_tfidf_blocks.py compares the two.
    """
    rows = np.repeat(np.arange(weights.shape[0], dtype=np.int64), np.diff(weights.indptr))
    is_word = weights.indices >= chars
    # The stacked row: the character n-grams, then the words, each in stored order.
    if np.any(is_word[:-1] & ~is_word[1:] & (rows[:-1] == rows[1:])):
        order = np.lexsort((is_word, rows))
        rows, is_word = rows[order], is_word[order]
        indices, data = weights.indices[order], weights.data[order]
    else:
        indices, data = weights.indices, weights.data
    n = weights.shape[0]
    squares = data * data
    char_norm = _norms(rows[~is_word], squares[~is_word], n)
    word_norm = _norms(rows[is_word], squares[is_word], n)
    values = np.where(is_word, data / word_norm[rows], data / char_norm[rows])
    values[is_word] = word_weight * values[is_word]
    values /= _norms(rows, values * values, n)[rows]
    out: sparse.csr_matrix = sparse.csr_matrix(
        (values, indices.copy(), weights.indptr.copy()), shape=weights.shape
    )
    return out


def _norms(rows: NDArray[np.int64], squares: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """Per row the square root of its squares added in order; 1.0 for a row with nothing to
    scale (l2_normalize leaves such rows as they are)."""
    norms = np.sqrt(np.bincount(rows, weights=squares, minlength=n))
    norms[norms == 0.0] = 1.0
    return norms


def _counts(
    count: Callable[[Sequence[str]], tuple[sparse.csr_matrix, list[str]]], texts: list[str]
) -> sparse.csr_matrix:
    """Term counts of each text, or an all-zero column when no text has a usable term.

    `count` is one of dedup.similarity.ngrams' CountVectorizer equivalents.
    """
    try:
        counts, _terms = count(texts)
    except ValueError:  # empty vocabulary: only empty texts or one-letter words
        return sparse.csr_matrix((len(texts), 1), dtype=np.int64)
    # One order of terms within each row, whatever order they were first seen in, so the
    # sums of the sparse products do not depend on which texts were fitted together.
    counts.sort_indices()
    return counts


def _weights(
    counts: sparse.csr_matrix, copy_of: NDArray[np.int64], max_df: NDArray[np.float64]
) -> sparse.csr_matrix:
    """Sublinear TF-IDF (as TfidfVectorizer, not yet normalised) of distinct texts, with the
    document frequencies of all their copies: document k is a copy of row `copy_of[k]`.

    `max_df[c]` is column c's largest share of documents; a block (character n-grams,
    words) where no term remains, what TfidfVectorizer refuses as "no terms remain", is
    all zeros.
    """
    n = len(copy_of)
    if n == 0:
        return sparse.csr_matrix(counts.shape)
    copies = np.bincount(copy_of, minlength=counts.shape[0])
    per_term = np.repeat(copies, np.diff(counts.indptr))
    df = np.bincount(counts.indices, weights=per_term, minlength=counts.shape[1])
    present = df > 0
    present &= (df <= max_df * n) | (max_df >= 1.0)
    if not present[df > 0].all():
        counts = counts.copy()
        counts.data = counts.data * present[counts.indices]
        counts.eliminate_zeros()
    # norm=None and our own l2_normalize (per block, by the caller): the same rows as the
    # default norm="l2", without loading sklearn.preprocessing for its `normalize` (see
    # vectorizers._DEFERRED). Fitted on every copy, so the idf is the one a fit on all
    # documents gives.
    transformer = tfidf_transformer(sublinear_tf=True, norm=None).fit(counts[copy_of])
    weights: sparse.csr_matrix = transformer.transform(counts)
    return weights


def _ranked_rows(
    x: sparse.csr_matrix, min_cosine: float, chunk: int
) -> Iterator[tuple[int, NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]]:
    """Per row i: the other rows with a rounded cosine >= `min_cosine`, ranked best first
    (ties by row number), with their cosines and rounded cosines.

    The product is symmetric, so each block of rows is multiplied with itself and the
    rows after it only (the upper triangle: a bit over half the multiplications), and a
    row takes its cosines with earlier rows from their blocks. x[i] . x[j] and x[j] . x[i]
    are the same products of the same shared terms added in the same (column) order, so
    the same float either way: the ranking is the one the whole product gives.
    """
    n = x.shape[0]
    # Blocks of a quarter of the rows, at least 256 (a product call has its own cost) and
    # at most `chunk` (the block's product is held whole).
    step = max(1, min(chunk, max(_MIN_BLOCK, -(-n // 4))))
    # The cosines with rows of later blocks, kept for those rows: (row, other, cosine).
    later: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]] = []
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        sims = (x[lo:hi] @ x[lo:].T.tocsc()).tocsr()
        rows = np.repeat(np.arange(lo, hi, dtype=np.int64), np.diff(sims.indptr))
        cols = sims.indices.astype(np.int64) + lo
        vals = sims.data.astype(np.float64)
        keep = (cols > rows) & (np.round(vals, RANK_DECIMALS) >= min_cosine)
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        # Within the block both directions; rows of later blocks wait for theirs.
        inside = cols < hi
        later.append((cols[~inside], rows[~inside], vals[~inside]))
        pending = [(r, c, v) for r, c, v in later if len(r)]
        mine = [(r[r < hi], c[r < hi], v[r < hi]) for r, c, v in pending]
        later = [(r[r >= hi], c[r >= hi], v[r >= hi]) for r, c, v in pending]
        every_row = np.concatenate([rows, cols[inside], *(m[0] for m in mine)])
        every_col = np.concatenate([cols, rows[inside], *(m[1] for m in mine)])
        every_val = np.concatenate([vals, vals[inside], *(m[2] for m in mine)])
        yield from _rank(lo, hi, every_row, every_col, every_val)


def _rank(
    lo: int,
    hi: int,
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    vals: NDArray[np.float64],
) -> Iterator[tuple[int, NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]]:
    """Rows lo..hi - 1 with their (col, cosine) entries ranked: rounded cosine down, then
    column up; one sort by (row, -rank, column) gives each row's ranking."""
    ranks = np.round(vals, RANK_DECIMALS)
    order = np.lexsort((cols, -ranks, rows))
    cols, vals, ranks = cols[order], vals[order], ranks[order]
    bounds = np.searchsorted(rows[order], np.arange(lo, hi + 1)).tolist()
    for r in range(hi - lo):
        start, end = bounds[r], bounds[r + 1]
        yield lo + r, cols[start:end], vals[start:end], ranks[start:end]


# The fewest rows `_ranked_rows` multiplies at once.
_MIN_BLOCK = 256


def top_k_pairs(
    x: sparse.csr_matrix, *, k: int = 10, min_cosine: float = 0.1, chunk: int = 2048
) -> dict[tuple[int, int], float]:
    """Pairs (i < j) among each row's k most similar rows, with their cosine.

    Cosines equal to `RANK_DECIMALS` decimals tie, and a tie at the k-th place goes to
    the lower row number, so the pairs do not depend on the order of floating sums.

    Pairs that share no term (cosine 0) never appear, so `min_cosine` should be above 0.

    Works in row chunks so memory stays O(chunk x n) of sparse products, not n x n dense.
    """
    pairs: dict[tuple[int, int], float] = {}
    for i, cols, vals, _ranks in _ranked_rows(x, min_cosine, chunk):
        for j, v in zip(cols[:k].tolist(), vals[:k].tolist(), strict=True):
            pairs[(i, j) if i < j else (j, i)] = min(1.0, float(v))
    return pairs


def top_k_pairs_of_copies(
    x: sparse.csr_matrix,
    keys: Sequence[str],
    *,
    k: int = 10,
    min_cosine: float = 0.1,
    chunk: int = 2048,
) -> dict[tuple[int, int], float]:
    """`top_k_pairs(x)` when rows with equal `keys` are equal: the same pairs and cosines,
    with the sparse product over the distinct rows only.

    Copies make the product quadratic: 20 copies of a sentence are 400 pairs of rows
    that each share every term. Here each distinct row is ranked once against the other
    distinct rows, and its copies take their k partners from that one list (copies of
    themselves, at the copies' cosine, rank as any other row would).
    """
    members: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        members.setdefault(key, []).append(row)
    if len(members) == len(keys):
        # No copies: each row's list below is its own k best, in the same order.
        return top_k_pairs(x, k=k, min_cosine=min_cosine, chunk=chunk)
    groups = list(members.values())
    reps = np.array([g[0] for g in groups], dtype=np.int64)
    xu = sparse.csr_matrix(x[reps])
    self_vals = np.asarray(xu.multiply(xu).sum(axis=1)).ravel()
    pairs: dict[tuple[int, int], float] = {}
    for g, cols, vals, ranks in _ranked_rows(xu, min_cosine, chunk):
        own = groups[g]
        # Enough distinct neighbours to fill k places: the k best and any tied with the k-th.
        if len(ranks) > k:
            cols, vals, ranks = (a[ranks >= ranks[k - 1]] for a in (cols, vals, ranks))
        # (-rank, row, cosine) of the best k + 1 rows of each neighbour and of the copies.
        entries = [
            (-float(rk), row, float(v))
            for h, v, rk in zip(cols.tolist(), vals.tolist(), ranks.tolist(), strict=True)
            for row in groups[h][: k + 1]
        ]
        self_rank = round(float(self_vals[g]), RANK_DECIMALS)
        if len(own) > 1 and self_rank >= min_cosine:
            entries += [(-self_rank, row, float(self_vals[g])) for row in own[: k + 1]]
        entries.sort()
        best = [(j, min(1.0, v)) for _, j, v in entries[: k + 1]]
        # A row not among the best has them all but the last; only the others differ.
        among = {j for j, _ in best}
        for i in own:
            chosen = [e for e in best if e[0] != i][:k] if i in among else best[:k]
            for j, v in chosen:
                pairs[(i, j) if i < j else (j, i)] = v
    return pairs


def pair_cosines(
    x: sparse.csr_matrix, pairs: Sequence[tuple[int, int]], keys: Sequence[str] | None = None
) -> list[float]:
    """Cosine of each (i, j) in one sparse operation instead of one slice per pair.

    With `keys` (rows with equal keys are equal rows, as `top_k_pairs_of_copies` has
    them), each distinct pair of rows is multiplied once: the same products in the same
    order, so the same floats (copies of a question make most pairs repeats).
    """
    if not pairs:
        return []
    rows = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    if keys is not None:
        first: dict[str, int] = {}
        rep = np.fromiter((first.setdefault(k, r) for r, k in enumerate(keys)), np.int64, len(keys))
        if len(first) < len(keys):
            n = len(keys)
            distinct, which = np.unique(rep[rows] * n + rep[cols], return_inverse=True)
            if len(distinct) < len(pairs):
                firsts, seconds = (distinct // n).tolist(), (distinct % n).tolist()
                once = pair_cosines(x, list(zip(firsts, seconds, strict=True)))
                cosines: list[float] = np.asarray(once)[which.reshape(-1)].tolist()
                return cosines
    dots = np.asarray(x[rows].multiply(x[cols]).sum(axis=1)).ravel()
    return [float(v) for v in dots]


def all_pairs_reference(x: sparse.csr_matrix, *, min_cosine: float = 0.1) -> set[tuple[int, int]]:
    """The slow obvious version: every pair over the threshold (for tests and benchmarks)."""
    dense = (x @ x.T).toarray()
    n = dense.shape[0]
    return {(i, j) for i in range(n) for j in range(i + 1, n) if dense[i, j] >= min_cosine}


def pairs_by_kind(
    pairs: Collection[tuple[int, int]], kind: Sequence[int]
) -> tuple[list[int], list[int], list[int], list[tuple[int, int]]]:
    """`pairs` (i < j) in sorted order, as their first and second items, with the slot of
    each pair's kinds (`(kind[i], kind[j])`, numbered in the order each is first met) and
    those kind pairs in slot order.

    Array operations on codes `i * n + j` in place of sorting tuples and a dict lookup
    per pair: a 1 MB paragraph of one repeated question makes 76 491 candidate pairs.
    """
    n = len(kind)
    codes = np.sort(np.fromiter((i * n + j for i, j in pairs), np.int64, len(pairs)))
    # Distinct by hand: `np.unique` without return_* asks `np.ma.is_masked`, and the
    # first read of `np.ma` imports numpy.ma (34 ms of every run, for nothing).
    codes = codes[np.append(True, codes[1:] != codes[:-1])] if len(codes) else codes
    firsts, seconds = codes // n, codes % n
    kinds = np.asarray(kind, dtype=np.int64)
    kind_codes = kinds[firsts] * n + kinds[seconds]
    distinct, first_at, which = np.unique(kind_codes, return_index=True, return_inverse=True)
    # Distinct codes have distinct first places: this order has no ties.
    order = np.argsort(first_at)
    slot = np.empty_like(order)
    slot[order] = np.arange(len(order))
    ordered = distinct[order]
    return (
        firsts.tolist(),
        seconds.tolist(),
        slot[which.reshape(-1)].tolist(),
        list(zip((ordered // n).tolist(), (ordered % n).tolist(), strict=True)),
    )
