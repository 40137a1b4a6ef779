"""`--lang` on every command that prints report text (analyze, bundle, corpus report):
Dutch by default, English on request, both from the one catalogue; no English sentence of
the catalogue is left in a Dutch output."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import cli
from dedup.render.messages import _TABLE
from tests.conftest import FIXTURES, SAMPLE


def _fragments(lang: str) -> set[str]:
    """The words of the catalogue that only `lang` uses: each entry's text cut at its
    `{fields}`, pieces of six letters or more that the other language's entry does not
    contain."""
    index = 1 if lang == "en" else 0
    found = set()
    for texts in _TABLE.values():
        other = texts[1 - index]
        for piece in re.split(r"\{[^}]*\}", texts[index]):
            piece = piece.strip(" .,:;()·-`…\n")
            words = re.findall(r"[^\W\d_]+", piece)
            # Six letters or more: `is in` is Dutch too.
            if sum(map(len, words)) >= 6 and piece not in other:
                found.add(piece)
    return found


ENGLISH_ONLY = _fragments("en")


def english_left(text: str) -> list[str]:
    """English catalogue fragments found in `text` (whole words only)."""
    return sorted(
        f for f in ENGLISH_ONLY if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text) is not None
    )


def test_the_fragment_check_finds_english() -> None:
    """The check itself fails on English text (it is not vacuous)."""
    assert "Duplicate questions" in ENGLISH_ONLY and "Asked by" in ENGLISH_ONLY
    assert "Duplicate questions" in english_left("Dubbele vragen · Duplicate questions")
    assert english_left("Dubbele vragen en hergebruikte antwoorden") == []


class _Reader(HTMLParser):
    """What a reader of a page sees or hears: text outside `<style>` and `<script>`, and
    the `title`, `aria-label` and `placeholder` attributes (class names are code)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script")
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "placeholder") and v]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def readable(text: str, fmt: str) -> str:
    if fmt != "html":
        return text
    reader = _Reader()
    reader.feed(text)
    return " ".join(reader.parts)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


DOCUMENTS = [
    SAMPLE,
    FIXTURES / "styles" / "kamervragen_meerdere-partijen.txt",
    FIXTURES / "real" / "lijst_kst-31066-444_officielebekendmakingen_excerpt.txt",
]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.stem[:24])
def test_analyze_and_bundle_outputs_have_no_english_by_default(doc: Path, tmp_path: Path) -> None:
    """Every report format of analyze and bundle, on three layouts: no English catalogue
    sentence in the Dutch output, and `--lang en` gives the English one."""
    for fmt in ("rich", "md", "html"):
        nl = readable(run("analyze", str(doc), "--format", fmt, "--no-color"), fmt)
        assert english_left(nl) == [], fmt
        en = readable(run("analyze", str(doc), "--format", fmt, "--no-color", "--lang", "en"), fmt)
        assert english_left(en), fmt
    nl = run("bundle", str(doc))
    assert nl.startswith("# Gebundelde vragen: ") and english_left(nl) == []
    en = run("bundle", str(doc), "--lang", "en")
    assert en.startswith("# Bundled questions: ") and "Asked by: " in en
    assert "Gesteld door" not in en and "regel" not in en.split("\n## ", 1)[1].split("\n")[0]
    for lang in ("nl", "en"):
        out = tmp_path / f"{lang}.docx"
        run("bundle", str(doc), "--lang", lang, "--out", str(out))
        text = docx_text(out.read_bytes())
        if lang == "nl":
            assert "Gesteld door:" in text and english_left(text) == []
        else:
            assert "Asked by:" in text and "Gesteld door" not in text


def test_bundle_headings_in_english_name_every_fraction() -> None:
    en = run("bundle", str(SAMPLE), "--lang", "en")
    headings = [line for line in en.splitlines() if line.startswith("## ")]
    assert "## Questions from the members of the VVD group" in headings
    assert any(
        re.fullmatch(r"## Questions from the members of the .+, .+ and .+ groups", h)
        for h in headings
    )
    nl = run("bundle", str(SAMPLE))
    assert [h.count(",") for h in headings] == [
        line.count(",") for line in nl.splitlines() if line.startswith("## ")
    ]


@cache
def corpus_db(folder: str) -> Path:
    """The sample and a copy with one more line: every passage and question is in two
    documents, so the lists of the corpus report are filled."""
    root = Path(folder)
    copy = root / "kst-29325-157-tweede.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8") + "\nSlotregel.\n", encoding="utf-8")
    db = root / "c.sqlite"
    result = CliRunner().invoke(cli, ["corpus", "add", str(SAMPLE), str(copy), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_db(str(tmp_path_factory.mktemp("corpus")))


@pytest.mark.parametrize("fmt", ["rich", "md", "html"])
def test_corpus_report_is_dutch_by_default_and_english_on_request(db: Path, fmt: str) -> None:
    nl = run("corpus", "report", "--db", str(db), "--format", fmt, "--no-color")
    en = run("corpus", "report", "--db", str(db), "--format", fmt, "--no-color", "--lang", "en")
    assert english_left(readable(nl, fmt)) == []
    assert "Meest hergebruikte antwoordpassages over documenten heen" in nl
    assert "Vragen die in meer documenten terugkomen" in nl
    assert "Most reused answer passages across documents" in en
    assert "Meest hergebruikte" not in en
    if fmt == "html":
        assert '<html lang="nl">' in nl and '<html lang="en">' in en
    if fmt == "rich":
        assert max(len(line) for line in nl.splitlines()) <= 80
        assert max(len(line) for line in en.splitlines()) <= 80
        # Dutch numbers: a decimal comma in shares, a full stop between thousands.
        assert re.search(r"\b\d+,\d%", nl) and re.search(r"\b\d+\.\d%", en)
        assert "29.958" in nl and "29,958" in en  # the answer words of both documents


@pytest.mark.parametrize("by", ["fraction", "document", "ministry"])
def test_corpus_report_groupings_fit_80_columns(db: Path, by: str) -> None:
    for lang in ("nl", "en"):
        text = run("corpus", "report", "--db", str(db), "--by", by, "--lang", lang)
        assert max(len(line) for line in text.splitlines()) <= 80, (by, lang)
    nl = run("corpus", "report", "--db", str(db), "--by", by)
    assert {"fraction": "Per fractie", "document": "Per document", "ministry": "Per ministerie"}[
        by
    ] in nl


def test_corpus_charts_follow_the_language(db: Path, tmp_path: Path) -> None:
    run("corpus", "report", "--db", str(db), "--format", "json", "--charts", str(tmp_path / "nl"))
    run(
        "corpus", "report", "--db", str(db), "--format", "json", "--lang", "en",
        "--charts", str(tmp_path / "en"),
    )  # fmt: skip
    nl = (tmp_path / "nl" / "reuse_share_per_year.svg").read_text(encoding="utf-8")
    en = (tmp_path / "en" / "reuse_share_per_year.svg").read_text(encoding="utf-8")
    assert "Hergebruikte antwoordwoorden per jaar" in nl and "uit eerdere documenten" in nl
    assert "Reused answer words per year" in en and "Hergebruikte" not in en


def test_corpus_json_keys_stay_english(db: Path) -> None:
    nl = run("corpus", "report", "--db", str(db), "--format", "json")
    en = run("corpus", "report", "--db", str(db), "--format", "json", "--lang", "en")
    assert nl == en and '"top_passages"' in nl
    csv_nl = run("corpus", "report", "--db", str(db), "--format", "csv")
    assert csv_nl.startswith("group,documents,questions,")


def test_counts_of_one_are_singular() -> None:
    """`1 cluster ... bevat`, never `1 clusters`, in both languages."""
    doc = FIXTURES / "styles" / "kamervragen_meerdere-partijen.txt"
    nl = run("analyze", str(doc), "--no-color")
    en = run("analyze", str(doc), "--no-color", "--lang", "en")
    assert "1 cluster van dubbele vragen bevat er 2" in nl and "1 clusters" not in nl
    assert "1 duplicate cluster holds 2" in en and "1 clusters" not in en
    md = run("analyze", str(doc), "--format", "md")
    assert "1 clusters" not in md and "1 cluster van vragen uit deel I" in md


def test_warnings_of_the_real_excerpts_are_dutch() -> None:
    """Every warning the real excerpts give reads Dutch in the Dutch reports (the JSON
    keeps the English sentence), with its details (the quoted text) kept."""
    from dedup.pipeline import segment_file
    from dedup.render.messages import messages
    from dedup.render.warnings_text import warning_text

    seen = 0
    for path in sorted((FIXTURES / "real").glob("*.txt")):
        if path.name.startswith("none_"):
            continue  # not a question-and-answer document: refused, no warnings
        for w in segment_file(path).warnings:
            dutch = warning_text(w, messages("nl"))
            assert dutch != w.message and english_left(dutch) == [], (path.name, w)
            assert warning_text(w, messages("en")) == w.message
            quoted = re.findall(r"'[^']{8,}'", w.message)
            assert all(q in dutch for q in quoted), (w.message, dutch)
            seen += 1
    assert seen >= 5
    lijst = FIXTURES / "real" / "lijst_kst-31066-444_officielebekendmakingen_excerpt.txt"
    assert "de tekst stopt midden in een zin" in run("segment", str(lijst))
    assert "the text ends mid-sentence" in run("segment", str(lijst), "--lang", "en")


def test_a_lijst_is_bundled_as_a_document_of_one_asker() -> None:
    """A lijst van vragen is asked by the commissie: no `commissie-fractie`, no `verslag`."""
    lijst = FIXTURES / "real" / "lijst_kst-31066-444_officielebekendmakingen_excerpt.txt"
    nl = run("bundle", str(lijst))
    assert "## Vragen van de commissie" in nl and "fractie" not in nl and "verslag" not in nl
    en = run("bundle", str(lijst), "--lang", "en")
    assert "## Questions from the commissie" in en and "report" not in en
    summary = run("analyze", str(lijst), "--no-color")
    assert "geen (vragen van: commissie)" in summary and "Per fractie" not in summary


def test_chart_labels_fit_their_charts() -> None:
    """The Dutch chart labels (longer than the English) end inside the chart, and the
    second legend entry starts after the first one's words."""
    from dedup.render.charts import CHAR_PX
    from dedup.render.to_html import render_html
    from tests.test_analyze import analysis

    page = render_html(analysis())
    for ident in ("chart-questions", "chart-reuse"):
        svg = re.search(rf'<svg [^>]*aria-labelledby="{ident}-title.*?</svg>', page, re.S)
        assert svg is not None
        width = float(re.search(r'width="(\d+)"', svg.group(0)).group(1))  # type: ignore[union-attr]
        texts = re.findall(
            r'<text x="([\d.]+)"[^>]*text-anchor="start"[^>]*>([^<]*)</text>', svg.group(0)
        )
        assert texts
        for x, text in texts:
            assert float(x) + len(text) * CHAR_PX <= width, (ident, text)
        legend = texts[:2]
        assert float(legend[1][0]) >= float(legend[0][0]) + len(legend[0][1]) * CHAR_PX, legend


def test_segment_outline_keeps_its_headers_at_80_columns() -> None:
    for lang in ("nl", "en"):
        text = run("segment", str(SAMPLE), "--lang", lang)
        table = text.split("┏", 1)[1].split("┡", 1)[0]
        assert "…" not in table and max(len(line) for line in text.splitlines()) <= 80
    assert "Antwoordpassages" in run("segment", str(SAMPLE))


def test_corpus_search_speaks_the_report_language(db: Path) -> None:
    nl = run("corpus", "search", "Hoeveel slaapzalen zijn er op dit moment?", "--db", str(db))
    en = run(
        "corpus", "search", "Hoeveel slaapzalen zijn er op dit moment?", "--db", str(db),
        "--lang", "en",
    )  # fmt: skip
    assert nl.startswith("Vraag: ") and ", regel " in nl and english_left(nl) == []
    assert en.startswith("Query: ") and ", line " in en
