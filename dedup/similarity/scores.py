"""One documented similarity score per pair, from rapidfuzz and the TF-IDF cosine."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

# score = W_COSINE * cosine + W_ORDERED * ordered + W_SET * token_set
# - cosine: TF-IDF (char 3-5 grams + words), robust to inflection and compounds;
# - ordered: max(ratio, token_sort_ratio) / 100, same words in (nearly) the same form;
# - token_set: token_set_ratio / 100, one question's words inside the other's.
W_COSINE = 0.4
W_ORDERED = 0.3
W_SET = 0.3


@dataclass(frozen=True, slots=True)
class PairScore:
    cosine: float
    ordered: float
    token_set: float
    score: float


def score_pair(a: str, b: str, cosine: float) -> PairScore:
    """Combine the cosine with rapidfuzz measures on comparison forms `a` and `b`."""
    ordered = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0
    token_set = fuzz.token_set_ratio(a, b) / 100.0
    score = W_COSINE * cosine + W_ORDERED * ordered + W_SET * token_set
    return PairScore(cosine, ordered, token_set, round(score, 4))
