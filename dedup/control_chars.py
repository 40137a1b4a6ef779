"""Control characters: document text is data and never reaches a terminal, a Word file or a
report as a control sequence (`\\x1b]0;…` retitles a terminal, `\\x1b[2J` clears it, and
XML 1.0, so DOCX, cannot hold most C0 characters at all).

`strip_controls` is applied once, on ingest, to every format (`dedup.ingest.read_document`);
the writers that may get text from elsewhere (an old corpus database, a library caller)
apply it again as their last step.
"""

from __future__ import annotations

import re

# C0 (U+0000-U+001F) except tab and newline, DEL, and C1 (U+0080-U+009F).
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Form feeds (page breaks in pdftotext output) and carriage returns (Windows line ends
# inside a paragraph) are ordinary debris of extraction: removed without a warning.
_ORDINARY = frozenset("\x0c\r")


def strip_controls(text: str) -> str:
    """`text` without C0/C1 control characters, keeping tab and newline."""
    return CONTROLS.sub("", text) if CONTROLS.search(text) else text


def unusual_controls(text: str) -> int:
    """How many control characters in `text` are worth a warning (not FF or CR)."""
    return sum(1 for m in CONTROLS.finditer(text) if m.group() not in _ORDINARY)


def visible_controls(text: str) -> str:
    """`text` with each control character shown as an escape (`\\x1b`), for messages that
    name a path or quote input."""
    return CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
