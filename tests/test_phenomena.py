"""Issue 9's phenomena, each on a small document written in that style, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import cli
from dedup.errors import NoStructure
from dedup.pipeline import analyze_file, segment_file
from dedup.render.to_json import render_analysis
from tests.conftest import SAMPLE

PHENOMENA = Path(__file__).resolve().parent.parent / "fixtures" / "phenomena"
OPENKAMER = PHENOMENA / "kamervragen-openkamer.txt"
SEVERAL = PHENOMENA / "kamervragen-several-members.txt"
MIXED = PHENOMENA / "kamervragen-mixed-parties.txt"
LIJST_PLAIN = PHENOMENA / "lijst-inline-numbers.txt"
MEMORIE = PHENOMENA / "memorie-van-antwoord.txt"
EERSTE_KAMER = PHENOMENA / "eerste-kamer-brief.txt"
BIJVOEGSEL = PHENOMENA / "bijvoegsel-handelingen.txt"
MOTIE = PHENOMENA / "not-qa-motie.txt"


def test_openkamer_page() -> None:
    """Header block, ` • Vraag N`, unlabelled answers; the answering minister's party is
    no asker; a repeated question is found as a duplicate of the first."""
    an = analyze_file(OPENKAMER)
    seg = an.segmentation
    assert seg.document.layout == "kamervragen"
    assert seg.document.fractions == ("BVNL",)
    qs = seg.part_one()
    assert [q.number for q in qs] == [1, 2, 3] and {q.fraction for q in qs} == {"BVNL"}
    assert seg.answers[0].text == "Ja."
    assert [a.answers_questions for a in seg.answers] == [(q.id,) for q in qs]
    assert an.question_cluster_of.get(qs[0].id) == an.question_cluster_of.get(qs[2].id) is not None


def test_several_members_one_party() -> None:
    seg = segment_file(SEVERAL)
    assert seg.document.layout == "kamervragen-no-answer"
    q = seg.part_one()[0]
    assert q.fraction == "SP" and [(a.name, a.fraction) for a in q.askers] == [
        ("Van Raak", "SP"),
        ("Hijink", "SP"),
    ]
    assert not [w for w in seg.warnings if w.code in ("unanswered", "no-reply")]


def test_members_of_several_parties_and_the_minister() -> None:
    an = analyze_file(MIXED)
    q = an.segmentation.part_one()[0]
    assert q.fraction == "D66"
    assert [a.fraction for a in q.askers] == ["D66", "CDA", "ChristenUnie"]
    data = json.loads(render_analysis(an))
    assert data["questions"][0]["askers"][1] == {"name": "Boswijk", "fraction": "CDA"}
    assert an.segmentation.answers[0].answers_questions == (q.id,)


def test_lijst_inline_numbers_and_antwoord_in_text() -> None:
    seg = segment_file(LIJST_PLAIN)
    assert seg.document.layout == "lijst"
    assert [q.text for q in seg.part_one()] == [
        "Waarom is de rapportage vertraagd?",
        "Wanneer verschijnt de volgende rapportage?",
        "Welke cijfers staan daarin?",
    ]
    assert seg.answers[0].text.startswith("De rapportage is vertraagd")
    assert seg.answers[1].answers_questions == ("commissie-q02", "commissie-q02b")


def test_memorie_van_antwoord_reported_speech() -> None:
    """`De leden van deze fractie vragen ... om een nadere onderbouwing`, `horen graag`,
    `Genoemde leden willen de toezegging`; unlabelled replies `De regering`/`Het kabinet`."""
    seg = segment_file(MEMORIE)
    assert seg.document.layout == "memorie-van-antwoord"
    qs = seg.part_one()
    assert [(q.fraction, q.direct) for q in qs] == [("VVD", False), ("SP", False), ("SP", False)]
    assert qs[0].text.startswith("De leden van deze fractie vragen")
    assert [a.text[:12] for a in seg.answers] == ["De regering ", "Het kabinet "]
    assert seg.answers[0].answers_questions == (qs[0].id,)
    assert seg.answers[1].answers_questions == (qs[1].id, qs[2].id)


def test_eerste_kamer_letter() -> None:
    seg = segment_file(EERSTE_KAMER)
    assert seg.document.layout == "verslag"
    assert [q.fraction for q in seg.part_one()] == ["PVV", "PvdD"]


def test_bijvoegsel_third_person_answer() -> None:
    seg = segment_file(BIJVOEGSEL)
    assert seg.document.layout == "kamervragen"
    q = seg.part_one()[0]
    assert q.fraction == "SGP" and q.text.startswith("Moeten we")
    assert seg.answers[0].text.startswith("De geachte afgevaardigde")
    assert seg.answers[0].answers_questions == (q.id,)


def test_not_written_qa_is_refused_saying_what_was_looked_for() -> None:
    path = MOTIE
    with pytest.raises(NoStructure, match=r"numbered questions.*Kamervragen header.*reported"):
        segment_file(path)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 2


def test_strict_turns_an_empty_result_into_exit_1() -> None:
    path = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
    inbreng = path / "inbreng-vso_2023D06019_tweedekamer-nl_excerpt.txt"
    plain = CliRunner().invoke(cli, ["segment", str(inbreng), "--no-color"])
    assert plain.exit_code == 0
    before_outline = plain.output.split("layout inbreng")[0]
    assert "Let op: Geen vragen gevonden" in before_outline
    strict = CliRunner().invoke(cli, ["segment", str(inbreng), "--strict", "--format", "json"])
    assert strict.exit_code == 1
    assert "no-questions" in {w["code"] for w in json.loads(strict.stdout)["warnings"]}


def test_inline_vraag_and_antwoord_labels() -> None:
    """`Vraag 1: ...?` / `Antwoord 1: ...` with the text on the label's line (mirrors)."""
    seg = segment_file(PHENOMENA / "kamervragen-inline-labels.txt")
    assert [q.text for q in seg.part_one()] == [
        "Bent u bekend met het bericht over de belastingdienst?",
        "Hoeveel brieven zijn er verstuurd? Zo ja, wanneer?",
    ]
    assert [(a.text, a.answers_questions) for a in seg.answers] == [
        ("Ja.", ("VVD-q01",)),
        ("Er zijn 300 brieven verstuurd.", ("VVD-q02",)),
    ]


def test_eerste_kamer_reply_letter_answers_in_reported_speech() -> None:
    """The minister's letter after the voorzitters' letter is the reply: its questions,
    taken up in its own words, link the answers under them to the right fraction."""
    styles = PHENOMENA.parent / "styles" / "verslag_eerste-kamer-brieven.txt"
    seg = segment_file(styles)
    assert seg.document.layout == "verslag" and seg.document.has_reply
    linked = {qid for a in seg.answers for qid in a.answers_questions}
    assert linked == {q.id for q in seg.part_one()}
    assert all(
        a.section_fraction == seg.question(a.answers_questions[0]).fraction for a in seg.answers
    )
    assert not [w for w in seg.warnings if w.code == "unlinked-answer"]


def test_one_answer_for_several_numbered_questions() -> None:
    """`Antwoord 2 en 3` answers both items, and neither is reported unanswered."""
    seg = segment_file(PHENOMENA / "kamervragen-shared-answer.txt")
    assert [a.answers_questions for a in seg.answers] == [("VVD-q01",), ("VVD-q02", "VVD-q03")]
    assert not [w for w in seg.warnings if w.code == "unanswered"]


def test_cut_off_fragment_is_no_question() -> None:
    """An excerpt ending in a few words of a new question ('In welke Europes') does not
    count them as a question; the cut is still warned."""
    seg = segment_file(PHENOMENA.parent / "real" / "inbreng_2022D31701_tweedekamer-nl_excerpt.txt")
    assert [q.text.split()[0] for q in seg.part_one()] == ["De", "Hadden"]
    assert "truncated" in {w.code for w in seg.warnings}


def test_postponement_notice_is_questions_only() -> None:
    """A `Mededeling` that the answers are delayed holds no answers: questions only."""
    seg = segment_file(PHENOMENA / "kamervragen-mededeling.txt")
    assert seg.document.layout == "kamervragen-no-answer"
    assert [q.fraction for q in seg.part_one()] == ["PVV", "PVV"]
    assert not [w for w in seg.warnings if w.code in ("unanswered", "no-reply")]


def test_party_abbreviations_and_the_answering_minister() -> None:
    from dedup.layouts.numbered import parse_askers

    who = "Kröger (GL-PvdA), Bikker (CU) en Dassen (Volt), Jetten (minister klimaat) (D66)"
    assert [(a.name, a.fraction) for a in parse_askers(who)] == [
        ("Kröger", "GroenLinks-PvdA"),
        ("Bikker", "ChristenUnie"),
        ("Dassen", "Volt"),
    ]


@pytest.mark.parametrize(
    ("fmt", "lang", "said"),
    [
        ("rich", "nl", "Let op: Geen antwoorddeel in dit bestand"),
        ("md", "nl", "> **Let op:** Geen antwoorddeel in dit bestand"),
        ("html", "en", "<strong>Note:</strong> No reply part in this file"),
    ],
)
def test_a_missing_reply_part_is_said_first_in_every_report(
    tmp_path: Path, fmt: str, lang: str, said: str
) -> None:
    """A verslag cut off inside Part II: the report says so before its summary, in the
    report's language, and `--strict` turns it into exit code 1."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "afgebroken.txt"
    cut.write_text("".join(lines[:800]), encoding="utf-8")
    args = ["analyze", str(cut), "--format", fmt, "--lang", lang, "--no-color"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert said in out
    summary = {"rich": "dedup analyze", "md": "## Samenvatting", "html": 'id="summary"'}[fmt]
    assert out.index(said) < out.index(summary)
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1 and "no-reply-in-file" in strict.stderr
