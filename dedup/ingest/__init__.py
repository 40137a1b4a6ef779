"""Readers that turn a file into `SourceText`, one module per format, picked by suffix/content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dedup.control_chars import strip_controls, unusual_controls
from dedup.errors import UnreadableInput, UnsupportedFormat
from dedup.ingest.files import read_input
from dedup.limits import MAX_INPUT_BYTES
from dedup.model import Diagnostic, SourceText

__all__ = ["DEFAULT_MAX_BYTES", "read_document"]

DEFAULT_MAX_BYTES = MAX_INPUT_BYTES  # see dedup/limits.py

_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "html",
    ".docx": "docx",
}


def sniff_format(path: Path, head: bytes) -> str:
    """The format by magic bytes first, then by suffix."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".docx":
        return "docx"
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is not None:
        return fmt
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    if head.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat(str(path), "a ZIP container that is not a .docx file")
    return "txt"


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a verslag in any supported format; never modifies the file."""
    p = Path(path)
    name = str(path)
    data = read_input(p, max_bytes=max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(p, data[:512])
    if fmt == "pdf":
        from dedup.ingest.pdf import read_pdf

        lines, diags = read_pdf(name, data)
    elif fmt == "html":
        from dedup.ingest.html import read_html

        lines, diags = read_html(name, data)
    elif fmt == "docx":
        from dedup.ingest.docx import read_docx

        lines, diags = read_docx(name, data)
    else:
        from dedup.ingest.text import read_text

        lines, diags = read_text(name, data)
    lines, controls = _without_controls(lines)
    if controls is not None:
        diags = [*diags, controls]
    if not any(line.strip() for line in lines):
        raise UnreadableInput(name, "no text in the document")
    return SourceText(
        path=name, sha256=sha, format=fmt, lines=tuple(lines), diagnostics=tuple(diags)
    )


def _without_controls(lines: list[str]) -> tuple[list[str], Diagnostic | None]:
    """The lines without control characters (whatever the format), and a warning saying
    how many unusual ones were removed and where the first was."""
    count = 0
    first: int | None = None
    clean: list[str] = []
    for number, line in enumerate(lines, 1):
        n = unusual_controls(line)
        if n and first is None:
            first = number
        count += n
        clean.append(strip_controls(line))
    if not count:
        return clean, None
    plural = "s" if count != 1 else ""
    message = f"{count} control character{plural} removed (first on line {first})"
    return clean, Diagnostic("control-characters", message, first)
