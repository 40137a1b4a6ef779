"""Normalization: hyphenation, page furniture, footnotes, typography."""

from __future__ import annotations

import pytest

from dedup.parse.normalize import (
    LineKind,
    build_lexicon,
    build_paragraphs,
    classify_lines,
    comparison_form,
    join_hyphenated,
    unify_typography,
)


def _join(left: str, right: str) -> str:
    return build_paragraphs([left, right])[0].text


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("de Staatssecre-", "taris wanneer", "de Staatssecretaris wanneer"),
        ("in de ontwik-", "keling van dit plan", "in de ontwikkeling van dit plan"),
        ("voor dak- ", "en thuisloze mensen", "voor dak- en thuisloze mensen"),
        ("voor dak-", "en thuisloze mensen", "voor dak- en thuisloze mensen"),
        ("dakloze EU-", "burgers in", "dakloze EU-burgers in"),
        ("uit Midden-", "Oost-Europa", "uit Midden-Oost-Europa"),
        ("de sociaal-", "economische weerbaarheid", "de sociaal-economische weerbaarheid"),
        ("van de GroenLinks- ", "en PvdA-fractie", "van de GroenLinks- en PvdA-fractie"),
        ("(Impuls werkplaats van Radboud/", "UMC) in", "(Impuls werkplaats van Radboud/UMC) in"),
    ],
)
def test_line_break_hyphens(left: str, right: str, expected: str) -> None:
    """Soft line-break hyphens are joined, real hyphens and coordinations stay."""
    assert _join(left, right) == expected


def test_lexicon_keeps_hyphen_seen_elsewhere() -> None:
    """A hyphenated form used elsewhere in the document wins over joining."""
    lines = ["er zijn time-", "out voorzieningen", "", "Een time-out is nodig."]
    assert build_paragraphs(lines)[0].text == "er zijn time-out voorzieningen"


def test_lexicon_joins_word_seen_elsewhere() -> None:
    """A joined form used elsewhere in the document is preferred."""
    lex = build_lexicon(["de vrouwenopvang is vol"])
    assert join_hyphenated("van de vrouwen-", "opvang aan", lex) == ""


@pytest.mark.parametrize(
    "line",
    [
        "Tweede Kamer, vergaderjaar 2023–2024, 29 325, nr. 157 14",
        "Tweede Kamer, vergaderjaar 2023-2024, 29 325, nr. 157 2",
        "Eerste Kamer, vergaderjaar 2019–2020, 35 300, nr. 4 3",
    ],
)
def test_page_footers_are_furniture(line: str) -> None:
    """Page footers are classified as furniture, not text."""
    clean = classify_lines(["Tekst van de pagina.", "", line, "", " Vervolg."])
    assert clean.kinds[2] is LineKind.FOOTER


def test_fixture_footnotes_and_markers(sample_lines: list[str]) -> None:
    """All 44 footnote bodies of the sample are found and every glued marker removed."""
    clean = classify_lines(sample_lines)
    assert sorted(clean.footnotes) == list(range(1, 45))
    text = "\n".join(clean.lines)
    for glued in (
        "Van den Hil1 ",
        "Van den Hil6 ",
        "IVO.20",
        "Amsterdam34",
        "bekrachtigd7.",
        "UMC)8.",
        "hebben.22Het",
        "ZwolleActief43",
    ):
        assert glued not in text
    for kept in (
        "Wmo 2015",
        "G40",
        "G4,",
        "categorie 2",
        "2,8 miljoen",
        "290 duizend",
        "16–27",
        "65 jaar dakloos",
        "1 januari 2025",
    ):
        assert kept in text, kept


def test_footnote_in_mid_word_is_spliced_out(sample_lines: list[str]) -> None:
    """`verschil-` / footnote / ` lende` becomes one word in one paragraph."""
    paras = build_paragraphs(sample_lines)
    para = next(p for p in paras if "Preventie van dakloosheid acht ik" in p.text)
    assert "Er zijn verschillende goede voorbeelden bekend" in para.text
    assert "impuls-onderzoekscentrum" not in para.text
    assert para.first_line == 821 and para.last_line == 837


def test_page_break_inside_sentence_is_joined(sample_lines: list[str]) -> None:
    """A paragraph interrupted by footnotes and a page break (`(lage- en kortlopende`) stays one."""
    paras = build_paragraphs(sample_lines)
    para = next(p for p in paras if "ambulante begeleiding (lage- en kortlopende" in p.text)
    assert "kortlopende indicaties) een reden" in para.text
    assert "Tweede Kamer, vergaderjaar" not in para.text


def test_list_item_artefact_blank_line(sample_lines: list[str]) -> None:
    """A list item's first line followed by a blank line continues in the same paragraph."""
    paras = build_paragraphs(sample_lines)
    joined = (
        "1. Een kwantitatieve landelijke monitor van het CBS en VNG-Realisatie "
        "waarbij zij gegevens opvragen"
    )
    assert any(joined in p.text for p in paras)


def test_line_map_points_to_source_lines(sample_lines: list[str]) -> None:
    """Every paragraph character maps back to the 1-based source line it came from."""
    paras = build_paragraphs(sample_lines)
    para = next(p for p in paras if "Eén van de indicatoren uit het Dashboard" in p.text)
    assert para.first_line == 854
    assert para.line_at(para.text.index("eenpersoonskamers")) == 855
    assert para.line_at(len(para.text) - 1) == 865


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("het beleidskader «in- door- en uitstroom»", 'het beleidskader "in- door- en uitstroom"'),
        ("regio’s  en\tprogramma’s", "regio's en programma's"),
        ("periode 2024–2026", "periode 2024-2026"),
    ],
)
def test_unify_typography(raw: str, expected: str) -> None:
    """Guillemets, curly quotes, dashes and whitespace are unified for comparison."""
    assert unify_typography(raw) == expected


def test_comparison_form_folds_case_accents_punctuation() -> None:
    """The comparison form ignores case, accents and punctuation but keeps inner hyphens."""
    assert comparison_form("Eén van de «indicatoren», EU-burgers!") == (
        "een van de indicatoren eu-burgers"
    )


def test_block_start_survives_page_break() -> None:
    """Text after a heading and a page break starts its own paragraph."""
    lines = [
        "Vragen en opmerkingen van de leden van de",
        "CDA-fractie",
        "",
        "Tweede Kamer, vergaderjaar 2023–2024, 29 325, nr. 157 9",
        "",
        "De leden van de CDA-fractie maken graag gebruik.",
    ]
    paras = build_paragraphs(lines, block_starts=frozenset({0, 2}))
    assert [p.text for p in paras] == [
        "Vragen en opmerkingen van de leden van de CDA-fractie",
        "De leden van de CDA-fractie maken graag gebruik.",
    ]


def test_closing_bracket_is_not_a_sentence_end() -> None:
    """`zorgen er (mede)` / page break / `voor dat ...` stays one paragraph."""
    lines = [
        "De onzekerheid en de effecten",
        "zorgen er (mede)",
        "",
        "Tweede Kamer, vergaderjaar 2023–2024, 29 325, nr. 157 48",
        "",
        "voor dat de beweging stagneert.",
    ]
    assert [p.text for p in build_paragraphs(lines)] == [
        "De onzekerheid en de effecten zorgen er (mede) voor dat de beweging stagneert."
    ]
