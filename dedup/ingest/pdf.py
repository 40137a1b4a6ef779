"""PDF: the text layer, page by page, as pypdf extracts it."""

from __future__ import annotations

import io
import itertools
import logging
import math
import statistics
import struct
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from dedup import limits
from dedup.errors import NoTextLayer, UnreadableInput
from dedup.model import Diagnostic

# pypdf is lenient (strict=False) but damaged files still surface as a spread of
# builtin errors from deep inside its parser; every one of them means "cannot read".
_PARSE_ERRORS: tuple[type[Exception], ...] = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    OSError,
    NotImplementedError,
    zlib.error,
    struct.error,
)

# Repairs pypdf reports are worth one warning, not one per broken object.
_MAX_REPAIRS_QUOTED = 3

# A blank line goes where the text drops further than ordinary line spacing, as
# pdftotext does: the rest of the pipeline (like the .txt fixture) relies on blank lines
# around headings. Ordinary leading is 1.15-1.5 times the font size, an empty line
# between paragraphs adds about one more. Comparing with the page's most common pitch
# as well keeps double-spaced pages from becoming one paragraph per line.
_GAP_OVER_FONT_SIZE = 1.8
_GAP_OVER_USUAL_PITCH = 1.25


@dataclass
class _Line:
    text: str = ""
    y: float | None = None  # baseline of the first visible text, in PDF points
    size: float = 0.0  # largest font size on the line, in points


class _Collect(logging.Handler):
    """Keeps the messages pypdf logs while it works around damage in the file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if msg not in self.messages:
            self.messages.append(msg)


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Route pypdf's log warnings into a list, so they become diagnostics, not stderr noise."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _page_ranges(pages: list[int]) -> str:
    """`[1, 2, 3, 7]` → "1-3, 7"."""
    parts: list[str] = []
    start = prev = pages[0]
    for n in [*pages[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def _pages(pages: list[int]) -> str:
    """`[4]` → "page 4"; `[1, 2, 3, 7]` → "pages 1-3, 7"."""
    return f"page{'s' if len(pages) > 1 else ''} {_page_ranges(pages)}"


def _shorten(text: str) -> str:
    """`text` on one line, at most 120 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "..."


def _one_line(exc: BaseException) -> str:
    """An exception as a short single line for a user-facing message."""
    return _shorten(str(exc)) or type(exc).__name__


def _open(path: str, data: bytes) -> PdfReader:
    """The parsed PDF, decrypted if it only has an owner password."""
    try:
        reader = PdfReader(io.BytesIO(data))
        # pypdf has already tried the empty user password ("protection" against editing).
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UnreadableInput(
                path,
                "the PDF is password-protected; save an unprotected copy first "
                "(e.g. qpdf --decrypt --password=... in.pdf out.pdf)",
            )
    except DependencyError as exc:
        # AES-encrypted files need the optional `cryptography` package.
        raise UnreadableInput(
            path, f"the PDF is encrypted and cannot be opened: {_one_line(exc)}"
        ) from exc
    except _PARSE_ERRORS as exc:
        raise UnreadableInput(
            path, f"not a readable PDF (damaged or truncated?): {_one_line(exc)}"
        ) from exc
    return reader


def _lines_with_positions(page: PageObject) -> list[_Line]:
    """The page's text lines as plain `extract_text()` breaks them, with their height."""
    pieces: list[tuple[str, float | None, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        try:
            # Text space to user space (tm × cm); the size scales with the matrix' y axis.
            y = float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            height = abs(float(size)) * scale
        except (TypeError, ValueError, IndexError):
            # A malformed matrix costs the gap detection, not the page's text.
            pieces.append((text, None, 0.0))
            return
        pieces.append((text, y, height))

    text = page.extract_text(visitor_text=visit)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "".join(piece for piece, _, _ in pieces) != text:
        # The visitor did not see exactly what was returned: keep the text, skip the gaps.
        return [_Line(line) for line in text.split("\n")]
    lines = [_Line()]
    for piece, y, size in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i:
                lines.append(_Line())
            line = lines[-1]
            line.text += part
            if part.strip():
                line.size = max(line.size, size)
                # After a newline inside one piece the position no longer applies.
                if line.y is None and i == 0:
                    line.y = y
    return lines


def _blank_at_gaps(lines: list[_Line]) -> list[str]:
    """Line texts with a blank line wherever the text drops by more than a line."""
    heights = [line.y for line in lines if line.y is not None]
    pitches = [round(a - b) for a, b in itertools.pairwise(heights) if a > b]
    if not pitches:
        return [line.text for line in lines]
    # Body text sets the usual pitch even on a page of short paragraphs, where the
    # median would already be a paragraph gap.
    usual = min(statistics.multimode(pitches))
    out: list[str] = []
    above: _Line | None = None
    for line in lines:
        if above is not None and above.y is not None and line.y is not None and out and out[-1]:
            drop = above.y - line.y
            size = max(above.size, line.size)
            if drop > _GAP_OVER_USUAL_PITCH * usual and drop > _GAP_OVER_FONT_SIZE * size:
                out.append("")
        out.append(line.text)
        if line.y is not None:
            above = line
    return out


def _declared_pages(reader: PdfReader) -> int | None:
    """The page count the page tree's root declares (`/Count`), read without walking the
    tree, so a 20,000-page file is refused before its pages are collected."""
    try:
        root: Any = reader.trailer["/Root"]
        count = root["/Pages"]["/Count"]
        return int(count) if isinstance(count, int) else None
    except _PARSE_ERRORS:
        return None


def _check_page_count(path: str, n_pages: int | None) -> None:
    if n_pages is not None and n_pages > limits.MAX_PDF_PAGES:
        raise UnreadableInput(
            path,
            f"the PDF has {n_pages} pages, above the {limits.MAX_PDF_PAGES}-page limit "
            "for one document (split it, or analyze the part that is the verslag)",
        )


def read_pdf(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    """Text of every page in order, a blank line between pages and at paragraph gaps."""
    diags: list[Diagnostic] = []
    lines: list[str] = []
    empty: list[int] = []
    broken: list[int] = []
    with _pypdf_warnings() as repairs:
        reader = _open(path, data)
        _check_page_count(path, _declared_pages(reader))
        try:
            n_pages = len(reader.pages)
        except _PARSE_ERRORS as exc:
            raise UnreadableInput(
                path, f"the PDF's page list is damaged: {_one_line(exc)}"
            ) from exc
        if n_pages == 0:
            raise UnreadableInput(path, "the PDF has no pages")
        _check_page_count(path, n_pages)
        started = time.monotonic()
        for number in range(1, n_pages + 1):
            if number > 1 and time.monotonic() - started >= limits.PDF_SECONDS:
                raise UnreadableInput(
                    path,
                    f"reading the PDF's text took over {limits.PDF_SECONDS:g} s and stopped at "
                    f"page {number} of {n_pages}; its pages are unusually slow to decode",
                )
            try:
                page_lines = _blank_at_gaps(_lines_with_positions(reader.pages[number - 1]))
            except _PARSE_ERRORS:
                # One damaged page should not cost the rest of the document.
                broken.append(number)
                continue
            while page_lines and not page_lines[-1].strip():
                page_lines.pop()
            while page_lines and not page_lines[0].strip():
                page_lines.pop(0)
            if not page_lines:
                empty.append(number)
                continue
            if lines:
                lines.append("")
            lines.extend(page_lines)
    if not lines:
        if broken:
            raise UnreadableInput(
                path, f"no page of the PDF could be read (damaged: {_pages(broken)})"
            )
        if repairs:
            # Truncated or corrupt content looks textless too; "run OCR" would mislead.
            raise UnreadableInput(
                path,
                f"no text could be extracted and the PDF is damaged ({_shorten(repairs[0])}); "
                "if it is a scan, run OCR on an undamaged copy",
            )
        raise NoTextLayer(
            path, "the PDF has no text layer (a scanned image?); run OCR first, e.g. ocrmypdf"
        )
    if empty:
        diags.append(
            Diagnostic(
                "pdf-page-without-text",
                f"{_pages(empty)} of {n_pages} without a text layer (scanned?): left out",
                None,
            )
        )
    if broken:
        diags.append(
            Diagnostic(
                "pdf-page-unreadable",
                f"{_pages(broken)} of {n_pages} could not be decoded: left out",
                None,
            )
        )
    if repairs:
        quoted = "; ".join(_shorten(r) for r in repairs[:_MAX_REPAIRS_QUOTED])
        more = len(repairs) - _MAX_REPAIRS_QUOTED
        suffix = f" (+{more} more)" if more > 0 else ""
        diags.append(
            Diagnostic(
                "pdf-repaired", f"the PDF is damaged; pypdf worked around: {quoted}{suffix}", None
            )
        )
    return lines, diags
