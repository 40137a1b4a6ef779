"""The Markdown report: the same content as the HTML report, as GitHub tables."""

from __future__ import annotations

from functools import cache

import pytest

from dedup.render.to_markdown import diff_markdown, escape, render_markdown
from dedup.stats import stats_dict
from tests.test_analyze import analysis
from tests.test_render_terminal import dashboard, slaapzalen


@cache
def markdown() -> str:
    return render_markdown(analysis(), "en")


def _block(text: str, heading_start: str) -> str:
    start = text.index(heading_start)
    end = text.find("\n### ", start + 1)
    return text[start : end if end != -1 else None]


def test_slaapzalen_cluster_rows() -> None:
    """The slaapzalen cluster has a heading with its kind and a row per fraction with its line."""
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    cluster = slaapzalen()
    block = _block(markdown(), f"### {cluster.id} · {cluster.kind}")
    for m in cluster.members:
        q = qs[m]
        assert f"| {q.fraction} | {q.line} | " in block
    assert "| VVD | 50 | Op welke termijn worden slaapzalen getransformeerd" in block
    assert "| D66 | 105 | " in block


def test_dashboard_answer_every_occurrence() -> None:
    """The Dashboard answer is quoted, with a row per occurrence and its word differences."""
    an = analysis()
    answers = {a.id: a for a in an.segmentation.answers}
    cluster = dashboard()
    block = _block(markdown(), f"### {cluster.id} · {cluster.kind}")
    assert "> Eén van de indicatoren uit het Dashboard" in block
    for m in cluster.members:
        a = answers[m]
        assert f"| {a.section_fraction} | " in block
        assert f" | {a.line_start}-{a.line_end} | " in block
    assert "“de mate waarin” → “in hoeverre”" in block


def test_summary_overlap_and_all_questions() -> None:
    """Summary table figures, the fraction × fraction table and one row per Part I question."""
    an = analysis()
    stats = stats_dict(an)
    text = markdown()
    assert (
        f"| Unique information needs after bundling | {stats['unique_information_needs']} |"
    ) in text
    matrix = stats["fraction_overlap"]
    assert f"| **VVD** | · | {matrix['VVD']['D66']} |" in text
    table = text[text.index("## All questions") :]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "-q" in line]
    assert len(rows) == len(an.segmentation.part_one())
    assert render_markdown(an, "en") == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a|b", "a\\|b"),
        ("*nadruk* en _dit_", "\\*nadruk\\* en \\_dit\\_"),
        ("regel\nnieuw", "regel nieuw"),
        # Entities, not backslashes: Markdown.pl and its kin have no backslash escape for `<`.
        ("<script>", "&lt;script&gt;"),
        ("A & B", "A &amp; B"),
        ("dak- en thuisloze mensen", "dak- en thuisloze mensen"),
    ],
)
def test_escape(raw: str, shown: str) -> None:
    """Markdown syntax in document text is shown literally, on one line; plain text is kept."""
    assert escape(raw) == shown


def test_diff_markdown_marks_changes() -> None:
    """Changed words are struck through and added words bold."""
    assert (
        diff_markdown("Hoe veel plekken?", "Hoeveel plekken?")
        == "~~Hoe veel~~ **Hoeveel** plekken?"
    )
