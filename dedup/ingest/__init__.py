"""Readers that turn a file into `SourceText`, one module per format, picked by suffix/content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dedup.errors import UnreadableInput, UnsupportedFormat
from dedup.model import SourceText

__all__ = ["DEFAULT_MAX_BYTES", "read_document"]

# Real verslagen are 0.1-5 MB; anything far beyond is almost surely not one.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024

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
    if not p.exists():
        raise UnreadableInput(name, "no such file")
    if p.is_dir():
        raise UnreadableInput(name, "is a directory, not a document")
    size = p.stat().st_size
    if size == 0:
        raise UnreadableInput(name, "the file is empty")
    if size > max_bytes:
        raise UnreadableInput(
            name,
            f"the file is {size / 2**20:.3g} MiB, above the {max_bytes / 2**20:.3g} MiB limit "
            "(raise it with --max-size if this really is one document)",
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableInput(name, f"cannot be read ({exc.strerror})") from exc
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
    if not any(line.strip() for line in lines):
        raise UnreadableInput(name, "no text in the document")
    return SourceText(
        path=name, sha256=sha, format=fmt, lines=tuple(lines), diagnostics=tuple(diags)
    )
