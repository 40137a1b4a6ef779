"""Turn extracted lines into clean paragraphs, and text into a form for comparison.

Display text keeps the document's wording; only layout artefacts go (page footers,
footnote bodies and markers, line-break hyphenation). `comparison_form` goes further
and is used only for scoring.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from dedup.model import Diagnostic, Paragraph, SourceText

PAGE_FOOTER = re.compile(
    r"^\s*(?:Tweede|Eerste)\s+Kamer,\s+(?:vergaderjaar|zitting)\s+\d{4}\s*[–—-]\s*\d{2,4},"
    r".{0,60}?\bnr\.\s*\d+\s*\d*\s*$"
    r"|^\s*Aanhangsel\s+Handelingen\s+II?\s+\d{4}[–—/-]\d{2,4}(?:\s+\d+){0,2}\s*$"
)
# A footnote body starts with its number, then text; what the text may start with when
# no glued marker confirms it.
_FOOTNOTE_OPENER = re.compile(
    r"^(?:Zie\b|Kamerstuk|Handelingen|Aanhangsel|Bron\b|https?:|www\.|Stcrt|Stb\.|Motie|"
    r"Brief\b|Het betreft|Idem|Ibidem|Vgl\.)"
)
_WORD_CHARS = r"0-9A-Za-zÀ-ÖØ-öø-ÿ"
_TOKEN = re.compile(rf"[{_WORD_CHARS}]+(?:[-'’][{_WORD_CHARS}]+)*")
_TRAILING_WORD = re.compile(rf"([{_WORD_CHARS}]+)-$")
_LEADING_WORD = re.compile(rf"^([{_WORD_CHARS}]+)")
# A closing bracket or quote ends a sentence only after a stop: "(mede)" at a line end
# is mid-sentence, "(zie bijlage)." is not.
_SENTENCE_END = re.compile(r"[.?!:;][»”\"')]*\s*$")
# Dutch coordinated adjectives keep their hyphen at a line end: sociaal-economisch.
_ADJECTIVE_LEFT = re.compile(r"(?:aal|eel|isch|ief|ek)$")
_ADJECTIVE_RIGHT = re.compile(r"^(?:[a-zà-ÿ]+(?:isch|ische|eel|ele|aal|ale|ief|ieve|ek|eke))$")
# Words after a line-final hyphen that show it belongs to a coordination (dak- en).
_COORDINATORS = frozenset({"en", "of", "tot", "noch", "dan"})


class LineKind(Enum):
    TEXT = "text"
    BLANK = "blank"
    FOOTER = "footer"
    FOOTNOTE = "footnote"
    WEB = "web"  # furniture of a web page: menus, breadcrumbs, share buttons, table debris


# The kinds as module names, for the loops over every line: an Enum member read through
# its class costs a slow attribute hook on Python 3.11 (see dedup.parse.types.Role).
_TEXT = LineKind.TEXT
_BLANK = LineKind.BLANK
_FOOTER = LineKind.FOOTER
_FOOTNOTE = LineKind.FOOTNOTE
_WEB = LineKind.WEB


@dataclass(frozen=True, slots=True)
class CleanLines:
    """Lines with furniture classified and footnote markers removed."""

    lines: tuple[str, ...]
    kinds: tuple[LineKind, ...]
    footnotes: dict[int, int]  # footnote number -> 1-based line of its body


def is_page_footer(line: str) -> bool:
    return bool(PAGE_FOOTER.match(line))


# Lines that web pages put around a document (official sites, party sites, mirrors): they
# are never part of a parliamentary text, so a whole line equal to one of them is furniture.
# Single words that could also head a topic ("Privacy", "Toegankelijkheid") are not here;
# they count as furniture only in a repeated menu or the page footer.
_WEB_PHRASES = frozenset(
    {
        "skip to main content",
        "skip to content",
        "naar hoofdinhoud",
        "naar de inhoud",
        "ga naar de inhoud",
        "ga direct naar inhoud",
        "direct naar de inhoud",
        "terug naar boven",
        "naar boven",
        "u bent hier",
        "printen",
        "print",
        "print deze pagina",
        "deel dit artikel",
        "deel deze pagina",
        "deel dit bericht",
        "originele bestanden",
        "zoeken",
        "menu",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "privacyverklaring",
        "cookieverklaring",
        "over deze website",
        "home",
        "sitemap",
        "proclaimer",
        "doneer",
        "word lid",
        "inloggen",
        "permalink",
    }
)
# Names a site title row ("Overheid.nl | Officiële bekendmakingen") is made of.
_SITE_NAME = re.compile(
    r"^(?:[\w-]+\.(?:nl|org|com|eu|net)|openkamer|officiële bekendmakingen|"
    r"officiele bekendmakingen|tweede kamer der staten-generaal|eerste kamer der staten-generaal)$",
    re.I,
)
# Column headers of the metadata table on officielebekendmakingen.nl pages.
_METADATA_HEADERS = frozenset(
    {
        "datum publicatie",
        "organisatie",
        "vergaderjaar",
        "dossier- en ondernummer",
        "datum ontvangst",
        "publicatienummer",
        "documentnummer",
        "rubriek",
    }
)
_TABLE_DEBRIS = re.compile(r"^[\s|]*\|[\s|]*$")
_FILE_SIZE = re.compile(
    r"^\s*(?:pdf|xml|html|odt|docx?|zip)\b[^()]*\(\s*\d+(?:[.,]\d+)?\s*[kKmM]i?B\s*\)\s*$", re.I
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)", re.I)
_BREADCRUMB_START = re.compile(r"^\s*u bent hier\s*:", re.I)
_FURNITURE_FIRST = frozenset("©(cCuU")
# A short line that could be a menu entry: a few words, no stop, no digit, and none of the
# words that start a document's own headings.
_MENU_WORDS = 4
_STRUCTURAL = re.compile(r"\b(?:vraag|antwoord|reactie|inleiding|fractie|nr)\b", re.I)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|") if c.strip()]


def is_web_furniture(line: str) -> bool:
    """Whether one line, on its own, is web-page furniture rather than document text."""
    s = line.strip()
    if not s:
        return False
    if "|" in s:
        if _TABLE_DEBRIS.match(s):
            return True
        cells = _cells(s)
        short = all(len(c.split()) <= _MENU_WORDS for c in cells)
        if len(cells) <= 3 and short and any(_SITE_NAME.match(c) for c in cells):
            return True
        return sum(1 for c in cells if c.lower() in _METADATA_HEADERS) >= 2
    # Cheap tests first: running text is long and none of these.
    if len(s) <= 40 and s.rstrip(":").strip().lower() in _WEB_PHRASES:
        return True
    if len(s) <= 60 and _FILE_SIZE.match(s):
        return True
    # `s` is stripped: a copyright line starts with "©", "(c)" or "copyright", a
    # breadcrumb with "u bent hier" (either case), so other lines skip both patterns.
    return s[0] in _FURNITURE_FIRST and bool(_COPYRIGHT.match(s) or _BREADCRUMB_START.match(s))


_MENU_NOT = re.compile(r"[.?!;:,]$|\d")


def _menu_like(line: str) -> bool:
    s = line.strip()
    return (
        0 < len(s) <= 40
        and len(s.split()) <= _MENU_WORDS
        and not _MENU_NOT.search(s)
        and not _STRUCTURAL.search(s)
    )


def _repeated_menus(lines: Sequence[str]) -> set[int]:
    """Lines in a run of three or more menu-like lines that the page repeats (a menu at the
    top and again at the bottom); blank lines between them do not break the run."""
    texts = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    menu = [_menu_like(t) for _, t in texts]
    windows: dict[tuple[str, ...], list[int]] = {}
    for k in range(len(texts) - 2):
        if menu[k] and menu[k + 1] and menu[k + 2]:
            key = (texts[k][1].lower(), texts[k + 1][1].lower(), texts[k + 2][1].lower())
            windows.setdefault(key, []).append(k)
    out: set[int] = set()
    for starts in windows.values():
        if len(starts) >= 2 and starts[-1] - starts[0] >= 3:
            for k in starts:
                out.update(i for i, _ in texts[k : k + 3])
    return out


def web_furniture_lines(lines: Sequence[str]) -> set[int]:
    """0-based indices of the lines that are furniture of a web page: fixed phrases
    ("Skip to main content", "U bent hier:"), the breadcrumb after "U bent hier:", the
    metadata table of officielebekendmakingen.nl and its value row, site title rows,
    '|'-only table debris, file-size links, copyright lines and repeated menus."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        if is_web_furniture(ln):
            out.add(i)
        s = ln.strip()
        if len(s) <= 20 and _BREADCRUMB_START.match(s) and not s.split(":", 1)[1].strip():
            # The trail follows on lines of its own: short, no sentence.
            j, taken = i + 1, 0
            while j < len(lines) and taken < 6:
                t = lines[j].strip()
                if t and (len(t.split()) > 8 or re.search(r"[.?!]$", t)):
                    break
                if t:
                    out.add(j)
                    taken += 1
                j += 1
        if "|" not in s:
            continue  # no table row: neither of the cases below
        cells = _cells(s)
        if sum(1 for c in cells if c.lower() in _METADATA_HEADERS) >= 2:
            # The value row under the header row.
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and abs(len(_cells(lines[j])) - len(cells)) <= 1:
                out.add(j)
    out |= _repeated_menus(lines)
    return out | _page_footer_links(lines, out)


def _page_footer_links(lines: Sequence[str], furniture: set[int]) -> set[int]:
    """The menu-like lines at the very end of a page, once furniture is seen among them
    ("Terug naar boven", then "Contact", "Privacy"): the footer of a web page."""
    run: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip():
            continue
        if i not in furniture and not _menu_like(lines[i]):
            break
        run.append(i)
    if not any(i in furniture for i in run):
        return set()
    return {i for i in run if i not in furniture}


def _is_page_continuation(line: str) -> bool:
    # In text extracted from the official PDFs a new page starts with one leading space.
    return line.startswith(" ") and not line.startswith("  ") and bool(line.strip())


def _find_glued_marker(line: str, number: int) -> re.Match[str] | None:
    """The last place where `number` is glued as a footnote marker to a word or stop."""
    if str(number) not in line:  # most lines hold no such digits: spare the pattern
        return None
    pattern = re.compile(rf"(?<=[a-zà-ÿ.,;:)»”’\"A-Z]){number}(?=[\s.,;:)?!»”’A-Z]|$)")
    found = None
    for m in pattern.finditer(line):
        start = m.start()
        word = re.search(rf"[{_WORD_CHARS}]*$", line[:start])
        prefix = word.group(0) if word else ""
        # G4, G40, A2: a single capital with a number is a name, not a marker.
        if len(prefix) == 1 and prefix.isupper():
            continue
        if prefix and prefix[-1].isdigit():
            continue
        # 2.20 or 1,5: a decimal number, not a marker after a stop.
        if not prefix and start >= 2 and line[start - 2].isdigit():
            continue
        found = m
    return found


_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")


def classify_lines(lines: Sequence[str]) -> CleanLines:
    """Mark page footers and footnote bodies; strip the glued markers they belong to.

    Footnotes are numbered through the document, so only the next expected number can
    start a body; a body runs until the page resumes (a line with the page-break space,
    a page footer) or, failing that, to the next blank line.
    """
    out = list(lines)
    kinds = [_BLANK if not s.strip() else _TEXT for s in lines]
    for i, s in enumerate(lines):
        # Every PAGE_FOOTER match holds "Kamer," or "Aanhangsel" (case as written): a line
        # without either is no footer, seen without the pattern.
        if kinds[i] is _TEXT and ("Kamer," in s or "Aanhangsel" in s) and is_page_footer(s):
            kinds[i] = _FOOTER
    footnotes: dict[int, int] = {}
    expected = 1
    last_body = -1
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i].strip()
        # A footnote body starts with a digit: the pattern runs on those lines only.
        m = _FOOTNOTE_START.match(line) if line[:1].isdigit() else None
        if kinds[i] is _TEXT and m:
            prev_blank = i == 0 or kinds[i - 1] in (_BLANK, _FOOTNOTE)
            number = int(m.group(1))
            # Numbering restarts at 1 where a second document begins in the same file.
            restart = number == 1 < expected and _FOOTNOTE_OPENER.match(m.group(2)) is not None
            if number in (expected, expected + 1) or restart:
                marker_line = _marker_line(out, number, lo=max(last_body + 1, i - 120), hi=i)
                opener = _FOOTNOTE_OPENER.match(m.group(2)) is not None
                # Without the blank line that usually sets a footnote apart (text exports
                # without blank lines), both a glued marker and a footnote opener must agree.
                if (prev_blank and (marker_line is not None or opener)) or (
                    marker_line is not None and opener
                ):
                    if marker_line is not None:
                        out[marker_line] = _drop_marker(out[marker_line], number)
                    footnotes[number] = i + 1
                    expected = number + 1
                    end = _footnote_end(lines, kinds, i)
                    for j in range(i, end):
                        if kinds[j] is _TEXT:
                            kinds[j] = _FOOTNOTE
                        follow = re.match(r"^(\d{1,3})\s+\S", lines[j].strip())
                        if j > i and follow and int(follow.group(1)) == expected:
                            # The next footnote in the same page-bottom block.
                            lo = max(last_body + 1, i - 120)
                            other = _marker_line(out, expected, lo=lo, hi=i)
                            if other is not None:
                                out[other] = _drop_marker(out[other], expected)
                            footnotes[expected] = j + 1
                            expected += 1
                    last_body = end - 1
                    i = end
                    continue
        i += 1
    for i in web_furniture_lines(lines):
        if kinds[i] is _TEXT:
            kinds[i] = _WEB
    return CleanLines(tuple(out), tuple(kinds), footnotes)


def _drop_marker(line: str, number: int) -> str:
    m = _find_glued_marker(line, number)
    if m is None:
        return line
    # "hebben.22Het": the marker was the only thing between two sentences.
    gap = " " if m.end() < len(line) and line[m.end()].isalpha() else ""
    return line[: m.start()] + gap + line[m.end() :]


def _marker_line(lines: Sequence[str], number: int, *, lo: int, hi: int) -> int | None:
    for j in range(hi - 1, lo - 1, -1):
        if _find_glued_marker(lines[j], number) is not None:
            return j
    return None


def _footnote_end(lines: Sequence[str], kinds: Sequence[LineKind], start: int) -> int:
    """Index of the first line after the footnote area that starts at `start`."""
    limit = min(len(lines), start + 30)
    for j in range(start + 1, limit):
        if kinds[j] is _FOOTER or _is_page_continuation(lines[j]):
            return j
    if limit == len(lines):
        return limit
    # No page resumption found nearby: be conservative, stop at the next blank line.
    for j in range(start + 1, limit):
        if kinds[j] is _BLANK:
            return j
    return start + 1


# From this many characters on, a text's tokens are counted per distinct whitespace-separated
# chunk (_tokens_by_chunk): the sample verslag (190 000) in 0.8 of the time of one search over
# it, a 1 MB pasted paragraph in 0.6; a short document (a Kamervraag, 4 000) has few repeated
# words, and there one findall per chunk took twice the time of one over the text.
_CHUNKED_LEXICON_CHARS = 50_000


def _tokens_by_chunk(text: str) -> Counter[str]:
    """Counter(_TOKEN.findall(text)), the same counts in the same key order, counted per
    distinct chunk: a token never holds whitespace, so the tokens of the text are those of
    its whitespace-separated chunks in order, and each distinct chunk's tokens are counted
    as often as the chunk occurs (the first chunk holding a token comes first)."""
    raw: Counter[str] = Counter()
    for chunk, times in Counter(text.split()).items():
        for token in _TOKEN.findall(chunk):
            raw[token] += times
    return raw


def build_lexicon(lines: Iterable[str]) -> Counter[str]:
    """Word counts of the document itself, for deciding line-break hyphens."""
    # Counted as written, then folded: a long text repeats few distinct words, so only
    # those are lowered (same counts, same key order as lowering every token).
    # One search over the lines joined, not one per line: a token never holds a line break.
    text = "\n".join(lines)
    if len(text) > _CHUNKED_LEXICON_CHARS:
        raw = _tokens_by_chunk(text)
    else:
        raw = Counter(_TOKEN.findall(text))
    counts: Counter[str] = Counter()
    for token, n in raw.items():
        counts[token.lower()] += n
    return counts


# pyspellchecker's Dutch word list (package data, JSON: word -> frequency): 340,000 forms,
# compounds such as "kabinetsbesluiten" and 5,500 hyphenated words such as "time-out".
_WORD_LIST = ("spellchecker", "resources/nl.json.gz")


def _word_list_json() -> bytes:
    # Imported here: importlib.resources brings tempfile, shutil and random (0.01 s), and
    # only a hyphen the document's own words do not decide needs the word list.
    import importlib.resources

    package, name = _WORD_LIST
    return gzip.decompress(importlib.resources.files(package).joinpath(name).read_bytes())


@functools.cache
def _dutch_words() -> frozenset[str]:
    """Every word of the shipped Dutch list, lower case. Loaded on first use only (one to two
    seconds), and only where a hyphen needs it: a document's own words usually decide."""
    words: dict[str, int] = json.loads(_word_list_json())
    return frozenset(w.lower() for w in words)


@functools.cache
def _hyphenated_dutch_words() -> frozenset[str]:
    """The list's hyphenated words only ("time-out", "oud-minister"): picked out of the
    JSON text around each hyphen without decoding all of it, many times cheaper than the
    whole list, and all that an ordinary line-break hyphen needs."""
    raw = _word_list_json()
    keys: set[str] = set()
    at = raw.find(b"-")
    while at >= 0:
        start, end = raw.rfind(b'"', 0, at), raw.find(b'"', at)
        keys.add(json.loads(raw[start : end + 1]).lower())
        at = raw.find(b"-", end)
    return frozenset(keys)


def is_dutch_word(word: str) -> bool:
    """Whether `word` (any case) is in the shipped Dutch word list."""
    if "-" in word:
        return word.lower() in _hyphenated_dutch_words()
    return word.lower() in _dutch_words()


def _lexicon_decision(left: str, right: str, lexicon: Counter[str]) -> str | None:
    """'' or '-' when the document's own words show how `left`-`right` is written."""
    joined = lexicon.get((left + right).lower(), 0)
    hyphenated = lexicon.get(f"{left}-{right}".lower(), 0)
    if hyphenated > joined:
        return "-"
    if joined:
        return ""
    return None


# Vowel pairs that would be read as one sound if a compound were written closed, which is
# when Dutch spelling keeps the hyphen ("zee-egel", "auto-ongeluk"); "conventi-onele" joins.
_CLASHING_VOWELS = frozenset(
    {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "oe", "oi", "oo", "ou", "ui", "uu"}
)


def _word_list_decision(left: str, right: str, *, spaced: bool) -> str:
    """How to write `left`-`right` when the document itself cannot tell (see join_hyphenated).

    A word of the language with its hyphen stays ("time-out"). Otherwise a break between
    syllables joins; the whole list is consulted only where that is in doubt: after a
    hyphen the writer spaced, or where joining would make two vowels clash ("zee-egel").
    """
    if is_dutch_word(f"{left}-{right}"):
        return "-"
    clash = (left[-1] + right[0]).lower() in _CLASHING_VOWELS
    if not spaced and not clash:
        return ""
    if is_dutch_word(left + right) or not is_dutch_word(left):
        return ""  # a known word, or "kabinetsbe": a word broken between syllables
    return "- " if spaced else "-"


def join_hyphenated(left_line: str, right_line: str, lexicon: Counter[str]) -> str:
    """How to glue two lines where the first ends in '-': '', '-' or '- ' between them.

    Returns the separator that replaces the line-final hyphen. Coordinations ("dak- en"),
    capitals and digits ("EU-burgers") and coordinated adjectives ("sociaal-economische")
    keep their hyphen; otherwise the document's own words decide, and where they cannot,
    the shipped Dutch word list does. A hyphen followed by spaces at the line end (as some
    PDF producers write every line break) joins only on positive evidence.
    """
    spaced = bool(re.search(r"-\s+$", left_line))
    keep = "- " if spaced else "-"
    left_m = _TRAILING_WORD.search(left_line.rstrip())
    right_m = _LEADING_WORD.match(right_line.lstrip())
    if not left_m or not right_m:
        return keep
    left, right = left_m.group(1), right_m.group(1)
    if right.lower() in _COORDINATORS:
        return "- "
    if right[0].isupper() or right[0].isdigit() or left[-1].isupper() or left[-1].isdigit():
        return "-"  # "EU-burgers", "Midden-Oost-Europa": a capital or digit is never broken off
    decided = _lexicon_decision(left, right, lexicon)
    if decided is not None:
        return decided
    if _ADJECTIVE_LEFT.search(left.lower()) and _ADJECTIVE_RIGHT.match(right.lower()):
        return "-"
    return _word_list_decision(left, right, spaced=spaced)


_INLINE_HYPHEN = re.compile(rf"(?<![{_WORD_CHARS}-])([a-zà-ÿ]{{2,}})- ([a-zà-ÿ]{{2,}})\b")


# Up to this many words a document is short (a Kamervraag, a short lijst: a few hundred to
# a few thousand words; the sample verslag has 30,000): its own words too few to decide a
# word broken inside a line, so the word list is asked. A long document that does not use
# the joined word elsewhere keeps the text as written, without loading the list.
_SHORT_DOCUMENT_WORDS = 5000

# In text without blank lines, a line that ends a sentence shorter than this share of the
# measure (the usual line length) ends a paragraph: a paragraph's last line is usually
# short, the lines inside it fill the measure. The value the paragraph rule has had since
# the first version; the bench/layouts.py and bench/quality.py figures rest on it. Shared
# with the reply pieces of layouts/sections.py.
SHORT_LINE_SHARE = 0.8


def join_inline_hyphens(line: str, lexicon: Counter[str], *, short: bool | None = None) -> str:
    """Rejoin words that a text export left broken inside a line ("kabinetsbe- sluiten").

    Only where the joined word is known (from the document or, in a short document, the
    word list) and the left part is not a word of its own, so "dak- en thuisloze",
    "in- door- en uitstroom" and "land- tuinbouw" stay. `short` defaults to whether the
    lexicon holds at most _SHORT_DOCUMENT_WORDS words.
    """
    if "- " not in line:
        return line
    if short is None:
        short = lexicon.total() <= _SHORT_DOCUMENT_WORDS

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if right.lower() in _COORDINATORS or line[m.end() : m.end() + 1] == "-":
            return m.group(0)  # a coordination or an enumeration of parts: "in- door- en"
        decided = _lexicon_decision(left, right, lexicon)
        if decided is None and short and _joins_by_word_list(left, right):
            return left + right
        return left + right if decided == "" else m.group(0)

    return _INLINE_HYPHEN.sub(fix, line)


def _joins_by_word_list(left: str, right: str) -> bool:
    return is_dutch_word(left + right) and not is_dutch_word(left)


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _continues(prev: str, nxt: str, *, furniture: bool, block_lines: int) -> bool:
    """Whether text after a gap continues the previous block (page break, list artefact)."""
    stripped = nxt.lstrip()
    if not stripped:
        return False
    if prev.rstrip().endswith("-") and not prev.rstrip().endswith(" -"):
        return True
    if _ends_sentence(prev):
        return False
    if stripped[0].islower() or stripped[0] in "(,;":
        return True
    # A page break inside a sentence ("... De" / " Minister van BZK"); a one-line block
    # without a stop is a heading, which a page break does not continue.
    return furniture and block_lines > 1


def build_paragraphs(
    lines: Sequence[str],
    *,
    block_starts: frozenset[int] = frozenset(),
    clean: CleanLines | None = None,
) -> list[Paragraph]:
    """Paragraphs of running text, each with a map from characters to source lines.

    `block_starts` holds 0-based line indices where a paragraph must start (headings
    and the line after them); if such a line is blank or furniture, the next text line
    starts the paragraph, so a page break after a heading cannot glue text onto it.
    """
    clean = clean or classify_lines(lines)
    # The document's words decide hyphens only: counted on the first line-break or inline
    # hyphen, if any (a short item of a lijst, a text without hyphens never needs them).
    lexicon: Counter[str] | None = None

    def words() -> Counter[str]:
        nonlocal lexicon
        if lexicon is None:
            lexicon = build_lexicon(
                ln for ln, k in zip(clean.lines, clean.kinds, strict=True) if k is _TEXT
            )
        return lexicon

    paragraphs: list[Paragraph] = []
    text = ""
    offsets: list[int] = []
    numbers: list[int] = []
    gap = False  # a blank or furniture line since the last text line
    furniture = False  # a page footer or footnote since the last text line
    forced = False  # a block start was requested at or before this line

    def flush() -> None:
        nonlocal text, offsets, numbers
        if text.strip():
            paragraphs.append(Paragraph(text.rstrip(), tuple(offsets), tuple(numbers)))
        text, offsets, numbers = "", [], []

    # Text exported without blank lines between paragraphs (tweedekamer.nl): there a
    # paragraph ends where a sentence ends on a line clearly shorter than the measure.
    text_lengths = sorted(
        len(ln.strip()) for ln, k in zip(clean.lines, clean.kinds, strict=True) if k is _TEXT
    )
    blank_count = sum(1 for k in clean.kinds if k is _BLANK)
    measure = text_lengths[len(text_lengths) // 2] if text_lengths else 0
    no_blank_lines = len(text_lengths) > 20 and blank_count < 0.05 * len(text_lengths)

    prev_line = ""
    short: bool | None = None  # whether the lexicon is a short document's, once it is built
    for idx, (raw, kind) in enumerate(zip(clean.lines, clean.kinds, strict=True)):
        forced = forced or idx in block_starts
        if kind is not _TEXT:
            gap = True
            # A page footer or footnote may fall inside a sentence; web furniture is
            # only ever between blocks, like a blank line.
            furniture = furniture or kind in (_FOOTER, _FOOTNOTE)
            continue
        line = raw.replace("\u00ad", "-") if raw.rstrip().endswith("\u00ad") else raw
        starts_block = (
            not text
            or forced
            or (
                gap
                and not _continues(prev_line, line, furniture=furniture, block_lines=len(numbers))
            )
            or (
                no_blank_lines
                and not gap
                and _ends_sentence(prev_line)
                and len(prev_line.strip()) < SHORT_LINE_SHARE * measure
                and line.strip()[:1].isupper()
            )
        )
        if starts_block:
            flush()
        else:
            text = _glue(text, prev_line, line, words)
        offsets.append(len(text))
        numbers.append(idx + 1)
        stripped = line.strip()
        if "- " in stripped:  # join_inline_hyphens leaves any other line as it is
            counts = words()
            if short is None:  # the lexicon is built once: its total too (a sum of all)
                short = counts.total() <= _SHORT_DOCUMENT_WORDS
            stripped = join_inline_hyphens(stripped, counts, short=short)
        text += _squash(stripped)
        prev_line = line
        gap = furniture = forced = False
    flush()
    return paragraphs


def _glue(text: str, prev_line: str, line: str, words: Callable[[], Counter[str]]) -> str:
    prev = prev_line.rstrip()
    if prev.endswith("-") and not prev.endswith(" -"):
        sep = join_hyphenated(prev_line, line, words())
        return text[:-1] + sep
    if prev.endswith("/") and not line.startswith(" "):
        return text  # URLs and "Radboud/UMC" broken at a slash
    return text + " "


def _squash(s: str) -> str:
    # Runs of blanks and single tabs or no-break spaces become one space; a single space
    # is left alone (the same text as replacing every run, without a match per word).
    # Most lines hold neither a tab, a no-break space nor two spaces: nothing to replace.
    if "  " not in s and "\t" not in s and "\u00a0" not in s:
        return s
    return re.sub(r"[ \t\u00a0]{2,}|[\t\u00a0]", " ", s)


_QUOTES = str.maketrans(
    {
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\u00ad": "",
    }
)


_SPACES = re.compile(r"\s+")
# _QUOTES as (mark, replacement) pairs: no replacement holds a mark, so replacing the marks
# one after another is the translation, and a mark the text lacks costs one search. A
# str.translate with a dict looks up every character of a non-ASCII text instead (six
# times slower on the sample's sentences).
_QUOTE_PAIRS = tuple((chr(code), into) for code, into in _QUOTES.items() if isinstance(into, str))


def unify_typography(text: str) -> str:
    """Guillemets, curly quotes and dashes to ASCII; whitespace collapsed."""
    # Of the marks translated only the backquote is ASCII: ASCII text without one (most
    # sentences) is left as it is instead of looking up every character.
    if not text.isascii() or "`" in text:
        for mark, into in _QUOTE_PAIRS:
            if mark in text:
                text = text.replace(mark, into)
    # str.split() cuts at the characters `\s` matches (both read str.isspace), so this is
    # _SPACES.sub(" ", text).strip() without a pattern.
    return " ".join(text.split())


class _Combining(dict[int, int | None]):
    """A str.translate table that drops combining marks (the accents NFKD splits off) and
    keeps every other character: each character is looked up in unicodedata once."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _Combining()


_NOT_WORD = re.compile(r"[^\w\s-]")
# A dash not between two word characters: (?<!\w)-|-(?!\w), written to start with the
# dash itself so that the search jumps from dash to dash (the same matches, ~20x faster).
_LOOSE_DASH = re.compile(r"-(?:(?<!\w-)|(?!\w))")
# _NOT_WORD.sub(" ", text) for ASCII text, as a table: the ASCII characters it replaces.
_ASCII_NOT_WORD = {c: " " for c in range(128) if _NOT_WORD.match(chr(c))}
# The same table for the text's bytes: bytes.translate reads a 256-byte table, where
# str.translate looks up each distinct character of every text in the dict anew (three
# quarters of comparison_form's time on an ASCII sentence).
_ASCII_NOT_WORD_BYTES = bytes(32 if c in _ASCII_NOT_WORD else c for c in range(256))
# The combining marks of the Combining Diacritical Marks block (all but U+034F, the
# grapheme joiner, which has no combining class): the accents NFKD splits off Dutch
# letters. Where removing them leaves ASCII, no other combining mark was there.
_DIACRITICS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]"
)


# Cached (a pure function of its text): segmentation, question comparison and answer
# reuse each take the comparison form of the same sentences and questions, and copies
# of one question (a lijst, a pasted paragraph) repeat it thousands of times.
@functools.lru_cache(maxsize=16384)
def comparison_form(text: str) -> str:
    """Lower-case, accents folded, punctuation dropped: only for scoring similarity."""
    text = unify_typography(text).lower()
    if not text.isascii():  # only non-ASCII text can carry accents to fold
        text = unicodedata.normalize("NFKD", text)
        bare = _DIACRITICS.sub("", text)
        text = bare if bare.isascii() else text.translate(_DROP_COMBINING)
    if text.isascii():
        text = text.encode("ascii").translate(_ASCII_NOT_WORD_BYTES).decode("ascii")
    else:
        text = _NOT_WORD.sub(" ", text)
    if "-" in text:  # _LOOSE_DASH needs one
        text = _LOOSE_DASH.sub(" ", text)
    return " ".join(text.split())  # _SPACES.sub(" ", text).strip(), as in unify_typography


# A list item number inside a line: a number of 1-3 digits after a space (or at the start),
# followed by a capital that starts the item's text.
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,3})\s+(?=[A-ZÀ-Ý«“\"'(])")
# What may stand between the question mark closing an item and the next number.
_AFTER_QUESTION = re.compile(r"\?[»”\"')]*\d{0,2}\s+$")
_MIN_FLATTENED_ITEMS = 3
# What every chain's first item holds (an _INLINE_NUMBER match of "1"): a line without it is
# no flattened list, found by a search that jumps from "1" to "1" (the literal comes first)
# instead of trying _INLINE_NUMBER at every position of a long line.
_FIRST_ITEM = re.compile(r"1\s(?<!\S1\s)")


def split_flattened_list(line: str) -> list[str] | None:
    """A numbered list that a web export wrote on one line, as lines again, or None.

    "Lijst van vragen 1 Worden … ? 2 Welke rol … ? 3 Waarom … ?" becomes the lead text, then
    each item as its number on a line of its own, the item text, and blank lines between,
    as a lijst is printed. Only where the numbers run 1, 2, 3 … in order, each after a
    question mark (the first after anything), and at least three items are found, so
    "65 jaar", "artikel 2" or a date in the text are never taken for item numbers.
    """
    if line.count("?") < _MIN_FLATTENED_ITEMS - 1 or not _FIRST_ITEM.search(line):
        return None
    candidates = list(_INLINE_NUMBER.finditer(line))
    for first in (m for m in candidates if m.group(1) == "1"):
        chain = [first]
        for m in candidates:
            if m.start() <= chain[-1].start():
                continue
            if int(m.group(1)) == len(chain) + 1 and _AFTER_QUESTION.search(line[: m.start()]):
                chain.append(m)
        if len(chain) < _MIN_FLATTENED_ITEMS:
            continue
        out: list[str] = []
        lead = line[: first.start()].strip()
        if lead:
            out += [lead, ""]
        ends = [m.start() for m in chain[1:]] + [len(line)]
        for m, end in zip(chain, ends, strict=True):
            out += [m.group(1), "", line[m.end() : end].strip(), ""]
        return out[:-1]
    return None


def unflatten_lists(source: SourceText) -> SourceText:
    """The document with every flattened numbered list split back into lines.

    Line numbers after a split line refer to the split text (said in a diagnostic).
    """
    lines: list[str] = []
    notes: list[Diagnostic] = []
    for number, line in enumerate(source.lines, start=1):
        split = split_flattened_list(line)
        if split is None:
            lines.append(line)
            continue
        items = sum(1 for s in split if s.isdigit())
        notes.append(
            Diagnostic(
                "flattened-list",
                f"line {number} held a numbered list of {items} items on one line; it was "
                "split into one item per line (later line numbers refer to the split text)",
                number,
            )
        )
        lines.extend(split)
    if not notes:
        return source
    return replace(source, lines=tuple(lines), diagnostics=(*source.diagnostics, *notes))
