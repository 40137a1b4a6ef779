"""Normalization of text from other sources than the official PDF: line-break hyphens that
the document alone cannot decide (checked against the shipped Dutch word list), web-page
furniture, and numbered lists flattened onto one line."""

from __future__ import annotations

from collections import Counter

import pytest

from dedup.model import SourceText
from dedup.parse import normalize
from dedup.parse.normalize import (
    LineKind,
    build_paragraphs,
    classify_lines,
    is_dutch_word,
    join_inline_hyphens,
    split_flattened_list,
    unflatten_lists,
    web_furniture_lines,
)
from dedup.pipeline import segment_file
from tests.conftest import FIXTURES

STYLES = FIXTURES / "styles"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # Broken words the document has no other copy of: the word list confirms the join.
        ("uitvoering van kabinetsbe- ", "sluiten over", "uitvoering van kabinetsbesluiten over"),
        ("uitvoering van kabinetsbe-", "sluiten over", "uitvoering van kabinetsbesluiten over"),
        ("een wetswijzi- ", "ging is nodig", "een wetswijziging is nodig"),
        ("de respijtvoorzie-", "ningen in", "de respijtvoorzieningen in"),
        # Hyphenated words of the language stay, also without a second copy in the text.
        ("bij een time-", "out in de behandeling", "bij een time-out in de behandeling"),
        ("de oud-", "minister van", "de oud-minister van"),
        ("een zee-", "egel", "een zee-egel"),
        # Real hyphens and coordinations stay.
        ("voor dak- ", "en thuisloze mensen", "voor dak- en thuisloze mensen"),
        ("in Noord- ", "en Zuid-Holland", "in Noord- en Zuid-Holland"),
        ("dakloze EU- ", "burgers in", "dakloze EU-burgers in"),
        ("de sociaal- ", "economische positie", "de sociaal-economische positie"),
        # Two words and a typed space, nothing saying they join: as written.
        ("de Rijks- ", "provinciale wegen", "de Rijks- provinciale wegen"),
    ],
)
def test_line_break_hyphens_with_word_list(left: str, right: str, expected: str) -> None:
    """Where the document's own words cannot decide, the Dutch word list does."""
    assert build_paragraphs([left, right])[0].text == expected


def test_document_words_decide_before_the_word_list() -> None:
    """A form the document itself uses wins, and the word list is then not even loaded."""
    normalize._dutch_words.cache_clear()
    lines = ["de vrouwen-", "opvang is vol", "", "De vrouwenopvang groeit."]
    assert build_paragraphs(lines)[0].text == "de vrouwenopvang is vol"
    assert build_paragraphs(["de Staatssecre-", "taris en de Staatssecretaris"])[0].text == (
        "de Staatssecretaris en de Staatssecretaris"
    )
    assert normalize._dutch_words.cache_info().misses == 0


def test_long_document_does_not_load_the_word_list() -> None:
    """The sample verslag decides its hyphens from its own words and the small list of
    hyphenated words: the whole word list is never loaded for it."""
    normalize._dutch_words.cache_clear()
    lines = (FIXTURES / "kst-29325-157.txt").read_text(encoding="utf-8").split("\n")
    text = " ".join(p.text for p in build_paragraphs(lines))
    assert normalize._dutch_words.cache_info().misses == 0
    assert "in de in- door- en uitstroom van de vrouwenopvang" in text


def test_inline_break_in_long_document_needs_its_own_words() -> None:
    """Inside a long document a word broken inside a line joins only on its own evidence."""
    long = Counter({"woord": 6000})
    assert join_inline_hyphens("de kabinetsbe- sluiten", long) == "de kabinetsbe- sluiten"
    long["kabinetsbesluiten"] = 1
    assert join_inline_hyphens("de kabinetsbe- sluiten", long) == "de kabinetsbesluiten"


def test_word_list_knows_dutch_words() -> None:
    """The shipped list holds compounds and hyphenated words, not fragments."""
    assert is_dutch_word("kabinetsbesluiten")
    assert is_dutch_word("Time-out")
    assert not is_dutch_word("kabinetsbe")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("over de kabinetsbe- sluiten van mei", "over de kabinetsbesluiten van mei"),
        ("voor dak- en thuisloze mensen", "voor dak- en thuisloze mensen"),
        ("in Noord- en Zuid-Holland", "in Noord- en Zuid-Holland"),
        ("de land- tuinbouw", "de land- tuinbouw"),
        ("de in- door- en uitstroom", "de in- door- en uitstroom"),
        ("voor EU-burgers en time-out", "voor EU-burgers en time-out"),
        ("de sociaal-economische positie", "de sociaal-economische positie"),
    ],
)
def test_inline_broken_words(line: str, expected: str) -> None:
    """A word broken inside a line by a text export is joined only on evidence."""
    assert join_inline_hyphens(line, Counter()) == expected


def test_pdf_document_reads_joined_words() -> None:
    """The short PDF-text Kamervragen read 'kabinetsbesluiten' and keep the real hyphens."""
    seg = segment_file(STYLES / "kamervragen_pdf-afbreking.txt")
    text = " ".join(q.text for q in seg.questions) + " ".join(a.text for a in seg.answers)
    assert "kabinetsbesluiten uit de brief" in text
    assert "kabinetsbe-" not in text
    assert "dak- en thuisloze" in text
    assert "EU-burgers" in text
    assert "time-out" in text
    assert "sociaal-economische" in text


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "U bent hier:",
        "U bent hier: Home > Zoeken > Kamervragen",
        "Ga naar de inhoud",
        "Deel dit artikel",
        "Terug naar boven",
        "|",
        " | | ",
        "PDF (68.4 kB)",
        "© 2024 Partij voor de Vrijheid",
        "Overheid.nl | Officiële bekendmakingen",
        "Kamervragen | openkamer",
        "Datum publicatie | Organisatie | Vergaderjaar | Dossier- en ondernummer |",
    ],
)
def test_web_furniture_lines(line: str) -> None:
    """Lines of web-page furniture are classified as such, not as text."""
    kinds = classify_lines(["Vragen van het lid Jansen (VVD).", "", line, ""]).kinds
    assert kinds[2] is LineKind.WEB
    assert kinds[0] is LineKind.TEXT


@pytest.mark.parametrize(
    "line",
    [
        "Nr | Vraag | Antwoord |",
        "1 | Hoeveel geld is begroot? | 42 miljoen euro. |",
        "Tekort aan plekken in de kinderopvang |",
        "Anouk Kuiken (PvdA), Sarah Dobbe (SP) |",
        "Vraag 1",
        "Antwoord:",
        "Vragen en opmerkingen van de leden van de VVD-fractie",
        "Inhoudsopgave",
        "Privacy",
        "Toegankelijkheid",
        "De leden vragen of de regering de privacy van burgers beschermt.",
        "7 Zie Bestuurlijke afspraken bij Nationaal Actieplan | Publicatie | Rijksoverheid.nl",
    ],
)
def test_document_lines_are_not_furniture(line: str) -> None:
    """Table rows, titles, labels and headings of the document itself stay text."""
    assert web_furniture_lines(["Titel", "", line, ""]) == set()


def test_value_row_and_breadcrumb_and_repeated_menu() -> None:
    """The metadata row under its header, the trail after 'U bent hier:' and a menu that the
    page repeats are furniture; the same words once in the text are not."""
    lines = [
        "U bent hier:",
        "Home",
        "Zoeken",
        "Datum publicatie | Organisatie | Vergaderjaar | Dossier- en ondernummer |",
        "28-05-2024 | Tweede Kamer der Staten-Generaal | 2023-2024 | Aanhangsel 1845 |",
        "Vragen van het lid Bikker (ChristenUnie) aan de Minister over logeeropvang.",
        "Nieuws",
        "Standpunten",
        "Personen",
        "Hoe lang moeten gezinnen wachten op logeeropvang?",
        "Nieuws",
        "Standpunten",
        "Personen",
    ]
    assert web_furniture_lines(lines) == {0, 1, 2, 3, 4, 6, 7, 8, 10, 11, 12}


def test_page_footer_links_after_furniture() -> None:
    """Short links at the end of a page count as furniture once furniture is among them;
    the same words as a topic heading inside the text stay."""
    lines = [
        "Privacy",
        "Hoe wordt de privacy van burgers beschermd?",
        "Het kabinet beschermt de privacy.",
        "Terug naar boven",
        "Contact",
        "Privacy",
    ]
    assert web_furniture_lines(lines) == {3, 4, 5}
    assert web_furniture_lines([*lines[:3], "Contact", "Privacy"]) == set()


def test_short_headings_that_are_not_repeated_stay() -> None:
    """A table of contents of short headings, seen once, is not a menu."""
    toc = ["Inhoudsopgave", "Inleiding", "VVD-fractie", "D66-fractie", "BBB-fractie"]
    assert web_furniture_lines([*toc, "", "Inleiding", "De leden ..."]) == set()


FLAT = (
    "Lijst van vragen 1 Worden werknemers gecompenseerd als de AOW-leeftijd naar 67 jaar "
    "stijgt? 2 Welke rol speelt het advies van de SER? 3 Waarom is niet gekozen voor artikel "
    "2 van het akkoord?"
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            FLAT,
            [
                "Lijst van vragen",
                "",
                "1",
                "",
                "Worden werknemers gecompenseerd als de AOW-leeftijd naar 67 jaar stijgt?",
                "",
                "2",
                "",
                "Welke rol speelt het advies van de SER?",
                "",
                "3",
                "",
                "Waarom is niet gekozen voor artikel 2 van het akkoord?",
            ],
        ),
        # Footnote digit glued to the question mark.
        (
            "1 Klopt dit?1 2 Waarom? 3 Wanneer?",
            ["1", "", "Klopt dit?1", "", "2", "", "Waarom?", "", "3", "", "Wanneer?"],
        ),
        # Numbers in the text that do not run 1, 2, 3 after question marks: unchanged.
        ("Mensen van 65 jaar en ouder? 2 Welke? Artikel 3 Wet?", None),
        ("1 Worden 65 Jaar oud? 3 Welke rol? 4 Waarom?", None),
        ("In 2 gemeenten 3 Projecten en 4 Plannen? Zo ja?", None),
        ("Hoe vaak? 1 Welke? 2 Waarom.", None),
        ("Een gewone zin van 2 regels zonder vraag.", None),
    ],
)
def test_split_flattened_list(line: str, expected: list[str] | None) -> None:
    """A one-line list is split back into items only where its numbers run in order."""
    assert split_flattened_list(line) == expected


def test_unflatten_lists_tells_the_reader() -> None:
    """The split is done before segmentation and said in a diagnostic; other text is kept."""
    source = SourceText("x.txt", "0" * 64, "text", ("Titel", FLAT, "Slot."))
    out = unflatten_lists(source)
    assert out.lines[0] == "Titel" and out.lines[-1] == "Slot."
    assert out.lines.count("2") == 1
    assert [d.code for d in out.diagnostics] == ["flattened-list"]
    assert out.diagnostics[0].line == 2
    plain = SourceText("y.txt", "0" * 64, "text", ("Titel", "Een zin."))
    assert unflatten_lists(plain) is plain


def test_flattened_lijst_is_read_as_numbered_questions() -> None:
    """The flattened lijst document reaches segmentation with one question per item."""
    seg = segment_file(STYLES / "lijst_plat.txt")
    starts = [q.text[:20] for q in seg.part_one()]
    assert len(starts) == 6
    assert starts[0].startswith("Worden werknemers")
    assert starts[3].startswith("Hoeveel mensen van 6")
