"""DOCX (Tweede Kamer open data): one line per paragraph, tables cell by cell."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from dedup.errors import UnreadableInput
from dedup.model import Diagnostic

# What a damaged or foreign file raises somewhere between unzipping and reading the
# XML: a broken ZIP or deflate stream, missing Word parts, a main part that is not
# WordprocessingML, bad XML (lxml's XMLSyntaxError is a SyntaxError). python-docx
# trusts the package's relationship and content-type parts; mangled ones end in
# AttributeError or TypeError deep inside it.
_DAMAGE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    OpcError,
    KeyError,
    ValueError,
    SyntaxError,
    AttributeError,
    TypeError,
)

_P = qn("w:p")
_R = qn("w:r")
# Containers read straight through in document order: tables cell by cell (a merged
# cell is one `w:tc`, so nothing repeats), content controls and custom XML wrappers.
_TRANSPARENT = frozenset(
    qn(tag) for tag in ("w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:customXml")
)
# Tracked deletions still sit in the file; they are not part of the text.
_DELETED = frozenset({qn("w:del"), qn("w:moveFrom")})


def _block_paragraphs(container: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """`w:p` elements of the body in reading order, including those in table cells."""
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _block_paragraphs(child)


def _own_runs(p: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """Runs of this paragraph, through hyperlinks and fields, not into text boxes."""
    for r in p.iter(_R):
        owner = next(r.iterancestors(_P), None)
        if owner is not p:
            continue
        if any(a.tag in _DELETED for a in r.iterancestors()):
            continue
        yield r


def _is_footnote_number(run: Run) -> bool:
    """Digits set in superscript, directly or through the run's character style."""
    text = run.text.strip()
    if not text.isdigit():
        return False
    if run.font.superscript:
        return True
    style = run.style
    return bool(style is not None and style.font.superscript)


def _paragraph_text(document: Document, p: BaseOxmlElement) -> str:
    paragraph = Paragraph(p, document)
    parts = [
        run.text
        for run in (Run(r, paragraph) for r in _own_runs(p))
        if not _is_footnote_number(run)
    ]
    # Tabs and manual line breaks (`w:br` → "\n") become spaces: one paragraph, one line.
    return " ".join("".join(parts).split())


def _lines(document: Document) -> list[str]:
    lines: list[str] = []
    for p in _block_paragraphs(document.element.body):
        text = _paragraph_text(document, p)
        if not text:
            continue
        if lines:
            lines.append("")
        lines.append(text)
    return lines


def read_docx(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    """Non-empty paragraphs in document order, blank lines between; headers/footers left out."""
    try:
        # Parts such as the styles are parsed lazily, so damage can surface while reading.
        return _lines(docx.Document(io.BytesIO(data))), []
    except _DAMAGE as exc:
        # KeyError's str() is the repr of its message; show the message itself.
        detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        reason = " ".join(str(detail).split())[:120] or type(exc).__name__
        raise UnreadableInput(path, f"not a valid .docx file ({reason})") from exc
