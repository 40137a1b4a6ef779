"""DOCX (Tweede Kamer open data): one line per paragraph, tables cell by cell."""

from __future__ import annotations

import io
import zipfile
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

_P = qn("w:p")
_R = qn("w:r")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
# Wrappers whose children belong to the flow of the text (content controls, custom XML).
_TRANSPARENT = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
# Tracked deletions still sit in the file; they are not part of the text.
_DELETED = frozenset({qn("w:del"), qn("w:moveFrom")})


def _open(path: str, data: bytes) -> Document:
    try:
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(path, f"not a valid .docx file ({exc})") from exc
    except (OpcError, KeyError, ValueError, SyntaxError) as exc:
        # A ZIP without the Word parts, a main part that is not WordprocessingML, or
        # broken XML (lxml's XMLSyntaxError is a SyntaxError).
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableInput(path, f"not a valid .docx file ({reason})") from exc


def _block_paragraphs(container: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """`w:p` elements of a body or cell in reading order, table cells row by row."""
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag == _TBL:
            for row in child.iter(_TR):
                if row.getparent() is not child:
                    continue  # rows of a nested table come with their own cell
                for cell in row:
                    if cell.tag == _TC:
                        yield from _block_paragraphs(cell)
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


def read_docx(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    """Non-empty paragraphs in document order, blank lines between; headers/footers left out."""
    document = _open(path, data)
    lines: list[str] = []
    for p in _block_paragraphs(document.element.body):
        text = _paragraph_text(document, p)
        if not text:
            continue
        if lines:
            lines.append("")
        lines.append(text)
    return lines, []
