"""The layout checks' fast paths find what their patterns find: the word test before a title
pattern (str.lower() instead of re.I, except for the characters where the two differ), the
line-start search of the Kamervragen patterns, and the words the nota and memorie titles
hold. Compared with the patterns run the straightforward way, on generated text with the
characters and words that exercise every rule, and on every fixture."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.layouts.kamervragen import _ANSWER_CUE, _ASKED_LABEL, _KAMERVRAGEN, _NUMBERED_QA
from dedup.layouts.lijst import _LIJST, Lijst
from dedup.layouts.nota import _MEMORIE, _NOTA, MemorieVanAntwoord, Nota
from dedup.parse.structure import holds_word, line_start_matches

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").rglob("*.txt"))

_WORDS = ("lijst", "inbreng", "verslag", "nota", "memorie")
# Every case re.I and str.lower() read differently ("İ", "ı", "ſ"), the Kelvin sign (read
# alike), accented capitals and the letters of the words, in both cases.
_LETTERS = "lijstnbrevgaomLIJSTNBREVGAOMİıſKÉéŸÿ \n-"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_LETTERS, max_size=40), st.sampled_from(_WORDS))
def test_holds_word_is_a_case_blind_search(text: str, word: str) -> None:
    assert holds_word(word, text) == (re.search(word, text, re.I) is not None)


def test_holds_word_on_generated_words() -> None:
    rng = random.Random(3)
    seen = 0
    for _ in range(2000):
        word = rng.choice(_WORDS)
        # The word with some letters swapped for a look-alike or another case.
        text = "".join(
            rng.choice((c, c.upper(), "İ" if c == "i" else "ſ" if c == "s" else "ı", "x"))
            for c in word
        )
        text = rng.choice(("", "Het ", "\n")) + text + rng.choice(("", " van", "\n"))
        expected = re.search(word, text, re.I) is not None
        assert holds_word(word, text) == expected, (word, text)
        seen += expected
    assert seen > 40


_LINE_PIECES = [
    "Vraag 1", "Vraag 12:", "Antwoord 2", "antwoord 3 :", "VRAAG 4", "Vragen van het lid",
    "Vragen van de leden", "Vraag van het lid", "Jansen", "Van der Berg", "(VVD)", "( SP )",
    "(GL-PvdA)", ":", "aan de Minister", "Kamervraag 2022Z12345", "Kamervragen 1999Z1234",
    "Indiener", "Indieners", "(CDA)", "\n", "\n", "\n\n", " ", "  ", "\t", "tekst", "İ", "?",
]  # fmt: skip


def generated_texts(seed: int, count: int = 400) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(
            rng.choice(_LINE_PIECES) + rng.choice(("", " ", "\n"))
            for _ in range(rng.randint(0, 30))
        )
        for _ in range(count)
    ]


def _found(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(0)) for m in matches]


def test_line_start_matches_are_finditer() -> None:
    texts = generated_texts(5) + [p.read_text(encoding="utf-8") for p in FIXTURES]
    found = 0
    for pattern in (_KAMERVRAGEN, _ASKED_LABEL, _NUMBERED_QA):
        for text in texts:
            expected = _found(list(pattern.finditer(text)))
            assert _found(line_start_matches(pattern, text)) == expected, (pattern, text)
            found += len(expected)
    assert found > 500


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=25).map("".join))
def test_line_start_matches_on_any_joining(text: str) -> None:
    for pattern in (_KAMERVRAGEN, _ASKED_LABEL, _NUMBERED_QA):
        assert _found(line_start_matches(pattern, text)) == _found(list(pattern.finditer(text)))


def test_answer_cue_holds_its_word() -> None:
    """has_answers looks for "ntwoord" before the pattern: every match holds it."""
    for text in generated_texts(6) + [p.read_text(encoding="utf-8") for p in FIXTURES]:
        for m in _ANSWER_CUE.finditer(text):
            assert "ntwoord" in m.group(0)


_TITLE_PIECES = [
    "NOTA NAAR AANLEIDING VAN HET VERSLAG", "Nota naar aanleiding van het (nader) verslag",
    "nota naar aanleiding van het verslag", "MEMORIE VAN ANTWOORD", "Memorie van antwoord",
    "memorie van antwoord", "LIJST VAN VRAGEN EN ANTWOORDEN", "Lijst van feitelijke vragen",
    "lıjst van vragen", "LIJſT VAN VRAGEN", "Nr. 5", "C", "\n", " ", "tekst", "de",
]  # fmt: skip


def test_title_cues_are_the_patterns() -> None:
    """The lijst, nota and memorie title cues come exactly where their patterns match."""
    rng = random.Random(8)
    seen = {"lijst": 0, "nota": 0, "memorie": 0}
    for _ in range(600):
        head = "".join(rng.choice(_TITLE_PIECES) + " " for _ in range(rng.randint(0, 12)))
        lines = head.split("\n")
        joined = "\n".join(lines[:60])
        for key, layout, pattern in (
            ("lijst", Lijst(), _LIJST),
            ("nota", Nota(), _NOTA),
            ("memorie", MemorieVanAntwoord(), _MEMORIE),
        ):
            titled = any(c.startswith("title ") for c in layout.detect(lines, []).cues)
            assert titled == (pattern.search(joined) is not None), (key, head)
            seen[key] += titled
    assert min(seen.values()) >= 20, seen
