"""The cheap checks that segmentation runs before its line patterns never change what the
patterns find: each pattern is run on generated lines (headings, page numbers, footnote
markers, mixed case and look-alike letters) and compared with the checked version."""

from __future__ import annotations

import random
import re
import sys

from dedup.layouts.sections import _JOINT_SPLIT, _JOINT_SUBJECT, _joint_askers, _referred
from dedup.model import Asker
from dedup.parse.fractions import canonical_fraction
from dedup.parse.normalize import (
    _BREADCRUMB_START,
    _COPYRIGHT,
    _FOOTNOTE_START,
    _FURNITURE_FIRST,
    _WORD_CHARS,
    _find_glued_marker,
)
from dedup.parse.structure import (
    _COMMISSION_LETTER,
    _HEADING_CONTINUES,
    _HEADING_OPENING,
    _HEADING_START,
    _REPLY_LETTER,
    _SENTENCE_END,
    _SENTENCE_END_LAST,
    _TOC_PAGE,
    _TOC_TITLE,
    BARE_FRACTION_HEADING,
    FRACTION_HEADING,
    PART_ONE_HEADING,
    PART_TWO_HEADING,
    REPLY_LABEL,
    _ends_sentence,
    _fraction_heading,
    _is_heading_text,
)
from dedup.parse.types import Paragraph

_HEADING_WORDS = [
    "Vragen", "en", "opmerkingen", "van", "de", "leden", "VVD-fractie", "fractie", "FRACTIE",
    "fractıe", "FRACTİE", "Fractie", "-fractie", "GroenLinks-", "PvdA", "Inbreng", "inbreng",
    "het", "lid", "BBB", "-", "‐fractie", "reactie", "1", "12", "٣", "²", ".", "?", "en:",
    "Partij", "voor", "Dieren", "fracties", "D66", "-en", "en-", "ben", "\u00a0", "..",
]  # fmt: skip


def generated_lines(seed: int, count: int = 4000) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(_HEADING_WORDS) for _ in range(rng.randint(1, 12))]
        out.append(rng.choice(["", " "]).join(words) if rng.random() < 0.2 else " ".join(words))
    return out


def reference_fraction_heading(text: str) -> str | None:
    """_fraction_heading before its word check: both patterns on every line."""
    m = FRACTION_HEADING.match(text)
    if m and _is_heading_text(text, m.group("rest")):
        return canonical_fraction(m.group("name"))
    m = BARE_FRACTION_HEADING.match(text)
    if m and len(text) < 60:
        return canonical_fraction(m.group("name"))
    return None


def test_fraction_heading_matches_the_reference() -> None:
    found = 0
    for line in generated_lines(1):
        for text in (line, line.strip()):
            expected = reference_fraction_heading(text)
            assert _fraction_heading(text) == expected, text
            found += expected is not None
    assert found > 200  # headings are well represented, not only running text


def test_stripped_line_checks_hold_for_every_match() -> None:
    """A page number ends the stripped line in a digit; a continued heading ends it in
    '-' or 'en': find_headings looks at that before searching."""
    pages = continued = 0
    for line in generated_lines(2):
        line = line.strip()
        if not line:
            continue
        if _TOC_PAGE.search(line):
            assert line[-1].isdigit(), line
            pages += 1
        if _HEADING_CONTINUES.search(line):
            assert line.endswith(("-", "en")), line
            continued += 1
    assert pages > 100 and continued > 100


def reference_glued_marker(line: str, number: int) -> re.Match[str] | None:
    """_find_glued_marker before its digit check."""
    pattern = re.compile(rf"(?<=[a-zà-ÿ.,;:)»”’\"A-Z]){number}(?=[\s.,;:)?!»”’A-Z]|$)")
    found = None
    for m in pattern.finditer(line):
        start = m.start()
        word = re.search(rf"[{_WORD_CHARS}]*$", line[:start])
        prefix = word.group(0) if word else ""
        if len(prefix) == 1 and prefix.isupper():
            continue
        if prefix and prefix[-1].isdigit():
            continue
        if not prefix and start >= 2 and line[start - 2].isdigit():
            continue
        found = m
    return found


def test_glued_marker_matches_the_reference() -> None:
    rng = random.Random(3)
    pieces = ["wet", "wet.", "G4", "A", "2", "12", "1", "hebben.", "Het", ",", "2,5", ")", " ", ""]
    hits = 0
    for _ in range(3000):
        words = [rng.choice(pieces) + rng.choice([" ", ""]) for _ in range(rng.randint(0, 10))]
        line = "".join(words)
        for number in (1, 2, 12):
            expected = reference_glued_marker(line, number)
            got = _find_glued_marker(line, number)
            assert (got and got.span()) == (expected and expected.span()), (line, number)
            hits += expected is not None
    assert hits > 300


def test_footnote_start_needs_a_leading_digit() -> None:
    found = 0
    for line in generated_lines(4):
        line = line.strip()
        if _FOOTNOTE_START.match(line):
            assert line[:1].isdigit(), line
            found += 1
    assert found > 50


def reference_line_at(p: Paragraph, offset: int) -> int:
    """Paragraph.line_at as it was: a binary search written out."""
    lo, hi = 0, len(p.offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if p.offsets[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return p.line_numbers[lo]


def test_line_at_matches_the_reference() -> None:
    """On offsets as build_paragraphs makes them: non-decreasing (a line-break hyphen
    dropped can make two equal), starting anywhere."""
    rng = random.Random(5)
    for _ in range(500):
        offsets = [rng.randint(0, 3)]
        for _ in range(rng.randint(0, 12)):
            offsets.append(offsets[-1] + rng.choice([0, 1, 5, 40]))
        numbers = tuple(range(7, 7 + len(offsets)))
        p = Paragraph("x" * (offsets[-1] + 50), tuple(offsets), numbers)
        for offset in range(-2, offsets[-1] + 60):
            assert p.line_at(offset) == reference_line_at(p, offset), (offsets, offset)


def test_furniture_first_characters_cover_the_patterns() -> None:
    """A stripped copyright line starts with "©", "(" or a c, a breadcrumb with a u: every
    character the two patterns (any case) can start with is in _FURNITURE_FIRST."""
    starts = re.compile(r"[©(]|c|u", re.I)
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if starts.match(c):
            assert c in _FURNITURE_FIRST, hex(code)
    for line in ["© 2024", "(c) Overheid", "Copyright x", "U bent hier:", "u bent hier :"]:
        assert line[0] in _FURNITURE_FIRST and (
            _COPYRIGHT.match(line) or _BREADCRUMB_START.match(line)
        )


def test_only_ascii_letters_match_fract_in_any_case() -> None:
    """What _fraction_heading's check rests on: a character the patterns read as one of
    f, r, a, c, t (re.I) lowers to that letter."""
    for letter in "fract":
        pattern = re.compile(letter, re.I)
        for code in range(sys.maxunicode + 1):
            c = chr(code)
            if pattern.fullmatch(c):
                assert c.lower() == letter, hex(code)


_HEADING_PATTERNS = [
    (_TOC_TITLE, "Inhoud"),
    (_TOC_TITLE, "inhoudsopgave"),
    (_COMMISSION_LETTER, "BRIEF VAN DE VOORZITTER VAN DE"),
    (_REPLY_LETTER, "BRIEF VAN DE MINISTER"),
    (PART_ONE_HEADING, "I. Vragen en opmerkingen uit de fracties"),
    (PART_ONE_HEADING, "1. Inbreng van de fracties"),
    (PART_ONE_HEADING, "Vragen en opmerkingen vanuit de fracties"),
    (PART_ONE_HEADING, "inbreng van de fracties"),
    (PART_TWO_HEADING, "II. Reactie van de minister"),
    (PART_TWO_HEADING, "2. Antwoord"),
    (PART_TWO_HEADING, "Beantwoording"),
    (REPLY_LABEL, "Reactie van het kabinet:"),
    (REPLY_LABEL, "antwoord"),
    (REPLY_LABEL, "Beantwoording"),
    (_HEADING_START, "Vragen en opmerkingen van de"),
    (_HEADING_START, "Inbreng van de leden van"),
]


def test_heading_opening_holds_every_first_character_of_the_patterns() -> None:
    """Every heading above with its first character replaced by any character of the
    Basic Multilingual Plane: where a pattern still matches, _HEADING_OPENING does."""
    for pattern, heading in _HEADING_PATTERNS:
        assert pattern.match(heading) and _HEADING_OPENING.match(heading), heading
        rest = heading[1:]
        for code in range(0x10000):
            c = chr(code)
            if not c.isspace() and pattern.match(c + rest):
                assert _HEADING_OPENING.match(c), (heading, hex(code))


def test_heading_opening_holds_for_generated_lines() -> None:
    matched = 0
    for line in generated_lines(9) + [h for _, h in _HEADING_PATTERNS]:
        line = line.strip()
        for pattern, _ in _HEADING_PATTERNS:
            if line and pattern.match(line):
                assert _HEADING_OPENING.match(line), line
                matched += 1
    assert matched > 50


def reference_joint_askers(text: str) -> tuple[Asker, ...]:
    m = _JOINT_SUBJECT.search(text)
    if m is None or _referred(text, m.start()):
        return ()
    names = [re.sub(r"^(?:de|het)\s+", "", n) for n in _JOINT_SPLIT.split(m.group("names"))]
    return tuple(Asker(None, canonical_fraction(n)) for n in names if n)


def test_joint_askers_match_the_reference() -> None:
    rng = random.Random(10)
    words = ["De", "leden", "van", "de", "fracties", "fractie", "GroenLinks-PvdA", ",", "en"]
    words += ["D66", "het", "CDA", "vragen", "vraag", "Zie", "antwoord", "op", "ChristenUnie"]
    words += ["leden van de fracties van GroenLinks-PvdA, D66 en de ChristenUnie", "CDA en"]
    words += ["op de vraag van de leden van de fracties van CDA en D66", "fracties van"]
    joint = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 20)))
        expected = reference_joint_askers(text)
        assert _joint_askers.__wrapped__(text) == expected, text
        joint += bool(expected)
    assert joint > 50


def test_sentence_end_check_holds_for_every_match() -> None:
    ends = 0
    for line in [*generated_lines(11), "Zo ja, welke?", "(zie bijlage).", "«Dit»", "x.»  "]:
        line = line.strip()
        if line and _SENTENCE_END.search(line):
            assert line[-1] in _SENTENCE_END_LAST, line
            ends += 1
        if line:
            assert _ends_sentence(line) == bool(_SENTENCE_END.search(line)), line
    assert ends > 100
