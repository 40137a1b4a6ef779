"""Plain text, as extracted from the official PDFs."""

from __future__ import annotations

from dedup.errors import UnreadableInput
from dedup.model import Diagnostic

# Control bytes that never occur in text (tab, LF, CR, FF are fine).
_CONTROL = bytes(range(0, 32)).translate(None, b"\t\n\r\x0c")


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters in the first 8 KiB."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return controls > max(8, len(sample) // 100)


def decode_text(path: str, data: bytes) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM); cp1252, then latin-1, only as a warned fallback."""
    if looks_binary(data):
        raise UnreadableInput(path, "binary data, not text (is this the right file?)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        line = data.count(b"\n", 0, first_bad) + 1
        msg = f"not valid UTF-8 (first bad byte on line {line}); read as {enc}"
        return text, [Diagnostic("encoding-fallback", msg, line)]
    raise UnreadableInput(path, "cannot be decoded as UTF-8, cp1252 or latin-1")


def read_text(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    text, diags = decode_text(path, data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines, diags
