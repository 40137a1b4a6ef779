"""Build real PDF, HTML, XML and DOCX files from (kind, text) blocks for the reader tests.

`kind` is "heading" or "paragraph". Each builder writes one file; none needs anything
beyond the pip-installed dev dependencies (fpdf2, Pillow through fpdf2, python-docx).
"""

from __future__ import annotations

import functools
import html
import unicodedata
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from fpdf import FPDF
from PIL import Image, ImageDraw

Block = tuple[str, str]

FOOTNOTE_MARK_AFTER = "Hil"
FOOTNOTE_TEXT = "Kamerstuk 29 325, nr. 144"
PAGE_FOOTER = "Tweede Kamer, vergaderjaar 2023–2024, 29 325, nr. 157"

# Where DejaVuSans usually lives on Linux, macOS and Windows; CI images may have none.
_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
# PDF core fonts only cover latin-1; the typographic characters of the verslagen do not.
_TO_LATIN1 = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‐": "-",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "…": "...",
        "•": "-",
        "€": "EUR",
        "\u2009": " ",
        "\u202f": " ",
    }
)


@functools.cache
def find_system_font(name: str = "DejaVuSans.ttf") -> Path | None:
    """The first font file called `name` in the usual font folders, if any."""
    for folder in _FONT_DIRS:
        if folder.is_dir():
            found = next(folder.rglob(name), None)
            if found is not None:
                return found
    return None


def to_latin1(text: str) -> str:
    """Text a core PDF font can show: typographic marks replaced, accents kept if latin-1."""
    out: list[str] = []
    for ch in text.translate(_TO_LATIN1):
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def _unchanged(text: str) -> str:
    return text


def _glue_marker(text: str, after: str, marker: str) -> str | None:
    """`text` with `marker` glued to the first `after`, or None if `after` is absent."""
    at = text.find(after)
    if at < 0:
        return None
    end = at + len(after)
    return text[:end] + marker + text[end:]


class _PagedPdf(FPDF):
    """FPDF drawing a page footer like the official one ("..., nr. 157 2")."""

    footer_text: str | None = None
    footer_family = "helvetica"

    def footer(self) -> None:
        if self.footer_text is None:
            return
        self.set_y(-10)
        self.set_font(self.footer_family, "", 7)
        self.cell(0, 4, f"{self.footer_text} {self.page_no()}", align="L")


def make_pdf(
    blocks: list[Block],
    path: Path,
    *,
    system_font: bool = True,
    page_footer: str | None = PAGE_FOOTER,
    owner_password: str | None = None,
    user_password: str | None = None,
) -> None:
    """An A5 PDF (the original is A4, so lines wrap elsewhere); headings bold.

    Blocks are set apart by extra space, as in the original, and every page ends with
    `page_footer` and its number. Uses DejaVuSans when installed and `system_font` is
    true, else Helvetica with the text transliterated to latin-1. `owner_password`
    turns on (RC4) encryption.
    """
    pdf = _PagedPdf(format=(148, 210))  # A5, by size: fpdf2 warns about its "A5" name
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(auto=True, margin=14)
    regular = find_system_font("DejaVuSans.ttf") if system_font else None
    if regular is not None:
        bold = find_system_font("DejaVuSans-Bold.ttf") or regular
        pdf.add_font("dejavu", "", str(regular))
        pdf.add_font("dejavu", "B", str(bold))
        family, fit = "dejavu", _unchanged
    else:
        family, fit = "helvetica", to_latin1
    pdf.footer_family = family
    pdf.footer_text = None if page_footer is None else fit(page_footer)
    if owner_password is not None:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    pdf.add_page()
    for kind, text in blocks:
        if kind == "heading":
            pdf.set_font(family, "B", 11)
            pdf.multi_cell(0, 5.5, fit(text), align="L")
        else:
            pdf.set_font(family, "", 10)
            pdf.multi_cell(0, 5, fit(text), align="L")
        # About one empty line: the reader turns such gaps into blank lines.
        pdf.ln(3)
    pdf.output(str(path))


def make_image_only_pdf(path: Path) -> None:
    """A one-page PDF like a scan: a grey image and some drawn shapes, no text at all."""
    scan = Image.new("L", (400, 560), 235)
    draw = ImageDraw.Draw(scan)
    for y in range(40, 520, 18):
        draw.rectangle((30, y, 370, y + 8), fill=60)  # "lines of text" as pixels
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(scan, x=10, y=10, w=190)
    pdf.set_fill_color(200, 30, 30)
    pdf.rect(20, 250, 40, 20, style="F")
    pdf.output(str(path))


def make_html(
    blocks: list[Block],
    path: Path,
    *,
    encoding: str = "utf-8",
    declared_charset: str | None = "utf-8",
    footnote_after: str | None = FOOTNOTE_MARK_AFTER,
) -> None:
    """An officielebekendmakingen.nl-like page with site chrome and one footnote.

    The footnote marker is glued to the first `footnote_after` in a paragraph, as the
    site does (`Hil<sup><a class="nootnum">1</a></sup>`); its body is in `div.noten`.
    """
    marker = '<sup><a class="nootnum supernote-click-n1" href="#n1">1</a></sup>'
    body: list[str] = []
    pending = footnote_after
    for kind, text in blocks:
        escaped = html.escape(text, quote=False)
        if kind == "heading":
            body.append(f'<h2 class="stuktitel">{escaped}</h2>')
            continue
        if pending is not None:
            glued = _glue_marker(escaped, html.escape(pending, quote=False), marker)
            if glued is not None:
                escaped, pending = glued, None
        body.append(f'<p class="al">{escaped}</p>')
    if pending is not None:
        raise ValueError(f"no paragraph contains {pending!r} to attach the footnote to")
    meta = f'<meta charset="{declared_charset}">' if declared_charset else ""
    page = f"""<!DOCTYPE html>
<html lang="nl">
<head>{meta}<title>Kamerstuk 29325, nr. 157 | Overheid.nl</title>
<style>p.al {{ margin: 0 }}</style>
<script>window.dataLayer = [{{"page": "kamerstuk"}}];</script>
</head>
<body>
<header class="header"><a href="#content" class="skiplink">Ga direct naar inhoud</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/zoeken">Zoeken</a></li></ul></nav>
</header>
<main id="content">
<div class="stuk">
{chr(10).join(body)}
</div>
<div class="noten"><p class="voetnoot" id="n1"><sup>1</sup> {FOOTNOTE_TEXT}</p></div>
</main>
<footer class="footer"><p>Dit is een website van de Rijksoverheid</p></footer>
</body>
</html>
"""
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))


def make_xml(blocks: list[Block], path: Path, *, footnote_after: str = FOOTNOTE_MARK_AFTER) -> None:
    """officielebekendmakingen XML: `<tussenkop>`, `<al>`, and an inline `<noot>`."""
    note = (
        '<noot id="n1" type="exp"><noot.nr>1</noot.nr>'
        f"<noot.al>{html.escape(FOOTNOTE_TEXT, quote=False)}</noot.al></noot>"
    )
    parts: list[str] = []
    pending: str | None = footnote_after
    for kind, text in blocks:
        escaped = html.escape(text, quote=False)
        if kind == "heading":
            parts.append(f"<tussenkop>{escaped}</tussenkop>")
            continue
        if pending is not None:
            glued = _glue_marker(escaped, html.escape(pending, quote=False), note)
            if glued is not None:
                escaped, pending = glued, None
        parts.append(f"<al>{escaped}</al>")
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<kamerstuk>
<metadata><meta name="OVERHEIDop.dossiernummer" content="29325"/></metadata>
<stuk><algemeen>
{chr(10).join(parts)}
</algemeen></stuk>
</kamerstuk>
"""
    path.write_text(doc, encoding="utf-8")


def make_docx(
    blocks: list[Block],
    path: Path,
    *,
    footnote_after: str = FOOTNOTE_MARK_AFTER,
    footnote_by_style: bool = False,
    table_rows: list[list[str]] | None = None,
) -> None:
    """A Word file: Heading 2 for headings, a superscript "1" glued after `footnote_after`.

    The superscript is direct formatting, or with `footnote_by_style` a character style
    (as Word's own "footnote reference" style does it). `table_rows` become a table right
    after the first block. Every page carries `PAGE_FOOTER` in its header and footer.
    """
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = PAGE_FOOTER
    section.footer.paragraphs[0].text = PAGE_FOOTER
    note_style = None
    if footnote_by_style:
        note_style = document.styles.add_style("Voetnootverwijzing", WD_STYLE_TYPE.CHARACTER)
        note_style.font.superscript = True
        note_style.font.size = Pt(8)
    pending: str | None = footnote_after
    for index, (kind, text) in enumerate(blocks):
        if kind == "heading":
            document.add_heading(text, level=2)
        elif pending is not None and pending in text:
            end = text.index(pending) + len(pending)
            paragraph = document.add_paragraph(text[:end])
            number = paragraph.add_run("1")
            if note_style is not None:
                number.style = note_style
            else:
                number.font.superscript = True
            paragraph.add_run(text[end:])
            pending = None
        else:
            document.add_paragraph(text)
        if index == 0 and table_rows:
            table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
            for row, values in zip(table.rows, table_rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(str(path))


def blocks_from_text(text: str) -> list[Block]:
    """A plain-text document as blocks: each run of lines between blank lines is one
    paragraph, its line breaks as spaces (so a PDF, HTML or DOCX version re-wraps it)."""
    blocks: list[Block] = []
    for chunk in text.split("\n\n"):
        joined = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        if joined:
            blocks.append(("paragraph", joined))
    return blocks


def make_format(fmt: str, blocks: list[Block], path: Path) -> None:
    """`blocks` written as `fmt` (pdf, html or docx) at `path`, without the sample's own
    footnote and page footer."""
    if fmt == "pdf":
        make_pdf(blocks, path, page_footer=None)
    elif fmt == "html":
        make_html(blocks, path, footnote_after=None)
    elif fmt == "docx":
        make_docx(blocks, path, footnote_after="\0")
    else:
        raise ValueError(f"unknown format {fmt!r}")
