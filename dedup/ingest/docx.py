"""DOCX (Tweede Kamer open data): one line per paragraph, tables cell by cell."""

from __future__ import annotations

import copy
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
from dedup.limits import (
    DOCX_RATIO_MIN_BYTES,
    MAX_DOCX_MEMBERS,
    MAX_DOCX_RATIO,
    MAX_DOCX_UNPACKED_BYTES,
    MIB,
)
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


def _bomb(path: str, problem: str) -> UnreadableInput:
    return UnreadableInput(path, f"refused: {problem} (a zip bomb?); see dedup/limits.py")


def check_zip(path: str, data: bytes) -> None:
    """Refuse a ZIP whose members unpack to too much, before anything parses it.

    First every member's declared size and packed/unpacked ratio (free: the central
    directory), then the bytes each member really unpacks to, counted while inflating and
    stopped at the limit: a member whose header lies about its size is caught too.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise _bomb(path, f"{len(members)} parts, above the limit of {MAX_DOCX_MEMBERS}")
            declared = 0
            for info in members:
                declared += info.file_size
                if declared > MAX_DOCX_UNPACKED_BYTES:
                    raise _bomb(
                        path,
                        f"the parts unpack to over {MAX_DOCX_UNPACKED_BYTES // MIB} MiB "
                        f"({info.filename} declares {info.file_size / MIB:.0f} MiB)",
                    )
                _check_ratio(path, info.filename, info.file_size, info.compress_size)
            budget = MAX_DOCX_UNPACKED_BYTES
            for info in members:
                budget -= _unpacked_size(path, archive, info, budget)
    except _DAMAGE as exc:
        raise UnreadableInput(path, f"not a valid .docx file ({_one_line(exc)})") from exc


def _check_ratio(path: str, name: str, unpacked: int, packed: int) -> None:
    if unpacked > DOCX_RATIO_MIN_BYTES and unpacked > MAX_DOCX_RATIO * max(packed, 1):
        raise _bomb(
            path,
            f"{name} unpacks {unpacked / max(packed, 1):.0f} times its packed size "
            f"(limit {MAX_DOCX_RATIO})",
        )


def _unpacked_size(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Bytes the member really unpacks to, inflating at most `budget` + 1 of them."""
    # zipfile stops a member at its declared size; declaring one byte more than the budget
    # lets us see a stream that runs on (its CRC is then checked against what it gave).
    probe = copy.copy(info)
    probe.file_size = budget + 1
    size = 0
    with archive.open(probe) as member:
        while chunk := member.read(MIB):
            size += len(chunk)
            if size > budget:
                raise _bomb(
                    path,
                    f"the parts unpack to over {MAX_DOCX_UNPACKED_BYTES // MIB} MiB "
                    f"({info.filename} alone unpacks to over {size / MIB:.0f} MiB)",
                )
            _check_ratio(path, info.filename, size, info.compress_size)
    if size != info.file_size:
        raise UnreadableInput(
            path,
            f"not a valid .docx file ({info.filename} unpacks to {size} bytes, "
            f"its header says {info.file_size})",
        )
    return size


def _one_line(exc: BaseException) -> str:
    # KeyError's str() is the repr of its message; show the message itself.
    detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    return " ".join(str(detail).split())[:120] or type(exc).__name__


def read_docx(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    """Non-empty paragraphs in document order, blank lines between; headers/footers left out."""
    check_zip(path, data)
    try:
        # Parts such as the styles are parsed lazily, so damage can surface while reading.
        return _lines(docx.Document(io.BytesIO(data))), []
    except _DAMAGE as exc:
        raise UnreadableInput(path, f"not a valid .docx file ({_one_line(exc)})") from exc
