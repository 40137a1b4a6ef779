"""Numbered questions with their answers: lijst van vragen en antwoorden, Kamervragen.

A lijst numbers each item ("12" on its own line, or "12. Waarom ...?" at the start of
the question), the question the paragraph under it and the answer everything up to the
next number; Kamervragen label both ("Vraag 3", "Antwoord 3", "Antwoord op vraag 3"),
or label each question with its asker ("Vraag van het lid X (SGP):", then "Antwoord:"),
or leave the answers unlabelled (openkamer.org: the answer is the next paragraph).
Without any marker, questions and answers alternate paragraph by paragraph (openkamer
listings). Each item is cut into question units: an interrogative sentence (or an
indirect request) with its follow-ups, statements after it kept with it.
The askers come from the header ("Vragen van de leden Van Raak en Hijink (beiden SP)",
"Indiener", a listing's "Naam (PARTIJ), Naam (PARTIJ)"); the answering minister's
party is never an asker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from dedup.layouts.base import Document, segmentation
from dedup.model import Answer, Asker, Diagnostic, Question, Segmentation
from dedup.parse.fractions import KNOWN_FRACTIONS, canonical_fraction
from dedup.parse.normalize import CleanLines, LineKind, build_paragraphs
from dedup.parse.sentences import sentence_role, split_sentences
from dedup.parse.structure import front_matter, truncation
from dedup.parse.types import QUESTION, REQUEST, Role

_BULLET = r"^\s*(?:[•·▪●*-]\s*)?"
_QUESTION_LABEL = re.compile(_BULLET + r"(?:Vraag|VRAAG)\s+(\d{1,3})\s*[:.]?\s*$")
# "Vraag 1: Bent u ...?" and "Antwoord 1: Ja." with the text on the label's line.
_QUESTION_INLINE = re.compile(_BULLET + r"(?:Vraag|VRAAG)\s+(\d{1,3})\s*[:.]\s+(?=\S)")
_ANSWER_INLINE = re.compile(
    _BULLET + r"(?:Antwoord|ANTWOORD)(?:\s+op\s+vraag)?\s+(\d{1,3})\s*[:.]\s+(?=\S)"
)
# "Vraag van het lid Reitsma (CDA):" above each question, without a number.
_ASKED_LABEL = re.compile(
    _BULLET + r"Vra(?:ag|gen)\s+van\s+(?:het\s+lid|de\s+leden|mevrouw|de\s+heer)\s+"
    r"(?P<who>[^()\n]{2,80}\(\s*[\w -]+\s*\))\s*:?\s*$",
    re.I,
)
# The same label with the question on its line: "Vraag van het lid X (SGP): Moeten we ...?"
_ASKED_INLINE = re.compile(
    _BULLET + r"Vra(?:ag|gen)\s+van\s+(?:het\s+lid|de\s+leden|mevrouw|de\s+heer)\s+"
    r"(?P<who>[^()\n]{2,80}\(\s*[\w -]+\s*\))\s*:\s+(?=\S)",
    re.I,
)
_ANSWER_LABEL = re.compile(
    _BULLET + r"(?:Antwoord|ANTWOORD)(?:\s+op\s+vraag)?\s+(\d{1,3})(?:\s*(?:,|en|t/m|-)\s*\d{1,3})*"
    r"\s*[:.]?\s*$"
)
# "Antwoord van staatssecretaris De Grave (...)" after the questions: the answers follow,
# numbered like the questions (the 1990s Aanhangsel).
_ANSWER_HEADER = re.compile(r"^\s*(?:Antwoord|Mededeling)\s+(?:van|namens)\b", re.I)
_BARE_ANSWER_LABEL = re.compile(_BULLET + r"(?:Antwoord|ANTWOORD)\s*:?\s*$")
# "Antwoord: Ja, ..." at the start of the answer text: the label is not part of the answer.
_INLINE_ANSWER_LABEL = re.compile(r"^\s*(?:Antwoord|ANTWOORD)(?:\s+\d{1,3})?\s*:\s+")
_GLUED_ANSWER = re.compile(r"(?<=[?.])\s+(?:Antwoord|ANTWOORD)(?:\s+\d{1,3})?\s*:\s+")
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*(?:[.)]|\.\))?\s*$")
# "12. Waarom ...?": the item number at the start of the question line.
_INLINE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(?=[«“\"'(]?[A-Z])")
# "12 | Waarom ...? | Het antwoord ... |": a lijst set as a table (Nr | Vraag | Antwoord).
_TABLE_ROW = re.compile(r"^\s*(\d{1,3})\s*\|\s*(?P<q>[^|]*\?[^|]*?)\s*\|\s*(?P<a>[^|]*?)\s*\|?\s*$")
_ASKERS = re.compile(
    r"\bVragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>.+?)\s+aan\s+(?:de|het)\s", re.I | re.S
)
_INDIENER = re.compile(r"^\s*(?:Indiener|Medeindiener)s?\s*:?\s+(?P<who>.+\))\s*\|?\s*$", re.I)
# A listing's askers cell: "Eric van der Burg (VVD), Fatimazhra Belhirch (D66), ...".
NAME_LIST = re.compile(
    r"^\s*(?:[A-Z][^()|,]{1,50}\(\s*[\w -]{2,25}\s*\)\s*(?:,|\ben\b)?\s*)+\|?\s*$"
)
# "Ruben Brekelmans (minister defensie) (VVD)", "(staatssecretaris ...)": who answers.
_OFFICE = re.compile(r"\((?:minister|staatssecretaris|premier|minister-president)\b", re.I)
_PERSON = re.compile(
    r"(?P<names>[^(),;|]+?)\s*\(\s*(?:(?:beiden|allen|alle\s+drie|beide)\s+)?"
    r"(?P<party>[\w /-]{2,25}?)\s*\)"
)
COMMISSION = "commissie"
# Footnote numbers after the closing mark of an item ("... begon?1 2"); their bodies
# are not in the text, so only this unambiguous position is cleaned.
_TRAILING_MARKERS = re.compile(r"(?<=[?.!])\d{1,2}(?:\s+\d{1,2})*\s*$")
_GLUED_MARKER = re.compile(r"(?<=[?])\d{1,2}(?=\s|$)")
# A sentence cut off by the end of the excerpt this short is no question unit.
MIN_CUT_WORDS = 6
# Party abbreviations that name a fraction differently from its heading form.
_PARTY_ALIAS = {
    "cu": "ChristenUnie",
    "gl": "GroenLinks",
    "pvdd": "PvdD",
    "gl-pvda": "GroenLinks-PvdA",
    "pvda-gl": "GroenLinks-PvdA",
    "gl/pvda": "GroenLinks-PvdA",
    "pvda/gl": "GroenLinks-PvdA",
}

# Read once here, not once a line or sentence: an Enum member read through its class
# costs a slow attribute hook on Python 3.11 (see dedup.parse.types.Role).
_TEXT = LineKind.TEXT
_ASKS = (QUESTION, REQUEST)


@dataclass(slots=True)
class _Item:
    number: int
    question_lines: list[int] = field(default_factory=list)  # 0-based line indices
    answer_lines: list[int] = field(default_factory=list)
    labelled_answer: bool = False
    askers: tuple[Asker, ...] = ()
    cells: tuple[str, str] | None = None  # a table row's question and answer cells
    also: tuple[int, ...] = ()  # "Antwoord op vraag 2 en 3": the other items answered


def _is_party(name: str) -> bool:
    """A fraction's name or abbreviation, not a date, an office or a remark in brackets."""
    name = name.strip()
    if name.lower() in _PARTY_ALIAS or canonical_fraction(name) in KNOWN_FRACTIONS:
        return True
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9-]{1,15}", name))


def _party(name: str) -> str:
    key = name.strip().lower()
    return _PARTY_ALIAS.get(key) or canonical_fraction(name.strip())


def parse_askers(who: str) -> list[Asker]:
    """`Van Raak en Hijink (beiden SP)`, `Van der Werf (D66), Boswijk (CDA) en Ceder (CU)`:
    every member with their fraction; people named with an office (the minister) are not."""
    out: list[Asker] = []
    for m in _PERSON.finditer(who):
        full = m.group(0)
        if _OFFICE.search(full) or re.match(
            r"(?:minister|staatssecretaris)\b", m.group("party"), re.I
        ):
            continue
        if not _is_party(m.group("party")):
            continue
        party = _party(m.group("party"))
        names = re.split(r"\s*,\s*|\s+en\s+", m.group("names").strip(" ,|"))
        for name in names:
            name = re.sub(
                r"^(?:en|het\s+lid|de\s+leden|lid|leden)\s+", "", name.strip(), flags=re.I
            )
            if name:
                out.append(Asker(name, party))
    return out


def _header_askers(lines: Sequence[str]) -> list[Asker]:
    head = " ".join(ln.strip() for ln in lines[:60])
    m = _ASKERS.search(head)
    if m:
        return parse_askers(m.group("who"))
    found: list[Asker] = []
    for ln in lines[:40]:
        if _OFFICE.search(ln) and not _INDIENER.match(ln):
            continue
        mi = _INDIENER.match(ln)
        if mi:
            found.extend(parse_askers(mi.group("who")))
        elif NAME_LIST.match(ln) and not ln.rstrip(" |").endswith("?"):
            found.extend(parse_askers(ln))
    return found


def _items(lines: list[str], clean: CleanLines) -> tuple[list[_Item], int | None]:
    """Items in order, and the index of the first marker (where the body starts).

    After a question label or number the text is question text; in a lijst the first
    paragraph is the question and the rest the answer, in Kamervragen the question runs
    until its "Antwoord N" label.
    """
    labelled = any(
        _ANSWER_LABEL.match(ln) or _BARE_ANSWER_LABEL.match(ln) or _ANSWER_INLINE.match(ln)
        for ln in lines
    )
    asked_labels = any(_ASKED_LABEL.match(ln) or _ASKED_INLINE.match(ln) for ln in lines)
    question_labels = any(_QUESTION_LABEL.match(ln) or _QUESTION_INLINE.match(ln) for ln in lines)
    items: list[_Item] = []
    first: int | None = None
    mode = "before"  # before | question | after-question | answer
    target: _Item | None = None
    expected = 1
    answers_section = False
    for i, raw in enumerate(lines):
        if clean.kinds[i] is not _TEXT and raw.strip():
            continue
        q_inline = _QUESTION_INLINE.match(raw)
        q = _QUESTION_LABEL.match(raw) or q_inline
        asked = _ASKED_LABEL.match(raw) or _ASKED_INLINE.match(raw)
        n = _NUMBER.match(raw)
        inline = (
            _INLINE_NUMBER.match(raw)
            if not (question_labels or asked_labels or labelled)
            and mode in ("before", "after-question", "answer")
            else None
        )
        a_inline = _ANSWER_INLINE.match(raw)
        a = _ANSWER_LABEL.match(raw) or a_inline
        bare_answer = _BARE_ANSWER_LABEL.match(raw)
        if items and not labelled and not answers_section and _ANSWER_HEADER.match(raw):
            answers_section, target, mode = True, None, "answer"
            continue
        if answers_section:
            marker = n or _INLINE_NUMBER.match(raw)
            numbered = int(marker.group(1)) if marker else None
            hit = next((it for it in items if it.number == numbered), None)
            if hit is not None and not hit.answer_lines:
                target = hit
                target.labelled_answer = True
                if not n:
                    target.answer_lines.append(i)
            elif target is not None and raw.strip():
                target.answer_lines.append(i)
            continue
        row = _TABLE_ROW.match(raw)
        if row and int(row.group(1)) in (expected, expected + 1):
            target = _Item(int(row.group(1)), [i], [i] if row.group("a") else [])
            target.cells = (row.group("q"), row.group("a"))
            items.append(target)
            first = i if first is None else first
            expected, mode = target.number + 1, "answer"
            continue
        if asked:
            target = _Item(len(items) + 1, askers=tuple(parse_askers(asked.group("who"))))
            if not _ASKED_LABEL.match(raw):
                target.question_lines.append(i)
            items.append(target)
            first = i if first is None else first
            mode = "question"
        elif q or (
            n and int(n.group(1)) in (expected, expected + 1) and _question_follows(lines, i)
        ):
            number = int(q.group(1) if q else n.group(1))  # type: ignore[union-attr]
            target = _Item(number, question_lines=[i] if q_inline else [])
            items.append(target)
            first = i if first is None else first
            expected, mode = number + 1, "question"
        elif (
            inline
            and int(inline.group(1)) in (expected, expected + 1)
            and _paragraph_asks(lines, i)
        ):
            number = int(inline.group(1))
            target = _Item(number, question_lines=[i])
            items.append(target)
            first = i if first is None else first
            expected, mode = number + 1, "question"
        elif a or (bare_answer and target is not None):
            if a:
                number = int(a.group(1))
                target = next((it for it in reversed(items) if it.number == number), None)
                if target is None:
                    target = _Item(number)
                    items.append(target)
                target.also = _label_numbers(raw)[1:]
            assert target is not None
            target.labelled_answer = True
            if a_inline:
                target.answer_lines.append(i)
            first = i if first is None else first
            mode = "answer"
        elif target is None:
            continue
        elif not raw.strip():
            if mode == "question" and target.question_lines and not labelled:
                mode = "after-question"
        elif (
            mode == "question"
            and not labelled
            and target.question_lines
            and re.search(r"\?[\d\s)»”\"']*$", lines[target.question_lines[-1]])
            and raw.strip()[:1].isupper()
        ):
            # No blank line under the question: the answer starts after its question mark.
            target.answer_lines.append(i)
            mode = "answer"
        elif mode in ("question", "after-question") and (labelled or mode == "question"):
            target.question_lines.append(i)
        else:
            target.answer_lines.append(i)
            mode = "answer"
    return items, first


def _label_numbers(label: str) -> tuple[int, ...]:
    """The items an answer label names: "Antwoord 2, 3 en 5" -> 2, 3, 5; "4 t/m 6" -> 4..6."""
    head = label.split(":", 1)[0]
    numbers: list[int] = []
    for m in re.finditer(r"(\d{1,3})(?:\s*(?:t/m|-|tot\s+en\s+met)\s*(\d{1,3}))?", head):
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        numbers.extend(range(lo, min(hi, lo + 50) + 1))
    return tuple(dict.fromkeys(numbers))


def _paragraph_asks(lines: Sequence[str], i: int) -> bool:
    """The paragraph starting at line `i` holds a question mark (a lijst item asks)."""
    for j in range(i, min(len(lines), i + 12)):
        if not lines[j].strip():
            return False
        if "?" in lines[j]:
            return True
    return False


def _alternating(lines: list[str], clean: CleanLines) -> tuple[list[_Item], int | None]:
    """No labels or numbers: each paragraph ending in a question mark is a question, the
    paragraphs after it (up to the next question) its answer (openkamer listings)."""
    items: list[_Item] = []
    first: int | None = None
    askers: tuple[Asker, ...] = ()
    for i, raw in enumerate(lines):
        line = raw.strip().rstrip("|").strip()
        if clean.kinds[i] is not _TEXT or not line or (len(line.split()) < 2 and not items):
            continue
        asks = bool(re.search(r"\?[\d\s)»”\"']*$", line))
        if NAME_LIST.match(line) and not asks and parse_askers(line):
            # A listing: each Kamervraag's askers cell comes before its questions.
            askers = tuple(parse_askers(line))
            continue
        if _OFFICE.search(line) and not asks:
            continue  # the answering minister's cell
        if asks:
            if items and not items[-1].answer_lines and _continues_question(lines, items[-1], i):
                items[-1].question_lines.append(i)
                continue
            items.append(_Item(len(items) + 1, question_lines=[i], askers=askers))
            first = i if first is None else first
        elif items:
            items[-1].answer_lines.append(i)
    return items, first


def _continues_question(lines: Sequence[str], item: _Item, i: int) -> bool:
    """A second question line right under the first, no blank between: the same item."""
    last = item.question_lines[-1]
    return last == i - 1 and bool(lines[last].strip())


def _question_follows(lines: list[str], i: int) -> bool:
    """A bare number introduces an item when text (not another number) follows it."""
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].strip():
            return not _NUMBER.match(lines[j]) and not lines[j].strip()[0].isdigit()
    return False


def _units(text: str, *, cut: bool) -> list[tuple[str, bool]]:
    """The question units of one item's text: (text, direct) each. A unit starts at each
    interrogative sentence or request; follow-ups and statements after it stay with it,
    statements before the first one are its lead-in. `cut`: the text ends the excerpt."""
    spans = split_sentences(text)
    units: list[list[str]] = []
    lead: list[str] = []
    role: Role | None = None
    previous = ""
    for k, span in enumerate(spans):
        s = span.text
        if cut and k == len(spans) - 1 and len(s.split()) < MIN_CUT_WORDS and units:
            break  # a few words cut off by the end of the excerpt
        role = sentence_role(s, role, previous)
        previous = s
        if role in _ASKS:
            units.append([*lead, s] if not units else [s])
            lead = []
        elif units:
            units[-1].append(s)
        else:
            lead.append(s)
    if not units:
        return [(text, text.rstrip(" )").endswith("?"))]
    if lead:
        units[-1].extend(lead)
    out: list[tuple[str, bool]] = []
    for u in units:
        joined = " ".join(u)
        main = next((s for s in u if sentence_role(s, None) in _ASKS), u[0])
        out.append((joined, main.rstrip(" )").endswith("?")))
    return out


def segment_numbered(document: Document, layout: str, *, has_reply_part: bool) -> Segmentation:
    """Questions and answers of a lijst or of Kamervragen, linked by their numbers."""
    source, clean = document.source, document.clean
    lines = list(source.lines)
    askers = _header_askers(lines) if layout != "lijst" else []
    items, first = _items(lines, clean)
    if not items and layout != "lijst":
        items, first = _alternating(lines, clean)
    metadata = front_matter(lines, first if first is not None else 30)
    item_askers = [a for it in items for a in it.askers]
    every = list(dict.fromkeys([*askers, *item_askers]))
    fractions = tuple(dict.fromkeys(a.fraction for a in every))
    if every:
        metadata["askers"] = ", ".join(fractions)
    paragraphs = build_paragraphs(lines, clean=clean)
    by_line = {ln: p for p in paragraphs for ln in p.line_numbers}
    questions: list[Question] = []
    answers: list[Answer] = []
    warnings: list[Diagnostic] = list(source.diagnostics)
    cut = truncation(lines, [k is _TEXT for k in clean.kinds])
    if cut is not None:
        warnings.append(cut)
    last_line = max((ln for it in items for ln in it.question_lines), default=-1)
    used: set[str] = set()
    for item in items:
        who = item.askers or tuple(askers)
        fraction = who[0].fraction if who else COMMISSION
        qtext, qstart, qend = _text(item.question_lines, lines, by_line)
        if item.cells is not None:
            qtext = item.cells[0]
        if not qtext:
            warnings.append(
                Diagnostic("empty-question", f"item {item.number} has no question text", None)
            )
            continue
        ends_excerpt = (
            cut is not None and item.question_lines[-1] == last_line and not item.answer_lines
        )
        ids: list[str] = []
        for text, direct in _units(qtext, cut=ends_excerpt):
            qid = _free_id(f"{fraction}-q{item.number:02d}", used)
            if qid != f"{fraction}-q{item.number:02d}" and not ids:
                warnings.append(
                    Diagnostic(
                        "duplicate-number", f"question {item.number} occurs twice", None, qid
                    )
                )
            used.add(qid)
            ids.append(qid)
            questions.append(
                Question(
                    id=qid,
                    fraction=fraction,
                    part="I",
                    line=qstart,
                    line_end=qend,
                    text=text,
                    direct=direct,
                    topic=None,
                    number=item.number,
                    askers=who if len(who) > 1 or item.askers else (),
                )
            )
        atext, astart, aend = _text(item.answer_lines, lines, by_line)
        if item.cells is not None:
            atext = item.cells[1]
        glued = _GLUED_ANSWER.search(qtext)
        if glued:
            # "... monumenten? Antwoord: De subsidie ...": the answer on the question's line.
            atext = f"{qtext[glued.end() :]} {atext}".strip()
            astart, aend = qend, aend or qend
            qtext = qtext[: glued.start()]
        atext = _INLINE_ANSWER_LABEL.sub("", atext)
        if atext:
            answers.append(
                Answer(
                    id=f"A{len(answers) + 1:03d}",
                    section_fraction=fraction,
                    line_start=astart,
                    line_end=aend,
                    text=atext,
                    answers_questions=tuple(ids),
                    decided_by="label" if item.labelled_answer else "number",
                )
            )
        elif has_reply_part:
            warnings.append(
                Diagnostic("unanswered", f"{ids[0]} has no answer after it", qstart, ids[0])
            )
    answers = _with_shared_answers(items, answers, questions)
    answered = {qid for a in answers for qid in a.answers_questions}
    warnings = [w for w in warnings if not (w.code == "unanswered" and w.item in answered)]
    if not items:
        warnings.append(Diagnostic("no-questions", "no numbered questions found"))
    return segmentation(
        source,
        layout,
        fractions=fractions,
        has_reply=bool(answers),
        metadata=metadata,
        questions=questions,
        answers=answers,
        warnings=warnings,
    )


def _with_shared_answers(
    items: list[_Item], answers: list[Answer], questions: list[Question]
) -> list[Answer]:
    """An answer labelled for several items ("Antwoord 2 en 3") answers all their units."""
    by_number: dict[int, list[str]] = {}
    for q in questions:
        if q.number is not None:
            by_number.setdefault(q.number, []).append(q.id)
    also = {it.number: it.also for it in items if it.also}
    if not also:
        return answers
    out: list[Answer] = []
    for a in answers:
        first = next((q for q in questions if q.id == a.answers_questions[0]), None)
        extra = also.get(first.number) if first is not None and first.number is not None else None
        if extra:
            ids = list(a.answers_questions)
            ids += [qid for n in extra for qid in by_number.get(n, []) if qid not in ids]
            a = replace(a, answers_questions=tuple(ids))
        out.append(a)
    return out


def _free_id(base: str, used: set[str]) -> str:
    if base not in used:
        return base
    return next(f"{base}{c}" for c in "bcdefghijklmnopqrstuvwxyz" if f"{base}{c}" not in used)


def unlabelled_reply(lines: Sequence[str]) -> bool:
    """A paragraph that is no question, label or number directly under a question
    (footnote bodies and page furniture left out)."""
    from dedup.parse.normalize import classify_lines

    kinds = classify_lines(lines).kinds
    previous = ""
    for raw, kind in zip(lines, kinds, strict=True):
        line = raw.strip().rstrip("|").strip()
        if not line or kind is not _TEXT or re.match(r"\d{1,2}\s+\S", line):
            continue  # blank, furniture, or a footnote body ("1 Universiteit van ...")
        if re.search(r"\?[\d\s]*$", previous) and not (
            "?" in line
            or not (re.search(r"[.!:;)»”\"]$", line) or len(line.split()) >= 12)
            or _QUESTION_LABEL.match(line)
            or _ASKED_LABEL.match(line)
            or _NUMBER.match(line)
            or _INLINE_NUMBER.match(line)
        ):
            return True
        previous = line
    return False


def _text(
    indices: list[int], lines: list[str], by_line: Mapping[int, object]
) -> tuple[str, int, int]:
    """Clean text of these lines (hyphenation joined), with first and last 1-based line."""
    kept = [i for i in indices if (i + 1) in by_line]
    if not kept:
        return "", 0, 0
    sub = build_paragraphs(
        [_strip_item(lines[i]) if i in kept else "" for i in range(kept[0], kept[-1] + 1)]
    )
    text = _TRAILING_MARKERS.sub("", " ".join(p.text for p in sub))
    return _GLUED_MARKER.sub("", text), kept[0] + 1, kept[-1] + 1


def _strip_item(line: str) -> str:
    """A line without an inline item number and table-cell bars."""
    if not line.strip():
        return line
    for label in (_QUESTION_INLINE, _ANSWER_INLINE, _ASKED_INLINE, _INLINE_NUMBER):
        line = label.sub("", line)
    return line.strip().strip("|").strip()
