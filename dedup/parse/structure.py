"""Headings, layout and front matter: what kind of document this is and where its parts are.

Works on lines, before paragraphs are built, because headings decide where paragraphs
must start (a heading line may sit directly above running text without a blank line).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from dedup.model import Diagnostic
from dedup.parse.fractions import canonical_fraction
from dedup.parse.types import Heading

PART_ONE_HEADING = re.compile(
    r"^\s*(?:I\.?\s+|1\.\s+)?(?:vragen\s+en\s+opmerkingen|inbreng)\s+(?:vanuit|van|uit)\s+de\s+"
    r"fracties\b",
    re.I,
)
PART_TWO_HEADING = re.compile(
    r"^\s*(?:II\.?\s+|2\.\s+)?(?:reactie|antwoord|beantwoording)"
    r"(?:\s*/\s*(?:reactie|antwoord|beantwoording))?(?:\s+(?:van|op|door)\b.*)?\s*$",
    re.I,
)
FRACTION_HEADING = re.compile(
    r"^\s*(?:vragen\s+en\s+opmerkingen|inbreng|vragen|opmerkingen)\s+(?:van\s+)?(?:vanuit\s+)?"
    r"(?:de\s+)?(?:leden\s+van\s+de\s+|het\s+lid\s+van\s+de\s+)?"
    r"(?P<name>[\w&' -]+?)\s*[-‐]?\s*fractie\b(?P<rest>.*)$",
    re.I,
)
# "VVD-fractie", "Partij voor de Dieren-fractie", "Het lid van de BBB-fractie" alone on a line.
BARE_FRACTION_HEADING = re.compile(
    r"^\s*(?:(?:het\s+lid|de\s+leden)\s+van\s+de\s+)?(?P<name>[\w&' -]{2,40}?)\s*[-‐]\s*fractie"
    r"(?P<rest>)\s*$",
    re.I,
)
# A reply label in an interleaved verslag: "Reactie", "Antwoord van de Minister", ...
REPLY_LABEL = re.compile(
    r"^\s*(?:reactie|antwoord|beantwoording)(?:\s+(?:van|door)\s+(?:de|het)\s+[\w -]{2,60})?"
    r"\s*:?\s*$",
    re.I,
)
# A heading split over two lines ends with a coordination: "... van de GroenLinks- en".
_HEADING_CONTINUES = re.compile(r"(?:-\s*en|\ben|-)\s*$")
_HEADING_START = re.compile(
    r"^\s*(?:vragen\s+en\s+opmerkingen|inbreng)\s+van\s+de(?:\s+leden(?:\s+van(?:\s+de)?)?)?\s*$",
    re.I,
)
# A table of contents line ends in a page number: "Vragen en opmerkingen van de CDA-fractie 2".
_TOC_PAGE = re.compile(r"\s(?:\.\s*){0,40}\d{1,3}\s*$")
_SENTENCE_END = re.compile(r"[.?!:;,][»”\"')]*\s*$")
INTERLEAVED_HEADING = re.compile(
    r"\ben\s+(?:reactie|antwoord|beantwoording)\s+van\s+(?:de|het)\s+"
    r"(?:bewindspersonen|bewindspersoon|regering|kabinet|minister|staatssecretaris)",
    re.I,
)


def _fraction_heading(text: str) -> str | None:
    # Both patterns hold "fractie" (any case, as re.I reads it: only F, R, A, C and T
    # themselves match those letters, so text.lower() holds "fract" wherever they match).
    # A line without it is no fraction heading, seen without running either pattern.
    if "fract" not in text.lower():
        return None
    m = FRACTION_HEADING.match(text)
    if m and _is_heading_text(text, m.group("rest")):
        return canonical_fraction(m.group("name"))
    m = BARE_FRACTION_HEADING.match(text) if len(text) < 60 else None
    if m:
        return canonical_fraction(m.group("name"))
    return None


def _is_heading_text(text: str, rest: str) -> bool:
    # A heading is short and not a sentence; "... en reactie van de bewindspersonen" is fine.
    rest = rest.strip()
    return (
        len(text) < 140
        and not text.endswith((".", "?"))
        and (not rest or rest.lower().startswith(("en ", "en\u00a0")))
    )


def _next_text(lines: Sequence[str], i: int) -> tuple[int, str]:
    """The first non-blank line after `i` (index and stripped text), or (len, "")."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j, lines[j].strip()
    return len(lines), ""


# What a stripped line that _SENTENCE_END finds ends in (a stop, or a bracket or quote
# after one): the pattern runs only on lines ending in one of these.
_SENTENCE_END_LAST = frozenset(".?!:;,»”\"')")


def _ends_sentence(line: str) -> bool:
    """_SENTENCE_END finds a sentence end in the stripped `line`."""
    return line[-1] in _SENTENCE_END_LAST and _SENTENCE_END.search(line) is not None


_NUMBERED_TOPIC = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")


def _is_topic_line(lines: Sequence[str], i: int) -> bool:
    """A short unpunctuated line between sentences, directly above running text.

    Only needed where no blank line sets a heading apart; it must be clearly shorter
    than the line under it, or it is just the first line of a paragraph.
    """
    line = lines[i].strip()
    # The cheapest tests first (all must pass; most lines of running text fail the length,
    # the comma or the capital before any word is counted).
    if not line or len(line) > 70 or "," in line:
        return False
    if not (line[0].isupper() or _NUMBERED_TOPIC.match(line)):
        return False
    if len(line.split()) > 9 or _ends_sentence(line):
        return False
    prev = lines[i - 1].strip() if i > 0 else ""
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if not nxt or not nxt[0].isupper() or len(line) > 0.75 * len(nxt):
        return False
    return not prev or bool(re.search(r"[.?!:][»”\"')]*\s*$", prev))


def find_headings(lines: Sequence[str], *, skip: frozenset[int] = frozenset()) -> list[Heading]:
    """Part, fraction, topic and reply-label headings, each on its own line(s).

    Table-of-contents entries (a heading followed by another heading, or ending in a
    page number) are left out; `skip` holds indices of furniture lines (footnotes).
    """
    found: list[Heading] = []
    i = 0
    n = len(lines)
    letters = False  # a letter of the commission's voorzitters came: replies are letters
    while i < n:
        line = lines[i].strip()
        if not line or len(line) > 140 or i in skip:
            i += 1
            continue
        # What the part, letter, reply-label and contents patterns can start with: one
        # match that spares the seven on most lines of running text.
        opens = _HEADING_OPENING.match(line) is not None
        if opens and _TOC_TITLE.match(line):
            end = _skip_toc(lines, i)
            found.append(Heading("toc", i, max(i, end - 1), text=line))
            i = end
            continue
        # `line` is stripped: a page number (_TOC_PAGE) is its last character, a heading
        # that continues (_HEADING_CONTINUES) ends in "-" or "en". Looked at first, these
        # spare the searches along every line of running text.
        if (
            line[-1].isdigit()
            and _TOC_PAGE.search(line)
            and (_fraction_heading(_TOC_PAGE.sub("", line)) or PART_ONE_HEADING.match(line))
        ):
            i += 1
            continue
        if opens and _COMMISSION_LETTER.match(line):
            letters = True
        if letters and opens and _REPLY_LETTER.match(line):
            # Eerste Kamer: the minister's letter answering the voorzitters' letter.
            found.append(Heading("part-2", i, i, text=line))
        elif opens and PART_ONE_HEADING.match(line) and len(line) < 120:
            found.append(Heading("part-1", i, i, text=line))
        elif opens and PART_TWO_HEADING.match(line) and len(line) < 90 and _standalone(lines, i):
            found.append(Heading("part-2", i, i, text=line))
        elif (
            opens
            and REPLY_LABEL.match(line)
            and len(line) < 70
            and (nxt := _next_text(lines, i)[1])
            and not nxt[0].islower()
        ):
            found.append(Heading("reply", i, i, text=line))
        else:
            text, last = line, i
            # A fraction heading holds "fract" (see _fraction_heading), on this line or on
            # the next one that a wrapped heading takes in (joined with a space, so never
            # across the two): without it on either, whether the line wraps cannot matter.
            fraction = None
            if "fract" in line.lower() or (i + 1 < n and "fract" in lines[i + 1].lower()):
                wrapped = (line.endswith(("-", "en")) and _HEADING_CONTINUES.search(line)) or (
                    opens and _HEADING_START.match(line) and "fractie" not in line.lower()
                )
                if wrapped and i + 1 < n and lines[i + 1].strip():
                    text, last = f"{line} {lines[i + 1].strip()}", i + 1
                fraction = _fraction_heading(text)
            if fraction is not None:
                found.append(Heading("fraction", i, last, fraction, text))
                i = last + 1
                continue
            if _is_topic_line(lines, i):
                found.append(Heading("topic", i, i, text=line))
        i += 1
    return _drop_toc(found, lines)


# The first character of a stripped line that _TOC_TITLE ("inhoud"), _COMMISSION_LETTER
# and _REPLY_LETTER ("BRIEF"), PART_ONE_HEADING ("I.", "1.", "vragen", "inbreng"),
# PART_TWO_HEADING ("II", "2.", "reactie", "antwoord", "beantwoording"), REPLY_LABEL and
# _HEADING_START can match, read as they read it (any case).
_HEADING_OPENING = re.compile(r"[ib12vra]", re.I)
_COMMISSION_LETTER = re.compile(r"^\s*BRIEF\s+VAN\s+DE\s+VOORZITTERS?\s+VAN\s+DE\b")
_REPLY_LETTER = re.compile(
    r"^\s*BRIEF\s+VAN\s+DE\s+(?:MINISTER|STAATSSECRETARIS|MINISTER-PRESIDENT)\b[A-Z ,.'-]*$"
)
_TOC_TITLE = re.compile(r"^\s*(?:inhoudsopgave|inhoud)\s*$", re.I)


def _short_unpunctuated(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 90 and not re.search(r"[.?!:;,]\s*$", _TOC_PAGE.sub("", line))


def _skip_toc(lines: Sequence[str], i: int) -> int:
    """Index of the first line after a table of contents that starts at `i`.

    Entries are short lines without a stop; the last such line before running text is
    the first real heading, so it is not skipped.
    """
    j = i + 1
    entries: list[int] = []
    while j < len(lines):
        if not lines[j].strip():
            j += 1
            continue
        if not _short_unpunctuated(lines[j]):
            break
        entries.append(j)
        j += 1
    if not entries:
        return i + 1
    return entries[-1] if not _TOC_PAGE.search(lines[entries[-1]]) else entries[-1] + 1


def _standalone(lines: Sequence[str], i: int) -> bool:
    """A Part II heading stands alone: blank after it, or set in capitals or numbered."""
    line = lines[i].strip()
    nxt_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
    return nxt_blank or line.isupper() or line.startswith("II")


def _drop_toc(found: list[Heading], lines: Sequence[str]) -> list[Heading]:
    """Leave out fraction headings that are directly followed by another heading line."""
    kept: list[Heading] = []
    for k, h in enumerate(found):
        if h.kind == "fraction" and k + 1 < len(found):
            nxt_index, _ = _next_text(lines, h.last)
            following = found[k + 1]
            if following.first == nxt_index and following.kind in ("fraction", "topic"):
                continue  # a table-of-contents entry, not a section
        kept.append(h)
    return kept


_INBRENG = re.compile(r"INBRENG\s+VERSLAG|^\s*INBRENG\s*$", re.I | re.M)
_VERSLAG_TITLE = re.compile(r"(?<!INBRENG )\bVERSLAG\s+VAN\s+EEN\s+SCHRIFTELIJK\s+OVERLEG", re.I)


def titled_verslag(lines: Sequence[str]) -> bool:
    """The title says verslag (with a reply), not inbreng, even if the reply is cut off."""
    head = "\n".join(lines[:60])
    if not holds_word("verslag", head):
        return False
    # _INBRENG holds its word: without it the long head is not searched a second time.
    return bool(_VERSLAG_TITLE.search(head)) and not (
        holds_word("inbreng", head) and _INBRENG.search(head)
    )


def titled_inbreng(lines: Sequence[str]) -> bool:
    head = "\n".join(lines[:60])
    return holds_word("inbreng", head) and bool(_INBRENG.search(head))


def holds_word(word: str, text: str) -> bool:
    """`word` (ASCII letters) occurs in `text`, any case (as re.I reads case): every match
    of a title pattern holds its word, and this search is many times cheaper than the
    pattern's on a long first paragraph (a 1 MB paragraph among the first lines)."""
    folded = _folded(text)
    if folded is None:
        return re.search(word, text, re.I) is not None
    return word in folded


def line_start_matches(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """list(pattern.finditer(text)) for a pattern that matches only where a line starts:
    it opens with `^` under re.M, and has no alternative outside what follows it.

    Such a pattern fails at every other position, but the search still tries each one (a
    1 MB paragraph: 10 ms a pattern). Here one search that jumps from line break to line
    break (its pattern opens with the literal one) finds the lines at whose start the
    pattern matches, and the pattern runs there alone, each after the last match's end,
    as finditer goes on. Before `text` a line break stands for the start of the first
    line; what follows `^` sees the same characters around it in both texts.
    """
    assert pattern.pattern.startswith("^") and pattern.flags & re.M
    starts = re.compile("\n(?=" + pattern.pattern[1:] + ")", pattern.flags)
    found: list[re.Match[str]] = []
    end = 0
    for start in starts.finditer("\n" + text):
        if start.start() >= end:  # the line starting at start.start() in `text`
            m = pattern.match(text, start.start())
            if m is not None:
                found.append(m)
                end = m.end()
    return found


# The characters that re.I matches to an ASCII letter where str.lower() does not give that
# letter alone (found by comparing the two over every code point): "İ", which re.I reads
# as "i" and lower() turns into "i" and a combining dot, and "ı" and "ſ", which re.I also
# takes for "i" and "s".
_FOLD_EXCEPTIONS = ("\u0130", "\u0131", "\u017f")


@functools.lru_cache(maxsize=2)
def _folded(text: str) -> str | None:
    """text.lower(), where a word of ASCII letters occurs exactly where re.I finds it in
    `text` (every other character lowers to one character, and to an ASCII letter only
    where re.I reads it as that letter); None when `text` holds one of _FOLD_EXCEPTIONS.

    A substring test in it is a fast search, where re.I compares at every position (a
    1 MB head: 10 ms a word, against 3 ms to lower it once). Cached: the layouts' title
    checks ask one after another about the same first lines."""
    if any(c in text for c in _FOLD_EXCEPTIONS):
        return None
    return text.lower()


_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = rf"(\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})"
_NAME_END = (
    r"(?=\s+(?:De|Het|Adjunct|Inhoud\w*|Vragen|Inbreng|Inleiding|I{1,2}|1)\b|\s+[A-Z]{2,}|$)"
)
_META = [
    ("vastgesteld", re.compile(r"\bVastgesteld\s*" + _DATE, re.I)),
    ("ontvangen", re.compile(r"^(?:.{0,300}?\s)?Ontvangen\s+" + _DATE)),
    (
        "soort",
        re.compile(
            r"\b((?:INBRENG\s+)?VERSLAG\s+VAN\s+EEN\s+SCHRIFTELIJK\s+OVERLEG|LIJST\s+VAN\s+"
            r"(?:FEITELIJKE\s+)?VRAGEN(?:\s+EN\s+ANTWOORDEN)?|NOTA\s+NAAR\s+AANLEIDING\s+VAN\s+"
            r"HET\s+(?:NADER\s+)?VERSLAG|MEMORIE\s+VAN\s+ANTWOORD)\b"
        ),
    ),
    (
        "commissie",
        re.compile(
            r"\b((?:[Vv]aste|[Aa]lgemene)\s+commissie\s+voor\s+[A-Z][\w ,-]+?)\d*"
            r"(?=\s+(?:hebben|heeft|is|zijn|bestond|bestaat|wil|legde|stelde|voor)\b|[.(]|,\s+[a-z])"
        ),
    ),
    (
        "voorzitter",
        re.compile(r"[Vv]oorzitter van de commissie,\s*([A-Z][\w'. -]{1,40}?)" + _NAME_END),
    ),
    ("griffier", re.compile(r"[Gg]riffier van de commissie,\s*([A-Z][\w'. -]{1,40}?)" + _NAME_END)),
    (
        "bewindspersoon",
        re.compile(
            r"\b((?:[Mm]inister|[Ss]taatssecretaris)(?:\s+en\s+de\s+[Ss]taatssecretaris)?\s+"
            r"(?:van|voor)\s+[A-Z][\w ,-]{3,90}?)"
            r"(?=\s+(?:over|inzake|betreffende|heeft|hebben|voorgelegd|naar|en\s+de)\b|[.(])"
        ),
    ),
    (
        "brief",
        re.compile(r"\bover\s+(?:de|haar|zijn)\s+(\w*brief\b[^()]{0,250}?\(Kamerstuk[^)]*\))"),
    ),
    ("voorgelegd", re.compile(r"(?:zijn\s+op|De\s+op)\s+" + _DATE + r"\s+(?:aan|toegezonden)")),
    (
        "beantwoord",
        re.compile(
            r"[Bb]ij\s+brief\s+van\s+" + _DATE + r"\s+(?:zijn\s+de\s+vragen\s+beantwoord|"
            r"toegezonden\s+antwoorden)|beantwoord\s+bij\s+brief\s+van\s+" + _DATE
        ),
    ),
    ("ingezonden", re.compile(r"\(ingezonden\s+" + _DATE + r"\)")),
    ("ontvangen", re.compile(r"\(ontvangen\s+" + _DATE + r"\)")),
    ("onderwerp", re.compile(r"\baan\s+de\s+[^()]{3,120}?\s+over\s+(.{3,200}?)\s+\(ingezonden")),
    ("document_id", re.compile(r"\b((?:19|20)\d{2}D\d{5})\b")),
    (
        "vragenstellers",
        re.compile(r"\bVragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(.+?)\s+aan\s+de\s"),
    ),
    (
        "antwoord_van",
        re.compile(r"\bAntwoord\s+van\s+((?:[Mm]inister|[Ss]taatssecretaris)\s+.+?\))"),
    ),
]
# "36 123 Hervormingsagenda Jeugd Nr. 12": the dossier, its title and the number.
_DOSSIER = re.compile(
    r"(?:^|\s)(\d{2}\s\d{3}(?:-[\dA-Z]+)?(?:\s[A-Z]{1,4})?)\s+(.{3,250}?)\s+Nr\.\s*(\d{1,4})\b"
)
_FOOTER_KAMERSTUK = re.compile(
    r"Tweede Kamer, vergaderjaar \d{4}[–-]\d{4}, ([\d ]+(?:-[\d]+)?(?: [A-Z]+)?, nr\. \d+)"
)
# The reply's signature at the very end: "De Minister van ...,\nP.J. van der Velde".
_SIGNED = re.compile(
    r"^(?:De|Het)\s+((?:Minister|Staatssecretaris)\s+(?:van|voor)\s+[^,\n]+(?:,\s*[^,\n]+)*?),"
    r"\s*\n\s*([A-Z][\w.' -]{1,50})\s*$",
    re.M,
)
_VERGADERJAAR = re.compile(r"vergaderjaar (\d{4}[–-]\d{4})")


def front_matter(lines: Sequence[str], end: int) -> dict[str, str]:
    """Metadata from the lines before the body, and page footers anywhere."""
    head = " ".join(ln.strip() for ln in lines[:end] if ln.strip())
    everything = "\n".join(lines)
    meta: dict[str, str] = {}
    for key, pattern in _META:
        m = pattern.search(head)
        if m and key not in meta:
            value = next(g for g in m.groups() if g)
            meta[key] = " ".join(value.split()).strip(" ,")
    signature = _SIGNED.search("\n".join(ln.strip() for ln in lines[-8:]))
    if signature:
        meta.setdefault("bewindspersoon", signature.group(1))
        meta["ondertekening"] = signature.group(2)
    dossier = _DOSSIER.search(head)
    if dossier:
        meta["kamerstuk"] = f"{dossier.group(1)}, nr. {dossier.group(3)}"
        meta["titel"] = " ".join(dossier.group(2).split())
    else:
        footer = _FOOTER_KAMERSTUK.search(everything)
        if footer:
            meta["kamerstuk"] = footer.group(1)
    year = _VERGADERJAAR.search(everything)
    if year:
        meta["vergaderjaar"] = year.group(1)
    return meta


def truncation(lines: Sequence[str], text_lines: Sequence[bool]) -> Diagnostic | None:
    """A warning when the document's last line of text stops mid-sentence (cut off?)."""
    for i in range(len(lines) - 1, -1, -1):
        if text_lines[i] and lines[i].strip():
            last = lines[i].strip()
            if re.search(r"[.?!:;»”\"')]\s*$", last):
                return None
            before = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            if len(last) < 50 and before.endswith(","):
                return None  # a signature: "De Minister van ...," / the name
            return Diagnostic(
                "truncated",
                f"the text ends mid-sentence ({last[-40:]!r}); the document may be cut off",
                i + 1,
            )
    return None
