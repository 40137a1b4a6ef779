"""pairs_by_kind: the sorted candidate pairs and the slots of their kinds, as arrays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.similarity.candidates import pairs_by_kind


def _plain(
    pairs: set[tuple[int, int]], kind: list[int]
) -> tuple[list[int], list[int], list[int], list[tuple[int, int]]]:
    """The obvious version: sort the tuples, number each kind pair when first met."""
    ordered = sorted(pairs)
    slot: dict[tuple[int, int], int] = {}
    slot_of = [slot.setdefault((kind[i], kind[j]), len(slot)) for i, j in ordered]
    return [i for i, _ in ordered], [j for _, j in ordered], slot_of, list(slot)


@st.composite
def pairs_and_kinds(draw: st.DrawFn) -> tuple[set[tuple[int, int]], list[int]]:
    n = draw(st.integers(min_value=2, max_value=40))
    # A question's kind is the first question alike to it: kind[k] <= k, kind[kind[k]] = kind[k].
    kind: list[int] = []
    for k in range(n):
        firsts = sorted(set(kind))
        kind.append(draw(st.sampled_from([*firsts, k])))
    pairs = draw(
        st.sets(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]),
            max_size=60,
        )
    )
    return pairs, kind


@settings(max_examples=200, deadline=None)
@given(data=pairs_and_kinds())
def test_pairs_by_kind_is_the_plain_sort_and_numbering(
    data: tuple[set[tuple[int, int]], list[int]],
) -> None:
    pairs, kind = data
    assert pairs_by_kind(pairs, kind) == _plain(pairs, kind)


def test_copies_share_a_slot_numbered_by_first_pair() -> None:
    """Questions 1 and 2 are copies of 0: (0, 3) and (1, 3) and (2, 3) are one kind pair."""
    kind = [0, 0, 0, 3, 4]
    firsts, seconds, slot_of, ordered = pairs_by_kind({(2, 3), (0, 3), (3, 4), (1, 3)}, kind)
    assert list(zip(firsts, seconds, strict=True)) == [(0, 3), (1, 3), (2, 3), (3, 4)]
    assert slot_of == [0, 0, 0, 1]
    assert ordered == [(0, 3), (3, 4)]
