"""One documented similarity score per question pair, from rapidfuzz and the TF-IDF cosine.

The single document (dedup.compare) and the corpus index (dedup.corpus) both score
question pairs with `score_pair`; the weights are Settings' (cosine_weight, ordered_weight,
set_weight), so one threshold means one thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """`score_pair` for two forms met outside a document (the corpus index): the cosine
    comes from TF-IDF over the two forms alone."""
    from dedup.similarity.candidates import pair_cosines, tfidf_matrix

    if a == b:
        return score_pair(a, b, 1.0, settings)
    x = tfidf_matrix([a, b], word_weight=settings.word_ngram_weight)
    return score_pair(a, b, min(1.0, pair_cosines(x, [(0, 1)])[0]), settings)
