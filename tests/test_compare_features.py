"""Per-question features computed faster (dedup.compare) against the plain computation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup.compare as dedup_compare
from dedup.compare import compare_answers, compare_questions, joined_form
from dedup.model import Segmentation
from dedup.parse.normalize import comparison_form
from dedup.settings import Settings

# Characters where comparison_form's steps differ: dashes, quotes, soft hyphens, no-break
# and zero-width spaces, combining accents and spacing diacritics, final sigma, ligatures.
ALPHABET = [
    *"aAbé É-–—_ \t\n.,?'\"“”‘’`„«»\u00ad\u00a0\u0308\u00a8ΣσςİIıßﬁ½²x09",
    *("\u2028", "\u200b", "\ufeff", "\u0301", "ǅ"),
]
pieces = st.lists(st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join), max_size=4)


@settings(max_examples=3000, deadline=None)
@given(pieces)
def test_joined_form_is_the_form_of_the_joined_text(parts: list[str]) -> None:
    assert joined_form(*parts) == comparison_form(" ".join(parts))


def test_joined_form_on_the_sample(seg: Segmentation) -> None:
    """Every question's topic, context and text, as the features join them."""
    questions = seg.part_one()
    assert questions
    for q in questions:
        parts = [q.topic or "", q.context, q.text]
        assert joined_form(*parts) == comparison_form(" ".join(parts))
        assert joined_form(q.text, joined_form(*parts)) == comparison_form(
            f"{q.text} {' '.join(parts)}"
        )


def _each_plainly(compute: Any, items: Any, key: Any = None) -> list[Any]:
    """dedup.compare._each without sharing: every item computed on its own."""
    return [compute(item) for item in items]


@pytest.mark.parametrize("one_asker", [False, True])
def test_copies_scored_once_score_as_each_pair_alone(seg: Segmentation, one_asker: bool) -> None:
    """compare_questions scores each distinct pair of kinds of question once; with every
    question and pair scored on its own (no sharing at all) the pairs are the same."""
    original = seg.part_one()
    last = max(q.line_end for q in seg.questions)
    copies = [
        replace(q, id=f"{q.id}~{n}", line=last + 10 * k + n, line_end=last + 10 * k + n)
        for k, q in enumerate(original[:40])
        for n in (1, 2)
    ]
    # Copies (no answers either) asked by another fraction: alike in their words and
    # surroundings, not in all that the score reads.
    copies += [replace(q, id=f"{q.id}~x", fraction="PVV") for q in original[:20]]
    questions = [*original, *copies]
    config = Settings()
    reuse = compare_answers(seg.answers, config)
    shared = compare_questions(questions, seg.answers, reuse, config, one_asker=one_asker)
    with mock.patch.object(dedup_compare, "_each", _each_plainly):
        alone = compare_questions(questions, seg.answers, reuse, config, one_asker=one_asker)
    assert len(shared) > len(compare_questions(original, seg.answers, reuse, config))
    assert shared == alone
