"""content_clause collapses whitespace with str.split: the same clauses as the earlier
re.sub(r"\\s+", " ", ...).strip() (kept here as the reference)."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.similarity import content
from dedup.similarity.content import content_clause


def _reference(form: str) -> str:
    """content_clause as it was, whitespace collapsed by a pattern."""
    text = content._FRAME.sub(" ", form)
    text = content._INVERTED_FRAME.sub(" ", text)
    text = content._TELL_FRAME.sub(" ", text)
    if "fractie" in text:
        text = content._FRACTION.sub(" ", text)
    text = content._ADDRESSEE_WORDS.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text.split()) >= 2 else form


def test_the_pattern_and_str_split_agree_on_every_whitespace_character() -> None:
    """What the rewrite rests on: `\\s` matches exactly the characters str.isspace accepts."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    matched = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == matched
    assert "\u00a0" in spaces and "\u2003" in spaces and "\x1c" in spaces


_PIECES = [
    "de leden van de vvd-fractie vragen",
    "kan de minister aangeven",
    "hoeveel",
    "gemeenten",
    "opvang",
    "fractie",
    "u",
    "de staatssecretaris",
    "zijn benieuwd naar",
    "en",
]
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003", " \u3000 ", "\x1c"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_PIECES), _SPACES), max_size=8),
    _SPACES,
    st.booleans(),
)
def test_clauses_are_the_references(
    pieces: list[tuple[str, str]], lead: str, leading: bool
) -> None:
    """Frames, fraction names and every kind of whitespace, inside and around the text."""
    form = (lead if leading else "") + "".join(p + s for p, s in pieces)
    assert content_clause(form) == _reference(form)


def _reference_without_references(text: str) -> str:
    """compare.without_references as it was, whitespace collapsed by a pattern."""
    from dedup.parse.references import REFERENCE

    return re.sub(r"\s+", " ", REFERENCE.sub(" ", text)).strip()


_ANSWER_PIECES = [
    "Zie het antwoord op vraag 2.",
    "Het kabinet",
    "verwijst naar",
    "het antwoord op vraag 14",
    "de opvang",
    "",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ANSWER_PIECES), _SPACES), max_size=8))
def test_answers_without_references_are_the_references(pieces: list[tuple[str, str]]) -> None:
    """Cross-references dropped and whitespace collapsed as before, whatever the spaces."""
    from dedup.compare import without_references

    text = "".join(p + s for p, s in pieces)
    assert without_references(text) == _reference_without_references(text)
