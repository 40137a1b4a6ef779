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
from functools import cache

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
    va: dict[tuple[int, str], float] = {}
    vb: dict[tuple[int, str], float] = {}
    for block, (analyze, weight) in enumerate(zip(_analyzers(), (1.0, word_weight), strict=True)):
        ca, cb = Counter(analyze(a)), Counter(analyze(b))
        for mine, other, out in ((ca, cb, va), (cb, ca, vb)):
            row = {
                t: (1.0 + math.log(n)) * (1.0 if t in other else _IDF_ONE) for t, n in mine.items()
            }
            norm = math.sqrt(sum(w * w for w in row.values()))
            if norm:
                out.update({(block, t): weight * w / norm for t, w in row.items()})
    na = math.sqrt(sum(w * w for w in va.values()))
    nb = math.sqrt(sum(w * w for w in vb.values()))
    if not na or not nb:
        return 0.0
    return sum(w * vb[t] for t, w in va.items() if t in vb) / (na * nb)


# Smooth idf of a term in one of two documents: ln((1 + 2) / (1 + 1)) + 1 (in both: 1).
_IDF_ONE = math.log(1.5) + 1.0
