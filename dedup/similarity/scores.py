"""One documented similarity score per question pair, from rapidfuzz and the TF-IDF cosine.

The single document (dedup.compare) and the corpus index (dedup.corpus) both score
question pairs with `score_pair`; the weights are Settings' (cosine_weight, ordered_weight,
set_weight), so one threshold means one thing everywhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from dedup.settings import Settings
from dedup.similarity.ngrams import char_wb_ngrams, word_ngrams

_DEFAULT = Settings()


@dataclass(frozen=True, slots=True)
class PairScore:
    cosine: float
    ordered: float
    token_set: float
    score: float


def score_pair(a: str, b: str, cosine: float, settings: Settings = _DEFAULT) -> PairScore:
    """Combine the cosine with rapidfuzz measures on comparison forms `a` and `b`.

    - cosine: TF-IDF (char 3-5 grams + words), robust to inflection and compounds;
    - ordered: max(ratio, token_sort_ratio) / 100, same words in (nearly) the same form;
    - token_set: token_set_ratio / 100, one question's words inside the other's.
    """
    ordered = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0
    token_set = fuzz.token_set_ratio(a, b) / 100.0
    score = (
        settings.cosine_weight * cosine
        + settings.ordered_weight * ordered
        + settings.set_weight * token_set
    )
    return PairScore(cosine, ordered, token_set, round(score, 4))


def score_pairs(
    a: Sequence[str], b: Sequence[str], cosines: Sequence[float], settings: Settings = _DEFAULT
) -> list[PairScore]:
    """`score_pair(a[k], b[k], cosines[k], settings)` of each k, the same values to the bit.

    A document's candidate pairs are scored together: one `process.cpdist` call per
    rapidfuzz measure (the scorers `score_pair` calls, element-wise over two lists), each
    distinct pair of texts once (copies of a question repeat pairs), and the weighted sum
    in numpy, which adds and multiplies as the Python floats of `score_pair` do (no fused
    multiply-add; tests/test_scores_batch.py checks it against `score_pair`). One call per
    pair cost 10 us of Python each: 0.8 s of a document with 77 000 candidate pairs.
    """
    n = len(cosines)
    if n <= 1:  # the corpus scores one pair at a time: three cpdist calls cost 25 us
        return [score_pair(x, y, c, settings) for x, y, c in zip(a, b, cosines, strict=True)]
    slot: dict[tuple[str, str], int] = {}
    which = np.fromiter(
        (slot.setdefault(p, len(slot)) for p in zip(a, b, strict=True)), np.int64, n
    )
    firsts = [p[0] for p in slot]
    seconds = [p[1] for p in slot]

    def measure(scorer: Callable[..., float]) -> NDArray[np.float64]:
        # float64: cpdist's default for similarities is float32, which would round them.
        out: NDArray[np.float64] = process.cpdist(firsts, seconds, scorer=scorer, dtype=np.float64)
        return out

    ordered = (np.maximum(measure(fuzz.ratio), measure(fuzz.token_sort_ratio)) / 100.0)[which]
    token_set = (measure(fuzz.token_set_ratio) / 100.0)[which]
    score = (
        settings.cosine_weight * np.asarray(cosines, dtype=np.float64)
        + settings.ordered_weight * ordered
        + settings.set_weight * token_set
    )
    # Python's round (correctly rounded decimals), not numpy's scaled rint: score_pair's.
    return [
        PairScore(c, o, t, round(s, 4))
        for c, o, t, s in zip(
            cosines, ordered.tolist(), token_set.tolist(), score.tolist(), strict=True
        )
    ]


def score_texts(a: str, b: str, settings: Settings = _DEFAULT) -> PairScore:
    """`score_pair` for two forms met outside a document (the corpus index, the parts of a
    compound question): the cosine comes from TF-IDF over the two forms alone."""
    return score_text_pairs([(a, b)], settings)[0]


def score_text_pairs(
    pairs: Sequence[tuple[str, str]], settings: Settings = _DEFAULT
) -> list[PairScore]:
    """`score_texts` of each pair, the cosines of all of them computed together."""
    cosines = iter(
        two_text_cosines([(a, b) for a, b in pairs if a != b], settings.word_ngram_weight)
    )
    return score_pairs(
        [a for a, _ in pairs],
        [b for _, b in pairs],
        [1.0 if a == b else min(1.0, next(cosines)) for a, b in pairs],
        settings,
    )


def two_text_cosine(a: str, b: str, word_weight: float) -> float:
    """The cosine `tfidf_matrix([a, b])` gives, computed directly for two texts."""
    return two_text_cosines([(a, b)], word_weight)[0]


# Pairs per batch of `two_text_cosines`: bounds the padded grids of `_sequential_sums`.
_BATCH = 512


def two_text_cosines(pairs: Sequence[tuple[str, str]], word_weight: float) -> list[float]:
    """`two_text_cosine` of each pair.

    A compound question's parts are scored against every candidate question: fitting
    scikit-learn's vectorizers once per pair cost 14 ms a pair (6.5 s on the sample);
    this is the same arithmetic (sublinear tf, smooth idf over two documents, each
    block L2-normalised, words weighted, the row L2-normalised) on two bags of terms,
    for all pairs at once in numpy (a loop per pair was 0.1 ms a pair).

    Each text's terms are taken in the order the tokenisers first meet them, and every
    sum adds left to right in that order, block by block, as a plain loop over (block,
    term) does, so each cosine is that loop's to the last bit (tests/test_similarity.py).
    """
    out: list[float] = []
    for lo in range(0, len(pairs), _BATCH):
        out += _cosines(pairs[lo : lo + _BATCH], word_weight)
    return out


def _cosines(pairs: Sequence[tuple[str, str]], word_weight: float) -> list[float]:
    n = len(pairs)
    if n == 1:
        return [_one_cosine(*pairs[0], word_weight)]
    if not n:
        return []
    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    slot = dict(zip(texts, range(len(texts)), strict=True))
    a = np.fromiter((slot[x] for x, _ in pairs), np.int64, n)
    b = np.fromiter((slot[y] for _, y in pairs), np.int64, n)
    # Per block: the squared weights of each pair's first and second text, and the
    # products of the weights of the terms they share; with the pair of each value.
    squares_a, squares_b, products = _Sums(), _Sums(), _Sums()
    for block, weight in ((0, 1.0), (1, word_weight)):
        terms = _Block([_sublinear_tf(t)[block] for t in texts])
        pair_a, at_a = terms.of(a)
        pair_b, at_b = terms.of(b)
        # A term's key within its pair; a text has each term once, so keys do not repeat.
        key_a = pair_a * terms.size + terms.ids[at_a]
        key_b = pair_b * terms.size + terms.ids[at_b]
        # The order that sorts `key_b`, from each text's own sorted order (`_Block.by_id`):
        # pairs are contiguous and in order, so within a pair only the ids need sorting.
        order_b = np.arange(len(key_b), dtype=np.int64) + (terms.by_id[at_b] - at_b)
        found = np.searchsorted(key_b[order_b], key_a).clip(max=max(0, len(key_b) - 1))
        in_b = key_b[order_b][found] == key_a if len(key_b) else np.zeros(len(key_a), bool)
        # The second text's terms that a first text's term found (keys are unique in a pair).
        in_a = np.zeros(len(key_b), dtype=bool)
        in_a[order_b[found[in_b]]] = True
        xa = _weights(terms, at_a, pair_a, in_b, n, weight)
        xb = _weights(terms, at_b, pair_b, in_a, n, weight)
        squares_a.add(xa * xa, pair_a)
        squares_b.add(xb * xb, pair_b)
        # The shared terms in the first text's order, times their weight in the second.
        products.add(xa[in_b] * xb[order_b[found[in_b]]], pair_a[in_b])
    na = np.sqrt(squares_a.total(n))
    nb = np.sqrt(squares_b.total(n))
    dot = products.total(n)
    empty = (na == 0) | (nb == 0)
    cosine = np.divide(dot, na * nb, out=np.zeros(n), where=~empty)
    cosines: list[float] = cosine.tolist()
    return cosines


def _one_cosine(a: str, b: str, word_weight: float) -> float:
    """`_cosines` of one pair: the same operations in the same order, without the batch's
    bookkeeping (the corpus scores pairs one at a time; a batch of one cost 0.5 ms)."""
    ta, tb = _sublinear_tf(a), _sublinear_tf(b)
    squares_a: list[NDArray[np.float64]] = []
    squares_b: list[NDArray[np.float64]] = []
    products: list[NDArray[np.float64]] = []
    for block, weight in ((0, 1.0), (1, word_weight)):
        xa, xb = ta[block], tb[block]
        in_b = np.fromiter(map(xb.column.__contains__, xa.terms), bool, len(xa.terms))
        in_a = np.fromiter(map(xa.column.__contains__, xb.terms), bool, len(xb.terms))
        wa = _one_block(xa, in_b, weight)
        wb = _one_block(xb, in_a, weight)
        squares_a.append(wa * wa)
        squares_b.append(wb * wb)
        shared = np.fromiter(map(xb.column.__getitem__, compress(xa.terms, in_b)), np.int64)
        products.append(wa[in_b] * wb[shared])
    na = math.sqrt(_added(squares_a))
    nb = math.sqrt(_added(squares_b))
    if not na or not nb:
        return 0.0
    return _added(products) / (na * nb)


def _one_block(terms: _Terms, shared: NDArray[np.bool_], weight: float) -> NDArray[np.float64]:
    w = _Weights(np.array(terms.tf, dtype=np.float64))
    norm = math.sqrt(_added([np.where(shared, w.tf_squared, w.tf_idf_squared)]))
    weights: NDArray[np.float64] = weight * np.where(shared, w.tf, w.tf_idf)
    return weights / norm if norm else weights[:0]


def _added(values: list[NDArray[np.float64]]) -> float:
    """The values left to right, one addition at a time (`_sequential_sums` of one pair)."""
    flat = np.concatenate(values)
    return float(np.cumsum(flat)[-1]) if len(flat) else 0.0


class _Block:
    """One block (character or word n-grams) of the distinct texts of a batch: each text's
    terms as ids, in the order the tokenisers first meet them, one text after another."""

    def __init__(self, per_text: list[_Terms]) -> None:
        self.lengths = np.fromiter((len(t.terms) for t in per_text), np.int64, len(per_text))
        self.starts = np.cumsum(self.lengths) - self.lengths
        # Numbered by C loops (dict.fromkeys, zip, map), not one Python step per term.
        names = dict.fromkeys(chain.from_iterable(t.terms for t in per_text))
        number = dict(zip(names, range(len(names)), strict=True))
        every = chain.from_iterable(t.terms for t in per_text)
        self.ids = np.fromiter(map(number.__getitem__, every), np.int64, int(self.lengths.sum()))
        self.size = max(1, len(names))
        # Where in `ids` each text's terms sit in order of id: by_id[starts[t] + m] is the
        # place of text t's m-th smallest id (ids are unique within a text: no ties).
        text_of = np.repeat(np.arange(len(per_text), dtype=np.int64), self.lengths)
        self.by_id = np.argsort(text_of * self.size + self.ids)
        # The weights of all texts at once: element-wise, so the floats each text's own
        # arrays would hold, without five small numpy operations per text.
        tf = np.fromiter(
            chain.from_iterable(t.tf for t in per_text), np.float64, int(self.lengths.sum())
        )
        w = _Weights(tf)
        self.tf, self.tf_idf = w.tf, w.tf_idf
        self.tf_squared, self.tf_idf_squared = w.tf_squared, w.tf_idf_squared

    def of(self, texts: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """For the texts of each pair, all their terms: the pair, and where in `ids`."""
        lengths = self.lengths[texts]
        pair = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        offset = np.repeat(self.starts[texts] - (np.cumsum(lengths) - lengths), lengths)
        return pair, offset + np.arange(len(pair), dtype=np.int64)


def _weights(
    terms: _Block,
    at: NDArray[np.int64],
    pair: NDArray[np.int64],
    shared: NDArray[np.bool_],
    n: int,
    weight: float,
) -> NDArray[np.float64]:
    """One block's L2-normalised, weighted TF-IDF of each pair's text: a term both texts
    hold has idf 1, a term only this one holds `_IDF_ONE`."""
    squares = np.where(shared, terms.tf_squared[at], terms.tf_idf_squared[at])
    norm = np.sqrt(_sequential_sums([squares], [pair], n))
    # A text without terms in this block has no elements here, so no 0 / 0.
    weights: NDArray[np.float64] = weight * np.where(shared, terms.tf[at], terms.tf_idf[at])
    return weights / norm[pair]


class _Sums:
    """Values of pairs, in arrays added one after another, summed per pair left to right
    (as a loop `total += v` does, not numpy's pairwise sum)."""

    def __init__(self) -> None:
        self.values: list[NDArray[np.float64]] = []
        self.pairs: list[NDArray[np.int64]] = []

    def add(self, values: NDArray[np.float64], pairs: NDArray[np.int64]) -> None:
        """`values[m]` belongs to pair `pairs[m]`, non-decreasing."""
        self.values.append(values)
        self.pairs.append(pairs)

    def total(self, n: int) -> NDArray[np.float64]:
        return _sequential_sums(self.values, self.pairs, n)


def _sequential_sums(
    values: list[NDArray[np.float64]], pairs: list[NDArray[np.int64]], n: int
) -> NDArray[np.float64]:
    """Per pair, its values of `values[0]`, then of `values[1]`, ..., added left to right,
    0.0 for a pair without values; `pairs[k][m]` is the pair of `values[k][m]`.

    Each pair's values are laid out along a row of zeros and summed by a cumulative sum
    along the row (adding 0.0 to a sum of non-negative values changes nothing). Rows go
    into grids of `_ROWS` pairs of similar length, so that little of a grid is padding.
    """
    flat = np.concatenate(values)
    sums = np.zeros(n)
    if not len(flat):
        return sums
    pair = np.concatenate(pairs)
    # Position in the row: after the pair's values in the earlier arrays, then in this one.
    position = np.empty(len(flat), dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    lo = 0
    for p in pairs:
        here = np.bincount(p, minlength=n)
        first = np.cumsum(here) - here
        position[lo : lo + len(p)] = counts[p] + np.arange(len(p)) - first[p]
        counts += here
        lo += len(p)
    # Grids of pairs with similar numbers of values: pairs in order of that number.
    rows = np.argsort(counts, kind="stable")
    row_of = np.empty(n, dtype=np.int64)
    row_of[rows] = np.arange(n, dtype=np.int64)
    row = row_of[pair]
    # All grids in one buffer, one after another, each value scattered straight to its
    # cell (no sort of the values by row); grid g holds rows g * _ROWS onwards.
    tops = np.arange(0, n, _ROWS)
    heights = np.minimum(_ROWS, n - tops)
    widths = counts[rows[tops + heights - 1]]
    offsets = np.cumsum(heights * widths) - heights * widths
    grid_of = row // _ROWS
    cells = np.zeros(int((heights * widths).sum()))
    cells[offsets[grid_of] + (row - grid_of * _ROWS) * widths[grid_of] + position] = flat
    for top, height, width, offset in zip(
        tops.tolist(), heights.tolist(), widths.tolist(), offsets.tolist(), strict=True
    ):
        if width:
            grid = cells[offset : offset + height * width].reshape(height, width)
            sums[rows[top : top + height]] = np.cumsum(grid, axis=1)[:, -1]
    return sums


# Pairs per grid of `_sequential_sums`.
_ROWS = 32


@dataclass(frozen=True, slots=True)
class _Terms:
    """One block (character or word n-grams) of a text: its terms in the order the
    tokenisers first meet them, and 1 + ln(count) per term."""

    terms: tuple[str, ...]
    column: dict[str, int]  # each term's place in `terms`
    tf: tuple[float, ...]


class _Weights:
    """Sublinear tf values, times `_IDF_ONE` and squared, as `two_text_cosines` needs them."""

    def __init__(self, tf: NDArray[np.float64]) -> None:
        self.tf = tf
        self.tf_idf = tf * _IDF_ONE
        self.tf_squared = tf * tf
        self.tf_idf_squared = self.tf_idf * self.tf_idf


def _terms(grams: list[str]) -> _Terms:
    counts = Counter(grams)
    # math.log, not numpy's: the log of the per-term loop this replaces, to the last bit.
    terms = tuple(counts)
    column = dict(zip(terms, range(len(terms)), strict=True))
    return _Terms(terms, column, tuple(map(_SUBLINEAR.__getitem__, counts.values())))


class _Sublinear(dict[int, float]):
    """1 + ln(count) by count, each computed once: a dict's own lookup (in C, from
    `map`) per term, where an lru_cache'd function cost a Python call per term (half the
    time of `_terms`). A handful of distinct counts, however long the texts."""

    def __missing__(self, count: int) -> float:
        value = self[count] = 1.0 + math.log(count)
        return value


_SUBLINEAR = _Sublinear()


@lru_cache(maxsize=4096)
def _sublinear_tf(text: str) -> tuple[_Terms, _Terms]:
    """The character n-grams and the word n-grams of `text`, with their sublinear tf.

    Cached: one text meets many others (a part of a compound question is scored against
    each candidate, a candidate against each part), and tokenising was most of the cost.
    The callers only read the result.
    """
    return _terms(char_wb_ngrams(text)), _terms(word_ngrams(text))


# Smooth idf of a term in one of two documents: ln((1 + 2) / (1 + 1)) + 1 (in both: 1).
_IDF_ONE = math.log(1.5) + 1.0
