"""Reports speak Dutch by default and English on request, from one catalogue; the
figures every format shows per cluster and per section say what they are and agree."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from dedup.cli import cli
from dedup.render.messages import Messages, messages
from dedup.render.to_csv import render_csv
from dedup.render.to_html import render_html
from dedup.render.to_markdown import render_markdown
from dedup.render.to_terminal import render_summary
from dedup.render.view import occurrences, reuse_by_section
from tests.conftest import SAMPLE
from tests.test_analyze import analysis


def terminal(lang: str = "nl", width: int = 80, only: str | None = None) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), no_color=True)
    render_summary(analysis(), console, only=only, lang=lang)
    return console.export_text()


def test_catalogue_languages_and_plurals() -> None:
    """Both languages answer every key; plurals follow the count; unknown languages fail."""
    nl, en = messages("nl"), messages()
    assert en.lang == "nl"
    assert messages("en")("duplicate_questions") == "Duplicate questions"
    assert nl("duplicate_questions") == "Dubbele vragen"
    assert nl.count("warnings", 1) == "1 waarschuwing"
    assert nl.count("warnings", 3) == "3 waarschuwingen"
    assert messages("en").count("warnings", 1) == "1 warning"
    assert nl.number(14979) == "14.979" and messages("en").number(14979) == "14,979"
    with pytest.raises(ValueError, match="nl, en"):
        Messages("de")


def test_html_is_dutch_by_default_and_english_on_request() -> None:
    an = analysis()
    nl, en = render_html(an), render_html(an, "en")
    assert '<html lang="nl">' in nl and '<html lang="en">' in en
    assert "<title>Dubbele vragen en hergebruikte antwoorden: Kamerstuk 29 325, nr. 157" in nl
    for english in ("Duplicate questions", "weakest link", "Answered by", "Similarity"):
        assert english not in nl
        assert english in en
    assert nl.count("zwakste schakel") == len(an.question_clusters)


def test_markdown_terminal_and_csv_are_dutch_by_default() -> None:
    an = analysis()
    md = render_markdown(an)
    assert md.startswith("# Dubbele vragen en hergebruikte antwoorden")
    assert "## Dubbele vragen" in md and "## Welke antwoorden waar zijn hergebruikt" in md
    assert md.count("zwakste schakel") == len(an.question_clusters)
    text = terminal()
    assert "Welke antwoorden waar zijn hergebruikt" in text
    assert text.count("zwakste schakel") == len(an.question_clusters)
    assert "Duplicate questions" not in text and "weakest" not in text
    assert render_csv(an)["questions.csv"].startswith("id,fractie,deel,regel,regel_eind,")
    assert (
        render_csv(an)["clusters.csv"]
        .splitlines()[0]
        .endswith("zwakste_schakel,overeenkomst_met_eerste,gedeeld_deel")
    )
    assert render_csv(an, "en")["questions.csv"].startswith("id,fraction,part,line,")


def test_cli_lang_option() -> None:
    """`--lang en` gives the English terminal report; the default is Dutch."""
    nl = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--only", "summary", "--no-color"])
    en = CliRunner().invoke(
        cli, ["analyze", str(SAMPLE), "--only", "summary", "--no-color", "--lang", "en"]
    )
    assert nl.exit_code == 0 and en.exit_code == 0
    assert "unieke informatiebehoeften" in nl.output
    assert "unique information needs" in en.output


def test_words_reused_is_one_figure_in_every_format() -> None:
    """A section whose answers are pasted elsewhere is not 0%: the per-section share of
    answer words in a reused answer is the same number in terminal, Markdown and HTML."""
    an = analysis()
    sections = {s.fraction: s for s in reuse_by_section(an)}
    vvd = sections["VVD"]
    assert vvd.source_words > 0 and vvd.reused_share > 0
    share = f"{vvd.reused_share:.0%}"
    row = next(line for line in terminal(width=120).splitlines() if line.strip().startswith("VVD"))
    assert row.rstrip().endswith(share)
    md_row = next(line for line in render_markdown(an).splitlines() if line.startswith("| VVD |"))
    assert md_row.endswith(f"| {share} |")
    html_row = re.search(r'<tr><th scope="row">VVD</th>.*?</tr>', render_html(an))
    assert html_row is not None and html_row.group(0).endswith(f'<td class="num">{share}</td></tr>')


def test_partial_copies_show_the_shared_share_not_100() -> None:
    """A partial copy's similarity cell says how much of it is shared, never `100%`."""
    an = analysis()
    partial = [c for c in an.answer_clusters if c.kind == "partial"]
    assert partial
    md = render_markdown(an)
    for c in partial:
        block = md.split(f"### {c.id} ·", 1)[1].split("\n\n| ", 1)[1].split("\n\n", 1)[0]
        cells = [row.rsplit("|", 2)[-2].strip() for row in ("| " + block).splitlines()]
        assert cells[0] == "Overeenkomst" and cells[2] == "eerste"
        copies = cells[3:]  # header, rule, first occurrence
        changed = [bool(o.diffs) for o in occurrences(an, c)[1:]]
        assert len(copies) == len(changed) and any(changed)
        for cell, differs in zip(copies, changed, strict=True):
            assert re.fullmatch(r"\d?\d% gedeeld", cell) if differs else cell == "100%", cells


def test_terminal_at_80_columns_wraps_the_question_and_keeps_diff_markers() -> None:
    """The answered question is wrapped, not cut; a long replaced passage keeps `→`."""
    text = terminal(width=80, only="answers")
    assert max(len(line) for line in text.splitlines()) <= 80
    flat = " ".join(text.split())
    r001 = text.split("R001", 1)[1].split("R002", 1)[0]
    # Both occurrences' questions end in full (cut text would end in `…` at ~20 characters).
    assert r001.count("gerealiseerd?") == 2 and "…" not in r001.split("Regels", 1)[1]
    replaced = [d for c in analysis().answer_clusters for d in c.diffs if d.op == "replace"]
    long = [d for d in replaced if len(d.before) > 80]
    assert long
    assert flat.count(" → ") >= 1 and "…” → “" in flat


def test_html_has_every_answer_passage_linked_both_ways() -> None:
    """All answer passages are in the page, reused or not; every question links to the
    text of each answer to it, and each answer links back to its questions."""
    an = analysis()
    html = render_html(an)
    part_one = {q.id for q in an.segmentation.part_one()}
    unreused = [a for a in an.segmentation.answers if a.id not in an.answer_cluster_of]
    assert len(unreused) > 40
    for a in an.segmentation.answers:
        article = html.split(f'<article class="answer" id="antwoord-{a.id}"', 1)[1]
        article = article.split("</article>", 1)[0]
        assert " ".join(a.text.split())[:80] in article
        for qid in a.answers_questions:
            if qid not in part_one:
                continue
            assert f'href="#vraag-{qid}"' in article
            row = html.split(f'<tr id="vraag-{qid}"', 1)[1].split("</tr>", 1)[0]
            assert f'href="#antwoord-{a.id}"' in row


def _fixture_evidence() -> list[tuple[str, tuple[str, ...]]]:
    """The layout cues of every text fixture that segments (documents that are refused
    have none)."""
    from dedup.errors import DedupError
    from dedup.pipeline import segment_file

    found = []
    for path in sorted((SAMPLE.parent).rglob("*.txt")):
        try:
            seg = segment_file(path)
        except DedupError:
            continue
        e = seg.document.layout_evidence
        if e is not None and e.cues:
            found.append((path.name, e.cues))
    return found


def test_every_layout_cue_reads_dutch_in_dutch_reports() -> None:
    """The evidence line of `segment` says its cues in Dutch: every cue shape the layouts
    give on the fixtures is in the translation table (a new shape fails here), and in
    English the cue is shown as the JSON has it."""
    from dedup.render.warnings_text import cue_text

    nl, en = messages("nl"), messages("en")
    evidence = _fixture_evidence()
    shapes = {re.sub(r"\d+|'[^']*'", "#", c) for _, cues in evidence for c in cues}
    assert len(shapes) >= 8  # the fixtures cover most layouts' cues
    for name, cues in evidence:
        for cue in cues:
            assert cue_text(cue, en) == cue
            dutch = cue_text(cue, nl)
            assert dutch != cue, (name, cue)
            # Quoted document text and numbers come through unchanged.
            for detail in re.findall(r"'[^']*'|\d+", cue):
                assert detail in dutch, (name, cue, dutch)


def test_segment_outline_of_a_lijst_names_who_asks_not_zero_fractions() -> None:
    """A lijst has no fraction sections: the outline says who asks, not `0 fracties`."""
    lijst = SAMPLE.parent / "real" / "lijst_kst-31066-444_officielebekendmakingen_excerpt.txt"
    out = CliRunner().invoke(cli, ["segment", str(lijst), "--no-color"]).output
    assert "0 fracties" not in out
    assert "geen fracties (vragen van: commissie)" in out
    en = CliRunner().invoke(cli, ["segment", str(lijst), "--no-color", "--lang", "en"]).output
    assert "no fractions (questions from: commissie)" in en


def test_counts_of_zero_read_as_words_not_zero_figures() -> None:
    """An inbreng has no reply: its summary says so instead of `0 passages · 0 woorden`,
    and the reuse heading says there are none instead of `0 hergebruikte antwoorden`."""
    inbreng = SAMPLE.parent / "layouts" / "inbreng.txt"
    out = CliRunner().invoke(cli, ["analyze", str(inbreng), "--no-color", "--no-pager"]).output
    assert "geen: dit document bevat alleen vragen" in out
    assert "0 passages" not in out and "· 0 hergebruikte" not in out
    assert "geen hergebruikte antwoorden" in out
    en = (
        CliRunner()
        .invoke(cli, ["analyze", str(inbreng), "--no-color", "--no-pager", "--lang", "en"])
        .output
    )
    assert "none: this document holds questions only" in en and "no reused answers" in en
    assert messages("nl")("clusters_strongest_first", n=0) == "Dubbele vragen · geen clusters"
    assert messages("nl")("clusters_strongest_first", n=2).startswith("Dubbele vragen · 2 ")
