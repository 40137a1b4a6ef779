"""HTML and XML from officielebekendmakingen.nl: one line per paragraph or heading.

Both are parsed with the stdlib-backed "html.parser" so the result does not depend on
whether lxml happens to be installed; the XML vocabulary (`<al>`, `<kop>`, `<noot>`, ...)
parses fine as unknown HTML elements.
"""

from __future__ import annotations

import codecs
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import CData, NavigableString, PreformattedString, Tag

from dedup.errors import UnreadableInput
from dedup.ingest.text import looks_binary
from dedup.model import Diagnostic

# Never text of the document: page machinery, site chrome, and the footnote bodies
# (`<noot>` in the XML holds both the number and the note, inline in the paragraph).
_DROP = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "nav",
        "form",
        "button",
        "select",
        "textarea",
        "svg",
        "iframe",
        "object",
        "embed",
        "canvas",
        "metadata",
        "meta",
        "noot",
    }
)
# Site banner and footer, unless used as a section header inside the document itself.
_CHROME = frozenset({"header", "footer", "aside"})
_CONTENT_ANCESTORS = ["article", "main", "section"]
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
# Matched against class tokens and ids: "nootnum", "voet noot", "voetnoot", "noten", ...
_FOOTNOTE_NAME = re.compile(r"noot|noten|footnote", re.IGNORECASE)

# One line for all the text inside, nested blocks included ("<kop><nr/><titel/></kop>").
_ATOMIC = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "kop", "tussenkop", "titel", "dt"})
_ROWS = frozenset({"tr", "row"})
_CELLS = frozenset({"td", "th", "entry"})
# Elements that start a new line; the XML ones are from the OP schema.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "body",
        "html",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figure",
        "figcaption",
        "address",
        "center",
        "fieldset",
        "details",
        "summary",
        "hr",
        "al",
        "al-groep",
        "lijst",
        "vraag",
        "antwoord",
        "ondertekening",
        "tgroup",
    }
)
_LINE_BREAKING = _BLOCKS | _ATOMIC | _ROWS | _CELLS
_ROW_SEPARATOR = " | "

_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9._:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers (WHATWG) read these labels as windows-1252, and so do the pages' authors.
_AS_CP1252 = frozenset({"ascii", "iso8859-1", "latin-1"})
_INVISIBLE = str.maketrans("", "", "\xad\u200b\ufeff")


def _collapse(text: str) -> str:
    """Soft hyphens and zero-width characters out, any whitespace run to one space."""
    return " ".join(text.translate(_INVISIBLE).split())


def _declared_charset(data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """The charset from `<meta>` or the XML declaration, as a Python codec name."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None, []
    label = (match.group(1) or match.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None, [
            Diagnostic("unknown-charset", f"declared charset {label!r} is unknown; trying UTF-8")
        ]
    if name in _AS_CP1252:
        return "cp1252", []
    # A UTF-16/32 label found by an ASCII scan cannot be true; browsers then use UTF-8.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8", []
    return name, []


def decode_markup(path: str, data: bytes) -> tuple[str, list[Diagnostic]]:
    """BOM, else declared charset, else UTF-8; cp1252 (then latin-1) as a warned fallback."""
    bom_encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    diags: list[Diagnostic] = []
    if bom_encoding is not None:
        encoding = bom_encoding
    else:
        # UTF-16 is full of NUL bytes, so only check for binary data without a BOM.
        if looks_binary(data):
            raise UnreadableInput(path, "binary data, not HTML or XML (is this the right file?)")
        declared, diags = _declared_charset(data)
        encoding = declared or "utf-8"
    try:
        return data.decode(encoding), diags
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    source_line = data.count(b"\n", 0, first_bad) + 1
    fallback = "cp1252" if encoding != "cp1252" else "latin-1"
    try:
        text = data.decode(fallback)
    except UnicodeDecodeError:
        fallback = "latin-1"
        text = data.decode(fallback)
    msg = (
        f"not valid {codecs.lookup(encoding).name} (first bad byte on source line "
        f"{source_line}); read as {fallback}"
    )
    return text, [*diags, Diagnostic("encoding-fallback", msg, None)]


def _name(tag: Tag) -> str:
    """Tag name without an XML namespace prefix."""
    return tag.name.rsplit(":", 1)[-1].lower()


def _tokens(tag: Tag, attr: str) -> list[str]:
    value = tag.get(attr)
    if value is None:
        return []
    return value.split() if isinstance(value, str) else list(value)


def _is_text(node: object) -> bool:
    """Character data, but not comments, doctypes or processing instructions."""
    return isinstance(node, NavigableString) and (
        not isinstance(node, PreformattedString) or isinstance(node, CData)
    )


def _dropped(tag: Tag) -> bool:
    name = _name(tag)
    if name in _DROP:
        return True
    if name in _CHROME and tag.find_parent(_CONTENT_ANCESTORS) is None:
        return True
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if any(role in _CHROME_ROLES for role in _tokens(tag, "role")):
        return True
    if any(_FOOTNOTE_NAME.search(t) for t in (*_tokens(tag, "class"), *_tokens(tag, "id"))):
        return True
    if name == "sup":
        # A superscript without letters is a footnote number ("1", "2,3", "*").
        return not any(ch.isalpha() for ch in tag.get_text())
    if name == "a":
        href = tag.get("href")
        return isinstance(href, str) and href.startswith("#") and tag.get_text().strip().isdigit()
    return False


def _inline_text(tag: Tag) -> str:
    """All text under `tag`, a space where a nested block or line break separates words."""
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, Tag):
            if _dropped(child):
                continue
            name = _name(child)
            if name == "br":
                parts.append(" ")
            elif name in _LINE_BREAKING:
                parts.extend((" ", _inline_text(child), " "))
            else:
                parts.append(_inline_text(child))
        elif _is_text(child):
            parts.append(str(child))
    return "".join(parts)


def _row_text(row: Tag) -> str:
    cells = [
        _collapse(_inline_text(cell))
        for cell in row.find_all(True, recursive=False)
        if _name(cell) in _CELLS and not _dropped(cell)
    ]
    return _ROW_SEPARATOR.join(cell for cell in cells if cell)


def _holding_blocks(root: Tag) -> set[int]:
    """Ids of the inline-looking elements (`<span>`, `<kamerstuk>`) that contain blocks."""
    holding: set[int] = set()
    for tag in root.find_all(True):
        if _name(tag) not in _LINE_BREAKING:
            continue
        parent = tag.parent
        while parent is not None and parent is not root and id(parent) not in holding:
            holding.add(id(parent))
            parent = parent.parent
    return holding


def _block_lines(root: Tag) -> list[str]:
    """The text of `root` as one string per block, in document order."""
    out: list[str] = []
    holding = _holding_blocks(root)

    def visit(container: Tag) -> None:
        run: list[str] = []

        def flush() -> None:
            line = _collapse("".join(run))
            run.clear()
            if line:
                out.append(line)

        for child in container.children:
            if not isinstance(child, Tag):
                if _is_text(child):
                    run.append(str(child))
                continue
            if _dropped(child):
                continue
            name = _name(child)
            if name == "br":
                run.append(" ")
            elif name in _ROWS:
                flush()
                run.append(_row_text(child))
                flush()
            elif name in _ATOMIC:
                flush()
                run.append(_inline_text(child))
                flush()
            elif name in _BLOCKS or name in _CELLS or id(child) in holding:
                flush()
                visit(child)
            else:
                run.append(_inline_text(child))
        flush()

    visit(root)
    return out


def _content_root(soup: BeautifulSoup) -> Tag:
    """The page's marked main content when there is exactly one, else the whole page."""
    for name in ("main", "article"):
        found = soup.find_all(name)
        if len(found) == 1:
            return found[0]
    return soup


def read_html(path: str, data: bytes) -> tuple[list[str], list[Diagnostic]]:
    """Paragraphs and headings, one per line, blank lines between; footnotes left out."""
    text, diags = decode_markup(path, data)
    try:
        with warnings.catch_warnings():
            # Parsing the OP XML as HTML is deliberate (see the module docstring).
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(text, "html.parser")
        blocks = _block_lines(_content_root(soup))
    except RecursionError as exc:
        raise UnreadableInput(path, "the markup is nested too deeply to read") from exc
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.append(block)
    return lines, diags
