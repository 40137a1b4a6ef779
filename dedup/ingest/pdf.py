"""PDF: the text layer, page by page, as pypdf extracts it."""

from __future__ import annotations

import io
import logging
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

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


def read_pdf(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    """Text of every page in order, a blank line between pages."""
    diags: list[Diagnostic] = []
    lines: list[str] = []
    empty: list[int] = []
    broken: list[int] = []
    with _pypdf_warnings() as repairs:
        reader = _open(path, data)
        try:
            n_pages = len(reader.pages)
        except _PARSE_ERRORS as exc:
            raise UnreadableInput(
                path, f"the PDF's page list is damaged: {_one_line(exc)}"
            ) from exc
        if n_pages == 0:
            raise UnreadableInput(path, "the PDF has no pages")
        for number in range(1, n_pages + 1):
            try:
                text = reader.pages[number - 1].extract_text()
            except _PARSE_ERRORS:
                # One damaged page should not cost the rest of the document.
                broken.append(number)
                continue
            page_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
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
