"""Documents written in the styles of real publications (fixtures/styles/): every expected
file is well-formed, in the schema of the real excerpts' ANNOTATIONS.json, and says only
what its document really contains."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dedup.ingest import read_document
from tests.conftest import FIXTURES
from tests.make_formats import blocks_from_text, make_format

STYLES = FIXTURES / "styles"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in STYLES.glob("*.expected.json"))
LAYOUTS = frozenset(
    {
        "kamervragen",
        "kamervragen-no-answer",
        "lijst",
        "verslag",
        "inbreng",
        "interleaved",
        "nota",
        "memorie-van-antwoord",
        "none",
    }
)
KEYS = frozenset(
    {
        "file",
        "layout",
        "year",
        "askers",
        "n_questions",
        "n_answers",
        "questions",
        "answers",
        "duplicate_groups",
        "truncated_mid_question",
        "notes",
    }
)
# Phenomena of issue 9 that must each have at least one document (layout, name part).
REQUIRED = (
    ("kamervragen", "openkamer-enkel"),
    ("kamervragen", "openkamer-overzicht"),
    ("kamervragen", "openkamer-spaties"),
    ("kamervragen", "beiden-sp"),
    ("kamervragen", "meerdere-partijen"),
    ("kamervragen-no-answer", "allen-groenlinks"),
    ("kamervragen", "oud-genummerd"),
    ("kamervragen", "bijvoegsel-handelingen"),
    ("kamervragen", "pdf-afbreking"),
    ("kamervragen", "officielebekendmakingen-pagina"),
    ("kamervragen-no-answer", "partijsite"),
    ("lijst", "tweedekamer-zonder-labels"),
    ("lijst", "tabel"),
    ("lijst", "rekenkamer"),
    ("lijst", "antwoord-in-tekst"),
    ("lijst", "plat"),
    ("memorie-van-antwoord", "verslagstijl"),
    ("nota", "naar-aanleiding-van-het-verslag"),
    ("inbreng", "indirecte-verzoeken"),
    ("verslag", "wetsvoorstel-oude-stijl"),
    ("verslag", "eerste-kamer-voorlopig"),
    ("verslag", "klassiek-kort"),
    ("verslag", "reactie-in-eigen-woorden"),
    ("interleaved", "derde-persoon"),
    ("verslag", "eerste-kamer-brieven"),
    ("none", "brief"),
    ("none", "motie"),
    ("none", "plenair"),
)


def match_key(text: str) -> str:
    """Text as compared with first_words: case, whitespace and hyphens (soft or line-break)
    do not count, so a question matches however its document was wrapped."""
    return re.sub(r"[\s\-\u00ad]+", "", text).lower()


def _load(name: str) -> tuple[dict[str, Any], str]:
    expected = json.loads((STYLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return expected, (STYLES / expected["file"]).read_text(encoding="utf-8")


def test_every_phenomenon_has_a_document() -> None:
    """Each style named in issue 9 has a document, named <layout>_<what>.txt."""
    assert NAMES, "no documents in fixtures/styles/"
    for layout, what in REQUIRED:
        assert f"{layout}_{what}" in NAMES, (layout, what)


def test_every_document_has_an_expected_file() -> None:
    """No document in fixtures/styles/ is left without its hand-made expectations."""
    texts = {p.stem for p in STYLES.glob("*.txt")}
    assert texts == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_expected_file_is_well_formed(name: str) -> None:
    """The expected file has the keys and types of the real annotations, consistent counts,
    questions numbered 1..n and answers pointing at existing questions."""
    expected, _ = _load(name)
    assert set(expected) == KEYS
    assert expected["file"] == f"{name}.txt"
    assert expected["layout"] in LAYOUTS
    assert name.split("_", 1)[0] == expected["layout"]
    assert isinstance(expected["year"], int) and 1990 <= expected["year"] <= 2030
    fractions = {a["fraction"] for a in expected["askers"]}
    questions = expected["questions"]
    assert expected["n_questions"] == len(questions)
    assert [q["n"] for q in questions] == list(range(1, len(questions) + 1))
    for q in questions:
        assert set(q) == {"n", "label", "first_words", "asker_fraction", "direct"}
        assert isinstance(q["direct"], bool)
        asked = q["asker_fraction"]
        named = set(asked) if isinstance(asked, list) else {asked}
        assert named <= fractions, (q["n"], named)
    numbers = {q["n"] for q in questions}
    answers = expected["answers"]
    assert expected["n_answers"] == len(answers)
    for a in answers:
        assert a["answers_question"] in numbers
        assert set(a.get("covers", [a["answers_question"]])) <= numbers
    for group in expected["duplicate_groups"]:
        assert group["kind"] in ("near-identical", "paraphrase")
        assert len(group["members"]) >= 2
        assert set(group["members"]) <= numbers
    if expected["layout"] == "none":
        assert not questions and not answers and not expected["askers"]
    if expected["layout"] in ("kamervragen-no-answer", "inbreng"):
        assert not answers
    assert len(expected["notes"]) > 40


@pytest.mark.parametrize("name", NAMES)
def test_first_words_occur_in_order(name: str) -> None:
    """Each question's and answer's first words are in the document, questions in the order
    they are numbered, and no answer text is mistaken for its question."""
    expected, text = _load(name)
    flat = match_key(text)
    position = 0
    for q in expected["questions"]:
        found = flat.find(match_key(q["first_words"]), position)
        assert found >= 0, (q["n"], q["first_words"])
        position = found + 1
    for a in expected["answers"]:
        assert match_key(a["first_words"]) in flat, a["first_words"]


@pytest.mark.parametrize("name", NAMES)
def test_document_is_small_and_plain_text(name: str) -> None:
    """Documents are small (under 5 KB) UTF-8 text without control characters."""
    raw = (STYLES / f"{name}.txt").read_bytes()
    assert 300 < len(raw) < 5000
    text = raw.decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text.replace("\t", ""))


# Documents also written as PDF, HTML and DOCX (blank-line paragraphs re-wrapped by the format).
AS_FORMATS = ("kamervragen_beiden-sp", "lijst_rekenkamer", "memorie-van-antwoord_verslagstijl")


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
@pytest.mark.parametrize("name", AS_FORMATS)
def test_format_versions_keep_every_question(name: str, fmt: str, tmp_path: Path) -> None:
    """Read back from a PDF, HTML or DOCX version, the text still holds every question's and
    answer's first words in order: the format versions are fit for the parser's tests."""
    expected, text = _load(name)
    path = tmp_path / f"{name}.{fmt}"
    make_format(fmt, blocks_from_text(text), path)
    read = match_key("\n".join(read_document(path).lines))
    position = 0
    for q in expected["questions"]:
        found = read.find(match_key(q["first_words"]), position)
        assert found >= 0, (fmt, q["first_words"])
        position = found + 1
    for a in expected["answers"]:
        assert match_key(a["first_words"]) in read, (fmt, a["first_words"])
