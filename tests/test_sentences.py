"""Sentence splitting and the role of each sentence in a fraction's inbreng."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.parse.sentences import (
    _CUT_QUESTION,
    _SPLIT_CANDIDATE,
    ABBREVIATIONS,
    Role,
    Span,
    sentence_role,
    split_sentences,
)
from tests.conftest import SAMPLE, sample_segmentation


def test_split_respects_parentheses_and_abbreviations() -> None:
    """No split inside `(Kamerstuk ..., nr. 73)` or after `jl.`, `bijv.` or `B&W.` ends one."""
    text = (
        "Kan de Staatssecretaris aangeven (motie van het lid Westerveld (Kamerstuk 36 200 XVI, "
        "nr. 73), zoals in de brief van 30 juni jl. (Kamerstuk 29 325, nr. 155))? Zo ja, welke? "
        "Dit gebeurt bijv. via de app. Dit wordt vastgesteld door het College van B&W. De leden "
        "vragen meer."
    )
    parts = [s.text for s in split_sentences(text)]
    assert parts == [
        "Kan de Staatssecretaris aangeven (motie van het lid Westerveld (Kamerstuk 36 200 XVI, "
        "nr. 73), zoals in de brief van 30 juni jl. (Kamerstuk 29 325, nr. 155))?",
        "Zo ja, welke?",
        "Dit gebeurt bijv. via de app.",
        "Dit wordt vastgesteld door het College van B&W.",
        "De leden vragen meer.",
    ]


@pytest.mark.parametrize(
    ("sentence", "previous", "role"),
    [
        ("Herkent de Staatssecretaris deze signalen?", None, Role.QUESTION),
        ("Zo ja, welke?", Role.QUESTION, Role.FOLLOW_UP),
        ("Zo nee, waarom niet?", Role.QUESTION, Role.FOLLOW_UP),
        ("Waarom wel, of waarom niet?", Role.QUESTION, Role.FOLLOW_UP),
        ("Kan de Staatssecretaris dit inzichtelijk maken?", Role.QUESTION, Role.FOLLOW_UP),
        (
            "Graag vernemen deze leden hoe de Staatssecretaris hier tegenaan kijkt.",
            None,
            Role.REQUEST,
        ),
        (
            "De leden van de VVD-fractie vragen de Staatssecretaris wanneer de gemeenten deze "
            "plannen klaar moeten hebben.",
            None,
            Role.REQUEST,
        ),
        (
            "De leden van de SP-fractie verzoeken de staatsecretaris verder aan te geven hoe hij "
            "aankijkt tegen gemeenten.",
            None,
            Role.REQUEST,
        ),
        (
            "Deze leden ontvangen graag een reflectie daarop van de Staatssecretaris.",
            None,
            Role.REQUEST,
        ),
        (
            "Waarom is de Staatssecretaris hier niet bij betrokken, zo vragen deze leden.",
            None,
            Role.REQUEST,
        ),
        (
            "Genoemde leden kijken uit naar een hopelijk zo spoedig mogelijk nader bericht "
            "hierover.",
            None,
            Role.STATEMENT,
        ),
        (
            "Daklozenorganisaties herkennen de afname niet en vragen zich af of er niet grote "
            "groepen buiten beeld blijven.",
            None,
            Role.STATEMENT,
        ),
        ("Zij hebben hier nog enkele vragen en opmerkingen over.", None, Role.STATEMENT),
        (
            "Daarnaast hebben de leden van de D66-fractie nog de volgende vragen.",
            None,
            Role.STATEMENT,
        ),
        (
            "De leden van de BBB-fractie hopen dan ook dat het dashboard geen misverstand laat "
            "bestaan.",
            None,
            Role.STATEMENT,
        ),
    ],
)
def test_sentence_roles(sentence: str, previous: Role | None, role: Role) -> None:
    """Questions, bare follow-ups, indirect requests and non-questions are told apart."""
    assert sentence_role(sentence, previous) is role


def test_third_party_they_ask_is_not_the_fraction() -> None:
    """`Zij ... vragen` after a sentence about organisations is theirs, not the fraction's."""
    prev = "Het CBS concludeert dit, maar daklozenorganisaties zetten hier vraagtekens bij."
    s = "Zij herkennen de afname niet en vragen de Staatssecretaris of groepen buiten beeld zijn."
    assert sentence_role(s, Role.STATEMENT, prev) is Role.STATEMENT
    members = "De leden van de VVD-fractie willen weten wat er gebeurt."
    s2 = "Zij vragen de Staatssecretaris of er extra stappen gezet worden."
    assert sentence_role(s2, Role.REQUEST, members) is Role.REQUEST


def _reference_split(text: str) -> list[Span]:
    """The slow obvious splitter: scans the text before every full stop for its word."""

    def is_abbreviation(dot: int) -> bool:
        m = re.search(r"(\S+)\Z", text[:dot])
        if not m:
            return False
        word = m.group(1).lower().lstrip("(«“\"'").rstrip(".")
        return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())

    spans: list[Span] = []
    start = 0
    for m in _SPLIT_CANDIDATE.finditer(text):
        p = m.start(1)
        if _inside_closed_parentheses(text, p):
            continue
        if m.group(1) == "." and is_abbreviation(p):
            continue
        spans.append(Span(text[start : m.end(2)].strip(), start, m.end(2)))
        start = m.end(3)
    if text[start:].strip():
        spans.append(Span(text[start:].strip(), start, len(text.rstrip())))
    return [s for s in spans if s.text]


def _inside_closed_parentheses(text: str, pos: int) -> bool:
    """Some '(' before `pos` is closed by a ')' at or after it (matched as a stack)."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            opened = stack.pop()
            if opened <= pos <= i:
                return True
    return False


def _sample_texts() -> list[str]:
    seg = sample_segmentation()
    raw = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split("\n")) for p in raw.split("\n\n")]
    units = [q.text for q in seg.questions] + [q.context for q in seg.questions]
    return [*paragraphs, *units, *(a.text for a in seg.answers)]


def test_split_matches_the_reference_on_the_sample() -> None:
    """Every paragraph, question unit and answer of the sample splits as the slow version."""
    texts = _sample_texts()
    assert len(texts) > 300
    for text in texts:
        assert split_sentences(text) == _reference_split(text), text[:80]


_PIECES = st.sampled_from(
    [
        "nr", "bijv", "J", "a", "De", "leden", "vragen", "Zo", "1", "–", "(", ")", "«", "»",
        "\"", "'", ".", "..", "?", "!", " ", "  ", "\n", "d.w.z", "e.a", "B&W", "art",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_split_matches_the_reference_on_generated_text(text: str) -> None:
    """Abbreviations, initials, nested parentheses, quotes and odd spacing split the same."""
    assert split_sentences(text) == _reference_split(text)


def test_one_megabyte_paragraph_splits() -> None:
    """A paragraph of 1 MB without line breaks splits (in linear time: it used to hang)."""
    sentence = "De leden vragen bijv. naar nr. 5 van de heer J. Jansen (zie blz. 3). "
    text = sentence * (1_000_000 // len(sentence))
    spans = split_sentences(text)
    assert len(spans) == 1_000_000 // len(sentence)
    assert spans[-1].text == sentence.strip()


# The cut-off-question pattern as first written: the slow obvious reference (its last words
# as `(?:\S+\s*){1,8}`, which backtracks through every way of cutting them).
_CUT_QUESTION_REFERENCE = re.compile(
    r"^(?:\S+\s+){5,}.*[,;]\s+(?:maar\s+|en\s+|dus\s+)?(?:waarom|hoe|wat|welke|wanneer|"
    r"in\s+hoeverre|hoeveel)\s+(?:\S+\s*){1,8}$(?<![.?!:;)»”\"'])",
    re.I,
)
_CUT_WORDS = ["De", "leden", "vragen", "waarom", "Hoe", "in", "hoeverre", "maar", "en", "x"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_CUT_WORDS),
            st.sampled_from([",", ";", ".", "?", ")", "\n", "  ", "\t", "die."]),
            st.text(alphabet="ab ,;.\n", max_size=4),
        ),
        max_size=24,
    ).map(" ".join)
)
def test_cut_question_pattern_matches_what_the_reference_matched(text: str) -> None:
    """The fast cut-off-question pattern finds a match exactly where the reference does."""
    assert bool(_CUT_QUESTION.search(text)) == bool(_CUT_QUESTION_REFERENCE.search(text))


def test_cut_question_pattern_on_every_sentence_of_the_fixtures() -> None:
    """Same answer as the reference on every sentence of every fixture (stripped or not)."""
    seen = cut = 0
    for path in sorted(SAMPLE.parent.rglob("*.txt")):
        for span in split_sentences(path.read_text(encoding="utf-8")):
            for text in (span.text, span.text + " "):
                if len(text) < 600:  # the reference is exponential in the last words
                    seen += 1
                    cut += bool(_CUT_QUESTION.search(text))
                    assert bool(_CUT_QUESTION.search(text)) == bool(
                        _CUT_QUESTION_REFERENCE.search(text)
                    ), text
    assert seen > 1000 and cut >= 2  # the excerpts cut off inside a question
