"""The HTML report as text: content on the fixture, self-contained, accessible markup,
deterministic, rendered from templates shipped inside the package."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import cli as cli_module
from dedup.cli import cli
from dedup.render.to_html import diff_html, render_html
from dedup.stats import stats_dict
from tests.conftest import SAMPLE
from tests.test_analyze import analysis
from tests.test_render_terminal import dashboard, slaapzalen


@cache
def html() -> str:
    return render_html(analysis(), "en")


class Outline(HTMLParser):
    """Collects ids, heading levels, external references and table header scopes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, int] = {}
        self.headings: list[int] = []
        self.references: list[str] = []
        self.th_without_scope = 0
        self.th_in_thead = 0
        self._in_thead = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            ident = a["id"] or ""
            self.ids[ident] = self.ids.get(ident, 0) + 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for key in ("src", "href"):
            value = a.get(key)
            if value and not value.startswith(("#", "data:")):
                self.references.append(value)
        if tag == "thead":
            self._in_thead = True
        if tag == "th" and "scope" not in a:
            self.th_without_scope += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_thead = False


@cache
def outline() -> Outline:
    parser = Outline()
    parser.feed(html())
    return parser


def _section(text: str, ident: str) -> str:
    """The HTML of the element with id `ident` up to the next cluster article."""
    start = text.index(f'id="{ident}"')
    end = text.find("<article", start)
    return text[start : end if end != -1 else None]


def test_slaapzalen_cluster_with_fractions_lines_and_diff() -> None:
    """The slaapzalen cluster is an article with VVD and D66, their lines and the question."""
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    cluster = slaapzalen()
    block = _section(html(), cluster.id)
    assert f"tag-{cluster.kind}" in block
    for m in cluster.members:
        q = qs[m]
        assert f'<th scope="row">{q.fraction}</th><td class="num">{q.line}</td>' in block
    assert "Op welke termijn worden slaapzalen getransformeerd naar eenpersoonskamers?" in block
    assert f'href="#{cluster.id}"' in html(), "the navigation links to the cluster"


def test_dashboard_answer_lists_every_section() -> None:
    """The Dashboard answer shows its text, every occurrence's section and lines, and diffs."""
    an = analysis()
    answers = {a.id: a for a in an.segmentation.answers}
    cluster = dashboard()
    block = _section(html(), cluster.id)
    assert "Eén van de indicatoren uit het Dashboard" in block
    for m in cluster.members:
        a = answers[m]
        assert (
            f'<a href="#antwoord-{a.id}" title="to the answer">{a.section_fraction}</a></th>'
            in block
        )
        assert f'<td class="num">{a.line_start}-{a.line_end}</td>' in block
    assert "<del>de mate waarin</del> <ins>in hoeverre</ins>" in block
    assert block.count('<details class="copy">') == len(cluster.members) - 1


def test_summary_charts_and_question_table() -> None:
    """Summary figures, three inline SVG charts and a filterable row per Part I question."""
    an = analysis()
    stats = stats_dict(an)
    text = html()
    assert f"<dd>{stats['unique_information_needs']}</dd>" in text
    assert text.count("<svg ") == 3
    for title in (
        "Questions per fraction",
        "Shared questions between fractions",
        "Reused answer words per section",
    ):
        assert f">{title}</title>" in text
    rows = re.findall(
        r'<tr id="vraag-[^"]+" data-question="[^"]+" data-fraction="([^"]+)" '
        r'data-cluster="([^"]*)"',
        text,
    )
    assert len(rows) == len(an.segmentation.part_one())
    assert sum(1 for _, c in rows if c) == stats["questions_in_clusters"]
    assert 'id="q-search"' in text and 'id="q-fraction"' in text and 'id="q-status"' in text


def test_self_contained_accessible_and_unique_ids() -> None:
    """No external reference; one h1, no skipped level, scoped th, unique ids, lang, skip."""
    parsed = outline()
    assert parsed.references == []
    assert "@import" not in html() and "url(" not in html()
    assert parsed.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:], strict=False))
    assert parsed.th_without_scope == 0
    assert [i for i, n in parsed.ids.items() if n > 1] == []
    assert '<html lang="en">' in html() and 'class="skip-link"' in html()
    assert 'lang="nl"' in html(), "Dutch text is marked as Dutch"


def test_deterministic_and_escaped() -> None:
    """Same analysis, same bytes; document text is escaped, diffs use del/ins."""
    assert render_html(analysis(), "en") == html()
    assert str(diff_html("a <b> c", "a <i> c")) == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins> c"


def test_templates_are_package_data() -> None:
    """The template, stylesheet and script are found inside the installed package."""
    folder = resources.files("dedup.render").joinpath("templates")
    names = {p.name for p in folder.iterdir()}
    assert {"report.html.j2", "report.css", "report.js"} <= names
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert "render/templates/*" in pyproject


def test_cli_writes_html_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`analyze --format html --out` writes the report; a second run needs --force."""
    monkeypatch.setattr(cli_module, "_analysis", lambda *args: analysis())
    out = tmp_path / "report.html"
    args = ["analyze", str(SAMPLE), "--format", "html", "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert out.read_text(encoding="utf-8") == render_html(analysis())
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    folder = CliRunner().invoke(cli, [*args[:-1], str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_heatmap_text_contrast() -> None:
    """Numbers in the heatmap keep at least 4:1 contrast with their cell at every shade."""
    from dedup.render.charts import _luminance, _mix, ink_on

    for step in range(21):
        fill = _mix("#f5f2fa", "#3f007d", step / 20)
        a, b = sorted((_luminance(fill), _luminance(ink_on(fill))))
        assert (b + 0.05) / (a + 0.05) >= 4.0, fill
