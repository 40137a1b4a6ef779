"""Cluster labels name the information need in the members' own words."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from dedup.labels import (
    _POINTS_BACK,
    _form,
    _leans_on,
    answer_label,
    best_question,
    question_label,
)
from dedup.parse.fractions import known_fractions
from tests.test_analyze import analysis


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # A direct question beats a request in the fraction's voice, however short.
        (
            [
                "De leden van de VVD-fractie vragen wanneer de plannen klaar zijn.",
                "Wanneer moeten de gemeenten hun plannen klaar hebben?",
            ],
            "Wanneer moeten de gemeenten hun plannen klaar hebben?",
        ),
        # Fractions this sample does not have are known too (PvdD, JA21, SGP, Volt).
        (
            [
                "Hoe kijkt de PvdD-fractie naar de termijn?",
                "Welke termijn geldt voor de regionale plannen?",
            ],
            "Welke termijn geldt voor de regionale plannen?",
        ),
        (
            ["Kan de JA21 fractie dit toelichten?", "Is een evaluatie van de wet voorzien?"],
            "Is een evaluatie van de wet voorzien?",
        ),
        # A question that only points back needs its context: a complete one is preferred.
        (
            ["Hoe staat het met dit plan?", "Hoe staat het met het regionale woonplan?"],
            "Hoe staat het met het regionale woonplan?",
        ),
        # A bare follow-up is not a complete question.
        (
            ["Zo ja, welke?", "Welke gemeenten doen mee aan de pilot?"],
            "Welke gemeenten doen mee aan de pilot?",
        ),
        # Otherwise the shortest, ties to the first.
        (
            ["Waarom is de evaluatie uitgesteld?", "Wanneer komt de evaluatie?"],
            "Wanneer komt de evaluatie?",
        ),
    ],
)
def test_best_question(texts: list[str], expected: str) -> None:
    assert best_question(texts) == expected


def test_known_fractions_are_more_than_the_sample() -> None:
    sample = set(analysis().segmentation.document.fractions)
    known = set(known_fractions())
    assert sample < known and {"SGP", "PvdD", "Volt", "JA21", "DENK"} <= known


def test_label_is_topic_and_question() -> None:
    label = question_label(
        [None, "Inzicht dakloosheid", "Inzicht dakloosheid", "Huisuitzettingen"],
        [
            "Hoeveel slaapzalen zijn er op dit moment?",
            "Heeft de Staatssecretaris zicht op slaapzalen?",
        ],
    )
    assert label == "Inzicht dakloosheid: Hoeveel slaapzalen zijn er op dit moment?"
    assert question_label([None], ["Wat kost het?  "]) == "Wat kost het?"
    long = question_label([], ["Is " + "heel " * 60 + "lang?"])
    assert len(long) <= 140 and long.endswith(" …")
    assert answer_label(["Bemoeizorg"], "Ik stimuleer bemoeizorg. Daarnaast ...") == (
        "Bemoeizorg: Ik stimuleer bemoeizorg."
    )


def test_sample_labels_are_member_sentences_not_keywords() -> None:
    """Every question cluster's label ends in a member's own question (or its start, cut
    at a word), under a topic of a member; no `a / b` keyword pairs."""
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    answers = {a.id: a for a in an.segmentation.answers}
    for c in an.question_clusters:
        assert " / " not in c.label
        texts = [" ".join(qs[m].text.split()) for m in c.members]
        topics = {t for m in c.members if (t := qs[m].topic)}
        question = c.label
        for t in sorted(topics, key=len, reverse=True):
            if c.label.startswith(f"{t}: "):
                question = c.label[len(t) + 2 :]
                break
        stem = question.removesuffix(" …")
        assert any(t == question or t.startswith(stem) for t in texts), (c.id, c.label)
    for ac in an.answer_clusters:
        assert " / " not in ac.label
        first = " ".join(answers[ac.members[0]].text.split())
        answer_topics = {t for m in ac.members if (t := answers[m].topic)}
        sentence = ac.label
        for t in sorted(answer_topics, key=len, reverse=True):
            if ac.label.startswith(f"{t}: "):
                sentence = ac.label[len(t) + 2 :]
                break
        # A list marker (`– `, `2. `) opening the passage is not part of its label.
        assert sentence.removesuffix(" …") in first, (ac.id, ac.label)
        assert first.find(sentence.removesuffix(" …")) <= 4, (ac.id, ac.label)


# The pattern for a question that only points back, as it was written before its
# lookahead: the reference the faster one must agree with.
_POINTS_BACK_BEFORE = re.compile(
    r"\b(?:dit|deze|dat|die|daar|hier|hiervan|daarvan|hierover|daarover|hiermee|daarmee)"
    r"\s+(?:plan|plannen|signalen|signaal|punt|punten|onderzoek|cijfers|aanpak|maatregel"
    r"|maatregelen|ontwikkeling|ontwikkelingen|afspraken|stap|stappen)\b|\b(?:hiervan|daarvan"
    r"|hierover|daarover|hiermee|daarmee|dit|dat)\?",
    re.IGNORECASE,
)


def _fixture_questions() -> list[str]:
    from dedup.errors import DedupError
    from dedup.pipeline import segment_file

    texts: list[str] = []
    for path in sorted(Path("fixtures").rglob("*.txt")):
        try:
            texts += [q.text for q in segment_file(path).questions]
        except DedupError:
            continue  # the fixtures of what is no consultation at all
    return texts


def test_points_back_is_the_pattern_it_was() -> None:
    """On every fixture question, its sentences, and made-up ones with each of the words
    in both cases (and the letters IGNORECASE folds: dotless i, long s, Kelvin sign)."""
    texts = _fixture_questions()
    texts += [s for t in texts for s in re.split(r"(?<=[.?!])\s+", t)]
    openers = ["dit", "deze", "dat", "die", "daar", "hier", "hiervan", "daarvan", "hierover"]
    nouns = ["plan", "punten", "onderzoek", "cijfers", "stap", "maatregelen", "planning"]
    for o in [*openers, "daarmee", "Hiermee", "DIT", "dıt", "ditt", "adit"]:
        for n in [*nouns, "ſtap", "\u212aijk", "PLAN"]:
            texts += [f"Wat is {o} {n}?", f"{o}\t{n}", f"Hoe zit het {o}?", f"{o}{n}", f"x{o} {n}"]
    matched = 0
    for text in texts:
        before = bool(_POINTS_BACK_BEFORE.search(text))
        assert bool(_POINTS_BACK.search(text)) == before, text
        matched += before
    assert 100 < matched < len(texts) - 100


def _best_question_by_sorting(texts: list[str]) -> str:
    """best_question as it was: every member ranked, the first of the sorted ranks."""
    ranked = sorted(
        range(len(texts)), key=lambda i: (*_form(texts[i]), *_leans_on(texts[i]), len(texts[i]), i)
    )
    return texts[ranked[0]]


def test_best_question_is_the_first_by_rank() -> None:
    """Random groups of fixture questions (with copies, so ties of text and of length)."""
    texts = _fixture_questions()
    rng = random.Random(3)
    for _ in range(3000):
        group = rng.sample(texts, rng.randint(1, 12))
        group += rng.sample(group, rng.randint(0, len(group)))
        rng.shuffle(group)
        assert best_question(group) == _best_question_by_sorting(group)
