"""Cluster labels a clerk recognises: the topic the members stand under and the
shortest complete question among them, in the members' own words.

A label names the information need (`Inzicht dakloosheid: Hoe veel woonplekken zijn er
tot nu toe als onderdeel van het actieplan gerealiseerd?`), never a pair of keywords.
The question is a member's own sentence, preferring a direct question (`?`) that does
not name its fraction (any known fraction, not only this document's) and does not only
point back (`dit plan`); an answer cluster is labelled by the first sentence of its
first occurrence under its topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from dedup.parse.fractions import known_fractions

# Longer labels are cut at a word boundary; a label is a heading, not a paragraph.
MAX_LABEL_CHARS = 140
# A "complete" question has at least this many words (`Zo ja, welke?` is a follow-up).
MIN_QUESTION_WORDS = 4

# Words that only point back to what came before: the question needs its context.
# Every word it starts with begins with d or h: the lookahead says so first, so that the
# search fails at most places after one character test instead of trying every word
# (the same texts match: each alternative needs that first letter anyway).
_POINTS_BACK = re.compile(
    r"\b(?=[dh])(?:(?:dit|deze|dat|die|daar|hier|hiervan|daarvan|hierover|daarover|hiermee"
    r"|daarmee)\s+(?:plan|plannen|signalen|signaal|punt|punten|onderzoek|cijfers|aanpak"
    r"|maatregel|maatregelen|ontwikkeling|ontwikkelingen|afspraken|stap|stappen)\b|(?:hiervan"
    r"|daarvan|hierover|daarover|hiermee|daarmee|dit|dat)\?)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.?!])\s+")
# A list marker opening a sentence: `–`, `-`, `•`, `2.`, `b)`.
# Words of two letters or more: `N.a.v.` cut off by the sentence split is no sentence.
_WORDS = re.compile(r"[^\W\d_]{2,}")
_BULLET = re.compile(r"^(?:[–•·*-]|\d{1,2}[.)]|[a-z][.)])\s+")


# A question that names who asks (`De leden van de VVD-fractie vragen ...`) reads wrong
# as a label for other askers: the words for askers, or a known fraction's name before
# `fractie`. Two patterns, not one alternation: the second (every known name tried at
# every word) is tried only on a text that has `fractie` at all, which it needs.
_ASKER_WORDS = re.compile(r"\b(?:leden|fractie|lid|zij vragen|deze leden)\b", re.IGNORECASE)
_FRACTIE = re.compile(r"fractie", re.IGNORECASE)


@cache
def _fraction_named() -> re.Pattern[str]:
    """A known fraction's name before `fractie`, built from every known fraction name
    (any known fraction, not only this document's)."""
    names = "|".join(re.escape(n) for n in sorted(known_fractions(), key=len, reverse=True))
    return re.compile(rf"\b(?:{names})(?:-|\s)?fractie", re.IGNORECASE)


def _names_asker(text: str) -> bool:
    return bool(
        _ASKER_WORDS.search(text) or (_FRACTIE.search(text) and _fraction_named().search(text))
    )


def _clip(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


# What makes a member question a good label, in order: it ends with `?` and has enough
# words (its form), it names no asker and does not only point back, it is short.
def _form(text: str) -> tuple[bool, bool]:
    return (not text.rstrip().endswith("?"), len(text.split()) < MIN_QUESTION_WORDS)


def _leans_on(text: str) -> tuple[bool, bool]:
    return (_names_asker(text), bool(_POINTS_BACK.search(text)))


def best_question(texts: Sequence[str]) -> str:
    """The shortest complete question among `texts` (ties: the first): the first by
    (form, what it leans on, length, position), found without searching every member for
    what it leans on (tests/test_labels.py checks it against sorting them all)."""
    if not texts:
        return ""
    # Each text once, where it first occurs: a copy ranks as its first occurrence, after it.
    distinct = list(dict.fromkeys(texts))
    form = {t: _form(t) for t in distinct}
    best_form = min(form.values())
    # Only texts of the best form can come first; by length, then by where they occur, the
    # first text with each outcome of the two searches is the best with that outcome, and
    # none beats one that neither names its asker nor points back: stop there.
    candidates = sorted((t for t in distinct if form[t] == best_form), key=len)
    best, best_key = candidates[0], _leans_on(candidates[0])
    for text in candidates[1:]:
        if best_key == (False, False):
            break
        key = _leans_on(text)
        if key < best_key:
            best, best_key = text, key
    return best


def _topic(topics: Iterable[str | None]) -> str:
    """The subheading most members stand under (ties: the first seen)."""
    counts = Counter(t.strip() for t in topics if t and t.strip())
    if not counts:
        return ""
    order = {t: i for i, t in enumerate(counts)}
    return min(counts, key=lambda t: (-counts[t], order[t]))


def question_phrase(questions: Sequence[str]) -> str:
    """The label without its topic: the shortest complete member question (the words
    that tell two clusters under one subheading apart; the sidebar shows these)."""
    return _clip(best_question(questions))


def question_label(topics: Iterable[str | None], questions: Sequence[str]) -> str:
    """`Topic: question`, or the question alone when no member has a topic."""
    question = question_phrase(questions)
    topic = _topic(topics)
    if topic and question:
        return _clip(f"{topic}: {question}")
    return question or _clip(topic)


def answer_phrase(first_text: str) -> str:
    """The label of an answer cluster without its topic: the passage's first sentence of
    two words or more (a list number `2.` or `N.a.v.` alone says nothing), without a list
    marker opening it (`– `, `2. `), clipped."""
    first = ""
    for sentence in _SENTENCE.split(" ".join(first_text.split())):
        # `2.` or `N.a.v.` cut off by the sentence split belongs with what follows.
        first = f"{first} {sentence}".strip()
        if len(_WORDS.findall(first)) >= 2:
            break
    return _clip(_BULLET.sub("", first))


def answer_label(topics: Iterable[str | None], first_text: str) -> str:
    """An answer cluster's label: its topic and the first sentence of its first
    occurrence (what the reused passage says; the questions it answers are often a
    whole block, so they would not tell two passages apart)."""
    first = answer_phrase(first_text)
    topic = _topic(topics)
    if topic and first:
        return _clip(f"{topic}: {first}", MAX_LABEL_CHARS)
    return _clip(first or topic)
