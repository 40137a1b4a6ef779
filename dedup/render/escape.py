"""Document text as data in Markdown and CSV: the one escaper and the one CSV writer that
every report uses (`analyze --format md|csv`, `bundle`, `corpus report|list|export`).

- Markdown: shown as written in any viewer, also ones that allow raw HTML (`<img
  onerror=…>` stays text), on one line so it fits a table cell.
- CSV: no cell becomes a spreadsheet formula (`=HYPERLINK(…)`): a text cell starting
  with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, the usual
  neutralisation (OWASP "CSV injection"), which Excel, LibreOffice and Google Sheets show
  as plain text. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from dedup.control_chars import strip_controls

__all__ = ["csv_cell", "csv_text", "markdown"]

# Backslash escapes for the characters with a meaning in CommonMark/GFM inline text and
# tables; `&`, `<` and `>` as entities, which every Markdown dialect decodes (the original
# Markdown.pl has no backslash escape for `<`).
_SPECIAL = re.compile(r"([\\`*_~\[\]|#])")
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text: object) -> str:
    """Plain text that Markdown shows as written, on one line (safe in table cells)."""
    one_line = " ".join(strip_controls(str(text)).split())
    return _SPECIAL.sub(r"\\\1", one_line.translate(_ENTITIES))


def csv_cell(value: object) -> object:
    """A value as a CSV cell: None empty, text never a live formula, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = strip_controls(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV table: UTF-8 text, a header row, `\\n` line ends, every cell through
    `csv_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()
