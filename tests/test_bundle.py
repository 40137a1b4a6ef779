"""The clerk's bundled question list: library logic, Markdown and DOCX renderings, CLI."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import cli as cli_module
from dedup.bundle import Bundle, BundledQuestion, bundle, heading
from dedup.cli import cli
from dedup.errors import InvalidSettings
from dedup.render.to_docx import render_bundle_docx
from dedup.render.to_markdown import render_bundle_markdown
from dedup.stats import stats_dict
from tests.conftest import SAMPLE
from tests.test_analyze import analysis
from tests.test_render_terminal import slaapzalen


@cache
def near() -> Bundle:
    return bundle(analysis())


@cache
def para() -> Bundle:
    return bundle(analysis(), merge="paraphrase")


def merging_slaapzalen() -> Bundle:
    """The bundle whose merge mode merges the slaapzalen cluster (its kind decides)."""
    return para() if slaapzalen().kind == "paraphrase" else near()


def _entry_with(b: Bundle, text_start: str) -> BundledQuestion:
    return next(
        q
        for q in b.questions
        if q.text.startswith(text_start) or any(v.text.startswith(text_start) for v in q.variants)
    )


def test_heading_names_all_fractions() -> None:
    """Headings use the Dutch form for one, two and three fractions."""
    assert heading(["VVD"]) == "Vragen van de leden van de VVD-fractie"
    assert heading(["VVD", "D66"]) == "Vragen van de leden van de VVD- en D66-fractie"
    assert (
        heading(["VVD", "D66", "GroenLinks-PvdA"])
        == "Vragen van de leden van de VVD-, D66- en GroenLinks-PvdA-fractie"
    )


def test_slaapzalen_once_under_vvd_and_d66() -> None:
    """The slaapzalen question appears once, under a VVD and D66 heading, both lines kept."""
    b = merging_slaapzalen()
    entry = _entry_with(b, "Op welke termijn worden slaapzalen")
    assert entry.fractions[:2] == ("VVD", "D66")
    assert entry.asked_by[:2] == (("VVD", 50), ("D66", 105))
    assert entry.cluster == slaapzalen().id and entry.kind == slaapzalen().kind
    assert (
        entry.text == "Op welke termijn worden slaapzalen getransformeerd naar eenpersoonskamers?"
    )
    assert {v.fraction: v.identical for v in entry.variants}["D66"] is True
    section = next(s for s in b.sections if entry in s.questions)
    assert section.heading == heading(entry.fractions)
    assert section.heading.startswith("Vragen van de leden van de VVD-, D66-") or (
        section.heading == "Vragen van de leden van de VVD- en D66-fractie"
    )
    matches = [q for q in b.questions if "slaapzalen getransformeerd" in q.text]
    assert len(matches) == 1


def test_document_order_numbering_and_counts() -> None:
    """Entries are numbered in asking order; merging paraphrases leaves the unique needs."""
    an = analysis()
    for b in (near(), para()):
        numbers = [q.number for q in b.questions]
        assert numbers == list(range(1, len(numbers) + 1))
        position = {q.id: i for i, q in enumerate(an.segmentation.part_one())}
        firsts = [
            min([position[q.question], *(position[v.question] for v in q.variants)])
            for q in b.questions
        ]
        assert firsts == sorted(firsts)
        assert b.asked == len(an.segmentation.part_one())
        assert sum(1 + len(q.variants) for q in b.questions) == b.asked
    assert len(para().questions) == stats_dict(an)["unique_information_needs"]
    assert len(near().questions) > len(para().questions)


def test_paraphrases_are_proposed_not_merged() -> None:
    """By default a paraphrase cluster stays separate, cross-referenced; merged on request."""
    an = analysis()
    cluster = next(c for c in an.question_clusters if c.kind == "paraphrase")
    entries = [q for q in near().questions if q.cluster == cluster.id]
    assert len(entries) == len(cluster.members)
    for q in entries:
        assert q.proposal is not None and not q.variants
        assert set(q.proposal.numbers) == {e.number for e in entries} - {q.number}
    merged = [q for q in para().questions if q.cluster == cluster.id]
    assert len(merged) == 1 and len(merged[0].variants) == len(cluster.members) - 1
    assert merged[0].fractions == tuple(
        f for f in an.segmentation.document.fractions if f in cluster.fractions
    )


def test_best_wording_and_variant_words() -> None:
    """A merged entry uses a direct, fraction-neutral wording and notes the variants' words."""
    entry = _entry_with(near(), "Hoe veel opvangplekken voor dakloze EU-burgers")
    assert entry.fractions == ("VVD", "D66", "GroenLinks-PvdA")
    others = {v.fraction: v for v in entry.variants}
    assert entry.text.endswith("?") and "fractie" not in entry.text
    changed = [(d.before, d.after) for v in others.values() for d in v.diffs]
    assert ("Hoe veel", "Hoeveel") in changed or ("Hoeveel", "Hoe veel") in changed


def test_unknown_merge_mode_is_refused() -> None:
    """Only near-identical and paraphrase are merge modes."""
    with pytest.raises(InvalidSettings, match="merge must be one of"):
        bundle(analysis(), merge="everything")


def test_markdown_has_headings_entries_variants_and_proposals() -> None:
    """The Markdown list: title, fraction headings, numbered entries, variants, proposals."""
    text = render_bundle_markdown(near())
    assert text.startswith("# Gebundelde vragen: Kamerstuk 29 325, nr. 157\n")
    assert "\n## Vragen van de leden van de VVD- en D66-fractie\n" in text
    assert "> Voorstel (Q" in text and "niet samengevoegd" in text
    merged = render_bundle_markdown(merging_slaapzalen())
    entry = _entry_with(merging_slaapzalen(), "Op welke termijn worden slaapzalen")
    assert f"\n{entry.number}. Op welke termijn worden slaapzalen getransformeerd" in merged
    assert "*Gesteld door: VVD regel 50, D66 regel 105" in merged
    assert "D66 (regel 105): gelijkluidend" in merged
    assert "„Hoe veel” → „Hoeveel”" in text or "„Hoeveel” → „Hoe veel”" in text
    assert render_bundle_markdown(near()) == text
    assert "> Voorstel" not in render_bundle_markdown(para())


def test_docx_opens_with_bundled_headings() -> None:
    """The DOCX opens with python-docx, has the bundled headings and entries, and is stable."""
    import docx

    b = merging_slaapzalen()
    data = render_bundle_docx(b)
    assert data == render_bundle_docx(b)
    document = docx.Document(io.BytesIO(data))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings == [s.heading for s in b.sections]
    assert "Vragen van de leden van de VVD- en D66-fractie" in headings
    texts = [p.text for p in document.paragraphs]
    entry = _entry_with(b, "Op welke termijn worden slaapzalen")
    assert f"{entry.number}. {entry.text}" in texts
    assert any(t.startswith("Gesteld door: VVD regel 50, D66 regel 105") for t in texts)
    assert document.core_properties.title == "Gebundelde vragen: Kamerstuk 29 325, nr. 157"


def test_cli_bundle_markdown_and_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`dedup bundle` prints Markdown, writes DOCX by suffix, and refuses DOCX on stdout."""
    monkeypatch.setattr(cli_module, "_analysis", lambda *args: analysis())
    result = CliRunner().invoke(cli, ["bundle", str(SAMPLE)])
    assert result.exit_code == 0 and result.output == render_bundle_markdown(near())
    result = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--merge", "paraphrase"])
    assert result.output == render_bundle_markdown(para())
    out = tmp_path / "gebundeld.docx"
    result = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0 and out.read_bytes() == render_bundle_docx(near())
    refused = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--format", "docx"])
    assert refused.exit_code == 2 and "--out" in refused.output
