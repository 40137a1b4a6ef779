"""This round's fast paths of segmentation give what the versions they replace give: the
lexicon counted per distinct whitespace-separated chunk, the check for a first list item
before a line is searched for a flattened list, Part II's argmax taken per block,
find_headings looking at a line's wrapping only where "fract" is on it or the next, and
segment_text holding the cyclic collector off (and putting it back as it found it). The
replaced versions are kept here as the references and compared on generated and arbitrary
text and on every fixture."""

from __future__ import annotations

import gc
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from dedup.ingest import read_document
from dedup.layouts.sections import TIE_WINDOW, _PartOneIndex, _repeat_scores, _Scores
from dedup.parse.normalize import (
    _AFTER_QUESTION,
    _CHUNKED_LEXICON_CHARS,
    _INLINE_NUMBER,
    _MIN_FLATTENED_ITEMS,
    _TOKEN,
    _tokens_by_chunk,
    build_lexicon,
    split_flattened_list,
)
from dedup.parse.structure import (
    _COMMISSION_LETTER,
    _HEADING_CONTINUES,
    _HEADING_OPENING,
    _HEADING_START,
    _NUMBERED_TOPIC,
    _REPLY_LETTER,
    _TOC_PAGE,
    _TOC_TITLE,
    PART_ONE_HEADING,
    PART_TWO_HEADING,
    REPLY_LABEL,
    _drop_toc,
    _ends_sentence,
    _fraction_heading,
    _is_topic_line,
    _next_text,
    _skip_toc,
    _standalone,
    find_headings,
)
from dedup.parse.types import Heading
from dedup.pipeline import segment_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def reference_lexicon(lines: Iterable[str]) -> Counter[str]:
    """build_lexicon as it was: one findall over the lines joined, then folded."""
    raw = Counter(_TOKEN.findall("\n".join(lines)))
    counts: Counter[str] = Counter()
    for token, n in raw.items():
        counts[token.lower()] += n
    return counts


def reference_split_flattened_list(line: str) -> list[str] | None:
    """split_flattened_list as it was, without the first-item check."""
    if line.count("?") < _MIN_FLATTENED_ITEMS - 1:
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


_LEXICON_PIECES = [*"aAéÉ1-'’ .,;()\n\t\u00a0\x85\u2028", "Wet", "wet", "WET", "één"]
_LEXICON_LINE = st.lists(st.sampled_from(_LEXICON_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LEXICON_LINE, max_size=8))
def test_lexicon_matches_the_reference_on_any_text(lines: list[str]) -> None:
    found = build_lexicon(lines)
    expected = reference_lexicon(lines)
    assert found == expected
    assert list(found) == list(expected)  # the same keys in the same order


@settings(max_examples=400, deadline=None)
@given(st.lists(_LEXICON_LINE, max_size=8))
def test_chunked_count_matches_one_search_on_any_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    found = _tokens_by_chunk(text)
    expected = Counter(_TOKEN.findall(text))
    assert found == expected
    assert list(found) == list(expected)


def test_a_long_text_is_counted_by_chunk_and_matches_the_reference() -> None:
    lines = (FIXTURES / "kst-29325-157.txt").read_text(encoding="utf-8").split("\n")
    assert len("\n".join(lines)) > _CHUNKED_LEXICON_CHARS  # the chunked path
    found = build_lexicon(lines)
    assert found == reference_lexicon(lines)
    assert list(found) == list(reference_lexicon(lines))
    assert found["leden"] > 10


def test_lexicon_matches_the_reference_on_every_fixture() -> None:
    paths = sorted(FIXTURES.rglob("*.txt"))
    assert len(paths) > 40
    for path in paths:
        lines = path.read_text(encoding="utf-8").split("\n")
        found = build_lexicon(lines)
        assert found == reference_lexicon(lines), path.name
        assert list(found) == list(reference_lexicon(lines)), path.name


_ITEM_WORDS = ["11", "21", "x1", "(1", "Worden", "welke", "?", "?)", "rol", "65", "jaar"]


def generated_list_lines(seed: int, count: int = 3000) -> list[str]:
    """Numbered items run together on one line ("1 Worden ... ? 2 Welke ... ?"), some with
    numbers skipped, glued or out of order, and words around them."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words: list[str] = []
        number = rng.choice([0, 0, 0, 1])
        for _ in range(rng.randint(0, 8)):
            number += rng.choice([1, 1, 1, 1, 1, 2, 0])
            glue = rng.choice(["", "", "", "", "", "", "x", "("])
            words += [glue + str(number), rng.choice(["Worden", "Welke", "rol", "(Is"])]
            words += [rng.choice(_ITEM_WORDS) for _ in range(rng.randint(0, 4))]
            words.append(rng.choice(["?", "?", "?)", ".", "?"]))
        out.append(rng.choice([" ", "  ", "\t", " \u00a0"]).join(words))
    return out


def test_flattened_list_check_matches_the_reference_on_generated_lines() -> None:
    lines = generated_list_lines(11)
    split = 0
    for line in lines:
        expected = reference_split_flattened_list(line)
        assert split_flattened_list(line) == expected, line
        split += expected is not None
    assert split > 50  # the generated lines do hold flattened lists


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*"1 2\t3?aW(\n\u00a0", "Welke", "11"]), max_size=60).map("".join))
def test_flattened_list_check_matches_the_reference_on_any_text(line: str) -> None:
    assert split_flattened_list(line) == reference_split_flattened_list(line)


def test_segment_text_restores_the_collector_and_does_not_depend_on_it() -> None:
    source = read_document(FIXTURES / "layouts" / "verslag-klassiek.txt")
    assert gc.isenabled()
    with_gc = segment_text(source)
    assert gc.isenabled()
    gc.disable()
    try:
        without_gc = segment_text(source)
        assert not gc.isenabled()  # left off, as it was found
    finally:
        gc.enable()
    assert with_gc == without_gc
    assert with_gc.questions


def near_copies(rng: random.Random, base: str, count: int) -> list[str]:
    """Copies of `base` with one to three characters changed, dropped or added: at its
    length most score 97 to 99.9 against it, at the edge of the tie window of a repeat."""
    out = []
    for _ in range(count):
        chars = list(base)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(chars))
            action = rng.choice(["change", "drop", "add"])
            if action == "change":
                chars[k] = rng.choice("abcxyz ")
            elif action == "drop" and len(chars) > 1:
                del chars[k]
            else:
                chars.insert(k, rng.choice("abcxyz "))
        out.append("".join(chars))
    return out


def test_block_scores_read_as_against_every_form() -> None:
    """A block's rows, with the argmax taken for the whole block, give _align the same best
    position and the same ties within the window as one cdist against every position."""
    rng = random.Random(17)
    checked = ties = 0
    for _ in range(200):
        bases = ["".join(rng.choice("abcdefgh ") for _ in range(rng.randint(0, 160)))]
        bases += [rng.choice(bases)[: rng.randint(0, 160)] for _ in range(3)]
        forms = [f for b in bases for f in [b, *near_copies(rng, b or "a", rng.randint(0, 6))]]
        rng.shuffle(forms)
        forms = [rng.choice(forms) for _ in range(rng.randint(1, 3 * len(forms)))]
        idx = _PartOneIndex(forms=forms, owners=[None] * len(forms))
        part_two = [rng.choice(forms) for _ in range(5)] + near_copies(rng, forms[0] or "a", 2)
        matrix = _repeat_scores(part_two, idx)
        every = process.cdist(part_two, forms, scorer=fuzz.ratio, dtype=np.float64)
        for k in range(len(part_two)):
            full = every[k].tolist()
            order = sorted(range(len(forms)), key=lambda j: (-full[j], j))
            top = full[order[0]]
            scores = _Scores(matrix[k], idx, int(matrix.argmax(axis=1)[k]))
            assert scores.first_best() == (order[0], top)
            assert _Scores(matrix[k], idx).first_best() == (order[0], top)
            expected = [j for j in order[:6] if full[j] >= top - TIE_WINDOW]
            assert scores.best(6, floor=top - TIE_WINDOW) == expected
            checked += 1
            ties += len({forms[j] for j in expected}) > 1
    assert checked == 1400
    assert ties > 100  # other forms within the window are common, not rare


def reference_is_topic_line(lines: Sequence[str], i: int) -> bool:
    """structure._is_topic_line as it was (the same tests, in their old order)."""
    line = lines[i].strip()
    if not line or len(line) > 70 or len(line.split()) > 9 or _ends_sentence(line):
        return False
    if not (line[0].isupper() or _NUMBERED_TOPIC.match(line)) or "," in line:
        return False
    prev = lines[i - 1].strip() if i > 0 else ""
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if not nxt or not nxt[0].isupper() or len(line) > 0.75 * len(nxt):
        return False
    return not prev or bool(re.search(r"[.?!:][»”\"')]*\s*$", prev))


def reference_find_headings(
    lines: Sequence[str], *, skip: frozenset[int] = frozenset()
) -> list[Heading]:
    """structure.find_headings as it was: every line's wrapping looked at."""
    found: list[Heading] = []
    i = 0
    n = len(lines)
    letters = False
    while i < n:
        line = lines[i].strip()
        if not line or len(line) > 140 or i in skip:
            i += 1
            continue
        opens = _HEADING_OPENING.match(line) is not None
        if opens and _TOC_TITLE.match(line):
            end = _skip_toc(lines, i)
            found.append(Heading("toc", i, max(i, end - 1), text=line))
            i = end
            continue
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
            if reference_is_topic_line(lines, i):
                found.append(Heading("topic", i, i, text=line))
        i += 1
    return _drop_toc(found, lines)


_HEADING_PIECES = [
    "Vragen en opmerkingen van de", "leden van de VVD-fractie", "VVD-", "fractie", "FRACTIE",
    "Inbreng van de", "Vragen en opmerkingen van de leden van de", "CDA-fractie en", "en",
    "Reactie van de minister", "II", "Antwoord", "Inhoudsopgave", "1. Inleiding", "2", "12",
    "De leden vragen of dit kan.", "Zo ja, welke?", "tekst", "Fractie", "fract", "ion",
    "BRIEF VAN DE VOORZITTER VAN DE", "BRIEF VAN DE MINISTER", "GroenLinks-PvdA-", "",
]  # fmt: skip


def generated_heading_lines(seed: int, count: int = 3000) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        pieces = [rng.choice(_HEADING_PIECES) for _ in range(rng.randint(0, 3))]
        out.append(rng.choice(["", " ", "  "]) + " ".join(pieces))
    return out


def test_headings_match_the_reference_on_generated_lines() -> None:
    found_any = 0
    for seed in range(8):
        lines = generated_heading_lines(seed)
        found = find_headings(lines)
        assert found == reference_find_headings(lines)
        found_any += sum(1 for h in found if h.kind == "fraction")
        for i in range(len(lines)):
            assert _is_topic_line(lines, i) == reference_is_topic_line(lines, i)
    assert found_any > 100  # wrapped and one-line fraction headings are well represented


def test_headings_match_the_reference_on_every_fixture() -> None:
    for path in sorted(FIXTURES.rglob("*.txt")):
        lines = read_document(path).lines
        assert find_headings(lines) == reference_find_headings(lines), path.name
