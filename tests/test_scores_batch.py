"""Batch scoring (`score_pairs`, one rapidfuzz call per measure for all pairs) against the
per-pair `score_pair` it replaces: the same PairScore, float for float."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.compare import compound_parts, question_form
from dedup.model import Segmentation
from dedup.settings import Settings
from dedup.similarity.candidates import pair_cosines, tfidf_matrices
from dedup.similarity.scores import PairScore, score_pair, score_pairs, score_text_pairs

# scikit-learn (behind tfidf_matrices) loads on first use; loaded inside a hypothesis
# example it trips hypothesis's check that strategies leave the `random` module alone.
tfidf_matrices([["het plan"]])

WORDS = ["de", "het", "gemeenten", "opvang", "daklozen", "plan", "plannen", "zorg", ""]
texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
# Cosines as the sparse products give them: any float in [0, 1], with the edges.
cosines = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0, allow_nan=False))


def _bits(scores: list[PairScore]) -> list[tuple[str, ...]]:
    """Every float of every score as its exact hex form: equal means bit for bit."""
    return [(s.cosine.hex(), s.ordered.hex(), s.token_set.hex(), s.score.hex()) for s in scores]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, texts, cosines), max_size=30))
def test_score_pairs_equal_score_pair_on_random_texts(rows: list[tuple[str, str, float]]) -> None:
    a = [r[0] for r in rows]
    b = [r[1] for r in rows]
    c = [r[2] for r in rows]
    expected = [score_pair(x, y, z) for x, y, z in rows]
    assert _bits(score_pairs(a, b, c)) == _bits(expected)


def test_score_pairs_equal_score_pair_on_the_sample(seg: Segmentation) -> None:
    """Every pair of the sample's first 60 question forms, and the parts of its compound
    questions against every form, with other weights than the defaults."""
    forms = [question_form(q.text) for q in seg.part_one()[:60]]
    parts = [question_form(p) for q in seg.part_one() for p in compound_parts(q.text)]
    assert parts, "the sample has compound questions"
    pairs = [(x, y) for x in forms for y in forms] + [(p, f) for p in parts for f in forms]
    cos = [((7 * k) % 101) / 100 for k in range(len(pairs))]
    weights = Settings(cosine_weight=0.5, ordered_weight=0.3, set_weight=0.2)
    for s in (Settings(), weights):
        expected = [score_pair(x, y, c, s) for (x, y), c in zip(pairs, cos, strict=True)]
        got = score_pairs([x for x, _ in pairs], [y for _, y in pairs], cos, s)
        assert _bits(got) == _bits(expected)


def test_score_pairs_of_none_and_one() -> None:
    assert score_pairs([], [], []) == []
    assert score_pairs(["hoeveel plannen"], ["het plan"], [0.25]) == [
        score_pair("hoeveel plannen", "het plan", 0.25)
    ]


def test_score_text_pairs_give_equal_texts_cosine_1() -> None:
    got = score_text_pairs([("het plan", "het plan"), ("het plan", "de zorg")])
    assert got[0] == score_pair("het plan", "het plan", 1.0)
    assert got[0].score == 1.0
    assert got[1].cosine < 1.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(texts.filter(str.strip), min_size=2, max_size=12),
    st.lists(st.integers(0, 11), min_size=2, max_size=40),
)
def test_pair_cosines_of_copies_equal_those_of_every_pair(
    distinct: list[str], picks: list[int]
) -> None:
    """With `keys`, repeated rows are multiplied once; every cosine is still the one the
    product of that very pair of rows gives, bit for bit."""
    rows = [distinct[p % len(distinct)] for p in picks]
    x = tfidf_matrices([rows])[0]
    pairs = [(i, j) for i in range(len(rows)) for j in range(len(rows)) if (i * 7 + j) % 3]
    expected = pair_cosines(x, pairs)
    got = pair_cosines(x, pairs, rows)
    assert [v.hex() for v in got] == [v.hex() for v in expected]
