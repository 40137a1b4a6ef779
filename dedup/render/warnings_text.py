"""Segmentation and reading warnings, and the layout cues, in the report's language.

The parsers and layouts write each warning in English with a stable `code` (the JSON
keeps that text: it is the interface). For the Dutch reports each code's sentence is
matched here and said again in Dutch with the same details (ids, lines, the quoted text);
a message of a shape not listed is shown as written, never dropped.
"""

from __future__ import annotations

import re

from dedup.model import Diagnostic
from dedup.render.messages import Messages

# (code, pattern of the English message, Dutch sentence with the pattern's groups).
_DUTCH: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (code, re.compile(pattern, re.DOTALL), dutch)
    for code, pattern, dutch in (
        (
            "truncated",
            r"the text ends mid-sentence \((?P<quote>.*)\); the document may be cut off",
            "de tekst stopt midden in een zin ({quote}); het document is mogelijk afgebroken",
        ),
        ("unanswered", r"(?P<id>\S+) has no answer after it", "op {id} volgt geen antwoord"),
        (
            "not-repeated",
            r"(?P<id>\S+) is not repeated in the reply",
            "{id} wordt in het antwoord niet herhaald",
        ),
        (
            "unlinked-answer",
            r"(?P<id>\S+) answers no question found before it",
            "{id} beantwoordt geen vraag die ervoor staat",
        ),
        (
            "no-reply",
            r"no reply found: questions only, no answers to link",
            "geen antwoord gevonden: alleen vragen, geen antwoorden om te koppelen",
        ),
        (
            "no-reply-in-file",
            r"no reply part in this file for (?P<names>.+)",
            "geen antwoorddeel in dit bestand voor {names}",
        ),
        (
            "unplaced-text",
            r"text outside any fraction section: (?P<text>.*)",
            "tekst buiten elke fractiesectie: {text}",
        ),
        (
            "no-questions",
            r"no questions found in the fraction sections",
            "geen vragen gevonden in de fractiesecties",
        ),
        ("no-questions", r"no numbered questions found", "geen genummerde vragen gevonden"),
        (
            "no-questions",
            r"the text has question cues but no question was found",
            "de tekst lijkt vragen te stellen, maar er is geen vraag gevonden",
        ),
        (
            "duplicate-number",
            r"question (?P<n>\S+) occurs twice",
            "vraag {n} komt twee keer voor",
        ),
        (
            "empty-question",
            r"item (?P<n>\S+) has no question text",
            "onderdeel {n} heeft geen vraagtekst",
        ),
        (
            "reply-ignored",
            r"layout (?P<layout>.+) reads questions only: the reply part is left out",
            "indeling {layout} leest alleen vragen: het antwoorddeel is weggelaten",
        ),
        (
            "no-askers",
            r"no asker found for these Kamervragen \(header not read\)",
            "geen vragensteller gevonden voor deze Kamervragen (kop niet gelezen)",
        ),
        (
            "flattened-list",
            r"line (?P<line>\d+) held a numbered list of (?P<n>\d+) items on one line; it was "
            r"split into one item per line \(later line numbers refer to the split text\)",
            "regel {line} bevatte een genummerde lijst van {n} onderdelen op één regel; die is "
            "gesplitst in één onderdeel per regel (latere regelnummers gelden voor de "
            "gesplitste tekst)",
        ),
        (
            "control-characters",
            r"(?P<n>\d+) control characters? removed \(first on line (?P<line>\d+)\)",
            "{n} stuurteken(s) verwijderd (het eerste op regel {line})",
        ),
        (
            "encoding-fallback",
            r"not valid (?P<enc>\S+) \(first bad byte on (?:source )?line (?P<line>\d+)\); "
            r"read as (?P<fallback>\S+)",
            "geen geldige {enc} (eerste foute byte op regel {line}); gelezen als {fallback}",
        ),
    )
)


def warning_text(w: Diagnostic, m: Messages) -> str:
    """The warning's sentence in `m`'s language (English: the message as written)."""
    if m.lang == "en":
        return w.message
    for code, pattern, dutch in _DUTCH:
        if code == w.code and (found := pattern.fullmatch(w.message)):
            return dutch.format(**found.groupdict())
    return w.message


# The cues each layout gives for its score (`dedup/layouts/*.py: detect`), English in the
# JSON like the warnings; the most specific shape first, because `fullmatch` takes the
# first that fits (`Part II heading` before `heading`).
_DUTCH_CUES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), dutch)
    for pattern, dutch in (
        (
            r"Part II heading (?P<h>.+) \(line (?P<line>\d+)\)",
            "kop van deel II {h} (regel {line})",
        ),
        (r"heading (?P<h>.+) \(line (?P<line>\d+)\)", "kop {h} (regel {line})"),
        (r"title (?P<t>.+)", "titel {t}"),
        (
            r"(?P<n>\d+) fraction section\(s\), no reply part",
            "{n} fractiesectie(s), geen antwoorddeel",
        ),
        (r"Kamervragen header (?P<h>.+)", "kop van Kamervragen {h}"),
        (
            r"(?P<n>\d+) label\(s\) 'Vraag van het lid \.\.\. \(PARTIJ\)'",
            "{n} kop(pen) 'Vraag van het lid ... (PARTIJ)'",
        ),
        (
            r"askers listed as 'Naam \(PARTIJ\)' \(line (?P<line>\d+)\), then questions",
            "vragenstellers als 'Naam (PARTIJ)' (regel {line}), daarna de vragen",
        ),
        (r"(?P<n>\d+) 'Vraag N'/'Antwoord N' labels", "{n} labels 'Vraag N'/'Antwoord N'"),
        (r"no answer label, header or reply", "geen antwoordlabel, antwoordkop of antwoord"),
        (
            r"(?P<n>\d+) bare item numbers, no fraction sections",
            "{n} losse nummers van vragen, geen fractiesecties",
        ),
        (
            r"fractions named in running text, no section headings",
            "fracties in de lopende tekst genoemd, geen kopjes per fractie",
        ),
        (
            r"the fraction sections start over \((?P<f>.+) twice\)",
            "de fractiesecties beginnen opnieuw ({f} twee keer)",
        ),
    )
)


def cue_text(cue: str, m: Messages) -> str:
    """A layout cue in `m`'s language (English: as written; an unknown shape as written)."""
    if m.lang == "en":
        return cue
    for pattern, dutch in _DUTCH_CUES:
        if found := pattern.fullmatch(cue):
            return dutch.format(**found.groupdict())
    return cue
