"""Layouts beyond the sample: the real excerpts in fixtures/formats/ (each cut mid-sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup.layouts import detect_all
from dedup.model import Segmentation
from dedup.parse.structure import find_headings
from dedup.pipeline import analyze_file, segment_file
from tests.conftest import FIXTURES

FORMATS = FIXTURES / "formats"
INBRENG = FORMATS / "inbreng-vso_2023D06019_tweedekamer-nl_excerpt.txt"
KAMERVRAGEN = FORMATS / "kamervragen-antwoord_ah-tk-20172018-2214_excerpt.txt"
LIJST = FORMATS / "lijst-vragen-antwoorden_kst-31235-3_2008_excerpt.txt"
VSO_2025 = FORMATS / "vso_2025D44744_tweedekamer-nl_2025_excerpt.txt"
VSO_2010 = FORMATS / "vso_kst-21501-31-207_2010_excerpt.txt"


def _part_one(seg: Segmentation) -> list[str]:
    return [q.text for q in seg.part_one()]


@pytest.mark.parametrize(
    ("path", "layout"),
    [
        (INBRENG, "inbreng"),
        (KAMERVRAGEN, "kamervragen"),
        (LIJST, "lijst"),
        (VSO_2025, "interleaved"),
        (VSO_2010, "verslag"),
        (FIXTURES / "kst-29325-157.txt", "verslag"),
    ],
)
def test_layout_detected_and_truncation_warned(path: Path, layout: str) -> None:
    """Each excerpt's layout is recognised; a text cut mid-sentence warns, no crash."""
    seg = segment_file(path)
    assert seg.document.layout == layout
    truncated = [w for w in seg.warnings if w.code == "truncated"]
    if "excerpt" in path.name:
        assert len(truncated) == 1 and truncated[0].line is not None
    else:
        assert truncated == []


def test_inbreng_toc_and_introduction() -> None:
    """The table of contents is no section; the introduction names five fractions."""
    lines = INBRENG.read_text(encoding="utf-8").split("\n")
    sections = [h for h in find_headings(lines) if h.kind == "fraction"]
    assert [(h.first + 1, h.fraction) for h in sections] == [(36, "VVD")]
    seg = segment_file(INBRENG)
    assert seg.document.fractions == ("VVD", "D66", "GroenLinks", "PvdD", "BBB")
    assert _part_one(seg) == []  # the excerpt stops before the first question
    meta = dict(seg.document.metadata)
    assert meta["commissie"] == "vaste commissie voor Infrastructuur en Waterstaat"
    assert meta["voorzitter"] == "Tjeerd de Groot" and meta["griffier"] == "Koerselman"


def test_kamervragen_askers_and_numbers() -> None:
    """Kamervragen: the asker's party from the header, Vraag N linked to Antwoord N."""
    seg = segment_file(KAMERVRAGEN)
    assert seg.document.fractions == ("SP",)
    assert [(q.id, q.number, q.line) for q in seg.part_one()] == [
        ("SP-q01", 1, 7),
        ("SP-q02", 2, 17),
    ]
    assert seg.part_one()[0].text.endswith("om 8.00 uur begon?")  # footnote markers "1 2" gone
    assert [(a.line_start, a.answers_questions, a.decided_by) for a in seg.answers] == [
        (11, ("SP-q01",), "label"),
        (21, ("SP-q02",), "label"),
    ]
    assert "Nederland zet zich in voor het vergroten van transparantie" in seg.answers[0].text
    assert dict(seg.document.metadata)["ingezonden"] == "4 mei 2018"


def test_lijst_numbers_and_references() -> None:
    """Lijst: six numbered items holding ten question units (two interrogative sentences
    in items 1-4; item 6's cut-off second sentence is no unit); `Zie het antwoord op
    vraag 2.` points at answer 2, which answers both units of item 2."""
    an = analyze_file(LIJST)
    seg = an.segmentation
    assert [q.number for q in seg.part_one()] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 6]
    assert [q.line for q in seg.part_one()][::2] == [23, 29, 35, 41, 47]
    assert seg.part_one()[1].text.startswith("Zijn er specifieke punten")
    answer_two = next(
        a for a in seg.answers if a.answers_questions == ("commissie-q02", "commissie-q02b")
    )
    assert answer_two.text.startswith("De Algemene Rekenkamer informeert u separaat")
    refs = {(r.source, r.target) for r in an.references}
    sources = {a.id for a in seg.answers if a.text == "Zie het antwoord op vraag 2."}
    assert len(sources) == 3
    assert refs == {(s, answer_two.id) for s in sources}
    assert [w.item for w in seg.warnings if w.code == "unanswered"] == ["commissie-q06"]
    assert dict(seg.document.metadata)["vastgesteld"] == "31 januari 2008"


def test_interleaved_2025_questions_and_front_matter() -> None:
    """2025 verslag: front matter is metadata, the topic line and three VVD questions are found."""
    seg = segment_file(VSO_2025)
    assert seg.document.fractions == ("VVD",)
    questions = seg.part_one()
    assert [q.line for q in questions] == [21, 24, 26]
    assert all(q.topic == "ICES-adviezen en vangstmogelijkheden" for q in questions)
    assert [q.direct for q in questions] == [False, False, False]
    assert not [w for w in seg.warnings if w.code == "unplaced-text"]
    meta = dict(seg.document.metadata)
    assert meta["vastgesteld"] == "23 oktober 2025"
    assert meta["commissie"].startswith("vaste commissie voor Landbouw, Visserij")


def test_old_verslag_upper_case_headings() -> None:
    """2010 verslag: upper-case Part I heading and `Vragen en opmerkingen van de CDA-fractie`."""
    lines = VSO_2010.read_text(encoding="utf-8").split("\n")
    headings = find_headings(lines)
    assert [(h.kind, h.first + 1, h.fraction) for h in headings if h.kind != "topic"] == [
        ("part-1", 21, None),
        ("fraction", 23, "CDA"),
    ]
    assert detect_all(lines, headings)[0].layout == "verslag"
    seg = segment_file(VSO_2010)
    assert seg.document.fractions == ("CDA",)
    assert {"no-reply", "truncated"} <= {w.code for w in seg.warnings}


def test_layout_override() -> None:
    """An explicit layout wins over detection."""
    seg = segment_file(VSO_2025, layout="inbreng")
    assert seg.document.layout == "inbreng"


def test_cli_layout_option() -> None:
    """`--layout` on the command line overrides detection."""
    from click.testing import CliRunner

    from dedup.cli import cli

    result = CliRunner().invoke(
        cli, ["segment", str(VSO_2025), "--layout", "inbreng", "--format", "json"]
    )
    assert result.exit_code == 0
    assert '"layout": "inbreng"' in result.output
    bad = CliRunner().invoke(cli, ["segment", str(VSO_2025), "--layout", "memo"])
    assert bad.exit_code == 2


KAMERVRAGEN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie><kamervragen>
<kamervraagomschrijving>Vragen van het lid Leijten (SP) aan de Minister van Financiën over
de Ecofinraad (ingezonden 4 mei 2018).</kamervraagomschrijving>
<kamervraagkop>Antwoord van Minister Hoekstra (Financiën) (ontvangen 28 mei 2018).</kamervraagkop>
<vraag><nr>Vraag 1</nr><al>Kunt u aangeven waarom de Kamer de stukken zo laat ontving?</al></vraag>
<antwoord><nr>Antwoord 1</nr><al>De informele Ecofin begon op 27 april.</al></antwoord>
<vraag><nr>Vraag 2</nr><al>Ontving u de stukken eerder? Zo ja, wanneer?</al></vraag>
<antwoord><nr>Antwoord 2</nr><al>Zie het antwoord op vraag 1.</al></antwoord>
</kamervragen></officiele-publicatie>
"""


def test_kamervragen_from_officielebekendmakingen_xml(tmp_path: Path) -> None:
    """Aanhangsel XML (<kamervragen>, <vraag>, <antwoord>) segments like its text."""
    path = tmp_path / "ah-tk-20172018-2214.xml"
    path.write_text(KAMERVRAGEN_XML, encoding="utf-8")
    an = analyze_file(path)
    seg = an.segmentation
    assert (seg.document.format, seg.document.layout, seg.document.fractions) == (
        "html",
        "kamervragen",
        ("SP",),
    )
    assert [q.text for q in seg.part_one()] == [
        "Kunt u aangeven waarom de Kamer de stukken zo laat ontving?",
        "Ontving u de stukken eerder? Zo ja, wanneer?",
    ]
    assert [a.answers_questions for a in seg.answers] == [("SP-q01",), ("SP-q02",)]
    assert [(r.source, r.target) for r in an.references] == [("A002", "A001")]
