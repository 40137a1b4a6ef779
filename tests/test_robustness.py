"""Arbitrary text never crashes the pipeline: it is analysed or refused with a DedupError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.errors import DedupError
from dedup.model import SourceText
from dedup.pipeline import analyze_segmentation, segment_text
from tests.conftest import SAMPLE

# Pieces real documents are made of, so random combinations hit the parser's paths.
PIECES = [
    "",
    " ",
    "I. Vragen en opmerkingen vanuit de fracties",
    "II. Reactie van de Staatssecretaris",
    "Vragen en opmerkingen van de leden van de VVD-fractie",
    "Vragen en opmerkingen van de leden van de GroenLinks- en",
    "PvdA-fractie",
    "D66-fractie",
    "Inhoudsopgave",
    "Reactie",
    "Antwoord 3",
    "Vraag 3",
    "12",
    "LIJST VAN VRAGEN EN ANTWOORDEN",
    "NOTA NAAR AANLEIDING VAN HET VERSLAG",
    "Vragen van het lid Jansen (VVD) aan de Minister van Financiën over iets "
    "(ingezonden 3 april 2024).",
    "Tweede Kamer, vergaderjaar 2023–2024, 29 325, nr. 157 14",
    "1 Kamerstuk 29 325, nr. 144",
    "De leden van de VVD-fractie vragen de Staatssecretaris wanneer de plannen klaar zijn.",
    "Herkent de Staatssecretaris deze signalen? Zo ja, welke?",
    "Ik heb de netbeheerders gevraagd een overzicht te geven.",
    "Zie het antwoord op vraag 2.",
    "De leden van de CDA-fractie merken op dat de Staatssecre-",
    "taris (zie Kamerstuk 29 325, nr. 73",
    "Eén van de indicatoren uit het Dashboard is hoeveel eenpersoons-",
    "kamers er zijn. ( ( ) ?",
    "– In oktober startte het ondersteuningsteam",
    "«» ’ — ? . ! ;",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60))
def test_random_documents_never_crash(lines: list[str]) -> None:
    """Any mix of headings, sentences and furniture is segmented and analysed, or refused."""
    source = SourceText("random.txt", "0" * 64, "txt", tuple(lines))
    try:
        seg = segment_text(source)
    except DedupError:
        return
    an = analyze_segmentation(seg)
    ids = [q.id for q in seg.questions] + [a.id for a in seg.answers]
    assert len(ids) == len(set(ids))
    assert all(q.line >= 1 for q in seg.questions)
    for cluster in an.question_clusters:
        assert len(cluster.members) >= 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=3263), st.integers(min_value=1, max_value=400))
def test_any_slice_of_the_sample(start: int, length: int) -> None:
    """Any cut of the real document (a truncated or partial verslag) is handled."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")[start - 1 : start - 1 + length]
    source = SourceText("slice.txt", "0" * 64, "txt", tuple(lines))
    try:
        seg = segment_text(source)
    except DedupError:
        return
    analyze_segmentation(seg)
