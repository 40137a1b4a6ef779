"""The fast paths of segmentation (issue 11's 1 MB paragraph) give what the straightforward
versions they replace give, on generated input: the sentence splitter's backward walk to the
word before a full stop, the lexicon counted per distinct word, the whitespace squash, and
Part II alignment's top six scored per distinct Part I sentence, and the title checks that
look for their word before running their pattern over a long first paragraph, and the check
for a fraction named only as the owner of a question referred to, which reads the last words
before the name, not the whole text before it."""

from __future__ import annotations

import bisect
import random
import re
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from dedup.layouts.sections import (
    _REFERRED,
    _PartOneIndex,
    _referred,
    _repeat_scores,
    _Scores,
    _subject_fraction,
)
from dedup.layouts.verslag import _BILL_TITLE, _UPPER_HOUSE_TITLE, Verslag
from dedup.parse.normalize import _TOKEN, _squash, build_lexicon
from dedup.parse.sentences import (
    _SPLIT_CANDIDATE,
    Span,
    _closed_parentheses,
    _is_abbreviation,
    _split_sentences,
)
from dedup.parse.structure import _INBRENG, _VERSLAG_TITLE, titled_inbreng, titled_verslag


def _inside(stretches: tuple[list[int], list[int]], pos: int) -> bool:
    """Whether `pos` lies in one of the stretches (the splitter's check before it walked
    along them)."""
    starts, ends = stretches
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos <= ends[k]


def reference_split(text: str) -> tuple[Span, ...]:
    """The splitter with the word before a full stop taken from every whitespace of the
    text, in order (the version before the backward walk)."""
    parens = _closed_parentheses(text) if "(" in text else None
    spaces = iter(m.start() for m in re.finditer(r"\s", text))
    next_space = next(spaces, None)
    word_start = 0
    spans: list[Span] = []
    start = 0
    for m in _SPLIT_CANDIDATE.finditer(text):
        punct_start = m.start(1)
        if parens is not None and _inside(parens, punct_start):
            continue
        if m.group(1) == ".":
            while next_space is not None and next_space < punct_start:
                word_start = next_space + 1
                next_space = next(spaces, None)
            if word_start < punct_start and _is_abbreviation(text[word_start:punct_start]):
                continue
        end = m.end(2)
        spans.append(Span(text[start:end].strip(), start, end))
        start = m.end(3)
    if text[start:].strip():
        spans.append(Span(text[start:].strip(), start, len(text.rstrip())))
    return tuple(s for s in spans if s.text)


# Words that exercise every rule: abbreviations, initials, parentheses, quotes, stops
# glued to words, and every kind of whitespace between them.
_PIECES = [
    "De", "leden", "vragen", "nr.", "bijv.", "J.", "a.", "(zie", "blz.", "3)", "Kan",
    "dit?", "Zo", "ja,", "welke?", "wet.", "«Dit»", "“Wat”.", "art.", "5.", "B&W.", "!",
    "...", "(", ")", "Mr.", "e.a.", "t/m", "X.Y.", "'Zo'.", "2024.", "É.",
]  # fmt: skip
_GAPS = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", " \n ", "\u2003", ""]


def generated_text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(_PIECES) + rng.choice(_GAPS) for _ in range(words))


def test_split_matches_the_reference_on_generated_text() -> None:
    rng = random.Random(11)
    for _ in range(400):
        text = generated_text(rng, rng.randint(0, 120))
        assert _split_sentences.__wrapped__(text) == reference_split(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB.?! (\n)\t«J\u00a0nr")), max_size=200))
def test_split_matches_the_reference_on_any_text(text: str) -> None:
    assert _split_sentences.__wrapped__(text) == reference_split(text)


def test_split_of_a_long_pasted_paragraph_matches_the_reference() -> None:
    sentence = "De leden vragen bijv. naar nr. 5 van de heer J. Jansen (zie blz. 3) en of dit kan? "
    text = sentence * 2000
    found = _split_sentences.__wrapped__(text)
    assert found == reference_split(text)
    assert len(found) == 2000


def test_lexicon_counts_like_lowering_every_token() -> None:
    rng = random.Random(5)
    words = ["Wet", "wet", "WET", "Kabinets-besluit", "kabinets-besluit", "Één", "één", "A1"]
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(300)]
    expected: Counter[str] = Counter()
    for line in lines:
        expected.update(t.lower() for t in _TOKEN.findall(line))
    found = build_lexicon(lines)
    assert found == expected
    assert list(found) == list(expected)  # the same keys in the same order


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\u00a0\n-")), max_size=80))
def test_squash_replaces_every_blank_run_by_one_space(text: str) -> None:
    assert _squash(text) == re.sub(r"[ \t\u00a0]+", " ", text)


def test_top_six_is_sorted_by_score_then_position() -> None:
    rng = random.Random(3)
    pool = [f"vorm {k}" for k in range(40)]
    for n in [1, 2, 5, 6, 7, 50, 400]:
        for _ in range(30):
            # Few distinct forms repeated (a pasted paragraph) or all different, and few
            # distinct scores: ties at the cut-off are the rule, not the exception.
            forms = [rng.choice(pool[: rng.choice([1, 3, 40])]) for _ in range(n)]
            idx = _PartOneIndex(forms=forms, owners=[None] * n)
            _repeat_scores(["x"], idx)  # fills the distinct forms and their positions
            by_form = np.array([rng.choice([0.0, 50.0, 84.0, 100.0]) for _ in idx.distinct])
            scores = _Scores(by_form, idx)
            full = [float(by_form[idx.where[j]]) for j in range(n)]
            expected = sorted(range(n), key=lambda j: (-full[j], j))[:6]
            assert scores.best(6) == expected
            assert [scores[j] for j in range(n)] == full


def test_repeat_scores_equal_one_cdist_against_every_form() -> None:
    rng = random.Random(8)
    pool = ["de leden vragen of dit kan", "zo ja welke", "kan de minister dit toelichten", "x"]
    idx = _PartOneIndex(forms=[rng.choice(pool) for _ in range(200)], owners=[None] * 200)
    forms = [rng.choice(pool) + " nog" for _ in range(7)] + pool
    expected = process.cdist(forms, idx.forms, scorer=fuzz.ratio, dtype=np.float64)
    found = _repeat_scores(forms, idx)
    assert len(idx.distinct) == len(pool)
    assert np.array_equal(found[:, idx.where], expected)
    for k in range(len(forms)):
        assert [_Scores(found[k], idx)[j] for j in range(200)] == expected[k].tolist()


_TITLE_WORDS = [
    "VERSLAG", "verslag", "VERſLAG", "Verslag", "VAN", "EEN", "SCHRIFTELIJK", "OVERLEG",
    "INBRENG", "inbreng", "İNBRENG", "NADER", "VOORLOPIG", "EINDVERSLAG", "BRIEF", "DE",
    "VOORZITTER", "COMMISSIE", "Nr.", "5", "tekst", "leden", "\n",
    "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Verſlag van een\nschriftelijk overleg",
    "INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
]  # fmt: skip


def generated_heads(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    heads = []
    for _ in range(300):
        words = [rng.choice(_TITLE_WORDS) for _ in range(rng.randint(0, 30))]
        heads.append(" ".join(words).split("\n"))
    return heads


def test_title_checks_match_their_patterns() -> None:
    """The word checked first never changes what the title patterns find."""
    found = {"verslag": 0, "inbreng": 0, "upper": 0}
    for lines in generated_heads(2):
        head = "\n".join(lines[:60])
        verslag = bool(_VERSLAG_TITLE.search(head)) and not _INBRENG.search(head)
        inbreng = bool(_INBRENG.search(head))
        upper = _UPPER_HOUSE_TITLE.search(head) or _BILL_TITLE.search(head)
        assert titled_verslag(lines) == verslag, head
        assert titled_inbreng(lines) == inbreng, head
        cue = next((c for c in Verslag().detect(lines, []).cues if c.startswith("title '")), None)
        expected = None if upper is None else f"title {' '.join(upper.group(0).split())!r}"
        if not verslag:
            assert cue == expected, head
        found["verslag"] += verslag
        found["inbreng"] += inbreng
        found["upper"] += upper is not None
    assert min(found.values()) >= 5, found


_REFERENCE_WORDS = [
    "vraag", "Vragen", "antwoord", "(vraag", "reactie", "op", "de", "het", "van", "van",
    "van", "leden", "lid", "VVD-fractie", "D66-fractie", "zie", "gestelde", "eerdere", "x-",
]  # fmt: skip


def test_reference_check_reads_only_the_last_words() -> None:
    """_referred(text, end) is _REFERRED searched over all of text[:end], at every end."""
    rng = random.Random(12)
    hits = 0
    for _ in range(300):
        words = [rng.choice(_REFERENCE_WORDS) for _ in range(rng.randint(0, 25))]
        text = "".join(w + rng.choice(_GAPS[:-1]) for w in words)
        for end in range(len(text) + 1):
            expected = _REFERRED.search(text[:end]) is not None
            assert _referred(text, end) == expected, (text, end)
            hits += expected
    assert hits > 100


def test_subject_of_a_long_paragraph_of_references() -> None:
    """Every fraction named in it is only referred to, but one: the one that asks."""
    referred = "Zie het antwoord op de vraag van de leden van de VVD-fractie hierboven. "
    text = referred * 3000 + "De leden van de D66-fractie vragen of dit kan."
    assert _subject_fraction(text) == "D66"
    assert _subject_fraction(referred * 3000) is None
