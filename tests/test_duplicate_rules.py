"""Duplicate judgement rules: referents of pointing-back questions, information needs,
request frames, compound questions and references that are not evidence."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dedup.compare import compound_parts
from dedup.model import Analysis
from dedup.pipeline import analyze_file
from dedup.similarity.content import content_clause, information_needs, needs_agree
from dedup.stats import stats_dict
from tests.conftest import SAMPLE


@cache
def sample() -> Analysis:
    return analyze_file(SAMPLE)


def _qid(an: Analysis, fraction: str, line: int, start: str) -> str:
    for q in an.segmentation.part_one():
        if q.fraction == fraction and q.line == line and q.text.startswith(start):
            return q.id
    raise AssertionError(f"no {fraction} question at line {line} starting {start!r}")


def test_identical_pointing_back_questions_after_the_same_question_cluster() -> None:
    """D66 and GroenLinks-PvdA ask `Wanneer krijgen gemeenten uitsluitsel over het vervolg
    van deze aanpak?` word for word, each right after the same question about the
    evaluation of the pilots: one cluster, though GroenLinks-PvdA's context differs."""
    an = sample()
    d66 = _qid(an, "D66", 222, "Wanneer krijgen gemeenten uitsluitsel")
    gl = _qid(an, "GroenLinks-PvdA", 507, "Wanneer krijgen gemeenten uitsluitsel")
    assert an.question_cluster_of.get(d66) is not None
    assert an.question_cluster_of.get(d66) == an.question_cluster_of.get(gl)


def test_count_question_joins_the_count_cluster() -> None:
    """`Hoeveel slaapzalen zijn er op dit moment?` wants a number: it sits with `Heeft de
    Staatssecretaris zicht op het aantal slaapzalen ...?`, not with the termijn question."""
    an = sample()
    count = _qid(an, "GroenLinks-PvdA", 470, "Hoeveel slaapzalen")
    number = _qid(an, "VVD", 49, "Heeft de Staatssecretaris zicht op het aantal slaapzalen")
    term = _qid(an, "VVD", 50, "Op welke termijn worden slaapzalen")
    assert an.question_cluster_of.get(count) == an.question_cluster_of.get(number) is not None
    assert an.question_cluster_of.get(count) != an.question_cluster_of.get(term)


_POINTING = """\
VERSLAG VAN EEN SCHRIFTELIJK OVERLEG

Vastgesteld 3 maart 2025

I. Vragen en opmerkingen vanuit de fracties

Vragen en opmerkingen van de leden van de VVD-fractie

De leden van de VVD-fractie lezen dat de pilot met wijkteams in vier gemeenten is
afgerond. Hoe staat het met de evaluatie van de pilot met wijkteams? Wanneer krijgen
gemeenten duidelijkheid over de voortzetting van deze aanpak?

De leden van de VVD-fractie ontvangen signalen dat jongeren lang wachten op een
beschermde woonplek. Herkent de Minister deze signalen?

Vragen en opmerkingen van de leden van de SP-fractie

De leden van de SP-fractie hebben kennisgenomen van de brief over de zorgbegroting.
Hoe staat het met de evaluatie van de pilot met de wijkteams? Wanneer krijgen
gemeenten duidelijkheid over de voortzetting van deze aanpak?

De leden van de SP-fractie horen van huisartsen dat de administratieve lasten verder
stijgen. Herkent de Minister deze signalen?
"""


def test_same_words_same_referent_cluster_same_words_other_referent_do_not(
    tmp_path: Path,
) -> None:
    """Identical pointing-back wording after matching questions clusters, however
    different the statements before; `deze signalen` about different things does not."""
    path = tmp_path / "verslag.txt"
    path.write_text(_POINTING, encoding="utf-8")
    an = analyze_file(path)
    qs = an.segmentation.part_one()
    aanpak = [q.id for q in qs if "voortzetting van deze aanpak" in q.text]
    signalen = [q.id for q in qs if q.text.startswith("Herkent de Minister deze signalen")]
    assert len(aanpak) == 2 and len(signalen) == 2
    cluster = an.question_cluster_of.get(aanpak[0])
    assert cluster is not None and an.question_cluster_of.get(aanpak[1]) == cluster
    assert an.question_cluster_of.get(signalen[0]) is None or an.question_cluster_of.get(
        signalen[0]
    ) != an.question_cluster_of.get(signalen[1])


_LIJST = """\
LIJST VAN VRAGEN EN ANTWOORDEN

Vastgesteld 12 april 2024

De vaste commissie voor Infrastructuur en Waterstaat heeft een aantal vragen voorgelegd
aan de Minister over de voortgangsbrief spoor. De Minister heeft deze vragen beantwoord.

1

Hoeveel treinen reden in 2023 met vertraging?

In 2023 reed 8 procent van de treinen met meer dan vijf minuten vertraging.

2

Welke maatregelen neemt de Minister om de punctualiteit op de drukste trajecten te verbeteren?

ProRail en NS werken aan een nieuwe dienstregeling voor de drukste trajecten, waarin meer
ruimte zit voor het opvangen van verstoringen. Daarnaast worden wissels vervangen.

3

Wat kost het vervangen van de wissels tussen Utrecht en Amsterdam?

Zie het antwoord op vraag 2.

4

Wanneer is de nieuwe dienstregeling gereed?

Zie het antwoord op vraag 2.

5

Hoe worden reizigers geïnformeerd over werkzaamheden in het weekend?

Zie het antwoord op vraag 2.

6

Hoeveel treinen vielen in 2023 uit door storingen aan het spoor?

In 2023 viel 1,5 procent van de geplande treinen uit door storingen aan de
infrastructuur.
"""


def test_a_shared_reference_is_no_evidence_and_no_reused_text(tmp_path: Path) -> None:
    """`Zie het antwoord op vraag 2.` under questions 3, 4 and 5: three references to
    answer 2, no question cluster from them, the reference not listed as reused text."""
    path = tmp_path / "lijst.txt"
    path.write_text(_LIJST, encoding="utf-8")
    an = analyze_file(path)
    seg = an.segmentation
    by_number = {q.number: q.id for q in seg.part_one()}
    assert {3, 4, 5} <= set(by_number)
    referring = {by_number[n] for n in (3, 4, 5)}
    for c in an.question_clusters:
        assert len(referring & set(c.members)) <= 1, c
    answer_of = {q: a.id for a in seg.answers for q in a.answers_questions}
    reference_answers = {answer_of[q] for q in referring}
    assert len(reference_answers) == 3
    for rc in an.answer_clusters:
        assert not reference_answers & set(rc.members), rc
    target = answer_of[by_number[2]]
    assert {(r.source, r.target) for r in an.references} >= {(a, target) for a in reference_answers}
    stats = stats_dict(an)
    assert stats["answers_by_reference"] == 3
    assert stats["questions_in_clusters"] == 0


@pytest.mark.parametrize(
    ("question", "content"),
    [
        (
            "de leden van de christenunie-fractie vragen de staatssecretaris hoe ver "
            "gemeenten hiermee over het algemeen zijn",
            "hoe ver gemeenten hiermee over het algemeen zijn",
        ),
        (
            "de leden van de groenlinks en pvda-fractie zijn benieuwd hoe het staat met de "
            "evaluatie",
            "hoe het staat met de evaluatie",
        ),
        ("deze leden willen graag weten wanneer de wet ingaat", "wanneer de wet ingaat"),
        (
            "kan de minister aangeven hoeveel aanvragen er liggen",
            "hoeveel aanvragen er liggen",
        ),
        # The addressee says nothing about what is asked.
        ("kan de staatssecretaris dit toelichten", "kan dit toelichten"),
        # Nothing but frame: the question keeps its words (its meaning is its context's).
        (
            "de leden van de sp-fractie vragen de minister",
            "de leden van de sp-fractie vragen de minister",
        ),
        # No frame: unchanged.
        (
            "waar staan de gemeenten in de ontwikkeling van dit plan",
            "waar staan de gemeenten in de ontwikkeling van dit plan",
        ),
    ],
)
def test_content_clause_drops_the_request_frame(question: str, content: str) -> None:
    """Indirect requests are compared by what they ask, without frame and fraction."""
    assert content_clause(question) == content


@pytest.mark.parametrize(
    ("content", "needs"),
    [
        ("hoeveel slaapzalen zijn er op dit moment", {"count"}),
        ("heeft zicht op het aantal slaapzalen in de maatschappelijke opvang", {"count"}),
        ("op welke termijn worden slaapzalen getransformeerd naar eenpersoonskamers", {"time"}),
        ("is er een deadline wanneer de gemeenten deze plannen klaar moeten hebben", {"time"}),
        ("waarom is dit niet eerder gedaan", {"reason"}),
        # The number is what is reduced, not what is asked for: how far that has come.
        (
            "in hoeverre zicht heeft op de ontwikkelingen bij het afbouwen van het aantal",
            {"progress"},
        ),
        ("hoe ver gemeenten hiermee over het algemeen zijn", {"progress"}),
        ("waar staan de gemeenten in de ontwikkeling van dit plan", {"progress"}),
        ("hoe staat het met het ontwikkelen van deze regionale plannen", {"progress"}),
        ("wat is de stand van zaken van de evaluatie", {"progress"}),
        # To what extent, not how far along.
        ("in hoeverre is dat in lijn met het housing first principe", set()),
    ],
)
def test_information_needs_read_from_the_opening(content: str, needs: set[str]) -> None:
    """The kind of answer wanted: a number, a moment, a reason, progress, or none."""
    assert information_needs(content) == needs


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ({"count"}, {"count"}, True),
        ({"count"}, {"progress"}, False),
        ({"count"}, {"time"}, False),
        # How far a plan has come and when it is done: one answer gives both.
        ({"progress"}, {"time"}, None),
        (set(), {"time"}, None),
    ],
)
def test_needs_agree(a: set[str], b: set[str], agree: bool | None) -> None:
    assert needs_agree(frozenset(a), frozenset(b)) is agree


_PROGRESS = """VERSLAG VAN EEN SCHRIFTELIJK OVERLEG

Vastgesteld 3 maart 2025

I. Vragen en opmerkingen vanuit de fracties

Vragen en opmerkingen van de leden van de VVD-fractie

De leden van de VVD-fractie lezen dat de slaapzalen in de maatschappelijke opvang
plaats maken voor eenpersoonskamers. Heeft de Minister zicht op het aantal slaapzalen
in de maatschappelijke opvang? Op welke termijn worden slaapzalen getransformeerd naar
eenpersoonskamers?

Vragen en opmerkingen van de leden van de SP-fractie

De leden van de SP-fractie lezen dat de slaapzalen in de maatschappelijke opvang
plaats maken voor eenpersoonskamers. Zij vragen in hoeverre de
Minister zicht heeft op de ontwikkelingen bij het afbouwen van het aantal slaapzalen
en het opzetten van eenpersoonskamers in de opvang.
"""


def test_progress_question_joins_the_planning_not_the_count(tmp_path: Path) -> None:
    """`zicht op de ontwikkelingen bij het afbouwen van het aantal slaapzalen` shares more
    words with the count question, but asks how far the conversion has come: it sits
    with the question when it will be done, or alone, never with the count."""
    path = tmp_path / "verslag.txt"
    path.write_text(_PROGRESS, encoding="utf-8")
    an = analyze_file(path)
    count = _qid(an, "VVD", 10, "Heeft de Minister")
    progress = _qid(an, "SP", 17, "Zij vragen in hoeverre")
    assert an.question_cluster_of.get(progress) is None or an.question_cluster_of.get(
        progress
    ) != an.question_cluster_of.get(count)


def test_compound_question_clusters_with_each_part_asked_apart() -> None:
    """D66 asks `Hoe monitort ..., welke (financiële) middelen ... en hoe gaat ...
    stimuleren?` in one sentence, GroenLinks-PvdA asks the three parts apart: one
    cluster holding all four, though three are one fraction's."""
    an = sample()
    compound = _qid(an, "D66", 153, "Hoe monitort de Staatssecretaris deze transformatie")
    parts = [
        _qid(an, "GroenLinks-PvdA", 469, "Monitort hij deze transformatie"),
        _qid(an, "GroenLinks-PvdA", 470, "Welke financiële middelen"),
        _qid(an, "GroenLinks-PvdA", 472, "En hoe gaat de Staatssecretaris"),
    ]
    cluster = an.question_cluster_of.get(compound)
    assert cluster is not None
    assert [an.question_cluster_of.get(p) for p in parts] == [cluster] * 3


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            "Hoe monitort de Minister dit, welke middelen zijn er beschikbaar voor gemeenten "
            "en hoe gaat de Minister dit verder stimuleren?",
            3,
        ),
        ("Gaan meer gemeenten hiermee aan de slag? Zo ja, welke?", 0),
        ("Wat is de stand van zaken van de evaluatie?", 0),
    ],
)
def test_compound_parts(text: str, count: int) -> None:
    """A compound question splits at `, welke ...` / `en hoe ...`; a follow-up does not."""
    assert len(compound_parts(text)) == count


_REACTIONS = """\
VERSLAG VAN EEN SCHRIFTELIJK OVERLEG

Vastgesteld 3 maart 2025

I. Vragen en opmerkingen vanuit de fracties

Vragen en opmerkingen van de leden van de VVD-fractie

Dakloosheid

De leden van de VVD-fractie lezen dat volgens het CBS het aantal daklozen vorig jaar is
gedaald. Opvangorganisaties herkennen die daling niet en vragen zich af of grote groepen
buiten beeld blijven. Kan de Minister op deze verschillende cijfers reageren?

De leden van de VVD-fractie lezen dat gemeenten de wachtlijsten voor beschermd wonen
zien oplopen. Hoe lang wachten mensen gemiddeld op een plek?

Vragen en opmerkingen van de leden van de SP-fractie

Dakloosheid

De leden van de SP-fractie hebben de nieuwe cijfers van het CBS gezien: het aantal
daklozen is vorig jaar gedaald. Opvangorganisaties vragen zich af of grote groepen
buiten beeld blijven. Zij herkennen die daling niet. Kan de Minister reageren op deze
discrepantie tussen de cijfers en de praktijk?

Vragen en opmerkingen van de leden van de CDA-fractie

Dakloosheid

De leden van de CDA-fractie horen van gemeenten dat de wachtlijsten voor beschermd
wonen oplopen en dat jongeren maanden op een plek wachten. Kan de Minister hierop
reageren?
"""


def test_reaction_requests_mean_the_statement_they_react_to(tmp_path: Path) -> None:
    """`Kan de Minister op deze verschillende cijfers reageren?` asks what the statements
    before it say, all of them, not the last one alone: two fractions reacting to the same
    figures are one question, in other words; a reaction to a different statement under
    the same topic is not."""
    path = tmp_path / "verslag.txt"
    path.write_text(_REACTIONS, encoding="utf-8")
    an = analyze_file(path)
    vvd = _qid(an, "VVD", 13, "Kan de Minister op deze verschillende cijfers")
    sp = _qid(an, "SP", 24, "Kan de Minister reageren op deze discrepantie")
    cda = _qid(an, "CDA", 32, "Kan de Minister hierop")
    assert an.question_cluster_of.get(vvd) is not None
    assert an.question_cluster_of.get(vvd) == an.question_cluster_of.get(sp)
    assert an.question_cluster_of.get(cda) is None
