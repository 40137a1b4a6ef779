"""Sentence splitting and the role of each sentence in a fraction's inbreng."""

from __future__ import annotations

import pytest

from dedup.parse.sentences import Role, sentence_role, split_sentences


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
