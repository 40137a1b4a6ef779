"""Part II alignment's fast paths give what the straightforward versions give: the bound
that skips fuzz.partial_ratio never skips a pair that reaches the bar, and _align with its
top score from argmax and its candidates cut at the score floor picks the sentence that
the version sorting every Part I position picks, and the scores taken with one cdist per
index over all of its blocks are each block's own cdist."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from dedup.layouts.sections import (
    PARTIAL_REPEAT_THRESHOLD,
    REPEAT_RUN_THRESHOLD,
    REPEAT_THRESHOLD,
    TIE_WINDOW,
    _align,
    _PartOneIndex,
    _repeat_scores,
    _Scores,
    _scores_by_block,
    partial_ratio_bound,
)

_WORDS = [
    "de", "leden", "van", "fractie", "vragen", "of", "het", "kabinet", "bereid", "is",
    "dit", "te", "onderzoeken", "welke", "gevolgen", "heeft", "wet", "voor", "gemeenten",
    "zo", "ja", "nee", "waarom", "niet", "minister", "kan", "toelichten", "en",
]  # fmt: skip


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def variant(rng: random.Random, text: str) -> str:
    """`text` with a few words dropped, added or changed, or cut to a part of it."""
    words = text.split()
    for _ in range(rng.randint(0, 4)):
        k = rng.randrange(len(words) + 1)
        action = rng.choice(["drop", "add", "change"])
        if action == "add" or not words:
            words.insert(k, rng.choice(_WORDS))
        elif k < len(words):
            if action == "drop":
                del words[k]
            else:
                words[k] = rng.choice(_WORDS)
    if rng.random() < 0.3 and len(words) > 4:
        a = rng.randrange(len(words) // 2)
        words = words[a : a + rng.randint(3, len(words) - a)]
    return " ".join(words)


def reference_align(
    form: str, forms: list[str], previous_match: int | None, full: list[float]
) -> int | None:
    """_align as written before its fast paths: every position sorted for the top six,
    partial_ratio on every long sentence below the bar."""
    if not forms or len(form) < 8:
        return None
    top = sorted(range(len(forms)), key=lambda j: (-full[j], j))[:6]
    best = top[0]
    if full[best] >= REPEAT_THRESHOLD:
        ties = [j for j in top if full[j] >= full[best] - 2]
        anchor = (previous_match + 1) if previous_match is not None else best
        return min(ties, key=lambda j: (j < anchor, abs(j - anchor)))
    if previous_match is not None and previous_match + 1 < len(forms):
        nxt = previous_match + 1
        if full[nxt] >= REPEAT_RUN_THRESHOLD:
            return nxt
    if len(form) >= 60:
        cand = forms[best]
        if fuzz.partial_ratio(form, cand) >= 92 and len(form) >= 0.6 * len(cand):
            return best
    return None


def test_bound_is_never_below_partial_ratio() -> None:
    rng = random.Random(21)
    reached = 0
    for _ in range(3000):
        a = sentence(rng, rng.randint(1, 40))
        b = variant(rng, a) if rng.random() < 0.7 else sentence(rng, rng.randint(1, 40))
        if rng.random() < 0.5:
            a, b = b, a
        bound = partial_ratio_bound(fuzz.ratio(a, b), len(a), len(b))
        partial = fuzz.partial_ratio(a, b)
        assert partial <= bound, (a, b, partial, bound)
        reached += partial >= PARTIAL_REPEAT_THRESHOLD
    assert reached > 300  # the pairs that reach the bar are well represented


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abc d", max_size=40), st.text(alphabet="abc d", max_size=40))
def test_bound_is_never_below_partial_ratio_on_any_text(a: str, b: str) -> None:
    bound = partial_ratio_bound(fuzz.ratio(a, b), len(a), len(b))
    assert fuzz.partial_ratio(a, b) <= bound


def test_align_matches_the_reference() -> None:
    rng = random.Random(4)
    outcomes = {"repeat": 0, "run": 0, "partial": 0, "none": 0}
    for _ in range(300):
        # Few distinct Part I sentences repeated (ties everywhere) or many different ones.
        pool = [sentence(rng, rng.randint(2, 30)) for _ in range(rng.choice([1, 3, 12, 40]))]
        forms = [rng.choice(pool) for _ in range(rng.randint(1, 60))]
        idx = _PartOneIndex(forms=forms, owners=[None] * len(forms))
        part_two = [
            rng.choice([variant(rng, rng.choice(forms)), rng.choice(forms), sentence(rng, 12)])
            for _ in range(8)
        ]
        matrix = _repeat_scores(part_two, idx)
        # The reference reads every score (one cdist against every position); _align the
        # rows _repeat_scores leaves out where a form repeats a Part I one word for word.
        every = process.cdist(part_two, forms, scorer=fuzz.ratio, dtype=np.float64)
        previous: int | None = None
        for k, form in enumerate(part_two):
            scores = _Scores(matrix[k], idx)
            full = every[k].tolist()
            expected = reference_align(form, forms, previous, full)
            assert _align(form, idx, previous, scores) == expected, (form, forms, previous)
            if expected is None:
                outcomes["none"] += 1
            elif max(full) >= REPEAT_THRESHOLD:
                outcomes["repeat"] += 1
            elif previous is not None and expected == previous + 1:
                outcomes["run"] += 1
            else:
                outcomes["partial"] += 1
            previous = expected if rng.random() < 0.8 else rng.randrange(len(forms))
    assert min(outcomes.values()) >= 10, outcomes


def test_floor_cut_top_is_the_sorted_top_above_the_floor() -> None:
    rng = random.Random(9)
    for n in [1, 2, 6, 7, 50, 400]:
        for _ in range(40):
            forms = [f"vorm {rng.randrange(rng.choice([1, 3, 40]))}" for _ in range(n)]
            idx = _PartOneIndex(forms=forms, owners=[None] * n)
            _repeat_scores(["x"], idx)
            by_form = np.array([rng.choice([0.0, 82.0, 83.5, 84.0, 100.0]) for _ in idx.distinct])
            scores = _Scores(by_form, idx)
            full = [scores[j] for j in range(n)]
            top = sorted(range(n), key=lambda j: (-full[j], j))[:6]
            floor = max(full) - 2
            assert scores.best(6, floor=floor) == [j for j in top if full[j] >= floor]
            assert scores.first_best() == (top[0], full[top[0]])


def test_scores_by_block_are_each_blocks_own() -> None:
    """Blocks scored together per index get the rows, argmax, top score and count within
    TIE_WINDOW that one cdist per block and a look along each row give."""
    rng = random.Random(21)
    for _ in range(40):
        indexes = []
        for _ in range(rng.randint(1, 3)):
            idx = _PartOneIndex()
            base = [sentence(rng, rng.randint(3, 14)) for _ in range(rng.randint(0, 12))]
            idx.forms = base + [rng.choice(base) for _ in range(rng.randint(0, 3)) if base]
            indexes.append(idx)
        chosen = [rng.choice(indexes) for _ in range(rng.randint(1, 12))]
        block_forms = [
            [
                variant(rng, rng.choice(idx.forms))
                if idx.forms and rng.random() < 0.6
                else sentence(rng, rng.randint(1, 12))
                for _ in range(rng.randint(0, 6))
            ]
            for idx in chosen
        ]
        for forms, idx, (matrix, tops, top_scores, near) in zip(
            block_forms, chosen, _scores_by_block(block_forms, chosen), strict=True
        ):
            if not forms or not idx.forms:
                assert matrix is None and tops == top_scores == near == []
                continue
            expected = process.cdist(forms, idx.distinct, scorer=fuzz.ratio, dtype=np.float64)
            assert matrix is not None and np.array_equal(matrix, expected)
            for k, row in enumerate(expected.tolist()):
                top = max(row)
                assert tops[k] == row.index(top) and top_scores[k] == top
                assert near[k] == sum(1 for v in row if v >= top - TIE_WINDOW)
