"""find_reuse's faster bookkeeping gives what the straightforward version gives.

The reference below is find_reuse as it was written before: a dict of dicts per pair of
answers, `_coverage` per side and one `fuzz.ratio` of the two whole answers per pair.
The fast version measures the whole answers only where reuse_kind's answer depends on
them, and with a score cut-off; both must give the same Reuse records to the bit, on
answers made of the sample's own answers: copies, shuffled and reworded copies, passages
pasted into other answers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from dedup.model import Segmentation
from dedup.parse.sentences import split_sentences
from dedup.settings import Settings
from dedup.similarity.candidates import tfidf_matrix, top_k_pairs_of_copies
from dedup.similarity.reuse import Reuse, _sentences, find_reuse, reuse_kind


def reference_find_reuse(texts: Sequence[str], settings: Settings) -> list[Reuse]:
    """find_reuse before its bookkeeping was made fast (the same candidates)."""
    owners: list[tuple[int, int]] = []
    forms: list[str] = []
    per_answer: list[list[str]] = []
    for i, text in enumerate(texts):
        sents = _sentences(text, settings.min_sentence_chars)
        per_answer.append(sents)
        for k, s in enumerate(sents):
            owners.append((i, k))
            forms.append(s)
    if len(forms) < 2:
        return []
    pairs = top_k_pairs_of_copies(
        tfidf_matrix(forms, word_weight=settings.word_ngram_weight),
        forms,
        k=settings.sentence_top_k,
        min_cosine=settings.sentence_candidate_cosine,
    )
    matched: dict[tuple[int, int], dict[str, dict[int, float]]] = {}
    for u, v in pairs:
        (ia, ka), (ib, kb) = owners[u], owners[v]
        if ia == ib:
            continue
        ratio = fuzz.ratio(forms[u], forms[v])
        if ratio < settings.sentence_ratio:
            continue
        if ia > ib:
            ia, ib, ka, kb = ib, ia, kb, ka
        m = matched.setdefault((ia, ib), {"a": {}, "b": {}})
        m["a"][ka] = max(m["a"].get(ka, 0.0), ratio)
        m["b"][kb] = max(m["b"].get(kb, 0.0), ratio)
    out: list[Reuse] = []
    for (ia, ib), m in sorted(matched.items()):
        cov_a = _coverage(per_answer[ia], m["a"])
        cov_b = _coverage(per_answer[ib], m["b"])
        ratios = list(m["a"].values()) + list(m["b"].values())
        sim = sum(ratios) / len(ratios)
        shared_chars = min(
            sum(len(per_answer[ia][k]) for k in m["a"]), sum(len(per_answer[ib][k]) for k in m["b"])
        )
        whole = fuzz.ratio(" ".join(per_answer[ia]), " ".join(per_answer[ib]))
        kind = reuse_kind(cov_a, cov_b, sim, len(m["a"]), shared_chars, settings, whole=whole)
        if kind == "near-verbatim" and min(cov_a, cov_b) < settings.near_verbatim_coverage:
            cov_a, cov_b, sim = 1.0, 1.0, whole
        if kind is not None:
            out.append(Reuse(ia, ib, round(cov_a, 3), round(cov_b, 3), round(sim, 1), kind))
    return out


def _coverage(sentences: list[str], matched: dict[int, float]) -> float:
    total = sum(len(s) for s in sentences) or 1
    return sum(len(sentences[k]) for k in matched) / total


_SYNONYMS = ["circa", "ongeveer", "voorziening", "gemeenten", "regeling", "daarnaast"]


def _reworded(rng: random.Random, sentences: list[str]) -> list[str]:
    """Each sentence with at most two words replaced, or dropped, or kept."""
    out = []
    for s in sentences:
        words = s.split()
        for _ in range(rng.randint(0, 2)):
            words[rng.randrange(len(words))] = rng.choice(_SYNONYMS)
        if rng.random() > 0.1:
            out.append(" ".join(words))
    return out or sentences[:1]


def _answers(seg: Segmentation, seed: int) -> list[str]:
    """A dozen answers drawn from the sample's, and variants of them."""
    rng = random.Random(seed)
    pool = [a.text for a in seg.answers if len(a.text) > 40]
    out: list[str] = []
    for _ in range(12):
        base = [s.text for s in split_sentences(rng.choice(pool))]
        choice = rng.random()
        if choice < 0.2 or not out:
            out.append(" ".join(base))
        elif choice < 0.4:
            out.append(rng.choice(out))  # a verbatim copy
        elif choice < 0.7:
            other = [s.text for s in split_sentences(rng.choice(out))]
            rng.shuffle(other)
            out.append(" ".join(_reworded(rng, other)))
        else:
            # A passage of another answer pasted into this one.
            other = [s.text for s in split_sentences(rng.choice(out))]
            lo = rng.randrange(len(other))
            at = rng.randrange(len(base) + 1)
            out.append(" ".join(base[:at] + other[lo : lo + rng.randint(1, 3)] + base[at:]))
    return out


def test_find_reuse_matches_the_reference(seg: Segmentation) -> None:
    settings = Settings()
    kinds: set[str] = set()
    for seed in range(40):
        texts = _answers(seg, seed)
        found = find_reuse(texts, settings)
        assert found == reference_find_reuse(texts, settings), seed
        kinds |= {r.kind for r in found}
    # The draws reach every kind, so each branch of the bookkeeping was compared.
    assert kinds == {"verbatim", "near-verbatim", "partial"}


def test_find_reuse_matches_the_reference_on_loose_settings(seg: Segmentation) -> None:
    """Lower bars: more pairs where only the whole answers' ratio decides."""
    settings = Settings(sentence_ratio=60.0, partial_chars=20, sentence_candidate_cosine=0.2)
    for seed in range(15):
        texts = _answers(seg, 100 + seed)
        assert find_reuse(texts, settings) == reference_find_reuse(texts, settings), seed


shares = st.floats(min_value=0.0, max_value=1.0)


@given(
    cov_a=shares,
    cov_b=shares,
    sim=st.floats(min_value=0.0, max_value=100.0),
    shared=st.integers(min_value=1, max_value=5),
    chars=st.integers(min_value=0, max_value=2000),
    whole=st.floats(min_value=0.0, max_value=100.0),
)
def test_whole_only_matters_where_its_extremes_differ(
    cov_a: float, cov_b: float, sim: float, shared: int, chars: int, whole: float
) -> None:
    """find_reuse skips the whole answers' ratio where reuse_kind gives one kind with it at
    0 and at 100: then any ratio gives that kind."""
    settings = Settings()
    low = reuse_kind(cov_a, cov_b, sim, shared, chars, settings, whole=0.0)
    if low == reuse_kind(cov_a, cov_b, sim, shared, chars, settings, whole=100.0):
        assert reuse_kind(cov_a, cov_b, sim, shared, chars, settings, whole=whole) == low
