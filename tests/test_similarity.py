"""Similarity: TF-IDF top-k candidates against the dense reference, answer reuse, pair scores."""

from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy import sparse

from dedup.model import Answer, Segmentation
from dedup.parse.sentences import split_sentences
from dedup.similarity.candidates import (
    RANK_DECIMALS,
    all_pairs_reference,
    pair_cosines,
    tfidf_matrices,
    tfidf_matrix,
    top_k_pairs,
    top_k_pairs_of_copies,
)
from dedup.similarity.reuse import find_reuse
from dedup.similarity.scores import score_pair, two_text_cosine, two_text_cosines
from dedup.similarity.vectorizers import count_vectorizer, l2_normalize, tfidf_vectorizer

# A small vocabulary, so that random texts share words, character n-grams and whole texts.
VOCAB = [
    *("de", "het", "gemeenten", "opvang", "dakloze", "daklozen", "mensen"),
    *("staatssecretaris", "plan", "plannen", "woningen", "jongeren", "vrouwen"),
    *("regio", "aanpak", "zorg", "thuis", "wonen"),
]

texts_strategy = st.lists(
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8).map(" ".join),
    min_size=2,
    max_size=25,
)
min_cosines = st.sampled_from([0.05, 0.1, 0.2, 0.35, 0.5, 0.8])
# Cosines computed two ways (sparse products, dense product) may differ in the last bits.
EPS = 1e-9


def _dense(texts: list[str]) -> NDArray[np.float64]:
    x = tfidf_matrix(texts)
    return np.asarray((x @ x.T).toarray(), dtype=np.float64)


def _surely_in_top_k(dense: NDArray[np.float64], i: int, j: int, k: int, c: float) -> bool:
    """j is among i's k best partners (cosine >= c) however ties are broken."""
    target = dense[i, j]
    rivals = sum(
        1
        for m in range(dense.shape[0])
        if m not in (i, j) and dense[i, m] >= c and dense[i, m] >= target - EPS
    )
    return rivals < k


def _maybe_in_top_k(dense: NDArray[np.float64], i: int, j: int, k: int) -> bool:
    """j could be among i's k best partners under some tie-breaking."""
    target = dense[i, j]
    better = sum(1 for m in range(dense.shape[0]) if m not in (i, j) and dense[i, m] > target + EPS)
    return better < k


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy, k=st.integers(min_value=1, max_value=6), c=min_cosines)
def test_top_k_keeps_every_reference_pair_in_an_endpoints_top_k(
    texts: list[str], k: int, c: float
) -> None:
    """A reference pair ranked within the top-k of either endpoint is always a candidate."""
    x = tfidf_matrix(texts)
    dense = _dense(texts)
    got = top_k_pairs(x, k=k, min_cosine=c)
    for i, j in all_pairs_reference(x, min_cosine=c):
        if dense[i, j] < c + EPS:
            continue  # on the threshold: the sparse product may fall either side
        if _surely_in_top_k(dense, i, j, k, c) or _surely_in_top_k(dense, j, i, k, c):
            assert (i, j) in got, (i, j, dense[i, j])


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy, k=st.integers(min_value=1, max_value=6), c=min_cosines)
def test_top_k_returns_only_reference_pairs_with_dense_cosines(
    texts: list[str], k: int, c: float
) -> None:
    """Each candidate is an ordered reference pair in some endpoint's top-k, its cosine exact."""
    x = tfidf_matrix(texts)
    dense = _dense(texts)
    for (i, j), cos in top_k_pairs(x, k=k, min_cosine=c).items():
        assert i < j
        assert dense[i, j] >= c - EPS
        assert abs(cos - dense[i, j]) <= EPS
        assert 0.0 <= cos <= 1.0
        assert _maybe_in_top_k(dense, i, j, k) or _maybe_in_top_k(dense, j, i, k)


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy, c=min_cosines)
def test_top_k_with_k_at_least_n_minus_1_is_the_reference(texts: list[str], c: float) -> None:
    """With k >= n - 1 nothing is cut: the candidates are exactly the reference pairs."""
    x = tfidf_matrix(texts)
    dense = _dense(texts)
    n = len(texts)
    reference = all_pairs_reference(x, min_cosine=c)
    on_threshold = {
        (i, j) for i in range(n) for j in range(i + 1, n) if abs(dense[i, j] - c) <= EPS
    }
    for k in (n - 1, n, n + 5):
        got = set(top_k_pairs(x, k=k, min_cosine=c))
        assert got - on_threshold == reference - on_threshold


@settings(max_examples=100, deadline=None)
@given(
    texts=texts_strategy,
    picks=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=40),
)
def test_pair_cosines_equal_the_dense_product(
    texts: list[str], picks: list[tuple[int, int]]
) -> None:
    """pair_cosines gives the dense product's value for every requested pair, in order."""
    n = len(texts)
    pairs = [(i % n, j % n) for i, j in picks]
    dense = _dense(texts)
    got = pair_cosines(tfidf_matrix(texts), pairs)
    assert len(got) == len(pairs)
    for (i, j), cos in zip(pairs, got, strict=True):
        assert abs(cos - dense[i, j]) <= EPS


def _ranked_top_k(dense: NDArray[np.float64], k: int, c: float) -> set[tuple[int, int]]:
    """The obvious top-k: sort every partner by (rounded cosine desc, id), keep k."""
    pairs: set[tuple[int, int]] = set()
    n = dense.shape[0]
    for i in range(n):
        rounded = [(round(float(dense[i, j]), RANK_DECIMALS), j) for j in range(n) if j != i]
        ranked = sorted(((-v, j) for v, j in rounded if v >= c))[:k]
        pairs |= {(min(i, j), max(i, j)) for _, j in ranked}
    return pairs


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy, k=st.integers(min_value=1, max_value=6), c=min_cosines)
def test_top_k_breaks_ties_at_the_cut_off_by_id(texts: list[str], k: int, c: float) -> None:
    """Exactly the pairs of the sort-everything reference, ties going to the lower id."""
    # Repeated texts make exact ties at the cut-off.
    texts = texts + texts[: len(texts) // 2]
    x = tfidf_matrix(texts)
    assert set(top_k_pairs(x, k=k, min_cosine=c)) == _ranked_top_k(_dense(texts), k, c)


@settings(max_examples=100, deadline=None)
@given(texts=texts_strategy, k=st.integers(min_value=1, max_value=4), seed=st.integers(0, 99))
def test_top_k_does_not_depend_on_the_order_of_sums(texts: list[str], k: int, seed: int) -> None:
    """Shuffled columns (another summation order, other last bits) give the same pairs."""
    texts = texts + texts[::2]
    x = tfidf_matrix(texts)
    perm = np.random.default_rng(seed).permutation(x.shape[1])
    shuffled = sparse.csr_matrix(x[:, perm])
    assert set(top_k_pairs(shuffled, k=k, min_cosine=0.1)) == set(top_k_pairs(x, k=k))


@settings(max_examples=150, deadline=None)
@given(
    texts=texts_strategy,
    copies=st.lists(st.integers(min_value=0, max_value=24), max_size=40),
    k=st.integers(min_value=1, max_value=6),
    c=min_cosines,
)
def test_top_k_of_copies_equals_top_k_over_every_row(
    texts: list[str], copies: list[int], k: int, c: float
) -> None:
    """Ranking distinct rows once gives the pairs and cosines of ranking every copy."""
    # Many copies of a few texts, interleaved: groups larger than k, and ties at the cut-off.
    texts = texts + [texts[i % len(texts)] for i in copies] + [""]
    x = tfidf_matrix(texts)
    fast = top_k_pairs_of_copies(x, texts, k=k, min_cosine=c, chunk=7)
    slow = top_k_pairs(x, k=k, min_cosine=c)
    assert fast.keys() == slow.keys()
    for key, cos in slow.items():
        assert abs(fast[key] - cos) <= EPS


def _separate_fit(texts: list[str]) -> sparse.csr_matrix:
    """TF-IDF as fitted before the shared vocabulary: one pair of vectorizers per group."""
    chars = tfidf_vectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    words = tfidf_vectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
    x = sparse.hstack([chars.fit_transform(texts), 0.7 * words.fit_transform(texts)])
    return sparse.csr_matrix(l2_normalize(x.tocsr()))


@settings(max_examples=100, deadline=None)
@given(texts=texts_strategy, w=st.sampled_from([0.0, 0.3, 0.7, 1.0]))
def test_l2_normalize_is_sklearns_normalize_bit_for_bit(texts: list[str], w: float) -> None:
    """Our row normalising (which avoids loading sklearn.preprocessing) gives exactly the
    values of `sklearn.preprocessing.normalize`, the reference, on TF-IDF-like rows."""
    from sklearn.preprocessing import normalize

    chars = tfidf_vectorizer(analyzer="char_wb", ngram_range=(3, 5), norm=None)
    words = tfidf_vectorizer(analyzer="word", ngram_range=(1, 2), norm=None)
    x = sparse.hstack([chars.fit_transform(texts), w * words.fit_transform(texts)]).tocsr()
    before = x.data.copy()
    ours, theirs = l2_normalize(x), sparse.csr_matrix(normalize(x))
    assert x.data.tobytes() == before.tobytes()  # a copy: the input is left alone
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert ours.data.dtype == theirs.data.dtype
    assert ours.data.tobytes() == theirs.data.tobytes()


@settings(max_examples=100, deadline=None)
@given(groups=st.lists(texts_strategy, min_size=1, max_size=3))
def test_shared_vocabulary_gives_each_groups_own_cosines(groups: list[list[str]]) -> None:
    """One vocabulary over several groups: each group's cosines are those of its own fit."""
    for x, texts in zip(tfidf_matrices(groups), groups, strict=True):
        own = _separate_fit(texts)
        assert np.abs((x @ x.T).toarray() - (own @ own.T).toarray()).max() <= EPS


@settings(max_examples=100, deadline=None)
@given(texts=texts_strategy, k=st.integers(min_value=1, max_value=6), c=min_cosines)
def test_top_k_chunking_does_not_change_the_result(texts: list[str], k: int, c: float) -> None:
    """Row chunks of 3 give the same pairs and cosines as one chunk of 2048."""
    x = tfidf_matrix(texts)
    small = top_k_pairs(x, k=k, min_cosine=c, chunk=3)
    whole = top_k_pairs(x, k=k, min_cosine=c, chunk=2048)
    assert small.keys() == whole.keys()
    for key, cos in whole.items():
        assert abs(small[key] - cos) <= EPS


# --- find_reuse on real answer passages of the fixture -------------------------------------


def _answer(seg: Segmentation, opening: str) -> Answer:
    """The one answer passage of the fixture that starts with `opening`."""
    found = [a for a in seg.answers if a.text.startswith(opening)]
    assert len(found) == 1, (opening, len(found))
    return found[0]


# Passages that the document does not reuse anywhere (checked against the whole fixture).
UNRELATED_A = "Het uitgangspunt voor alle gemeenten is dat vrouwen"
UNRELATED_B = "Ik vind het zeker van belang dat gemeenteraden"
SHORT = "Eind dit jaar is een brede ondersteuningsstructuur"
SEVERAL_SENTENCES = "Het Nationaal Actieplan: Eerst een Thuis is door middel van"

_WORD = re.compile(r"\b[a-z]{6,}\b")


def _change_one_word_per_sentence(text: str) -> str:
    """Replace the last lower-case word of 6+ letters in each sentence with another word."""
    out = []
    for span in split_sentences(text):
        words = list(_WORD.finditer(span.text))
        assert words, span.text
        last = words[-1]
        out.append(f"{span.text[: last.start()]}voorziening{span.text[last.end() :]}")
    return " ".join(out)


def test_paragraph_pasted_inside_longer_answer_is_partial(seg: Segmentation) -> None:
    """A short passage pasted into the middle of a longer answer is partial reuse of it."""
    short = _answer(seg, SHORT).text
    host = _answer(seg, UNRELATED_A).text
    cut = len(host) // 2
    cut = host.index(". ", cut) + 2
    longer = f"{host[:cut]}{short} {host[cut:]}"
    found = find_reuse([short, longer])
    assert len(found) == 1
    reuse = found[0]
    assert (reuse.a, reuse.b) == (0, 1)
    assert reuse.kind == "partial"
    assert reuse.coverage_a >= 0.8
    assert reuse.coverage_b < 0.5


def test_identical_answers_are_verbatim(seg: Segmentation) -> None:
    """Two copies of one answer are verbatim reuse covering both completely."""
    text = _answer(seg, SEVERAL_SENTENCES).text
    found = find_reuse([text, text])
    assert [(r.a, r.b, r.kind) for r in found] == [(0, 1, "verbatim")]
    assert found[0].coverage_a == found[0].coverage_b == 1.0


def test_unrelated_answers_give_nothing(seg: Segmentation) -> None:
    """Two answers about different things share no sentence and give no reuse."""
    a = _answer(seg, UNRELATED_A).text
    b = _answer(seg, UNRELATED_B).text
    assert find_reuse([a, b]) == []


def test_one_word_changed_per_sentence_is_near_verbatim(seg: Segmentation) -> None:
    """A copy with one word changed in every sentence is near-verbatim, not verbatim."""
    text = _answer(seg, SEVERAL_SENTENCES).text
    changed = _change_one_word_per_sentence(text)
    assert changed != text
    found = find_reuse([text, changed])
    assert [(r.a, r.b, r.kind) for r in found] == [(0, 1, "near-verbatim")]
    assert found[0].similarity < 99.5


# --- score_pair ------------------------------------------------------------------------------

forms = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=10).map(" ".join)
cosines = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(a=forms, b=forms, cosine=cosines)
def test_score_pair_is_symmetric(a: str, b: str, cosine: float) -> None:
    """Swapping the two texts changes no measure of the pair."""
    assert score_pair(a, b, cosine) == score_pair(b, a, cosine)


@given(a=forms)
def test_score_pair_of_identical_texts_with_cosine_1_is_1(a: str) -> None:
    """Identical non-empty texts with cosine 1 score exactly 1.0."""
    assert score_pair(a, a, 1.0).score == 1.0


@given(a=st.text(max_size=60), b=st.text(max_size=60), cosine=cosines)
def test_score_pair_stays_within_0_and_1(a: str, b: str, cosine: float) -> None:
    """Every part and the combined score lie in [0, 1] for any texts."""
    s = score_pair(a, b, cosine)
    for value in (s.cosine, s.ordered, s.token_set, s.score):
        assert 0.0 <= value <= 1.0


_DUTCH_WORDS = st.sampled_from(
    [
        "hoeveel",
        "slaapzalen",
        "gemeenten",
        "aanpak",
        "evaluatie",
        "de",
        "het",
        "een",
        "van",
        "is",
        "zijn",
        "wordt",
        "Staatssecretaris",
        "EU-migranten",
        "dak-",
        "thuisloze",
        "opvang",
        "ja",
        "ja?",
        "2024",
        "(CBS)",
        "plan",
    ]
)


@given(
    st.lists(_DUTCH_WORDS, max_size=12).map(" ".join),
    st.lists(_DUTCH_WORDS, max_size=12).map(" ".join),
    st.sampled_from([0.0, 0.7, 1.3]),
)
@settings(max_examples=150, deadline=None)
def test_two_text_cosine_equals_the_tfidf_matrix_of_the_two(a: str, b: str, w: float) -> None:
    """The direct two-text cosine (compound parts, corpus pairs) is what fitting
    `tfidf_matrix([a, b])` gives, empty and repeated words included."""
    reference = pair_cosines(tfidf_matrix([a, b], word_weight=w), [(0, 1)])[0]
    assert abs(two_text_cosine(a, b, w) - reference) < 1e-9


def _added(values: list[float]) -> float:
    """Left to right, one addition at a time (what sum() does on Python 3.11; 3.12's sum()
    compensates rounding errors, so the reference spells the loop out)."""
    total = 0.0
    for v in values:
        total += v
    return total


def _two_text_cosine_reference(a: str, b: str, word_weight: float) -> float:
    """two_text_cosine as first written: one loop over (block, term) keys, with
    scikit-learn's own tokenisers."""
    from collections import Counter

    from dedup.similarity.scores import _IDF_ONE

    analyzers = [
        count_vectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer(),
        count_vectorizer(analyzer="word", ngram_range=(1, 2)).build_analyzer(),
    ]
    va: dict[tuple[int, str], float] = {}
    vb: dict[tuple[int, str], float] = {}
    for block, (analyze, weight) in enumerate(zip(analyzers, (1.0, word_weight), strict=True)):
        ca, cb = Counter(analyze(a)), Counter(analyze(b))
        for mine, other, out in ((ca, cb, va), (cb, ca, vb)):
            row = {
                t: (1.0 + math.log(n)) * (1.0 if t in other else _IDF_ONE) for t, n in mine.items()
            }
            norm = math.sqrt(_added([w * w for w in row.values()]))
            if norm:
                out.update({(block, t): weight * w / norm for t, w in row.items()})
    na = math.sqrt(_added([w * w for w in va.values()]))
    nb = math.sqrt(_added([w * w for w in vb.values()]))
    if not na or not nb:
        return 0.0
    return _added([w * vb[t] for t, w in va.items() if t in vb]) / (na * nb)


@given(
    st.lists(_DUTCH_WORDS, max_size=12).map(" ".join),
    st.lists(_DUTCH_WORDS, max_size=12).map(" ".join),
    st.sampled_from([0.0, 0.7, 1.3]),
)
@settings(max_examples=300, deadline=None)
def test_two_text_cosine_is_the_per_term_loop_to_the_last_bit(a: str, b: str, w: float) -> None:
    """The cached, per-block two-text cosine equals the plain per-term loop exactly (the
    scores and clusters must not change by a last digit), also on a second, cached call."""
    reference = _two_text_cosine_reference(a, b, w)
    assert two_text_cosine(a, b, w) == reference
    assert two_text_cosine(a, b, w) == reference


@given(
    st.lists(
        st.tuples(
            st.lists(_DUTCH_WORDS, max_size=30).map(" ".join),
            st.lists(_DUTCH_WORDS, max_size=30).map(" ".join),
        ),
        max_size=40,
    ),
    st.sampled_from([0.0, 0.7, 1.3]),
)
@settings(max_examples=100, deadline=None)
def test_two_text_cosines_of_a_batch_are_each_pairs_loop(
    pairs: list[tuple[str, str]], w: float
) -> None:
    """Scored together (texts of very different lengths, repeated texts, empty texts), each
    pair's cosine is the per-term loop's for that pair alone, to the last bit."""
    assert two_text_cosines(pairs, w) == [_two_text_cosine_reference(a, b, w) for a, b in pairs]
