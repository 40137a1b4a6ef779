"""The corpus MinHash over word 1- and 2-grams estimates their Jaccard; LSH bands agree."""

from __future__ import annotations

import itertools
import random

import numpy as np

from dedup.corpus.index import IndexParams, band_keys, signatures

WORDS = [f"w{i}" for i in range(60)]


def _shingles(form: str) -> set[tuple[str, ...]]:
    words = form.split()
    return {(w,) for w in words} | set(itertools.pairwise(words))


def test_signatures_estimate_the_jaccard_of_word_shingles() -> None:
    """Over many pairs, the share of equal signature values is close to the true Jaccard."""
    rng = random.Random(3)
    params = IndexParams(num_perm=256)
    errors = []
    for _ in range(40):
        a = [rng.choice(WORDS) for _ in range(30)]
        b = [w if rng.random() < rng.random() else rng.choice(WORDS) for w in a]
        fa, fb = " ".join(a), " ".join(b)
        sa, sb = _shingles(fa), _shingles(fb)
        jaccard = len(sa & sb) / len(sa | sb)
        sig = signatures([fa, fb], params)
        estimate = float(np.mean(sig[0] == sig[1]))
        errors.append(estimate - jaccard)
    # 256 values: standard error <= 0.031 per pair; the mean error shows any bias.
    assert max(abs(e) for e in errors) < 0.15
    assert abs(float(np.mean(errors))) < 0.03


def test_equal_forms_share_every_band_and_different_ones_almost_none() -> None:
    """Identical forms give identical band keys; unrelated forms collide in no band."""
    params = IndexParams()
    one = "de staatssecretaris stuurt de kamer voor de zomer een brief over de opvang"
    other = "hoeveel woningen voor dakloze jongeren zijn in 2023 in de regio gebouwd"
    keys = band_keys([one, one, other], params)
    assert keys[0] == keys[1]
    assert len(keys[0]) == params.bands
    assert not set(keys[0]) & set(keys[2])
    sig = signatures([one], params)
    assert sig.shape == (1, params.num_perm)
    assert int(sig.max()) < 2**32
