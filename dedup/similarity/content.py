"""What a question asks, without the words every question of a verslag shares.

`De leden van de ChristenUnie-fractie vragen de Staatssecretaris hoe ver gemeenten
hiermee zijn` and `Waar staan de gemeenten in de ontwikkeling van dit plan?` ask the
same thing; the request frame (`De leden van de X-fractie vragen (de Staatssecretaris)`,
`zijn benieuwd`, `willen weten`, `Kan de Staatssecretaris aangeven`) and the fraction's
name make indirect requests look alike and direct questions look different. Scores
compare the content clause alone.

All functions take and return comparison forms (dedup.parse.normalize.comparison_form):
lower case, accents folded, punctuation dropped.
"""

from __future__ import annotations

import re

_ADDRESSEE = r"(?:de\s+staatssecretaris|de\s+minister|de\s+regering|het\s+kabinet|hem|haar|u)"
_ASKERS = (
    r"(?:(?:de|deze|genoemde|die)\s+leden(?:\s+van\s+de\s+(?:[\w-]+\s+en\s+)?[\w-]+?\s?-?fractie)?"
    r"|het\s+(?:genoemde\s+)?lid(?:\s+van\s+de\s+[\w-]+?\s?-?fractie)?|zij)"
)
_ADVERBS = r"(?:\s+(?:ook|verder|daarom|nog|tevens|voorts|daarnaast|dan\s+ook|zeer|erg|graag))*"
# The verb phrase of a request: what the members do, up to where the content begins.
_REQUEST_VERB = (
    r"(?:vragen|vraagt)(?:\s+zich)?"
    + _ADVERBS
    + rf"(?:\s+{_ADDRESSEE})?"
    + _ADVERBS
    + r"(?:\s+af)?"
    r"|(?:zijn|is)" + _ADVERBS + r"\s+benieuwd(?:\s+naar)?"
    r"|(?:willen|wil)" + _ADVERBS + r"\s+(?:weten|vernemen|horen)"
    r"|(?:vernemen|horen|ontvangen|krijgen)" + _ADVERBS + rf"(?:\s+(?:van\s+)?{_ADDRESSEE})?"
    r"|verzoeken" + _ADVERBS + rf"\s+{_ADDRESSEE}"
)
_FRAME = re.compile(rf"\b{_ASKERS}{_ADVERBS}\s+(?:{_REQUEST_VERB})\b")
# Inversion: "zo vragen de leden van de sp-fractie", "graag vernemen deze leden".
_INVERTED_FRAME = re.compile(
    rf"\b(?:vragen|vernemen|horen|ontvangen|willen){_ADVERBS}\s+{_ASKERS}{_ADVERBS}"
    rf"(?:\s+(?:zich\s+af|weten|{_ADDRESSEE}))*\b"
)
# "kan de staatssecretaris aangeven hoeveel ...": a request to tell, around the content.
_TELL_FRAME = re.compile(
    rf"\b(?:kan|kunt|wil|wilt|zou)\s+{_ADDRESSEE}(?:\s+(?:ook|nader|verder|nog|eens))*\s+"
    r"(?:aangeven|toelichten|uitleggen|verduidelijken|uiteenzetten|schetsen|"
    r"inzicht\s+(?:geven|bieden)\s+(?:in|op)|inzichtelijk\s+maken|ingaan\s+op|reflecteren\s+op|"
    r"reageren\s+op|bevestigen|aan\s+de\s+kamer\s+(?:laten\s+weten|melden))\b"
)
_FRACTION = re.compile(r"\b(?:[\w-]+\s+en\s+)?[\w-]+?\s?-?fractie\b")
_ADDRESSEE_WORDS = re.compile(rf"\b{_ADDRESSEE}\b(?!\s*s\b)")


def content_clause(form: str) -> str:
    """`form` with the request frame, the fraction's name and the addressee removed.

    Falls back to `form` when nothing would be left (`Kan de Staatssecretaris dit
    toelichten?` is all frame; its meaning is its context's).
    """
    text = _FRAME.sub(" ", form)
    text = _INVERTED_FRAME.sub(" ", text)
    text = _TELL_FRAME.sub(" ", text)
    # Only a text with the word `fractie` has a match; the pattern's lazy run of word
    # characters before it is slow to rule out at every word of every other text.
    if "fractie" in text:
        text = _FRACTION.sub(" ", text)
    text = _ADDRESSEE_WORDS.sub(" ", text)
    # str.split() cuts at the characters `\s` matches (both read str.isspace): this is
    # re.sub(r"\s+", " ", text).strip() without a pattern lookup per call.
    words = text.split()
    return " ".join(words) if len(words) >= 2 else form


# The kind of answer a question wants, read from its opening: a number, a moment, a reason.
# Two questions wanting different kinds are different questions however many words they
# share (`Hoeveel slaapzalen zijn er?` vs `Op welke termijn worden slaapzalen ...?`).
_NEEDS = {
    "count": re.compile(
        r"^(?:\w+\s+){0,2}(?:hoeveel|hoe\s+veel|om\s+hoeveel)\b"
        r"|\b(?:zicht|inzicht|cijfers|beeld|informatie)\s+(?:op|in|over)\s+(?:het|de)\s+"
        r"(?:aantal|aantallen|omvang)\b"
        r"|^(?:wat\s+is|wat\s+zijn)\s+(?:het|de)\s+(?:aantal|aantallen|omvang)\b"
    ),
    "time": re.compile(
        r"^(?:\w+\s+){0,2}(?:wanneer|per\s+wanneer|vanaf\s+wanneer|op\s+welke\s+termijn|"
        r"binnen\s+welke\s+termijn|op\s+welk\s+moment|hoe\s+lang)\b"
        r"|\b(?:een|de)\s+(?:deadline|termijn|tijdpad|planning)\b"
    ),
    "reason": re.compile(r"^(?:\w+\s+){0,2}(?:waarom|om\s+welke\s+reden)\b"),
    # How far a process has come: `hoe ver gemeenten hiermee zijn`, `Waar staan de
    # gemeenten in de ontwikkeling van dit plan?`, `Hoe staat het met ...`, `zicht op de
    # ontwikkelingen bij het afbouwen van ...` (a bare `in hoeverre` asks to what extent,
    # not how far along).
    "progress": re.compile(
        r"^(?:\w+\s+){0,2}(?:hoe\s*ver|waar\s+(?:staan|staat)|hoe\s+staat\s+het)\b"
        r"|\b(?:zicht|inzicht)\s+(?:\w+\s+)?(?:op|in)\s+(?:de|het)\s+"
        r"(?:ontwikkelingen?|voortgang|stand\s+van\s+zaken)\b"
        r"|^(?:\w+\s+){0,3}(?:de\s+)?(?:voortgang|stand\s+van\s+zaken)\b"
    ),
}
# Kinds that one answer gives together: how far a process has come and when it will be
# done are one information need (the state of a plan and its planning), neither
# evidence for nor against.
_RELATED_NEEDS = (frozenset({"progress", "time"}),)


def information_needs(content: str) -> frozenset[str]:
    """The kinds of answer the content clause asks for (count, time, reason, progress),
    if readable."""
    return frozenset(name for name, rx in _NEEDS.items() if rx.search(content))


def needs_agree(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """True when two questions want the same kind of answer, False when different kinds,
    None when that says nothing (one unreadable, or kinds one answer gives together)."""
    if not a or not b:
        return None
    if a & b:
        return True
    if any(x in rel and y in rel for rel in _RELATED_NEEDS for x in a for y in b):
        return None
    return False
