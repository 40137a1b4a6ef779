"""The question clustering walks only the pairs that exist; it must merge exactly as the
straightforward average-link loop over every cross pair (kept here as the reference) does."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from dedup.cluster import _agglomerate, _parts_of_one_compound, cluster_questions
from dedup.compare import QuestionPair
from dedup.model import Question
from dedup.settings import Settings
from dedup.similarity.scores import PairScore


def reference(
    pairs: Sequence[QuestionPair], fraction: dict[str, str], settings: Settings
) -> list[list[str]]:
    """The merging loop as it was: every cross pair of the two groups on every merge."""
    weight = {(p.a, p.b): p.score for p in pairs} | {(p.b, p.a): p.score for p in pairs}
    part: dict[tuple[str, str], int] = {}
    for p in pairs:
        if p.score >= settings.paraphrase:
            if p.part_a is not None:
                part[p.a, p.b] = p.part_a
            if p.part_b is not None:
                part[p.b, p.a] = p.part_b
    words = {(p.a, p.b): p.words.score for p in pairs} | {(p.b, p.a): p.words.score for p in pairs}
    owner: dict[str, int] = {}
    groups: dict[int, list[str]] = {}
    for p in sorted(
        (p for p in pairs if p.score >= settings.paraphrase), key=lambda p: (-p.score, p.a, p.b)
    ):
        for q in (p.a, p.b):
            if q not in owner:
                owner[q] = len(owner)
                groups[owner[q]] = [q]
        ga, gb = owner[p.a], owner[p.b]
        if ga == gb:
            continue
        a_members, b_members = groups[ga], groups[gb]
        merged = a_members + b_members
        same_owner = [
            (x, y)
            for x in a_members
            for y in b_members
            if fraction[x] == fraction[y] and words.get((x, y), 0.0) < settings.near_identical
        ]
        if any(not _parts_of_one_compound(x, y, merged, part) for x, y in same_owner):
            continue
        linked = [(x, y) for x in a_members for y in b_members if (x, y) not in same_owner]
        link = sum(weight.get(xy, 0.0) for xy in linked) / max(1, len(linked))
        if link < settings.paraphrase * settings.average_link:
            continue
        groups[ga] = a_members + b_members
        for q in b_members:
            owner[q] = ga
        del groups[gb]
    return [g for g in groups.values() if len(g) >= 2]


def generated(seed: int) -> tuple[list[str], dict[str, str], list[QuestionPair]]:
    """Questions in families: identical copies (word score 1), near-identical variants and
    loose paraphrases, a few fractions asking many of them, compound questions whose parts
    other questions match, and hubs paired with nearly everyone (as in a document where one
    sentence repeats thousands of times)."""
    rng = random.Random(seed)
    fractions = ["VVD", "D66", "CDA", "SP"]
    ids = [f"q{k:03d}" for k in range(rng.randint(30, 90))]
    fraction = {q: rng.choice(fractions[: rng.randint(1, 4)]) for q in ids}
    family = {q: rng.randrange(max(1, len(ids) // 8)) for q in ids}
    hubs = set(rng.sample(ids, 2))
    compound = set(rng.sample(ids, len(ids) // 4))
    # Scores from a small set of values, so that ties in score are many.
    levels = [0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0]
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same = family[a] == family[b]
            if not (same or a in hubs or b in hubs) and rng.random() > 0.05:
                continue
            if same and rng.random() < 0.15:
                continue  # not every pair of a family made the top k
            score = rng.choice(levels[3:] if same else levels)
            words = rng.choice([1.0, 0.9, 0.86, 0.7] if same else [0.3, 0.6, 0.86])
            part_a = rng.randrange(3) if a in compound else None
            part_b = rng.randrange(3) if b in compound else None
            pairs.append(
                QuestionPair(
                    a, b, PairScore(score, words, words, words), 0.0, False, score, part_a, part_b
                )
            )
    rng.shuffle(pairs)
    return ids, fraction, pairs


@pytest.mark.parametrize("seed", range(40))
def test_merging_matches_the_reference(seed: int) -> None:
    ids, fraction, pairs = generated(seed)
    settings = Settings()
    expected = reference(pairs, fraction, settings)
    assert _agglomerate(pairs, fraction, settings) == expected
    # One asker (a lijst): every question its own owner, the one-fraction rule lifted.
    owners = {q: q for q in ids}
    assert _agglomerate(pairs, owners, settings) == reference(pairs, owners, settings)


def test_generated_input_has_big_and_refused_merges() -> None:
    """The generated inputs exercise what the fast paths skip: groups of many members, and
    merges the one-fraction rule or the average link refuses."""
    settings = Settings()
    biggest = 0
    refused = 0
    for seed in range(40):
        _, fraction, pairs = generated(seed)
        groups = reference(pairs, fraction, settings)
        biggest = max(biggest, *(len(g) for g in groups))
        # A refused merge leaves a strong pair split over two groups.
        group_of = {q: k for k, g in enumerate(groups) for q in g}
        refused += sum(
            1
            for p in pairs
            if p.score >= settings.paraphrase and group_of.get(p.a, -1) != group_of.get(p.b, -2)
        )
    assert biggest >= 8
    assert refused > 100


def test_identical_questions_of_one_fraction_cluster_as_before() -> None:
    """Many identical questions of one fraction, each paired with its neighbours only and all
    with two hub copies (what one sentence repeated in a 1 MB paragraph gives)."""
    n = 300
    questions = [
        Question(
            id=f"VVD-q{k:03d}",
            fraction="VVD",
            part="I",
            line=k + 1,
            line_end=k + 1,
            text="Kan de Staatssecretaris dit toelichten?",
            direct=True,
            topic=None,
        )
        for k in range(n)
    ]
    same = PairScore(1.0, 1.0, 1.0, 1.0)
    pairs = []
    for k in range(n):
        for j in range(k + 1, min(n, k + 6)):
            pairs.append(QuestionPair(questions[k].id, questions[j].id, same, 1.0, False, 1.0))
        for hub in (0, 1):
            if k > 6:
                pairs.append(
                    QuestionPair(questions[hub].id, questions[k].id, same, 1.0, False, 1.0)
                )
    settings = Settings()
    fraction = {q.id: q.fraction for q in questions}
    expected = reference(pairs, fraction, settings)
    assert _agglomerate(pairs, fraction, settings) == expected
    clusters = cluster_questions(questions, pairs, settings)
    assert sorted(sorted(c.members) for c in clusters) == sorted(sorted(g) for g in expected)
    assert all(c.kind == "near-identical" for c in clusters)


def test_questions_of_one_fraction_join_as_parts_of_one_compound() -> None:
    """x matches one part of compound question z, y1..y3 (x's fraction, near-identical to
    each other, not to x) another part: all join z's group. w, of their fraction too,
    matches no part of z and stays out."""
    same = PairScore(0.95, 1.0, 1.0, 1.0)
    loose = PairScore(0.8, 0.4, 0.4, 0.4)
    ys = ("y1", "y2", "y3")
    pairs = [
        QuestionPair("y1", "y2", same, 0.0, False, 0.95),
        QuestionPair("y1", "y3", same, 0.0, False, 0.95),
        QuestionPair("y2", "y3", same, 0.0, False, 0.95),
        *(QuestionPair("z", y, loose, 0.0, False, 0.9, 1, None) for y in ys),
        QuestionPair("x", "z", loose, 0.0, False, 0.8, None, 0),
        QuestionPair("z", "w", loose, 0.0, False, 0.78),
    ]
    fraction = {"z": "D66", "x": "VVD", "w": "VVD"} | dict.fromkeys(ys, "VVD")
    settings = Settings()
    expected = [["x", "z", "y1", "y2", "y3"]]
    assert reference(pairs, fraction, settings) == expected
    assert _agglomerate(pairs, fraction, settings) == expected
