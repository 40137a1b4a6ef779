"""Interleaved replies without labels, where the reply is not in the first person.

The voice cue alone fails there; the split rests on what a reply is: it comes after a
question, it is no question itself (a sentence that only opens like one states a fact),
and where the text runs on without a blank line the lines show where a paragraph ends.
"""

from __future__ import annotations

from pathlib import Path

from dedup.model import Segmentation
from dedup.pipeline import segment_file

_HEAD = """\
VERSLAG VAN EEN SCHRIFTELIJK OVERLEG
Vastgesteld 3 maart 2025

De vaste commissie voor Volkshuisvesting heeft een aantal vragen voorgelegd aan de
Staatssecretaris over de brief over de voortgang van het actieplan.

Vragen en opmerkingen vanuit de fracties en reactie van de Staatssecretaris

Vragen en opmerkingen van de leden van de VVD-fractie en reactie van de Staatssecretaris

"""

# One paragraph without blank lines: question, reply in no voice, next question after a
# line that ends short, its reply, then a statement of the fraction quoting the cabinet.
_RUN_ON = (
    _HEAD
    + """\
De leden van de VVD-fractie lezen dat er meer woningen voor dakloze mensen
komen. Hoeveel woningen zijn in 2024 aan dakloze mensen
toegewezen?
Hoeveel woningen aan dakloze mensen worden toegewezen, wordt op dit
moment niet centraal bijgehouden. Gemeenten gaan dit vanaf 2026 monitoren
met het dashboard van het programma.
Welke middelen hebben gemeenten ontvangen voor de opvang van dakloze
jongeren?
Gemeenten ontvangen hiervoor middelen via de decentralisatie-uitkering
maatschappelijke opvang. Daarnaast is er een specifieke uitkering voor
jongeren tot 27 jaar.
Het kabinet heeft toegezegd voor de zomer met een onderzoek naar
bemoeizorg te komen. De leden van de VVD-fractie vragen wanneer dat
onderzoek naar de Kamer wordt gestuurd.

We verwachten het onderzoek in juni naar de Kamer te sturen.
"""
)


def _segment(tmp_path: Path, text: str) -> Segmentation:
    path = tmp_path / "verslag.txt"
    path.write_text(text, encoding="utf-8")
    seg = segment_file(path)
    assert seg.document.layout == "interleaved"
    return seg


def test_replies_without_first_person_are_cut_from_the_questions(tmp_path: Path) -> None:
    seg = _segment(tmp_path, _RUN_ON)
    questions = seg.part_one()
    assert [q.text.split()[0] for q in questions] == ["Hoeveel", "Welke", "De"]
    assert all("bijgehouden" not in q.text for q in questions)
    answers = {a.text.split()[0]: a for a in seg.answers}
    assert sorted(answers) == ["Gemeenten", "Hoeveel", "We"]
    # The reply that opens like a question is the first question's answer, whole.
    counted = answers["Hoeveel"]
    assert counted.answers_questions == (questions[0].id,)
    assert counted.text.endswith("met het dashboard van het programma.")
    assert answers["Gemeenten"].answers_questions == (questions[1].id,)
    # The fraction quoting the cabinet is the context of its own question, not a reply.
    assert "Het kabinet heeft toegezegd" in questions[2].context
    assert answers["We"].answers_questions == (questions[2].id,)


def test_government_plural_before_any_question_is_the_fractions_statement(
    tmp_path: Path,
) -> None:
    """'Wij'/'ons' in a statement that no question precedes does not start a reply."""
    text = (
        _HEAD
        + """\
De Staatssecretaris schrijft dat dakloosheid een probleem van ons allemaal is.

De leden van de VVD-fractie vragen hoe gemeenten worden betrokken bij het plan.

Alle centrumgemeenten stellen een regionaal plan op, samen met de corporaties.
"""
    )
    seg = _segment(tmp_path, text)
    (question,) = seg.part_one()
    assert question.text.startswith("De leden van de VVD-fractie vragen hoe")
    assert "van ons allemaal" in question.context
    (answer,) = seg.answers
    assert answer.text.startswith("Alle centrumgemeenten")
    assert answer.answers_questions == (question.id,)
