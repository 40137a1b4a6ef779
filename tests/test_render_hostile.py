"""Arbitrary document text through every renderer (issue 12): terminal, HTML, Markdown,
CSV, JSON and the bundle (Markdown and DOCX). Nothing crashes; no raw control character
and no unescaped `<` from the document reaches Markdown or HTML; no CSV cell is a live
formula; the terminal never gets a control sequence."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from dedup.bundle import bundle
from dedup.errors import DedupError
from dedup.model import Analysis
from dedup.pipeline import analyze_file
from dedup.render.to_csv import render_csv
from dedup.render.to_docx import render_bundle_docx
from dedup.render.to_html import render_html
from dedup.render.to_json import render_analysis
from dedup.render.to_markdown import render_bundle_markdown, render_markdown
from dedup.render.to_terminal import render_outline, render_summary
from tests.conftest import tiny_verslag

# Any C0/C1 control character except tab and newline.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The marker every generated text carries: `<zq` must never appear as such in HTML or
# Markdown, only escaped (`&lt;zq`).
MARKER = "<zq"
NASTY = [
    "<img src=x onerror=alert(1)>",
    "[/]",
    "[bold]vet[/bold] [/link]",
    '=HYPERLINK("http://example.invalid","klik")',
    "+31 6",
    "@SUM(A1)",
    "\x1b]0;titel\x07\x1b[2J",
    "\x9b31m",
    "&lt;script&gt;",
    "| --- |",
    "`code`",
    "</td></tr></table><script>alert(1)</script>",
    "{{ 7*7 }}",
    "\u202egnp.exe",
]
# Text before the document: the binary sniffing looks at the first 8 KiB only, so the
# control characters in the generated text reach the reader's cleaning, not a refusal.
_SENTENCE = "Verslag van een schriftelijk overleg over de brief van de minister. "
PREAMBLE = (_SENTENCE * 4 + "\n\n") * 40


def verslag(payload: str) -> str:
    """The tiny verslag of conftest behind 8 KiB of plain text."""
    return tiny_verslag(payload, PREAMBLE.rstrip("\n"))


def _analysis(payload: str) -> Analysis | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "verslag.txt"
        path.write_text(verslag(payload), encoding="utf-8", errors="surrogatepass")
        try:
            return analyze_file(path)
        except DedupError:
            return None  # refused with a message: allowed, as long as nothing crashes


def _outputs(an: Analysis) -> dict[str, str]:
    """Every text output, rendered; the DOCX bundle's document XML as one of them."""
    console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
    render_summary(an, console)
    render_outline(an.segmentation, console)
    merged = bundle(an, merge="paraphrase")
    with zipfile.ZipFile(io.BytesIO(render_bundle_docx(merged))) as archive:
        docx_xml = archive.read("word/document.xml").decode("utf-8")
    return {
        "terminal": console.export_text(),
        "html": render_html(an),
        "md": render_markdown(an),
        "bundle-md": render_bundle_markdown(bundle(an)),
        "docx": docx_xml,
        "json": render_analysis(an),
        **render_csv(an),
    }


def _check(payload: str) -> dict[str, str] | None:
    an = _analysis(payload)
    if an is None:
        return None
    out = _outputs(an)
    for name in ("terminal", "html", "md", "bundle-md", "docx"):
        assert not RAW_CONTROL.search(out[name]), (name, RAW_CONTROL.findall(out[name])[:5])
    for name in ("html", "md", "bundle-md"):
        assert MARKER not in out[name].lower(), name
        assert "<img src=x" not in out[name] and "<script>alert" not in out[name], name
    for name in ("md", "bundle-md"):
        assert "<" not in out[name], name  # the Markdown writers emit no HTML of their own
    json.loads(out["json"])
    for name in ("questions.csv", "answers.csv", "clusters.csv"):
        for row in csv.reader(io.StringIO(out[name])):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (name, row)
    return out


texts = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(NASTY),
    # very long lines: one word or a short string repeated thousands of times
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=6), st.integers(500, 3000)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=texts, after=texts)
def test_arbitrary_text_through_every_renderer(before: str, after: str) -> None:
    """Any text (with the marker `<zq` inside) is rendered safely by every renderer."""
    _check(f"{before}{MARKER}{after}")


def test_the_nasty_strings_reach_the_outputs_escaped() -> None:
    """Not vacuous: the known attacks are in the reports, as text."""
    formula = NASTY[3]  # first, so that it starts the question's CSV cell
    out = _check(" ".join([formula, *(n for n in NASTY if n != formula), MARKER]))
    assert out is not None
    assert "&lt;img src=x onerror=alert(1)&gt;" in out["md"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in out["html"]
    assert "&lt;zq" in out["md"] and "&lt;zq" in out["html"]
    assert "[bold]vet[/bold]" in out["terminal"].replace("\n", " ")
    assert "'=HYPERLINK(" in out["questions.csv"]
    assert "]0;titel" in out["md"]  # the escape character itself is gone, its text stays
