"""Per-question features computed faster (dedup.compare) against the plain computation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.compare import joined_form
from dedup.model import Segmentation
from dedup.parse.normalize import comparison_form

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
