"""The PDF, HTML/XML and DOCX readers, on files built from the fixture's first pages."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from dedup.errors import NoTextLayer, UnreadableInput
from dedup.ingest import read_document
from dedup.model import SourceText
from tests.conftest import SAMPLE
from tests.make_formats import (
    FOOTNOTE_TEXT,
    PAGE_FOOTER,
    Block,
    make_docx,
    make_html,
    make_image_only_pdf,
    make_pdf,
    make_xml,
)

FIXTURE_LINES = 150

HEADINGS = (
    "I. Vragen en opmerkingen vanuit de fracties",
    "Vragen en opmerkingen van de leden van de VVD-fractie",
    "Vragen en opmerkingen van de leden van de D66-fractie",
)
SENTENCES = (
    "Herkent de Staatssecretaris deze signalen?",
    "Heeft de Staatssecretaris zicht op het aantal slaapzalen in de maatschappelijke opvang?",
    "Hebben alle centrumgemeenten time-out en respijtvoorzieningen gecreëerd om "
    "(terugval in) dakloosheid te voorkomen?",
    "Is een gebrek aan voldoende ambulante begeleiding (lage- en kortlopende indicaties) "
    "een reden dat mensen dakloos worden?",
    "Hoe reflecteert de Staatssecretaris op deze verschillen tussen gemeenten?",
    "Voor maatschappelijke opvang en aanpak dakloosheid is jaarlijks 450 miljoen euro "
    "(via de Wmo 2015) beschikbaar.",
)
# The sentence that carries footnote 1 in the original ("Van den Hil1 wordt").
NOTED = "de motie van de leden Mohandis en Van den Hil wordt opgesteld."

_PAGE_FOOTER = re.compile(r"^Tweede Kamer, vergaderjaar")
_FOOTNOTE_BODY = re.compile(r"^\d{1,3} [A-Z]")
_HEADING = re.compile(r"^Vragen en opmerkingen|^I+\.")
_GLUED_NOTE_NUMBER = re.compile(r"(?<=[a-z])\d{1,2}\b")


def _join_lines(lines: list[str]) -> str:
    """A block's lines as one string, undoing end-of-line hyphenation ("maatschap-|pelijke")."""
    text = ""
    for line in lines:
        if text.endswith("-") and text[-2:-1].islower() and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return _GLUED_NOTE_NUMBER.sub("", text)


def fixture_blocks() -> list[Block]:
    """The fixture's first pages as clean (kind, text) blocks, page furniture dropped."""
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    # Run on to the end of the paragraph so the last block is complete.
    end = next((i for i in range(FIXTURE_LINES, len(lines)) if not lines[i]), len(lines))
    head = lines[:end]
    groups: list[list[str]] = [[]]
    for line in head:
        if not line:
            groups.append([])
        elif not (_PAGE_FOOTER.match(line) or _FOOTNOTE_BODY.match(line)):
            groups[-1].append(line)
    blocks: list[Block] = []
    for group in filter(None, groups):
        text = _join_lines(group)
        # A paragraph cut by a page break continues in lower case on the next page.
        if blocks and blocks[-1][0] == "paragraph" and text[:1].islower():
            blocks[-1] = ("paragraph", f"{blocks[-1][1]} {text}")
            continue
        blocks.append(("heading" if _HEADING.match(text) else "paragraph", text))
    return blocks


@pytest.fixture(scope="module")
def blocks() -> list[Block]:
    return fixture_blocks()


def _flat(source: SourceText) -> str:
    return " ".join(" ".join(source.lines).split())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_unchanged(path: Path) -> SourceText:
    """Read `path`; check its bytes are the same afterwards, also when reading fails."""
    before = _sha256(path)
    try:
        source = read_document(path)
    finally:
        assert _sha256(path) == before, "reading changed the file"
    assert source.sha256 == before
    return source


def test_fixture_blocks_are_clean(blocks: list[Block]) -> None:
    """The test data itself: headings found, hyphenation, footnotes and footers gone."""
    assert [text for kind, text in blocks if kind == "heading"] == list(HEADINGS)
    text = " ".join(text for _, text in blocks)
    for sentence in SENTENCES:
        assert sentence in text
    assert "Hil1" not in text
    assert FOOTNOTE_TEXT not in text
    assert "vergaderjaar" not in text


@pytest.mark.parametrize("system_font", [True, False], ids=["system-font", "core-font"])
def test_pdf_text_in_page_order(tmp_path: Path, blocks: list[Block], system_font: bool) -> None:
    """A multi-page PDF gives its headings and sentences in order, each page's footer last."""
    path = tmp_path / "verslag.pdf"
    make_pdf(blocks, path, system_font=system_font)
    n_pages = len(PdfReader(path).pages)
    assert n_pages > 1

    source = _read_unchanged(path)

    assert source.format == "pdf"
    assert source.diagnostics == ()
    text = _flat(source)
    wanted = [HEADINGS[0], HEADINGS[1], SENTENCES[0], SENTENCES[1], HEADINGS[2], SENTENCES[4]]
    positions = [text.find(s) for s in wanted]
    assert -1 not in positions, [s for s, at in zip(wanted, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    for sentence in SENTENCES:
        assert sentence in text
    footers = [i for i, line in enumerate(source.lines) if line.startswith("Tweede Kamer")]
    assert [source.lines[i].rsplit(" ", 1)[1] for i in footers] == [
        str(n) for n in range(1, n_pages + 1)
    ]
    assert footers[-1] == len(source.lines) - 1
    assert all(source.lines[i + 1] == "" for i in footers[:-1])


@pytest.mark.parametrize("system_font", [True, False], ids=["system-font", "core-font"])
def test_pdf_blank_lines_at_paragraph_gaps(tmp_path: Path, system_font: bool) -> None:
    """Extra space between blocks becomes a blank line; wrapped lines of a block stay together."""
    blocks: list[Block] = [
        ("heading", HEADINGS[0]),
        ("heading", HEADINGS[1]),  # wraps on A5: two lines, one block
        ("paragraph", f"{SENTENCES[0]} {SENTENCES[1]} {SENTENCES[3]}"),
        ("paragraph", "Inzicht dakloosheid"),
        ("paragraph", SENTENCES[4]),
    ]
    path = tmp_path / "kort.pdf"
    make_pdf(blocks, path, system_font=system_font, page_footer=None)

    source = _read_unchanged(path)

    groups = " ".join(line or "\n" for line in source.lines).split(" \n ")
    assert groups == [text for _, text in blocks]
    assert len(source.lines) > 2 * len(blocks)  # so some blocks did wrap


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    """A PDF that is only an image raises NoTextLayer with an OCR hint."""
    path = tmp_path / "scan.pdf"
    make_image_only_pdf(path)
    with pytest.raises(NoTextLayer, match="ocrmypdf"):
        _read_unchanged(path)


def test_pdf_partly_scanned_warns_naming_pages(tmp_path: Path, blocks: list[Block]) -> None:
    """Pages without text are named in a pdf-page-without-text warning; the rest is read."""
    text_pdf, scan_pdf, mixed = tmp_path / "t.pdf", tmp_path / "s.pdf", tmp_path / "mixed.pdf"
    make_pdf(blocks[:2], text_pdf)  # the two headings: one page
    make_image_only_pdf(scan_pdf)
    writer = PdfWriter()
    writer.append(text_pdf)
    writer.append(scan_pdf)
    writer.append(text_pdf)
    writer.write(mixed)

    source = _read_unchanged(mixed)

    assert [d.code for d in source.diagnostics] == ["pdf-page-without-text"]
    assert "page 2 of 3" in source.diagnostics[0].message
    assert _flat(source).count(HEADINGS[0]) == 2


def test_truncated_pdf_is_unreadable(tmp_path: Path, blocks: list[Block]) -> None:
    """The first 300 bytes of a real PDF give a one-line UnreadableInput, not a traceback."""
    whole, cut = tmp_path / "whole.pdf", tmp_path / "cut.pdf"
    make_pdf(blocks, whole)
    cut.write_bytes(whole.read_bytes()[:300])
    with pytest.raises(UnreadableInput) as caught:
        _read_unchanged(cut)
    assert "\n" not in str(caught.value)
    assert caught.value.path == str(cut)


def test_repaired_pdf_is_read_with_warning(tmp_path: Path, blocks: list[Block]) -> None:
    """A PDF pypdf must repair (wrong xref offset) is read, with a pdf-repaired warning."""
    path = tmp_path / "repaired.pdf"
    make_pdf(blocks[:3], path)
    data = path.read_bytes()
    at = data.rindex(b"startxref") + len(b"startxref")
    path.write_bytes(data[:at] + re.sub(rb"\d+", b"12", data[at:], count=1))

    source = _read_unchanged(path)

    assert [d.code for d in source.diagnostics] == ["pdf-repaired"]
    assert "\n" not in source.diagnostics[0].message
    assert HEADINGS[1] in _flat(source)


def test_password_protected_pdf_is_unreadable(tmp_path: Path, blocks: list[Block]) -> None:
    """A PDF that needs a password to open raises UnreadableInput saying so."""
    path = tmp_path / "locked.pdf"
    make_pdf(blocks[:3], path, owner_password="owner", user_password="secret")
    with pytest.raises(UnreadableInput, match="password"):
        _read_unchanged(path)


def test_pdf_with_only_owner_password_is_read(tmp_path: Path, blocks: list[Block]) -> None:
    """Encryption that only restricts editing (empty user password) does not stop reading."""
    path = tmp_path / "restricted.pdf"
    make_pdf(blocks[:3], path, owner_password="owner")
    assert PdfReader(path).is_encrypted
    assert HEADINGS[1] in _flat(_read_unchanged(path))


def test_html_one_line_per_block_without_footnotes(tmp_path: Path, blocks: list[Block]) -> None:
    """HTML gives each heading and paragraph as one line, no chrome, marker or note body."""
    path = tmp_path / "kst-29325-157.html"
    make_html(blocks, path)

    source = _read_unchanged(path)

    assert source.format == "html"
    assert source.diagnostics == ()
    assert list(source.lines[0::2]) == [text for _, text in blocks]
    assert set(source.lines[1::2]) == {""}
    text = "\n".join(source.lines)
    assert NOTED in text
    assert "Hil1" not in text
    assert FOOTNOTE_TEXT not in text
    for chrome in ("Ga direct naar inhoud", "Zoeken", "Rijksoverheid", "dataLayer", "margin"):
        assert chrome not in text


def test_xml_noot_removed_and_blocks_kept(tmp_path: Path, blocks: list[Block]) -> None:
    """officielebekendmakingen XML: <tussenkop>/<al> become lines, inline <noot> vanishes."""
    path = tmp_path / "kst-29325-157.xml"
    make_xml(blocks, path)

    source = _read_unchanged(path)

    assert source.format == "html"
    assert [line for line in source.lines if line] == [text for _, text in blocks]
    text = "\n".join(source.lines)
    assert NOTED in text
    assert FOOTNOTE_TEXT not in text


def test_html_in_cp1252_decodes_with_warning(tmp_path: Path, blocks: list[Block]) -> None:
    """Undeclared cp1252 bytes are read as cp1252 with an encoding-fallback warning."""
    path = tmp_path / "oud.html"
    make_html(blocks, path, encoding="cp1252", declared_charset=None)

    source = _read_unchanged(path)

    assert [d.code for d in source.diagnostics] == ["encoding-fallback"]
    assert "cp1252" in source.diagnostics[0].message
    assert SENTENCES[2] in "\n".join(source.lines)  # "gecreëerd" survived


def test_html_declared_charset_is_honoured(tmp_path: Path, blocks: list[Block]) -> None:
    """A declared windows-1252 charset is used as is, without a warning."""
    path = tmp_path / "oud.html"
    make_html(blocks, path, encoding="cp1252", declared_charset="windows-1252")

    source = _read_unchanged(path)

    assert source.diagnostics == ()
    assert SENTENCES[2] in "\n".join(source.lines)


def test_html_without_text_blocks_is_unreadable(tmp_path: Path) -> None:
    """A page with only chrome has no text, which the dispatcher reports."""
    path = tmp_path / "leeg.html"
    path.write_text(
        "<html><head><title>Leeg</title></head><body><nav>Home</nav></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableInput, match="no text"):
        _read_unchanged(path)


@pytest.mark.parametrize("by_style", [False, True], ids=["direct", "char-style"])
def test_docx_paragraphs_without_footnote_number(
    tmp_path: Path, blocks: list[Block], by_style: bool
) -> None:
    """DOCX gives one line per paragraph, table cells in place, superscript "1" dropped."""
    path = tmp_path / "verslag.docx"
    rows = [["Fractie", "Aantal vragen"], ["VVD", "12"]]
    make_docx(blocks, path, footnote_by_style=by_style, table_rows=rows)

    source = _read_unchanged(path)

    assert source.format == "docx"
    assert source.diagnostics == ()
    cells = [cell for row in rows for cell in row]
    assert [line for line in source.lines if line] == [blocks[0][1], *cells] + [
        text for _, text in blocks[1:]
    ]
    text = "\n".join(source.lines)
    assert NOTED in text
    assert "Hil1" not in text
    assert "Wmo 2015" in text  # digits in ordinary runs stay
    assert PAGE_FOOTER not in text


def test_docx_that_is_text_is_unreadable(tmp_path: Path) -> None:
    """A text file named .docx raises UnreadableInput naming the problem."""
    path = tmp_path / "verslag.docx"
    path.write_text("Vragen en opmerkingen van de leden van de VVD-fractie\n", encoding="utf-8")
    with pytest.raises(UnreadableInput, match=r"not a valid \.docx file"):
        _read_unchanged(path)


def test_zip_without_word_parts_is_unreadable(tmp_path: Path) -> None:
    """A ZIP named .docx without Word's parts raises UnreadableInput, not KeyError."""
    path = tmp_path / "verslag.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "geen Word-bestand")
    with pytest.raises(UnreadableInput, match=r"not a valid \.docx file"):
        _read_unchanged(path)
