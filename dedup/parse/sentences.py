"""Sentence splitting and sentence roles (question, follow-up, request, statement) for Dutch."""

from __future__ import annotations

import functools
import re

from dedup.parse.types import ASKING, QUESTION, REQUEST, STATEMENT, Role, Span

# The role, named apart from the pattern of follow-up sentences.
from dedup.parse.types import FOLLOW_UP as FOLLOW_UP_ROLE

__all__ = ["Role", "Span", "framed_request", "sentence_role", "split_sentences"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATION_LIST = (
    "nr nrs o.a bijv bv jl j.l e.d d.w.z t.a.v i.v.m m.b.t m.u.v incl excl vs art blz p pp "
    "zgn mr dhr mevr drs dr ir prof ca resp evt etc min max mln mld red vgl zie e.a a.s t/m "
    "o.b.v i.c.m i.p.v m.n c.q enz z.s.m"
)
ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
# The stops as `[.?!][.?!]*`, not `[.?!]+` (the same strings): a pattern whose first
# group opens with a character class lets the search skip to the next stop in one step
# (re reads that class as what a match starts with), where a repeat at the start makes it
# try the whole pattern at every position.
_SPLIT_CANDIDATE = re.compile(r"([.?!][.?!]*)([»”\"')]*)(\s+)(?=[«“\"'(]?[A-ZÀ-Ý0-9–])")

FOLLOW_UP = re.compile(
    r"^(?:(?:En\s+)?[Zz]o\s+(?:ja|nee|niet|neen)\b|Indien\s+(?:ja|nee|niet|dat\s+(?:zo|niet))\b|"
    r"Als\s+dat\s+(?:zo|niet)|Waarom\s+(?:wel|niet)\b|Zo\s+ja\s+of\s+nee|Welke\?|Waarom\?|"
    r"Hoe\s+dan\?|Wat\s+is\s+daarvan\s+de\s+reden\?|"
    r"(?:Waarom|Hoe|Wat)\s+(?:\w+\s+){0,2}(?:dat|dit)(?:\s+\w+){0,2}\?$|"
    r"(?:\w+\s+){1,4}dan\?$)"
)
# "Kan de Staatssecretaris dit inzichtelijk maken?": a request to elaborate on the last one.
_ELABORATE = re.compile(
    r"^(?:Kan|Kunt|Wil|Wilt|Zou)\b.{0,40}\b(?:dit|dat|deze|die|hier|daar)\w*\b.{0,25}"
    r"\b(?:toelichten|inzichtelijk|onderbouwen|verduidelijken|uitleggen|specificeren|"
    r"kwantificeren|uiteenzetten|nader\s+ingaan|uitsplitsen)\b",
    re.S,
)
_INTERROGATIVE_OPENER = re.compile(
    r"^(?:En\s+|Daarnaast\s+|Ook\s+)?(?:Hoe|Waarom|Wanneer|Welke|Welk|Waarop|Waarmee|"
    r"Waardoor|Waarvoor|Hoeveel|Hoe\s*veel|In\s+hoeverre|Op\s+welke|In\s+welke|Met\s+welke|"
    r"Kan|Kunnen|Kunt|Is|Zijn|Heeft|Hebben|Wordt|Worden|Gaat|Gaan|Zal|Zullen|Wil|Wilt|Moet|"
    r"Moeten|Deelt|Vindt|Herkent|Erkent|Ziet|Acht|Bent|Klopt|Weet|Overweegt|Verwacht|Mogen|Mag)\b"
)
_MEMBERS = r"(?:leden|lid|zij|fractie|fracties|fractieleden|deze\s+leden|genoemde\s+leden)"
_ASK_OBJECT = (
    r"(?:(?:de|het)\s+[\w-]+\s+|hem\s+|haar\s+|u\s+|zich\s+(?:\w+\s+){0,3}?af\s+|"
    r"verder\s+|ook\s+|daarom\s+|nog\s+|tevens\s+|voorts\s+|daarnaast\s+|bovendien\s+|"
    r"eveneens\s+|vervolgens\s+|dan\s+|daarbij\s+|hierbij\s+|tot\s+slot\s+|ten\s+slotte\s+|"
    r"in\s+dat\s+verband\s+|in\s+dit\s+kader\s+|met\s+name\s+|specifiek\s+|nader\s+)*"
    r"(?:of|hoe|wanneer|waarom|wat|welke?|wie|waar\w*|hoeveel|in\s+hoeverre|op\s+welke|"
    # "vragen de regering (dan ook) om een nadere onderbouwing / om een reactie op"
    r"(?:dan\s+)?(?:ook\s+)?om\s+(?:een\s+|de\s+|nadere\s+|meer\s+|alsnog\s+)?"
    r"(?:reactie|toelichting|onderbouwing|uitleg|overzicht|verduidelijking|inzicht|appreciatie|"
    r"nadere|beschouwing|reflectie|toezegging|informatie|opheldering|verheldering|antwoord))\b"
)
_INDIRECT = [
    # De leden ... vragen (de Staatssecretaris) of/hoe/wanneer ...; "vragen" as a noun
    # ("hebben nog enkele vragen") is not followed by what is asked.
    re.compile(rf"\b{_MEMBERS}\b[^.;]{{0,120}}?\bvra(?:gen|agt)\s+{_ASK_OBJECT}", re.I),
    # Inversion: "zo vragen deze leden", "vragen de leden van de BBB-fractie zich af of".
    re.compile(r"\bvra(?:gen|agt)\s+(?:de|deze|genoemde)\s+leden\b", re.I),
    re.compile(
        r"\b(?:vernemen|horen|ontvangen|krijgen|lezen|zien)\b[^.;]{0,40}\b(?:graag|gaarne)\b"
        r"|\b(?:graag|gaarne)\b[^.;]{0,40}\b(?:vernemen|horen|ontvangen|weten|een\s+reactie|een\s+reflectie)\b",
        re.I,
    ),
    re.compile(r"\b(?:willen|wil)\b[^.;]{0,60}\b(?:weten|vernemen|horen)\b", re.I),
    # "De leden vragen de regering toe te lichten waarom ...": a request in the infinitive.
    re.compile(
        rf"\b{_MEMBERS}\b[^.;]{{0,120}}?\bvra(?:gen|agt)\s+(?:de|het)\s+(?:regering|kabinet|"
        r"[Mm]inister|[Ss]taatssecretaris|bewindspersoon)\b[^.;]{0,100}?"
        # Asked to explain or inform, not to act ("erop toe te zien" is a wish).
        r"\b(?:toe\s+te\s+lichten|te\s+verduidelijken|aan\s+te\s+geven|uit\s+te\s+leggen|"
        r"te\s+onderbouwen|in\s+te\s+gaan|te\s+reageren|te\s+verklaren|te\s+beschrijven|"
        r"te\s+schetsen|te\s+motiveren|uiteen\s+te\s+zetten|te\s+specificeren|"
        r"te\s+bevestigen|te\s+kwantificeren|inzicht\s+te\s+geven|te\s+informeren)\b",
        re.I,
    ),
    # "Genoemde leden willen de toezegging dat ...", "vragen om een toezegging".
    re.compile(
        rf"\b{_MEMBERS}\b[^.;]{{0,60}}\b(?:willen|wil|vragen|vraagt)\s+(?:graag\s+)?"
        r"(?:de|een)\s+toezegging\b",
        re.I,
    ),
    # "De regering wordt verzocht ...", "verzoeken de regering ..." without "te".
    re.compile(
        r"\bverzoeken\s+(?:de|het)\s+(?:regering|kabinet|minister|staatssecretaris)\b", re.I
    ),
    re.compile(r"\bverzoeken\b[^.;]{0,120}\bte\b", re.I),
    re.compile(r"\b(?:zijn|is)\s+(?:ook\s+|zeer\s+|erg\s+)?benieuwd\b", re.I),
    re.compile(r"\b(?:een\s+reflectie|een\s+reactie|een\s+toelichting)\b[^.;]{0,40}\bop\b", re.I),
]
# A word every _INDIRECT pattern holds (each of its alternatives holds one), read as they
# read it (any case): a sentence without any of them is no indirect request, found with
# one search instead of ten patterns' (most statements hold none).
_INDIRECT_WORDS = re.compile(
    r"vra|graag|gaarne|wil|verzoeken|benieuwd|reflectie|reactie|toelichting", re.I
)
# Requests for action or wishes, not for information.
_NOT_A_QUESTION = re.compile(
    r"\b(?:kijken\s+uit\s+naar|hopen|roepen\b[^.]{0,60}\bop\b|vragen\s+aandacht|vragen\s+zich\s+af\s+of\s+er\s+niet)",
    re.I,
)
# A sentence cut off by the end of an excerpt (no closing stop) whose last clause is
# interrogative: "..., maar waarom wordt überhaupt die" (six words at least).
# The last one to eight words as `(?:\S+\s+){0,7}\S+\s*`, not `(?:\S+\s*){1,8}`: the same
# strings, but the latter can cut a word anywhere, and on every sentence that fails (most,
# as they end in a full stop) tried all the ways: 2.5 ms a sentence, half of `segment`.
_CUT_QUESTION = re.compile(
    r"^(?:\S+\s+){5,}.*[,;]\s+(?:maar\s+|en\s+|dus\s+)?(?:waarom|hoe|wat|welke|wanneer|"
    r"in\s+hoeverre|hoeveel)\s+(?:\S+\s+){0,7}\S+\s*$(?<![.?!:;)»”\"'])",
    re.I,
)
# "Gemeenten vragen zich af ..." reports others wondering; "Zij vragen zich af" (the members,
# named just before) is the fraction's own question (a third party is caught separately).
_THIRD_PARTY_ASKS = re.compile(
    r"^(?!(?:Zij|Ze|Deze\s+leden|Genoemde\s+leden|Het\s+lid|Dit\s+lid)\b)"
    r"(?!.*\b(?:leden|fractie)\b).*\bvragen\s+zich\s+af\b",
    re.I | re.S,
)
# The words _THIRD_PARTY_ASKS ends in, searched alone first: most sentences lack them.
_WONDER = re.compile(r"vragen\s+zich\s+af", re.I)
# What _CUT_QUESTION's last character may not be: on a stripped sentence its closing
# look-behind reads the last character, so a sentence ending in one (most end in a full
# stop) is no cut-off question, without running the pattern.
_CUT_QUESTION_NOT_LAST = frozenset(".?!:;)»”\"'")


_PARENTHESIS = re.compile(r"[()]")


def _closed_parentheses(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends (inclusive) of the outermost parenthesised stretches that are closed.

    Only the parentheses are visited, not every character.
    """
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for at in [m.start() for m in _PARENTHESIS.finditer(text)]:
        if text[at] == "(":
            stack.append(at)
        elif stack:
            pairs.append((stack.pop(), at))
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(pairs):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)  # nested in (or touching) the previous stretch
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


# Everything up to the last whitespace of a stretch (greedy, so one backward walk).
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.S)


def _after_last_space(text: str, lo: int, end: int) -> int:
    """Just after the last whitespace in text[lo:end], or `lo` when it has none.

    Found from `end` backwards (a space is nearly always a word away), not by visiting
    every whitespace of the text: a 1 MB paragraph has 180 000 of them.
    """
    k = text.rfind(" ", lo, end)
    start = k + 1 if k >= 0 else lo
    # Another kind of whitespace (a line break, a tab) may still come after that space.
    # Every whitespace character but the space is unprintable (str.isprintable): a word
    # without one (nearly all) holds none, seen without the pattern.
    if text[start:end].isprintable():
        return start
    m = _UP_TO_LAST_SPACE.match(text, start, end)
    return m.end() if m is not None else start


def _is_abbreviation(word: str) -> bool:
    """`word` (the text from the last whitespace up to a full stop) is an abbreviation."""
    word = word.lower().lstrip("(«“\"'").rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Initials ("J. de Vries") and single letters ("a. ", list markers) do not end sentences.
    return len(word) == 1 and word.isalpha()


def split_sentences(text: str) -> list[Span]:
    """Split at . ? ! followed by a capital, outside parentheses and after no abbreviation.

    Linear in the text's length: the word before each full stop is found by walking back
    from the stop to the last whitespace, never past the word of the stop before it, not by
    scanning the text before it again, which made a long paragraph without line breaks
    quadratic.
    """
    return list(_split_sentences(text))


def _split_candidates(text: str) -> list[re.Match[str]]:
    """The matches of _SPLIT_CANDIDATE.finditer(text): tried only where a stop stands (see
    the pattern), twice as fast on a 1 MB paragraph as a search for each stop and a match
    there, and than the pattern with `[.?!]+`, which is tried at every position."""
    return list(_SPLIT_CANDIDATE.finditer(text))


# Cached (the spans are frozen; each caller gets its own list): a question's text is split
# by segmentation and again by several comparison rules, and copies of one question
# (a lijst, a pasted paragraph) repeat it thousands of times.
@functools.lru_cache(maxsize=4096)
def _split_sentences(text: str) -> tuple[Span, ...]:
    opens, closes = _closed_parentheses(text) if "(" in text else ([], [])
    stretch = 0  # how many parenthesised stretches start at or before the current stop
    word_start = 0  # just after the last whitespace before the current full stop
    # The words before full stops, decided once each (a long paragraph repeats its "nr.").
    abbreviation: dict[str, bool] = {}
    spans: list[Span] = []
    start = 0
    for m in _split_candidates(text):
        punct_start = m.start(1)
        # Whether the stop is inside a closed parenthesised stretch, walked along the
        # stretches: the stops come in order.
        while stretch < len(opens) and opens[stretch] <= punct_start:
            stretch += 1
        if stretch and punct_start <= closes[stretch - 1]:
            continue
        if m.group(1) == ".":
            # Split points come in order: no whitespace before `word_start` is looked at again.
            word_start = _after_last_space(text, word_start, punct_start)
            if word_start < punct_start:
                word = text[word_start:punct_start]
                known = abbreviation.get(word)
                if known is None:
                    known = abbreviation[word] = _is_abbreviation(word)
                if known:
                    continue
        end = m.end(2)
        spans.append(Span(text[start:end].strip(), start, end))
        start = m.end(3)
    if text[start:].strip():
        spans.append(Span(text[start:].strip(), start, len(text.rstrip())))
    return tuple(s for s in spans if s.text)


_THIRD_PARTY_NOUN = re.compile(
    r"\w*(?:organisaties|instellingen|partijen|gemeenten|aanbieders|corporaties|onderzoekers|"
    r"deskundigen|ombudsman|experts|bonden|koepels)\b",
    re.I,
)
_MEMBERS_MENTION = re.compile(r"\b(?:leden|fractie)\b", re.I)


def _subject_is_third_party(sentence: str, previous_text: str) -> bool:
    """'Zij vragen ...' after a sentence about organisations: they ask, not the fraction."""
    if not re.match(r"^(?:Zij|Ze)\b", sentence):
        return False
    return bool(_THIRD_PARTY_NOUN.search(previous_text)) and not _MEMBERS_MENTION.search(
        previous_text
    )


def framed_request(sentence: str) -> bool:
    """The sentence asks in a request frame ("De leden vragen of ...", "Graag vernemen
    deze leden ..."), not merely by opening with an interrogative word: "Hoeveel woningen
    worden verhuurd wordt niet bijgehouden." opens like a question and states a fact."""
    return _indirect(sentence)


def _indirect(sentence: str) -> bool:
    """Any of the _INDIRECT patterns finds a request frame in `sentence`."""
    return bool(_INDIRECT_WORDS.search(sentence)) and any(p.search(sentence) for p in _INDIRECT)


def _cut_question(s: str) -> bool:
    """_CUT_QUESTION finds a cut-off question in the stripped sentence `s`."""
    return bool(s) and s[-1] not in _CUT_QUESTION_NOT_LAST and bool(_CUT_QUESTION.search(s))


def sentence_role(sentence: str, previous: Role | None, previous_text: str = "") -> Role:
    """What a sentence of a fraction's inbreng does; `previous` is the role before it."""
    s = sentence.strip()
    asks = s.endswith("?") or s.endswith("?)")
    if previous in ASKING and (
        FOLLOW_UP.match(s) or (asks and len(s) < 90 and _ELABORATE.match(s))
    ):
        return FOLLOW_UP_ROLE
    if asks or _cut_question(s):
        return QUESTION
    if (
        (_WONDER.search(s) and _THIRD_PARTY_ASKS.match(s))
        or _NOT_A_QUESTION.search(s)
        or _subject_is_third_party(s, previous_text)
    ):
        return STATEMENT
    if _indirect(s):
        return REQUEST
    if _INTERROGATIVE_OPENER.match(s) and not s.endswith(":"):
        return REQUEST
    return STATEMENT
