"""sentence_role and framed_request with their word checks (a sentence without the words
a pattern needs skips that pattern) give what the versions running every pattern give, on
every sentence of the fixtures and on generated sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.ingest import read_document
from dedup.parse.normalize import build_paragraphs
from dedup.parse.sentences import (
    _CUT_QUESTION,
    _ELABORATE,
    _INDIRECT,
    _INTERROGATIVE_OPENER,
    _NOT_A_QUESTION,
    _THIRD_PARTY_ASKS,
    FOLLOW_UP,
    Role,
    _split_candidates,
    _subject_is_third_party,
    framed_request,
    sentence_role,
    split_sentences,
)

ROOT = Path(__file__).resolve().parent.parent


def reference_role(sentence: str, previous: Role | None, previous_text: str = "") -> Role:
    """sentence_role as it was: every pattern on every sentence."""
    s = sentence.strip()
    asks = s.endswith("?") or s.endswith("?)")
    if previous in (Role.QUESTION, Role.REQUEST, Role.FOLLOW_UP) and (
        FOLLOW_UP.match(s) or (asks and len(s) < 90 and _ELABORATE.match(s))
    ):
        return Role.FOLLOW_UP
    if asks or _CUT_QUESTION.search(s):
        return Role.QUESTION
    if (
        _THIRD_PARTY_ASKS.match(s)
        or _NOT_A_QUESTION.search(s)
        or _subject_is_third_party(s, previous_text)
    ):
        return Role.STATEMENT
    if any(p.search(s) for p in _INDIRECT):
        return Role.REQUEST
    if _INTERROGATIVE_OPENER.match(s) and not s.endswith(":"):
        return Role.REQUEST
    return Role.STATEMENT


def fixture_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(ROOT.glob("fixtures/**/*.txt")):
        source = read_document(path)
        for p in build_paragraphs(source.lines):
            out.extend(s.text for s in split_sentences(p.text))
    return out


_WORDS = [
    "De", "leden", "van", "de", "VVD-fractie", "vragen", "VRAGEN", "vraagt", "zich", "af",
    "of", "hoe", "waarom", "Zij", "gemeenten", "graag", "gaarne", "vernemen", "willen",
    "weten", "verzoeken", "regering", "te", "benieuwd", "zijn", "een", "reactie", "op",
    "toelichting", "reflectie", "toezegging", "hopen", "Kan", "dit", "toelichten", "Zo",
    "ja,", "maar", "wordt", "die", ",", ";", ".", "?", ":", ")", "»", "'", "ı", "ſ", "K",
    "bENIEUWD", "ToElIcHtInG", "wIl", "Vra", "agt", "nee", "welke", "Hoeveel",
]  # fmt: skip


def generated_sentences(seed: int, count: int = 4000) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(0, 25))]
        out.append(rng.choice(["", " "]).join(words) if rng.random() < 0.1 else " ".join(words))
    return out


def test_role_matches_the_reference() -> None:
    sentences = fixture_sentences() + generated_sentences(6)
    assert len(sentences) > 5000
    rng = random.Random(7)
    seen: set[Role] = set()
    previous_text = ""
    for s in sentences:
        previous = rng.choice([None, *Role])
        expected = reference_role(s, previous, previous_text)
        assert sentence_role(s, previous, previous_text) == expected, (s, previous)
        seen.add(expected)
        previous_text = s
    assert seen == set(Role)


def test_framed_request_matches_every_pattern() -> None:
    frames = 0
    for s in fixture_sentences() + generated_sentences(8):
        expected = any(p.search(s) for p in _INDIRECT)
        assert framed_request(s) == expected, s
        frames += expected
    assert frames > 300


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(4)) for m in matches]


# _SPLIT_CANDIDATE as it was written before its stops became `[.?!][.?!]*` (so that the
# search skips to the next stop): the reference the candidates are compared with.
_REFERENCE_CANDIDATE = re.compile(r"([.?!]+)([»”\"')]*)(\s+)(?=[«“\"'(]?[A-ZÀ-Ý0-9–])")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB.?!» \n(«É0–'")), max_size=120))
def test_split_candidates_are_the_pattern_matches(text: str) -> None:
    expected = list(_REFERENCE_CANDIDATE.finditer(text))
    assert _spans(_split_candidates(text)) == _spans(expected)


def test_split_candidates_on_the_fixtures() -> None:
    count = 0
    for path in sorted(ROOT.glob("fixtures/**/*.txt")):
        text = "\n".join(read_document(path).lines)
        expected = list(_REFERENCE_CANDIDATE.finditer(text))
        assert _spans(_split_candidates(text)) == _spans(expected), path
        count += len(expected)
    assert count > 1000
