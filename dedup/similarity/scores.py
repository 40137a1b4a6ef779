"""One documented similarity score per question pair, from rapidfuzz and the TF-IDF cosine.

The single document (dedup.compare) and the corpus index (dedup.corpus) both score
question pairs with `score_pair`; the weights are Settings' (cosine_weight, ordered_weight,
set_weight), so one threshold means one thing everywhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import mul

from rapidfuzz import fuzz

from dedup.settings import Settings

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


def score_texts(a: str, b: str, settings: Settings = _DEFAULT) -> PairScore:
    """`score_pair` for two forms met outside a document (the corpus index, the parts of a
    compound question): the cosine comes from TF-IDF over the two forms alone."""
    if a == b:
        return score_pair(a, b, 1.0, settings)
    return score_pair(a, b, min(1.0, two_text_cosine(a, b, settings.word_ngram_weight)), settings)


@cache
def _analyzers() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """The tokenisers of `candidates.tfidf_matrices` (character 3-5-grams, word 1-2-grams)."""
    from dedup.similarity.vectorizers import count_vectorizer

    chars = count_vectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    words = count_vectorizer(analyzer="word", ngram_range=(1, 2)).build_analyzer()
    return chars, words


def two_text_cosine(a: str, b: str, word_weight: float) -> float:
    """The cosine `tfidf_matrix([a, b])` gives, computed directly for two texts.

    A compound question's parts are scored against every candidate question: fitting
    scikit-learn's vectorizers once per pair cost 14 ms a pair (6.5 s on the sample);
    this is the same arithmetic (sublinear tf, smooth idf over two documents, each
    block L2-normalised, words weighted, the row L2-normalised) on two bags of terms.
    """
    # Per block, each text's weights in its own term order; every sum below adds the same
    # products in the same order as one loop over (block, term) would, so the cosine is
    # the same to the last bit. map(mul) instead of generators: the same floats, faster.
    va: list[dict[str, float]] = []
    vb: list[dict[str, float]] = []
    for ta, tb, weight in zip(_sublinear_tf(a), _sublinear_tf(b), (1.0, word_weight), strict=True):
        for mine, other, out in ((ta, tb, va), (tb, ta, vb)):
            row = [tf * (1.0 if t in other else _IDF_ONE) for t, tf in mine.items()]
            norm = math.sqrt(sum(map(mul, row, row)))
            out.append(
                dict(zip(mine, [weight * w / norm for w in row], strict=True)) if norm else {}
            )
    wa = list(chain.from_iterable(block.values() for block in va))
    wb = list(chain.from_iterable(block.values() for block in vb))
    na = math.sqrt(sum(map(mul, wa, wa)))
    nb = math.sqrt(sum(map(mul, wb, wb)))
    if not na or not nb:
        return 0.0
    dot = sum(
        w * other[t]
        for mine, other in zip(va, vb, strict=True)
        for t, w in mine.items()
        if t in other
    )
    return dot / (na * nb)


@lru_cache(maxsize=4096)
def _sublinear_tf(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """1 + ln(count) of each character n-gram and each word n-gram of `text`, in the order
    the tokenisers first meet them (the order of the sums above, so results do not change).

    Cached: one text meets many others (a part of a compound question is scored against
    each candidate, a candidate against each part), and tokenising was most of the cost.
    The callers only read the dicts.
    """
    chars, words = _analyzers()
    return (
        {t: 1.0 + math.log(n) for t, n in Counter(chars(text)).items()},
        {t: 1.0 + math.log(n) for t, n in Counter(words(text)).items()},
    )


# Smooth idf of a term in one of two documents: ln((1 + 2) / (1 + 1)) + 1 (in both: 1).
_IDF_ONE = math.log(1.5) + 1.0
